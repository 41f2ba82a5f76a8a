"""`wargame replay SAVE [--verify] [--format text|json]` (the parser lives in game.cli).

Arguments (an argparse Namespace):
    save       str            path of the save, or the name of one in the saves folder
    verify     bool           re-simulate and check every turn instead of showing the timeline
    format     "text"|"json"  output format (default text)
    saves_dir  str|None       optional: folder where bare names are looked up (default: $WARGAME_SAVES, ./saves)

Exit codes: 0 the save verifies (or the timeline was shown); 1 the replay diverges (the first turn that
differs is named); 2 the file cannot be read or trusted (the message says why). Never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.paths import default_saves_dir
from game.saves.errors import SaveError

EXIT_OK, EXIT_DIVERGES, EXIT_BAD_FILE = 0, 1, 2


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
    return EXIT_BAD_FILE


def replay_command(args) -> int:
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
            return EXIT_OK if report.ok else EXIT_DIVERGES
        from game.saves.store import load_for_report

        record = load_for_report(path)
    except SaveError as exc:
        return _error(str(exc), fmt, str(path))
    if not record.verified:
        print(f"wargame replay: {path}: not verified, shown from its recorded log: {record.verify_note}",
              file=sys.stderr)
    # The text timeline (`wargame replay` opens the TUI viewer instead on a terminal: see game/cli.py).
    from game.debrief import build_report, render_json

    report = build_report([record])
    if fmt == "json":
        sys.stdout.write(render_json(report))
    else:
        from rich.console import Console

        from game.debrief.text import print_report

        print_report(report, Console())
    return EXIT_OK
