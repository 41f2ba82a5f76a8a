"""The game's own Textual themes (any built-in theme can be picked too, from the command palette)."""

from __future__ import annotations

from textual.theme import Theme

KREMLIN = Theme(
    name="kremlin",
    # Night-time situation room: dark slate, Kremlin red for focus, brass for highlights.
    primary="#c0392b",
    secondary="#d4a72c",
    accent="#e0b341",
    foreground="#e8e0d0",
    background="#121416",
    surface="#1b1e22",
    panel="#272b31",
    success="#5fbf77",
    warning="#f0a030",
    error="#ff5f5f",
    dark=True,
)

DESERT = Theme(
    # Daylight: sand and ink, for bright rooms and projectors in a classroom.
    name="desert",
    primary="#8b1e1e",
    secondary="#1f5f8b",
    accent="#a0521d",
    foreground="#2b2118",
    background="#f3ead8",
    surface="#e9dec7",
    panel="#dccfb4",
    success="#2e7d32",
    warning="#b26a00",
    error="#b00020",
    dark=False,
)

THEMES = (KREMLIN, DESERT)
DEFAULT_THEME = KREMLIN.name
