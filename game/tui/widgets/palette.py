"""The game's colours, in one place: what each colour means, and how a widget that draws in Python reads it.

Every colour is a theme variable (game/tui/themes.py gives the game's themes their values and derives them
for any other theme) styled onto a component class in app.tcss. A widget that draws in Python declares the
classes it uses in COMPONENT_CLASSES and reads them as Rich styles with `component_style`; what it renders
is redrawn when the theme changes (the styles are part of its cache keys, or it listens to
`App.theme_changed_signal`), so a new theme recolours it.
"""

from __future__ import annotations

from rich.style import Style

# What a change means for Moscow (game.engine.explain's tones: good, bad, a roll of the dice, something that
# lands later; its "neutral" has no colour), how a meter stands (good, mid, bad, or unrated: a meter Moscow
# wants neither high nor low), and fighting at a place.
TONES = ("good", "bad", "chance", "later", "mid", "unrated", "fighting", "place", "cost")
TONE_CLASSES = frozenset(f"tone--{tone}" for tone in TONES)
NO_STYLE = Style.null()

# The labels on a card (tags on coloured chips).
TAGS = ("HYPOTHETICAL", "HISTORY", "DECISION", "EVENT", "FOLLOW-UP")
TAG_CLASSES = frozenset(f"tag--{tag.lower()}" for tag in TAGS)

# Actors with a colour of their own (by id); the others take the spare colours in turn.
KNOWN_ACTORS = {"gna": "gna", "lna": "lna", "russia": "russia", "isis": "isis", "daesh": "isis"}
SPARE_ACTORS = 6
UNKNOWN_ACTOR = "actor--unknown"
ACTOR_CLASSES = frozenset(
    {f"actor--{name}" for name in KNOWN_ACTORS.values()}
    | {f"actor--spare-{i}" for i in range(1, SPARE_ACTORS + 1)}
    | {UNKNOWN_ACTOR}
)


def component_style(widget, name: str) -> Style:
    """The style of one of the widget's component classes (its colour, background and text style only: what
    `get_component_rich_style(name, partial=True)` gives, without also working out the full style through
    the widget's ancestors, which that method does again after every refresh of the widget)."""
    return widget.get_component_styles(name).partial_rich_style


def look(widget) -> tuple[Style, dict[str, Style]]:
    """The widget's own style and the style of each of its component classes, read once and kept until the
    widget's styles change (a widget that uses this calls `forget_look` from its `notify_style_update`).
    Reading a style costs tens of microseconds: a widget drawing many lines reads them from here."""
    cached = widget.__dict__.get("_look")
    if cached is None:
        cached = widget.__dict__["_look"] = (widget.rich_style, {name: component_style(widget, name)
                                                                 for name in widget.COMPONENT_CLASSES})
    return cached


def forget_look(widget) -> None:
    widget.__dict__.pop("_look", None)


def tones_of(styles: dict[str, Style]) -> dict[str, Style]:
    """The tones (see `tone_styles`) from a widget's `look`."""
    return {tone: styles[f"tone--{tone}"] for tone in TONES if f"tone--{tone}" in styles}


def tone_styles(widget) -> dict[str, Style]:
    """The widget's style for each tone (foreground only: it sits on whatever background is there). Look
    tones up with `.get(tone, NO_STYLE)`: a tone without a colour (neutral) has no entry."""
    return {tone: component_style(widget, f"tone--{tone}") for tone in TONES}


def tag_styles(widget) -> dict[str, Style]:
    """The widget's style for each card tag (a chip: its background and a text colour that reads on it)."""
    return {tag: component_style(widget, f"tag--{tag.lower()}") for tag in TAGS}


# Each side's mark on the map: a symbol on a chip of its colour. Symbols are shapes, not letters, so that no
# mark reads as a place's initial; the known sides keep theirs in every scenario, the others take the spare
# ones in turn (never one already taken in the scenario).
KNOWN_SYMBOLS = {"gna": "●", "lna": "▲", "russia": "★", "isis": "◆", "daesh": "◆"}
SPARE_SYMBOLS = ("■", "▼", "✚", "◉", "◐", "♦", "◇", "○", "□", "△", "▽", "✦")


def actor_styles(actors) -> dict[str, tuple[str, str]]:
    """actor id -> (symbol, component class of its colour); symbols are unique within the scenario."""
    actors = list(actors)
    out: dict[str, tuple[str, str]] = {}
    used = {KNOWN_SYMBOLS[a.id] for a in actors if a.id in KNOWN_SYMBOLS}
    spare_symbols = iter([s for s in SPARE_SYMBOLS if s not in used] + [chr(0x2460 + i) for i in range(20)])
    spare = 0
    for actor in actors:
        if actor.id in KNOWN_SYMBOLS:
            symbol = KNOWN_SYMBOLS[actor.id]
        else:
            symbol = next(spare_symbols, "?")
        if actor.id in KNOWN_ACTORS:
            component = f"actor--{KNOWN_ACTORS[actor.id]}"
        else:
            component = f"actor--spare-{spare % SPARE_ACTORS + 1}"
            spare += 1
        out[actor.id] = (symbol, component)
    return out


def actor_label(actor) -> str:
    """The name a legend gives a side: the bracket of "Haftar (LNA)" ("LNA"), else the whole name."""
    name = actor.name or actor.id
    if "(" in name and name.rstrip().endswith(")"):
        return name[name.rfind("(") + 1:].rstrip(")").strip() or name
    return name
