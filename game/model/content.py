"""Pydantic models of the content: scenarios, decks, cards, options, effects, conditions, facts.

Content is data, never code: effects and conditions are a closed vocabulary, declared once in
game.model.vocabulary and re-exported here (``m.MeterEffect``, ``m.Condition`` ...).

These models are the boundary: the engine compiles them once into plain tuples (game.engine.rules) and
never touches pydantic in its hot loop.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from game.model.base import ID_HELP, ID_PATTERN, Id, MeterValue, Percent, Strict  # noqa: F401 - re-exported
from game.model.vocabulary import *  # noqa: F401,F403 - every kind, re-exported: a new kind needs no edit here
from game.model.vocabulary import Condition, Effects, TurnRange

PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

Text = Annotated[str, Field(max_length=20_000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]


def check_partial_date(value: str) -> str:
    """ISO date with year, month or day precision: 2019, 2019-04, 2019-04-08."""
    if not PARTIAL_DATE.match(value):
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-04-08")
    return value


PartialDate = Annotated[str, Field(description="YYYY, YYYY-MM or YYYY-MM-DD")]

# What an option shows before it is chosen (Scenario.display; game.engine.explain.option_view applies it).
Display = Literal["exact", "estimates", "hidden"]
DISPLAY_SETTINGS: tuple[str, ...] = ("exact", "estimates", "hidden")
DEFAULT_DISPLAY = "estimates"


# --------------------------------------------------------------------------- building blocks


class Adviser(Strict):
    """A voice on an option. A line credited to a real person named in the fact base must quote or closely
    paraphrase a fact that names them (`fact`); any other adviser is a role ("Foreign Ministry, Middle East
    desk"). `wargame validate` checks it."""

    who: ShortText
    says: Text
    fact: Id | None = Field(default=None, description="the fact whose words this line reports; needed when "
                            "`who` names a person of the fact base, whose quote_by or actors must name them")


Grade = Literal["documented", "inferred", "not-recorded"]


class HistoryRecord(Strict):
    """What Moscow did on a card, graded. `documented`: a fact states the act (cite it in `facts`);
    `inferred`: the documents imply it (say how in `how`); `not-recorded`: the documents do not say.
    Only a documented or inferred record may mark an option `historical`."""

    record: Grade = Field(description="documented, inferred or not-recorded")
    text: Text = Field(min_length=1, description="what the documents record, in our words")
    facts: list[Id] = Field(default_factory=list, max_length=50,
                            description="the facts the record stands on (documented: at least one)")
    how: Text | None = Field(default=None, description="inferred: how the documents imply it")

    @model_validator(mode="after")
    def _graded(self) -> "HistoryRecord":
        if self.record == "documented" and not self.facts:
            raise ValueError("a documented record cites the facts that state the act: add `facts: [...]`")
        if self.record == "inferred" and not (self.how and self.how.strip()):
            raise ValueError("an inferred record says how the documents imply it: add `how: ...`")
        if self.record != "inferred" and self.how is not None:
            raise ValueError(f"`how` belongs to an inferred record, not a {self.record} one: "
                             "drop it or grade the record `inferred`")
        return self

    @property
    def marks(self) -> bool:
        """True when this record may mark what Moscow did (documented or inferred)."""
        return self.record != "not-recorded"


def _history_form(value: Any) -> str | None:
    if isinstance(value, str):
        return "plain"
    if isinstance(value, (dict, HistoryRecord)):
        return "graded"
    return None


# A card's `history`: the graded record, or (older decks and saves) plain text read as not recorded.
HistoryEntry = Annotated[
    Union[Annotated[HistoryRecord, Tag("graded")], Annotated[Text, Tag("plain")]],
    Discriminator(
        _history_form,
        custom_error_type="history_form",
        custom_error_message="a history is a graded record, {record: documented, text: ..., facts: [...]} "
                             "(or inferred with how, or not-recorded), or plain text",
    ),
]


class Surcharge(Strict):
    """Extra cost of an option while a condition holds: dependence that raises later costs."""

    when: Condition
    add: int = Field(ge=-1000, le=1000, description="added to the option's cost (negative: a discount)")
    why: ShortText = Field(description="shown beside the cost: 'dependence on Haftar'")


class Option(Strict):
    """One choice on a decision card."""

    id: Id
    label: ShortText
    description: Text = ""
    advisers: list[Adviser] = Field(default_factory=list, max_length=20)
    historical: bool = Field(default=False, description="what Moscow did, per the sources: allowed only on a "
                             "card whose `history` record is documented or inferred, on one option")
    irreversible: bool = Field(default=False, description="the game asks the player to confirm")
    when: Condition | None = Field(default=None, description="the option is offered only when this holds")
    # None, not 0 or [], when absent (here and in every field below that older content lacks): the embedded
    # content of older saves, and so their hashes, stay the same
    cost: int | None = Field(default=None, ge=0, le=1000, description="spent from the scenario's `budget` "
                             "meter when chosen; an option costing more than the budget holds is shown but "
                             "cannot be taken")
    surcharge: list[Surcharge] | None = Field(default=None, max_length=20,
                                              description="extra cost while a condition holds (may be "
                                                          "negative: a discount); the cost shown is the total")
    effects: Effects

    def cost_range(self) -> tuple[int, int]:
        """The least and the most this option can cost, whatever surcharges apply (never below 0)."""
        base = self.cost or 0
        extra = [s.add for s in self.surcharge or ()]
        return max(0, base + sum(a for a in extra if a < 0)), max(0, base + sum(a for a in extra if a > 0))


class Card(Strict):
    """An event card (no options) or a decision card (two or more options)."""

    id: Id
    title: ShortText
    date: PartialDate | None = Field(default=None, description="historical date shown on the card")
    turns: TurnRange | None = Field(
        default=None, description="turns in which it may be drawn; default: from its date's turn to the end"
    )
    text: Text
    facts: list[Id] = Field(default_factory=list, max_length=50, description="fact ids from seeds/ it stands on")
    hypothetical: bool = Field(default=False, description="not documented history; the game labels it")
    background: bool = Field(default=False, description="a history card; its date may precede the scenario")
    draw: Literal["random", "fixed", "follow_up"] = Field(
        default="random",
        description="random: weighted draw; fixed: enters on the first turn of its window where `when` "
        "holds; follow_up: only when another card queues it (its `when` is checked when it comes due, "
        "its turn window is not)",
    )
    weight: float = Field(default=1.0, gt=0, le=1000)
    repeatable: bool = False
    place: Id | None = Field(default=None, description="where it happens (highlighted on the map)")
    actors: list[Id] = Field(default_factory=list, max_length=20)
    when: Condition | None = Field(default=None, description="the card is eligible only when this holds")
    # `history` in the files. A plain string is still read (instructors' older decks, older saves) as a
    # not-recorded record; `record` gives the graded form either way, `history` the text.
    history_: HistoryEntry | None = Field(
        default=None, alias="history",
        description="what Moscow did, graded: {record: documented, text, facts} / {record: inferred, text, "
                    "how} / {record: not-recorded, text}; a plain text is read as not-recorded",
    )
    options: list[Option] = Field(default_factory=list, max_length=9)
    effects: Effects
    # None, not [], when absent: the embedded content of older saves (and so their hashes) stays the same
    tags: list[Id] | None = Field(default=None, max_length=20,
                                  description="your own labels (e.g. unsc, oil), listed by `wargame ids`")

    @field_validator("date")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return None if value is None else check_partial_date(value)

    @model_validator(mode="after")
    def _options(self) -> "Card":
        if len(self.options) == 1:
            raise ValueError("a decision card needs at least two options (an event card has none)")
        ids = [o.id for o in self.options]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"option ids repeat: {', '.join(dupes)}")
        return self

    @property
    def is_decision(self) -> bool:
        return bool(self.options)

    @property
    def record(self) -> HistoryRecord | None:
        """The graded record of what Moscow did (a plain-text history reads as not recorded)."""
        value = self.history_
        if isinstance(value, str):
            return HistoryRecord(record="not-recorded", text=value)
        return value

    @property
    def history(self) -> str | None:
        """The record's text: what the documents record Moscow did, or that they do not."""
        value = self.history_
        return value if value is None or isinstance(value, str) else value.text

    @property
    def moscow_option(self) -> "Option | None":
        """The option marked as what Moscow did, when the record is documented or inferred (the only
        marks that count as "like Moscow"); None otherwise."""
        record = self.record
        if record is None or not record.marks:
            return None
        return next((o for o in self.options if o.historical), None)


