"""Small formatting helpers for the screens (dates, plural)."""

from __future__ import annotations

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)


def human_date(iso: str | None) -> str:
    """'2019-04-08' -> '8 April 2019', '2019-04' -> 'April 2019', '2019' -> '2019'."""
    if not iso:
        return ""
    parts = str(iso).split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return str(iso)


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def signed(number: float) -> str:
    """'+5', '−5' (a true minus sign, as everywhere in the game), '0'; 2.5 -> '+2.5'."""
    text = f"{abs(number):g}"
    return text if number == 0 else ("+" if number > 0 else "−") + text
