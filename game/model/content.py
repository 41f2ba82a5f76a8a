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
    effects: Effects


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

    @model_validator(mode="after")
    def _range(self) -> "Meter":
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start ({self.start}) is outside {self.min}..{self.max}")
        return self


class Actor(Strict):
    id: Id
    name: ShortText
    description: Text = ""
    side: str = Field(default="", max_length=60, description="e.g. east, west, foreign, un")


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
    url: str | None = Field(default=None, max_length=500, pattern=r"^https?://\S+$")
    # None, not False, when absent: the embedded content of older saves (and so their hashes) stays the same
    outside: bool | None = Field(default=None, description="true for knowledge from outside the source "
                                                           "documents; leave it out for the documents")
    form: str | None = Field(default=None, max_length=100,
                             description="what kind of source, e.g. 'UN press release', 'news report'")
    note: Text = ""

    @field_validator("published")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return None if value is None else check_partial_date(value)

    @model_validator(mode="after")
    def _outside(self) -> "Source":
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
                                              "outside source may have none)")

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
    facts: list[Fact] = Field(default_factory=list, max_length=10_000, description="extra facts of this file")
    cards: list[Card] = Field(min_length=1, max_length=100_000)

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
    facts: list[Fact] = Field(default_factory=list, max_length=10_000)
    sources: list[Source] = Field(default_factory=list, max_length=100)
