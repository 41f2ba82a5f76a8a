"""The end: the ending's narrative, the score, and your choices beside Moscow's."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from game.model.citing import moscow_did
from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen
from game.tui.widgets.palette import NO_STYLE, TONE_CLASSES, tone_styles
from game.engine.explain import signed

ENDING_TONES = {"success": "good", "mixed": "mid", "failure": "bad"}  # an ending's tone -> the palette's


def choices_table(record, tones: dict[str, Style]) -> Table:
    cards = {c.id: c for c in record.scenario.cards}
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("Turn", justify="right", no_wrap=True)
    table.add_column("Card", ratio=2)
    table.add_column("You", ratio=2)
    table.add_column("Moscow", ratio=3)
    turns = list(record.turns)
    for log in turns:
        for d in log.decisions:
            card = cards.get(d.card) if d.card else None
            if card is None or not card.options:
                continue
            mine = next((o for o in card.options if o.id == d.option), None)
            marked = card.moscow_option
            same = marked is not None and mine is not None and marked.id == mine.id
            did = moscow_did(card, record.resolved.facts, record.resolved.sources)
            table.add_row(
                str(log.turn), card.title, Text(mine.label if mine else "—", style="bold" if same else ""),
                Text(("= " if same else "") + did, style=tones["good"] if same else "dim"),
            )
    return table


def ending_renderable(record, tones: dict[str, Style]) -> Group:
    """The ending and the score in context first, then the ending's story, the score's breakdown and the
    choices beside Moscow's; `tones` from palette.tone_styles."""
    out = record.outcome
    ending = next(e for e in record.scenario.endings if e.id == out.ending)
    names = {m.id: m.name for m in record.scenario.meters}
    tone = tones.get(ENDING_TONES.get(ending.tone, ""), NO_STYLE)
    head = Text(ending.title, style=Style(bold=True) + tone)
    head.append(f"  ·  score {out.score:g}", style="bold")
    parts = [head, Text(ending_context(record), style="dim"), Text("")]
    for para in ending.text.strip().split("\n\n"):
        parts += [Text(" ".join(para.split())), Text("")]
    score = Table(title="Score", title_justify="left", show_edge=False, pad_edge=False)
    score.add_column("")
    score.add_column("Final", justify="right")
    score.add_column("Points", justify="right")
    for key, points in out.breakdown.items():
        if key == "ending":
            score.add_row("Ending bonus", "", signed(points))
        else:
            score.add_row(names.get(key, key), str(record.state.meters.get(key, "")), signed(points))
    score.add_row(Text("Total", style="bold"), "", Text(f"{out.score:g}", style="bold"))
    parts += [score, Text(""), Text("Your choices beside Moscow's", style="bold underline"),
              choices_table(record, tones)]
    return Group(*parts)


def ending_context(record) -> str:
    """Where the score stands in the scenario: "The meters give 131.6 points, the ending +25: endings add
    −15 to +40, yours is number 2 of 5." """
    endings = sorted({e.score for e in record.scenario.endings}, reverse=True)
    ending = next(e for e in record.scenario.endings if e.id == record.outcome.ending)
    rank = endings.index(ending.score) + 1
    place = "the best" if rank == 1 else "the worst" if rank == len(endings) else f"number {rank}"
    meters = record.outcome.score - ending.score
    return (f"The meters give {meters:g} points and the ending {signed(ending.score)}: endings add "
            f"{signed(endings[-1])} to {signed(endings[0])}, and yours is {place} of {len(endings)}.")


