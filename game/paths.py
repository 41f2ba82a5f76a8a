"""Where the shipped content and fact base live, installed or in a source checkout; and how a file other
than a save is replaced whole (saves have their own, with their error messages: game.saves.store)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding `content/` and `seeds/`.

    A wheel carries them as `game/_data/`; an editable install or a source checkout has them beside
    the package, at the repository's top level.
    """
    packaged = _PACKAGE / "_data"
    if (packaged / "content").is_dir():
        return packaged
    return _PACKAGE.parent


def content_dir() -> Path:
    return data_root() / "content"


def scenarios_dir() -> Path:
    return content_dir() / "scenarios"


def decks_dir() -> Path:
    return content_dir() / "decks"


def classes_dir() -> Path:
    """Shipped class packs (`kind: class`)."""
    return content_dir() / "classes"


def seeds_dir() -> Path:
    return data_root() / "seeds"


def user_decks_dir() -> Path:
    """Instructors' own decks: $WARGAME_DECKS, else the platform's user data folder."""
    env = os.environ.get("WARGAME_DECKS")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "wargame" / "decks"


def default_saves_dir() -> Path:
    """$WARGAME_SAVES, else `saves/` in the current folder."""
    env = os.environ.get("WARGAME_SAVES")
    if env:
        return Path(env).expanduser()
    return Path.cwd() / "saves"


def replace_atomically(path: Path, text: str, mode: int = 0o644) -> None:
    """Write `text` to `path` whole or not at all (a temporary file in the same folder, synced, then renamed
    over it), with `mode` (mkstemp makes files private; what we write here is not). Raises OSError."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
