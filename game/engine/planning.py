"""Looking ahead without peeking: branches of a game whose future chance is drawn afresh.

The engine's RNG is one deterministic stream per game, so a plain copy of the current state would replay
the game's real future (the next card drawn, the next roll). A planner must instead ask "what may happen
if I do this?": `branch(view, draws)` gives the same situation (every meter, flag, card in hand, effect
in flight) with its chance replaced by numbers the planner supplies. `Draws` hands a branch a prefix of
numbers followed by the planner's own stream; giving the same prefix to every option compared (common
random numbers) makes the differences between options the options' doing, not the dice's.

`play_out` plays a working state to its end with a policy: the headless loop (game.engine.play) and the
planners' rollouts run the same code.
"""

from __future__ import annotations

import random
from functools import partial
from itertools import chain

from game.engine.core import Work, legal, step
from game.engine.state import RngCursor

# A game that has not ended after this many decisions per turn is a content bug (a card loop); stop it.
MAX_DECISIONS_PER_TURN = 200


class Draws:
    """A branch's chance: `prefix` first, then the planner's own `rest` stream.

    Only `random()` is on the hot path (it is what the engine draws from); any other method of a
    `random.Random` is served by `rest`, so that engine code calling one keeps working on a branch.
    """

    __slots__ = ("random", "_rest")

    def __init__(self, prefix, rest: random.Random):
        self._rest = rest
        self.random = partial(next, chain(prefix, iter(rest.random, None)))

    def __getattr__(self, name: str):
        return getattr(self._rest, name)


# Work's fields copied by hand below (the hot path: planners branch thousands of times per decision).
_COPIED = frozenset(("rules", "seed", "turn", "meters", "flags", "places", "places_own", "seen", "chosen",
                     "pending", "queued", "delayed", "ending", "over", "closing", "events", "cursor"))
# Any field the engine adds later is copied one level deep, as Work.of copies a State's containers.
_OTHER = tuple(name for name in Work.__slots__ if name not in _COPIED)


def branch(view, draws) -> Work:
    """A mutable copy of a State or a Work (the engine's views of a game) whose future chance comes from
    `draws` (a `Draws` or a `random.Random`) instead of the game's own stream. Nothing is recorded."""
    if isinstance(view, Work):
        w = Work.__new__(Work)
        w.rules = view.rules
        w.seed = view.seed
        w.turn = view.turn
        w.meters = dict(view.meters)
        w.flags = set(view.flags)
        w.places = view.places  # copied on first write
        w.places_own = False
        w.seen = set(view.seen)
        w.chosen = dict(view.chosen)
        w.pending = list(view.pending)
        w.queued = list(view.queued)
        w.delayed = list(view.delayed)
        w.ending = view.ending
        w.over = view.over
        w.closing = view.closing
        w.events = None
        for name in _OTHER:
            value = getattr(view, name)
            if type(value) in (dict, set, list):
                value = type(value)(value)
            setattr(w, name, value)
    else:
        w = Work.of(view, record=False)
    cursor = RngCursor.__new__(RngCursor)
    cursor.seed = None
    cursor.pos = 0
    cursor.rng = draws
    w.cursor = cursor
    return w


# Stands in the queue behind the decided card so that `step` resolves it and stops there: the turn's end
# (its delayed effects, checks and next draws) is held back. Never a card id, never seen by a policy.
_HOLD = "\0held"


def apply_held(view, decision, draws) -> Work:
    """`decision` applied on a branch (see `branch`) with the rest of the turn held back: the state right
    after the card's and the option's own effects, chances included, before anything else happens."""
    w = branch(view, draws)
    w.pending.append(_HOLD)
    step(w, decision)
    if _HOLD in w.pending:  # (an option's immediate follow-up may have queued behind it)
        w.pending.remove(_HOLD)
    return w


def chance_prefixes(rng: random.Random, samples: int, length: int, stratified: int = 8) -> list[list[float]]:
    """`samples` prefixes of `length` uniform numbers in [0, 1). The first `stratified` positions form a
    Latin hypercube: across the samples, each position's values fall one in each of `samples` equal
    strata, so a few samples already see a 50% roll succeed about half the time."""
    rand = rng.random
    out = [[rand() for _ in range(length)] for _ in range(samples)]
    for position in range(min(stratified, length)):
        strata = list(range(samples))
        rng.shuffle(strata)
        for sample, stratum in enumerate(strata):
            out[sample][position] = (stratum + out[sample][position]) / samples
    return out


_SCORING: dict[int, tuple] = {}


def final_score(w) -> float:
    """The score of a working state: the sum game.engine.core.score_of reckons (weighted meters, plus the
    ending's bonus once there is one), without its rounded breakdown (planners sum it thousands of times
    per decision)."""
    rules = w.rules
    cached = _SCORING.get(id(rules))
    if cached is None or cached[0] is not rules:
        if len(_SCORING) > 32:
            _SCORING.clear()
        cached = _SCORING[id(rules)] = (rules, tuple(rules.score.items()), {e.id: e.score for e in rules.endings})
    meters = w.meters
    total = sum([weight * meters[mid] for mid, weight in cached[1]])
    return total + cached[2].get(w.ending, 0) if w.ending is not None else total


def play_out(w: Work, policy, rng: random.Random, decisions: list | None = None) -> Work:
    """Play `w` on to the end with `policy` (its choices drawn from `rng`); `decisions`, when given,
    receives each (card, option). A game stuck in a card loop is cut off (see MAX_DECISIONS_PER_TURN)."""
    limit = MAX_DECISIONS_PER_TURN * (w.rules.turns + 1)
    count = 0
    while not w.over:
        d = policy(w, legal(w), rng)
        if decisions is not None:
            decisions.append((d.card, d.option))
        step(w, d)
        count += 1
        if count > limit:
            break
    return w
