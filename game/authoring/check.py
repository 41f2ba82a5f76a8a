"""Balance-testing content: ChoiceScript's randomtest and quicktest in one.

    report = check(resolved, games=2000, seed=0)      # a CheckReport; report.to_json() for JSON

1. **Random games** (randomtest): `games` games with the random policy, every event recorded. They give the
   ending shares, the mean game length, how often each card is drawn, and each card's mean effect on every
   meter (the mean change, over the games in which the card was resolved, of every meter event whose cause
   goes back to that card: its own effects, its option's, their chances, delayed effects and reactions).
2. **Coverage** (quicktest): games with a policy that takes options not yet taken whenever one is legal,
   until every option is taken or new games stop finding any. An option seen legal but never taken is then
   applied from a replay of the game where it was legal, so that it is actually exercised.
3. **Seeking**: for whatever is still missing (a card never drawn, an option never available, an ending
   never reached), games with a policy that steers towards the missing thing's condition (meters towards
   the wanted range, flags, choices and follow-ups that lead there).

Whatever no game found is reported: cards never drawn, options never available, endings never reached.
Every game goes through the engine's own headless loop (game.engine.play.play_game).
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from game.engine import apply, new_game
from game.engine.play import play_game
from game.engine.policies import random_policy
from game.engine.state import Decision
from game.engine.vocabulary import Goal, Sketch  # what steering wants, what an option does: per kind, there
from game.model import content as m
from game.model.events import PARENT_CAUSES, CardCause, CostCause, MeterChanged, OptionCause, decode_all
from game.model.report import JsonReport

COVERAGE_PATIENCE = 150  # coverage games in a row that find nothing new before giving up
SEEK_GAMES = 150  # at most this many games steering towards each missing card, option or ending
SEEK_EPSILON = 0.15  # share of random moves while steering (keeps the search from repeating itself)


def root_card(cause) -> str | None:
    """The card an event's cause goes back to (its effects, its options', their costs, chances, delays,
    reactions and the thresholds they crossed), or None for the turn sequence itself (a meter's drift)."""
    while isinstance(cause, PARENT_CAUSES):
        cause = cause.parent
    return cause.card if isinstance(cause, (CardCause, OptionCause, CostCause)) else None


# --------------------------------------------------------------------------- the report


@dataclass
class EndingShare:
    title: str
    games: int  # random games that reached it
    share: float


@dataclass
class CardStats:
    title: str
    from_: str  # the id of the file (scenario or deck) the card comes from
    drawn_share: float  # of the random games
    resolved_games: int  # random games in which it was resolved
    options: dict[str, int]  # option -> random games that took it


@dataclass
class OptionRef:
    card: str
    option: str


@dataclass
class CheckReport(JsonReport):
    """What `check` found (`wargame check --format json` prints `to_json()`)."""

    scenario: str
    decks: list[str]
    content_sha256: str
    seed: int
    games: int
    coverage_games: int
    seek_games: int
    replayed_options: int
    seconds: float
    random_seconds: float
    ok: bool  # every card drawn, every option taken, every ending reached
    cards_never_drawn: list[str]
    options_never_available: list[OptionRef]
    endings_never_reached: list[str]
    endings: dict[str, EndingShare]
    mean_turns: float
    cards: dict[str, CardStats]
    meters: dict[str, str]  # id -> name
    card_effects: dict[str, dict[str, float | None]]  # card -> meter -> mean change per game it was resolved in
    warnings: list[str] = field(default_factory=list)  # the content's warnings (the command adds them)
    playtest: dict | None = None  # the headless players' strategy table (game.authoring.playtest), as JSON


# --------------------------------------------------------------------------- what the games found


@dataclass
class Found:
    drawn: set[str] = field(default_factory=set)
    taken: set[tuple[str, str]] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    # option legal in some game but not taken there: (seed, decisions before it) to replay it from
    witnesses: dict[tuple[str, str], tuple[int, list]] = field(default_factory=dict)

    def add(self, result) -> bool:
        """Record a finished game; True when it found something new."""
        before = (len(self.drawn), len(self.taken), len(self.endings))
        self.drawn.update(result.drawn)
        self.taken.update((c, o) for c, o in result.decisions if c is not None and o is not None)
        if result.ending:
            self.endings.add(result.ending)
        return (len(self.drawn), len(self.taken), len(self.endings)) != before


class Recorder:
    """Wraps a policy: notes options that were legal but not taken, with where to replay them from."""

    def __init__(self, found: Found, choose):
        self.found = found
        self.choose = choose
        self.seed = 0
        self.steps = 0
        self.pending: list[tuple[tuple[str, str], int]] = []

    def start(self, seed: int) -> None:
        self.seed, self.steps, self.pending = seed, 0, []

    def __call__(self, view, legal, rng):
        d = self.choose(view, legal, rng)
        if len(legal) > 1:
            for other in legal:
                key = (other.card, other.option)
                if other != d and other.option is not None and key not in self.found.taken \
                        and key not in self.found.witnesses:
                    self.pending.append((key, self.steps))
        self.steps += 1
        return d

    def finish(self, result) -> None:
        for key, step in self.pending:
            if key not in self.found.taken and key not in self.found.witnesses:
                self.found.witnesses[key] = (self.seed, list(result.decisions[:step]))


# --------------------------------------------------------------------------- policies


def coverage_policy(found: Found):
    """Take an option not yet taken whenever one is legal; otherwise play at random."""

    def choose(view, legal, rng):
        if len(legal) > 1:
            fresh = [d for d in legal if d.option is not None and (d.card, d.option) not in found.taken]
            if fresh:
                return fresh[int(rng.random() * len(fresh))]
        return random_policy(view, legal, rng)

    return choose


def seek_policy(goal: Goal, sketches: dict[tuple[str, str], Sketch]):
    """Greedy towards the goal, with a share of random moves."""

    def score(view, d: Decision) -> float:
        s = sketches.get((d.card, d.option))
        if s is None:
            return 0.0
        total = 0.0
        for mid, lo, hi in goal.meters:
            now = view.meters.get(mid)
            delta = s.meters.get(mid, 0.0)
            if now is None or not delta:
                continue
            if now < lo:
                total += delta
            elif now > hi:
                total -= delta
            elif not lo <= now + delta <= hi:
                total -= abs(delta) / 2  # inside the range: stay there
        total += 100 * len(goal.flags & s.flags) - 100 * len(goal.no_flags & s.flags)
        total += 100 * len(goal.flags & s.cleared) * -1 + 100 * len(goal.no_flags & s.cleared)
        total += 200 * ((d.card, d.option) in goal.choices)
        total += 100 * len(goal.cards & s.cards) + 100 * len(goal.holds & s.holds)
        total += 100 * len(goal.contested & s.contested) + 500 * len(goal.endings & s.endings)
        total -= 500 * len(s.endings - goal.endings)  # do not end the game on the way
        for key, lo, hi in goal.memory:  # what an actor should remember (counts, as meters are ranges)
            delta = s.memory.get(key, 0.0)
            now = view.memory.get(key, 0)
            if delta and now < lo:
                total += 20 * delta
            elif delta and now > hi:
                total -= 20 * delta
        return total

    def choose(view, legal, rng):
        if len(legal) == 1 or rng.random() < SEEK_EPSILON:
            return random_policy(view, legal, rng)
        scored = [(score(view, d), rng.random(), d) for d in legal]
        return max(scored)[2]

    return choose


# --------------------------------------------------------------------------- the whole check


def check(resolved, games: int = 2000, seed: int = 0, progress=None) -> CheckReport:
    """Play the games and return the report (see `wargame check --format json`)."""
    rules = resolved.rules
    sc: m.Scenario = resolved.scenario
    cards = {c.id: c for c in sc.cards}
    meters = [mt.id for mt in sc.meters]
    started = time.perf_counter()
    found = Found()

    # 1. random games, every event recorded
    endings: Counter = Counter()
    drawn_in: Counter = Counter()
    resolved_in: Counter = Counter()
    effect_sum: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    taken_random: Counter = Counter()
    turns: list[int] = []
    recorder = Recorder(found, random_policy)
    for s in range(seed, seed + games):
        recorder.start(s)
        result = play_game(rules, s, recorder, keep_decisions=True, record=True)
        recorder.finish(result)
        found.add(result)
        endings[result.ending or "(none)"] += 1
        turns.append(result.turns)
        drawn_in.update(result.drawn)
        taken_random.update((c, o) for c, o in result.decisions if c is not None and o is not None)
        for ev in decode_all(result.events, only=(MeterChanged,)):
            card = root_card(ev.cause)
            if card is not None and ev.after != ev.before:
                effect_sum[card][ev.meter] += ev.after - ev.before
        resolved_in.update({c for c, _ in result.decisions if c is not None})  # the cards resolved in this game
        if progress:
            progress(1)
    random_seconds = time.perf_counter() - started

    # 2. coverage: every option at least once
    options = [(c.id, o.id) for c in sc.cards for o in c.options]
    coverage_games = 0
    next_seed = seed + games
    recorder = Recorder(found, coverage_policy(found))
    idle = 0
    budget = max(games, 500)
    while coverage_games < budget and idle < COVERAGE_PATIENCE and not _complete(found, options, cards, sc):
        recorder.start(next_seed)
        result = play_game(rules, next_seed, recorder, keep_decisions=True)
        recorder.finish(result)
        idle = 0 if found.add(result) else idle + 1
        coverage_games += 1
        next_seed += 1
    replayed = _replay_witnesses(rules, found)

    # 3. seeking what is still missing
    sketches = {(c.id, o.id): _sketch(o, sc.budget) for c in sc.cards for o in c.options}
    sketches.update({(c.id, None): Sketch().take(c.effects) for c in sc.cards if not c.options})
    seek_games = 0
    seek_budget = max(games, 300)  # in all: a deck with much dead content should not take forever
    for target in _missing(found, options, cards, sc):
        goal = _goal_for(target, cards, sc)
        recorder = Recorder(found, seek_policy(goal, sketches))
        for _ in range(min(SEEK_GAMES, seek_budget - seek_games)):
            if _is_found(target, found):
                break
            recorder.start(next_seed)
            result = play_game(rules, next_seed, recorder, keep_decisions=True)
            recorder.finish(result)
            found.add(result)
            seek_games += 1
            next_seed += 1
    replayed += _replay_witnesses(rules, found)
    elapsed = time.perf_counter() - started

    never_drawn = [cid for cid in cards if cid not in found.drawn]
    never_available = [OptionRef(c, o) for c, o in options if (c, o) not in found.taken and c in found.drawn]
    never_reached = [e.id for e in sc.endings if e.id not in found.endings]
    titles = {e.id: e.title for e in sc.endings}
    effects = {}
    for cid in cards:
        n = resolved_in.get(cid, 0)
        sums = effect_sum.get(cid, {})
        effects[cid] = {mid: round(sums.get(mid, 0.0) / n, 3) if n else None for mid in meters}
    origin = _origins(resolved)
    return CheckReport(
        scenario=sc.id,
        decks=list(resolved.deck_ids),
        content_sha256=resolved.content_hash,
        seed=seed,
        games=games,
        coverage_games=coverage_games,
        seek_games=seek_games,
        replayed_options=replayed,
        seconds=round(elapsed, 3),
        random_seconds=round(random_seconds, 3),
        ok=not (never_drawn or never_available or never_reached),
        cards_never_drawn=never_drawn,
        options_never_available=never_available,
        endings_never_reached=never_reached,
        endings={eid: EndingShare(titles.get(eid, eid), endings.get(eid, 0),
                                  round(endings.get(eid, 0) / games, 4) if games else 0.0)
                 for eid in [*titles, *(k for k in endings if k not in titles)]},
        mean_turns=round(math.fsum(turns) / len(turns), 3) if turns else 0.0,
        cards={cid: CardStats(cards[cid].title, origin.get(cid, sc.id),
                              round(drawn_in.get(cid, 0) / games, 4) if games else 0.0, resolved_in.get(cid, 0),
                              {o.id: taken_random.get((cid, o.id), 0) for o in cards[cid].options})
               for cid in cards},
        meters={mt.id: mt.name for mt in sc.meters},
        card_effects=effects,
    )


def _complete(found: Found, options, cards, sc) -> bool:
    return (len(found.drawn) >= len(cards) and all(o in found.taken for o in options)
            and all(e.id in found.endings for e in sc.endings))


def _missing(found: Found, options, cards, sc) -> list[tuple]:
    out: list[tuple] = [("card", cid) for cid in cards if cid not in found.drawn]
    out += [("option", c, o) for c, o in options if (c, o) not in found.taken]
    out += [("ending", e.id) for e in sc.endings if e.id not in found.endings]
    return out


def _is_found(target: tuple, found: Found) -> bool:
    if target[0] == "card":
        return target[1] in found.drawn
    if target[0] == "option":
        return (target[1], target[2]) in found.taken
    return target[1] in found.endings


def _goal_for(target: tuple, cards: dict[str, m.Card], sc: m.Scenario) -> Goal:
    goal = Goal()
    if target[0] == "card":
        card = cards[target[1]]
        goal.cards.add(card.id)
        if card.when is not None:
            goal.want(card.when)
    elif target[0] == "option":
        card = cards[target[1]]
        option = next(o for o in card.options if o.id == target[2])
        goal.choices.add((card.id, option.id))
        goal.cards.add(card.id)
        if card.when is not None:
            goal.want(card.when)
        if option.when is not None:
            goal.want(option.when)
        least = option.cost_range()[0]
        if sc.budget is not None and least:
            goal.meters.append((sc.budget, least, math.inf))  # save up for it
    else:
        ending = next(e for e in sc.endings if e.id == target[1])
        goal.endings.add(ending.id)
        if ending.when is not None:
            goal.want(ending.when)
    return goal


def _sketch(option: m.Option, budget: str | None) -> Sketch:
    """What an option does roughly, its cost included (a fall of the budget)."""
    s = Sketch().take(option.effects)
    if budget is not None and option.cost:
        s.meters[budget] = s.meters.get(budget, 0.0) - option.cost
    return s


def _replay_witnesses(rules, found: Found) -> int:
    """Apply each option that was legal somewhere but never taken, from a replay of that game."""
    done = 0
    for key, (seed, decisions) in list(found.witnesses.items()):
        if key in found.taken:
            continue
        state = new_game(rules, seed)
        try:
            for d in decisions:
                state, _ = apply(state, Decision(*d))
            state, _ = apply(state, Decision(*key))
        except ValueError:  # IllegalDecision: the replay went elsewhere (should not happen)
            continue
        found.taken.add(key)
        found.drawn.add(key[0])
        done += 1
    return done


def _origins(resolved) -> dict[str, str]:
    """Card id -> id of the file (deck or scenario) that wrote the card as played."""
    from game.content.lint import Places

    places = Places(getattr(resolved, "paths", None) or [], resolved.scenario.id)
    out = {}
    for cid, (doc, _) in places.cards.items():
        out[cid] = doc.id or str(doc.shown)
    return out

