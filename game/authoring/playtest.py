"""Play-testing content with the headless players: is every decision a real dilemma, and does thinking
ahead pay?

    report = playtest(rules, games=2000, search_games=20, seed=0)     # a PlaytestReport (no printing)

Every policy of game.engine.policies plays the same seeds (game i uses seed `seed + i`; the search player,
expensive, plays the first `search_games` of them). The report gives, for each policy, how often it
reaches the best ending (the ending with the highest bonus), its mean score and its endings, how often
each scored meter sits at its limit when a decision is made, and how often the last turns hold a
decision. The random games also compare the options of every card as the engine applies them (see
`Dominated`). Findings turn the balance targets of the design brief into warnings an instructor can act
on, each with an id, a message and the threshold it missed (the constants below).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field

from game.engine.planning import Draws, apply_held, chance_prefixes
from game.engine.play import play_game
from game.engine.policies import POLICIES, SEARCH_ROLLOUTS, SearchPolicy, policy_rng
from game.engine.rules import Rules

# The policies of the strategy table, in the order it shows them.
STRATEGIES = ("random", "historical", "first", "last", "greedy", "worst", "search")

# The balance targets (BRIEF.md, "Game design"): a finding is raised when one is missed.
SOLVED_SHARE = 0.40  # greedy reaches the best ending in at most this share of games
POSITION_SHARE = 0.20  # always the first (or last) option: at most this share
CARELESS_SHARE = 0.20  # the worst choice one step ahead: at most this share
SEARCH_SHARE = 0.30  # the search player reaches the best ending in at least this share
LOOKAHEAD_MARGIN = 0.15  # ... and this much more often than greedy on the same seeds
ENDING_SHARE = 0.60  # random play: no ending in more than this share of games
METER_LIMIT_SHARE = 0.10  # a scored meter at its limit in at most this share of decisions
LAST_TURNS = 3  # each of a game's last turns holds a decision ...
LAST_TURNS_SHARE = 0.95  # ... in at least this share of games

# The search player's games in `wargame check` by default: a hundredth of the others', at most this many.
SEARCH_GAMES = 20

# Comparing options: states per card (from the random games), samples of chance per option in each, and
# the margin (in meter points) within which two options count as equal on a meter.
DOMINANCE_STATES = 12
DOMINANCE_SAMPLES = 8
DOMINANCE_TOLERANCE = 0.25


@dataclass(frozen=True)
class PolicyStats:
    """How one policy fared. Shares are of games, except `meter_at_limit` (of decisions with a choice)."""

    policy: str
    games: int
    best_ending_share: float
    mean_score: float
    endings: dict[str, int]
    meter_at_limit: dict[str, float]  # scored meter -> share of decisions made with it at its min or max
    meter_at_max: dict[str, float]  # ... at its max (the rest of meter_at_limit is at its min)
    last_turns_share: float  # games whose last LAST_TURNS turns each held a decision with a choice
    decisions: int  # decisions with a choice (two or more legal options), over all games
    seconds: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class Dominated:
    """`option` of `card` is no better than `by` on any meter that counts (scored meters by the sign of
    their weight, other meters by the direction marked good), strictly worse on at least one, and sets
    nothing in motion (flag, delayed effect, follow-up, place, ending) that `by` does not: measured by
    applying both with the engine in the same states of the random games, with the same chance."""

    card: str
    option: str
    by: str
    advantage: dict[str, float]  # meter -> mean meter points `by` does better than `option` (> tolerance)
    states: int


@dataclass(frozen=True)
class Finding:
    id: str
    message: str
    subject: str  # the policy, card:option or meter concerned
    value: float
    threshold: float


@dataclass
class PlaytestReport:
    scenario: str
    content_sha256: str
    seed: int
    games: int
    search_games: int
    rollouts: int
    best_endings: list[str]
    main_meter: str
    ending_titles: dict[str, str]
    policies: dict[str, PolicyStats]
    dominated: list[Dominated]
    findings: list[Finding]
    greedy_on_search_seeds: float | None = None  # greedy's best-ending share on the search player's seeds

    def to_json(self) -> dict:
        """JSON-ready and reproducible (no timings)."""
        out = asdict(self)
        for stats in out["policies"].values():
            stats.pop("seconds")
        return out


def search_games_for(games: int, asked: int | None = None) -> int:
    """The search player's games when the others play `games` (unless `asked`)."""
    return asked if asked is not None else min(SEARCH_GAMES, games // 100)


# --------------------------------------------------------------------------- observing the games


class _Observer:
    """Wraps a policy: counts decisions with a choice, meters at their limits, the turns that held a
    decision; optionally compares the options of each card (the random games)."""

    def __init__(self, policy, rules: Rules, compare: "_Comparison | None" = None):
        self.policy = policy
        self.compare = compare
        limits = [(mid, rules.meters[mid].lo, rules.meters[mid].hi) for mid in rules.score]
        self.limits = limits
        self.at_limit: Counter = Counter()
        self.at_max: Counter = Counter()
        self.decisions = 0
        self.turns: set[int] = set()

    def __call__(self, view, legal, rng):
        if len(legal) > 1:
            self.decisions += 1
            self.turns.add(view.turn)
            meters = view.meters
            for mid, lo, hi in self.limits:
                if meters[mid] >= hi:
                    self.at_limit[mid] += 1
                    self.at_max[mid] += 1
                elif meters[mid] <= lo:
                    self.at_limit[mid] += 1
            if self.compare is not None:
                self.compare.observe(view, legal)
        return self.policy(view, legal, rng)


class _Comparison:
    """Options of the same card applied in the same states with the same chance (turn held back)."""

    def __init__(self, rules: Rules, seed: int):
        self.rules = rules
        self.rng = policy_rng(seed + 0x5EED)
        self.signs = _meter_signs(rules)
        self.states: Counter = Counter()  # card -> states compared
        # (card, a, b) -> [sum of a's advantage per meter over b, states]
        self.pairs: dict[tuple[str, str, str], list] = {}
        self.consequences: dict[tuple[str, str], set] = {}

    def observe(self, view, legal) -> None:
        card = legal[0].card
        if card is None or self.states[card] >= DOMINANCE_STATES:
            return
        self.states[card] += 1
        prefixes = chance_prefixes(self.rng, DOMINANCE_SAMPLES, length=8)
        signs = self.signs
        before = view.meters
        values = {}
        for d in legal:
            gains = dict.fromkeys(signs, 0.0)
            seen = self.consequences.setdefault((card, d.option), set())
            for prefix in prefixes:
                b = apply_held(view, d, Draws(prefix, self.rng))
                for mid, sign in signs.items():
                    gains[mid] += sign * (b.meters[mid] - before[mid])
                seen.update(_consequences(view, b))
            values[d.option] = {mid: g / DOMINANCE_SAMPLES for mid, g in gains.items()}
        for a in legal:
            for b in legal:
                if a is b:
                    continue
                key = (card, a.option, b.option)
                acc = self.pairs.setdefault(key, [dict.fromkeys(signs, 0.0), 0])
                for mid in signs:
                    acc[0][mid] += values[a.option][mid] - values[b.option][mid]
                acc[1] += 1

    def dominated(self) -> list[Dominated]:
        out: dict[tuple[str, str], Dominated] = {}
        for (card, a, b), (sums, n) in sorted(self.pairs.items()):
            if (card, b) in out:
                continue
            mean = {mid: s / n for mid, s in sums.items()}
            if min(mean.values()) < -DOMINANCE_TOLERANCE or max(mean.values()) <= DOMINANCE_TOLERANCE:
                continue
            if not self.consequences.get((card, b), set()) <= self.consequences.get((card, a), set()):
                continue  # b does something a does not: its point may lie there
            advantage = {mid: round(v, 2) for mid, v in mean.items() if v > DOMINANCE_TOLERANCE}
            out[(card, b)] = Dominated(card, b, a, advantage, n)
        return list(out.values())


def _meter_signs(rules: Rules) -> dict[str, float]:
    """+1 where more is better, -1 where less is: scored meters by their weight, the others by the
    direction the content marks good (neutral meters do not count)."""
    signs = {mid: (1.0 if w > 0 else -1.0) for mid, w in rules.score.items() if w}
    for mt in rules.scenario.meters:
        if mt.id not in signs and mt.good in ("high", "low"):
            signs[mt.id] = 1.0 if mt.good == "high" else -1.0
    return signs


def _consequences(view, after) -> set:
    """What applying a decision set in motion besides meters: flags changed, delayed effects scheduled,
    follow-ups queued, places changed, an ending."""
    out = {("flag", f, f in after.flags) for f in set(after.flags) ^ set(view.flags)}
    out.update(("delayed", key) for key in
               (Counter(d[1] for d in after.delayed) - Counter(d[1] for d in view.delayed)))
    out.update(("follow_up", cid) for cid in
               (Counter(c for _, c in after.queued) - Counter(c for _, c in view.queued)))
    out.update(("follow_up", cid) for cid in (Counter(after.pending) - Counter(view.pending[1:])))
    out.update(("place", pid, v) for pid, v in after.places.items() if view.places.get(pid) != v)
    if after.ending is not None and after.ending != view.ending:
        out.add(("ending", after.ending))
    return out


# --------------------------------------------------------------------------- the play-test


def _play(rules: Rules, name: str, policy, seeds: range, best: set[str], compare=None,
          progress=None) -> tuple[PolicyStats, list[bool]]:
    """Play `seeds` with `policy`; the stats and, per game, whether it reached a best ending."""
    started = time.perf_counter()
    endings: Counter = Counter()
    at_limit: Counter = Counter()
    at_max: Counter = Counter()
    decisions = 0
    full_last_turns = 0
    total = 0.0
    reached: list[bool] = []
    for seed in seeds:
        observer = _Observer(policy, rules, compare)
        result = play_game(rules, seed, observer)
        endings[result.ending or "(none)"] += 1
        reached.append(result.ending in best)
        total += result.score
        at_limit.update(observer.at_limit)
        at_max.update(observer.at_max)
        decisions += observer.decisions
        last = range(max(1, result.turns - LAST_TURNS + 1), result.turns + 1)
        full_last_turns += all(t in observer.turns for t in last)
        if progress:
            progress(1)
    games = len(seeds)
    stats = PolicyStats(
        policy=name,
        games=games,
        best_ending_share=round(sum(reached) / games, 4) if games else 0.0,
        mean_score=round(total / games, 2) if games else 0.0,
        endings=dict(endings),
        meter_at_limit={mid: round(at_limit[mid] / decisions, 4) if decisions else 0.0 for mid in rules.score},
        meter_at_max={mid: round(at_max[mid] / decisions, 4) if decisions else 0.0 for mid in rules.score},
        last_turns_share=round(full_last_turns / games, 4) if games else 0.0,
        decisions=decisions,
        seconds=round(time.perf_counter() - started, 3),
    )
    return stats, reached


def playtest(rules: Rules, games: int = 2000, search_games: int = 20, seed: int = 0,
             rollouts: int = SEARCH_ROLLOUTS, strategies=STRATEGIES, progress=None) -> PlaytestReport:
    """Play every strategy and return the report; `progress(n)` is called as games finish (there are
    `games` per strategy, `search_games` for the search player)."""
    best_score = max(e.score for e in rules.endings)
    best = [e.id for e in rules.endings if e.score == best_score]
    main_meter = max(rules.score, key=lambda mid: rules.score[mid])
    comparison = _Comparison(rules, seed)
    policies: dict[str, PolicyStats] = {}
    reached: dict[str, list[bool]] = {}
    for name in strategies:
        if name == "search":
            if search_games < 1:
                continue
            policy, seeds = SearchPolicy(rollouts), range(seed, seed + search_games)
        else:
            policy, seeds = POLICIES[name], range(seed, seed + games)
        policies[name], reached[name] = _play(rules, name, policy, seeds, set(best),
                                              comparison if name == "random" else None, progress)
    greedy_same = None
    if "search" in reached and "greedy" in reached:
        n = len(reached["search"])
        if len(reached["greedy"]) >= n:
            greedy_same = round(sum(reached["greedy"][:n]) / n, 4)
    report = PlaytestReport(
        scenario=rules.id,
        content_sha256=rules.content_hash,
        seed=seed,
        games=games,
        search_games=search_games if "search" in policies else 0,
        rollouts=rollouts,
        best_endings=best,
        main_meter=main_meter,
        ending_titles={e.id: e.title for e in rules.endings},
        policies=policies,
        dominated=comparison.dominated() if "random" in policies else [],
        findings=[],
        greedy_on_search_seeds=greedy_same,
    )
    report.findings = findings(report, rules)
    return report


# --------------------------------------------------------------------------- findings


def findings(report: PlaytestReport, rules: Rules) -> list[Finding]:
    """The balance targets missed, each as a warning an instructor can act on."""
    out: list[Finding] = []
    stats = report.policies
    titles = report.ending_titles
    best = " or ".join(f"'{titles[e]}'" for e in report.best_endings)

    def share(name: str) -> float | None:
        return stats[name].best_ending_share if name in stats and stats[name].games else None

    greedy = share("greedy")
    if greedy is not None and greedy > SOLVED_SHARE:
        out.append(Finding(
            "solved", f"solved: greedy (the best score one step ahead) reaches {best} in {greedy:.0%} of games "
            f"(target: at most {SOLVED_SHARE:.0%}). The best ending needs no planning: give the strongest "
            "options a price that comes later (a delayed cost, a follow-up, a budget), or make the best "
            "ending depend on what is built over several turns.", "greedy", greedy, SOLVED_SHARE))
    for name, which in (("first", "option 1"), ("last", "the last option")):
        value = share(name)
        if value is not None and value > POSITION_SHARE:
            out.append(Finding(
                "option-position", f"option position decides: always choosing {which} reaches {best} in "
                f"{value:.0%} of games (target: at most {POSITION_SHARE:.0%}). The game shows options in a "
                "shuffled order, so this means almost any option leads there: make every option cost "
                "something, and tie the ending to what the choices build up.", name, value, POSITION_SHARE))
    worst = share("worst")
    if worst is not None and worst > CARELESS_SHARE:
        out.append(Finding(
            "careless-wins", f"careless play wins: the worst choice one step ahead still reaches {best} in "
            f"{worst:.0%} of games (target: at most {CARELESS_SHARE:.0%}). Decisions barely matter for the "
            "best ending: tie its condition to meters the decisions move.", "worst", worst, CARELESS_SHARE))
    search = share("search")
    if search is not None:
        n = stats["search"].games
        if search < SEARCH_SHARE:
            out.append(Finding(
                "best-ending-out-of-reach", f"the best ending is out of reach: even the search player "
                f"(looking ahead to the end) reaches {best} in only {search:.0%} of {n} games (target: at "
                f"least {SEARCH_SHARE:.0%}). Loosen its condition or give planning a path to it.",
                "search", search, SEARCH_SHARE))
        if report.greedy_on_search_seeds is not None and search < report.greedy_on_search_seeds + LOOKAHEAD_MARGIN:
            g = report.greedy_on_search_seeds
            out.append(Finding(
                "lookahead-does-not-pay", f"looking ahead does not pay: the search player reaches {best} in "
                f"{search:.0%} of {n} games, greedy in {g:.0%} of the same games (target: "
                f"{LOOKAHEAD_MARGIN * 100:.0f} points more). Add consequences that come later and compound: "
                "delayed effects, follow-ups, costs that build up, thresholds.",
                "search", round(search - g, 4), LOOKAHEAD_MARGIN))
    if "random" in stats and stats["random"].games:
        r = stats["random"]
        top, count = max(r.endings.items(), key=lambda kv: kv[1])
        if count / r.games > ENDING_SHARE:
            out.append(Finding(
                "ending-dominates", f"one ending dominates: random play ends in '{titles.get(top, top)}' in "
                f"{count / r.games:.0%} of games (target: at most {ENDING_SHARE:.0%}). Make the other endings "
                "easier to reach or this one harder.", top, round(count / r.games, 4), ENDING_SHARE))
    for d in report.dominated:
        better = ", ".join(f"{v:.1f} on {mid}" for mid, v in d.advantage.items())
        out.append(Finding(
            "dominated-option", f"option '{d.option}' on card '{d.card}' is dominated by '{d.by}': no better on "
            f"any scored meter, worse by {better}, and nothing of its own set in motion. Give it a benefit of "
            "its own (now or later) or drop it.", f"{d.card}:{d.option}",
            max(d.advantage.values()), DOMINANCE_TOLERANCE))
    for mid in rules.score:
        shares = {name: s.meter_at_limit.get(mid, 0.0) for name, s in stats.items() if s.decisions}
        if not shares:
            continue
        name = max(shares, key=lambda k: shares[k])
        if shares[name] > METER_LIMIT_SHARE:
            meter = rules.meters[mid]
            high = stats[name].meter_at_max.get(mid, 0.0) * 2 >= shares[name]
            limit = f"maximum ({meter.hi})" if high else f"minimum ({meter.lo})"
            out.append(Finding(
                "meter-at-limit", f"meter '{mid}' sits at its {limit} in "
                f"{shares[name]:.0%} of {name}'s decisions (target: under {METER_LIMIT_SHARE:.0%}): changes "
                "to it are lost there and options that move it stop mattering. Start it further from the "
                "limit, soften the effects that push it there, or widen its range.",
                mid, shares[name], METER_LIMIT_SHARE))
    lasts = {name: s.last_turns_share for name, s in stats.items() if s.games}
    if lasts:
        name = min(lasts, key=lambda k: lasts[k])
        if lasts[name] < LAST_TURNS_SHARE:
            out.append(Finding(
                "last-turns-empty", f"the last turns are empty: in {1 - lasts[name]:.0%} of {name}'s games one "
                f"of the last {LAST_TURNS} turns holds no decision (target: a decision in each in at least "
                f"{LAST_TURNS_SHARE:.0%} of games). The final turns should test what was built: add decision "
                "cards whose turns reach the end.", name, lasts[name], LAST_TURNS_SHARE))
    return out
