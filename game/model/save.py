"""Pydantic models of a save file (format 3): the one description of the format. Writing builds a
`SavePayload` from a GameRecord and dumps it with `model_dump(mode="json")` (the embedded content, JSON data
already, goes in as it is); reading validates the file with `SaveFile` (game.saves.codec). Used at the
boundary only.

A save is JSON:
    format            "kremlins-libya-gambit-save"
    format_version    3 (older ones are migrated on load, newer ones refused)
    engine_version    game.__version__ of the writer
    game_id           stable id of the game across its saves and autosaves
    scenario          {id, title} (for listings, without rebuilding the content)
    content           the resolved content embedded (scenario with decks applied, facts, sources)
    content_sha256    SHA-256 of `content` as the loader computes it
    seed, player, created, updated (UTC ISO); `player` is the student's name in a class
    classroom         {id, title, settings} of the class pack the game is played under (game.model.classroom);
                      left out of the file when there is none, so such saves read as before
    decisions         the full decision log, [card, option] pairs in order
    turns             per completed turn: decisions, events (by name, with chance results: game.model.events),
                      meters, state hash
    current           the snapshot when saved: turn, over, meters, state hash
    ending            {id, title, text, score, breakdown} once the game is over, else null
    annotations       [{turn, text, at}]
    fork_of           {game_id, payload_sha256, file, turn} or null
    payload_sha256    SHA-256 of the canonical JSON (sorted keys, compact) of everything else
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from game.model.classroom import ClassSettings
from game.model.events import Event

FORMAT_MARKER = "kremlins-libya-gambit-save"
FORMAT_VERSION = 3

Sha256 = Field(pattern=r"^[0-9a-f]{64}$")
DecisionItem = tuple[Optional[str], Optional[str]]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _iso(value: str) -> str:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO timestamp") from None
    return value


class ScenarioRef(_Model):
    id: str
    title: str


class TurnEntry(_Model):
    turn: int = Field(ge=1)
    date: str
    decisions: list[DecisionItem]
    events: list[Event]
    meters: dict[str, int]
    state_hash: str = Sha256


class Snapshot(_Model):
    turn: int = Field(ge=1)
    over: bool
    meters: dict[str, int]
    state_hash: str = Sha256


class EndingEntry(_Model):
    id: str
    title: str
    text: str = ""
    score: float
    breakdown: dict[str, float]


class AnnotationEntry(_Model):
    turn: int = Field(ge=1)
    text: str = Field(min_length=1, max_length=20_000)
    at: str

    @field_validator("at")
    @classmethod
    def _at(cls, value: str) -> str:
        return _iso(value)


class ForkEntry(_Model):
    game_id: Optional[str] = None
    payload_sha256: Optional[str] = None
    file: Optional[str] = None
    turn: int = Field(ge=1)


class ClassroomEntry(_Model):
    """The class pack a game is played under: what the screens and the debrief need of it."""

    id: str = Field(min_length=1, max_length=64)
    title: str = Field(max_length=200)
    settings: ClassSettings


class SavePayload(_Model):
    """Everything the payload hash covers: a save but for its last field."""

    format: Literal["kremlins-libya-gambit-save"]
    format_version: Literal[3]
    engine_version: str
    game_id: str = Field(min_length=1, max_length=100)
    scenario: ScenarioRef
    content: dict[str, Any]
    content_sha256: str = Sha256
    seed: int
    player: Optional[str] = Field(default=None, max_length=200)
    created: str
    updated: str
    decisions: list[DecisionItem]
    turns: list[TurnEntry]
    current: Snapshot
    ending: Optional[EndingEntry] = None
    annotations: list[AnnotationEntry] = Field(default_factory=list)
    fork_of: Optional[ForkEntry] = None
    classroom: Optional[ClassroomEntry] = None

    @field_validator("created", "updated")
    @classmethod
    def _times(cls, value: str) -> str:
        return _iso(value)


class SaveFile(SavePayload):
    """A save as written: the payload, then the SHA-256 of its canonical JSON (game.saves.codec)."""

    payload_sha256: str = Sha256
