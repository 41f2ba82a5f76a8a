"""Compile validated content into plain, fast rules.

The pydantic models are the boundary; the engine runs on what this module builds: tuples, dicts and small
closures (no eval, no strings of code). Conditions become ``f(view) -> bool``; effects become ops
``op(work, cause)`` that change the working state and emit events naming their cause. Each kind's closure
is written once, in game.engine.vocabulary.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import permutations
from typing import Callable, NamedTuple

from game.model import content as m


class Decision(NamedTuple):
    """The player's answer to the card at the head of the turn: an option id, or None to continue
    (event cards, and turns without cards, where `card` is None too)."""

    card: str | None
    option: str | None = None

# Event kinds of the raw tuples the ops record (game.model.events turns them into typed records).
DRAW = "draw"
DECISION = "decision"
METER = "meter"
FLAG = "flag"
PLACE = "place"
CHANCE = "chance"
SCHEDULED = "scheduled"
DELAYED = "delayed"
FOLLOW_UP = "follow_up"
REACT = "react"
ENDING = "ending"
TURN = "turn"
THRESHOLD = "threshold"
MEMORY = "memory"
RECURRING_END = "recurring_end"

# cards of up to this many options have every order of them worked out when compiled (720 for 6); a card
# with more works its order out when drawn (game.engine.core.option_order)
ORDER_TABLE = 6
# the range of games' order keys and cards' salts: a multiple of n! for every n up to ORDER_TABLE, so that
# each order of a card's options is exactly as likely (game.engine.core.order_key)
ORDER_SLOTS = 720 * 6

Cond = Callable[[object], bool]
Op = Callable[[object, tuple], None]


@dataclass(frozen=True, slots=True, eq=False)
class OptionRules:
    id: str
    label: str
    historical: bool
    irreversible: bool
    cond: Cond | None  # its `when`
    ops: tuple[Op, ...]
    cost: int = 0  # spent from the budget when chosen (before surcharges)
    surcharges: tuple[tuple[Cond, int, str], ...] = ()  # (when, add, why)
    costly: bool = False  # it has a cost or surcharges

    def surcharges_now(self, view) -> tuple[tuple[int, str], ...]:
        """The (add, why) surcharges that apply in `view`."""
        return tuple((add, why) for cond, add, why in self.surcharges if cond(view))

    def cost_now(self, view) -> int:
        """What choosing it costs in `view`: the cost plus the surcharges that apply, never below 0."""
        total = self.cost
        for cond, add, _why in self.surcharges:
            if cond(view):
                total += add
        return total if total > 0 else 0


@dataclass(frozen=True, slots=True, eq=False)
class CardRules:
    id: str
    title: str
    draw: str
    weight: float
    first: int
    last: int
    repeatable: bool
    cond: Cond | None
    ops: tuple[Op, ...]
    options: tuple[OptionRules, ...]
    # precomputed for the hot loop: option id -> rules, and (decision, legality) pairs in the content's order
    # (the legality: the option's `when` and whether the budget covers its cost; None when always legal)
    by_option: dict = field(default_factory=dict)
    choices: tuple = ()
    unconditional: bool = True
    salt: int = 0  # mixed with a game's key into the order its options are shown in (game.engine.core.legal)
    orders: tuple = ()  # every order of `choices`, lexicographic (cards of up to ORDER_TABLE options)

    @property
    def is_decision(self) -> bool:
        return bool(self.options)


@dataclass(frozen=True, slots=True)
class EndingRules:
    id: str
    title: str
    sudden: bool
    score: int
    cond: Cond | None


@dataclass(frozen=True, slots=True)
class MeterRules:
    id: str
    name: str
    lo: int
    hi: int
    start: int
    above: int | None = None  # soft limits: gains landing above count half (game.engine.meters)
    below: int | None = None  # losses landing below count half
    drift_to: int | None = None  # at the end of every turn, `drift_by` toward this
    drift_by: int = 0
    watched: bool = False  # some threshold is drawn on it
    drift_cause: tuple = ()  # the raw cause of its drift, built once

    @property
    def soft(self) -> bool:
        return self.above is not None or self.below is not None


@dataclass(frozen=True, slots=True, eq=False)
class ThresholdRules:
    id: str
    meter: str
    line: int
    rising: bool  # `above` (fires on the way up) or `below`
    rearm: int | None
    actor: str | None
    ops: tuple[Op, ...]


@dataclass(slots=True)
class Rules:
    """Everything the engine needs, compiled once per resolved scenario."""

    scenario: m.Scenario
    id: str
    title: str
    turns: int
    turn_days: int
    start: date
    draws_per_turn: int
    meters: dict[str, MeterRules]
    places: dict[str, tuple[str, bool]]
    cards: dict[str, CardRules]
    endings: tuple[EndingRules, ...]
    score: dict[str, float]
    sudden_endings: tuple[EndingRules, ...] = ()
    final_endings: tuple[EndingRules, ...] = ()
    delayed: list[tuple[str, tuple[Op, ...]]] = field(default_factory=list)  # key -> (label, ops)
    # delayed keys that recur: key -> (its `while`, or None; every how many turns)
    recurring: dict[int, tuple[Cond | None, int]] = field(default_factory=dict)
    fixed_by_turn: tuple[tuple[CardRules, ...], ...] = ()
    random_by_turn: tuple[tuple[CardRules, ...], ...] = ()
    content_hash: str = ""
    budget: str | None = None  # the meter options' costs are spent from
    display: str = "estimates"  # what options show before they are chosen (game.engine.explain.option_view)
    thresholds: tuple[ThresholdRules, ...] = ()
    thresholds_by_meter: dict[str, list[ThresholdRules]] = field(default_factory=dict)
    drifting: tuple[MeterRules, ...] = ()  # the meters with a drift, in the scenario's order

    def turn_date(self, turn: int) -> date:
        return self.start + timedelta(days=(turn - 1) * self.turn_days)

    def turn_of(self, iso: str) -> int:
        """The turn whose span contains a (possibly partial) date; 1 for earlier dates."""
        return turn_of(self.start, self.turn_days, iso)

    @property
    def end(self) -> date:
        return self.turn_date(self.turns) + timedelta(days=self.turn_days - 1)


# --------------------------------------------------------------------------- compiling


def turn_of(start: date, turn_days: int, iso: str) -> int:
    """The turn whose span contains a (possibly partial) date, turn 1 starting on `start`; 1 for earlier
    dates."""
    parts = [int(p) for p in iso.split("-")]
    while len(parts) < 3:
        parts.append(1)
    day = date(*parts)
    if day <= start:
        return 1
    return (day - start).days // turn_days + 1


def card_window(card: m.Card, start: date, turn_days: int, turns: int) -> tuple[int, int]:
    """(first, last) turn in which a card may be drawn: its `turns`, else from its date's turn to the end."""
    if card.turns is not None:
        first = card.turns.from_ or 1
        last = card.turns.to or turns
    else:
        first = turn_of(start, turn_days, card.date) if card.date else 1
        last = turns
    return first, min(last, turns)


