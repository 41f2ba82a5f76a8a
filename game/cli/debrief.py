"""`wargame debrief SAVE... [--format text|md|html|json] [-o FILE]`.

Arguments (an argparse Namespace):
    saves      list[str]   save files, folders (their *.json, autosaves left out) or names in the saves folder
    format     str|None    text, md, html or json; default: from the -o file's suffix, else text
    output     str|None    write the report there instead of standard output
    saves_dir  str|None    optional: folder where bare names are looked up

One save gives its timeline; several saves of one scenario a class comparison; saves of several
scenarios one comparison per scenario. Damaged saves are left out, named on stderr and in the report.
A save whose log no longer replays (say the rules changed since it was played) is told from the turns
it recorded and flagged "not verified" (`wargame replay --verify` says where it parts).

Exit codes: 0 report written; 1 report written but some saves were left out or are not verified; 2 nothing
to report on (no readable save), a bad format or an output file that cannot be written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from game.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from game.cli.saves import resolve_save_path

SUFFIX_FORMATS = {".txt": "text", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}


def _natural(p: Path) -> list:
    """student-2 before student-10."""
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", p.name)]


def _expand(names: list[str], saves_dir) -> list[Path]:
    from game.saves.store import AUTOSAVE_PREFIX

    out: list[Path] = []
    seen = set()
    for name in names:
        p = resolve_save_path(name, saves_dir)
        if p.is_dir():
            found = sorted((q for q in p.glob("*.json") if not q.name.startswith((".", AUTOSAVE_PREFIX))),
                           key=_natural)
        else:
            found = [p]
        for q in found:
            key = q.resolve()
            if key not in seen:
                seen.add(key)
                out.append(q)
    return out


def debrief_command(args) -> int:
    from game.debrief import FORMATS, build_report, render
    from game.saves import SaveError
    from game.saves.store import load_for_report

    output = getattr(args, "output", None)
    fmt = getattr(args, "format", None)
    if fmt is None:
        fmt = SUFFIX_FORMATS.get(Path(output).suffix.lower(), "text") if output else "text"
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        print(f"wargame debrief: unknown format {fmt!r}: choose one of {', '.join(FORMATS)}", file=sys.stderr)
        return EXIT_USAGE
    paths = _expand(list(getattr(args, "saves", None) or []), getattr(args, "saves_dir", None))
    if not paths:
        print("wargame debrief: no save files given (or the folder holds none)", file=sys.stderr)
        return EXIT_USAGE
    records, skipped = [], []
    for p in paths:
        try:
            rec = load_for_report(p)
            if not rec.verified:
                print(f"wargame debrief: {p}: not verified, told from its recorded log: {rec.verify_note}",
                      file=sys.stderr)
            records.append(rec)
        except SaveError as exc:
            skipped.append((str(p), exc.message))
            print(f"wargame debrief: left out {exc}", file=sys.stderr)
    if not records:
        print("wargame debrief: none of the saves could be read; no report", file=sys.stderr)
        return EXIT_USAGE
    report = build_report(records, skipped=skipped)
    if output:
        text = render(report, fmt)
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"wargame debrief: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        print(f"wargame debrief: wrote {output} ({fmt}, {len(records)} save{'s' if len(records) > 1 else ''})",
              file=sys.stderr)
    elif fmt == "text":
        from rich.console import Console

        from game.debrief.text import print_report

        print_report(report, Console())
    else:
        sys.stdout.write(render(report, fmt))
    return EXIT_PROBLEMS if skipped or any(not r.verified for r in records) else EXIT_OK
