"""The instructor's page: the class's games (student, turn, ending, last saved) and the class debrief.

Both are read from the class folder on each request: the saves written into it directly (students who
play in a terminal) and those of every browser's seat folder. The page is plain HTML with no script; the
debrief is `wargame debrief` run as a command over the same folders, in its own process (it may take
seconds of CPU with what-if analysis, and the server's one event loop relays every student's keys).
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from game.saves import collect_saves
from game.web.seats import seat_folders

# The options the class debrief is built with, after the saves and `-o FILE`: the what-if turning points,
# on one core (the other stays with the students' games; a few seconds a game on this 2-core machine).
CLASS_DEBRIEF_OPTIONS: tuple[str, ...] = ("--what-if", "--jobs", "1")
DEBRIEF_FILE = "class-debrief.html"


@dataclass(frozen=True)
class GameRow:
    student: str
    scenario: str
    turn: int | None
    ending: str | None  # the ending's title when the game is over
    saved_at: str  # ISO 8601, UTC
    file: str  # the save standing for the game, relative to the class folder
    playing: bool  # its browser seat has a game open now


@dataclass(frozen=True)
class ClassView:
    games: list[GameRow]
    damaged: int  # files left out: they cannot be read as saves


def class_targets(class_dir: Path) -> list[Path]:
    """The folders a class's saves are in: the class folder and its seats' folders."""
    return [Path(class_dir), *seat_folders(class_dir)]


def class_view(class_dir: Path, live_seats: set[str]) -> ClassView:
    """The class's games, one row per game (its latest save), by student. Reads each save's header and
    hash, not its replay: fast enough for a class on every request. `live_seats`: the seat folders' names
    with a game open now."""
    class_dir = Path(class_dir)
    found = collect_saves(class_targets(class_dir)) if class_dir.is_dir() else None
    if found is None:
        return ClassView([], 0)
    rows = []
    for info in found.games:
        try:
            file = str(info.path.relative_to(class_dir))
        except ValueError:
            file = info.path.name
        rows.append(GameRow(
            student=info.player or "(no name)", scenario=info.scenario_title or info.scenario_id or "?",
            turn=info.turn, ending=info.ending if info.over else None, saved_at=info.saved_at or "",
            file=file, playing=info.path.parent.name in live_seats,
        ))
    rows.sort(key=lambda r: (r.student.casefold(), r.saved_at))
    return ClassView(rows, len(found.damaged))


def debrief_argv(class_dir: Path, output: Path) -> list[str]:
    """`wargame debrief` of the class, as a command: the class folder and its seats, into `output`."""
    folders = [str(p) for p in class_targets(class_dir)]
    return [sys.executable, "-m", "game.cli", "debrief", *folders, "--format", "html", "-o", str(output),
            *CLASS_DEBRIEF_OPTIONS]


def _when(saved_at: str) -> str:
    try:
        return datetime.fromisoformat(saved_at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return saved_at


PAGE_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d232a; background: #f7f5ef; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; } p.sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin-top: 1rem; } th, td { padding: .35rem .8rem; text-align: left; }
th { border-bottom: 2px solid #555; } tr:nth-child(even) td { background: #ebe7dc; }
td.num { text-align: right; } .playing { color: #1d6b2a; font-weight: 600; } code { font-size: .85rem; }
nav a { margin-right: 1.5rem; }
"""


def render_page(view: ClassView, *, title: str, class_dir: Path, key_query: str, playing: int,
                max_games: int) -> str:
    """The instructor page. Every text from a save (students' names, endings) is escaped."""
    e = html.escape
    rows = []
    for r in view.games:
        status = f"ended: {e(r.ending)}" if r.ending else "not finished"
        rows.append(
            f"<tr><td>{e(r.student)}</td><td>{e(r.scenario)}</td><td class=num>{r.turn or ''}</td>"
            f"<td>{status}</td><td>{e(_when(r.saved_at))}</td>"
            f"<td>{'<span class=playing>playing now</span>' if r.playing else ''}</td>"
            f"<td><code>{e(r.file)}</code></td></tr>")
    table = ("<table><tr><th>Student</th><th>Scenario</th><th>Turn</th><th>Game</th><th>Last saved</th>"
             "<th></th><th>Save</th></tr>" + "".join(rows) + "</table>") if rows else "<p>No saves yet.</p>"
    damaged = (f"<p>{view.damaged} file{'s' if view.damaged != 1 else ''} in the folder cannot be read as "
               "saves and are left out.</p>") if view.damaged else ""
    now = datetime.now().astimezone().strftime("%H:%M:%S")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Instructor · {e(title)}</title>
<style>{PAGE_STYLE}</style></head>
<body><h1>{e(title)}</h1>
<p class=sub>{len(view.games)} game{'s' if len(view.games) != 1 else ''} in <code>{e(str(class_dir))}</code> ·
{playing} of at most {max_games} games open now · read at {now}</p>
<nav><a href="/instructor?{key_query}">Refresh</a><a href="/instructor/debrief?{key_query}">Class debrief</a></nav>
{table}{damaged}
</body></html>
"""


def message_page(title: str, lines: list[str]) -> str:
    """A plain page that says one thing (a full server, a debrief that could not be built)."""
    e = html.escape
    body = "".join(f"<p>{e(line)}</p>" for line in lines)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title><style>{PAGE_STYLE}</style></head>
<body><h1>{e(title)}</h1>{body}</body></html>
"""
