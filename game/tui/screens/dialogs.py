"""Small dialogs: confirm a choice, ask for a line of text (save name, note, turn), quit."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from game.tui.screens.base import GameModal

_ARROWS = [
    Binding("left", "app.focus_previous", "Previous", show=False),
    Binding("right", "app.focus_next", "Next", show=False),
]


class ConfirmDialog(GameModal):
    """Yes or no; dismisses with True or False. Cancel has the focus: a stray Enter changes nothing."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "Cancel"),
        *_ARROWS,
    ]

    def __init__(self, title: str, body: str, yes: str = "Confirm", no: str = "Cancel", focus_yes: bool = False):
        super().__init__()
        self._title, self._body, self._yes, self._no = title, body, yes, no
        self._focus_yes = focus_yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title")
            yield Static(self._body, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._yes} [Y]", variant="warning", id="yes")
                yield Button(f"{self._no} [N]", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if self._focus_yes else "#no").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PromptDialog(GameModal):
    """One line of text; dismisses with the text (stripped) or None when cancelled."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, prompt: str, value: str = "", placeholder: str = "", ok: str = "OK",
                 restrict: str | None = None, max_length: int = 0):
        super().__init__()
        self._title, self._prompt, self._value, self._placeholder, self._ok = title, prompt, value, placeholder, ok
        self._restrict, self._max_length = restrict, max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title")
            yield Static(self._prompt, classes="dialog-body")
            yield Input(self._value, placeholder=self._placeholder, restrict=self._restrict,
                        max_length=self._max_length, id="prompt-input")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._ok, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    @on(Button.Pressed, "#ok")
    def _ok_pressed(self) -> None:
        self.dismiss(self.query_one(Input).value.strip())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class QuitDialog(GameModal):
    """Unsaved turns: save and quit, quit anyway, or stay. Dismisses with 'save', 'quit' or None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("s", "answer('save')", "Save and quit"),
        Binding("q", "answer('quit')", "Quit without saving"),
        Binding("escape", "answer(None)", "Stay"),
        *_ARROWS,
    ]

    def __init__(self, unsaved: int):
        super().__init__()
        self._unsaved = unsaved

    def compose(self) -> ComposeResult:
        turns = "1 turn" if self._unsaved == 1 else f"{self._unsaved} turns"
        with Vertical(classes="dialog"):
            yield Static("Save before quitting?", classes="dialog-title")
            yield Static(
                f"You have played {turns} since you last saved under a name. The autosave keeps your "
                "place for Continue; a named save keeps this game for the debrief.",
                classes="dialog-body",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save and quit [S]", variant="primary", id="save")
                yield Button("Quit [Q]", variant="error", id="quit")
                yield Button("Stay [Esc]", id="stay")

    def on_mount(self) -> None:
        self.query_one("#save").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "stay" else event.button.id)

    def action_answer(self, value: str | None) -> None:
        self.dismiss(value)
