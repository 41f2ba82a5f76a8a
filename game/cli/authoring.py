"""`wargame new-deck`, `wargame new-class` and `wargame check`: instructors' tools (game.authoring does the
work).

Exit codes (game.cli.exit_codes): 0 ok; 1 content problems, or `check` found something unreachable; 2 bad
usage or a file that cannot be read or written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.cli.content import load_class_pack, load_content
from game.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CommandError
from game.cli.progress import games_progress
from game.content import read_document
from game.content.discovery import YAML_SUFFIXES, looks_like_path
from game.paths import replace_atomically


def _usage(command: str, message: str) -> CommandError:
    return CommandError(EXIT_USAGE, [f"wargame {command}: {message}"])


# --------------------------------------------------------------------------- new-deck


def new_deck_command(args) -> int:
    from game.content import ContentError, find_scenario, resolve

    path: Path = args.path
    _check_target("new-deck", path, "a deck file name", "the deck's", "my-deck.yaml", args.force)
    try:
        find_scenario(args.extends)
    except ContentError as exc:
        raise _usage("new-deck", f"--extends: {exc.problems[0].message if exc.problems else exc}") from None
    try:
        resolved = resolve(args.extends)
    except ContentError as exc:
        raise CommandError(EXIT_PROBLEMS, [*map(str, exc.problems), f"wargame new-deck: the scenario "
                                           f"'{args.extends}' has errors; fix them first"]) from None

    from game.authoring.starter import starter_text

    problems = _write_starter("new-deck", path, starter_text(resolved, path), args.force,
                              f"a starter deck extending {resolved.scenario.id}")
    print(f"next: edit it, then  wargame validate {path}  ·  wargame check {path}  ·  "
          f"wargame play --scenario {resolved.scenario.id} --deck {path}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


# --------------------------------------------------------------------------- new-class


def new_class_command(args) -> int:
    path: Path = args.path
    _check_target("new-class", path, "a class pack's file name", "the pack's", "my-class.yaml", args.force)
    resolved = load_content(args.scenario, args.deck)  # exit 2 for a name that finds nothing, 1 for errors

    from game.authoring.starter import class_starter_text

    decks = f" with {', '.join(map(str, args.deck))}" if args.deck else ""
    problems = _write_starter("new-class", path, class_starter_text(resolved, path, args.scenario, args.deck),
                              args.force, f"a starter class pack playing {resolved.scenario.id}{decks}")
    print(f"next: edit it, then  wargame validate {path}  ·  wargame check {path}  ·  wargame play --class {path}",
          file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _exists(path: Path) -> str:
    return f"{path} already exists: choose another name, or add --force to overwrite it"


def _check_target(command: str, path: Path, file_name: str, whose: str, example: str, force: bool) -> None:
    """Refuse a starter's file name before any work: not YAML, a folder, taken (without --force), or in a
    folder that does not exist."""
    if path.suffix not in YAML_SUFFIXES:
        raise _usage(command, f"{path}: {file_name} ends in .yaml or .yml (e.g. {path.with_suffix('.yaml')})")
    if path.is_dir():
        raise _usage(command, f"{path} is a folder: give {whose} file name, e.g. {path / example}")
    if (path.exists() or path.is_symlink()) and not force:
        raise _usage(command, _exists(path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise _usage(command, f"cannot write {path}: the folder {parent} does not exist (create it first)")


def _write_starter(command: str, path: Path, text: str, force: bool, what: str) -> list:
    """Write a starter whole or not at all (without `force`, never over an existing file), validate it and say
    what was written (`what`) and where the editor's schema goes: the problems found, printed (never
    expected: the starters are tested to validate)."""
    try:
        if force:
            replace_atomically(path, text)
        else:
            with open(path, "x", encoding="utf-8") as fh:
                fh.write(text)
    except FileExistsError:
        raise _usage(command, _exists(path)) from None
    except OSError as exc:
        raise _usage(command, f"cannot write {path}: {exc.strerror or exc}") from None
    from game.content import validate_paths

    from game.authoring.starter import SCHEMA_FILE

    problems = [p for p in validate_paths([path]) if p.is_error]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"wrote {path}: {what}", file=sys.stderr)
    schema = path.parent / SCHEMA_FILE
    if not schema.exists():
        print(f"for checks as you type in your editor: wargame schema -o {schema}", file=sys.stderr)
    return problems


# --------------------------------------------------------------------------- check


def _target(text: str) -> tuple[str | Path, list[Path]]:
    """(scenario, decks) for the argument of `check`; CommandError when it names nothing checkable (a class
    pack is loaded by `_class_content`)."""
    from game.content import DEFAULT_SCENARIO, ContentError, find_deck, find_scenario, read_document

    path = Path(text)
    if not path.exists():
        if looks_like_path(text):
            raise _usage("check", f"{text}: no such file")
        try:
            return find_scenario(text), []
        except ContentError:
            pass
        try:
            path = find_deck(text)
        except ContentError as exc:
            raise _usage("check", f"'{text}' is neither a file nor a scenario or deck id "
                                  f"({exc.problems[0].message if exc.problems else exc})") from None
    if path.is_dir():
        raise _usage("check", f"{text} is a folder: give a deck or scenario file")
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise _usage("check", f"cannot read {text}: {exc.strerror or exc}") from None
    doc = read_document(path)
    raw = doc.raw if isinstance(doc.raw, dict) else None
    kind = raw.get("kind") if raw is not None else None
    if kind == "scenario":
        return path, []
    if kind == "deck":
        extends = raw.get("extends")
        target = extends if isinstance(extends, str) else DEFAULT_SCENARIO
        from game.content.library import _sibling_scenario  # a scenario file beside the deck comes first

        return (_sibling_scenario(path, target) or target), [path]
    if kind == "class":
        return path, []
    if kind == "facts":
        raise _usage("check", f"{text} is a fact base: check the scenario or deck that cites it")
    lines = [str(problem) for problem in doc.problems] or [
        f"wargame check: {text}: not a deck or scenario (it needs `kind: deck` or `kind: scenario`)"]
    raise CommandError(EXIT_PROBLEMS, lines)


def _checked_content(args):
    """(resolved, decks were given): the content `check` plays: a deck, a scenario or a class pack (PATH), or
    decks stacked on a scenario (--scenario, --deck)."""
    stacked = getattr(args, "scenario", None)
    if stacked is not None or getattr(args, "deck", None):
        if args.path is not None or stacked is None:
            raise _usage("check", "give a deck, scenario or class pack, or --scenario ID with --deck files, not both")
        return load_content(stacked, args.deck), bool(args.deck)
    if args.path is None:
        raise _usage("check", "give a deck, scenario or class pack to check, or --scenario ID with --deck files")
    scenario, decks = _target(str(args.path))
    if isinstance(scenario, Path) and not decks:
        raw = read_document(scenario).raw
        if isinstance(raw, dict) and raw.get("kind") == "class":
            setup = load_class_pack(scenario, "check")
            return setup.resolved, bool(setup.decks)
    return load_content(str(scenario) if isinstance(scenario, Path) else scenario, decks), bool(decks)


def check_command(args) -> int:
    resolved, decks = _checked_content(args)

    from game.authoring.check import check
    from game.authoring.playtest import STRATEGIES, playtest, search_games_for
    from game.content.library import content_warnings
    from game.engine.policies import SEARCH_ROLLOUTS

    search_games = search_games_for(args.games, getattr(args, "search_games", None))
    rollouts = getattr(args, "rollouts", None) or SEARCH_ROLLOUTS

    def run_playtest(progress=None):
        return playtest(resolved.rules, args.games, search_games, args.seed, rollouts, progress=progress)

    show = sys.stderr.isatty() and args.format == "text"
    with games_progress("playing", args.games, show=show) as progress:
        report = check(resolved, args.games, args.seed, progress=progress)
    with games_progress("players", args.games * (len(STRATEGIES) - 1) + search_games, show=show) as progress:
        playtested = run_playtest(progress=progress)
    warnings = list(resolved.warnings) + content_warnings(resolved)
    report.warnings = [str(p) for p in warnings]
    report.playtest = playtested.to_json()
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        from game.authoring.playtest_text import print_playtest
        from game.authoring.report import print_report

        print_report(report, decks_only=bool(decks))
        print_playtest(playtested)
    if getattr(args, "strict", False) and (warnings or playtested.findings):
        return EXIT_PROBLEMS
    return EXIT_OK if report.ok else EXIT_PROBLEMS
