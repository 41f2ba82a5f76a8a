"""The events of a game as typed records: one small frozen class per kind of event and of cause.

This module is the one description of events. The engine's hot loop records plain tuples (fast); `decode`
turns them into these records (`apply` and `new_game_events` return records), and everything that reads
events (the explanations, the log, the debrief, save verification, `wargame check`) uses their named
fields. Saves store them by name through the `Event` union below (game.model.save), e.g.

    {"kind": "meter", "turn": 3, "meter": "leverage", "before": 40, "after": 46,
     "cause": {"kind": "option", "card": "unsc-draft", "option": "veto"}}

To add a kind of event: declare its record here with `@record("its-kind")`, add it to `EVENT_TYPES`, give
it a decoder in `_DECODERS` (for the tuple the engine records), and its sentence in game.engine.explain.

The engine's raw tuple is `(turn, kind, subject, a, b, cause)`; what `subject`, `a` and `b` mean for each
kind is written once, in the decoders at the end of this module. Raw causes are nested tuples:
("card", card), ("option", card, option), ("chance", parent, label, odds, roll, success),
("delayed", parent, label, turn scheduled), ("react", parent, actor), ("cost", card, option, surcharges),
("drift", meter), ("threshold", parent, threshold), ("ending",) for the end-of-turn check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Callable, Literal, Optional, Union

from pydantic import ConfigDict, Field, TypeAdapter, model_serializer

_CONFIG = ConfigDict(extra="forbid")
KINDS: dict[type, str] = {}  # record class -> its kind (its name in saves)


def record(kind: str):
    """Declare a record: a frozen, slotted dataclass with a `kind` tag that names it in saves."""

    def make(cls):
        cls.__annotations__ = {"kind": Literal[kind], **cls.__annotations__}  # first in the saved form
        cls.kind = field(default=kind, repr=False, kw_only=True)
        cls.__pydantic_config__ = _CONFIG
        made = dataclass(frozen=True, slots=True)(cls)
        KINDS[made] = kind
        return made

    return make


# --------------------------------------------------------------------------- causes


@record("card")
class CardCause:
    """The effects of a card itself (an event card, or a decision card's own effects)."""

    card: str


@record("option")
class OptionCause:
    """The option the player chose on a card."""

    card: str
    option: str


@record("chance")
class ChanceCause:
    """A branch of a chance effect, after `parent` set it rolling."""

    parent: EffectCause
    label: str
    odds: int
    roll: int
    success: bool


@record("delayed")
class DelayedCause:
    """A delayed effect coming due, set in motion by `parent` in turn `scheduled`."""

    parent: EffectCause
    label: str
    scheduled: int


@record("react")
class ReactionCause:
    """An actor's reaction to `parent`."""

    parent: EffectCause
    actor: str


@record("cost")
class CostCause:
    """The cost of the option the player chose, spent from the scenario's budget when it was chosen;
    `surcharges` are the (amount, why) extras that applied then."""

    card: str
    option: str
    surcharges: tuple[tuple[int, str], ...] = ()


@record("drift")
class DriftCause:
    """A meter's drift at the end of a turn (see Meter.drift)."""

    meter: str


@record("threshold")
class ThresholdCause:
    """The effects of a threshold: an actor reacting to a meter crossing a line, which `parent` did."""

    parent: EffectCause
    threshold: str


@record("end_of_turn")
class EndOfTurnCheck:
    """The check of the endings at the end of a turn."""


EFFECT_CAUSES: tuple[type, ...] = (CardCause, OptionCause, ChanceCause, DelayedCause, ReactionCause, CostCause,
                                   DriftCause, ThresholdCause)
EffectCause = Annotated[Union[EFFECT_CAUSES], Field(discriminator="kind")]  # what an effect runs for
EndingCause = Annotated[Union[(*EFFECT_CAUSES, EndOfTurnCheck)], Field(discriminator="kind")]
# causes with a `parent` cause
PARENT_CAUSES: tuple[type, ...] = (ChanceCause, DelayedCause, ReactionCause, ThresholdCause)


# --------------------------------------------------------------------------- events


@record("turn_start")
class TurnStarted:
    turn: int
    date: str  # ISO date the turn starts


@record("turn_end")
class TurnEnded:
    turn: int
    date: str  # ISO date the turn started


@record("draw")
class CardDrawn:
    turn: int
    card: str
    how: str  # "fixed" (on the calendar), "follow_up" or "random"
    roll: Optional[float]  # random draws: the 0..1 pick that chose the card; None otherwise


@record("decision")
class DecisionMade:
    turn: int
    card: Optional[str]  # None: a turn with no card to answer
    option: Optional[str]  # None: an event card acknowledged, or no option was legal


@record("meter")
class MeterChanged:
    turn: int
    meter: str
    before: int
    after: int  # equal to `before` when the meter was already at its limit
    cause: EffectCause
    # the change asked for, when diminishing returns (Meter.soft) made the applied one smaller; None when
    # the change was applied as asked (up to the meter's limits) or the meter was set
    requested: Optional[int] = None

    @model_serializer(mode="wrap")
    def _saved(self, handler):
        # no `requested` key when there is none: a save of content without soft limits reads as before
        data = handler(self)
        if isinstance(data, dict) and data.get("requested") is None:
            data.pop("requested", None)
        return data


@record("flag")
class FlagChanged:
    turn: int
    flag: str
    before: bool  # was set
    after: bool  # is set
    cause: EffectCause


@record("place")
class PlaceChanged:
    turn: int
    place: str
    holder_before: str
    contested_before: bool
    holder_after: str
    contested_after: bool
    cause: EffectCause


@record("chance")
class ChanceRolled:
    turn: int
    label: str
    odds: int  # percent
    roll: int  # 1..100
    success: bool  # roll <= odds
    cause: EffectCause


@record("scheduled")
class DelayedScheduled:
    turn: int
    key: int  # the delayed effect, an index into the compiled rules' `delayed`
    due: int  # the turn at whose end it comes due
    cause: EffectCause


@record("delayed")
class DelayedDue:
    turn: int
    key: int
    label: str
    scheduled: int  # the turn it was set in motion
    cause: EffectCause  # what set it in motion


@record("follow_up")
class FollowUpQueued:
    turn: int
    card: str
    due: int  # equal to `turn`: later this turn
    cause: EffectCause


@record("react")
class ActorReacted:
    turn: int
    actor: str
    text: str
    cause: EffectCause


@record("ending")
class EndingReached:
    turn: int
    ending: str
    cause: EndingCause


@record("threshold")
class ThresholdCrossed:
    """A change took a meter across a threshold's line: its actor reacts (its effects follow, each with a
    ThresholdCause)."""

    turn: int
    threshold: str
    meter: str
    before: int
    after: int
    cause: EffectCause  # the change that crossed it


@record("memory")
class MemoryChanged:
    """An actor's count of a kind of deed changed (a `remember` effect)."""

    turn: int
    actor: str
    what: str
    before: int
    after: int
    cause: EffectCause


@record("recurring_end")
class RecurringEnded:
    """A recurring effect came due while its `while` no longer held: it stops for good."""

    turn: int
    key: int
    label: str
    scheduled: int  # the turn it was set in motion
    cause: EffectCause  # what set it in motion


EVENT_TYPES: tuple[type, ...] = (
    TurnStarted, TurnEnded, CardDrawn, DecisionMade, MeterChanged, FlagChanged, PlaceChanged, ChanceRolled,
    DelayedScheduled, DelayedDue, FollowUpQueued, ActorReacted, EndingReached, ThresholdCrossed, MemoryChanged,
    RecurringEnded)
Event = Annotated[Union[EVENT_TYPES], Field(discriminator="kind")]  # any event: saves validate with this
# events that change the game's state, each naming its cause
CHANGES: tuple[type, ...] = (MeterChanged, FlagChanged, PlaceChanged, MemoryChanged)


# --------------------------------------------------------------------------- JSON, by name

@cache
def _json_adapter() -> TypeAdapter:
    return TypeAdapter(Event)  # built on first use: the engine imports this module, and rarely needs JSON


def to_json(event) -> dict:
    """An event as JSON data, by name (as saves store it)."""
    return _json_adapter().dump_python(event, mode="json", warnings=False)


def from_json(data) -> Event:
    """An event back from `to_json`'s form; pydantic's ValidationError when it is not one."""
    return _json_adapter().validate_python(data)


# --------------------------------------------------------------------------- decoding the engine's tuples


class UndecodableEvent(ValueError):
    """A raw tuple that is not an event the engine records."""


def decode(raw: tuple) -> Event:
    """One engine tuple as its record."""
    return decode_all((raw,))[0]


def decode_all(raws, only: tuple[type, ...] | None = None) -> list:
    """The engine's tuples as records, in order. Causes the engine shared stay shared. With `only` (record
    types), just the events of those types: the others are skipped without being built (`wargame check`
    reads the meter changes of thousands of games)."""
    if only is None:
        decoders = _DECODERS
    else:
        decoders = {k: (types, fn) for k, (types, fn) in _DECODERS.items() if not set(types).isdisjoint(only)}
    causes: dict[int, object] = {}  # id of a raw cause (alive in `raws`) -> its record
    out = []
    for raw in raws:
        try:
            turn, kind, subject, a, b, cause = raw
        except (TypeError, ValueError):
            raise UndecodableEvent(f"not an event (six fields expected): {raw!r}") from None
        entry = decoders.get(kind) if isinstance(kind, str) else None
        if entry is None:
            if isinstance(kind, str) and kind in _DECODERS:
                continue  # a kind `only` leaves out
            raise UndecodableEvent(f"unknown kind of event {kind!r}")
        try:
            event = entry[1](turn, subject, a, b, cause, causes)
        except UndecodableEvent:
            raise
        except (TypeError, ValueError):
            raise UndecodableEvent(f"not a valid {kind} event: {raw!r}") from None
        if only is None or isinstance(event, only):
            out.append(event)
    return out


def _cause(raw, memo: dict):
    hit = memo.get(id(raw))
    if hit is None:
        try:
            hit = _CAUSE_DECODERS[raw[0]](raw, memo)
        except (TypeError, ValueError, IndexError, KeyError):
            raise UndecodableEvent(f"not a cause: {raw!r}") from None
        memo[id(raw)] = hit
    return hit


def _chance_cause(raw, memo):
    _, parent, label, odds, roll, success = raw
    return ChanceCause(_cause(parent, memo), label, odds, roll, success)


def _delayed_cause(raw, memo):
    _, parent, label, scheduled = raw
    return DelayedCause(_cause(parent, memo), label, scheduled)


def _reaction_cause(raw, memo):
    _, parent, actor = raw
    return ReactionCause(_cause(parent, memo), actor)


def _card_cause(raw, memo):
    _, card = raw
    return CardCause(card)


def _option_cause(raw, memo):
    _, card, option = raw
    return OptionCause(card, option)


def _end_of_turn(raw, memo):
    if len(raw) != 1:
        raise ValueError(raw)
    return EndOfTurnCheck()


def _cost_cause(raw, memo):
    _, card, option, surcharges = raw
    return CostCause(card, option, tuple((add, why) for add, why in surcharges))


def _drift_cause(raw, memo):
    _, meter = raw
    return DriftCause(meter)


def _threshold_cause(raw, memo):
    _, parent, threshold = raw
    return ThresholdCause(_cause(parent, memo), threshold)


_CAUSE_DECODERS = {
    "card": _card_cause,
    "option": _option_cause,
    "chance": _chance_cause,
    "delayed": _delayed_cause,
    "react": _reaction_cause,
    "cost": _cost_cause,
    "drift": _drift_cause,
    "threshold": _threshold_cause,
    "ending": _end_of_turn,
}


def _meter(turn, subject, before, after, cause, memo):
    # subject: the meter's id; or (id, change asked for) when diminishing returns cut the change
    if isinstance(subject, tuple):
        meter, requested = subject
        return MeterChanged(turn, meter, before, after, _cause(cause, memo), requested)
    return MeterChanged(turn, subject, before, after, _cause(cause, memo))


def _turn(turn, subject, a, b, cause, memo):
    if subject == "start":
        return TurnStarted(turn, a)  # a: the turn's date
    if subject == "end":
        return TurnEnded(turn, a)
    raise UndecodableEvent(f"a turn event is a start or an end, not {subject!r}")


# per raw kind: the records it gives, and what the tuple's subject, a and b are (the cause is decoded for
# the kinds that keep one; turn, draw and decision events have a fixed cause the engine records for
# completeness)
_DECODERS: dict[str, tuple[tuple[type, ...], Callable]] = {
    "turn": ((TurnStarted, TurnEnded), _turn),
    "draw": ((CardDrawn,), lambda turn, card, how, roll, cause, memo: CardDrawn(turn, card, how, roll)),
    "decision": ((DecisionMade,), lambda turn, card, option, _b, cause, memo: DecisionMade(turn, card, option)),
    "meter": ((MeterChanged,), _meter),
    "flag": ((FlagChanged,), lambda turn, flag, before, after, cause, memo: FlagChanged(
        turn, flag, before, after, _cause(cause, memo))),
    "place": ((PlaceChanged,), lambda turn, place, before, after, cause, memo: PlaceChanged(
        turn, place, *before, *after, _cause(cause, memo))),
    "chance": ((ChanceRolled,), lambda turn, label, odds, roll, cause, memo: ChanceRolled(
        turn, label, odds, roll, roll <= odds, _cause(cause, memo))),
    # a: the turn it is scheduled in (the event's own turn)
    "scheduled": ((DelayedScheduled,), lambda turn, key, _a, due, cause, memo: DelayedScheduled(
        turn, key, due, _cause(cause, memo))),
    "delayed": ((DelayedDue,), lambda turn, key, scheduled, label, cause, memo: DelayedDue(
        turn, key, label, scheduled, _cause(cause, memo))),
    # a: the turn it is queued in (the event's own turn)
    "follow_up": ((FollowUpQueued,), lambda turn, card, _a, due, cause, memo: FollowUpQueued(
        turn, card, due, _cause(cause, memo))),
    "react": ((ActorReacted,), lambda turn, actor, text, _b, cause, memo: ActorReacted(
        turn, actor, text, _cause(cause, memo))),
    "ending": ((EndingReached,), lambda turn, ending, _a, _b, cause, memo: EndingReached(
        turn, ending, _cause(cause, memo))),
    # subject: (threshold, meter)
    "threshold": ((ThresholdCrossed,), lambda turn, subject, before, after, cause, memo: ThresholdCrossed(
        turn, *subject, before, after, _cause(cause, memo))),
    # subject: (actor, kind of deed)
    "memory": ((MemoryChanged,), lambda turn, subject, before, after, cause, memo: MemoryChanged(
        turn, *subject, before, after, _cause(cause, memo))),
    "recurring_end": ((RecurringEnded,), lambda turn, key, scheduled, label, cause, memo: RecurringEnded(
        turn, key, label, scheduled, _cause(cause, memo))),
}
