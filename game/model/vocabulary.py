"""The closed vocabulary of content: every kind of effect and condition, each declared once, here.

Each kind is one pydantic class told apart by its leading YAML key (``meter``, ``set_flag``, ``chance`` ...),
which reads well in YAML and still validates as a discriminated union with ``extra="forbid"``. Beside its
fields a kind declares, as class attributes:

    key      its leading YAML key (also its tag in the union)
    nested   the fields holding nested effects or conditions (`Nested`)
    refs     the fields naming something defined elsewhere: a meter, card, option (with its card), place,
             actor, ending, flag, memory (a kind of deed an actor keeps count of, with its actor), or a
             turn number (`Ref`)
    guide    its row in the authoring guide (`Guide`); the docstring is the row's explanation

Everything else is derived from the two ordered lists `EFFECT_KINDS` and `CONDITION_KINDS`: the unions
`Effect` and `Condition`, the key tables, the walkers `children`, `walk` and `references` (for models and for
the plain data of a file whose schema has problems alike), and the guide's tables (game.content.guide).
What a kind *does* (compile, words, static analysis, steering) is declared once per kind in
game.engine.vocabulary, keyed by these classes.

Adding a kind: its class here (fields, key, nested, refs, guide, docstring) and its place in one of the two
lists; its entry in game.engine.vocabulary; then regenerate the guide (python -m game.content.guide).
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any, ClassVar, Iterator, Literal, NamedTuple, Union

from pydantic import BaseModel, Discriminator, Field, Tag, model_validator

from game.model.base import Id, MeterValue, Percent, Strict

# The public names; every kind joins them below, from the two lists, so game.model.content re-exports it.
__all__ = [
    "Nested", "Ref", "Guide", "Kind", "Child", "Reference", "COMPARISONS", "TurnRange", "ChoiceRef", "HoldRef",
    "MemoryRef", "MemoryTest", "CONDITION_KINDS", "EFFECT_KINDS", "CONDITION_KEYS", "EFFECT_KEYS", "Condition",
    "Effect", "Effects",
    "kind_of", "children", "walk", "references", "describe",
]

# --------------------------------------------------------------------------- what a kind declares


class Nested(NamedTuple):
    """A field holding nested content: a list of effects, a list of conditions, or one condition."""

    key: str  # the YAML key
    holds: Literal["effects", "conditions", "condition"]
    later: bool = False  # its effects run at the end of a later turn (a delayed effect's)


class Ref(NamedTuple):
    """A field naming something defined elsewhere, at `path` (YAML keys from the kind's own mapping)."""

    path: tuple[str, ...]
    to: Literal["meter", "card", "option", "place", "actor", "ending", "flag", "memory", "turn"]
    # what the content does with it: conditions `test`; effects `change` a meter, place or memory, `set` or
    # `clear` a flag, `queue` a card, `end` with an ending, `give` a place to an actor, `name` a reacting
    # actor; a turn reference `start`s a range
    role: str
    card: tuple[str, ...] = ()  # for an option: the path of its card's id
    delay: str = ""  # for a queued card: the key holding how many turns from now
    actor: tuple[str, ...] = ()  # for a memory: the path of its actor's id


class Guide(NamedTuple):
    """A kind's row in the authoring guide (docs/authoring.md); its docstring says what it does."""

    name: str  # how the guide calls it
    keys: str  # its keys or form, in Markdown
    example: str  # YAML: list items (effects) or one flow mapping (conditions), valid as they stand


class Kind(Strict):
    """Base of every effect and condition kind."""

    key: ClassVar[str]
    nested: ClassVar[tuple[Nested, ...]] = ()
    refs: ClassVar[tuple[Ref, ...]] = ()
    guide: ClassVar[Guide]


# --------------------------------------------------------------------------- conditions

COMPARISONS = ("gte", "gt", "lte", "lt", "eq")


class AllCondition(Kind):
    """Holds when every one of the conditions holds."""

    key = "all"
    nested = (Nested("all", "conditions"),)
    guide = Guide("all", "`{all: [c1, c2, ...]}`",
                  "{all: [{meter: bargaining, gte: 72}, {flag: line-bargaining}]}")

    all: list["Condition"] = Field(min_length=1, max_length=100)


class AnyCondition(Kind):
    """Holds when at least one of the conditions holds."""

    key = "any"
    nested = (Nested("any", "conditions"),)
    guide = Guide("any", "`{any: [c1, c2, ...]}`",
                  "{any: [{flag: line-bargaining}, {chose: {card: unsc-draft, option: amend}}]}")

    any: list["Condition"] = Field(min_length=1, max_length=100)


class NotCondition(Kind):
    """Holds when the condition under it does not."""

    key = "not"
    nested = (Nested("not", "condition"),)
    guide = Guide("not", "`{not: c}`", "{not: {holds: {place: tripoli, actor: lna}}}")

    not_: "Condition" = Field(alias="not")


class MeterCondition(Kind):
    """Holds when the meter compares as stated: `gte` ≥, `gt` >, `lte` ≤, `lt` <, `eq` =."""

    key = "meter"
    refs = (Ref(("meter",), "meter", "test"),)
    guide = Guide("meter", "`{meter: id, gte: N}` (also `gt`, `lte`, `lt`, `eq`; several together must all "
                           "hold)", "{meter: bargaining, gte: 60, lt: 80}")

    meter: Id
    gte: MeterValue | None = None
    gt: MeterValue | None = None
    lte: MeterValue | None = None
    lt: MeterValue | None = None
    eq: MeterValue | None = None

    @model_validator(mode="after")
    def _one_comparison(self) -> "MeterCondition":
        if all(v is None for v in (self.gte, self.gt, self.lte, self.lt, self.eq)):
            raise ValueError("give at least one comparison: gte, gt, lte, lt or eq")
        return self

    def comparisons(self) -> list[tuple[str, int]]:
        """The comparisons given, in the order gte, gt, lte, lt, eq: [("gte", 45), ("lt", 80)]."""
        return [(op, n) for op, n in ((op, getattr(self, op)) for op in COMPARISONS) if n is not None]


class FlagCondition(Kind):
    """Holds when the flag is set."""

    key = "flag"
    refs = (Ref(("flag",), "flag", "test"),)
    guide = Guide("flag", "`{flag: name}`", "{flag: unsc-blocked}")

    flag: Id


class TurnRange(Strict):
    from_: int | None = Field(default=None, alias="from", ge=1, le=10_000)
    to: int | None = Field(default=None, ge=1, le=10_000)

    @model_validator(mode="after")
    def _ordered(self) -> "TurnRange":
        if self.from_ is None and self.to is None:
            raise ValueError("give 'from', 'to' or both")
        if self.from_ is not None and self.to is not None and self.from_ > self.to:
            raise ValueError(f"'from' ({self.from_}) is after 'to' ({self.to})")
        return self


class TurnCondition(Kind):
    """Holds when the current turn lies in the range (both ends included)."""

    key = "turn"
    refs = (Ref(("turn", "from"), "turn", "start"),)
    guide = Guide("turn", "`{turn: {from: 3, to: 8}}` (either bound may be left out)", "{turn: {from: 3, to: 8}}")

    turn: TurnRange


class SeenCondition(Kind):
    """Holds once that card has been drawn this game."""

    key = "seen"
    refs = (Ref(("seen",), "card", "test"),)
    guide = Guide("seen", "`{seen: card-id}`", "{seen: haftar-visit}")

    seen: Id


class ChoiceRef(Strict):
    card: Id
    option: Id


class ChoseCondition(Kind):
    """Holds when the player took that option of that card."""

    key = "chose"
    refs = (Ref(("chose", "card"), "card", "test"),
            Ref(("chose", "option"), "option", "test", card=("chose", "card")))
    guide = Guide("chose", "`{chose: {card: card-id, option: option-id}}`",
                  "{chose: {card: unsc-draft, option: amend}}")

    chose: ChoiceRef


class HoldRef(Strict):
    place: Id
    actor: Id


class HoldsCondition(Kind):
    """Holds when the actor holds the place."""

    key = "holds"
    refs = (Ref(("holds", "place"), "place", "test"), Ref(("holds", "actor"), "actor", "test"))
    guide = Guide("holds", "`{holds: {place: place-id, actor: actor-id}}`", "{holds: {place: tripoli, actor: lna}}")

    holds: HoldRef


class ContestedCondition(Kind):
    """Holds while there is fighting at the place."""

    key = "contested"
    refs = (Ref(("contested",), "place", "test"),)
    guide = Guide("contested", "`{contested: place-id}`", "{contested: sirte}")

    contested: Id


class MemoryTest(Strict):
    actor: Id
    what: Id
    gte: int | None = Field(default=None, ge=0, le=1000)
    gt: int | None = Field(default=None, ge=0, le=1000)
    lte: int | None = Field(default=None, ge=0, le=1000)
    lt: int | None = Field(default=None, ge=0, le=1000)
    eq: int | None = Field(default=None, ge=0, le=1000)

    @model_validator(mode="after")
    def _one_comparison(self) -> "MemoryTest":
        if all(v is None for v in (self.gte, self.gt, self.lte, self.lt, self.eq)):
            raise ValueError("give at least one comparison: gte, gt, lte, lt or eq")
        return self

    def comparisons(self) -> list[tuple[str, int]]:
        """The comparisons given, in the order gte, gt, lte, lt, eq."""
        return [(op, n) for op, n in ((op, getattr(self, op)) for op in COMPARISONS) if n is not None]


class RemembersCondition(Kind):
    """Holds when the actor's count of that kind of deed compares as stated (counts start at 0; see the
    `remember` effect): what you have done before, not only this turn."""

    key = "remembers"
    refs = (Ref(("remembers", "actor"), "actor", "test"),
            Ref(("remembers", "what"), "memory", "test", actor=("remembers", "actor")))
    guide = Guide("remembers", "`{remembers: {actor: actor-id, what: deed, gte: N}}` (also `gt`, `lte`, `lt`, "
                               "`eq`)", "{remembers: {actor: gna, what: snubbed, gte: 2}}")

    remembers: MemoryTest


# The order decides which kind a mapping is when it has several leading keys (the first found).
CONDITION_KINDS: tuple[type[Kind], ...] = (
    AllCondition, AnyCondition, NotCondition, MeterCondition, FlagCondition, TurnCondition, SeenCondition,
    ChoseCondition, HoldsCondition, ContestedCondition, RemembersCondition,
)


# --------------------------------------------------------------------------- effects


class MeterEffect(Kind):
    """Changes a meter: `add` (may be negative) or `set`; the result is clamped to the meter's range. `why` is
    shown in the log beside the change."""

    key = "meter"
    refs = (Ref(("meter",), "meter", "change"),)
    guide = Guide("meter", "`meter`, one of `add` / `set`, optional `why`",
                  '- {meter: wagner-exposure, add: -5, why: "nothing left to deny"}\n'
                  "- {meter: stability, set: 50}")

    meter: Id
    add: MeterValue | None = None
    set: MeterValue | None = None
    why: str | None = Field(default=None, max_length=500, description="shown in the log beside the change")

    @model_validator(mode="after")
    def _one_of(self) -> "MeterEffect":
        if (self.add is None) == (self.set is None):
            raise ValueError("give exactly one of 'add' or 'set'")
        return self


class SetFlagEffect(Kind):
    """Sets a flag: a hidden yes/no marker that other cards test with `flag:`."""

    key = "set_flag"
    refs = (Ref(("set_flag",), "flag", "set"),)
    guide = Guide("set a flag", "`set_flag: name`", "- {set_flag: unsc-blocked}")

    set_flag: Id


class ClearFlagEffect(Kind):
    """Clears a flag: `flag:` conditions on it no longer hold until something sets it again."""

    key = "clear_flag"
    refs = (Ref(("clear_flag",), "flag", "clear"),)
    guide = Guide("clear a flag", "`clear_flag: name`", "- {clear_flag: deployed}")

    clear_flag: Id


class ChanceEffect(Kind):
    """Rolls 1-100 against the stated odds (percent): on a roll at most the odds `then` happens, otherwise
    `else`. The log shows the odds and the roll; `label` says what is being rolled for."""

    key = "chance"
    nested = (Nested("then", "effects"), Nested("else", "effects"))
    guide = Guide("chance", "`chance: 0-100`, optional `label`, `then`, `else`",
                  "- chance: 40\n"
                  '  label: "the reinforcement is reported"\n'
                  "  then: [{follow_up: wagner-exposed, in_turns: 1}]\n"
                  "  else: [{meter: bargaining, add: 2}]")

    chance: Percent
    label: str | None = Field(default=None, max_length=200, description="what is being rolled for")
    then: list["Effect"] = Field(default_factory=list, max_length=100)
    else_: list["Effect"] = Field(default_factory=list, alias="else", max_length=100)


class IfEffect(Kind):
    """`then` happens when the condition holds at that moment, otherwise `else`."""

    key = "if"
    nested = (Nested("if", "condition"), Nested("then", "effects"), Nested("else", "effects"))
    guide = Guide("if", "`if: <condition>`, `then`, `else`",
                  "- if: {flag: mini-alliance}\n"
                  "  then: [{meter: ct-credibility, add: 6}]\n"
                  "  else: [{meter: ct-credibility, add: 2}]")

    if_: Condition = Field(alias="if")
    then: list["Effect"] = Field(default_factory=list, max_length=100)
    else_: list["Effect"] = Field(default_factory=list, alias="else", max_length=100)


class FollowUpEffect(Kind):
    """Queues a card: drawn at the start of the turn `in_turns` turns from now, or later this turn with
    `in_turns: 0`. A card already drawn is not drawn again unless it is repeatable."""

    key = "follow_up"
    refs = (Ref(("follow_up",), "card", "queue", delay="in_turns"),)
    guide = Guide("follow-up", "`follow_up: card-id`, `in_turns` (default 1)",
                  "- {follow_up: second-draft, in_turns: 0}")

    follow_up: Id
    in_turns: int = Field(default=1, ge=0, le=1000)


class DelayedEffect(Kind):
    """The effects happen at the end of the turn N turns from now (`after: 1` = the end of next turn); the
    log shows `label` when they do."""

    key = "after"
    nested = (Nested("effects", "effects", later=True),)
    guide = Guide("delayed", "`after: N`, `effects`, optional `label`",
                  "- after: 2\n"
                  '  label: "Western capitals keep up the pressure"\n'
                  "  effects: [{meter: western-pressure, add: 5}]")

    after: int = Field(ge=1, le=1000)
    effects: list["Effect"] = Field(min_length=1, max_length=100)
    label: str | None = Field(default=None, max_length=200, description="shown in the log when it fires")


class EndGameEffect(Kind):
    """Ends the game at once with that ending."""

    key = "end_game"
    refs = (Ref(("end_game",), "ending", "end"),)
    guide = Guide("end the game", "`end_game: ending-id`", "- {end_game: offensive-collapses}")

    end_game: Id


class PlaceEffect(Kind):
    """Changes who holds the place, whether there is fighting there, or both."""

    key = "place"
    refs = (Ref(("place",), "place", "change"), Ref(("holder",), "actor", "give"))
    guide = Guide("place", "`place: place-id`, `holder: actor-id` and/or `contested: true/false`",
                  "- {place: sirte, holder: lna, contested: false}")

    place: Id
    holder: Id | None = None
    contested: bool | None = None

    @model_validator(mode="after")
    def _something(self) -> "PlaceEffect":
        if self.holder is None and self.contested is None:
            raise ValueError("give 'holder', 'contested' or both")
        return self


class ReactEffect(Kind):
    """An actor reacts: the text is shown, and its effects are attributed to that actor in the log."""

    key = "react"
    refs = (Ref(("react",), "actor", "name"),)
    nested = (Nested("effects", "effects"),)
    guide = Guide("reaction", "`react: actor-id`, `text`, optional `effects`",
                  "- react: egypt\n"
                  "  text: Cairo welcomes Moscow's stand on the draft.\n"
                  "  effects: [{meter: gulf-alignment, add: 5}]")

    react: Id
    text: str = Field(min_length=1, max_length=2000)
    effects: list["Effect"] = Field(default_factory=list, max_length=100)


class MemoryRef(Strict):
    actor: Id
    what: Id
    add: int = Field(default=1, ge=-100, le=100, description="may be negative: the actor forgets a little")


class RememberEffect(Kind):
    """The actor keeps count of what you did: adds `add` (default 1; may be negative) to its count of that
    kind of deed, which `remembers` conditions read later (a count never falls below 0). The kinds of deed
    an actor can keep count of are declared in its `remembers` list."""

    key = "remember"
    refs = (Ref(("remember", "actor"), "actor", "name"),
            Ref(("remember", "what"), "memory", "change", actor=("remember", "actor")))
    guide = Guide("remember", "`remember: {actor: actor-id, what: deed, add: N}` (`add` defaults to 1)",
                  "- {remember: {actor: gna, what: snubbed}}\n"
                  "- {remember: {actor: egypt, what: courted, add: 2}}")

    remember: MemoryRef


class RecurringEffect(Kind):
    """The effects happen at the end of every N-th turn from now (`every: 1`: the end of next turn, and of
    each turn after), for as long as `while` holds when they come due; the first time it does not, they
    stop for good. Exposure that grows each turn while arms flow; a promise that keeps costing."""

    key = "every"
    nested = (Nested("while", "condition", later=True), Nested("effects", "effects", later=True))
    guide = Guide("recurring", "`every: N`, `effects`, optional `while: <condition>`, `label`",
                  "- every: 1\n"
                  '  while: {flag: arms-flowing}\n'
                  '  label: "the arms pipeline is noticed"\n'
                  "  effects: [{meter: wagner-exposure, add: 3}]")

    every: int = Field(ge=1, le=1000)
    while_: Condition | None = Field(default=None, alias="while")
    effects: list["Effect"] = Field(min_length=1, max_length=100)
    label: str | None = Field(default=None, max_length=200, description="shown in the log each time")


# The order decides which kind a mapping is when it has several leading keys (the first found).
EFFECT_KINDS: tuple[type[Kind], ...] = (
    MeterEffect, SetFlagEffect, ClearFlagEffect, ChanceEffect, IfEffect, FollowUpEffect, DelayedEffect,
    EndGameEffect, PlaceEffect, ReactEffect, RememberEffect, RecurringEffect,
)


# --------------------------------------------------------------------------- the unions, derived

# leading key -> tag (they are the same word); the first key found in this order decides the kind
CONDITION_KEYS: dict[str, str] = {k.key: k.key for k in CONDITION_KINDS}
EFFECT_KEYS: dict[str, str] = {k.key: k.key for k in EFFECT_KINDS}
_KEY_ORDER: dict[str, tuple[tuple[str, type[Kind]], ...]] = {
    "effect": tuple((k.key, k) for k in EFFECT_KINDS),
    "condition": tuple((k.key, k) for k in CONDITION_KINDS),
}


def _tag_of(keys: dict[str, str]):
    def pick(value: Any) -> str | None:
        if isinstance(value, BaseModel):  # a model already (serialising needs no dump)
            return getattr(type(value), "key", None) if isinstance(value, Kind) else None
        if not isinstance(value, dict):
            return None
        for key, tag in keys.items():
            if key in value:
                return tag
        return None

    return pick


def _union(kinds: tuple[type[Kind], ...], keys: dict[str, str], what: str):
    members = tuple(Annotated[k, Tag(k.key)] for k in kinds)
    return Annotated[
        Union[members],  # type: ignore[valid-type]
        Discriminator(
            _tag_of(keys),
            custom_error_type=f"unknown_{what}",
            custom_error_message=f"not {'an' if what[0] in 'aeiou' else 'a'} {what}: it needs one of the keys "
            + ", ".join(keys),
        ),
    ]


Condition = _union(CONDITION_KINDS, CONDITION_KEYS, "condition")
Effect = _union(EFFECT_KINDS, EFFECT_KEYS, "effect")
Effects = Annotated[list[Effect], Field(default_factory=list, max_length=200)]

for _kind in (*CONDITION_KINDS, *EFFECT_KINDS):
    if _kind.nested:
        _kind.model_rebuild()
    __all__.append(_kind.__name__)


# --------------------------------------------------------------------------- walkers


class Child(NamedTuple):
    """A nested effect or condition: its path from the parent (YAML keys and list indices), the node (a
    model, or a mapping of plain data), its family ("effect" or "condition"), and whether it runs in a
    later turn than its parent."""

    path: tuple
    node: Any
    family: str
    later: bool


class Reference(NamedTuple):
    """A reference found in a node: what it names (`to`), the value as written, where (YAML path from the
    node walked), the declared role, for an option its card's id, for a queued card its delay in turns,
    whether it sits in effects that run in a later turn (under a delayed effect), and for a memory its
    actor's id."""

    to: str
    value: Any
    path: tuple
    role: str
    card: Any = None
    delay: Any = None
    later: bool = False
    actor: Any = None


def kind_of(value: Any, family: str | None = None) -> type[Kind] | None:
    """The kind of a model, or of a mapping of plain data read as `family` ("effect" or "condition")."""
    if isinstance(value, Kind):
        return type(value)
    if isinstance(value, dict) and family is not None:
        for key, kind in _KEY_ORDER[family]:
            if key in value:
                return kind
    return None


class _Access(NamedTuple):
    """How to read a declared field: by YAML keys in plain data, by attribute names in a model."""

    keys: tuple[str, ...]
    attrs: tuple[str, ...]


def _access(kind: type[BaseModel], keys: tuple[str, ...]) -> _Access:
    attrs, cls = [], kind
    for key in keys:
        names = {(f.alias or name): (name, f.annotation) for name, f in cls.model_fields.items()}
        name, annotation = names[key]
        attrs.append(name)
        cls = annotation if isinstance(annotation, type) else None  # a sub-model (ChoiceRef...) or a leaf
    return _Access(tuple(keys), tuple(attrs))


def _read(node: Any, access: _Access) -> Any:
    if isinstance(node, dict):
        for key in access.keys:
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return node
    for attr in access.attrs:
        node = getattr(node, attr, None)
    return node


def _ref_plan(kind: type[Kind], r: Ref) -> tuple:
    """(ref, where its value is, where its card is, where its delay is, the delay's default, where its
    actor is)."""
    card = _access(kind, r.card) if r.card else None
    actor = _access(kind, r.actor) if r.actor else None
    if not r.delay:
        return r, _access(kind, r.path), card, None, None, actor
    delay = _access(kind, (r.delay,))
    return r, _access(kind, r.path), card, delay, kind.model_fields[delay.attrs[0]].default, actor


# per kind, worked out once (a declaration naming no field fails here, at import)
_REFS: dict[type[Kind], tuple] = {
    k: tuple(_ref_plan(k, r) for r in k.refs) for k in (*CONDITION_KINDS, *EFFECT_KINDS)
}
_NESTED: dict[type[Kind], tuple] = {
    k: tuple((n, _access(k, (n.key,)), "effect" if n.holds == "effects" else "condition") for n in k.nested)
    for k in (*CONDITION_KINDS, *EFFECT_KINDS)
}


def _children(node: Any, kind: type[Kind]) -> Iterator[tuple[tuple, Any, type[Kind], str, bool]]:
    """(path, node, kind, family, later) of what is nested in `node`; in plain data, what is not a
    mapping of a known kind is skipped (the schema reports it)."""
    for n, access, family in _NESTED[kind]:
        value = _read(node, access)
        if n.holds == "condition":
            sub = kind_of(value, family)
            if sub is not None:
                yield (n.key,), value, sub, family, n.later
        elif isinstance(value, list):
            for i, x in enumerate(value):
                sub = kind_of(x, family)
                if sub is not None:
                    yield (n.key, i), x, sub, family, n.later


def _references(node: Any, kind: type[Kind], base: tuple, later: bool, out: list) -> None:
    plain = isinstance(node, dict)
    for r, access, card, delay, default, actor in _REFS[kind]:
        # most references are one key deep: read those directly (this runs for every effect of a deck)
        if len(access.keys) == 1:
            value = node.get(access.keys[0]) if plain else getattr(node, access.attrs[0])
        else:
            value = _read(node, access)
        if value is None:
            continue
        how_soon = None
        if delay is not None:
            how_soon = _read(node, delay)
            if how_soon is None:
                how_soon = default
        out.append(Reference(r.to, value, base + r.path, r.role, _read(node, card) if card else None, how_soon,
                             later, _read(node, actor) if actor else None))


def children(node: Any, family: str | None = None) -> list[Child]:
    """The effects and conditions directly nested in `node`, in declaration order. Plain data needs its
    `family`; what is not a mapping of a known kind there is skipped (the schema reports it)."""
    kind = kind_of(node, family)
    if kind is None:
        return []
    return [Child(path, x, fam, later) for path, x, _, fam, later in _children(node, kind)]


def walk(node: Any, family: str | None = None) -> Iterator[Child]:
    """`node` and everything nested in it, depth first in declaration order, with paths from `node`."""
    kind = kind_of(node, family)
    if kind is None:
        return
    fam = family or ("effect" if kind in EFFECT_KINDS else "condition")
    stack = [((), node, kind, fam, False)]
    while stack:
        path, here, kind, fam, later = stack.pop()
        yield Child(path, here, fam, later)
        below = list(_children(here, kind))
        for sub, x, k, f, lat in reversed(below):
            stack.append((path + sub, x, k, f, later or lat))


def references(node: Any, family: str | None = None, deep: bool = False) -> list[Reference]:
    """The references `node` makes, in declaration order (with `deep`, its children's too, depth first,
    with paths from `node`); absent ones are skipped, malformed values are given as written (plain data
    may hold anything)."""
    kind = kind_of(node, family)
    out: list[Reference] = []
    if kind is None:
        return out
    if not deep:
        _references(node, kind, (), False, out)
    else:
        _deep_references(node, kind, (), False, out)
    return out


def _deep_references(node: Any, kind: type[Kind], path: tuple, later: bool, out: list) -> None:
    if _REFS[kind]:
        _references(node, kind, path, later, out)
    if _NESTED[kind]:
        for sub, x, k, _, lat in _children(node, kind):
            _deep_references(x, k, path + sub, later or lat, out)


def describe(kind: type[Kind]) -> str:
    """A kind's docstring as one line (the guide's explanation)."""
    return " ".join(inspect.cleandoc(kind.__doc__ or "").split())
