"""Load a custom deck: pick a YAML file (tree or typed path, with completion); it is checked at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Button, DirectoryTree, Input, Static

from game.tui.messages import Problem
from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen

YAML = (".yaml", ".yml")


class PathSuggester(Suggester):
    """Completes the last part of a typed path from the files and folders that exist."""

    def __init__(self):
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        path = Path(value).expanduser()
        folder, stem = (path, "") if value.endswith(("/", "\\")) else (path.parent, path.name)
        try:
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                           if p.name.startswith(stem) and not p.name.startswith(".")
                           and (p.is_dir() or p.suffix in YAML))
        except OSError:
            return None
        if not names:
            return None
        return value[: len(value) - len(stem)] + names[0]


class YamlTree(DirectoryTree):
    def filter_paths(self, paths):
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix in YAML)]


class DeckScreen(GameScreen):
    CSS_PATH = "decks.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+x", "clear", "Remove all decks"),
    ]

    def compose(self) -> ComposeResult:
        from game.paths import decks_dir

        yield Static("Load a custom deck", classes="panel-title")
        yield Static("Type a path (Tab or → completes) or pick a .yaml file below. The deck is checked at once.",
                     classes="hint")
        yield Input(placeholder="path/to/deck.yaml", suggester=PathSuggester(), id="deck-path")
        root = decks_dir() if decks_dir().is_dir() and any(decks_dir().iterdir()) else Path.cwd()
        yield YamlTree(root, id="deck-tree")
        yield Static("", id="deck-loaded")
        with Horizontal(id="deck-buttons"):
            yield Button("Done", variant="primary", id="deck-done")
            yield Button("Remove all decks", id="deck-clear")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#deck-path").focus()
        self._show_loaded()

    def _show_loaded(self) -> None:
        decks = self.app.decks
        self.query_one("#deck-loaded", Static).update(
            "Decks for the next new game: " + ", ".join(str(d) for d in decks) if decks
            else "No deck loaded: new games use the scenario as shipped."
        )

    @on(Input.Submitted, "#deck-path")
    def _typed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.add_deck(Path(event.value.strip()).expanduser())

    @on(DirectoryTree.FileSelected, "#deck-tree")
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.add_deck(event.path)

    @dataclass
    class Checked(Message, bubble=False):
        path: Path
        cards: int  # in the next new game, with this deck

    def add_deck(self, path: Path) -> None:
        """Check the deck stacked on the loaded ones (in a thread); add it if it is good."""
        self._check_deck(path, self.app.scenario, list(self.app.decks))

    @work(thread=True, exclusive=True)
    def _check_deck(self, path: Path, scenario, decks: list) -> None:
        from game.tui import backend

        if not path.is_file():
            self.post_message(Problem("No such deck file", [f"{path}: not a file"]))
            return
        try:
            resolved = backend.resolve(scenario, [*decks, path])
        except backend.BadInput as exc:
            self.post_message(Problem(f"{path.name} has problems; it was not loaded", exc.lines))
            return
        self.post_message(self.Checked(path, len(resolved.scenario.cards)))

    @on(Checked)
    def _added(self, message: Checked) -> None:
        self.app.decks.append(message.path)
        self.app.notify(f"{message.path.name} loaded: the next new game has {message.cards} cards.",
                        title="Deck loaded")
        self._show_loaded()

    @on(Button.Pressed, "#deck-clear")
    def action_clear(self) -> None:
        self.app.decks.clear()
        self._show_loaded()

    @on(Button.Pressed, "#deck-done")
    def action_back(self) -> None:
        self.app.go_title()
