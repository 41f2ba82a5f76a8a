"""The briefing: the situation, Moscow's objectives, what each meter means, the sources."""

from __future__ import annotations

import random

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen, SCROLL_BINDINGS
from game.tui.screens.newgame import scenario_span
from game.tui.widgets.text import human_date


def briefing_renderable(resolved, seed: int) -> Group:
    sc = resolved.scenario
    parts = [
        Text(sc.title, style="bold"),
        Text(f"{scenario_span(sc)} · {sc.turns} turns of {sc.turn_days} days · seed {seed}", style="dim"),
        Text(""),
        Text("The situation", style="bold underline"),
    ]
    for para in sc.briefing.strip().split("\n\n"):
        parts += [Text(" ".join(para.split())), Text("")]
    if sc.objectives:
        parts.append(Text("Your objectives", style="bold underline"))
        parts += [Text(f"• {' '.join(o.split())}") for o in sc.objectives]
        parts.append(Text(""))
    parts.append(Text("The meters", style="bold underline"))
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(justify="right")
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for m in sc.meters:
        good = {"high": "↑ good high", "low": "↓ good low"}.get(m.good, "· neutral")
        table.add_row(m.name, str(m.start), good, " ".join(m.description.split()))
    parts += [table, Text("")]
    sources = [resolved.sources[s] for s in sc.sources if s in resolved.sources]
    if sources:
        parts.append(Text("Sources", style="bold underline"))
        for src in sources:
            line = Text("• ")
            line.append(src.title, style="italic")
            extra = ", ".join(x for x in (src.author, human_date(src.published) if src.published else None) if x)
            if extra:
                line.append(f" — {extra}")
            parts.append(line)
            if src.note:
                parts.append(Text("  " + " ".join(src.note.split()), style="dim"))
        parts.append(Text(""))
    parts.append(Text("Cards tagged HYPOTHETICAL are plausible developments, not documented history.", style="italic"))
    return Group(*parts)


class BriefingScreen(GameScreen):
    CSS_PATH = "briefing.tcss"
    BINDINGS = [
        Binding("enter", "begin", "Begin"),
        Binding("escape", "back", "Back"),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, resolved, seed: int | None):
        super().__init__()
        self.resolved = resolved
        self.seed = seed if seed is not None else random.randrange(1, 1_000_000)

    def compose(self) -> ComposeResult:
        yield Static("Briefing", id="br-title", classes="panel-title")
        with VerticalScroll(id="br-scroll"):
            yield Static(briefing_renderable(self.resolved, self.seed), id="br-text")
        with Horizontal(id="br-buttons"):
            # for the mouse; the keys (Enter, Esc, arrows to scroll) are the screen's, shown in the footer
            for button in (Button("Begin ⏎", variant="primary", id="br-begin"), Button("Back", id="br-back")):
                button.can_focus = False
                yield button
        yield GameFooter()

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#br-scroll")
        scroll.scroll_to(y=scroll.scroll_y + lines, animate=False)

    @on(Button.Pressed, "#br-begin")
    def action_begin(self) -> None:
        self.app.start_game(self.resolved, self.seed)

    @on(Button.Pressed, "#br-back")
    def action_back(self) -> None:
        self.app.action_new_game()
