"""The saves folder, as a player chooses from it: named saves first, then one entry per game for its
autosaves (the latest), then damaged files. Each entry is named by what it is ("Tripoli, April 2019 —
turn 6 — 30 Nov 14:05", with the student's name when the game has one), not by its file name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.screens.base import GameScreen
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.text import plural

SECTIONS = ((lambda i: not i.damaged and not i.autosave, "Saved games"),
            (lambda i: not i.damaged and i.autosave, "Autosaves · the latest of each game"),
            (lambda i: i.damaged, "Damaged files · cannot be opened"))


def status(info) -> str:
    if info.damaged:
        return info.reason
    if info.ending:
        return f"ended: {info.ending}"
    return "over" if info.over else "in progress"


def entry(info) -> Text:
    """Two lines: what the save is, and how the game stands (a named save leads with its name)."""
    text = Text()
    if info.damaged:
        text.append(info.path.name, style="bold")
        text.append("\n  " + info.reason, style="italic")
        return text
    if info.name:
        text.append(info.name, style="bold")
        text.append(" · " + status(info), style="dim")
        text.append("\n  " + info.title)
    else:
        text.append(info.title, style="bold")
        text.append("\n  " + status(info), style="dim")
    return text


class LoadScreen(GameScreen):
    CSS_PATH = "load.tcss"
    BINDINGS = [
        Binding("f5", "reload", "Refresh"),
        Binding("escape", "back", "Back"),
    ]

    @dataclass
    class Listed(Message, bubble=False):
        infos: list  # SaveInfo, in the order listed

    def __init__(self, replay: bool = False):
        super().__init__()
        self.replay = replay
        self._infos: list = []

    @property
    def listed_saves(self) -> list:
        """The saves in the list, in its order (game.saves.SaveInfo: path, title, scenario, turn, damaged...);
        ↓ from the first one moves through them in this order."""
        return list(self._infos)

    def compose(self) -> ComposeResult:
        title = "Replay a save: choose a game" if self.replay else "Load a game"
        yield Static(title, id="load-title", classes="panel-title")
        yield Static("", id="load-folder", classes="hint")
        yield OptionList(id="load-list")
        yield Static("", id="load-detail")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#load-folder", Static).update(f"Folder: {self.app.saves_dir}   ↑↓ choose · Enter opens")
        self.query_one("#load-list").focus()
        self.action_reload()

    def action_reload(self) -> None:
        self._list(self.app.saves_dir, self.app.autosaves)

    @work(thread=True, exclusive=True)
    def _list(self, saves_dir: Path, autosaves) -> None:
        from game.tui import backend

        autosaves.wait()  # list the turn just played too
        self.post_message(self.Listed(backend.save_listing(saves_dir)))  # reads and hashes every file

    @on(Listed)
    def _show(self, message: Listed) -> None:
        infos = message.infos
        shown = []
        options: list[Option] = []
        for belongs, heading in SECTIONS:
            members = [i for i in infos if belongs(i)]
            if not members:
                continue
            options.append(Option(Text(heading, style="bold underline"), disabled=True))
            for info in members:
                options.append(Option(entry(info), id=str(len(shown))))
                shown.append(info)
        self._infos = shown
        listing = self.query_one("#load-list", OptionList)
        listing.clear_options()
        listing.add_options(options)
        first = next((n for n, o in enumerate(options) if not o.disabled), None)
        if first is not None:
            listing.highlighted = first
        detail = self.query_one("#load-detail", Static)
        if not shown:
            detail.update("No saves here yet. Saves appear as you play (autosave each turn, Ctrl+S to name one).")
        else:
            damaged = sum(1 for i in shown if i.damaged)
            games = len(shown) - damaged
            detail.update(plural(games, "save") + (f", {damaged} damaged (cannot be opened)" if damaged else ""))

    @on(OptionList.OptionSelected, "#load-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(int(event.option.id))

    def _open(self, index: int) -> None:
        info = self._infos[index]
        if info.damaged:
            self.app.show_error(f"{info.path.name} is damaged", [info.reason, "", "The file was left as it is."])
            return
        self.app.open_save(info.path, replay=self.replay)

    def action_back(self) -> None:
        self.app.go_title()