class Drift(Strict):
    """A meter's pull toward a level, every turn (see Meter.drift)."""

    toward: MeterValue
    by: int = Field(ge=1, le=1000, description="points per turn")
    why: str | None = Field(default=None, min_length=1, max_length=200,
                            description="shown in the log: 'recovers each turn', 'fades without new gains'")


class SoftLimits(Strict):
    """Diminishing returns near a meter's limits (see Meter.soft)."""

    above: MeterValue | None = Field(default=None, description="gains landing above this count half")
    below: MeterValue | None = Field(default=None, description="losses landing below this count half")

    @model_validator(mode="after")
    def _lines(self) -> "SoftLimits":
        if self.above is None and self.below is None:
            raise ValueError("give 'above', 'below' or both")
        if self.above is not None and self.below is not None and self.below >= self.above:
            raise ValueError(f"'below' ({self.below}) must be under 'above' ({self.above})")
        return self


class Meter(Strict):
    id: Id
    name: ShortText
    # None, not "", when absent: the embedded content of older saves (and so their hashes) stays the same
    short: str | None = Field(default=None, min_length=1, max_length=16,
                              description="a short name for narrow screens and one-line summaries "
                                          "('Bargaining' for 'Bargaining position'); default: the name")
    description: Text
    min: MeterValue = 0
    max: MeterValue = 100
    start: MeterValue
    good: Literal["high", "low", "neutral"] = Field(
        default="high", description="which direction is good for Moscow (colours and trends)"
    )
    drift: Drift | None = Field(default=None, description="at the end of every turn the meter moves `by` "
                                "toward `toward`, never past it: a budget recovers, a position fades")
    soft: SoftLimits | None = Field(default=None, description="diminishing returns: the part of a gain "
                                    "landing above `above`, or of a loss landing below `below`, counts half")

    @model_validator(mode="after")
    def _range(self) -> "Meter":
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start ({self.start}) is outside {self.min}..{self.max}")
        if self.drift is not None and not self.min <= self.drift.toward <= self.max:
            raise ValueError(f"drift toward {self.drift.toward} is outside {self.min}..{self.max}")
        for side in ("above", "below"):
            line = getattr(self.soft, side, None)
            if line is not None and not self.min < line < self.max:
                raise ValueError(f"soft {side} {line} must lie strictly inside {self.min}..{self.max}")
        return self


