"""Colours and letters for actors and meters, shared by the map, the meters and the logs."""

from __future__ import annotations

# Mid-saturation colours that read on both the dark and the light theme.
KNOWN = {
    "gna": "#3d8fd1",  # Tripoli's government: blue
    "lna": "#d9822b",  # Haftar's army: desert orange
    "russia": "#c0392b",
    "isis": "#8e8e8e",
    "daesh": "#8e8e8e",
}
CYCLE = ("#4caf50", "#ab6bd6", "#c9b037", "#26a69a", "#e06c9f", "#7f8c8d")

GOOD = "#5fbf77"
BAD = "#ff6b5f"
CHANCE = "#e0b341"
LATER = "#8fa3bf"
FIGHTING = "#e53935"


def actor_styles(actors) -> dict[str, tuple[str, str]]:
    """actor id -> (one-letter mark, colour); letters are unique within the scenario."""
    out: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    spare = iter(CYCLE * 4)
    for actor in actors:
        # "Haftar (LNA)" -> L, "House of Representatives (Tobruk)" -> T: the bracket names the side
        name = actor.name or actor.id
        inner = name[name.find("(") + 1:] if "(" in name else ""
        letters = (inner + " " + name + " " + actor.id).upper()
        letter = next((ch for ch in letters if ch.isalpha() and ch not in used), None)
        if letter is None:
            letter = next(ch for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" if ch not in used)
        used.add(letter)
        out[actor.id] = (letter, KNOWN.get(actor.id) or next(spare))
    return out


def tone_colour(tone: str) -> str:
    return {"good": GOOD, "bad": BAD, "chance": CHANCE, "later": LATER}.get(tone, "")

