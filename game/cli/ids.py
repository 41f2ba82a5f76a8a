"""`wargame ids`, as text: one table per kind of id (game.content.ids builds the report)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text


def _table(title: str, *columns: str) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", show_edge=False, pad_edge=False)
    for i, column in enumerate(columns):
        table.add_column(column, style="bold" if i == 0 else "", no_wrap=i == 0, overflow="fold")
    return table


def _turns(window: tuple[int, int]) -> str:
    first, last = window
    if first > last:
        return "never"
    return f"{first}" if first == last else f"{first}-{last}"


def print_ids(report, console: Console | None = None) -> None:
    console = console or Console()
    decks = f" + {', '.join(report.decks)}" if report.decks else ""
    console.print(Text(f"Ids of {report.scenario}{decks}: {report.title} ({report.turns} turns)", style="bold"))
    console.print(Text("Use them in cards' effects and conditions; docs/authoring.md says where each goes.", "dim"))

    t = _table("Meters", "id", "name", "range", "start", "good", "score weight")
    for m in report.meters:
        t.add_row(m.id, m.name, f"{m.min}..{m.max}", str(m.start), m.good, "" if m.score is None else f"{m.score:g}")
    console.print(t)

    for title, items, detail in (("Actors", report.actors, "side"), ("Places", report.places, "at the start")):
        t = _table(title, "id", "name", detail)
        for item in items:
            t.add_row(item.id, item.name, item.detail)
        console.print(t)

    t = _table("Cards (and, under each decision card, its options)", "id", "title", "drawn", "turns", "tags")
    for c in report.cards:
        t.add_row(c.id, c.title, c.draw.replace("_", "-"), _turns(c.turns), ", ".join(c.tags))
        for o in c.options:
            t.add_row(Text(f"  {o.id}", style="cyan"), Text(o.label, style="dim"), "", "", "")
    console.print(t)

    t = _table("Flags", "id", "set by", "cleared by", "tested by")
    for f in report.flags:
        t.add_row(f.id, ", ".join(f.set_by) or Text("nothing", style="yellow"), ", ".join(f.cleared_by),
                  ", ".join(f.tested_by))
    console.print(t)

    t = _table("Endings", "id", "title", "when", "tone")
    for e in report.endings:
        t.add_row(e.id, e.title, "sudden" if e.sudden else "at the end", e.tone)
    console.print(t)

    for source, facts in report.facts.items():
        t = _table(f"Facts: {source}", "id", "¶", "date", "what it says")
        for f in facts:
            t.add_row(f.id, "" if f.paragraph is None else str(f.paragraph), f.date or "", f.summary)
        console.print(t)
