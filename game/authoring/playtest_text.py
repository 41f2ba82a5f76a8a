"""The play-test's strategy table and findings as Rich text (`wargame check`, after the check report)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from game.authoring.playtest import LAST_TURNS, PlaytestReport

SHOWN_ENDINGS = 2  # the most frequent endings per player (`--format json` has them all)


def print_playtest(report: PlaytestReport, console: Console | None = None) -> None:
    console = console or Console(soft_wrap=False)
    titles = report.ending_titles
    best = " or ".join(titles.get(e, e) for e in report.best_endings)
    table = Table(title=f"Strategies (best ending: {best}; main meter: {report.main_meter})", title_justify="left")
    table.add_column("player")
    table.add_column("games", justify="right")
    table.add_column("best", justify="right")
    table.add_column("mean", justify="right")
    table.add_column("at limit", justify="right")
    table.add_column("last turns", justify="right")
    table.add_column("most frequent endings", overflow="fold")
    for name, s in report.policies.items():
        endings = sorted(s.endings.items(), key=lambda kv: -kv[1])
        table.add_row(
            name + (f" ({report.rollouts})" if name == "search" else ""),
            str(s.games),
            f"{s.best_ending_share:.0%}",
            f"{s.mean_score:.1f}",
            f"{s.meter_at_limit.get(report.main_meter, 0.0):.0%}",
            f"{s.last_turns_share:.0%}",
            ", ".join(f"{e} {n / s.games:.0%}" for e, n in endings[:SHOWN_ENDINGS]),
        )
    console.print(table)
    console.print(f"best: share of games reaching the best ending · mean: mean score · at limit: share of "
                  f"decisions made with {report.main_meter} at its min or max · last turns: share of games whose "
                  f"last {LAST_TURNS} turns each held a decision · search ({report.rollouts}): rollouts per decision",
                  style="dim")
    for f in report.findings:
        console.print(Text(f"warning: {f.message}", style="yellow"))
    if not report.findings:
        console.print("[green]balanced[/]: every play-test target is met")
