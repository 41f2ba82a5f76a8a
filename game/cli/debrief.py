"""`wargame debrief SAVE|DIR... [--format text|md|html|json] [-o FILE] [--what-if [--rollouts N]
[--policy search|random] [--jobs N]]`.

Arguments (an argparse Namespace):
    saves      list[str]   save files, folders of them, or names in the saves folder
    format     str|None    text, md, html or json; default: from the -o file's suffix, else text
    output     str|None    write the report there instead of standard output
    saves_dir  str|None    optional: folder where bare names are looked up
    what_if    bool        also value every decision's options and mark the turning points (game.debrief.whatif)
    rollouts   int|None    with what_if: continuations per option (default 200)
    policy     str|None    with what_if: the continuation policy, search or random
    jobs       int|None    with what_if: processes (default: the machine's cores; 1: this process)

A folder gives all its saves, autosaves included; a game counts once whatever files it left (its
autosaves, the saves the student named): the latest stands for it (game.saves.folders), and the others are
named in the report. One game gives its timeline; several games of one scenario a class comparison,
labelled by student; games of several scenarios one comparison per scenario. Damaged saves are left out,
named on stderr and in the report. A save whose log no longer replays (say the rules changed since it was
played) is told from the turns it recorded and flagged "not verified" (`wargame replay --verify` says
where it parts).

With --what-if, a line on stderr says how much was analysed and how long it took (and a progress bar
shows on a terminal). A save told from its recorded log is not analysed (its report says so).

Exit codes: 0 report written; 1 report written but some saves were left out or are not verified; 2 a name
that is neither a file nor a folder, nothing to report on (no readable save), a bad format, an output
file that cannot be written, or a what-if option without --what-if.
"""

from __future__ import annotations

import sys
from pathlib import Path

from game.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CommandError
from game.cli.saves import resolve_save_path

SUFFIX_FORMATS = {".txt": "text", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}


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
    what_if = _what_if_settings(args)
    from game.saves import collect_saves
    from game.saves.folders import natural_key

    targets = [resolve_save_path(str(name), getattr(args, "saves_dir", None))
               for name in (getattr(args, "saves", None) or [])]
    found = collect_saves(targets)
    if found.missing:
        for path in found.missing:
            print(f"wargame debrief: {path}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    if not found.files:
        where = ", ".join(str(t) for t in targets)
        print(f"wargame debrief: no save files in {where} (saves are .json files)", file=sys.stderr)
        return EXIT_USAGE
    records, skipped = [], []
    for path, reason in found.damaged:
        skipped.append((str(path), reason))
        print(f"wargame debrief: left out {path}: {reason}", file=sys.stderr)
    # the class in the order of the students' names (then of the files)
    for info in sorted(found.games, key=lambda i: ((i.player or "\uffff").casefold(), natural_key(i.path))):
        try:
            rec = load_for_report(info.path)
            if not rec.verified:
                print(f"wargame debrief: {info.path}: not verified, told from its recorded log: {rec.verify_note}",
                      file=sys.stderr)
            records.append(rec)
        except SaveError as exc:
            skipped.append((str(info.path), exc.message))
            print(f"wargame debrief: left out {exc}", file=sys.stderr)
    if not records:
        print("wargame debrief: none of the saves could be read; no report", file=sys.stderr)
        return EXIT_USAGE
    if found.superseded:
        n = len(found.superseded)
        print(f"wargame debrief: {found.files} save files, {len(found.games)} games: {n} earlier save"
              f"{'s' if n != 1 else ''} of the same games not counted", file=sys.stderr)
    superseded = [(str(a), str(b)) for a, b in found.superseded]
    if what_if is None:
        report = build_report(records, skipped=skipped, superseded=superseded)
    else:
        report = _report_with_what_if(records, skipped, superseded, what_if)
    if output:
        text = render(report, fmt)
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"wargame debrief: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        print(f"wargame debrief: wrote {output} ({fmt}, {len(records)} game{'s' if len(records) > 1 else ''})",
              file=sys.stderr)
    elif fmt == "text":
        from rich.console import Console

        from game.debrief.text import print_report

        print_report(report, Console())
    else:
        sys.stdout.write(render(report, fmt))
    return EXIT_PROBLEMS if skipped or any(not r.verified for r in records) else EXIT_OK


def _what_if_settings(args):
    """The what-if settings from --what-if, --rollouts, --policy and --jobs (None without --what-if); a
    CommandError for a what-if option given alone or out of range."""
    given = [flag for flag, name in (("--rollouts", "rollouts"), ("--policy", "policy"), ("--jobs", "jobs"))
             if getattr(args, name, None) is not None]
    if not getattr(args, "what_if", False):
        if given:
            raise CommandError(EXIT_USAGE, [f"wargame debrief: {', '.join(given)} {'is' if len(given) == 1 else 'are'} "
                                            "for the what-if analysis: add --what-if"])
        return None
    from game.debrief.whatif import DEFAULT_POLICY, DEFAULT_ROLLOUTS, WhatIfSettings, default_jobs

    jobs = args.jobs if getattr(args, "jobs", None) is not None else default_jobs()
    try:
        return WhatIfSettings(rollouts=args.rollouts or DEFAULT_ROLLOUTS, policy=args.policy or DEFAULT_POLICY,
                              jobs=0 if jobs <= 1 else jobs)
    except ValueError as exc:
        raise CommandError(EXIT_USAGE, [f"wargame debrief: {exc}"]) from None


def _report_with_what_if(records, skipped, superseded, settings):
    """The report with every game's what-if analysis, a progress bar on a terminal and a line on stderr."""
    import time

    from game.cli.progress import games_progress
    from game.debrief import build_report
    from game.debrief.whatif import count_work

    decisions, options = count_work(records)
    started = time.perf_counter()
    with games_progress("what-if", options) as progress:
        report = build_report(records, skipped=skipped, superseded=superseded, what_if=settings, progress=progress)
    processes = max(1, settings.jobs)
    print(f"wargame debrief: what-if: {decisions} decision{'s' if decisions != 1 else ''} of {len(records)} "
          f"game{'s' if len(records) != 1 else ''}, {options} options, {settings.rollouts} {settings.policy} "
          f"continuations each, {processes} process{'es' if processes > 1 else ''}, "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return report
