"""The turn screen: where the game is played.

Read, then choose: the card on the table has the top of the main column (its opening is on screen when it
arrives, PgUp/PgDn scroll it whatever is highlighted); under it the options, each its title and one line of
what it does, in one focused list with a highlight; under them a fixed panel with the highlighted option's
description and advisers; then the log of what happened, one line per cause. The meters and the map are
beside. Heights are worked out per card and per terminal size (`_fit`), never per key: a move of the
highlight repaints two options and the details panel, and lays nothing out.

Decisions go through the game record (`record.apply`); the consequences come back as engine events and are
logged in the engine's words. After the last card of a turn the screen pauses on a summary of the turn
(autosaved in a worker meanwhile), and waits for Enter before the next turn begins.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from game.engine import Decision, IllegalDecision
from game.engine.explain import meter_tone, signed
from game.model.events import PlaceChanged, TurnEnded
from game.tui.offers import OfferedOption, budget_meter, offered_options
from game.tui.screens.base import GameScreen
from game.tui.widgets.card import CardView
from game.tui.widgets.decision import DecisionList, OptionDetails
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.libya_map import LibyaMap
from game.tui.widgets.log import ConsequenceLog, TurnHeading, entries_of, log_text
from game.tui.widgets.meters import BAD_MARK, GOOD_MARK, MetersPanel
from game.tui.widgets.palette import NO_STYLE, component_style, tone_styles
from game.tui.widgets.text import human_date

__all__ = ["OfferedOption", "TurnScreen"]

# Rows of the log, and at most of the details panel, by terminal height (80 x 24, 100 x 32, 120 x 40 and up).
LOG_ROWS = ((24, 3), (32, 5), (40, 8), (10_000, 10))
DETAILS_ROWS = ((24, 4), (32, 6), (40, 8), (10_000, 10))
CARD_MIN = ((24, 5), (32, 8), (10_000, 10))  # rows the card keeps, whatever the options need


def _by_height(table, height: int) -> int:
    return next(rows for limit, rows in table if height <= limit)


class TurnScreen(GameScreen):
    CSS_PATH = "turn.tcss"
    AUTO_FOCUS = "#decision"
    saves_game = True  # Ctrl+S works here (see WargameApp.check_action)
    BINDINGS = [
        Binding("1", "pick(1)", "Choose", key_display="1-9"),
        *(Binding(str(n), f"pick({n})", f"Choose option {n}", show=False) for n in range(2, 10)),
        Binding("pageup", "scroll_card(-1)", "Card", show=False),
        Binding("pagedown", "scroll_card(1)", "Card", key_display="PgUp/Dn"),
        Binding("ctrl+home", "scroll_card(-1000)", "Card top", show=False),
        Binding("ctrl+end", "scroll_card(1000)", "Card end", show=False),
        Binding("left_square_bracket", "scroll_details(-1)", "Notes up", show=False),
        Binding("right_square_bracket", "scroll_details(1)", "Notes down", show=False),
        Binding("l", "full_log", "Log"),
        Binding("escape", "leave", "Title"),
    ]

    def __init__(self, record):
        super().__init__()
        self.record = record
        self.rules = record.rules
        self.scenario = record.scenario
        self.cards = {c.id: c for c in self.scenario.cards}
        self.place_names = {p.id: p.name for p in self.scenario.places}
        self.budget = budget_meter(self.scenario)
        self.summary_turn: int | None = None  # the turn whose summary is showing, between turns
        self._busy = False
        self._held: list = []  # next turn's opening events, logged when the player moves on
        self._offered: list[OfferedOption] = []
        self._fitted: tuple | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="turn-bar"):
            yield Static(id="bar-left")
            yield Static(id="bar-right")
        with Horizontal(id="turn-body"):
            with Vertical(id="side"):
                yield MetersPanel(id="meters")
                yield LibyaMap(id="map")
            with Vertical(id="main"):
                yield CardView(id="card")  # not focusable: the keys stay with the decision; PgUp/PgDn scroll it
                yield Static("", id="decision-rule", classes="rule")
                yield DecisionList(id="decision")
                yield OptionDetails(id="details")
                yield Static("What happened · L: the whole log", id="log-rule", classes="rule")
                yield ConsequenceLog(id="log")
        yield GameFooter(show_command_palette=False)  # room for the keys at 80 columns (Ctrl+P still works)

    async def on_mount(self) -> None:
        self.decision = self.query_one(DecisionList)
        self.details = self.query_one(OptionDetails)
        self.card_view = self.query_one(CardView)
        self.meters = self.query_one(MetersPanel)
        self.map = self.query_one(LibyaMap)
        self.log_view = self.query_one(ConsequenceLog)
        self.decision.details = self.details
        self.meters.setup(self.rules, self.budget)
        self.map.setup(self.scenario)
        self.log_view.add_events(self.rules, self.record.events())
        await self.refresh_view()

    def on_resize(self) -> None:
        self._fit()

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
        return list(self._offered)

    @property
    def highlighted_option(self) -> int | None:
        """The number of the option under the highlight (Enter chooses it), if any."""
        return self.decision.highlighted if self._offered else None

    @property
    def shown_turn(self) -> int:
        """The turn the screen is about: the one in play, or the one whose summary shows."""
        return self.summary_turn or self.record.state.turn

    def log_text(self) -> list[str]:
        """The log as the screen holds it, one entry a line (plain text)."""
        return self.log_view.plain_lines()

    # ------------------------------------------------------------------ layout

    def _fit(self) -> None:
        """Share the main column's rows: the options and the details panel get what this card needs (up to a
        limit per terminal size), the log its rows, the card the rest but never less than its minimum. Done
        when the card or the size changes; a key that moves the highlight changes no height."""
        width, height = self.app.size
        body = height - 2  # the turn bar and the footer
        decision = self.decision
        details = self.details
        log_rows = _by_height(LOG_ROWS, height)
        card_min = _by_height(CARD_MIN, height)
        options = self._offered
        rows_per_option = 2
        # the details panel keeps one height per terminal size (a card with shorter notes leaves it partly
        # empty): moving from one decision to the next lays nothing out again
        details_rows = _by_height(DETAILS_ROWS, height) if options else 0
        if not options and self.summary_turn is None:
            # an event to read: the details panel's rows go to the log (what the last choice did); the
            # summary of a turn keeps them, as it says all of it
            log_rows += _by_height(DETAILS_ROWS, height)
        fixed = 2 + log_rows  # the two rules and the log

        def card_rows() -> int:
            listed = len(options) * rows_per_option if options else 1
            return body - fixed - listed - details_rows

        while card_rows() < card_min:  # give back rows, least needed first
            if details_rows > 2:
                details_rows -= 1
            elif log_rows > 2:
                log_rows -= 1
                fixed -= 1
            elif options and rows_per_option == 2:
                rows_per_option = 1  # each option on one line: every title stays on screen
            else:
                break
        fitted = (details_rows, log_rows, rows_per_option)
        if fitted == self._fitted:
            return
        self._fitted = fitted
        details.styles.height = details_rows
        details.display = bool(details_rows)
        self.log_view.styles.height = log_rows
        decision.set_rows_per_option(rows_per_option)

    # ------------------------------------------------------------------ view

    def _history(self, upto: int) -> dict[str, list[int]]:
        """Each meter's values at the start and at the end of every turn up to `upto`."""
        snaps = [self.record.meters_at(t) for t in range(0, upto + 1)]
        return {mid: [s[mid] for s in snaps] for mid in self.rules.meters}

    def _changed_places(self, turn: int) -> frozenset[str]:
        """Places that changed hands, or where fighting broke out or died down, in `turn`."""
        record = self.record
        events = record.turns[turn - 1].events if turn <= len(record.turns) else record.current_events
        return frozenset(e.place for e in events if isinstance(e, PlaceChanged)
                         and (e.holder_before, e.contested_before) != (e.holder_after, e.contested_after))

    async def refresh_view(self) -> None:
        with self.app.batch_update():  # one frame for the whole change
            self._refresh_view()

    def _refresh_view(self) -> None:
        record, state = self.record, self.record.state
        shown = self.shown_turn
        card = self.cards.get(state.current_card) if self.summary_turn is None else None

        self.meters.show(state.meters, record.meters_at(shown - 1), self._history(shown - 1))
        self.map.show(state.places, highlight=card.place if card else None,
                                      changed=self._changed_places(shown))
        self._offered = offered_options(record) if self.summary_turn is None else []

        if self.summary_turn is not None:
            phase = "Game over" if state.over else "End of turn"
        elif card is None:
            phase = "Quiet turn"
        else:
            done, left = len(record.current_decisions), len(state.pending)
            kind = "Decision" if self._offered else "Event"
            phase = f"{kind}, card {done + 1} of {done + left}" if done + left > 1 else kind
        date = human_date(self.rules.turn_date(shown).isoformat())
        self.query_one("#bar-left", Static).update(
            Text.assemble((f" Turn {shown} of {self.rules.turns}", "bold"), f" · {date} · ", (phase, "bold")),
            layout=False,
        )
        right = []
        if self.budget is not None:
            name = next((m.short or m.name for m in self.scenario.meters if m.id == self.budget), self.budget)
            right.append(f"{name} {state.meters.get(self.budget, 0)}")
        if self.app.size.width >= 110:
            right.append(self.rules.title)
        right.append(f"seed {record.seed} ")
        self.query_one("#bar-right", Static).update(" · ".join(right), layout=False)

        view = self.card_view
        decision = self.decision
        rule = self.query_one("#decision-rule", Static)
        if self.summary_turn is not None:
            turn = self.summary_turn
            view.show(lambda view: self._summary_text(turn, view))
            decision.set_continue("See how it ends" if state.over else f"On to turn {state.turn}")
            rule.update("Enter to go on", layout=False)
        elif card is None:
            view.show_text("A quiet spell", "Nothing on the table this turn. Events elsewhere run their course.")
            decision.set_continue("Continue")
            rule.update("Enter to go on", layout=False)
        else:
            # shown_facts: a class pack may hide what Moscow did until the end, and a card's sources would tell
            view.show_card(card, record.shown_facts, record.resolved.sources, self.place_names)
            if self._offered:
                decision.set_options(self._offered)
                count = len(self._offered)
                rule.update(f"Your decision · 1-{count}, or ↑↓ and Enter" if count > 1 else "Your decision",
                            layout=False)
            else:
                decision.set_continue("Noted: continue" if card.options else "Continue")
                rule.update("Read, then Enter to go on" if not card.options
                            else "No option is open now: Enter to go on", layout=False)
        self._fit()
        self.refresh_bindings()
        if self.focused is None:
            decision.focus()
        self.call_after_refresh(self._prepare_next)

    def _prepare_next(self) -> None:
        """After the frame: draw the cards still to come this turn, so that each shows at once."""
        state = self.record.state
        coming = state.pending if self.summary_turn is not None else state.pending[1:]
        for cid in coming:
            card = self.cards.get(cid)
            if card is not None:
                self.card_view.prepare_card(card, self.record.shown_facts, self.record.resolved.sources,
                                            self.place_names)

    def _summary_text(self, turn: int, view: CardView) -> Text:
        """The end-of-turn summary, in the colours of the view that shows it: what changed on the map, every
        meter that moved, and what happened and why, one line per cause."""
        tones = tone_styles(view)
        rules = self.rules
        record = self.record
        before, after = record.meters_at(turn - 1), record.meters_at(turn)
        log = record.turns[turn - 1] if len(record.turns) >= turn else None
        out = Text()
        out.append(f" END OF TURN {turn} ", style=component_style(view, "card--banner"))
        out.append(f"  {human_date(rules.turn_date(turn).isoformat())}", style="bold")
        if record.state.over:
            out.append("  · the game is over", style="bold")
        events = log.events if log is not None else []
        moved_places = [e for e in events if isinstance(e, PlaceChanged)
                        and (e.holder_before, e.contested_before) != (e.holder_after, e.contested_after)]
        if moved_places:
            out.append("\n\nOn the map", style="bold")
            actors = {a.id: a.name for a in self.scenario.actors}
            for e in moved_places:
                place = self.place_names.get(e.place, e.place)
                bits = []
                if e.holder_before != e.holder_after:
                    bits.append(f"{place} passes from {actors.get(e.holder_before, e.holder_before)} to "
                                f"{actors.get(e.holder_after, e.holder_after)}")
                if e.contested_before != e.contested_after:
                    bits.append(f"fighting at {place}" if e.contested_after else f"the fighting at {place} dies down")
                out.append("\n• " + "; ".join(bits), style=tones["place"])
        out.append("\n\nMeters this turn", style="bold")
        moved = [(m, before[m.id], after[m.id]) for m in self.scenario.meters if before[m.id] != after[m.id]]
        if not moved:
            out.append("\nNo meter moved.")
        for m, a, b in moved:
            tone = meter_tone(rules, m.id, b - a)
            mark = GOOD_MARK if tone == "good" else BAD_MARK if tone == "bad" else ""
            out.append(f"\n{m.name} {a} → {b} ")
            out.append(f"{signed(b - a)} {mark}".rstrip(), style=tones.get(tone, NO_STYLE))
        lines = [e for e in entries_of(rules, events) if not isinstance(e, TurnHeading)]
        if lines:
            out.append("\n\nWhat happened, and why", style="bold")
            for line in lines:
                out.append("\n• ")
                out.append_text(log_text(line, tones))
        return out

    # ------------------------------------------------------------------ input

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return bool(self._offered) and not self.showing_summary
        if action == "scroll_details":
            return bool(self._offered)
        return True

    async def action_pick(self, number: int) -> None:
        if self._busy or self.summary_turn is not None or not self._offered:
            return
        if number > len(self._offered):
            self.app.bell()
            return
        self.decision.highlight(number)
        await self._choose(self._offered[number - 1])

    @on(DecisionList.Chosen)
    async def _chosen(self, message: DecisionList.Chosen) -> None:
        if message.number is None:
            await self.action_continue()
        else:
            await self.action_pick(message.number)

    async def _choose(self, option: OfferedOption) -> None:
        if self._busy:
            return
        if not option.available:
            self.notify(f"“{option.label}” is not open now" + (f": {option.why_not}" if option.why_not else "."),
                        severity="warning")
            return
        decision = Decision(self.record.state.current_card, option.id)
        if option.irreversible:
            from game.tui.screens.dialogs import ConfirmDialog

            def confirmed(ok: bool | None) -> None:
                if ok:
                    self.call_later(self.commit, decision)

            self.app.push_screen(
                ConfirmDialog("This cannot be undone", f"“{option.label}”\n\nOnce taken, this choice "
                              "stays taken for the rest of the game. Go ahead?", yes="Do it", no="Think again"),
                confirmed,
            )
            return
        await self.commit(decision)

    async def action_continue(self) -> None:
        if self._busy:
            return
        if self.summary_turn is not None:
            self.summary_turn = None
            if self.record.state.over:
                self.app.show_end()
                return
            with self.app.batch_update():
                self.log_view.add_events(self.rules, self._held)
                self._held = []
                self._refresh_view()
            return
        legal = self.record.legal_decisions()
        if len(legal) == 1 and legal[0].option is None:
            await self.commit(legal[0])

    def action_scroll_card(self, pages: int) -> None:
        scroll = self.card_view
        if abs(pages) >= 1000:
            (scroll.scroll_end if pages > 0 else scroll.scroll_home)(animate=False)
        else:
            scroll.scroll_to(y=scroll.scroll_y + pages * max(1, scroll.size.height - 1), animate=False)

    def action_scroll_details(self, lines: int) -> None:
        self.details.scroll_by(lines)

    def action_full_log(self) -> None:
        from game.tui.screens.log import LogScreen

        self.app.push_screen(LogScreen(self.rules, self.log_view.entries))

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
                self.log_view.add_events(self.rules, events)
                self._refresh_view()
            if self.summary_turn is not None:
                # after the frame: the player sees the turn's outcome at once, the file follows in a worker
                self.call_after_refresh(self.app.autosave)
        finally:
            self._busy = False
