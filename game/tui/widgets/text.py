"""Small formatting helpers for the screens (dates, plural)."""

from __future__ import annotations

from game.model.citing import readable_date

# One way to write a date for people, shared with the reports: '2019-04-08' -> '8 April 2019'.
human_date = readable_date


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"
