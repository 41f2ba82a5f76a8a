"""Compile validated content into plain, fast rules.

The pydantic models are the boundary; the engine runs on what this module builds: tuples, dicts and small
closures (no eval, no strings of code). Conditions become ``f(view) -> bool``; effects become ops
``op(work, cause)`` that change the working state and emit events naming their cause.
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
        parts = [int(p) for p in iso.split("-")]
        while len(parts) < 3:
            parts.append(1)
        day = date(*parts)
        if day <= self.start:
            return 1
        return (day - self.start).days // self.turn_days + 1

    @property
    def end(self) -> date:
        return self.turn_date(self.turns) + timedelta(days=self.turn_days - 1)


# --------------------------------------------------------------------------- conditions


def compile_condition(c) -> Cond:
    if isinstance(c, m.AllCondition):
        parts = tuple(compile_condition(x) for x in c.all)
        if len(parts) == 2:
            a, b = parts
            return lambda v: a(v) and b(v)
        return lambda v: all(p(v) for p in parts)
    if isinstance(c, m.AnyCondition):
        parts = tuple(compile_condition(x) for x in c.any)
        if len(parts) == 2:
            a, b = parts
            return lambda v: a(v) or b(v)
        return lambda v: any(p(v) for p in parts)
    if isinstance(c, m.NotCondition):
        inner = compile_condition(c.not_)
        return lambda v: not inner(v)
    if isinstance(c, m.MeterCondition):
        mid = c.meter
        checks = [(op, n) for op, n in (("gte", c.gte), ("gt", c.gt), ("lte", c.lte), ("lt", c.lt), ("eq", c.eq))
                  if n is not None]
        if len(checks) == 1:  # the common case, one comparison: one small closure
            op, n = checks[0]
            if op == "gte":
                return lambda v: v.meters[mid] >= n
            if op == "gt":
                return lambda v: v.meters[mid] > n
            if op == "lte":
                return lambda v: v.meters[mid] <= n
            if op == "lt":
                return lambda v: v.meters[mid] < n
            return lambda v: v.meters[mid] == n
        parts = tuple(compile_condition(m.MeterCondition(meter=mid, **{op: n})) for op, n in checks)
        return lambda v: all(p(v) for p in parts)
    if isinstance(c, m.FlagCondition):
        name = c.flag
        return lambda v: name in v.flags
    if isinstance(c, m.TurnCondition):
        lo = c.turn.from_ or 1
        hi = c.turn.to or 10**9
        return lambda v: lo <= v.turn <= hi
    if isinstance(c, m.SeenCondition):
        cid = c.seen
        return lambda v: cid in v.seen
    if isinstance(c, m.ChoseCondition):
        cid, oid = c.chose.card, c.chose.option
        return lambda v: v.chosen.get(cid) == oid
    if isinstance(c, m.HoldsCondition):
        pid, aid = c.holds.place, c.holds.actor
        return lambda v: v.places[pid][0] == aid
    if isinstance(c, m.ContestedCondition):
        pid = c.contested
        return lambda v: v.places[pid][1]
    raise TypeError(f"unknown condition {type(c).__name__}")  # pragma: no cover - closed vocabulary


# --------------------------------------------------------------------------- effects


class _Compiler:
    def __init__(self, meters: dict[str, MeterRules], repeatable: frozenset[str]):
        self.meters = meters
        self.repeatable = repeatable
        self.delayed: list[tuple[str, tuple[Op, ...]]] = []

    def ops(self, effects) -> tuple[Op, ...]:
        return tuple(self.op(e) for e in effects)

    def op(self, e) -> Op:  # noqa: C901 - one branch per effect kind, by design
        if isinstance(e, m.MeterEffect):
            mid = e.meter
            spec = self.meters[mid]
            lo, hi = spec.lo, spec.hi
            if e.add is not None:
                delta = e.add

                def meter_add(w, cause):
                    before = w.meters[mid]
                    after = before + delta
                    after = lo if after < lo else hi if after > hi else after
                    w.meters[mid] = after
                    if w.events is not None:
                        w.events.append((w.turn, METER, mid, before, after, cause))

                return meter_add
            target = max(lo, min(hi, e.set))

            def meter_set(w, cause):
                before = w.meters[mid]
                w.meters[mid] = target
                if w.events is not None:
                    w.events.append((w.turn, METER, mid, before, target, cause))

            return meter_set
        if isinstance(e, m.SetFlagEffect):
            return self._flag(e.set_flag, True)
        if isinstance(e, m.ClearFlagEffect):
            return self._flag(e.clear_flag, False)
        if isinstance(e, m.ChanceEffect):
            odds = e.chance
            label = e.label or ""
            then_ops, else_ops = self.ops(e.then), self.ops(e.else_)

            def chance(w, cause):
                roll = w.roll100()
                success = roll <= odds
                sub = ("chance", cause, label, odds, roll, success)
                if w.events is not None:
                    w.events.append((w.turn, CHANCE, label, odds, roll, cause))
                for op in then_ops if success else else_ops:
                    op(w, sub)

            return chance
        if isinstance(e, m.IfEffect):
            cond = compile_condition(e.if_)
            then_ops, else_ops = self.ops(e.then), self.ops(e.else_)

            def if_(w, cause):
                for op in then_ops if cond(w) else else_ops:
                    op(w, cause)

            return if_
        if isinstance(e, m.DelayedEffect):
            key = len(self.delayed)
            self.delayed.append((e.label or "", ()))  # reserve the key before compiling nested delays
            self.delayed[key] = (e.label or "", self.ops(e.effects))
            after = e.after

            def schedule(w, cause):
                due = w.turn + after
                w.delayed.append((due, key, w.turn, cause))
                if w.events is not None:
                    w.events.append((w.turn, SCHEDULED, key, w.turn, due, cause))

            return schedule
        if isinstance(e, m.FollowUpEffect):
            cid, later = e.follow_up, e.in_turns
            repeatable = self.repeatable

            def follow_up(w, cause):
                # "later this turn" once the turn is closing (a delayed effect) means the next turn
                due = w.turn + (later or int(w.closing))
                if due == w.turn:
                    if cid in w.pending or (cid in w.seen and cid not in repeatable):
                        return  # never drawn twice (unless repeatable)
                    card = w.rules.cards[cid]
                    if card.cond is not None and not card.cond(w):
                        return  # its own `when` decides, as for any draw
                    w.pending.append(cid)
                    w.seen.add(cid)
                else:
                    w.queued.append((due, cid))
                if w.events is not None:
                    w.events.append((w.turn, FOLLOW_UP, cid, w.turn, due, cause))

            return follow_up
        if isinstance(e, m.EndGameEffect):
            eid = e.end_game

            def end_game(w, cause):
                if w.ending is None:
                    w.ending = eid
                    if w.events is not None:
                        w.events.append((w.turn, ENDING, eid, None, None, cause))

            return end_game
        if isinstance(e, m.PlaceEffect):
            pid, holder, contested = e.place, e.holder, e.contested

            def place(w, cause):
                before = w.places[pid]
                after = (before[0] if holder is None else holder, before[1] if contested is None else contested)
                if after != before:
                    if not w.places_own:
                        w.places = dict(w.places)
                        w.places_own = True
                    w.places[pid] = after
                if w.events is not None:
                    w.events.append((w.turn, PLACE, pid, before, after, cause))

            return place
        if isinstance(e, m.ReactEffect):
            actor, text = e.react, e.text
            inner = self.ops(e.effects)

            def react(w, cause):
                sub = ("react", cause, actor)
                if w.events is not None:
                    w.events.append((w.turn, REACT, actor, text, None, cause))
                for op in inner:
                    op(w, sub)

            return react
        raise TypeError(f"unknown effect {type(e).__name__}")  # pragma: no cover - closed vocabulary

    @staticmethod
    def _flag(name: str, value: bool) -> Op:
        def flag(w, cause):
            before = name in w.flags
            if value:
                w.flags.add(name)
            else:
                w.flags.discard(name)
            if w.events is not None:
                w.events.append((w.turn, FLAG, name, before, value, cause))

        return flag


def compile_rules(scenario: m.Scenario, content_hash: str = "") -> Rules:
    """Build the engine's rules from a resolved, cross-checked scenario."""
    meters = {
        mt.id: MeterRules(mt.id, mt.name, mt.min, mt.max, mt.start) for mt in scenario.meters
    }
    comp = _Compiler(meters, frozenset(c.id for c in scenario.cards if c.repeatable))
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
        if card.turns is not None:
            first = card.turns.from_ or 1
            last = card.turns.to or scenario.turns
        else:
            first = rules.turn_of(card.date) if card.date else 1
            last = scenario.turns
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
            min(last, scenario.turns),
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
