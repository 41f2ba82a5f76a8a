"""`wargame replay SAVE [--verify] [--format text|json]`, and how commands find a save by name.

On a terminal, `wargame replay SAVE` opens the replay viewer (game.cli.play); with --verify, --format json or
off a terminal, it prints the text timeline or the verification (`print_replay`).

Arguments of `print_replay` (an argparse Namespace):
    save       str            path of the save, or the name of one in the saves folder
    verify     bool           re-simulate and check every turn instead of showing the timeline
    format     "text"|"json"  output format (default text)
    saves_dir  str|None       optional: folder where bare names are looked up (default: $WARGAME_SAVES, ./saves)

Exit codes: 0 the save verifies (or the timeline was shown); 1 the replay diverges (the first turn that
differs is named); 2 the file cannot be read or trusted (the message says why). Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from game.paths import default_saves_dir


def resolve_save_path(name: str, saves_dir: str | Path | None = None) -> Path:
    """A path as given if it exists; else a bare name looked up in the saves folder (with or without .json)."""
    p = Path(name).expanduser()
    if p.exists() or p.parent != Path("."):
        return p
    folder = Path(saves_dir) if saves_dir else default_saves_dir()
    for cand in (folder / name, folder / f"{name}.json"):
        if cand.exists():
            return cand
    return p


def _error(msg: str, fmt: str, path: str | None = None) -> int:
    if fmt == "json":
        print(json.dumps({"ok": False, "error": msg, "path": path}, ensure_ascii=False))
    else:
        print(f"wargame replay: {msg}", file=sys.stderr)
    return EXIT_USAGE


def replay_command(args: argparse.Namespace) -> int:
    """On a terminal, open the replay viewer; with --verify, --format json or off a terminal, the text
    timeline (the viewer sits above the saves and the debrief, so the choice is made here)."""
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive and not args.verify and args.format == "text":
        from game.cli.play import replay_viewer_command

        return replay_viewer_command(args.save)
    return print_replay(args)


def print_replay(args) -> int:
    """The text timeline, or with `verify` the verification, of one save."""
    from game.saves import SaveError

    fmt = getattr(args, "format", None) or "text"
    path = resolve_save_path(args.save, getattr(args, "saves_dir", None))
    try:
        if getattr(args, "verify", False):
            from game.saves import verify

            report = verify(path)
            if fmt == "json":
                print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
            else:
                from game.saves.verify import describe

                print(f"{path}: {describe(report)}")
            return EXIT_OK if report.ok else EXIT_PROBLEMS
        from game.saves.store import load_for_report

        record = load_for_report(path)
    except SaveError as exc:
        return _error(str(exc), fmt, str(path))
    if not record.verified:
        print(f"wargame replay: {path}: not verified, shown from its recorded log: {record.verify_note}",
              file=sys.stderr)
    from game.debrief import build_report, render_json

    report = build_report([record])
    if fmt == "json":
        sys.stdout.write(render_json(report))
    else:
        from rich.console import Console

        from game.debrief.text import print_report

        print_report(report, Console())
    return EXIT_OK
