"""Messages the app's worker threads post with what they found; the app handles them on the UI thread.

A worker thread never touches the DOM: it does the slow part (reading content or saves, writing files)
and posts one of these (`post_message` is thread-safe). A message to a screen that has closed meanwhile is
dropped, so a result nobody waits for any more changes nothing. Messages that belong to one screen are
declared on it; these are the app's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message


@dataclass
class Problem(Message):
    """Content or a save that cannot be used: the app shows `lines` under `title` (see ErrorScreen)."""

    title: str
    lines: list[str]


@dataclass
class Notice(Message):
    """A toast for the player (App.notify)."""

    text: str
    title: str = ""
    severity: str = "information"
    timeout: float | None = None


@dataclass
class SaveLoaded(Message):
    """A save was read and verified: play on from it, or replay it."""

    record: Any
    replay: bool = False


@dataclass
class AutosaveFailed(Message):
    """An autosave of game `game_id` after `decisions` decisions could not be written."""

    game_id: str
    decisions: int
    lines: list[str] = field(default_factory=list)


@dataclass
class NamedSaved(Message):
    """A snapshot of the game in progress was saved under a name (its `path` says where); quit after it
    when `then_quit`."""

    snapshot: Any
    then_quit: bool = False
