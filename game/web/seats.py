"""Seats: each browser's own saves folder inside the class folder.

A browser gets a random seat token from the server in a cookie (HttpOnly, SameSite=Strict, gone when the
browser closes). Its games save into `<class folder>/browser-<digest>/`, where the digest is a SHA-256 of
the token: a browser names no path (the token only selects a digest, and a made-up token a fresh folder of
its own), and nobody who lists the class folder learns a token. The game's title screen lists only its own
folder, so Continue, Load and Replay never show another student's saves, and two seats never write to the
same folder. A student who closes the tab, or whose game was ended when idle, comes back in the same
browser to the same seat, and Continue resumes the autosave.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

SEAT_COOKIE = "wargame_seat"
SEAT_PREFIX = "browser-"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")  # secrets.token_urlsafe(24)
_FOLDER = re.compile(re.escape(SEAT_PREFIX) + r"[0-9a-f]{20}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def valid_token(value: str | None) -> bool:
    return value is not None and _TOKEN.fullmatch(value) is not None


def seat_name(token: str) -> str:
    """The folder name of a seat: never the token itself (see the module docstring)."""
    if not valid_token(token):
        raise ValueError("not a seat token")
    return SEAT_PREFIX + hashlib.sha256(token.encode("ascii")).hexdigest()[:20]


def seat_folder(class_dir: Path, token: str) -> Path:
    return Path(class_dir) / seat_name(token)


def seat_folders(class_dir: Path) -> list[Path]:
    """The seats' folders of a class folder (what the instructor page and the class debrief read)."""
    try:
        return sorted(p for p in Path(class_dir).iterdir() if _FOLDER.fullmatch(p.name) and p.is_dir())
    except OSError:
        return []