class Actor(Strict):
    id: Id
    name: ShortText
    description: Text = ""
    side: str = Field(default="", max_length=60, description="e.g. east, west, foreign, un")
    remembers: list[Id] | None = Field(default=None, max_length=50,
                                       description="the kinds of deed this actor keeps count of (`remember` "
                                                   "effects, `remembers` conditions): snubbed, courted ...")


class Place(Strict):
    id: Id
    name: ShortText
    x: int = Field(ge=0, le=200, description="map column")
    y: int = Field(ge=0, le=100, description="map row")
    holder: Id = Field(description="actor id holding it at the start")
    contested: bool = False
    description: Text = ""
    # None, not [], when absent: the embedded content of older saves (and so their hashes) stays the same
    facts: list[Id] | None = Field(default=None, max_length=20,
                                   description="facts the starting holder (and fighting) stand on")


class Threshold(Strict):
    """A line on a meter where an actor reacts: when any change takes the meter across it, the text is shown
    and the effects run at once, naming the change that crossed it. `above: N` fires when the meter rises
    from under N to N or more, `below: N` when it falls from over N to N or less. It fires once a game, or
    with `rearm: M` again each time after the meter has gone back to M (at most once a turn)."""

    id: Id
    meter: Id
    above: MeterValue | None = None
    below: MeterValue | None = None
    actor: Id | None = Field(default=None, description="who reacts (named in the log)")
    text: Text = Field(min_length=1, description="what happens, shown in the log")
    effects: Effects
    rearm: MeterValue | None = Field(default=None, description="fire again once the meter is back at this "
                                                               "level (below the line for `above`, over it "
                                                               "for `below`)")

    @model_validator(mode="after")
    def _line(self) -> "Threshold":
        if (self.above is None) == (self.below is None):
            raise ValueError("give exactly one of 'above' or 'below'")
        if self.rearm is not None:
            if self.above is not None and self.rearm >= self.above:
                raise ValueError(f"'rearm' ({self.rearm}) must be below the line 'above: {self.above}'")
            if self.below is not None and self.rearm <= self.below:
                raise ValueError(f"'rearm' ({self.rearm}) must be over the line 'below: {self.below}'")
        return self

    @property
    def line(self) -> int:
        return self.above if self.above is not None else self.below  # type: ignore[return-value]

    @property
    def rising(self) -> bool:
        """True for `above` (fires on the way up)."""
        return self.above is not None


