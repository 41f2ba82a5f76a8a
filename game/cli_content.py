"""`wargame validate`, `wargame schema` and `wargame list`: thin wrappers over game.content."""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.table import Table

from game.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def validate_command(args) -> int:
    from game.content import validate_paths

    problems = validate_paths(list(args.paths))
    errors = [p for p in problems if p.severity == "error" or args.strict]
    for problem in problems:
        stream = sys.stdout if problem in errors else sys.stderr
        print(problem if problem.severity == "error" else f"{problem} (warning)", file=stream)
    warnings = len(problems) - sum(1 for p in problems if p.severity == "error")
    checked = ", ".join(str(p) for p in args.paths)
    if errors:
        print(f"{len(errors)} error(s), {warnings} warning(s) in {checked}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"ok: {checked} ({warnings} warning(s))", file=sys.stderr)
    return EXIT_OK


def schema_command(args) -> int:
    from game.content import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"wargame schema: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def list_command(args) -> int:
    from game.content import catalog
    from game.paths import user_decks_dir

    entries = catalog()
    table = Table(title="Scenarios and decks", title_justify="left")
    for col in ("kind", "id", "title", "span", "cards", "file"):
        table.add_column(col, overflow="fold")
    for e in entries:
        if getattr(e, "error", None):
            table.add_row(e.kind, e.id or "?", f"[red]unreadable: {e.error}[/]", "", "", str(e.path))
            continue
        span = f"{e.start} – {e.end}" if e.start else ""
        table.add_row(e.kind, e.id, e.title, span, str(e.cards), str(e.path))
    console = Console()
    console.print(table)
    console.print(f"Your own decks are also read from {user_decks_dir()} (set $WARGAME_DECKS to change it).")
    return EXIT_OK


def resolve_or_report(scenario: str | None, decks=()):
    """Resolve content for a command; print every problem and return None when it cannot be loaded."""
    from game.content import DEFAULT_SCENARIO, ContentError, resolve

    try:
        return resolve(scenario or DEFAULT_SCENARIO, decks=list(decks))
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        print(f"cannot load the content: {errors} error(s)", file=sys.stderr)
        return None
