"""The consequences log: every change with its cause, in the engine's own words (game.engine.explain)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import RichLog

from game.model.events import (
    CardDrawn, ChanceRolled, DecisionMade, DelayedDue, DelayedScheduled, EndingReached, FollowUpQueued, MeterChanged,
    PlaceChanged, TurnStarted,
)
from game.tui.widgets.palette import NO_STYLE, TONE_CLASSES, component_style, tone_styles
from game.tui.widgets.text import human_date


def event_line(rules, event, tones: dict[str, Style]) -> Text | None:
    """The explained line of one event, coloured by what it means for Moscow (None: bookkeeping); `tones`
    from palette.tone_styles."""
    from game.engine.explain import event_text, meter_tone

    line = event_text(rules, event)
    if line is None:
        return None
    style: Style | str = ""
    match event:
        case MeterChanged():
            style = tones.get(meter_tone(rules, event.meter, event.after - event.before), NO_STYLE)
        case ChanceRolled():
            style = tones["chance"]
        case DelayedScheduled() | DelayedDue() | FollowUpQueued():
            style = tones["later"]
        case PlaceChanged():
            style = tones["fighting"] if event.contested_after else ""
        case DecisionMade():
            style = "bold"
        case EndingReached():
            style = "bold reverse"
        case CardDrawn():
            style = "dim"
    # consequences are indented under the draws, decisions and endings they follow from
    text = Text("" if isinstance(event, (DecisionMade, CardDrawn, EndingReached)) else "  ", no_wrap=False)
    text.append(line, style=style)
    return text


class ConsequenceLog(RichLog):
    """What happened and why, turn by turn; scrolls to the latest."""

    COMPONENT_CLASSES = TONE_CLASSES | {"log--turn"}  # colours: app.tcss

    def __init__(self, **kwargs):
        # min_width: RichLog renders lines at least 78 wide by default, which the side-by-side layout cuts
        super().__init__(wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=20, **kwargs)
        self._turn_shown: int | None = None
        self._written: list = []  # (rules, events) as added: a new theme writes them again in its colours

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._restyle)

    def _restyle(self, _theme) -> None:
        written, self._written = self._written, []
        self.clear()
        for rules, events in written:
            self.add_events(rules, events)

    def add_events(self, rules, events) -> None:
        self._written.append((rules, events))
        tones = tone_styles(self)
        turn_style = component_style(self, "log--turn")
        for event in events:
            if isinstance(event, TurnStarted):
                self.write(Text(f"── Turn {event.turn} · {human_date(event.date)} ──", style=turn_style))
                self._turn_shown = event.turn
                continue
            line = event_line(rules, event, tones)
            if line is not None:
                self.write(line)
