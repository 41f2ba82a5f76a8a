"""The debrief of the game (the report `wargame debrief` prints), and its HTML export."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen, SCROLL_BINDINGS


class DebriefScreen(GameScreen):
    CSS_PATH = "end.tcss"
    BINDINGS = [
        Binding("h", "html", "Write HTML report"),
        Binding("escape", "app.pop_screen", "Back"),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, record):
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        yield Static("Debrief", classes="panel-title")
        with VerticalScroll(id="end-scroll"):
            yield Static("Writing the debrief…", id="debrief-text")
        with Horizontal(id="end-buttons"):
            yield Button("Write HTML report [H]", id="debrief-html", variant="primary")
            yield Button("Back [Esc]", id="debrief-back")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#debrief-html").focus()
        self._build()

    @work(thread=True, exclusive=True)
    def _build(self) -> None:
        from game.tui import backend

        try:
            parts = backend.debrief_renderables(self.record)
        except Exception as exc:  # the report is a nicety: never lose the game over it
            parts = [Text(f"The debrief could not be built: {exc}", style="bold red")]
        self.app.call_from_thread(self.query_one("#debrief-text", Static).update, Group(*parts))

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#end-scroll")
        scroll.scroll_to(y=scroll.scroll_y + lines, animate=False)

    def _html_path(self) -> Path:
        if self.record.path is not None:
            return Path(self.record.path).with_suffix(".html")
        return self.app.saves_dir / f"{self.record.rules.id}-{self.record.game_id}-debrief.html"

    @on(Button.Pressed, "#debrief-html")
    def action_html(self) -> None:
        self._write_html(self._html_path())

    @work(thread=True, exclusive=True, group="html")
    def _write_html(self, target: Path) -> None:
        from game.tui import backend

        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            path = backend.debrief_html(self.record, target)
        except (backend.BadInput, OSError) as exc:
            self.app.call_from_thread(self.app.notify, f"Could not write the report: {exc}", severity="error")
            return
        self.app.call_from_thread(self.app.notify, f"Report written to {path}", title="Debrief", timeout=10)

    @on(Button.Pressed, "#debrief-back")
    def _back(self) -> None:
        self.app.pop_screen()