class Ending(Strict):
    """How the game can end. Sudden endings are checked after every turn; the others when the span runs out,
    first match wins (an ending with no `when` is the fallback)."""

    id: Id
    title: ShortText
    text: Text
    when: Condition | None = None
    sudden: bool = False
    score: int = Field(default=0, ge=-1000, le=1000, description="bonus added to the final score")
    tone: Literal["success", "mixed", "failure"] = "mixed"


class Source(Strict):
    """A document facts are drawn from. The scenarios stand on their source documents; a source marked
    `outside: true` is knowledge from outside them (a UN report, a news report), allowed where it makes the
    game correct (who held a town) and always shown as outside knowledge, never as the documents'."""

    id: Id
    title: ShortText
    author: str | None = Field(default=None, max_length=200)
    published: PartialDate | None = None
    publisher: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=500, pattern=r"^https?://\S+$",
                            description="where it is online; facts from a source with a url need no paragraph")
    accessed: PartialDate | None = Field(default=None, description="when the url was read, YYYY-MM-DD")
    # None, not False, when absent: the embedded content of older saves (and so their hashes) stays the same
    outside: bool | None = Field(default=None, description="true for knowledge from outside the source "
                                                           "documents; leave it out for the documents")
    form: str | None = Field(default=None, max_length=100,
                             description="what kind of source, e.g. 'UN press release', 'news report'")
    note: Text = ""

    @field_validator("published", "accessed")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return None if value is None else check_partial_date(value)

    @model_validator(mode="after")
    def _outside(self) -> "Source":
        if self.accessed is not None and self.url is None:
            raise ValueError("`accessed` says when the `url` was read: add the url, or drop `accessed`")
        if self.outside:
            missing = [k for k in ("form", "publisher", "published") if getattr(self, k) is None]
            if missing:
                raise ValueError("an outside source says what it is, who published it and when: add "
                                 + ", ".join(f"`{k}`" for k in missing))
        return self


class Fact(Strict):
    """One dated or attributed fact, in our own words, with where it stands in its source."""

    id: Id
    date: PartialDate | None = None
    actors: list[ShortText] = Field(default_factory=list, max_length=30)
    place: str | None = Field(default=None, max_length=200)
    summary: Text = Field(min_length=1)
    quote: str | None = Field(default=None, max_length=400, description="a short attributed quote")
    quote_by: str | None = Field(default=None, max_length=200)
    source: Id
    paragraph: int | None = Field(default=None, ge=1, le=1000,
                                  description="where it stands in a source document (required there; an "
                                              "outside source or one with a url may have none)")

    @field_validator("date")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return None if value is None else check_partial_date(value)


