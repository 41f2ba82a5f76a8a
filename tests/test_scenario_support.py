"""Helpers shared by the scenario tests (no tests here): the shipped scenarios, card dates, nested effects."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from game.paths import scenarios_dir


def shipped_scenarios() -> list[Path]:
    """Every scenario file in content/scenarios/ (a new file there is tested with the others)."""
    return sorted(p for p in scenarios_dir().iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def card_day(iso: str) -> date:
    """A card's date ('2019-04', '2019' or a full date) as the first day it can mean."""
    parts = [int(p) for p in iso.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(*parts)


def nested_effects(effects):
    """Every effect, nested ones included (chance, if, delayed, react)."""
    for e in effects:
        yield e
        for attr in ("then", "else_", "effects"):
            inner = getattr(e, attr, None)
            if isinstance(inner, list):
                yield from nested_effects(inner)


def card_effects(card):
    yield from nested_effects(card.effects)
    for option in card.options:
        yield from nested_effects(option.effects)
