"""The saves folder: every save with its scenario, turn, ending and date; damaged files marked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen


def when(iso: str | None) -> str:
    """'2019-04-08T10:02:03+00:00' -> '2019-04-08 10:02'."""
    return (iso or "").replace("T", " ")[:16]


class LoadScreen(GameScreen):
    CSS_PATH = "load.tcss"
    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("f5", "reload", "Refresh"),
        Binding("escape", "back", "Back"),
    ]

    @dataclass
    class Listed(Message, bubble=False):
        infos: list  # SaveInfo, newest first

    def __init__(self, replay: bool = False):
        super().__init__()
        self.replay = replay
        self._infos: list = []

    @property
    def listed_saves(self) -> list:
        """The saves in the table, in its order (game.saves.SaveInfo: path, scenario, turn, damaged...)."""
        return list(self._infos)

    def compose(self) -> ComposeResult:
        title = "Replay a save: choose a game" if self.replay else "Load a game"
        yield Static(title, id="load-title", classes="panel-title")
        yield Static("", id="load-folder", classes="hint")
        table = DataTable(id="load-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("Save", "Scenario", "Turn", "Ending", "Player", "Saved (UTC)")
        yield table
        yield Static("", id="load-detail")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#load-folder", Static).update(f"Folder: {self.app.saves_dir}   ↑↓ choose · Enter opens")
        self.query_one("#load-table").focus()
        self.action_reload()

    def action_reload(self) -> None:
        self._list(self.app.saves_dir, self.app.autosaves)

    @work(thread=True, exclusive=True)
    def _list(self, saves_dir: Path, autosaves) -> None:
        from game.tui import backend

        autosaves.wait()  # list the turn just played too
        self.post_message(self.Listed(backend.list_saves(saves_dir)))  # reads and hashes every file

    @on(Listed)
    def _show(self, message: Listed) -> None:
        infos = self._infos = message.infos
        table = self.query_one("#load-table", DataTable)
        table.clear()
        for i, info in enumerate(infos):
            name = info.path.stem + (" (autosave)" if info.autosave else "")
            if info.damaged:
                table.add_row(Content.styled(name, "$text-error"), Content.styled("DAMAGED", "bold $text-error"), "",
                              Content.styled(info.reason, "$text-error"), "", when(info.saved_at), key=str(i))
            else:
                status = info.ending or ("over" if info.over else "in progress")
                table.add_row(name, info.scenario_title or info.scenario_id or "?", str(info.turn or ""), status,
                              info.player or "", when(info.saved_at), key=str(i))
        detail = self.query_one("#load-detail", Static)
        if not infos:
            detail.update("No saves here yet. Saves appear as you play (autosave each turn, Ctrl+S to name one).")
        else:
            damaged = sum(1 for i in infos if i.damaged)
            detail.update(f"{len(infos)} saves" + (f", {damaged} damaged (cannot be opened)" if damaged else ""))

    @on(DataTable.RowSelected, "#load-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._open(int(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one("#load-table", DataTable)
        if self._infos and table.cursor_row is not None:
            self._open(table.cursor_row)

    def _open(self, index: int) -> None:
        info = self._infos[index]
        if info.damaged:
            self.app.show_error(f"{info.path.name} is damaged", [info.reason, "", "The file was left as it is."])
            return
        self.app.open_save(info.path, replay=self.replay)

    def action_back(self) -> None:
        self.app.go_title()