class FactBase(Strict):
    """A `seeds/*.yaml` file: the sources and the facts drawn from them."""

    kind: Literal["facts"]
    sources: list[Source] = Field(min_length=1, max_length=100)
    facts: list[Fact] = Field(min_length=1, max_length=10_000)


class Scenario(Strict):
    """A complete playable scenario."""

    kind: Literal["scenario"]
    id: Id
    title: ShortText
    summary: Text
    start: PartialDate = Field(description="date of turn 1, YYYY-MM-DD")
    turn_days: int = Field(ge=1, le=366, description="days per turn")
    turns: int = Field(ge=1, le=1000, description="number of turns in the span")
    draws_per_turn: int = Field(default=1, ge=0, le=10, description="random cards drawn each turn")
    briefing: Text
    objectives: list[Text] = Field(default_factory=list, max_length=20)
    sources: list[Id] = Field(default_factory=list, max_length=50, description="source ids from seeds/")
    player: Id = Field(default="russia", description="actor id of the player")
    meters: list[Meter] = Field(min_length=1, max_length=50)
    actors: list[Actor] = Field(default_factory=list, max_length=100)
    places: list[Place] = Field(default_factory=list, max_length=100)
    endings: list[Ending] = Field(min_length=1, max_length=100)
    score: dict[Id, float] = Field(default_factory=dict, description="meter id -> weight in the final score")
    budget: Id | None = Field(default=None, description="the meter options' `cost` is spent from (political "
                              "capital, attention): an ordinary meter, usually with a `drift` to recover")
    display: Display | None = Field(default=None, description="what an option shows before it is chosen: "
                                    "exact (the numbers), estimates (direction and rough size, odds; the "
                                    "default) or hidden (the cost and the advisers only)")
    thresholds: list[Threshold] | None = Field(default=None, max_length=200,
                                               description="lines on meters where actors react")
    facts: list[Fact] = Field(default_factory=list, max_length=10_000, description="extra facts of this file")
    cards: list[Card] = Field(min_length=1, max_length=100_000)

    @property
    def display_setting(self) -> str:
        """`display`, or its default."""
        return self.display or DEFAULT_DISPLAY

    @field_validator("start")
    @classmethod
    def _start(cls, value: str) -> str:
        check_partial_date(value)
        if len(value) != 10:
            raise ValueError("the start needs a full date, YYYY-MM-DD")
        return value


class Deck(Strict):
    """An instructor's deck: extends a scenario (adds, replaces, removes) or, without `extends`, is played
    on top of whichever scenario it is loaded with."""

    kind: Literal["deck"]
    id: Id
    title: ShortText
    description: Text = ""
    author: str | None = Field(default=None, max_length=200)
    extends: Id | None = Field(default=None, description="scenario id this deck extends")
    cards: list[Card] = Field(default_factory=list, max_length=100_000, description="cards added")
    replace: list[Card] = Field(default_factory=list, max_length=100_000, description="cards replaced by id")
    remove: list[Id] = Field(default_factory=list, max_length=100_000, description="card ids removed")
    meters: list[Meter] = Field(default_factory=list, max_length=50)
    actors: list[Actor] = Field(default_factory=list, max_length=100)
    places: list[Place] = Field(default_factory=list, max_length=100)
    endings: list[Ending] = Field(default_factory=list, max_length=100)
    thresholds: list[Threshold] = Field(default_factory=list, max_length=200, description="thresholds added")
    remembers: dict[Id, list[Id]] = Field(default_factory=dict, description="actor id -> kinds of deed added "
                                          "to what that actor (of the scenario) keeps count of")
    facts: list[Fact] = Field(default_factory=list, max_length=10_000)
    sources: list[Source] = Field(default_factory=list, max_length=100)
    score: dict[Id, float] = Field(default_factory=dict, description="meter id -> weight in the final score, "
                                   "for the meters this deck adds")
