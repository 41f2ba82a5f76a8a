"""The debrief of the game (the report `wargame debrief` prints), and its HTML export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Group
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from game.tui.messages import Notice
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

    @dataclass
    class Built(Message, bubble=False):
        report: Any  # what the debrief Static shows

    def on_mount(self) -> None:
        self.query_one("#debrief-html").focus()
        self._build(self.record)

    @work(thread=True, exclusive=True)
    def _build(self, record) -> None:
        from game.tui import backend

        try:
            report = Group(*backend.debrief_renderables(record))
        except Exception as exc:  # the report is a nicety: never lose the game over it
            report = Content.styled(f"The debrief could not be built: {exc}", "bold $text-error")
        self.post_message(self.Built(report))

    @on(Built)
    def _built(self, message: Built) -> None:
        self.query_one("#debrief-text", Static).update(message.report)

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#end-scroll")
        scroll.scroll_to(y=scroll.scroll_y + lines, animate=False)

    def _html_path(self) -> Path:
        if self.record.path is not None:
            return Path(self.record.path).with_suffix(".html")
        return self.app.saves_dir / f"{self.record.rules.id}-{self.record.game_id}-debrief.html"

    @on(Button.Pressed, "#debrief-html")
    def action_html(self) -> None:
        self._write_html(self.record, self._html_path())

    @work(thread=True, exclusive=True, group="html")
    def _write_html(self, record, target: Path) -> None:
        from game.tui import backend

        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            path = backend.debrief_html(record, target)
        except (backend.BadInput, OSError) as exc:
            # to the app: the player may have left this screen, the result still matters
            self.app.post_message(Notice(f"Could not write the report: {exc}", severity="error"))
            return
        self.app.post_message(Notice(f"Report written to {path}", title="Debrief", timeout=10))

    @on(Button.Pressed, "#debrief-back")
    def _back(self) -> None:
        self.app.pop_screen()
