"""The turn screen: where the game is played.

It shows the state (date, turn, phase, meters, map, the card on the table) and sends the player's decision
through the game record (`record.apply`); the consequences come back as engine events and are logged in
the engine's words. After the last card of a turn it pauses on a summary of the turn, autosaves, and waits
for Enter before the next turn begins.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from game.engine import Decision, IllegalDecision
from game.engine.explain import meter_tone, offered, option_summary
from game.model.events import CardDrawn, TurnEnded
from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen
from game.tui.widgets.card import CardView
from game.tui.widgets.decision import DecisionPanel, OptionItem
from game.tui.widgets.libya_map import LibyaMap
from game.tui.widgets.log import ConsequenceLog, event_line
from game.tui.widgets.meters import MetersPanel
from game.tui.widgets.palette import NO_STYLE, component_style, tone_styles
from game.tui.widgets.text import human_date

@dataclass(frozen=True)
class OfferedOption:
    """An option of the card on the table, as the player sees it."""

    number: int  # the key that chooses it (1-9)
    id: str
    label: str
    available: bool  # False: shown, but its condition does not hold now
    why_not: str = ""  # the condition, in words, when not available
    irreversible: bool = False  # choosing it asks for a confirmation first


CHOOSE_KEYS = [Binding("1", "pick(1)", "Choose", key_display="1-9")] + [
    Binding(str(n), f"pick({n})", f"Choose option {n}", show=False) for n in range(2, 10)
]


class TurnScreen(GameScreen):
    CSS_PATH = "turn.tcss"
    BINDINGS = [
        *CHOOSE_KEYS,
        Binding("enter", "continue", "Continue"),
        Binding("up", "move(-1)", "Previous option", show=False),
        Binding("down", "move(1)", "Next option", show=False),
        Binding("pageup", "scroll_card(-1)", "Scroll card up", show=False),
        Binding("pagedown", "scroll_card(1)", "Scroll card down", show=False),
        Binding("escape", "leave", "Title"),
    ]

    def __init__(self, record):
        super().__init__()
        self.record = record
        self.rules = record.rules
        self.scenario = record.scenario
        self.cards = {c.id: c for c in self.scenario.cards}
        self.place_names = {p.id: p.name for p in self.scenario.places}
        self.summary_turn: int | None = None  # the turn whose summary is showing, between turns
        self._busy = False
        self._held: list = []  # next turn's opening events, logged when the player moves on

    def compose(self) -> ComposeResult:
        with Horizontal(id="turn-bar"):
            yield Static(id="bar-left")
            yield Static(id="bar-right")
        with Horizontal(id="turn-body"):
            with Vertical(id="side"):
                yield MetersPanel(id="meters")
                yield Static("Libya", id="map-title", classes="panel-title")
                yield LibyaMap(id="map")
            with Vertical(id="main"):
                with VerticalScroll(id="card-scroll"):
                    yield CardView(id="card")
                with VerticalScroll(id="decision-box"):
                    yield Static("", id="decision-title", classes="panel-title")
                    yield DecisionPanel(id="decision")
                    # not focusable: Enter goes to the screen's own binding, and the Footer keeps its keys
                    continue_button = Button("Continue ⏎", id="continue", variant="primary", compact=True)
                    continue_button.can_focus = False
                    yield continue_button
                yield Static("Consequences", id="log-title", classes="panel-title")
                yield ConsequenceLog(id="log")
        yield GameFooter()

    async def on_mount(self) -> None:
        self.query_one(MetersPanel).setup(self.rules)
        self.query_one(LibyaMap).setup(self.scenario)
        self.query_one(ConsequenceLog).add_events(self.rules, self.record.events())
        self._layout_classes()
        await self.refresh_view()

    def on_resize(self) -> None:
        self._layout_classes()

    def _layout_classes(self) -> None:
        width, height = self.app.size
        self.set_class(height >= 36, "-tall")
        self.set_class(height < 30, "-short")

    # ------------------------------------------------------------------ what the screen shows (for tests and tools)

    @property
    def showing_summary(self) -> bool:
        """True between turns, while the summary of the turn just ended waits for Enter."""
        return self.summary_turn is not None

    @property
    def card_id(self) -> str | None:
        """The card on the table (None: a quiet turn, or the summary between turns)."""
        return None if self.showing_summary else self.record.state.current_card

    def offered_options(self) -> list[OfferedOption]:
        """The options on the table, in the order shown (empty when there is no decision to take)."""
        return [OfferedOption(item.number, item.option.id, item.option.label, item.available, item.why_not,
                              bool(item.option.irreversible))
                for item in self._options()]

    @property
    def highlighted_option(self) -> int | None:
        """The number of the option under the cursor (Enter chooses it), if any."""
        focused = self.focused
        return focused.number if isinstance(focused, OptionItem) and focused.option is not None else None

    # ------------------------------------------------------------------ view

    def _history(self, upto: int) -> dict[str, list[int]]:
        """Each meter's values at the start and at the end of every turn up to `upto`."""
        snaps = [self.record.meters_at(t) for t in range(0, upto + 1)]
        return {mid: [s[mid] for s in snaps] for mid in self.rules.meters}

    async def refresh_view(self) -> None:
        with self.app.batch_update():  # one frame for the whole change
            self._refresh_view()

    def _refresh_view(self) -> None:
        record, state = self.record, self.record.state
        shown = self.summary_turn or state.turn
        card = self.cards.get(state.current_card) if self.summary_turn is None else None

        self.query_one(MetersPanel).show(state.meters, record.meters_at(shown - 1), self._history(shown - 1))
        self.query_one(LibyaMap).show(state.places, highlight=card.place if card else None)

        if self.summary_turn is not None:
            phase = "Game over" if state.over else "End of turn"
        elif card is None:
            phase = "Quiet turn"
        else:
            phase = "Decision" if card.options else "Event"
        date = human_date(self.rules.turn_date(shown).isoformat())
        self.query_one("#bar-left", Static).update(
            Text.assemble((f" Turn {shown} of {self.rules.turns}", "bold"), f" · {date} · ", (phase, "bold")),
            layout=False,
        )
        title = f"{self.rules.title} · " if self.app.size.width >= 110 else ""
        self.query_one("#bar-right", Static).update(f"{title}seed {record.seed} ", layout=False)

        view = self.query_one(CardView)
        panel = self.query_one(DecisionPanel)
        title = self.query_one("#decision-title", Static)
        button = self.query_one("#continue", Button)
        if self.summary_turn is not None:
            turn = self.summary_turn
            view.show(lambda view: self._summary_text(turn, view))
            panel.set_options([])
            title.update("")
            button.label = "See how it ends ⏎" if state.over else f"On to turn {state.turn} ⏎"
            button.display = True
            self._show_continue(button)
            self.set_focus(None)
        elif card is None:
            view.show_text("A quiet spell", "Nothing on the table this turn. Events elsewhere run their course.")
            panel.set_options([])
            title.update("")
            button.label = "Continue ⏎"
            button.display = True
            self._show_continue(button)
            self.set_focus(None)
        else:
            # shown_facts: a class pack may hide what Moscow did until the end, and a card's sources would tell
            view.show_card(card, self.record.shown_facts, self.record.resolved.sources, self.place_names,
                           waiting=len(state.pending) - 1)
            legal = {d.option for d in record.legal_decisions() if d.card == card.id}
            if card.options and legal != {None}:
                # the options in the order the engine offers them (fixed by the game's seed: it tells nothing)
                by_id = {o.id: o for o in card.options}
                panel.set_options([
                    (by_id[offer.option], option_summary(self.rules, card.id, offer.option), offer.available,
                     offer.reason)
                    for offer in offered(state)
                ])
                title.update("Your decision (press 1-9, or ↑↓ and Enter)")
                button.display = False
                first = next((i for i in panel.items() if i.available), None)
                if first is not None:
                    first.focus()
            else:
                panel.set_options([])
                title.update("")
                button.label = "Continue ⏎"
                button.display = True
                self._show_continue(button)
                self.set_focus(None)
        scroll = self.query_one("#card-scroll")
        if scroll.scroll_y:
            scroll.scroll_home(animate=False)

    def _summary_text(self, turn: int, view: CardView) -> Text:
        """The end-of-turn summary, in the colours of the view that shows it."""
        tones = tone_styles(view)
        before, after = self.record.meters_at(turn - 1), self.record.meters_at(turn)
        out = Text()
        out.append(" END OF TURN ", style=component_style(view, "card--banner"))
        out.append(f"\nTurn {turn} · {human_date(self.rules.turn_date(turn).isoformat())}\n\n", style="bold")
        moved = [(m, before[m.id], after[m.id]) for m in self.scenario.meters if before[m.id] != after[m.id]]
        if not moved:
            out.append("No meter moved this turn.\n")
        for m, a, b in moved:
            out.append(f"{m.name}: {a} → {b} ")
            tone = tones.get(meter_tone(self.rules, m.id, b - a), NO_STYLE)
            out.append(f"({b - a:+d})".replace("-", "−"), style=tone)
            out.append("\n")
        log = self.record.turns[turn - 1] if len(self.record.turns) >= turn else None
        if log is not None:
            out.append("\nWhat happened, and why\n", style="bold")
            for e in log.events:
                if isinstance(e, CardDrawn):
                    continue
                line = event_line(self.rules, e, tones)
                if line is not None:
                    out.append_text(line)
                    out.append("\n")
        if self.record.state.over:
            out.append("\n\nThe game is over.", style="bold")
        return out

    # ------------------------------------------------------------------ input

    def _options(self) -> list[OptionItem]:
        return self.query_one(DecisionPanel).items()

    async def action_pick(self, number: int) -> None:
        if self._busy or self.summary_turn is not None:
            return
        items = self._options()
        if not items:
            return
        if number > len(items):
            self.app.bell()
            return
        await self._choose(items[number - 1])

    @on(OptionItem.Chosen)
    async def _chosen(self, event: OptionItem.Chosen) -> None:
        await self._choose(event.item)

    async def _choose(self, item: OptionItem) -> None:
        if self._busy:
            return
        if not item.available:
            self.notify(f"“{item.option.label}” is not open now" + (f": {item.why_not}" if item.why_not else "."),
                        severity="warning")
            return
        card_id = self.record.state.current_card
        decision = Decision(card_id, item.option.id)
        if item.option.irreversible:
            from game.tui.screens.dialogs import ConfirmDialog

            def confirmed(ok: bool | None) -> None:
                if ok:
                    self.call_later(self.commit, decision)

            self.app.push_screen(
                ConfirmDialog("This cannot be undone", f"“{item.option.label}”\n\nOnce taken, this choice "
                              "stays taken for the rest of the game. Go ahead?", yes="Do it", no="Think again"),
                confirmed,
            )
            return
        await self.commit(decision)

    def _show_continue(self, button) -> None:
        # the box may still be scrolled down from a long list of options: bring the button into view
        box = self.query_one("#decision-box", VerticalScroll)
        box.scroll_home(animate=False, immediate=True)
        self.call_after_refresh(button.scroll_visible, animate=False, immediate=True)

    async def action_continue(self) -> None:
        if self._busy:
            return
        if self.summary_turn is not None:
            self.summary_turn = None
            if self.record.state.over:
                self.app.show_end()
                return
            with self.app.batch_update():
                self.query_one(ConsequenceLog).add_events(self.rules, self._held)
                self._held = []
                self._refresh_view()
            return
        legal = self.record.legal_decisions()
        if len(legal) == 1 and legal[0].option is None:
            await self.commit(legal[0])
        else:
            focused = self.focused
            if isinstance(focused, OptionItem):
                await self._choose(focused)

    @on(Button.Pressed, "#continue")
    async def _continue_pressed(self) -> None:
        await self.action_continue()

    def action_move(self, step: int) -> None:
        items = [i for i in self._options() if i.available]
        if not items:
            return
        focused = self.focused
        index = items.index(focused) if focused in items else (-1 if step > 0 else 0)
        items[(index + step) % len(items)].focus()

    def action_scroll_card(self, direction: int) -> None:
        scroll = self.query_one("#card-scroll", VerticalScroll)
        (scroll.scroll_page_down if direction > 0 else scroll.scroll_page_up)(animate=False)

    def action_leave(self) -> None:
        self.app.autosave()
        self.app.go_title()

    # ------------------------------------------------------------------ playing

    async def commit(self, decision: Decision) -> None:
        if self._busy or self.record.state.over:
            return
        self._busy = True
        try:
            try:
                events = self.record.apply(decision)
            except IllegalDecision as exc:  # a stale key after the card changed: say so, change nothing
                self.notify(str(exc), severity="warning")
                return
            ended = self.record.turn_just_ended
            if ended is not None or self.record.state.over:
                self.summary_turn = ended or self.record.state.turn
            if self.summary_turn is not None:
                # hold back the next turn's draws until the player moves on: the log stays on this turn
                cut = next((i + 1 for i, e in enumerate(events) if isinstance(e, TurnEnded)), len(events))
                events, self._held = events[:cut], events[cut:]
            with self.app.batch_update():
                self.query_one(ConsequenceLog).add_events(self.rules, events)
                self._refresh_view()
            if self.summary_turn is not None:
                # after the frame: the player sees the turn's outcome at once, the file follows
                self.call_after_refresh(self.app.autosave)
        finally:
            self._busy = False
