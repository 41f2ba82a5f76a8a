"""The replay viewer: a saved game turn by turn, with Moscow's actual choices, notes, and forks."""

from __future__ import annotations

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from game.debrief.charts import sparkline
from game.model.citing import moscow_did
from game.model.events import CardDrawn
from game.tui.messages import Notice
from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen, SCROLL_BINDINGS
from game.tui.widgets.card import card_tags, tag
from game.tui.widgets.log import TurnHeading, entries_of, log_text
from game.tui.widgets.meters import health_tone
from game.tui.widgets.palette import TAG_CLASSES, TONE_CLASSES, component_style, tag_styles, tone_styles
from game.tui.widgets.text import human_date


class Pane(VerticalScroll, can_focus=False):
    """Scrolls with the mouse; the keys belong to the screen (arrows step through turns)."""


class ReplayScreen(GameScreen):
    CSS_PATH = "replay.tcss"
    COMPONENT_CLASSES = TONE_CLASSES | TAG_CLASSES | {"replay--note"}  # colours: app.tcss
    BINDINGS = [
        Binding("left", "step(-1)", "Turn", key_display="←→"),
        Binding("right", "step(1)", "Forward", show=False),
        Binding("home", "jump_to(1)", "First", show=False),
        Binding("end", "jump_to(-1)", "Last", show=False),
        Binding("g", "jump", "Go to"),
        Binding("a", "annotate", "Note"),
        Binding("f", "fork", "Fork"),
        Binding("escape", "back", "Back"),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, record, turn: int = 1):
        super().__init__()
        self.record = record
        self.cards = {c.id: c for c in record.scenario.cards}
        self.turn = turn

    @property
    def last(self) -> int:
        return len(self.record.turns)

    def compose(self) -> ComposeResult:
        with Horizontal(id="rp-bar"):
            yield Static(id="rp-bar-left")
            yield Static(id="rp-bar-right")
        with Horizontal(id="rp-body"):
            with Pane(id="rp-scroll"):
                yield Static(id="rp-turn")
            with Pane(id="rp-side"):
                yield Static(id="rp-chart")
        yield GameFooter(show_command_palette=False)  # room for the keys at 80 columns

    def on_mount(self) -> None:
        self.turn = max(1, min(self.turn, self.last))
        self.show_turn()
        self.app.theme_changed_signal.subscribe(self, self._restyle)

    def _restyle(self, _theme) -> None:
        if self.last:  # the same turn, in the new theme's colours
            self.query_one("#rp-turn", Static).update(self._turn_text(self.record.turns[self.turn - 1]))
            self.query_one("#rp-chart", Static).update(self._chart())

    def on_resize(self) -> None:
        if self.last:
            self.query_one("#rp-chart", Static).update(self._chart())

    # ------------------------------------------------------------------ view

    def show_turn(self) -> None:
        record = self.record
        out = record.outcome
        status = f"ended: {out.title} ({out.score:g})" if out is not None else "in progress"
        who = f" · {record.player}" if record.player else ""
        self.query_one("#rp-bar-right", Static).update(f"{record.scenario.title} · seed {record.seed}{who} · {status} ")
        if not self.last:
            self.query_one("#rp-bar-left", Static).update(" Replay")
            self.query_one("#rp-turn", Static).update("No turn has been completed in this game yet: nothing to replay.")
            self.query_one("#rp-chart", Static).update("")
            return
        log = record.turns[self.turn - 1]
        self.query_one("#rp-bar-left", Static).update(Text.assemble(
            (f" Replay · turn {self.turn} of {self.last}", "bold"), f" · {human_date(log.date)}"))
        self.query_one("#rp-turn", Static).update(self._turn_text(log))
        self.query_one("#rp-chart", Static).update(self._chart())
        self.query_one("#rp-scroll").scroll_home(animate=False)

    def _turn_text(self, log) -> Group:
        rules = self.record.rules
        tones, tags = tone_styles(self), tag_styles(self)
        events = log.events
        parts: list = [Text("On the table", style="bold underline")]
        drawn = [e.card for e in events if isinstance(e, CardDrawn)]
        if not drawn:
            parts.append(Text("Nothing new drawn this turn.", style="dim"))
        for cid in drawn:
            card = self.cards.get(cid)
            if card is None:
                continue
            head = Text()
            for label in card_tags(card):
                head.append_text(tag(label, tags))
                head.append(" ")
            head.append(card.title, style="bold")
            if card.date:
                head.append(f"  {human_date(card.date)}", style="dim")
            parts += [head, Text(" ".join(card.text.split()), style="")]
        parts += [Text(""), Text("Decisions", style="bold underline")]
        decided = False
        for d in log.decisions:
            card = self.cards.get(d.card) if d.card else None
            if card is None or not card.options:
                continue
            decided = True
            mine = next((o for o in card.options if o.id == d.option), None)
            marked = card.moscow_option
            same = mine is not None and marked is not None and mine.id == marked.id
            line = Text(f"{card.title}: ", style="bold")
            line.append(f"you chose “{mine.label if mine else 'no option'}”")
            parts.append(line)
            if not self.record.reveal_history:  # the class pack keeps it for the end
                continue
            did = moscow_did(card, self.record.resolved.facts, self.record.resolved.sources)
            parts.append(Text(f"  Moscow: {did}" + ("  (the same)" if same else ""),
                              style=tones["good"] if same else tones["later"]))
        if not decided:
            parts.append(Text("No decision this turn.", style="dim"))
        parts += [Text(""), Text("What followed", style="bold underline")]
        for line in entries_of(rules, events):  # one line per cause; what was drawn is above already
            if not isinstance(line, TurnHeading) and line.kind != "drawn":
                parts.append(Text("• ") + log_text(line, tones))
        notes = self.record.annotations.get(self.turn, [])
        parts += [Text(""), Text("Notes", style="bold underline")]
        if notes:
            for note in notes:
                parts.append(Text.assemble(("✎ ", component_style(self, "replay--note")), note.text,
                                           (f"  {note.at[:16].replace('T', ' ')}", "dim")))
        else:
            parts.append(Text("No note on this turn. Press A to add one.", style="dim"))
        return Group(*parts)

    def _chart(self) -> Text:
        """Each meter's value turn by turn (one column a turn); the shown turn is highlighted."""
        record = self.record
        tones = tone_styles(self)
        # the chart's own width (its pane less the pane's scrollbar)
        width = max(20, self.query_one("#rp-chart").content_size.width
                    or self.query_one("#rp-side").content_size.width - 2 or 40)
        meters = record.scenario.meters
        # full names where they fit beside a chart of 12 turns, else the short ones
        full = max(len(m.name) for m in meters) + 6 + 12 <= width
        names = {m.id: m.name if full else (m.short or m.name) for m in meters}
        name_w = min(18, max(len(n) for n in names.values()))
        cols = max(5, width - name_w - 6)
        first = max(0, min(self.turn - cols // 2, self.last + 1 - cols))
        window = range(first, min(self.last + 1, first + cols))
        out = Text()
        out.append("Meters over time", style="bold underline")
        out.append(f"\nturns {max(window.start, 1)}-{window.stop - 1}, ▮ = turn {self.turn}\n", style="dim")
        for m in record.scenario.meters:
            values = [record.meters_at(t)[m.id] for t in window]
            name = names[m.id] if len(names[m.id]) <= name_w else names[m.id][: name_w - 1] + "…"
            out.append(f"{name:<{name_w}} ")
            for t, v, ch in zip(window, values, sparkline(values, m.min, m.max)):
                style = tones[health_tone(v, m.min, m.max, m.good)]
                out.append(ch, style=style + Style(reverse=True) if t == self.turn else style)
            now = record.meters_at(self.turn)[m.id]
            out.append(f" {now:>3}\n", style="bold")
        return out

    # ------------------------------------------------------------------ actions

    def action_step(self, step: int) -> None:
        if self.last:
            self.turn = max(1, min(self.last, self.turn + step))
            self.show_turn()

    def action_jump_to(self, turn: int) -> None:
        if self.last:
            self.turn = self.last if turn < 0 else max(1, min(self.last, turn))
            self.show_turn()

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#rp-scroll")
        scroll.scroll_to(y=scroll.scroll_y + lines, animate=False)

    def action_jump(self) -> None:
        if not self.last:
            return
        from game.tui.screens.dialogs import PromptDialog

        def done(text: str | None) -> None:
            if text:
                self.action_jump_to(int(text))

        self.app.push_screen(PromptDialog("Go to turn", f"Turn (1-{self.last}):", str(self.turn), restrict=r"[0-9]*",
                                          max_length=6, ok="Go"), done)

    def action_annotate(self) -> None:
        if not self.last:
            return
        from game.tui.screens.dialogs import PromptDialog

        def done(text: str | None) -> None:
            if text:
                self.add_note(text)

        self.app.push_screen(PromptDialog(f"Note on turn {self.turn}", "Your note (saved in the save file):",
                                          placeholder="e.g. Why veto here? Compare with 8 April.", ok="Add note"), done)

    def add_note(self, text: str) -> None:
        from game.tui import backend

        try:
            self.record.annotate(self.turn, text)
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        self.show_turn()
        self._write_note(backend.snapshot(self.record), self.app.saves_dir)

    @work(thread=True, group="note")
    def _write_note(self, snapshot, saves_dir) -> None:
        """Into the file the game came from (autosave or named), or a new save; in a thread."""
        from game.tui import backend

        try:
            if snapshot.path is not None:
                backend.resave(snapshot)
            else:
                backend.save_game(snapshot, saves_dir)
        except backend.BadInput as exc:
            self.app.post_message(Notice("The note is kept for now but could not be saved: " + "; ".join(exc.lines),
                                         severity="error"))
        else:
            self.app.post_message(Notice(f"Note saved with {backend.game_title(snapshot)}"))

    def action_fork(self) -> None:
        if not self.last:
            return
        from game.tui import backend

        try:
            new = backend.fork(self.record, self.turn)
        except backend.BadInput as exc:
            self.app.show_error("Cannot fork here", exc.lines)
            return
        self.notify(f"A new game from the start of turn {self.turn}: choose differently.", title="Fork")
        self.app.open_record(new)

    def action_back(self) -> None:
        self.app.go_title()
