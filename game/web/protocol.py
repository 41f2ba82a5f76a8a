"""What a browser may send over a game's websocket, checked before any of it reaches the game.

textual-serve's page (static/js/textual.js) sends JSON text frames: `["stdin", keys]`, `["resize",
{"width": W, "height": H}]`, `["ping", token]`, `["focus"]` and `["blur"]`. Anything else (a binary frame,
text that is not JSON, another shape, an unknown type, keys or sizes out of bounds) is a protocol error:
the server ends that one session, never itself. Sizes are bounded because the game draws a screen of that
many cells: a hostile `resize` must not make one process allocate the machine's memory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Union

MAX_MESSAGE_BYTES = 64 * 1024  # a websocket frame larger than this is refused by aiohttp itself
MAX_KEYS_CHARS = 4096  # one stdin message: a key, or a paste of a few lines
MAX_PING_CHARS = 64  # textual.js sends a millisecond timestamp
WIDTH_RANGE = (20, 400)  # terminal cells: a phone held upright to a wall screen
HEIGHT_RANGE = (8, 200)


class ProtocolError(ValueError):
    """A message no browser running our page would send; `str()` says why, for the server's log."""


@dataclass(frozen=True)
class Keys:
    data: str


@dataclass(frozen=True)
class Resize:
    width: int
    height: int


@dataclass(frozen=True)
class Ping:
    token: str


@dataclass(frozen=True)
class Focus:
    focused: bool


ClientMessage = Union[Keys, Resize, Ping, Focus]


def _int_in(value, bounds: tuple[int, int], what: str) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ProtocolError(f"{what} must be a whole number from {low} to {high}, not {value!r:.40}")
    return value


def terminal_size(width: str | None, height: str | None) -> tuple[int, int]:
    """The size asked for in the websocket's query string (`?width=W&height=H`), clamped into bounds
    (80x24 when missing or not a number): the page computes it from the window, so it is only a hint."""

    def clamp(text: str | None, bounds: tuple[int, int], default: int) -> int:
        try:
            value = int(text) if text is not None and len(text) < 8 else default
        except ValueError:
            value = default
        return min(max(value, bounds[0]), bounds[1])

    return clamp(width, WIDTH_RANGE, 80), clamp(height, HEIGHT_RANGE, 24)


def parse(text: str) -> ClientMessage:
    """One text frame from the browser, checked; raises ProtocolError."""
    if len(text) > MAX_MESSAGE_BYTES:
        raise ProtocolError("message too long")
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        raise ProtocolError("not JSON") from None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise ProtocolError("not a [type, ...] list")
    kind, args = envelope[0], envelope[1:]
    if kind == "stdin":
        if len(args) != 1 or not isinstance(args[0], str) or not 0 < len(args[0]) <= MAX_KEYS_CHARS:
            raise ProtocolError(f"stdin takes one string of 1 to {MAX_KEYS_CHARS} characters")
        return Keys(args[0])
    if kind == "resize":
        if len(args) != 1 or not isinstance(args[0], dict):
            raise ProtocolError("resize takes one {width, height} object")
        size = args[0]
        return Resize(_int_in(size.get("width"), WIDTH_RANGE, "width"),
                      _int_in(size.get("height"), HEIGHT_RANGE, "height"))
    if kind == "ping":
        if len(args) != 1 or not isinstance(args[0], str) or len(args[0]) > MAX_PING_CHARS:
            raise ProtocolError(f"ping takes one string of at most {MAX_PING_CHARS} characters")
        return Ping(args[0])
    if kind in ("focus", "blur"):
        if args:
            raise ProtocolError(f"{kind} takes nothing")
        return Focus(kind == "focus")
    raise ProtocolError(f"unknown message type {kind!r:.40}")
