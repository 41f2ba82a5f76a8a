"""What-if turning points: which of a game's decisions changed the odds, and what would have served best.

    results = analyse(records, WhatIfSettings(rollouts=200, policy="search", jobs=2))  # one GameWhatIf each
    point = turning_point(record)               # the end screen's: the game's largest turning point, or None
    turning_point_sentence(point)               # "Your turning point: turn 3, the Security Council draft"

Every decision with two or more legal options is replayed from the position it was taken in, and each of
its legal options is played out `rollouts` times: a branch of the game whose chance is drawn afresh (a planner
never sees the game's own future draws and rolls: game.engine.planning.branch), the option applied, and the
rest of the game played to its end by a continuation policy:

    search   the search player's cheap rollout policy (game.engine.policies.quick_greedy_policy: at each
             later decision, the option whose own immediate effects score best on one sample of chance).
             NOT the full search player, which runs 300 rollouts per decision (seconds per step).
    random   any legal option, uniformly.

The k-th continuation of every option of a decision draws the same numbers of chance and the same policy
dice (common random numbers: game.engine.planning.Draws), so that the differences between options are the
options' doing, not the dice's. Each option gets its mean final score (the scenario's score, ending bonus
included) with a standard error, the share of continuations ending in each ending, and the share reaching a
best ending (the highest bonus).

Turning points. A decision's **spread** is its best option's mean score minus its worst option's: how far
the choice could move the outcome. The score is the scenario's own measure of doing well, meters and ending
together, on one scale (the best-ending share alone ignores the meters and, a yes or no per continuation,
is noisier). The spread is judged against its noise (two standard errors of the paired differences best -
worst, continuation by continuation): a decision whose spread exceeds it is **significant**, and the
significant decisions with the largest spreads, at most TURNING_POINTS of them and none under MIN_SHARE of
the largest, are the game's turning points, largest first. Ranked by the spread rather than by what the
player's own choice lost: a decision where the player chose well still decided the game, and the report
says, for each, whether the choice was the best (within the noise: `DecisionValue.chose_best`) and which
option would have served best.

These are estimates from simulated continuations, not what would have happened: they say how the options
fared when the rest of the game was played by the continuation policy, from the position the player was in.

Deterministic for a seed: the continuations of decision i draw from generators seeded by (seed, i), whatever
the number of processes (`jobs`) the work is spread over. The seed is the game's own by default; it seeds
new streams, never the game's stream of chance.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import threading
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from typing import Callable, NamedTuple

from game.debrief.schema import (
    CardValues, ClassWhatIf, DecisionValue, GameWhatIf, OptionSummary, OptionValue, StudentTurningPoints,
)
from game.engine.core import Work, legal, step
from game.engine.planning import Draws, branch, chance_prefixes, final_score, play_out
from game.engine.policies import POLICIES, ROLLOUT_PREFIX, random_policy
from game.engine.state import Decision
from game.model.citing import moscow_did

# Continuations per option by default (`wargame debrief --what-if --rollouts N`).
DEFAULT_ROLLOUTS = 200
# The end screen's smaller budget (turning_point): enough to rank the decisions, in about a second.
END_SCREEN_ROLLOUTS = 40
# The continuation policies: who plays the rest of each continuation (for --help and the reports).
CONTINUATIONS = ("search", "random")
CONTINUATION_HELP = {
    "search": "the search player's cheap rollout policy: at each later decision, the option whose own immediate "
              "effects score best on one sample of chance (not the full search player, which would cost seconds "
              "per step)",
    "random": "a player choosing uniformly among the legal options at each later decision",
}
DEFAULT_POLICY = "random"
# At most this many turning points per game ...
TURNING_POINTS = 3
# ... each with a spread of at least this share of the game's largest: with common random numbers a
# difference of one point can be certain, and still not be what the game turned on.
MIN_SHARE = 0.25
# A difference counts when it exceeds this many standard errors.
NOISE_Z = 2.0
# Numbers of the policy's dice shared by the k-th continuation of every option (after them, its own stream).
POLICY_PREFIX = 64


def continuation_policy(name: str):
    """The policy that plays a continuation on: see CONTINUATIONS."""
    if name == "search":
        return POLICIES["search"].rollout_policy
    if name == "random":
        return random_policy
    raise ValueError(f"unknown continuation policy {name!r} (choose {' or '.join(CONTINUATIONS)})")


@dataclass(frozen=True)
class WhatIfSettings:
    """How to run the analysis. `jobs`: 0 runs it in this process; N >= 1 in N other processes (see
    `_context`), so that the caller's thread is free meanwhile."""

    rollouts: int = DEFAULT_ROLLOUTS
    policy: str = DEFAULT_POLICY
    jobs: int = 0
    seed: int | None = None  # None: each game's own seed

    def __post_init__(self):
        if self.rollouts < 2:
            raise ValueError("a what-if needs at least 2 rollouts per option (a standard error needs two)")
        if self.policy not in CONTINUATIONS:
            raise ValueError(f"unknown continuation policy {self.policy!r} (choose {' or '.join(CONTINUATIONS)})")
        if self.jobs < 0:
            raise ValueError("jobs is 0 (this process) or a number of processes")


