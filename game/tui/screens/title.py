"""The title screen: the first frame. Only Textual is imported on the way here (see game/tui/backend.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen

# A three-row box-drawing alphabet, just the letters of the title.
FONT = {
    "K": ("╦╔═", "╠╩╗", "╩ ╩"), "R": ("╦═╗", "╠╦╝", "╩╚═"), "E": ("╔═╗", "║╣ ", "╚═╝"),
    "M": ("╔╦╗", "║║║", "╩ ╩"), "L": ("╦  ", "║  ", "╩═╝"), "I": ("╦", "║", "╩"), "N": ("╔╗╔", "║║║", "╝╚╝"),
    "'": ("╹", " ", " "), "S": ("╔═╗", "╚═╗", "╚═╝"), "Y": ("╦ ╦", "╚╦╝", " ╩ "), "B": ("╔╗ ", "╠╩╗", "╚═╝"),
    "A": ("╔═╗", "╠═╣", "╩ ╩"), "G": ("╔═╗", "║ ╦", "╚═╝"), "T": ("╔╦╗", " ║ ", " ╩ "), " ": ("  ", "  ", "  "),
}


def banner(text: str) -> str:
    return "\n".join(" ".join(FONT[ch][row] for ch in text) for row in range(3))


MENU = (  # id, label, key, short name for the key hint
    ("new", "New game", "n", "new"),
    ("continue", "Continue", "c", "continue"),
    ("load", "Load game", "l", "load"),
    ("replay", "Replay a save", "r", "replay"),
    ("deck", "Load a custom deck", "d", "deck"),
    ("class", "Open a class pack", "p", "class"),
    ("help", "How to play", "h", "help"),
    ("quit", "Quit", "q", "quit"),
)

MENU_ACTIONS = {"deck": "load_deck", "class": "open_class"}  # entries whose app action may be refused


class TitleScreen(GameScreen):
    # styles: screens/title.tcss, loaded by the app (the default screen's CSS_PATH is not read)
    BINDINGS = [
        Binding("up", "app.focus_previous", "Up", show=False),
        Binding("down", "app.focus_next", "Down", show=False),
        # shown on the screen under the menu rather than in the footer, which keeps room for Help and Quit
        *(Binding(key, f"menu('{mid}')", label, show=False) for mid, label, key, _ in MENU),
    ]

    def compose(self) -> ComposeResult:
        # the app may refuse an entry's action (in a browser, those that open the server's files)
        menu = [m for m in MENU if self.app.check_action(MENU_ACTIONS.get(m[0], ""), ()) is not False]
        with Vertical(id="title-box"):
            yield Static(banner("KREMLIN'S") + "\n" + banner("LIBYA GAMBIT"), id="title-art")
            yield Static("Moscow's Libya portfolio, 2016–2019 · a turn-based wargame", id="title-sub")
            with Center():
                with Vertical(id="menu"):
                    for mid, label, key, _ in menu:
                        yield Button(
                            f"{label}", id=f"menu-{mid}", compact=True, disabled=mid == "continue",
                            tooltip=f"Key: {key.upper()}",
                        )
            yield Static("  ".join(f"{key.upper()} {short}" for _, _, key, short in menu) + " · ↑↓ Enter",
                         id="title-keys", classes="hint")
            yield Static("", id="title-status")
        yield GameFooter()

    continue_path: reactive[Path | None] = reactive(None, init=False)
    """The autosave Continue resumes (None: none found)."""

    def __init__(self):
        super().__init__()
        self._looked = False  # for an autosave, once

    def watch_continue_path(self, path: Path | None) -> None:
        self.query_one("#menu-continue", Button).disabled = path is None

    def on_mount(self) -> None:
        self.query_one("#menu-new").focus()
        # After the first frame: look for an autosave (imports the saves code, off the startup path).
        self.call_after_refresh(self.refresh_status)

    def on_screen_resume(self) -> None:
        if self._looked:  # back from a game or a screen: look again (the first time, on_mount does)
            self.refresh_status()

    @dataclass
    class ContinueFound(Message, bubble=False):
        """The latest autosave (a SaveInfo, or a path; None: none), or why the folder could not be read."""

        latest: Any
        error: str = ""

    def refresh_status(self) -> None:
        self._find_continue(self.app.saves_dir, self.app.autosaves)

    @work(thread=True, exclusive=True, group="title-status")
    def _find_continue(self, saves_dir: Path, autosaves) -> None:
        from game.tui import backend

        autosaves.wait()  # an autosave on the way (the player just left a game) is the one to continue
        try:
            latest = backend.latest_autosave(saves_dir)
            if latest is not None:  # a path: name its game (scenario, turn), not its file
                latest = next((i for i in backend.list_saves(saves_dir) if i.path == latest), latest)
        except Exception as exc:  # a damaged folder must not stop the title screen
            self.post_message(self.ContinueFound(None, str(exc)))
        else:
            self.post_message(self.ContinueFound(latest))

    @on(ContinueFound)
    def _show_status(self, message: ContinueFound) -> None:
        latest, error = message.latest, message.error
        app = self.app
        path = getattr(latest, "path", latest)
        self._looked = True
        self.continue_path = Path(path) if path else None
        bits = []
        if latest is not None:
            title = getattr(latest, "scenario_title", None) or getattr(latest, "title", None)
            turn = getattr(latest, "turn", None)
            where = ", ".join(str(b) for b in (title, f"turn {turn}" if turn else None) if b)
            bits.append(f"Continue: {where or self.continue_path.name}")
        elif error:
            bits.append(f"Saves folder unreadable: {error}")
        if app.classroom is not None:
            who = f" · {app.student}" if app.student else ""
            bits.append(f"Class: {app.classroom.pack.title}{who} (New game plays it)")
        elif app.decks:
            bits.append("Decks: " + ", ".join(Path(d).name for d in app.decks))
        self.query_one("#title-status", Static).update("\n".join(bits))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_menu(event.button.id.removeprefix("menu-"))

    def action_menu(self, choice: str) -> None:
        app = self.app
        if choice == "new":
            app.action_new_game()
        elif choice == "continue":
            if self.continue_path is not None:
                app.open_save(self.continue_path)
            else:
                app.notify("No autosave yet: start a new game.", severity="warning")
        elif choice == "load":
            app.action_load_game()
        elif choice == "replay":
            app.action_replay_save()
        elif choice == "deck":
            app.action_load_deck()
        elif choice == "class":
            app.action_open_class()
        elif choice == "help":
            app.action_help()
        elif choice == "quit":
            app.action_request_quit()
