"""The student's name, asked when a class pack says so before a game starts. Any script is welcome; the name
is stored in the save as typed (without control or invisible characters: game.model.classroom) and made safe
for file names only by game.saves.store.slugify."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from game.model.classroom import NAME_MAX, clean_student_name  # (imported once a class pack is open)
from game.tui.screens.base import GameModal


class StudentNameDialog(GameModal):
    """Asks for the student's name; dismisses with it, cleaned, or None when cancelled."""

    CSS_PATH = "dialogs.tcss"
    DEFAULT_CSS = """
    StudentNameDialog { align: center middle; background: $background 60%; }
    StudentNameDialog #student-error { color: $text-error; height: auto; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, class_title: str, name: str = ""):
        super().__init__()
        self._class_title, self._name = class_title, name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Your name · {self._class_title}", classes="dialog-title")
            yield Static("Your instructor will see it beside your game in the class debrief.", classes="dialog-body")
            yield Input(self._name, placeholder="e.g. Ana María", max_length=NAME_MAX, id="student-name")
            yield Static("", id="student-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        try:
            name = clean_student_name(self.query_one(Input).value)
        except ValueError as exc:
            self.query_one("#student-error", Static).update(f"{exc}.")
            return
        self.dismiss(name)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
