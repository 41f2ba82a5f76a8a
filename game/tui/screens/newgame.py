"""New game: pick a scenario (span, summary, sources) and a seed; then the briefing. Under a class pack
(`ClassGameScreen`): the pack fixes the scenario, decks and seed; the student gives a name when it asks for
one; then the briefing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.messages import Problem
from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen
from game.tui.widgets.text import human_date


def scenario_span(scenario) -> str:
    start = date.fromisoformat(scenario.start)
    end = start + timedelta(days=scenario.turns * scenario.turn_days - 1)
    return f"{human_date(start.isoformat())} – {human_date(end.isoformat())}"


def scenario_details(resolved) -> Content:
    """Title, span, summary, sources and decks of a scenario (colours: theme variables, read when drawn)."""
    sc = resolved.scenario
    parts = [
        Content.styled(sc.title, "bold"),
        Content.styled(f"{scenario_span(sc)} · {sc.turns} turns of {sc.turn_days} days · {len(sc.cards)} cards",
                       "dim"),
        Content(""),
        Content(" ".join(sc.summary.split())),
    ]
    sources = [resolved.sources[s] for s in sc.sources if s in resolved.sources]
    if sources:
        parts += [Content(""), Content.styled("Sources", "bold")]
        for src in sources:
            extra = ", ".join(x for x in (src.author, human_date(src.published) if src.published else None) if x)
            parts.append(Content.assemble("• ", (src.title, "italic"), f" — {extra}" if extra else ""))
    if getattr(resolved, "deck_ids", None):
        parts += [Content(""), Content.styled("Decks: " + ", ".join(resolved.deck_ids), "bold $accent")]
    return Content("\n").join(parts)


def problem_text(lines: list[str]) -> Content:
    return Content.styled("\n".join(lines), "bold $text-error")


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

    @dataclass
    class Catalog(Message, bubble=False):
        entries: list  # the scenarios found (game.content entries)
        default: str

    @dataclass
    class Described(Message, bubble=False):
        sid: str
        resolved: Any = None  # the scenario resolved, or None with the problems in `lines`
        lines: list[str] = field(default_factory=list)

    @dataclass
    class Resolved(Message, bubble=False):
        resolved: Any
        seed: int

    @work(thread=True, exclusive=True, group="catalog")
    def _load_catalog(self) -> None:
        from game.tui import backend

        try:
            entries = [e for e in backend.catalog() if getattr(e, "kind", "scenario") == "scenario"]
            default = backend.default_scenario()
        except Exception as exc:  # a broken content folder: say so, keep the screen
            self.post_message(self.Described("", lines=[f"Cannot list the scenarios: {exc}"]))
            return
        self.post_message(self.Catalog(entries, default))

    @on(Catalog)
    def _show_catalog(self, message: Catalog) -> None:
        entries = self._entries = message.entries
        options = self.query_one("#ng-scenarios", OptionList)
        options.clear_options()
        wanted = self.app.scenario or message.default
        for n, e in enumerate(entries):
            if n:
                options.add_option(None)  # a rule between scenarios
            start, end = getattr(e, "start", None), getattr(e, "end", None)
            span = f"{human_date(start)} – {human_date(end)}" if start and end else ""
            error = getattr(e, "error", None)
            label = Content.assemble((e.title or e.id, "bold"), f"\n{span}" if span else "",
                                     ("\nhas problems: see the right" if error else "", "$text-error"))
            options.add_option(Option(label, id=e.id))
        index = next((i for i, e in enumerate(entries) if e.id == str(wanted) or str(e.path) == str(wanted)), 0)
        if entries:
            options.highlighted = options.get_option_index(entries[index].id)

    @on(OptionList.OptionHighlighted, "#ng-scenarios")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        sid = event.option.id
        entry = self._entry(sid)
        if getattr(entry, "error", None):
            self._show_details(self.Described(sid, lines=[entry.error]))
        elif sid in self._details:
            self._show_details(self.Described(sid, self._details[sid]))
        else:
            self._describe(sid, getattr(entry, "path", None) or sid)

    @on(OptionList.OptionSelected, "#ng-scenarios")
    def _selected(self) -> None:
        self.action_start()

    def _entry(self, sid: str):
        return next((e for e in self._entries if e.id == sid), None)

    @work(thread=True, exclusive=True, group="describe")
    def _describe(self, sid: str, scenario) -> None:
        from textual.worker import get_current_worker

        from game.tui import backend

        try:
            found = self.Described(sid, backend.resolve(scenario))
        except backend.BadInput as exc:
            found = self.Described(sid, lines=exc.lines)
        if not get_current_worker().is_cancelled:  # the player has moved on to another scenario
            self.post_message(found)

    @on(Described)
    def _show_details(self, message: Described) -> None:
        details = self.query_one("#ng-details", Static)
        if message.resolved is None:
            details.update(problem_text(message.lines))
        else:
            self._details[message.sid] = message.resolved
            details.update(scenario_details(message.resolved))

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
        self._start(getattr(entry, "path", None) or entry.id, list(self.app.decks), seed)

    @work(thread=True, exclusive=True, group="start")
    def _start(self, scenario, decks: list, seed: int) -> None:
        from game.tui import backend

        try:
            resolved = backend.resolve(scenario, decks)
        except backend.BadInput as exc:
            self.post_message(Problem("This scenario and decks cannot be played", exc.lines))
            return
        self.post_message(self.Resolved(resolved, seed))

    @on(Resolved)
    def _resolved(self, message: Resolved) -> None:
        self.app.show_briefing(message.resolved, message.seed)


# --------------------------------------------------------------------------- under a class pack


def class_details(setup, saves_dir: Path) -> Content:
    """What a class pack sets, then its scenario (colours: theme variables, read when drawn)."""
    pack = setup.pack
    parts = []
    if pack.instructor:
        parts.append(Content.styled(f"Instructor: {pack.instructor}", "dim"))
    if pack.description.strip():
        parts += [Content(" ".join(pack.description.split())), Content("")]
    parts.append(Content.styled("How this class plays", "bold"))
    parts += [Content(f"• {line}") for line in setup.settings.describe()]
    parts.append(Content(f"• Saves go to: {saves_dir}"))
    parts += [Content(""), scenario_details(setup.resolved)]
    return Content("\n").join(parts)


class ClassGameScreen(GameScreen):
    """A new game under the class pack the app has open: no scenario or seed to choose."""

    CSS_PATH = "newgame.tcss"
    BINDINGS = [
        Binding("enter", "start", "Start"),
        Binding("escape", "back", "Back"),
        Binding("ctrl+x", "leave", "Leave the class"),
    ]

    def compose(self) -> ComposeResult:
        setup = self.app.classroom
        yield Static(f"Class: {setup.pack.title}", id="ng-title", classes="panel-title")
        with VerticalScroll(id="ng-info"):
            yield Static(class_details(setup, self.app.saves_dir), id="ng-details")
        with Horizontal(id="ng-buttons"):
            # for the mouse; the keys (Enter, Esc, Ctrl+X) are the screen's, shown in the footer
            for button in (Button("Start ⏎", variant="primary", id="ng-start"), Button("Back", id="ng-back"),
                           Button("Leave the class", id="ng-leave")):
                button.can_focus = False
                yield button
        yield GameFooter()

    @on(Button.Pressed, "#ng-start")
    def action_start(self) -> None:
        setup = self.app.classroom
        if not setup.settings.ask_name:
            self._begin()
            return
        from game.tui.screens.student import StudentNameDialog

        def named(name: str | None) -> None:
            if name:
                self.app.student = name
                self._begin()

        self.app.push_screen(StudentNameDialog(setup.pack.title, self.app.student or ""), named)

    def _begin(self) -> None:
        from game.model.classroom import seed_for

        setup = self.app.classroom
        seed = seed_for(setup.settings, setup.pack.id, self.app.student)
        self.app.show_briefing(setup.resolved, seed if seed is not None else random.randrange(1, 1_000_000))

    @on(Button.Pressed, "#ng-back")
    def action_back(self) -> None:
        self.app.go_title()

    @on(Button.Pressed, "#ng-leave")
    def action_leave(self) -> None:
        self.app.close_class()
