"""Everything that can go wrong with a save file, each with a message a player or instructor can act on.

Every error is a `SaveError`; the CLI prints `str(error)` and exits with code 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class SaveError(Exception):
    """A save could not be read, trusted or written. `str()` is the full, user-facing message."""

    def __init__(self, message: str, path: Path | str | None = None):
        self.path = Path(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path is not None else message)


# --------------------------------------------------------------------------- reading


class SaveNotFound(SaveError):
    """No file at that path."""


class SaveIsDirectory(SaveError):
    """The path is a folder."""


class SaveUnreadable(SaveError):
    """The file exists but cannot be read (permissions, I/O error, too large)."""


class SaveNotJSON(SaveError):
    """Empty, truncated, not UTF-8 or not JSON."""


class SaveForeign(SaveError):
    """JSON, but not one of our saves (no format marker)."""


class SaveNewerFormat(SaveError):
    """Written by a newer version of the game."""


class SaveInvalid(SaveError):
    """Our marker and a known version, but fields are missing or wrong."""


class SavePayloadMismatch(SaveError):
    """The payload hash does not match: the file was changed or damaged after it was written."""


class SaveContentMismatch(SaveError):
    """The embedded content does not match its recorded SHA-256."""


class SaveReplayError(SaveError):
    """The decision log does not replay to the recorded game."""

    def __init__(self, message: str, path: Path | str | None = None, turn: int | None = None):
        self.turn = turn
        super().__init__(message, path)


# --------------------------------------------------------------------------- writing


class SaveWriteError(SaveError):
    """The save could not be written (disk full, permission denied, folder gone ...). Nothing was lost:
    the previous file, if any, is intact, and the game in memory is unchanged."""


class SaveExists(SaveError):
    """A save of another game already has that name."""
