"""Finding content files: a scenario, deck or class pack id -> its file, in the shipped folders and the
user's own.

An id is looked up by reading the `kind:` and `id:` of the YAML files in each folder (parsed files are
cached, so a lookup costs little after the first); a value that looks like a path is taken as one.
"""

from __future__ import annotations

import os
from pathlib import Path

from game import paths
from game.content.documents import read_document
from game.content.problems import ContentError, Problem, did_you_mean, display_path

YAML_SUFFIXES = (".yaml", ".yml")


def yaml_files(folder: Path, recursive: bool = False) -> list[Path]:
    """The .yaml/.yml files of a folder (and its subfolders when `recursive`), sorted; none if it is missing."""
    if not folder.is_dir():
        return []
    found = folder.rglob("*") if recursive else folder.glob("*")
    return sorted(p for p in found if p.suffix in YAML_SUFFIXES and p.is_file())


def looks_like_path(value: str | os.PathLike) -> bool:
    """A value that names a file (a path object, a .yaml/.yml name or one with a folder), not an id."""
    if isinstance(value, os.PathLike):
        return True
    return value.endswith(YAML_SUFFIXES) or "/" in value or os.sep in value


def _find(kind: str, ident: str, folders: list[tuple[Path, bool]]) -> Path:
    seen: list[str] = []
    for folder, recursive in folders:
        direct = [folder / f"{ident}{s}" for s in YAML_SUFFIXES]
        for path in direct + yaml_files(folder, recursive):
            if not path.is_file():
                continue
            doc = read_document(path)
            if isinstance(doc.raw, dict) and doc.raw.get("kind") == kind:
                if doc.id == ident:
                    return path
                if doc.id:
                    seen.append(doc.id)
    where = ", ".join(display_path(f) for f, _ in folders)
    known = sorted(set(seen))
    listing = f"; known: {', '.join(known)}" if known else ""
    raise ContentError([Problem(ident, 0, 0, "", f"no {kind} with id '{ident}' in {where}"
                                + did_you_mean(ident, known) + listing)])


def find_scenario(ident: str) -> Path:
    """A scenario id -> its file: the shipped scenarios first, then the deck folders."""
    return _find("scenario", ident, [(paths.scenarios_dir(), False), (paths.user_decks_dir(), True),
                                     (paths.decks_dir(), True)])


def find_deck(ident: str) -> Path:
    """A deck id -> its file: the shipped decks, then the user's deck folder."""
    return _find("deck", ident, [(paths.decks_dir(), True), (paths.user_decks_dir(), True)])


def find_class(ident: str) -> Path:
    """A class pack id -> its file: the shipped class packs, then the user's deck folder."""
    return _find("class", ident, [(paths.classes_dir(), True), (paths.user_decks_dir(), True)])


def scenario_file(value: str | os.PathLike) -> Path:
    """What a command line or a deck names as a scenario (a file, or an id) -> its file."""
    if looks_like_path(value) or Path(value).is_file():
        return Path(value)
    return find_scenario(str(value))


def deck_file(value: str | os.PathLike) -> Path:
    """A deck given as a file or an id -> its file."""
    if looks_like_path(value) or Path(value).is_file():
        return Path(value)
    return find_deck(str(value))
