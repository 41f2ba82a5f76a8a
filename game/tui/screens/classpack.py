"""Open a class pack: pick its YAML file (tree or typed path, with completion); it is loaded and checked
with its scenario and decks at once, then the class's new-game screen opens."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DirectoryTree, Input, Static

from game.tui.messages import Problem
from game.tui.screens.base import GameScreen
from game.tui.screens.decks import PathSuggester, YamlTree
from game.tui.widgets.footer import GameFooter


class ClassPackScreen(GameScreen):
    CSS_PATH = "classpack.tcss"
    BINDINGS = [Binding("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        from game.paths import classes_dir

        yield Static("Open a class pack", classes="panel-title")
        yield Static("Your instructor's class pack (a .yaml file with `kind: class`): type its path (Tab or → "
                     "completes) or pick it below.", classes="hint")
        yield Input(placeholder="path/to/class.yaml", suggester=PathSuggester(), id="class-path")
        folder = classes_dir()
        root = folder if folder.is_dir() and any(folder.iterdir()) else Path.cwd()
        yield YamlTree(root, id="class-tree")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#class-path").focus()

    @on(Input.Submitted, "#class-path")
    def _typed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.open_pack(Path(event.value.strip()).expanduser())

    @on(DirectoryTree.FileSelected, "#class-tree")
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.open_pack(event.path)

    @dataclass
    class Loaded(Message, bubble=False):
        setup: Any  # game.content.ClassSetup

    def open_pack(self, path: Path) -> None:
        self._load(path)

    @work(thread=True, exclusive=True)
    def _load(self, path: Path) -> None:
        from game.tui import backend

        if not path.is_file():
            self.post_message(Problem("No such class pack", [f"{path}: not a file"]))
            return
        try:
            setup = backend.load_class(path)
        except backend.BadInput as exc:
            self.post_message(Problem(f"{path.name} cannot be played", exc.lines))
            return
        self.post_message(self.Loaded(setup))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.app.open_class(message.setup)

    def action_back(self) -> None:
        self.app.go_title()
