"""Compile validated content into plain, fast rules.

The pydantic models are the boundary; the engine runs on what this module builds: tuples, dicts and small
closures (no eval, no strings of code). Conditions become ``f(view) -> bool``; effects become ops
``op(work, cause)`` that change the working state and emit events naming their cause. Each kind's closure
is written once, in game.engine.vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
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

Cond = Callable[[object], bool]
Op = Callable[[object, tuple], None]


@dataclass(frozen=True, slots=True, eq=False)
class OptionRules:
    id: str
    label: str
    historical: bool
    irreversible: bool
    cond: Cond | None
    ops: tuple[Op, ...]


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
    # precomputed for the hot loop: option id -> rules, and (decision, condition) pairs
    by_option: dict = field(default_factory=dict)
    choices: tuple = ()
    unconditional: bool = True

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
    fixed_by_turn: tuple[tuple[CardRules, ...], ...] = ()
    random_by_turn: tuple[tuple[CardRules, ...], ...] = ()
    content_hash: str = ""

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

    meters = {
        mt.id: MeterRules(mt.id, mt.name, mt.min, mt.max, mt.start) for mt in scenario.meters
    }
    comp = Compiler(meters, frozenset(c.id for c in scenario.cards if c.repeatable))
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
            )
            for o in card.options
        )
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
            tuple((Decision(card.id, o.id), o.cond) for o in options) if options else ((Decision(card.id, None), None),),
            all(o.cond is None for o in options),
        )
    rules.cards = cards
    rules.endings = tuple(
        EndingRules(e.id, e.title, e.sudden, e.score, compile_condition(e.when) if e.when is not None else None)
        for e in scenario.endings
    )
    rules.sudden_endings = tuple(e for e in rules.endings if e.sudden and e.cond is not None)
    rules.final_endings = tuple(e for e in rules.endings if not e.sudden)
    rules.delayed = comp.delayed
    by_turn_fixed: list[tuple[CardRules, ...]] = [()]
    by_turn_random: list[tuple[CardRules, ...]] = [()]
    for turn in range(1, scenario.turns + 1):
        live = [c for c in cards.values() if c.first <= turn <= c.last]
        by_turn_fixed.append(tuple(c for c in live if c.draw == "fixed"))
        by_turn_random.append(tuple(c for c in live if c.draw == "random"))
    rules.fixed_by_turn = tuple(by_turn_fixed)
    rules.random_by_turn = tuple(by_turn_random)
    return rules
