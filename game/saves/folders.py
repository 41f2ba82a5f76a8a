"""A class's saves: the save files of folders, and one save per game.

A game leaves several files behind: its autosaves (the last two), and any saves the student named. They
all carry the game's id; the latest of them (by when it was saved, then by how far it got) stands for the
game, the others are left out. A fork is a new game (its own id): it counts on its own.

    found = collect_saves([Path("class-folder"), Path("extra.json")])
    found.games        # SaveInfo of the save standing for each game, in file-name order
    found.superseded   # (file, the file that stands for its game) of the others
    found.damaged      # (file, why) of the files that cannot be read as saves
    found.missing      # names given that are neither a file nor a folder
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from game.saves.store import SUFFIX, SaveInfo, _info


def natural_key(path: Path) -> list:
    """student-2 before student-10."""
    return [int(x) if x.isdigit() else x.casefold() for x in re.split(r"(\d+)", path.name)]


def save_files(targets: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(files, missing): the given files, and every *.json of the given folders (autosaves included, hidden
    and temporary files left out), each once, in the order given (a folder's in file-name order)."""
    files: list[Path] = []
    missing: list[Path] = []
    seen: set[Path] = set()
    for target in targets:
        target = Path(target)
        if target.is_dir():
            try:
                found = sorted((p for p in target.iterdir() if p.suffix == SUFFIX and not p.name.startswith(".")
                                and p.is_file()), key=natural_key)
            except OSError:
                found = []
        elif target.exists() or target.is_symlink():
            found = [target]
        else:
            missing.append(target)
            continue
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                files.append(p)
    return files, missing


def _recency(info: SaveInfo) -> tuple:
    # latest saved first; then the one that got further; a named save before an autosave of the same moment
    return (info.saved_at or "", info.decisions, not info.autosave, info.path.name)


@dataclass
class Collected:
    games: list[SaveInfo] = field(default_factory=list)
    superseded: list[tuple[Path, Path]] = field(default_factory=list)
    damaged: list[tuple[Path, str]] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.games) + len(self.superseded) + len(self.damaged)


def collect_saves(targets: Iterable[Path]) -> Collected:
    """The saves of files and folders, one per game (see the module docstring). Reads each file's header and
    payload hash, not its replay."""
    files, missing = save_files(targets)
    out = Collected(missing=missing)
    best: dict[str, SaveInfo] = {}
    others: list[tuple[Path, str]] = []  # (file, its game) of the files that do not stand for their game
    for path in files:
        info = _info(path)
        if info.damaged:
            out.damaged.append((path, info.reason))
            continue
        gid = info.game_id or str(path)
        if gid in best and _recency(info) <= _recency(best[gid]):
            others.append((path, gid))
            continue
        if gid in best:
            others.append((best[gid].path, gid))
        best[gid] = info
    out.superseded = [(path, best[gid].path) for path, gid in others]
    out.games = sorted(best.values(), key=lambda i: natural_key(i.path))
    return out
