"""What the game does with each kind of effect and condition, declared once per kind.

The kinds themselves (their fields, YAML keys, nested fields and references) are declared in
game.model.vocabulary. Here each has one class, registered in `KINDS` under its model class, holding every
concern that must understand it:

    compile    the closure the engine runs (game.engine.rules builds the rules with `Compiler`)
    words      what the player reads (game.engine.explain: condition_text, option_summary)
    analysis   conditions: can_hold / can_fail / never / always; effects: summarise (game.content.lint)
    steering   conditions: want; effects: sketch (game.authoring.check, seeking what no game found)

Every method is abstract: an entry lacking one cannot be instantiated, so the import fails at once, and
tests/test_vocabulary.py checks that the registry and the unions hold the same kinds. Nothing else in the
game branches on the kind of an effect or condition.

The closures are the engine's hot loop: they keep the shape they have always had (a few cells, one call,
no lookups by kind), and `w` is the working state of game.engine.core.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from game.engine.meters import adder as meter_adder, move as move_meter
from game.engine.rules import (
    CHANCE, ENDING, FLAG, FOLLOW_UP, MEMORY, METER, PLACE, REACT, SCHEDULED, Cond, MeterRules, Op,
)
from game.model import content as m

INF = math.inf


# --------------------------------------------------------------------------- the registry


KINDS: dict[type, "EffectKind | ConditionKind"] = {}


def registers(model: type):
    """Class decorator: the entry for `model` (one of game.model.vocabulary's kinds)."""

    def register(cls):
        if model in KINDS:
            raise TypeError(f"{model.__name__} is registered twice: {type(KINDS[model]).__name__}, {cls.__name__}")
        cls.model = model
        KINDS[model] = cls()  # an entry lacking a method is abstract: this fails, and so does the import
        return cls

    return register


def kind(node: Any) -> "EffectKind | ConditionKind":
    """The entry for an effect or condition model."""
    try:
        return KINDS[type(node)]
    except KeyError:
        raise TypeError(f"not an effect or condition of the vocabulary: {type(node).__name__}") from None


def compile_condition(c) -> Cond:
    """A condition as a closure over a view of the state: `f(view) -> bool`."""
    return kind(c).compile(c)


class Compiler:
    """Compiles effects into ops `op(work, cause)`, collecting the delayed effects' ops by key (and, for
    the recurring ones, their `while` and period)."""

    def __init__(self, meters: dict[str, MeterRules], repeatable: frozenset[str],
                 thresholds: dict[str, list] | None = None):
        self.meters = meters
        self.repeatable = repeatable
        # meter -> the thresholds drawn on it, in order: a list filled once they are compiled (their effects
        # may change the meters they watch), read when an op runs
        self.thresholds: dict[str, list] = thresholds if thresholds is not None else {}
        self.delayed: list[tuple[str, tuple[Op, ...]]] = []
        self.recurring: dict[int, tuple[Cond | None, int]] = {}

    def delayed_key(self, label: str, effects) -> int:
        """Compile effects that run at the end of a later turn; their key in the rules' `delayed`."""
        key = len(self.delayed)
        self.delayed.append((label, ()))  # reserve the key before compiling nested delays
        self.delayed[key] = (label, self.ops(effects))
        return key

    def ops(self, effects) -> tuple[Op, ...]:
        return tuple(self.op(e) for e in effects)

    def op(self, e) -> Op:
        return kind(e).compile(e, self)


# --------------------------------------------------------------------------- what the concerns hand in


class Words(Protocol):
    """What a kind needs to put itself into words (game.engine.explain builds one per rules and setting)."""

    rules: Any  # game.engine.rules.Rules
    names: Any  # game.engine.explain.Names: display names of meters, cards, options, actors, places, endings
    exact: bool  # the numbers (the `exact` setting), or only direction and rough size (`estimates`)

    def condition(self, c) -> str: ...

    def effects(self, effects) -> str: ...

    def tone(self, mid: str, delta: int) -> str: ...

    def change(self, mid: str, delta: int) -> str:
        """'+6' when exact, '▲▲' as an estimate."""

    def mood(self, effects) -> str:
        """The tone for Moscow of what `effects` do as a whole: good, bad or neutral."""


class StaticAnalysis(Protocol):
    """What a kind needs from a static analysis of the content (game.content.lint.Analysis): what is known
    to be possible so far (`r`), and the same questions about nested conditions and effects. `ctx` is the
    (first, last) turns in which a condition is checked or an effect runs."""

    r: "Reach"
    turns: int
    meters: dict[str, m.Meter]
    set_anywhere: set[str]
    flag_setters: dict[str, list[str]]

    def can_hold(self, c, ctx: tuple[int, int]) -> bool: ...

    def can_fail(self, c, ctx: tuple[int, int]) -> bool: ...

    def never(self, c, ctx: tuple[int, int], path: tuple) -> "Why": ...

    def always(self, c, ctx: tuple[int, int], path: tuple) -> "Why": ...

    def summary(self, effects, ctx: tuple[int, int]) -> "Summary": ...


@dataclass
class Reach:
    """What can possibly happen in some game (grows until it stops changing)."""

    cards: set[str] = field(default_factory=set)
    options: set[tuple[str, str]] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    queued: set[str] = field(default_factory=set)
    forced_endings: set[str] = field(default_factory=set)
    meters: dict[str, tuple[float, float]] = field(default_factory=dict)
    holders: dict[str, set[str]] = field(default_factory=dict)
    contested: dict[str, set[bool]] = field(default_factory=dict)
    changed_meters: set[str] = field(default_factory=set)
    sets: dict[str, set[int]] = field(default_factory=dict)  # meter -> values some effect sets it to
    memory: set[tuple[str, str]] = field(default_factory=set)  # (actor, deed) counts some effect raises
    thresholds: set[str] = field(default_factory=set)  # thresholds that can fire

    def key(self) -> tuple:
        return (len(self.cards), len(self.options), len(self.flags), len(self.queued), len(self.forced_endings),
                tuple(sorted(self.meters.items())), sum(len(v) for v in self.holders.values()),
                sum(len(v) for v in self.contested.values()), len(self.changed_meters),
                sum(len(v) for v in self.sets.values()), len(self.memory), len(self.thresholds))


@dataclass(frozen=True)
class Why:
    """Why a condition can never hold (or never fail): where, in words, and whether xref already says so."""

    path: tuple
    text: str
    covered: bool = False


@dataclass
class Summary:
    """What a list of effects can do when it runs once: the most it can raise (`pos`) and lower (`neg`)
    each meter, the values it can set, and what it can set, queue, end or move."""

    pos: dict[str, float] = field(default_factory=dict)
    neg: dict[str, float] = field(default_factory=dict)
    sets: list[tuple[str, int]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    queued: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    holders: list[tuple[str, str]] = field(default_factory=list)
    contested: list[tuple[str, bool]] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)
    memory: set[tuple[str, str]] = field(default_factory=set)  # (actor, deed) counts it can raise
    dynamic: bool = False

    def _union(self, o: "Summary") -> None:
        self.sets += o.sets
        self.flags |= o.flags
        self.queued |= o.queued
        self.endings |= o.endings
        self.holders += o.holders
        self.contested += o.contested
        self.changed |= o.changed
        self.memory |= o.memory
        self.dynamic = self.dynamic or o.dynamic

    def then(self, o: "Summary", times: float = 1) -> None:
        """`o` runs after what is here (`times` times over): the changes add up."""
        for mine, theirs in ((self.pos, o.pos), (self.neg, o.neg)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0.0) + v * times
        self._union(o)

    def either(self, a: "Summary", b: "Summary") -> None:
        """One of `a` or `b` runs: the larger change of the two."""
        for mine, x, y in ((self.pos, a.pos, b.pos), (self.neg, a.neg, b.neg)):
            for k in x.keys() | y.keys():
                mine[k] = mine.get(k, 0.0) + max(x.get(k, 0.0), y.get(k, 0.0))
        self._union(a)
        self._union(b)

    def record(self, r: Reach) -> None:
        r.flags |= self.flags
        r.queued |= self.queued
        r.forced_endings |= self.endings
        r.changed_meters |= self.changed
        r.memory |= self.memory
        for mid, value in self.sets:
            r.sets.setdefault(mid, set()).add(value)
        for place, holder in self.holders:
            if place in r.holders:
                r.holders[place].add(holder)
        for place, fighting in self.contested:
            if place in r.contested:
                r.contested[place].add(fighting)


EMPTY = Summary()


@dataclass
class Goal:
    """What to steer towards: meter ranges, flags to set or avoid, choices to make, cards to queue,
    places to change, endings to force."""

    meters: list[tuple[str, float, float]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    no_flags: set[str] = field(default_factory=set)
    choices: set[tuple[str, str]] = field(default_factory=set)
    cards: set[str] = field(default_factory=set)
    holds: set[tuple[str, str]] = field(default_factory=set)
    contested: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    memory: list[tuple[tuple[str, str], float, float]] = field(default_factory=list)  # (actor, deed), lo, hi

    def want(self, c, positive: bool = True) -> None:
        """Add what makes condition `c` hold (or fail, when not `positive`)."""
        kind(c).want(c, self, positive)


@dataclass
class Sketch:
    """What an option does, roughly: expected meter changes and what it may set, queue or end."""

    meters: dict[str, float] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    cleared: set[str] = field(default_factory=set)
    cards: set[str] = field(default_factory=set)
    holds: set[tuple[str, str]] = field(default_factory=set)
    contested: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    memory: dict[tuple[str, str], float] = field(default_factory=dict)  # (actor, deed) -> expected change

    def take(self, effects, weight: float = 1.0) -> "Sketch":
        for e in effects:
            kind(e).sketch(e, self, weight)
        return self


# --------------------------------------------------------------------------- the two kinds of kind


class ConditionKind(ABC):
    """What the game does with one kind of condition."""

    model: ClassVar[type]

    @abstractmethod
    def compile(self, c) -> Cond:
        """A closure `view -> bool`; the view has .meters, .flags, .places, .seen, .chosen and .turn."""

    @abstractmethod
    def words(self, c, w: Words) -> str:
        """The condition in the player's words: 'Cost ≥ 45', 'Haftar (LNA) holds Tripoli'."""

    @abstractmethod
    def can_hold(self, c, a: StaticAnalysis, ctx: tuple[int, int]) -> bool:
        """Whether it can hold in some game, checked in turns `ctx` (over-approximated: True when unsure)."""

    @abstractmethod
    def can_fail(self, c, a: StaticAnalysis, ctx: tuple[int, int]) -> bool:
        """Whether it can fail in some game, checked in turns `ctx` (True when unsure)."""

    @abstractmethod
    def never(self, c, a: StaticAnalysis, ctx: tuple[int, int], path: tuple) -> Why:
        """Why it can never hold (asked only when `can_hold` is False); `path` is where it is written."""

    @abstractmethod
    def always(self, c, a: StaticAnalysis, ctx: tuple[int, int], path: tuple) -> Why:
        """Why it can never fail (asked only when `can_fail` is False)."""

    @abstractmethod
    def want(self, c, goal: Goal, positive: bool) -> None:
        """Add to `goal` what makes it hold (or fail, when not `positive`)."""


class EffectKind(ABC):
    """What the game does with one kind of effect."""

    model: ClassVar[type]

    @abstractmethod
    def compile(self, e, c: Compiler) -> Op:
        """A closure `op(work, cause)` that changes the working state and appends events naming `cause`."""

    @abstractmethod
    def words(self, e, w: Words) -> tuple[str, str] | None:
        """Its part of an option's summary, (text, tone: good, bad, neutral, chance or later), or None
        when the player sees nothing of it."""

    @abstractmethod
    def summarise(self, e, s: Summary, a: StaticAnalysis, ctx: tuple[int, int]) -> None:
        """Add to `s` the most it can do when it runs in turns `ctx`."""

    @abstractmethod
    def sketch(self, e, s: Sketch, weight: float) -> None:
        """Add to `s` what it does roughly, `weight` being the odds that it runs."""


# --------------------------------------------------------------------------- conditions


def allowed_range(c) -> tuple[float, float]:
    """The values for which all the comparisons of `c` (a meter condition, or a memory test) hold:
    (lowest, highest)."""
    lo, hi = -INF, INF
    if c.gte is not None:
        lo = max(lo, c.gte)
    if c.gt is not None:
        lo = max(lo, c.gt + 1)
    if c.lte is not None:
        hi = min(hi, c.lte)
    if c.lt is not None:
        hi = min(hi, c.lt - 1)
    if c.eq is not None:
        lo, hi = max(lo, c.eq), min(hi, c.eq)
    return lo, hi


def _comparison_text(c: m.MeterCondition) -> str:
    return ", ".join(f"{op}: {n}" for op, n in c.comparisons())


def _num(x: float) -> str:
    return str(int(x)) if math.isfinite(x) else "any value"


def cards_phrase(ids: list[str]) -> str:
    """"card 'a'" or "cards 'a', 'b', 'c', 'd' and 3 more"."""
    shown = ", ".join(f"'{c}'" for c in ids[:4]) + (f" and {len(ids) - 4} more" if len(ids) > 4 else "")
    return ("card " if len(ids) == 1 else "cards ") + shown


_SYMBOLS = {"gte": "≥", "gt": ">", "lte": "≤", "lt": "<", "eq": "="}


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _how_often(op: str, n: int) -> str:
    """A count of remembered deeds in words: 'at least twice', 'at most 3 times', 'never'."""
    if op == "gt":
        op, n = "gte", n + 1
    elif op == "lt":
        op, n = "lte", n - 1
    if op == "gte":
        return "at least " + _times(n) if n > 0 else "any number of times"
    if n <= 0:
        return "never"
    return ("at most " if op == "lte" else "exactly ") + _times(n)


@registers(m.AllCondition)
class AllConditionKind(ConditionKind):
    def compile(self, c: m.AllCondition) -> Cond:
        parts = tuple(compile_condition(x) for x in c.all)
        if len(parts) == 2:
            a, b = parts
            return lambda v: a(v) and b(v)
        return lambda v: all(p(v) for p in parts)

    def words(self, c: m.AllCondition, w: Words) -> str:
        # an `any` inside reads as one clause: "A and (B or C)", never "A and B or C"
        return " and ".join(f"({w.condition(x)})" if isinstance(x, m.AnyCondition) else w.condition(x)
                            for x in c.all)

    def can_hold(self, c: m.AllCondition, a, ctx) -> bool:
        return all(a.can_hold(x, ctx) for x in c.all)

    def can_fail(self, c: m.AllCondition, a, ctx) -> bool:
        return any(a.can_fail(x, ctx) for x in c.all)

    def never(self, c: m.AllCondition, a, ctx, path) -> Why:
        for i, x in enumerate(c.all):
            if not a.can_hold(x, ctx):
                return a.never(x, ctx, path + ("all", i))
        return Why(path, "it can never hold")

    def always(self, c: m.AllCondition, a, ctx, path) -> Why:
        parts = [a.always(x, ctx, path + ("all", i)) for i, x in enumerate(c.all)]
        return Why(path, "; ".join(p.text for p in parts), all(p.covered for p in parts))

    def want(self, c: m.AllCondition, goal: Goal, positive: bool) -> None:
        for x in c.all:
            goal.want(x, positive)


@registers(m.AnyCondition)
class AnyConditionKind(ConditionKind):
    def compile(self, c: m.AnyCondition) -> Cond:
        parts = tuple(compile_condition(x) for x in c.any)
        if len(parts) == 2:
            a, b = parts
            return lambda v: a(v) or b(v)
        return lambda v: any(p(v) for p in parts)

    def words(self, c: m.AnyCondition, w: Words) -> str:
        return " or ".join(w.condition(x) for x in c.any)

    def can_hold(self, c: m.AnyCondition, a, ctx) -> bool:
        return any(a.can_hold(x, ctx) for x in c.any)

    def can_fail(self, c: m.AnyCondition, a, ctx) -> bool:
        return all(a.can_fail(x, ctx) for x in c.any)

    def never(self, c: m.AnyCondition, a, ctx, path) -> Why:
        parts = [a.never(x, ctx, path + ("any", i)) for i, x in enumerate(c.any)]
        if len(parts) == 1:
            return parts[0]
        return Why(path + ("any",), "none of its `any` parts can hold: " + "; ".join(p.text for p in parts),
                   all(p.covered for p in parts))

    def always(self, c: m.AnyCondition, a, ctx, path) -> Why:
        for i, x in enumerate(c.any):
            if not a.can_fail(x, ctx):
                return a.always(x, ctx, path + ("any", i))
        return Why(path, "it always holds")

    def want(self, c: m.AnyCondition, goal: Goal, positive: bool) -> None:
        for x in c.any:
            goal.want(x, positive)


@registers(m.NotCondition)
class NotConditionKind(ConditionKind):
    def compile(self, c: m.NotCondition) -> Cond:
        inner = compile_condition(c.not_)
        return lambda v: not inner(v)

    def words(self, c: m.NotCondition, w: Words) -> str:
        if isinstance(c.not_, m.FlagCondition):  # a hidden flag's absence: whatever it marks has not happened
            return "nothing stands in the way"
        return f"not ({w.condition(c.not_)})"

    def can_hold(self, c: m.NotCondition, a, ctx) -> bool:
        return a.can_fail(c.not_, ctx)

    def can_fail(self, c: m.NotCondition, a, ctx) -> bool:
        return a.can_hold(c.not_, ctx)

    def never(self, c: m.NotCondition, a, ctx, path) -> Why:
        why = a.always(c.not_, ctx, path + ("not",))
        return Why(why.path, f"the condition under `not` always holds ({why.text})", why.covered)

    def always(self, c: m.NotCondition, a, ctx, path) -> Why:
        return a.never(c.not_, ctx, path + ("not",))

    def want(self, c: m.NotCondition, goal: Goal, positive: bool) -> None:
        goal.want(c.not_, not positive)


@registers(m.MeterCondition)
class MeterConditionKind(ConditionKind):
    def compile(self, c: m.MeterCondition) -> Cond:
        mid = c.meter
        checks = c.comparisons()
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

    def words(self, c: m.MeterCondition, w: Words) -> str:
        bits = [f"{_SYMBOLS[op]} {n}" for op, n in c.comparisons()]
        return f"{w.names.meters.get(c.meter, c.meter)} {' and '.join(bits)}"

    def can_hold(self, c: m.MeterCondition, a, ctx) -> bool:
        lo, hi = allowed_range(c)
        have = a.r.meters.get(c.meter, (-INF, INF))
        return max(lo, have[0]) <= min(hi, have[1])

    def can_fail(self, c: m.MeterCondition, a, ctx) -> bool:
        lo, hi = allowed_range(c)
        have = a.r.meters.get(c.meter, (-INF, INF))
        return have[0] < lo or have[1] > hi

    def never(self, c: m.MeterCondition, a, ctx, path) -> Why:
        return Why(path + (c.comparisons()[0][0],), self._never_text(c, a))

    def always(self, c: m.MeterCondition, a, ctx, path) -> Why:
        lo, hi = a.r.meters.get(c.meter, (0, 0))
        return Why(path + (c.comparisons()[0][0],), f"meter '{c.meter}' stays within {_num(lo)}..{_num(hi)}, "
                                                    f"so `{_comparison_text(c)}` always holds")

    @staticmethod
    def _never_text(c: m.MeterCondition, a) -> str:
        mt = a.meters.get(c.meter)
        lo, hi = a.r.meters.get(c.meter, (0, 0))
        want = _comparison_text(c)
        if mt is None:
            return f"meter '{c.meter}': `{want}` never holds"
        alo, ahi = allowed_range(c)
        if alo > ahi:
            return f"`{want}` contradicts itself: no value of '{c.meter}' satisfies it"
        if ahi < mt.min or alo > mt.max:
            return f"meter '{c.meter}' runs from {mt.min} to {mt.max}, so `{want}` never holds"
        return (f"meter '{c.meter}' can only be between {_num(lo)} and {_num(hi)} (it starts at {mt.start}; that "
                f"counts every change any card could make), so `{want}` never holds")

    def want(self, c: m.MeterCondition, goal: Goal, positive: bool) -> None:
        lo, hi = allowed_range(c)
        if positive:
            goal.meters.append((c.meter, lo, hi))
        elif lo > -INF:
            goal.meters.append((c.meter, -INF, lo - 1))
        elif hi < INF:
            goal.meters.append((c.meter, hi + 1, INF))


@registers(m.FlagCondition)
class FlagConditionKind(ConditionKind):
    def compile(self, c: m.FlagCondition) -> Cond:
        name = c.flag
        return lambda v: name in v.flags

    def words(self, c: m.FlagCondition, w: Words) -> str:
        return "the situation allows"  # flags are hidden state

    def can_hold(self, c: m.FlagCondition, a, ctx) -> bool:
        return c.flag in a.r.flags

    def can_fail(self, c: m.FlagCondition, a, ctx) -> bool:
        return True  # flags start unset

    def never(self, c: m.FlagCondition, a, ctx, path) -> Why:
        if c.flag not in a.set_anywhere:
            return Why(path + ("flag",), f"flag '{c.flag}' is never set by any card", covered=True)
        setters = sorted(set(a.flag_setters.get(c.flag, [])))
        return Why(path + ("flag",), f"flag '{c.flag}' is set only by {cards_phrase(setters)}, in effects that "
                                     "can never happen")

    def always(self, c: m.FlagCondition, a, ctx, path) -> Why:
        return Why(path, "it always holds")

    def want(self, c: m.FlagCondition, goal: Goal, positive: bool) -> None:
        (goal.flags if positive else goal.no_flags).add(c.flag)


@registers(m.TurnCondition)
class TurnConditionKind(ConditionKind):
    def compile(self, c: m.TurnCondition) -> Cond:
        lo = c.turn.from_ or 1
        hi = c.turn.to or 10**9
        return lambda v: lo <= v.turn <= hi

    def words(self, c: m.TurnCondition, w: Words) -> str:
        return f"turns {c.turn.from_ or 1}-{c.turn.to or w.rules.turns}"

    def can_hold(self, c: m.TurnCondition, a, ctx) -> bool:
        lo, hi = c.turn.from_ or 1, c.turn.to or INF
        return max(lo, ctx[0]) <= min(hi, ctx[1])

    def can_fail(self, c: m.TurnCondition, a, ctx) -> bool:
        lo, hi = c.turn.from_ or 1, c.turn.to or INF
        return ctx[0] < lo or ctx[1] > hi

    def never(self, c: m.TurnCondition, a, ctx, path) -> Why:
        lo, hi = c.turn.from_ or 1, c.turn.to
        shown = f"{lo}-{hi}" if hi else f"{lo} and later"
        covered = lo > a.turns
        where = f"turns {ctx[0]}-{ctx[1]}" if ctx[0] != ctx[1] else f"turn {ctx[0]}"
        return Why(path + ("turn",), f"turns {shown} fall outside {where}, when this is checked", covered)

    def always(self, c: m.TurnCondition, a, ctx, path) -> Why:
        return Why(path + ("turn",), f"it is checked only in turns {ctx[0]}-{ctx[1]}, all inside the range")

    def want(self, c: m.TurnCondition, goal: Goal, positive: bool) -> None:
        pass  # time cannot be steered


@registers(m.SeenCondition)
class SeenConditionKind(ConditionKind):
    def compile(self, c: m.SeenCondition) -> Cond:
        cid = c.seen
        return lambda v: cid in v.seen

    def words(self, c: m.SeenCondition, w: Words) -> str:
        return f"after “{w.names.cards.get(c.seen, c.seen)}”"

    def can_hold(self, c: m.SeenCondition, a, ctx) -> bool:
        return c.seen in a.r.cards

    def can_fail(self, c: m.SeenCondition, a, ctx) -> bool:
        return True  # cards start unseen

    def never(self, c: m.SeenCondition, a, ctx, path) -> Why:
        return Why(path + ("seen",), f"card '{c.seen}' can never be drawn")

    def always(self, c: m.SeenCondition, a, ctx, path) -> Why:
        return Why(path, "it always holds")

    def want(self, c: m.SeenCondition, goal: Goal, positive: bool) -> None:
        if positive:
            goal.cards.add(c.seen)


@registers(m.ChoseCondition)
class ChoseConditionKind(ConditionKind):
    def compile(self, c: m.ChoseCondition) -> Cond:
        cid, oid = c.chose.card, c.chose.option
        return lambda v: v.chosen.get(cid) == oid

    def words(self, c: m.ChoseCondition, w: Words) -> str:
        return f"if you chose “{w.names.options.get((c.chose.card, c.chose.option), c.chose.option)}”"

    def can_hold(self, c: m.ChoseCondition, a, ctx) -> bool:
        return (c.chose.card, c.chose.option) in a.r.options

    def can_fail(self, c: m.ChoseCondition, a, ctx) -> bool:
        return True  # options start unchosen

    def never(self, c: m.ChoseCondition, a, ctx, path) -> Why:
        cid, oid = c.chose.card, c.chose.option
        if cid not in a.r.cards:
            return Why(path + ("chose",), f"card '{cid}' can never be drawn")
        return Why(path + ("chose",), f"option '{oid}' of card '{cid}' is never available")

    def always(self, c: m.ChoseCondition, a, ctx, path) -> Why:
        return Why(path, "it always holds")

    def want(self, c: m.ChoseCondition, goal: Goal, positive: bool) -> None:
        if positive:
            goal.choices.add((c.chose.card, c.chose.option))
            goal.cards.add(c.chose.card)


@registers(m.HoldsCondition)
class HoldsConditionKind(ConditionKind):
    def compile(self, c: m.HoldsCondition) -> Cond:
        pid, aid = c.holds.place, c.holds.actor
        return lambda v: v.places[pid][0] == aid

    def words(self, c: m.HoldsCondition, w: Words) -> str:
        return f"{w.names.actor(c.holds.actor)} holds {w.names.places.get(c.holds.place, c.holds.place)}"

    def can_hold(self, c: m.HoldsCondition, a, ctx) -> bool:
        return c.holds.actor in a.r.holders.get(c.holds.place, {c.holds.actor})

    def can_fail(self, c: m.HoldsCondition, a, ctx) -> bool:
        return bool(a.r.holders.get(c.holds.place, {None}) - {c.holds.actor})

    def never(self, c: m.HoldsCondition, a, ctx, path) -> Why:
        return Why(path + ("holds",), f"'{c.holds.actor}' never holds '{c.holds.place}': no effect gives it to them")

    def always(self, c: m.HoldsCondition, a, ctx, path) -> Why:
        return Why(path + ("holds",), f"'{c.holds.actor}' always holds '{c.holds.place}'")

    def want(self, c: m.HoldsCondition, goal: Goal, positive: bool) -> None:
        if positive:
            goal.holds.add((c.holds.place, c.holds.actor))


@registers(m.ContestedCondition)
class ContestedConditionKind(ConditionKind):
    def compile(self, c: m.ContestedCondition) -> Cond:
        pid = c.contested
        return lambda v: v.places[pid][1]

    def words(self, c: m.ContestedCondition, w: Words) -> str:
        return f"fighting at {w.names.places.get(c.contested, c.contested)}"

    def can_hold(self, c: m.ContestedCondition, a, ctx) -> bool:
        return True in a.r.contested.get(c.contested, {True})

    def can_fail(self, c: m.ContestedCondition, a, ctx) -> bool:
        return False in a.r.contested.get(c.contested, {False})

    def never(self, c: m.ContestedCondition, a, ctx, path) -> Why:
        return Why(path + ("contested",), f"there is never fighting at '{c.contested}': no effect starts it")

    def always(self, c: m.ContestedCondition, a, ctx, path) -> Why:
        return Why(path + ("contested",), f"there is always fighting at '{c.contested}'")

    def want(self, c: m.ContestedCondition, goal: Goal, positive: bool) -> None:
        if positive:
            goal.contested.add(c.contested)


# --------------------------------------------------------------------------- effects


@registers(m.MeterEffect)
class MeterEffectKind(EffectKind):
    def compile(self, e: m.MeterEffect, c: Compiler) -> Op:
        mid = e.meter
        spec = c.meters[mid]
        lo, hi = spec.lo, spec.hi
        if spec.soft or spec.watched:  # diminishing returns or thresholds (game.engine.meters)
            if e.add is not None:
                return meter_adder(spec, e.add, c.thresholds.get(mid, ()))  # the list, filled later
            target = max(lo, min(hi, e.set))
            return lambda w, cause: move_meter(w, spec, target, cause)
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

    def words(self, e: m.MeterEffect, w: Words) -> tuple[str, str]:
        name = w.names.meters.get(e.meter, e.meter)
        if e.add is not None:
            return f"{name} {w.change(e.meter, e.add)}", w.tone(e.meter, e.add)
        return (f"{name} → {e.set}" if w.exact else f"{name} reset"), "neutral"

    def summarise(self, e: m.MeterEffect, s: Summary, a, ctx) -> None:
        s.changed.add(e.meter)
        if e.add is not None:
            if e.add > 0:
                s.pos[e.meter] = s.pos.get(e.meter, 0.0) + e.add
            elif e.add < 0:
                s.neg[e.meter] = s.neg.get(e.meter, 0.0) - e.add
        else:
            s.sets.append((e.meter, e.set))

    def sketch(self, e: m.MeterEffect, s: Sketch, weight: float) -> None:
        s.meters[e.meter] = s.meters.get(e.meter, 0.0) + weight * (e.add if e.add is not None else 0)


def _flag_op(name: str, value: bool) -> Op:
    def flag(w, cause):
        before = name in w.flags
        if value:
            w.flags.add(name)
        else:
            w.flags.discard(name)
        if w.events is not None:
            w.events.append((w.turn, FLAG, name, before, value, cause))

    return flag


@registers(m.SetFlagEffect)
class SetFlagEffectKind(EffectKind):
    def compile(self, e: m.SetFlagEffect, c: Compiler) -> Op:
        return _flag_op(e.set_flag, True)

    def words(self, e: m.SetFlagEffect, w: Words) -> None:
        return None  # flags are bookkeeping the player does not see

    def summarise(self, e: m.SetFlagEffect, s: Summary, a, ctx) -> None:
        s.flags.add(e.set_flag)

    def sketch(self, e: m.SetFlagEffect, s: Sketch, weight: float) -> None:
        s.flags.add(e.set_flag)


@registers(m.ClearFlagEffect)
class ClearFlagEffectKind(EffectKind):
    def compile(self, e: m.ClearFlagEffect, c: Compiler) -> Op:
        return _flag_op(e.clear_flag, False)

    def words(self, e: m.ClearFlagEffect, w: Words) -> None:
        return None  # flags are bookkeeping the player does not see

    def summarise(self, e: m.ClearFlagEffect, s: Summary, a, ctx) -> None:
        pass  # flags start unset: clearing one makes nothing possible that was not

    def sketch(self, e: m.ClearFlagEffect, s: Sketch, weight: float) -> None:
        s.cleared.add(e.clear_flag)


@registers(m.ChanceEffect)
class ChanceEffectKind(EffectKind):
    def compile(self, e: m.ChanceEffect, c: Compiler) -> Op:
        odds = e.chance
        label = e.label or ""
        then_ops, else_ops = c.ops(e.then), c.ops(e.else_)

        def chance(w, cause):
            roll = w.roll100()
            success = roll <= odds
            sub = ("chance", cause, label, odds, roll, success)
            if w.events is not None:
                w.events.append((w.turn, CHANCE, label, odds, roll, cause))
            for op in then_ops if success else else_ops:
                op(w, sub)

        return chance

    def words(self, e: m.ChanceEffect, w: Words) -> tuple[str, str]:
        then = w.effects(e.then)
        other = w.effects(e.else_)
        what = f" {e.label}" if e.label else " chance"
        text = f"{e.chance}%{what}" + (f": {then}" if then else "") + (f"; otherwise {other}" if other else "")
        return text, "chance"

    def summarise(self, e: m.ChanceEffect, s: Summary, a, ctx) -> None:
        yes = a.summary(e.then, ctx) if e.chance > 0 else EMPTY
        no = a.summary(e.else_, ctx) if e.chance < 100 else EMPTY
        s.either(yes, no)

    def sketch(self, e: m.ChanceEffect, s: Sketch, weight: float) -> None:
        s.take(e.then, weight * e.chance / 100)
        s.take(e.else_, weight * (100 - e.chance) / 100)


@registers(m.IfEffect)
class IfEffectKind(EffectKind):
    def compile(self, e: m.IfEffect, c: Compiler) -> Op:
        cond = compile_condition(e.if_)
        then_ops, else_ops = c.ops(e.then), c.ops(e.else_)

        def if_(w, cause):
            for op in then_ops if cond(w) else else_ops:
                op(w, cause)

        return if_

    def words(self, e: m.IfEffect, w: Words) -> tuple[str, str] | None:
        then = w.effects(e.then)
        other = w.effects(e.else_)
        if not (then or other):
            return None
        text = f"if {w.condition(e.if_)}: {then or 'nothing'}" + (f"; else {other}" if other else "")
        return text, "neutral"

    def summarise(self, e: m.IfEffect, s: Summary, a, ctx) -> None:
        s.dynamic = True  # which branch can run depends on what is known so far
        yes = a.summary(e.then, ctx) if a.can_hold(e.if_, ctx) else EMPTY
        no = a.summary(e.else_, ctx) if a.can_fail(e.if_, ctx) else EMPTY
        s.either(yes, no)

    def sketch(self, e: m.IfEffect, s: Sketch, weight: float) -> None:
        s.take(e.then, weight / 2)
        s.take(e.else_, weight / 2)


@registers(m.FollowUpEffect)
class FollowUpEffectKind(EffectKind):
    def compile(self, e: m.FollowUpEffect, c: Compiler) -> Op:
        cid, later = e.follow_up, e.in_turns
        repeatable = c.repeatable

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

    def words(self, e: m.FollowUpEffect, w: Words) -> tuple[str, str]:
        when = "this turn" if e.in_turns == 0 else "next turn" if e.in_turns == 1 else f"in {e.in_turns} turns"
        return f"leads to “{w.names.cards.get(e.follow_up, e.follow_up)}” {when}", "later"

    def summarise(self, e: m.FollowUpEffect, s: Summary, a, ctx) -> None:
        s.queued.add(e.follow_up)

    def sketch(self, e: m.FollowUpEffect, s: Sketch, weight: float) -> None:
        s.cards.add(e.follow_up)


@registers(m.DelayedEffect)
class DelayedEffectKind(EffectKind):
    def compile(self, e: m.DelayedEffect, c: Compiler) -> Op:
        key = c.delayed_key(e.label or "", e.effects)
        after = e.after

        def schedule(w, cause):
            due = w.turn + after
            w.delayed.append((due, key, w.turn, cause))
            if w.events is not None:
                w.events.append((w.turn, SCHEDULED, key, w.turn, due, cause))

        return schedule

    def words(self, e: m.DelayedEffect, w: Words) -> tuple[str, str] | None:
        inner = w.effects(e.effects)
        if not inner:
            return None
        if not w.exact:
            return f"later: {inner}", "later"
        when = "next turn" if e.after == 1 else f"in {e.after} turns"
        return f"{when}: {inner}", "later"

    def summarise(self, e: m.DelayedEffect, s: Summary, a, ctx) -> None:
        s.then(a.summary(e.effects, (1, a.turns)))  # it runs in a later turn: any turn, as far as we know

    def sketch(self, e: m.DelayedEffect, s: Sketch, weight: float) -> None:
        s.take(e.effects, weight)


@registers(m.EndGameEffect)
class EndGameEffectKind(EffectKind):
    def compile(self, e: m.EndGameEffect, c: Compiler) -> Op:
        eid = e.end_game

        def end_game(w, cause):
            if w.ending is None:
                w.ending = eid
                if w.events is not None:
                    w.events.append((w.turn, ENDING, eid, None, None, cause))

        return end_game

    def words(self, e: m.EndGameEffect, w: Words) -> tuple[str, str]:
        return f"ends the game: {w.names.endings.get(e.end_game, e.end_game)}", "bad"

    def summarise(self, e: m.EndGameEffect, s: Summary, a, ctx) -> None:
        s.endings.add(e.end_game)

    def sketch(self, e: m.EndGameEffect, s: Sketch, weight: float) -> None:
        s.endings.add(e.end_game)


@registers(m.PlaceEffect)
class PlaceEffectKind(EffectKind):
    def compile(self, e: m.PlaceEffect, c: Compiler) -> Op:
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

    def words(self, e: m.PlaceEffect, w: Words) -> tuple[str, str]:
        place = w.names.places.get(e.place, e.place)
        bits = []
        if e.holder is not None:
            bits.append(f"to {w.names.actor(e.holder)}")
        if e.contested is not None:
            bits.append("fighting" if e.contested else "calm")
        return f"{place}: {', '.join(bits)}", "neutral"

    def summarise(self, e: m.PlaceEffect, s: Summary, a, ctx) -> None:
        if e.holder is not None:
            s.holders.append((e.place, e.holder))
        if e.contested is not None:
            s.contested.append((e.place, e.contested))

    def sketch(self, e: m.PlaceEffect, s: Sketch, weight: float) -> None:
        if e.holder is not None:
            s.holds.add((e.place, e.holder))
        if e.contested:
            s.contested.add(e.place)


@registers(m.ReactEffect)
class ReactEffectKind(EffectKind):
    def compile(self, e: m.ReactEffect, c: Compiler) -> Op:
        actor, text = e.react, e.text
        inner = c.ops(e.effects)

        def react(w, cause):
            sub = ("react", cause, actor)
            if w.events is not None:
                w.events.append((w.turn, REACT, actor, text, None, cause))
            for op in inner:
                op(w, sub)

        return react

    def words(self, e: m.ReactEffect, w: Words) -> tuple[str, str]:
        who = w.names.actor(e.react)
        if not w.exact:  # how the actor takes it, not what follows
            mood = w.mood(e.effects)
            if mood == "good":
                return f"{who} will approve", "good"
            if mood == "bad":
                return f"may provoke {who}", "bad"
            return f"{who} will react", "neutral"
        inner = w.effects(e.effects)
        return f"{who} reacts" + (f": {inner}" if inner else ""), "neutral"

    def summarise(self, e: m.ReactEffect, s: Summary, a, ctx) -> None:
        s.then(a.summary(e.effects, ctx))

    def sketch(self, e: m.ReactEffect, s: Sketch, weight: float) -> None:
        s.take(e.effects, weight)


# --------------------------------------------------------------------------- memory and recurrence


@registers(m.RemembersCondition)
class RemembersConditionKind(ConditionKind):
    def compile(self, c: m.RemembersCondition) -> Cond:
        key = (c.remembers.actor, c.remembers.what)
        lo, hi = allowed_range(c.remembers)
        return lambda v: lo <= v.memory.get(key, 0) <= hi

    def words(self, c: m.RemembersCondition, w: Words) -> str:
        bits = [_how_often(op, n) for op, n in c.remembers.comparisons()]
        return f"{w.names.actor(c.remembers.actor)} remembers “{deed(c.remembers.what)}” {' and '.join(bits)}"

    def can_hold(self, c: m.RemembersCondition, a, ctx) -> bool:
        lo, hi = allowed_range(c.remembers)
        if lo <= 0 <= hi:
            return True  # counts start at 0
        return hi >= 1 and lo <= hi and (c.remembers.actor, c.remembers.what) in a.r.memory

    def can_fail(self, c: m.RemembersCondition, a, ctx) -> bool:
        lo, hi = allowed_range(c.remembers)
        if not lo <= 0 <= hi:
            return True
        return hi < INF and (c.remembers.actor, c.remembers.what) in a.r.memory

    def never(self, c: m.RemembersCondition, a, ctx, path) -> Why:
        lo, hi = allowed_range(c.remembers)
        actor, what = c.remembers.actor, c.remembers.what
        if lo > hi:
            return Why(path + ("remembers",), f"`{_comparison_text(c.remembers)}` contradicts itself")
        return Why(path + ("remembers",), f"'{actor}' never remembers '{what}': no effect that can happen "
                                          "records it")

    def always(self, c: m.RemembersCondition, a, ctx, path) -> Why:
        return Why(path + ("remembers",), f"no effect that can happen changes what '{c.remembers.actor}' "
                                          f"remembers of '{c.remembers.what}', so it always holds")

    def want(self, c: m.RemembersCondition, goal: Goal, positive: bool) -> None:
        lo, hi = allowed_range(c.remembers)
        key = (c.remembers.actor, c.remembers.what)
        if positive:
            goal.memory.append((key, lo, hi))
        elif lo > 0:
            goal.memory.append((key, 0, lo - 1))
        elif hi < INF:
            goal.memory.append((key, hi + 1, INF))


def deed(what: str) -> str:
    """A kind of deed as the player reads it: 'arms-promised' -> 'arms promised'."""
    return what.replace("-", " ").replace("_", " ")


MEMORY_CAP = 1000  # a count never exceeds this (nor falls below 0)


@registers(m.RememberEffect)
class RememberEffectKind(EffectKind):
    def compile(self, e: m.RememberEffect, c: Compiler) -> Op:
        key = (e.remember.actor, e.remember.what)
        delta = e.remember.add

        def remember(w, cause):
            before = w.memory.get(key, 0)
            after = before + delta
            after = 0 if after < 0 else MEMORY_CAP if after > MEMORY_CAP else after
            if after:
                w.memory[key] = after
            else:
                w.memory.pop(key, None)  # a count of 0 is no memory: the state stays as if never counted
            if w.events is not None:
                w.events.append((w.turn, MEMORY, key, before, after, cause))

        return remember

    def words(self, e: m.RememberEffect, w: Words) -> tuple[str, str]:
        who = w.names.actor(e.remember.actor)
        if e.remember.add < 0:
            return f"{who} forgets a little", "later"
        return f"{who} will remember this", "later"

    def summarise(self, e: m.RememberEffect, s: Summary, a, ctx) -> None:
        if e.remember.add > 0:
            s.memory.add((e.remember.actor, e.remember.what))

    def sketch(self, e: m.RememberEffect, s: Sketch, weight: float) -> None:
        key = (e.remember.actor, e.remember.what)
        s.memory[key] = s.memory.get(key, 0.0) + weight * e.remember.add


@registers(m.RecurringEffect)
class RecurringEffectKind(EffectKind):
    def compile(self, e: m.RecurringEffect, c: Compiler) -> Op:
        key = c.delayed_key(e.label or "", e.effects)
        every = e.every
        c.recurring[key] = (compile_condition(e.while_) if e.while_ is not None else None, every)

        def schedule(w, cause):
            due = w.turn + every
            w.delayed.append((due, key, w.turn, cause))
            if w.events is not None:
                w.events.append((w.turn, SCHEDULED, key, w.turn, due, cause))

        return schedule

    def words(self, e: m.RecurringEffect, w: Words) -> tuple[str, str] | None:
        inner = w.effects(e.effects)
        if not inner:
            return None
        when = "every turn" if e.every == 1 else f"every {e.every} turns"
        if isinstance(e.while_, m.FlagCondition):  # a hidden flag: what it keeps going is the option itself
            when += " while it lasts"
        elif e.while_ is not None:
            when += f" while {w.condition(e.while_)}"
        return f"{when}: {inner}", "later"

    def summarise(self, e: m.RecurringEffect, s: Summary, a, ctx) -> None:
        # it runs in later turns, at most once every `every` turns of the game
        s.then(a.summary(e.effects, (1, a.turns)), max(1, a.turns // e.every))

    def sketch(self, e: m.RecurringEffect, s: Sketch, weight: float) -> None:
        s.take(e.effects, weight * 3)  # a few times, as far as a one-step guess can tell