class EndScreen(GameScreen):
    CSS_PATH = "end.tcss"
    saves_game = True  # Ctrl+S works here (see WargameApp.check_action)
    # Nothing has the keyboard at first: an Enter still in flight from the last turn's summary must not press
    # a button before the ending is read (D, R, N, Esc; ← → reach the buttons).
    AUTO_FOCUS = ""
    COMPONENT_CLASSES = TONE_CLASSES  # colours: app.tcss
    BINDINGS = [
        Binding("d", "debrief", "Debrief"),
        Binding("r", "replay", "Replay"),
        Binding("n", "new_game", "New game"),
        Binding("escape", "title", "Title"),
        Binding("left", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
        Binding("down", "scroll(1)", "Scroll", show=False),
        Binding("up", "scroll(-1)", "Scroll", show=False),
        Binding("pagedown", "page(1)", "Scroll", key_display="PgDn"),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "ends(-1)", "Top", show=False),
        Binding("end", "ends(1)", "Bottom", show=False),
    ]

    def __init__(self, record):
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        yield Static(f"The end · {self.record.scenario.title}", id="end-title", classes="panel-title")
        # the score against other play of this scenario, filled in by a worker once it is known
        context = Static("", id="end-context", classes="hint")
        context.display = False  # shown once a worker has the sentence
        yield context
        turning = Static("", id="end-turning", classes="hint")  # the decision that moved the odds most
        turning.display = False
        yield turning
        with VerticalScroll(id="end-scroll", can_focus=False):  # the screen's keys scroll it
            yield Static(id="end-text")
        with Horizontal(id="end-buttons"):
            yield Button("Debrief [D]", id="end-debrief", variant="primary", compact=True)
            yield Button("Replay [R]", id="end-replay", compact=True)
            yield Button("New game [N]", id="end-new", compact=True)
            yield Button("Title [Esc]", id="end-title-button", compact=True)
        yield GameFooter(show_command_palette=False)  # room for the keys at 80 columns

    def on_mount(self) -> None:
        self._show_ending()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._show_ending())
        self._score_context(self.record)
        self._turning_point(self.record)

    @dataclass
    class ContextFound(Message, bubble=False):
        sentence: str  # e.g. "better than 78% of random play; the search player averages 162"

    @dataclass
    class TurningPointFound(Message, bubble=False):
        sentence: str  # "Your turning point: turn 3, the Security Council draft. You chose ..."

    @work(thread=True, exclusive=True, group="turning-point")
    def _turning_point(self, record) -> None:
        """The game's turning point (game.tui.backend.turning_point: the debrief's what-if analysis at a
        small budget)."""
        from game.tui import backend

        try:
            sentence = backend.turning_point(record)
        except (OSError, ValueError):  # no process to spawn, an odd record: the end screen does without
            return
        if sentence:
            self.post_message(self.TurningPointFound(sentence))

    @on(TurningPointFound)
    def _turning_point_found(self, message: TurningPointFound) -> None:
        turning = self.query_one("#end-turning", Static)
        turning.update(message.sentence + " (the debrief's what-if analysis shows every decision)")
        turning.display = True

    @work(thread=True, exclusive=True, group="score-context")
    def _score_context(self, record) -> None:
        """The score against random play, Moscow's recorded choices and the search player (game.tui.backend
        .score_context; computing it for an instructor's deck can take a while, hence the thread)."""
        from game.tui import backend

        sentence = backend.score_context(record)
        if sentence:
            self.post_message(self.ContextFound(sentence))

    @on(ContextFound)
    def _context_found(self, message: ContextFound) -> None:
        context = self.query_one("#end-context", Static)
        context.update(f"Your score, {self.record.outcome.score:g}: {message.sentence}.")
        context.display = True

    def action_page(self, pages: int) -> None:
        scroll = self.query_one("#end-scroll")
        scroll.scroll_to(y=scroll.scroll_y + pages * max(1, scroll.size.height - 2), animate=False)

    def action_ends(self, end: int) -> None:
        scroll = self.query_one("#end-scroll")
        (scroll.scroll_end if end > 0 else scroll.scroll_home)(animate=False)

    def _show_ending(self) -> None:
        self.query_one("#end-text", Static).update(ending_renderable(self.record, tone_styles(self)))

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#end-scroll")
        scroll.scroll_to(y=scroll.scroll_y + lines, animate=False)

    @on(Button.Pressed, "#end-debrief")
    def action_debrief(self) -> None:
        from game.tui.screens.debrief import DebriefScreen

        self.app.push_screen(DebriefScreen(self.record))

    @on(Button.Pressed, "#end-replay")
    def action_replay(self) -> None:
        self.app.open_replay(self.record)

    @on(Button.Pressed, "#end-new")
    def action_new_game(self) -> None:
        self.app.action_new_game()

    @on(Button.Pressed, "#end-title-button")
    def action_title(self) -> None:
        self.app.go_title()