def default_jobs() -> int:
    """The machine's cores."""
    return os.cpu_count() or 1


# --------------------------------------------------------------------------- the positions


class Position(NamedTuple):
    index: int  # in the game's decision log
    turn: int
    options: list[Decision]  # legal there, in the engine's order


class LogDoesNotReplay(ValueError):
    """A decision of the log is not legal where it falls (the record was not verified)."""


def positions(record) -> list[Position]:
    """The decisions of `record` with two or more legal options, replayed from the start of the game."""
    w = Work.start(record.rules, record.seed, record=False)
    out = []
    for i, d in enumerate(record.log):
        if w.over:
            raise LogDoesNotReplay(f"decision {i + 1} comes after the end of the game")
        options = legal(w)
        if d not in options:
            raise LogDoesNotReplay(f"decision {i + 1} ({d.card}: {d.option}) is not legal where it falls")
        if len(options) > 1:
            out.append(Position(i, w.turn, options))
        step(w, d)
    return out


# --------------------------------------------------------------------------- the continuations


class _Unit(NamedTuple):
    """One option of one decision: the work a process is handed."""

    game: int  # the record's place in the analysis
    index: int
    option: int  # its place among the legal options
    turn: int
    content: str  # content hash: which rules
    game_seed: int
    log: tuple  # the decisions before it
    decision: Decision
    key: str  # seeds the continuations' generators: the same for every option of the decision
    rollouts: int
    policy: str

    @property
    def work(self) -> tuple:
        """What decides the result: everything but where it is reported (game, index, option)."""
        return self[3:]


def _stream_key(seed: int, index: int) -> str:
    return f"kremlins-libya-gambit/what-if/{seed}/{index}"


def continuations(rules, unit: _Unit) -> tuple[list[float], list[str | None]]:
    """Play `unit.decision` on `unit.rollouts` times from its position: (final scores, endings)."""
    w = Work.start(rules, unit.game_seed, record=False)
    for d in unit.log:
        step(w, d)
    policy = continuation_policy(unit.policy)
    rng = random.Random(unit.key)
    chance = chance_prefixes(rng, unit.rollouts, ROLLOUT_PREFIX)
    dice = chance_prefixes(rng, unit.rollouts, POLICY_PREFIX, stratified=0)
    rest_chance = random.Random(unit.key + "/chance")
    rest_dice = random.Random(unit.key + "/dice")
    scores: list[float] = []
    endings: list[str | None] = []
    for k in range(unit.rollouts):
        b = branch(w, Draws(chance[k], rest_chance))
        step(b, unit.decision)
        play_out(b, policy, Draws(dice[k], rest_dice))
        scores.append(final_score(b))
        endings.append(b.ending)
    return scores, endings


_WORKER_RULES: dict = {}


def _worker_init(contents: dict) -> None:
    from game.content import load_embedded

    for key, embedded in contents.items():
        _WORKER_RULES[key] = load_embedded(embedded).rules


