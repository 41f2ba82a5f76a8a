"""`wargame validate`, `wargame schema`, `wargame list` and `wargame ids`: thin wrappers over game.content; and
the content every other command loads (`load_content`, `load_class_pack`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CommandError


def validate_command(args) -> int:
    from game.content import validate_paths, validate_stack

    paths = list(args.paths)
    scenario, decks = getattr(args, "scenario", None), list(getattr(args, "deck", None) or [])
    if decks and scenario is None:
        raise CommandError(EXIT_USAGE, ["wargame validate: --deck goes with --scenario (the decks are checked "
                                        "stacked on it); to check a deck on the scenario it extends, give its "
                                        "file as a PATH"])
    if not paths and scenario is None:
        raise CommandError(EXIT_USAGE, ["wargame validate: give files or folders to check, or --scenario ID "
                                        "with --deck files"])
    if scenario is not None:
        check_names(scenario, decks)
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    problems = validate_paths([p for p in paths if p not in missing])
    if scenario is not None:
        problems += validate_stack(scenario, decks)
    errors = [p for p in problems if p.severity == "error" or args.strict]
    for problem in problems:
        stream = sys.stdout if problem in errors else sys.stderr
        print(problem if problem.is_error else f"{problem} (warning)", file=stream)
    warnings = len(problems) - sum(1 for p in problems if p.severity == "error")
    checked = ", ".join([str(p) for p in paths] + ([" + ".join([str(scenario), *map(str, decks)])]
                                                   if scenario is not None else []))
    for path in missing:
        print(f"wargame validate: {path}: no such file or folder", file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s), {warnings} warning(s) in {checked}", file=sys.stderr)
    elif not missing:
        print(f"ok: {checked} ({warnings} warning(s))", file=sys.stderr)
    return EXIT_USAGE if missing else EXIT_PROBLEMS if errors else EXIT_OK


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
    table = Table(title="Scenarios, decks and class packs", title_justify="left")
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
        if e.kind == "class":
            title = f"{e.title} [dim](plays {e.extends}{f' + {e.cards} deck(s)' if e.cards else ''})[/]"
            table.add_row(kind, e.id, title, span, "")
            continue
        title = f"{e.title} [dim](extends {e.extends})[/]" if e.extends else e.title
        table.add_row(kind, e.id, title, span, str(e.cards))
    console = Console()
    console.print(table)
    console.print(f"Shipped content: {content_dir()}")
    for e in own:
        console.print(f"  {e.id}: {e.path}")
    console.print(f"Your own decks are read from {user_decks_dir()} (set $WARGAME_DECKS to change it).")
    return EXIT_OK


def ids_command(args) -> int:
    """`wargame ids SCENARIO [--deck ...]`: every id an author can use, as a table per kind or as JSON."""
    from game.content import content_ids

    resolved = _scenario_or_class(args.scenario, args.deck, "ids")
    report = content_ids(resolved)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return EXIT_OK
    from game.cli.ids import print_ids

    print_ids(report)
    return EXIT_OK


def _scenario_or_class(value: str, decks: list, command: str):
    """The content a scenario (id or file) with decks names, or a class pack file (whose decks it stacks)."""
    from game.content import read_document
    from game.content.discovery import looks_like_path

    path = Path(value)
    if path.is_file() or looks_like_path(value):
        if not path.exists():
            raise CommandError(EXIT_USAGE, [f"wargame {command}: {value}: no such file"])
        raw = read_document(path).raw
        if isinstance(raw, dict) and raw.get("kind") == "class":
            if decks:
                raise CommandError(EXIT_USAGE, [f"wargame {command}: {value} is a class pack: it names its own "
                                                "decks (leave out --deck)"])
            return load_class_pack(path, command).resolved
    return load_content(value, decks)


def load_class_pack(value, command: str):
    """A class pack (file or id) loaded with its scenario and decks (game.content.ClassSetup); when it cannot
    be, CommandError: exit 2 for a name that finds no file, 1 with every problem for content problems."""
    from game.content import ContentError, load_class

    try:
        return load_class(value)
    except ContentError as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        if len(exc.problems) == 1 and not exc.problems[0].line and not Path(str(value)).is_file():
            raise CommandError(EXIT_USAGE, [f"wargame {command}: --class: {exc.problems[0].message}"]) from None
        raise CommandError(EXIT_PROBLEMS, [*map(str, exc.problems),
                                           f"cannot load the class pack {value}: {len(errors)} error(s)"]) from None


def check_names(scenario: str | None, decks=()) -> None:
    """CommandError (exit 2) when a scenario or deck, named by file or id, finds no file."""
    from game.content import ContentError
    from game.content.discovery import deck_file, scenario_file

    named = ([(scenario, scenario_file)] if scenario is not None else []) + [(d, deck_file) for d in decks]
    for value, find in named:
        try:
            path = find(value)
        except ContentError as exc:
            raise CommandError(EXIT_USAGE, [p.message for p in exc.problems]) from None
        if not path.exists():
            raise CommandError(EXIT_USAGE, [f"{value}: no such file"])


def load_content(scenario: str | None, decks=()):
    """The resolved content a command works on; when it cannot be loaded, CommandError: exit 2 for a file or
    an id that finds nothing, 1 with every problem and a count of the errors for content problems."""
    from game.content import ContentError, resolve

    check_names(scenario, decks)
    try:
        return resolve(scenario, decks=list(decks))
    except ContentError as exc:
        errors = sum(1 for p in exc.problems if p.severity == "error")
        raise CommandError(EXIT_PROBLEMS, [*map(str, exc.problems),
                                           f"cannot load the content: {errors} error(s)"]) from None
