"""The authoring guide's reference tables of effects and conditions, generated from their declarations.

docs/authoring.md holds two generated blocks, each between a BEGIN and an END marker (HTML comments, so
they do not show); everything else in the guide is written by hand. Regenerate them after changing a kind
in game.model.vocabulary:

    python -m game.content.guide            # rewrites docs/authoring.md in place
    python -m game.content.guide --check    # fails (status 1) when it is out of date
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from game.model import vocabulary as v

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
COMMAND = "python -m game.content.guide"


def _begin(family: str) -> str:
    return f"<!-- BEGIN generated {family} table: edit game/model/vocabulary.py, then run {COMMAND} -->"


def _end(family: str) -> str:
    return f"<!-- END generated {family} table -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def effects_section() -> str:
    """The table of effects, then one example of each."""
    rows = [f"| {_cell(k.guide.name)} | {_cell(k.guide.keys)} | {_cell(v.describe(k))} |" for k in v.EFFECT_KINDS]
    examples = "\n".join(textwrap.indent(k.guide.example, "  ") for k in v.EFFECT_KINDS)
    return "\n".join([
        "| effect | keys | what it does |",
        "|--------|------|--------------|",
        *rows,
        "",
        "Examples:",
        "",
        "```yaml",
        "effects:",
        examples,
        "```",
    ])


def conditions_section() -> str:
    """The table of conditions, then one example of each."""
    rows = [f"| {_cell(k.guide.name)} | {_cell(k.guide.keys)} | {_cell(v.describe(k))} |"
            for k in v.CONDITION_KINDS]
    examples = "\n".join(f"- {k.guide.example}" for k in v.CONDITION_KINDS)
    return "\n".join([
        "| condition | form | meaning |",
        "|-----------|------|---------|",
        *rows,
        "",
        "Examples, one of each kind (each can stand after `when:` or `if:`, or in an `all:` or `any:` list):",
        "",
        "```yaml",
        examples,
        "```",
    ])


SECTIONS = {"effects": effects_section, "conditions": conditions_section}


def render(text: str) -> str:
    """`text` (the guide) with each generated block replaced by what the declarations give today."""
    for family, section in SECTIONS.items():
        begin, end = _begin(family), _end(family)
        start = text.find(begin)
        stop = text.find(end, start + 1)
        if start < 0 or stop < 0:
            raise ValueError(f"the guide has no generated {family} table: it needs the lines\n{begin}\n{end}")
        text = text[:start] + begin + "\n" + section() + "\n" + text[stop:]
    return text


def is_current(path: Path = GUIDE) -> bool:
    """Whether the guide's generated blocks say what the declarations say today."""
    text = path.read_text(encoding="utf-8")
    return render(text) == text


def regenerate(path: Path = GUIDE) -> bool:
    """Rewrite the guide's generated blocks; True when something changed."""
    text = path.read_text(encoding="utf-8")
    fresh = render(text)
    if fresh != text:
        path.write_text(fresh, encoding="utf-8")
    return fresh != text


def main(argv: list[str] | None = None) -> None:
    """`python -m game.content.guide [--check] [PATH]`: a failure ends the process with its message
    (SystemExit, status 1); success is silent."""
    ap = argparse.ArgumentParser(prog=COMMAND, description="Regenerate the authoring guide's tables of effects "
                                 "and conditions from game/model/vocabulary.py.")
    ap.add_argument("path", nargs="?", type=Path, default=GUIDE, help="the guide (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="change nothing; fail when the guide is out of date")
    args = ap.parse_args(argv)
    try:
        if args.check:
            if not is_current(args.path):
                raise SystemExit(f"{COMMAND}: {args.path} is out of date: run {COMMAND}")
        else:
            regenerate(args.path)
    except (OSError, ValueError) as exc:
        raise SystemExit(f"{COMMAND}: {args.path}: {exc}") from None


if __name__ == "__main__":
    main()