def _worker(unit: _Unit) -> tuple[list[float], list[str | None]]:
    return continuations(_WORKER_RULES[unit.content], unit)


def _context():
    """Forked processes when this process runs one thread (the command line: they start in milliseconds);
    spawned ones otherwise (forking a process with threads, like the game's interface, is unsafe), which
    start in about a second (each imports the game and rebuilds the rules)."""
    if threading.active_count() == 1 and "fork" in get_all_start_methods():
        return get_context("fork")
    return get_context("spawn")


def _run(units: list[_Unit], records: list, jobs: int, progress) -> dict[tuple[int, int, int], tuple]:
    """Every unit's continuations, keyed by (game, index, option): the same whatever `jobs`. Units that are
    the same work (students of a class on one fixed seed meet the same first positions) run once."""
    same: dict[tuple, list[_Unit]] = {}
    for u in units:
        same.setdefault(u.work, []).append(u)
    out: dict[tuple[int, int, int], tuple] = {}

    def done(work: _Unit, result: tuple) -> None:
        for u in same[work.work]:
            out[u.game, u.index, u.option] = result
        if progress:
            progress(len(same[work.work]))

    distinct = [group[0] for group in same.values()]
    if jobs < 1 or len(distinct) < 2:
        for u in distinct:
            done(u, continuations(records[u.game].rules, u))
        return out
    contents = {}
    for u in distinct:
        if u.content not in contents:
            contents[u.content] = records[u.game].resolved.embedded
    # the longest continuations (the earliest decisions) first, so that no process is left with them at the end
    ordered = sorted(distinct, key=lambda u: (u.turn, u.game, u.index, u.option))
    with ProcessPoolExecutor(max_workers=min(jobs, len(distinct)), mp_context=_context(),
                             initializer=_worker_init, initargs=(contents,)) as pool:
        futures = {pool.submit(_worker, u): u for u in ordered}
        for future in as_completed(futures):
            done(futures[future], future.result())
    return out


# --------------------------------------------------------------------------- the estimates


def _paired_se(a: list[float], b: list[float]) -> float:
    """Standard error of the mean of the differences a[k] - b[k] (common random numbers pair them)."""
    if a is b:
        return 0.0
    diffs = [x - y for x, y in zip(a, b)]
    return statistics.stdev(diffs) / math.sqrt(len(diffs)) if len(diffs) > 1 else 0.0


def best_endings(rules) -> list[str]:
    """The endings with the highest bonus (as the playtest's strategy table counts them)."""
    top = max((e.score for e in rules.endings), default=None)
    return [e.id for e in rules.endings if e.score == top]


class _Labels:
    """Card titles, option labels and what Moscow did, from a record's content."""

    def __init__(self, record, show_moscow: bool):
        resolved = record.resolved
        self.cards = {c.id: c for c in resolved.scenario.cards}
        self.order = [e.id for e in record.rules.endings]
        self.facts = getattr(resolved, "facts", {}) or {}
        self.sources = getattr(resolved, "sources", {}) or {}
        self.show_moscow = show_moscow

    def title(self, card_id: str) -> str:
        card = self.cards.get(card_id)
        return card.title if card is not None else card_id

    def option(self, card_id: str, option_id: str | None) -> str:
        if option_id is None:
            return "(no choice)"
        card = self.cards.get(card_id)
        return next((o.label for o in card.options if o.id == option_id), option_id) if card else option_id

    def moscow(self, card_id: str) -> tuple[str | None, str | None]:
        card = self.cards.get(card_id)
        if card is None or not self.show_moscow:
            return None, None
        marked = card.moscow_option
        return (marked.id if marked else None), moscow_did(card, self.facts, self.sources)


