"""Helpers for the authoring tests (game.authoring, game.content.lint); no tests here."""

from __future__ import annotations

import json
from pathlib import Path

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
DECKS = ROOT / "content" / "decks"
EXAMPLES = sorted(DECKS.glob("*.yaml"))


def run(capsys, *argv) -> tuple[int, str, str]:
    """`wargame ARGV...` through the real entry point: (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def run_json(capsys, *argv) -> tuple[int, dict]:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert out.strip(), err
    return code, json.loads(out)


def write_deck(folder: Path, name: str, body: str, extends: str | None = "tripoli-2019",
               ident: str | None = None) -> Path:
    """A deck file `name`.yaml in `folder` with the usual header, then `body` (YAML, top-level keys)."""
    head = f"kind: deck\nid: {ident or name}\ntitle: Test deck {name}\n"
    if extends:
        head += f"extends: {extends}\n"
    path = folder / f"{name}.yaml"
    path.write_text(head + body, encoding="utf-8")
    return path


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of `needle` in `text`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def card(ident: str, extra: str = "", fact: str = "r19-offensive-begins") -> str:
    """A minimal event card, as YAML list item text (indented for `cards:`)."""
    return (f"  - id: {ident}\n    title: Card {ident}\n    text: t\n    hypothetical: true\n"
            f"    facts: [{fact}]\n" + extra)
