"""A clear message for a problem the player can act on: a bad deck, a damaged save."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from game.tui.screens.base import GameModal


class ErrorScreen(GameModal):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("enter", "dismiss", "Close", show=False)]

    def __init__(self, title: str, lines: list[str]):
        super().__init__()
        self._title, self._lines = title, list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog"):
            yield Static(self._title, classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(Text("\n".join(self._lines)), classes="dialog-body error-text")
            yield Button("OK", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok").focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss()