def _decision_value(labels: _Labels, position: Position, chosen: Decision, results: list[tuple],
                    best: set[str]) -> DecisionValue:
    scores = [r[0] for r in results]
    means = [math.fsum(s) / len(s) for s in scores]
    top = max(range(len(means)), key=lambda j: (means[j], -j))
    low = min(range(len(means)), key=lambda j: (means[j], j))
    mine = position.options.index(chosen)
    card_id = chosen.card
    options = []
    for j, (d, (s, endings)) in enumerate(zip(position.options, results)):
        n = len(s)
        counts = Counter(endings)
        shares = {e: round(counts[e] / n, 3) for e in labels.order if counts.get(e)}
        if counts.get(None):
            shares["(none)"] = round(counts[None] / n, 3)
        options.append(OptionValue(
            d.option, labels.option(card_id, d.option), round(means[j], 2),
            round(statistics.stdev(s) / math.sqrt(n), 2) if n > 1 else 0.0,
            round(sum(c for e, c in counts.items() if e in best) / n, 3), shares, j == mine, j == top))
    spread = means[top] - means[low]
    noise = NOISE_Z * _paired_se(scores[top], scores[low])
    regret = means[top] - means[mine]
    regret_noise = NOISE_Z * _paired_se(scores[top], scores[mine])
    moscow_id, moscow_text = labels.moscow(card_id)
    return DecisionValue(
        index=position.index, turn=position.turn, card_id=card_id, card_title=labels.title(card_id),
        chosen_id=chosen.option, chosen_label=labels.option(card_id, chosen.option),
        best_id=position.options[top].option, best_label=labels.option(card_id, position.options[top].option),
        options=options, spread=round(spread, 2), noise=round(noise, 2), regret=round(regret, 2),
        regret_noise=round(regret_noise, 2), significant=spread > noise, moscow_id=moscow_id,
        moscow_text=moscow_text,
    )


def _by_spread(decisions) -> list[DecisionValue]:
    return sorted(decisions, key=lambda d: (-d.spread, d.index))


def mark_turning_points(decisions: list[DecisionValue]) -> None:
    """Flag the turning points: the significant decisions with the largest spreads (at most TURNING_POINTS,
    none below MIN_SHARE of the largest)."""
    ranked = _by_spread(d for d in decisions if d.significant)
    for d in ranked[:TURNING_POINTS]:
        if d.spread >= MIN_SHARE * ranked[0].spread:
            d.turning_point = True


def turning_points_of(result: GameWhatIf) -> list[DecisionValue]:
    """A game's turning points, largest spread first (earlier first among equals)."""
    return _by_spread(d for d in result.decisions if d.turning_point)


def analyse(records: list, settings: WhatIfSettings = WhatIfSettings(), progress: Callable[[int], None] | None = None,
            show_moscow: bool | None = None) -> list[GameWhatIf]:
    """The what-if analysis of each record (see the module docstring), in their order. `progress(n)` is
    called as each option's batch of continuations finishes (`count_work`). `show_moscow`: say what Moscow
    did (the debrief: True); None follows each record's `reveal_history` (a class pack may keep it for the
    end). A record whose log does not replay is not analysed: its result says so in `note`."""
    plans: list[list[Position] | str] = []
    units: list[_Unit] = []
    for g, record in enumerate(records):
        plan = _plan(record)
        plans.append(plan)
        if isinstance(plan, str):
            continue
        seed = record.seed if settings.seed is None else settings.seed
        key = record.rules.content_hash
        log = list(record.log)
        for p in plan:
            stream = _stream_key(seed, p.index)
            for j, option in enumerate(p.options):
                units.append(_Unit(g, p.index, j, p.turn, key, record.seed, tuple(log[:p.index]), option, stream,
                                   settings.rollouts, settings.policy))
    results = _run(units, records, settings.jobs, progress)
    out = []
    for g, (record, plan) in enumerate(zip(records, plans)):
        seed = record.seed if settings.seed is None else settings.seed
        best = best_endings(record.rules)
        titles = {e.id: e.title for e in record.rules.endings}
        if isinstance(plan, str):
            out.append(GameWhatIf(settings.policy, settings.rollouts, seed, best, titles, [], plan))
            continue
        labels = _Labels(record, record.reveal_history if show_moscow is None else show_moscow)
        decisions = [_decision_value(labels, p, record.log[p.index],
                                     [results[g, p.index, j] for j in range(len(p.options))], set(best))
                     for p in plan]
        mark_turning_points(decisions)
        out.append(GameWhatIf(settings.policy, settings.rollouts, seed, best, titles, decisions))
    return out


