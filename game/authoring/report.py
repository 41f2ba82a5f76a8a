"""`wargame check`'s report as Rich tables (plain text when the output is not a terminal)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from game.authoring.check import CheckReport


def _signed(x: float | None) -> str:
    if x is None or abs(x) < 0.05:
        return ""
    return f"{x:+.1f}"


def print_report(report: CheckReport, decks_only: bool = False, console: Console | None = None) -> None:
    console = console or Console(soft_wrap=False)
    games = report.games
    decks = f" + {', '.join(report.decks)}" if report.decks else ""
    console.print(
        f"[bold]check[/] {report.scenario}{decks}: {games} random games (seed {report.seed}), "
        f"{report.coverage_games} coverage and {report.seek_games} seeking games, "
        f"{report.seconds:.1f} s"
    )

    table = Table(title="Endings (random games)", title_justify="left")
    table.add_column("ending")
    table.add_column("id", style="dim")
    table.add_column("games", justify="right")
    table.add_column("share", justify="right")
    missing = set(report.endings_never_reached)
    for eid, row in report.endings.items():
        style = "red" if eid in missing else None
        table.add_row(row.title, eid, str(row.games), f"{row.share:.1%}", style=style)
    console.print(table)
    console.print(f"mean game length {report.mean_turns:.2f} turns")

    cards = report.cards
    shown = [cid for cid in cards if not decks_only or cards[cid].from_ != report.scenario]
    meters = report.meters
    effects = report.card_effects
    title = ("Mean meter change per game in which the card was resolved (random games)"
             + (", the deck's cards" if decks_only else ""))
    card_width = max([4, *(len(c) for c in shown)])
    needed = card_width + 12 + sum(max(6, len(mid)) + 3 for mid in meters)
    wide = console.width >= needed
    table = Table(title=title, title_justify="left")
    table.add_column("card", no_wrap=True)
    if decks_only and len(report.decks) > 1:
        table.add_column("from", style="dim")
    table.add_column("drawn", justify="right")
    if wide:
        for mid in meters:
            table.add_column(mid, justify="right", overflow="fold")
    else:
        table.add_column("mean change", overflow="fold")
    for cid in shown:
        row = [cid]
        if decks_only and len(report.decks) > 1:
            row.append(cards[cid].from_)
        row.append(f"{cards[cid].drawn_share:.0%}")
        values = effects.get(cid, {})
        if wide:
            row.extend(_signed(values.get(mid)) for mid in meters)
        else:
            parts = sorted(((mid, v) for mid, v in values.items() if v is not None and abs(v) >= 0.05),
                           key=lambda kv: -abs(kv[1]))
            row.append(", ".join(f"{mid} {v:+.1f}" for mid, v in parts))
        table.add_row(*row, style="red" if cid in report.cards_never_drawn else None)
    if shown:
        console.print(table)

    problems = []
    if report.cards_never_drawn:
        problems.append(("cards never drawn", [f"{c} ({cards[c].from_})" for c in report.cards_never_drawn]))
    if report.options_never_available:
        problems.append(("options never available",
                         [f"{o.card}: {o.option}" for o in report.options_never_available]))
    if report.endings_never_reached:
        problems.append(("endings never reached", report.endings_never_reached))
    for label, items in problems:
        line = Text(f"{label} ({len(items)}): ", style="bold red")
        line.append(", ".join(items))
        console.print(line)
    for w in report.warnings:
        console.print(Text(f"warning: {w}", style="yellow"))
    if report.ok:
        console.print("[green]ok[/]: every card was drawn, every option taken and every ending reached")
    else:
        console.print("[red]unreachable content[/]: no game found what is listed above; "
                      "`wargame validate` may say why (more --games can find rare cases)")
