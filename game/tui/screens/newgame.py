"""New game: pick a scenario (span, summary, sources) and a seed; then the briefing."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen
from game.tui.widgets.text import human_date


def scenario_span(scenario) -> str:
    start = date.fromisoformat(scenario.start)
    end = start + timedelta(days=scenario.turns * scenario.turn_days - 1)
    return f"{human_date(start.isoformat())} – {human_date(end.isoformat())}"


def scenario_details(resolved) -> Group:
    sc = resolved.scenario
    parts = [
        Text(sc.title, style="bold"),
        Text(f"{scenario_span(sc)} · {sc.turns} turns of {sc.turn_days} days · {len(sc.cards)} cards", style="dim"),
        Text(""),
        Text(" ".join(sc.summary.split())),
    ]
    sources = [resolved.sources[s] for s in sc.sources if s in resolved.sources]
    if sources:
        parts += [Text(""), Text("Sources", style="bold")]
        for src in sources:
            line = Text("• ")
            line.append(src.title, style="italic")
            extra = ", ".join(x for x in (src.author, human_date(src.published) if src.published else None) if x)
            if extra:
                line.append(f" — {extra}")
            parts.append(line)
    if getattr(resolved, "deck_ids", None):
        parts += [Text(""), Text("Decks: " + ", ".join(resolved.deck_ids), style="bold #e0b341")]
    return Group(*parts)


class NewGameScreen(GameScreen):
    CSS_PATH = "newgame.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "reroll", "New seed"),
        Binding("ctrl+enter", "start", "Start", show=False),
    ]

    def __init__(self):
        super().__init__()
        self._entries: list = []
        self._details: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Static("New game: choose a scenario", id="ng-title", classes="panel-title")
        with Horizontal(id="ng-body"):
            yield OptionList(id="ng-scenarios")
            with VerticalScroll(id="ng-info"):
                yield Static("Looking for scenarios…", id="ng-details")
        with Horizontal(id="ng-seed-row"):
            yield Static("Seed ", id="ng-seed-label")
            yield Input(restrict=r"[0-9]*", max_length=18, id="ng-seed")
            yield Static("the same seed and choices replay the same game", classes="hint", id="ng-seed-hint")
        yield Static("", id="ng-decks", classes="hint")
        with Horizontal(id="ng-buttons"):
            yield Button("Start ⏎", variant="primary", id="ng-start")
            yield Button("Back", id="ng-back")
        yield GameFooter()

    def on_mount(self) -> None:
        seed = self.app.seed if self.app.seed is not None else random.randrange(1, 1_000_000)
        self.query_one("#ng-seed", Input).value = str(seed)
        decks = self.app.decks
        self.query_one("#ng-decks", Static).update(
            "Decks: " + ", ".join(Path(d).name for d in decks) if decks
            else "No custom deck (load one from the title screen)"
        )
        self.query_one("#ng-scenarios").focus()
        self._load_catalog()

    @work(thread=True, exclusive=True, group="catalog")
    def _load_catalog(self) -> None:
        from game.tui import backend

        try:
            entries = [e for e in backend.catalog() if getattr(e, "kind", "scenario") == "scenario"]
            default = backend.default_scenario()
        except Exception as exc:  # a broken content folder: say so, keep the screen
            self.app.call_from_thread(self._details_error, [f"Cannot list the scenarios: {exc}"])
            return
        self.app.call_from_thread(self._show_catalog, entries, default)

    def _show_catalog(self, entries: list, default: str) -> None:
        self._entries = entries
        options = self.query_one("#ng-scenarios", OptionList)
        options.clear_options()
        wanted = self.app.scenario or default
        for n, e in enumerate(entries):
            if n:
                options.add_option(None)  # a rule between scenarios
            start, end = getattr(e, "start", None), getattr(e, "end", None)
            span = f"{human_date(start)} – {human_date(end)}" if start and end else ""
            error = getattr(e, "error", None)
            label = Text.assemble((e.title or e.id, "bold"), f"\n{span}" if span else "",
                                  ("\nhas problems: see the right" if error else "", "red"))
            options.add_option(Option(label, id=e.id))
        index = next((i for i, e in enumerate(entries) if e.id == str(wanted) or str(e.path) == str(wanted)), 0)
        if entries:
            options.highlighted = options.get_option_index(entries[index].id)

    @on(OptionList.OptionHighlighted, "#ng-scenarios")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(event.option.id)

    @on(OptionList.OptionSelected, "#ng-scenarios")
    def _selected(self) -> None:
        self.action_start()

    def _entry(self, sid: str):
        return next((e for e in self._entries if e.id == sid), None)

    @work(thread=True, exclusive=True, group="describe")
    def _describe(self, sid: str) -> None:
        from game.tui import backend

        entry = self._entry(sid)
        if getattr(entry, "error", None):
            self.app.call_from_thread(self._details_error, [entry.error])
            return
        try:
            resolved = self._details.get(sid) or backend.resolve(getattr(entry, "path", None) or sid)
        except backend.BadInput as exc:
            self.app.call_from_thread(self._details_error, exc.lines)
            return
        self._details[sid] = resolved
        self.app.call_from_thread(self.query_one("#ng-details", Static).update, scenario_details(resolved))

    def _details_error(self, lines: list[str]) -> None:
        self.query_one("#ng-details", Static).update(Text("\n".join(lines), style="bold red"))

    def action_reroll(self) -> None:
        self.query_one("#ng-seed", Input).value = str(random.randrange(1, 1_000_000))

    def action_back(self) -> None:
        self.app.go_title()

    @on(Button.Pressed, "#ng-back")
    def _back(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#ng-start")
    @on(Input.Submitted, "#ng-seed")
    def action_start(self) -> None:
        options = self.query_one("#ng-scenarios", OptionList)
        if options.highlighted is None or not self._entries:
            self.notify("No scenario to start yet.", severity="warning")
            return
        text = self.query_one("#ng-seed", Input).value.strip()
        seed = int(text) if text else random.randrange(1, 1_000_000)
        entry = self._entry(options.get_option_at_index(options.highlighted).id)
        self._start(getattr(entry, "path", None) or entry.id, seed)

    @work(thread=True, exclusive=True, group="start")
    def _start(self, scenario, seed: int) -> None:
        from game.tui import backend

        try:
            resolved = backend.resolve(scenario, self.app.decks)
        except backend.BadInput as exc:
            self.app.call_from_thread(self.app.show_error, "This scenario and decks cannot be played", exc.lines)
            return
        self.app.call_from_thread(self.app.show_briefing, resolved, seed)