def _plan(record) -> list[Position] | str:
    """The positions to analyse, or why there are none."""
    if not getattr(record, "verified", True):
        return "not analysed: the save's log no longer replays (it is told from the turns it recorded)"
    try:
        return positions(record)
    except LogDoesNotReplay as exc:
        return f"not analysed: {exc}"


def count_work(records: list) -> tuple[int, int]:
    """(decisions, options) `analyse` values for `records`: it runs one batch of continuations per option,
    and calls `progress` once per batch (replaying the logs to count them costs milliseconds)."""
    found = [p for r in records for plan in [_plan(r)] if not isinstance(plan, str) for p in plan]
    return len(found), sum(len(p.options) for p in found)


# --------------------------------------------------------------------------- the end screen


def turning_point(record, rollouts: int = END_SCREEN_ROLLOUTS, policy: str = DEFAULT_POLICY,
                  jobs: int = 1) -> DecisionValue | None:
    """The game's largest turning point, or None when no decision moved the odds beyond the noise (or the
    game had no real choice). For the end screen: call it from a worker; `jobs` 1 runs the continuations in
    one other process (spawned, since the caller has threads), so that the interface's thread is not held
    up; 0 runs them in the caller's thread. About half a second of CPU for a whole 15-turn game at the
    default budget, plus about a second to spawn the process (bench/bench_whatif.py)."""
    [result] = analyse([record], WhatIfSettings(rollouts, policy, jobs))
    ranked = turning_points_of(result)
    return ranked[0] if ranked else None


def turning_point_sentence(point: DecisionValue, detail: bool = False) -> str:
    """"Your turning point: turn 3, the Security Council draft"; with `detail`, what was chosen beside what
    would have served best."""
    head = f"Your turning point: turn {point.turn}, {_the(point.card_title)}"
    if not detail:
        return head
    return f"{head}. {choice_sentence(point)}"


def choice_sentence(point: DecisionValue, subject: str = "You") -> str:
    """'You chose “Abstain”; “Veto” would have served best (+12.3 points on average)' or 'You chose “Veto”,
    the best option here'; `subject` "" gives 'chose ...' (for a line already naming the student)."""
    chose = f"{subject} chose" if subject else "chose"
    if point.chose_best:
        best = "the best option here" if point.chosen_id == point.best_id else "as good as the best within the noise"
        return f"{chose} “{point.chosen_label}”, {best}"
    return (f"{chose} “{point.chosen_label}”; “{point.best_label}” would have served best "
            f"(+{point.regret:.1f} points on average)")


def method(policy: str, rollouts: int) -> str:
    """How the estimates were made and what they mean, for the reports."""
    return (f"Each option of each decision was played out {rollouts} times from the position the decision was "
            f"taken in, with fresh chance, the rest of the game by {CONTINUATION_HELP[policy]} (“{policy}” "
            f"continuations). These are estimates from simulated continuations, not what would have happened. "
            f"A decision's spread is its best option's mean score minus its worst's; it is a turning point when "
            f"the spread exceeds its noise (two standard errors) and is among the game's {TURNING_POINTS} largest "
            f"(and at least {MIN_SHARE:.0%} of the largest). "
            f"± is a standard error.")


def class_method(what_if: ClassWhatIf) -> str:
    """`method`, and how a class's positions are put together."""
    return (method(what_if.policy, what_if.rollouts) + " For a class, each student's decision is analysed from the "
            "position that student was in; an option's estimated score and how far it fell behind the best option "
            "at the same position are averaged over the positions where it was legal; “best at” counts the "
            "positions where it came out best.")


