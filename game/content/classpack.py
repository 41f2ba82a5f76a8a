"""Class packs: a `kind: class` file (game.model.classroom) -> its scenario with its decks, checked, and
shortened to the pack's turns.

    setup = load_class(Path("seminar.yaml"))      # raises ContentError with every problem
    setup.resolved                                 # what every student plays (a game.content.Resolved)
    setup.entry                                    # what a save keeps of the pack (game.model.save)

A pack names its scenario and decks by id (looked up like `--scenario`/`--deck`) or by file, relative to
the pack's own folder, so that a folder holding the pack and its decks can be handed out as it is. The same
goes for the folder saves go to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from game.content.bundle import Resolved
from game.content.discovery import YAML_SUFFIXES, find_class, find_deck, find_scenario, looks_like_path
from game.content.documents import Document, read_document
from game.content.problems import ContentError, Problem, display_path
from game.model.classroom import ClassPack, ClassSettings
from game.model.save import ClassroomEntry


@dataclass
class ClassSetup:
    """A loaded class pack: the pack, its file, the files it stacks and the content every student plays."""

    pack: ClassPack
    path: Path
    scenario: Path
    decks: list[Path]
    resolved: Resolved  # the scenario with the decks applied, shortened to the pack's turns

    @property
    def settings(self) -> ClassSettings:
        return self.pack.settings

    @property
    def entry(self) -> ClassroomEntry:
        """What a game record and its saves keep of the pack."""
        return ClassroomEntry(id=self.pack.id, title=self.pack.title, settings=self.pack.settings)

    @property
    def saves_dir(self) -> Path | None:
        """The folder the pack sends saves to (relative to the pack's folder), or None for the usual one."""
        folder = self.pack.settings.saves
        if folder is None:
            return None
        target = Path(folder).expanduser()
        return target if target.is_absolute() else self.path.parent / target


def class_file(value: str | os.PathLike) -> Path:
    """A class pack given as a file or an id -> its file (ContentError when no pack has that id)."""
    if looks_like_path(value) or Path(value).is_file():
        return Path(value)
    return find_class(str(value))


def _named(doc: Document, where: tuple, value: object, kind: str) -> tuple[Path | None, Problem | None]:
    """The file a pack's `scenario` or `decks[i]` names: a file relative to the pack, else an id."""
    if not isinstance(value, str) or not value:
        return None, None  # the schema reports it
    base = doc.path.parent if doc.path is not None else Path(".")
    local = Path(value).expanduser()
    local = local if local.is_absolute() else base / local
    if looks_like_path(value) or local.is_file():
        if local.is_file():
            return local, None
        why = "is a folder" if local.is_dir() else "does not exist"
        return None, doc.at(where, f"the {kind} file {display_path(local)} {why} (a path is read from the class "
                                   "pack's folder)")
    try:
        return (find_scenario(value) if kind == "scenario" else find_deck(value)), None
    except ContentError as exc:
        reason = exc.problems[0].message if exc.problems else f"no {kind} '{value}'"
        hint = "" if value.endswith(YAML_SUFFIXES) else f" (a file? write it with its suffix, e.g. {value}.yaml)"
        return None, doc.at(where, reason + hint)


def pack_files(doc: Document) -> tuple[Path | None, list[Path], list[Problem]]:
    """The scenario and deck files a class pack names, and the problems of the names."""
    raw = doc.raw if isinstance(doc.raw, dict) else {}
    problems: list[Problem] = []
    scenario, problem = _named(doc, ("scenario",), raw.get("scenario"), "scenario")
    if problem is not None:
        problems.append(problem)
    decks: list[Path] = []
    listed = raw.get("decks")
    for i, value in enumerate(listed if isinstance(listed, list) else []):
        path, problem = _named(doc, ("decks", i), value, "deck")
        if problem is not None:
            problems.append(problem)
        elif path is not None:
            decks.append(path)
    return scenario, decks, problems


def shorten(resolved: Resolved, turns: int | None) -> Resolved:
    """The content played for `turns` turns only (the same content when None or not shorter): the rules,
    the saves' embedded content and their hash all follow."""
    sc = resolved.scenario
    if turns is None or turns >= sc.turns:
        return resolved
    short = Resolved(sc.model_copy(update={"turns": turns}), resolved.facts, resolved.sources, resolved.decks,
                     warnings=list(resolved.warnings), paths=list(resolved.paths))
    return short


def turns_problem(doc: Document, pack: ClassPack, scenario_turns: int) -> Problem | None:
    """A pack asking for more turns than its scenario has."""
    turns = pack.settings.turns
    if turns is not None and turns > scenario_turns:
        return doc.at(("settings", "turns"), f"the scenario has {scenario_turns} turns: a class can play fewer, "
                                             f"not {turns}")
    return None


def read_pack(path: Path) -> Document:
    """The pack's document, with a problem when the file is not a class pack."""
    doc = read_document(path)
    raw = doc.raw
    if isinstance(raw, dict) and raw.get("kind") in ("scenario", "deck", "facts"):
        doc = _copy_with(doc, doc.at(("kind",), f"expected a class pack (`kind: class`), not a {raw['kind']} "
                                                "file"))
    return doc


def _copy_with(doc: Document, problem: Problem) -> Document:
    # documents are cached and shared: never add a problem to the cached one
    copy = Document(doc.path, doc.shown, doc.raw, doc.text)
    copy.kind, copy.model, copy.problems = doc.kind, None, [*doc.problems, problem]
    return copy


def load_class(value: str | os.PathLike) -> ClassSetup:
    """A class pack (file or id) loaded and checked: ContentError with every problem of the pack, and of its
    scenario and decks together, when something is wrong."""
    from game.content.resolver import resolve

    path = class_file(value)
    doc = read_pack(path)
    if not doc.ok:
        raise ContentError(doc.problems)
    scenario, decks, problems = pack_files(doc)
    if problems or scenario is None:
        raise ContentError(problems)
    resolved = resolve(scenario, decks)  # raises ContentError with the files' own positions
    pack: ClassPack = doc.model
    problem = turns_problem(doc, pack, resolved.scenario.turns)
    if problem is not None:
        raise ContentError([problem])
    return ClassSetup(pack, path, scenario, decks, shorten(resolved, pack.settings.turns))