def compile_condition(c) -> Cond:
    """A content condition as a closure over a view of the state (see game.engine.vocabulary)."""
    from game.engine.vocabulary import compile_condition as compile_  # it builds on this module's names

    return compile_(c)


def compile_rules(scenario: m.Scenario, content_hash: str = "") -> Rules:
    """Build the engine's rules from a resolved, cross-checked scenario."""
    from game.engine.vocabulary import Compiler, compile_condition  # they build on this module's names

    thresholds = scenario.thresholds or []
    watched = {t.meter for t in thresholds}
    meters = {mt.id: _meter_rules(mt, mt.id in watched) for mt in scenario.meters}
    # meter -> its thresholds: the lists exist before anything is compiled (a meter op holds its meter's list),
    # and are filled once the thresholds' own effects are compiled
    by_meter: dict[str, list[ThresholdRules]] = {mid: [] for mid in watched}
    comp = Compiler(meters, frozenset(c.id for c in scenario.cards if c.repeatable), by_meter)
    budget = scenario.budget
    start = date.fromisoformat(scenario.start)
    rules = Rules(
        scenario=scenario,
        id=scenario.id,
        title=scenario.title,
        turns=scenario.turns,
        turn_days=scenario.turn_days,
        start=start,
        draws_per_turn=scenario.draws_per_turn,
        meters=meters,
        places={p.id: (p.holder, p.contested) for p in scenario.places},
        cards={},
        endings=(),
        score=dict(scenario.score),
        content_hash=content_hash,
        budget=budget,
        display=scenario.display_setting,
    )
    cards: dict[str, CardRules] = {}
    for card in scenario.cards:
        first, last = card_window(card, start, scenario.turn_days, scenario.turns)
        options = tuple(
            OptionRules(
                o.id,
                o.label,
                o.historical,
                o.irreversible,
                compile_condition(o.when) if o.when is not None else None,
                comp.ops(o.effects),
                o.cost or 0,
                tuple((compile_condition(x.when), x.add, x.why) for x in o.surcharge or ()),
                bool(o.cost or o.surcharge),
            )
            for o in card.options
        )
        choices = tuple((Decision(card.id, o.id), _legality(o, budget)) for o in options) \
            if options else ((Decision(card.id, None), None),)
        cards[card.id] = CardRules(
            card.id,
            card.title,
            card.draw,
            card.weight,
            first,
            last,
            card.repeatable,
            compile_condition(card.when) if card.when is not None else None,
            comp.ops(card.effects),
            options,
            {o.id: o for o in options},
            choices,
            all(o.cond is None and not (budget and o.costly) for o in options),
            zlib.crc32(card.id.encode()) % ORDER_SLOTS,
            tuple(permutations(choices)) if 2 <= len(options) <= ORDER_TABLE else (),
        )
    rules.cards = cards
    rules.endings = tuple(
        EndingRules(e.id, e.title, e.sudden, e.score, compile_condition(e.when) if e.when is not None else None)
        for e in scenario.endings
    )
    rules.sudden_endings = tuple(e for e in rules.endings if e.sudden and e.cond is not None)
    rules.final_endings = tuple(e for e in rules.endings if not e.sudden)
    rules.thresholds = tuple(
        ThresholdRules(t.id, t.meter, t.line, t.rising, t.rearm, t.actor, comp.ops(t.effects)) for t in thresholds
    )
    for t in rules.thresholds:
        by_meter[t.meter].append(t)
    rules.thresholds_by_meter = by_meter
    rules.drifting = tuple(mr for mr in meters.values() if mr.drift_to is not None)
    rules.delayed = comp.delayed
    rules.recurring = comp.recurring
    by_turn_fixed: list[tuple[CardRules, ...]] = [()]
    by_turn_random: list[tuple[CardRules, ...]] = [()]
    for turn in range(1, scenario.turns + 1):
        live = [c for c in cards.values() if c.first <= turn <= c.last]
        by_turn_fixed.append(tuple(c for c in live if c.draw == "fixed"))
        by_turn_random.append(tuple(c for c in live if c.draw == "random"))
    rules.fixed_by_turn = tuple(by_turn_fixed)
    rules.random_by_turn = tuple(by_turn_random)
    return rules


def _meter_rules(mt: m.Meter, watched: bool) -> MeterRules:
    soft, drift = mt.soft, mt.drift
    return MeterRules(
        mt.id, mt.name, mt.min, mt.max, mt.start,
        soft.above if soft is not None else None,
        soft.below if soft is not None else None,
        drift.toward if drift is not None else None,
        drift.by if drift is not None else 0,
        watched,
        ("drift", mt.id) if drift is not None else (),
    )


def _legality(o: OptionRules, budget: str | None) -> Cond | None:
    """Whether an option can be taken: its `when` holds and the budget covers its cost (None: always)."""
    when = o.cond
    if budget is None or not o.costly:
        return when
    cost = o.cost
    if not o.surcharges:
        if when is None:
            return lambda v: v.meters[budget] >= cost
        return lambda v: when(v) and v.meters[budget] >= cost
    cost_now = o.cost_now
    if when is None:
        return lambda v: v.meters[budget] >= cost_now(v)
    return lambda v: when(v) and v.meters[budget] >= cost_now(v)
