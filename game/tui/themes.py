"""The game's own Textual themes (any built-in theme can be picked too, from the command palette).

Besides Textual's colours, a theme gives the game's own (used in app.tcss, read by the widgets that draw
in Python through component classes: see widgets/palette.py):

    text-quiet              secondary text drawn in Python (legends, notes): the foreground, toned down
                            (Textual's $text-muted is "auto 60%", which only a widget's own rules resolve)
    tone-good, tone-bad     a change or a meter good / bad for Moscow (text on the background)
    tone-chance, tone-later odds and rolls; effects that land later (text on the background)
    fighting                fighting at a place (a map mark, and text)
    map-land, map-sea       the map's fill
    meter-empty             the unfilled part of a meter's bar
    actor-*                 each side's marks on the map (gna, lna, russia, isis, spare-1 .. spare-6, unknown)
    tag-*                   the card tags' chips (hypothetical, history, decision, event, follow-up)

Text colours must read on the theme's background; chips and marks take a contrasting text colour of their
own (`color: auto` in app.tcss). A theme that leaves them out (Textual's built-in ones) gets them from
`variable_defaults`, derived from its own colours.
"""

from __future__ import annotations

from textual.color import Color
from textual.theme import Theme

# Mid-saturation actor colours that carry a black or white letter on either kind of background.
ACTORS = {
    "actor-gna": "#3d8fd1",  # Tripoli's government: blue
    "actor-lna": "#d9822b",  # Haftar's army: desert orange
    "actor-russia": "#c0392b",
    "actor-isis": "#8e8e8e",
    "actor-spare-1": "#4caf50",
    "actor-spare-2": "#ab6bd6",
    "actor-spare-3": "#c9b037",
    "actor-spare-4": "#26a69a",
    "actor-spare-5": "#e06c9f",
    "actor-spare-6": "#7f8c8d",
    "actor-unknown": "#888888",
}

TAGS = {
    "tag-hypothetical": "#e0b341",
    "tag-history": "#3d6f9e",
    "tag-decision": "#8b1e1e",
    "tag-event": "#4a5563",
    "tag-follow-up": "#5d4a7a",
}

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
    variables={
        "text-quiet": "#9a958c",
        "tone-good": "#5fbf77",
        "tone-bad": "#ff6b5f",
        "tone-chance": "#e0b341",
        "tone-later": "#8fa3bf",
        "fighting": "#e53935",
        "map-land": "#5a4a30",
        "map-sea": "#16324a",
        "meter-empty": "#4a4f57",
        **ACTORS,
        **TAGS,
    },
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
    variables={
        # ink dark enough to read on sand
        "text-quiet": "#6b5d4a",
        "tone-good": "#2e7d32",
        "tone-bad": "#b00020",
        "tone-chance": "#8a5a00",
        "tone-later": "#3f5f86",
        "fighting": "#c62828",
        "map-land": "#d9b77a",
        "map-sea": "#9cc3e0",
        "meter-empty": "#c9bb9c",
        **ACTORS,
        "actor-isis": "#6e6e6e",
        "actor-spare-3": "#a08a1c",
        **TAGS,
        "tag-hypothetical": "#c9962a",
    },
)

THEMES = (KREMLIN, DESERT)
DEFAULT_THEME = KREMLIN.name


GAME_VARIABLES = frozenset(KREMLIN.variables)


def variable_defaults(theme: Theme) -> dict[str, str]:
    """The game's variables for a theme that does not set them (Textual's own), from the theme's colours."""
    if GAME_VARIABLES <= theme.variables.keys():
        return {}  # the game's themes set them all: no colour system to derive
    colours = theme.to_color_system().generate()
    return {
        "text-quiet": Color.parse(colours["background"]).blend(Color.parse(colours["foreground"]), 0.6).hex,
        "tone-good": colours["text-success"],
        "tone-bad": colours["text-error"],
        "tone-chance": colours["text-warning"],
        "tone-later": colours["text-secondary"],
        "fighting": colours["error"],
        "map-land": colours["warning-muted"],
        "map-sea": colours["primary-muted"],
        "meter-empty": colours["panel"],
        **ACTORS,
        "tag-hypothetical": colours["warning"],
        "tag-history": colours["secondary"],
        "tag-decision": colours["primary"],
        "tag-event": colours["panel"],
        "tag-follow-up": colours["accent"],
    }
