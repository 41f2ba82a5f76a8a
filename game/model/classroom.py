"""A class pack (`kind: class`): one scenario, its decks and the rules every student plays under; and the
students' names.

    kind: class
    id: seminar-4
    title: "Seminar 4: the Tripoli offensive"
    scenario: tripoli-2019            # an id, or a file relative to the pack
    decks: [oil-and-arms]             # ids or files, stacked in this order
    settings:
      display: estimates              # what options show: exact / estimates / hidden (default: the scenario's)
      reveal: debrief                 # what Moscow did: after-choice (default) / debrief
      seed: per-student               # or {fixed: 42}: the same draws and rolls for everyone
      turns: 10                       # shorter than the scenario (default: all of it)
      ask_name: true                  # ask the student's name at the start (default)
      saves: saves/seminar-4          # where saves go, relative to the pack (default: the usual folder)

The settings travel with every game played under the pack: a save stores them (`ClassroomEntry` in
game.model.save), so a resumed or replayed game keeps them. Pure data and pure functions: no I/O.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag

from game.model.base import Id, Strict

Display = Literal["exact", "estimates", "hidden"]
Reveal = Literal["after-choice", "debrief"]
DISPLAYS: tuple[str, ...] = ("exact", "estimates", "hidden")
REVEALS: tuple[str, ...] = ("after-choice", "debrief")

MAX_SEED = 2**63 - 1
NAME_MAX = 60  # characters of a student's name, as stored and shown


class FixedSeed(Strict):
    """Everyone plays the same seed: the same draws and rolls for the same choices."""

    fixed: int = Field(ge=0, le=MAX_SEED, description="the seed every student plays")


def _seed_form(value: Any) -> str | None:
    if isinstance(value, str):
        return "rule"
    if isinstance(value, (dict, FixedSeed)):
        return "fixed"
    return None


SeedRule = Annotated[
    Union[Annotated[Literal["per-student"], Tag("rule")], Annotated[FixedSeed, Tag("fixed")]],
    Discriminator(
        _seed_form,
        custom_error_type="seed_rule",
        custom_error_message="a seed is `per-student` (each student their own) or `{fixed: N}` (the same for "
                             "everyone)",
    ),
]


class ClassSettings(Strict):
    """How the students of a class play: what options show, when what Moscow did is revealed, the seed, the
    number of turns, whether to ask names, where saves go."""

    display: Display | None = Field(
        default=None, description="what an option shows of its effects: exact, estimates or hidden "
                                  "(default: the scenario's own setting)")
    reveal: Reveal = Field(
        default="after-choice", description="when what Moscow did is shown: after-choice (once the student has "
                                            "chosen: the replay viewer, the end) or debrief (only at the end)")
    seed: SeedRule = Field(default="per-student", description="per-student, or {fixed: N} for everyone")
    turns: int | None = Field(default=None, ge=1, le=1000,
                              description="play only this many turns (at most the scenario's)")
    ask_name: bool = Field(default=True, description="ask each student's name when the game starts")
    saves: str | None = Field(default=None, min_length=1, max_length=500,
                              description="the folder saves go to, relative to the pack file")

    @property
    def fixed_seed(self) -> int | None:
        return self.seed.fixed if isinstance(self.seed, FixedSeed) else None

    def describe(self) -> list[str]:
        """The settings in words, one line each, for screens and the command line."""
        shows = {"exact": "exact effects", "estimates": "estimated effects", "hidden": "no effects"}
        lines = [
            f"Options show: {shows[self.display]}" if self.display else "Options show: as the scenario sets",
            "What Moscow did: shown at the end only" if self.reveal == "debrief"
            else "What Moscow did: shown once you have chosen (at the end, in the replay viewer)",
            f"Seed: {self.fixed_seed}, the same for everyone" if self.fixed_seed is not None
            else "Seed: each student their own",
        ]
        if self.turns is not None:
            lines.append(f"Turns: the first {self.turns}")
        return lines


ContentRef = Annotated[str, Field(min_length=1, max_length=500,
                                  description="an id, or a .yaml file relative to the class pack")]


class ClassPack(Strict):
    """A class pack file: the scenario, the decks stacked on it in order, and the settings."""

    kind: Literal["class"]
    id: Id
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=20_000)] = ""
    instructor: str | None = Field(default=None, max_length=200)
    scenario: ContentRef = Field(description="the scenario: its id (tripoli-2019) or its file")
    decks: list[ContentRef] = Field(default_factory=list, max_length=20,
                                    description="decks stacked on the scenario, in order: ids or files")
    settings: ClassSettings = Field(default_factory=ClassSettings)


# --------------------------------------------------------------------------- students


_DROPPED = frozenset(("Cc", "Cf", "Cs", "Co", "Cn"))  # controls, invisible formatting (bidi overrides), ...


def clean_student_name(text: str) -> str:
    """A student's name as it is stored and shown: Unicode NFC, no control or invisible formatting
    characters, runs of spaces as one, at most NAME_MAX characters. ValueError when nothing is left."""
    kept = []
    for ch in unicodedata.normalize("NFC", str(text)):
        if ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch) not in _DROPPED:
            kept.append(ch)
    name = " ".join("".join(kept).split())[:NAME_MAX].strip()
    if not any(ch.isalnum() for ch in name):
        raise ValueError("a name needs at least one letter or digit")
    return name


def student_seed(pack_id: str, name: str) -> int:
    """The seed of a student under a `per-student` pack: the same name (whatever its case and spacing)
    gets the same game, another student another one."""
    key = f"{pack_id}\n{clean_student_name(name).casefold()}".encode("utf-8")
    return int(hashlib.sha256(key).hexdigest()[:15], 16)


def seed_for(settings: ClassSettings, pack_id: str, student: str | None) -> int | None:
    """The seed a student plays: the fixed one, the student's own, or None (choose one at random) when a
    per-student pack does not know the student's name."""
    if settings.fixed_seed is not None:
        return settings.fixed_seed
    return student_seed(pack_id, student) if student else None