def ending_mix(shares: dict[str, float], titles: dict[str, str], top: int = 3) -> str:
    """"Haftar's patron 62% · The broker 30% · others 8%": the endings continuations reached, most often
    first, the `top` most frequent by name."""
    order = list(titles)
    ranked = sorted(shares.items(), key=lambda kv: (-kv[1], order.index(kv[0]) if kv[0] in order else len(order)))
    shown = [f"{titles.get(e, 'no ending (cut off)' if e == '(none)' else e)} {share:.0%}" for e, share in ranked[:top]]
    rest = math.fsum(share for _, share in ranked[top:])
    return " · ".join(shown + ([f"others {rest:.0%}"] if rest > 0 else []))


def best_ending_title(what_if: GameWhatIf) -> str:
    """The best ending's title (several, when they share the highest bonus)."""
    return " or ".join(what_if.ending_titles.get(e, e) for e in what_if.best_endings)


def decision_values(game) -> dict[int, tuple[DecisionValue, int | None]] | None:
    """For the timeline of a game report: each analysed decision by its place in the game's log, with its
    rank among the turning points (1 = the largest; None when it is not one). None when the game has no
    what-if (not asked for, or not analysed)."""
    w = game.what_if
    if w is None or w.note:
        return None
    ranks = {v.index: n for n, v in enumerate(game.turning_points or [], 1)}
    return {v.index: (v, ranks.get(v.index)) for v in w.decisions}


def _the(title: str) -> str:
    """A card title as the object of a sentence: 'The Security Council draft' -> 'the Security Council draft'."""
    first, _, rest = title.partition(" ")
    if first in ("The", "A", "An") and rest:
        return f"{first.lower()} {rest}"
    return title


# --------------------------------------------------------------------------- a class


def class_what_if(games: list, cards: dict) -> ClassWhatIf | None:
    """The class's view of its games' analyses (GameReports with `what_if`): each card's options over every
    position a student met the card in, and each student's turning points. A position is one student's
    decision, analysed from that student's own game (the same card met in different states is worth
    different things); an option's `mean_score` and `behind_best` are means over the positions where it was
    legal, `best_at` counts the positions where it came out best. A what-if game (a fork) counts from the
    turn it was forked at, as the class comparison counts it. `cards`: the scenario's cards by id."""
    analysed = [g for g in games if g.what_if is not None]
    if not analysed:
        return None
    met: dict[str, list] = {}
    first: dict[str, tuple[int, int]] = {}
    for n, g in enumerate(analysed):
        since = g.fork_of["turn"] if g.fork_of else 0
        for d in g.what_if.decisions:
            if d.turn < since:
                continue
            met.setdefault(d.card_id, []).append(d)
            first[d.card_id] = min(first.get(d.card_id, (d.turn, n)), (d.turn, n))
    out = []
    for card_id in sorted(met, key=lambda c: first[c]):
        decisions = met[card_id]
        card = cards.get(card_id)
        marked = card.moscow_option.id if card is not None and card.moscow_option is not None else None
        ids = [o.id for o in card.options] if card is not None else []
        ids += [o.id for d in decisions for o in d.options if o.id not in ids]
        options = []
        for oid in dict.fromkeys(ids):
            seen = [(d, o) for d in decisions for o in d.options if o.id == oid]
            label = seen[0][1].label if seen else next((o.label for o in card.options if o.id == oid), str(oid))
            best = {id(d): max(o.mean_score for o in d.options) for d, _ in seen}
            options.append(OptionSummary(
                oid, label, oid is not None and oid == marked, sum(d.chosen_id == oid for d in decisions), len(seen),
                _mean([o.mean_score for _, o in seen]), _mean([best[id(d)] - o.mean_score for d, o in seen]),
                sum(o.best for _, o in seen), _mean([o.best_ending_share for _, o in seen], 3)))
        out.append(CardValues(card_id, decisions[0].card_title, len(decisions),
                              _mean([d.spread for d in decisions]) or 0.0, options))
    students = [StudentTurningPoints(g.label, g.player, list(g.turning_points or []), g.what_if.note) for g in analysed]
    return ClassWhatIf(analysed[0].what_if.policy, analysed[0].what_if.rollouts, out, students)


def _mean(values: list[float], digits: int = 2) -> float | None:
    return round(math.fsum(values) / len(values), digits) if values else None
