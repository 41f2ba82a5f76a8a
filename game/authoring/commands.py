"""`wargame new-deck` and `wargame check`: instructors' tools (the parsers are in game/cli.py).

Exit codes as in game/cli.py: 0 ok; 1 content problems, or `check` found something unreachable; 2 bad
usage or a file that cannot be read or written.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from game.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

YAML_SUFFIXES = (".yaml", ".yml")


def _err(command: str, message: str) -> None:
    print(f"wargame {command}: {message}", file=sys.stderr)


# --------------------------------------------------------------------------- new-deck


def new_deck_command(args) -> int:
    from game.content import ContentError, find_scenario, resolve

    path: Path = args.path
    if path.suffix not in YAML_SUFFIXES:
        _err("new-deck", f"{path}: a deck file name ends in .yaml or .yml (e.g. {path.with_suffix('.yaml')})")
        return EXIT_USAGE
    if path.is_dir():
        _err("new-deck", f"{path} is a folder: give the deck's file name, e.g. {path / 'my-deck.yaml'}")
        return EXIT_USAGE
    if (path.exists() or path.is_symlink()) and not args.force:
        _err("new-deck", f"{path} already exists: choose another name, or add --force to overwrite it")
        return EXIT_USAGE
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        _err("new-deck", f"cannot write {path}: the folder {parent} does not exist (create it first)")
        return EXIT_USAGE
    try:
        find_scenario(args.extends)
    except ContentError as exc:
        _err("new-deck", f"--extends: {exc.problems[0].message if exc.problems else exc}")
        return EXIT_USAGE
    try:
        resolved = resolve(args.extends)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        _err("new-deck", f"the scenario '{args.extends}' has errors; fix them first")
        return EXIT_PROBLEMS

    from game.authoring.starter import SCHEMA_FILE, starter_text

    text = starter_text(resolved, path)
    try:
        _write(path, text, args.force)
    except FileExistsError:
        _err("new-deck", f"{path} already exists: choose another name, or add --force to overwrite it")
        return EXIT_USAGE
    except OSError as exc:
        _err("new-deck", f"cannot write {path}: {exc.strerror or exc}")
        return EXIT_USAGE

    from game.content import validate_paths

    problems = [p for p in validate_paths([path]) if p.is_error]
    for problem in problems:  # never expected: the starter is tested to validate
        print(problem, file=sys.stderr)
    print(f"wrote {path}: a starter deck extending {resolved.scenario.id}", file=sys.stderr)
    schema = path.parent / SCHEMA_FILE
    if not schema.exists():
        print(f"for checks as you type in your editor: wargame schema -o {schema}", file=sys.stderr)
    print(f"next: edit it, then  wargame validate {path}  ·  wargame check {path}  ·  "
          f"wargame play --scenario {resolved.scenario.id} --deck {path}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _write(path: Path, text: str, force: bool) -> None:
    """Write the file whole or not at all; without `force`, never over an existing file."""
    if not force:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(text)
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------- check


def _target(text: str) -> tuple[str | Path, list[Path]] | int:
    """(scenario, decks) for the argument of `check`, or an exit code after an explained failure."""
    from game.content import DEFAULT_SCENARIO, ContentError, find_deck, find_scenario, read_document

    path = Path(text)
    if not path.exists():
        looks_like_path = text.endswith(YAML_SUFFIXES) or "/" in text or os.sep in text
        if looks_like_path:
            _err("check", f"{text}: no such file")
            return EXIT_USAGE
        try:
            return find_scenario(text), []
        except ContentError:
            pass
        try:
            path = find_deck(text)
        except ContentError as exc:
            _err("check", f"'{text}' is neither a file nor a scenario or deck id "
                          f"({exc.problems[0].message if exc.problems else exc})")
            return EXIT_USAGE
    if path.is_dir():
        _err("check", f"{text} is a folder: give a deck or scenario file")
        return EXIT_USAGE
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        _err("check", f"cannot read {text}: {exc.strerror or exc}")
        return EXIT_USAGE
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
    if kind == "facts":
        _err("check", f"{text} is a fact base: check the scenario or deck that cites it")
        return EXIT_USAGE
    for problem in doc.problems:
        print(problem, file=sys.stderr)
    if not doc.problems:
        _err("check", f"{text}: not a deck or scenario (it needs `kind: deck` or `kind: scenario`)")
    return EXIT_PROBLEMS


def check_command(args) -> int:
    from game.cli_content import resolve_or_report

    target = _target(str(args.path))
    if isinstance(target, int):
        return target
    scenario, decks = target
    resolved = resolve_or_report(str(scenario) if isinstance(scenario, Path) else scenario, decks)
    if resolved is None:
        return EXIT_PROBLEMS

    from game.authoring.check import check
    from game.authoring.playtest import STRATEGIES, playtest, search_games_for
    from game.content.lint import lint
    from game.engine.policies import SEARCH_ROLLOUTS

    search_games = search_games_for(args.games, getattr(args, "search_games", None))
    rollouts = getattr(args, "rollouts", None) or SEARCH_ROLLOUTS

    def run_playtest(progress=None):
        return playtest(resolved.rules, args.games, search_games, args.seed, rollouts, progress=progress)

    if sys.stderr.isatty() and args.format == "text":
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      transient=True) as bar:
            task = bar.add_task("playing", total=args.games)
            report = check(resolved, args.games, args.seed, progress=lambda n: bar.advance(task, n))
            task = bar.add_task("players", total=args.games * (len(STRATEGIES) - 1) + search_games)
            playtested = run_playtest(progress=lambda n: bar.advance(task, n))
    else:
        report = check(resolved, args.games, args.seed)
        playtested = run_playtest()
    warnings = list(resolved.warnings) + lint(resolved)
    report["warnings"] = [str(p) for p in warnings]
    report["playtest"] = playtested.to_json()
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        from game.authoring.playtest_text import print_playtest
        from game.authoring.report import print_report

        print_report(report, decks_only=bool(decks))
        print_playtest(playtested)
    if getattr(args, "strict", False) and (warnings or playtested.findings):
        return EXIT_PROBLEMS
    return EXIT_OK if report["ok"] else EXIT_PROBLEMS
