"""`wargame validate`, `wargame schema` and `wargame list`: thin wrappers over game.content; and the
content every other command loads (`load_content`)."""

from __future__ import annotations

import json
import sys

from game.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CommandError


def validate_command(args) -> int:
    from game.content import validate_paths

    problems = validate_paths(list(args.paths))
    errors = [p for p in problems if p.severity == "error" or args.strict]
    for problem in problems:
        stream = sys.stdout if problem in errors else sys.stderr
        print(problem if problem.is_error else f"{problem} (warning)", file=stream)
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
    from rich.console import Console
    from rich.table import Table

    from game.content import catalog
    from game.paths import content_dir, user_decks_dir

    entries = catalog()
    table = Table(title="Scenarios and decks", title_justify="left")
    table.add_column("kind", no_wrap=True)
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("title", ratio=1)
    table.add_column("span", no_wrap=True)
    table.add_column("cards", justify="right")
    own = []
    for e in entries:
        kind = e.kind
        if not e.shipped:
            own.append(e)
        if e.error:
            table.add_row(kind, e.id or "?", f"[red]cannot be used: {e.error}[/]", "", "")
            continue
        span = ""
        if e.start and e.end:
            span = f"{e.start} → {e.end[5:] if e.end[:4] == e.start[:4] else e.end}"
        title = f"{e.title} [dim](extends {e.extends})[/]" if e.extends else e.title
        table.add_row(kind, e.id, title, span, str(e.cards))
    console = Console()
    console.print(table)
    console.print(f"Shipped content: {content_dir()}")
    for e in own:
        console.print(f"  {e.id}: {e.path}")
    console.print(f"Your own decks are read from {user_decks_dir()} (set $WARGAME_DECKS to change it).")
    return EXIT_OK


def load_content(scenario: str | None, decks=()):
    """The resolved content a command works on; when it cannot be loaded, CommandError with every problem
    and a count of the errors."""
    from game.content import ContentError, resolve

    try:
        return resolve(scenario, decks=list(decks))
    except ContentError as exc:
        errors = sum(1 for p in exc.problems if p.severity == "error")
        raise CommandError(EXIT_PROBLEMS, [*map(str, exc.problems),
                                           f"cannot load the content: {errors} error(s)"]) from None
