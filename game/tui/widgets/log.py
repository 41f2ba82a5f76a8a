"""The consequences log: every change with its cause, in the engine's own words (game.engine.explain)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RichLog

from game.model.events import (
    CardDrawn, ChanceRolled, DecisionMade, DelayedDue, DelayedScheduled, EndingReached, FollowUpQueued, MeterChanged,
    PlaceChanged, TurnStarted,
)
from game.tui.widgets.palette import CHANCE, FIGHTING, LATER, tone_colour
from game.tui.widgets.text import human_date


def event_line(rules, event) -> Text | None:
    """The explained line of one event, coloured by what it means for Moscow (None: bookkeeping)."""
    from game.engine.explain import event_text, meter_tone

    line = event_text(rules, event)
    if line is None:
        return None
    match event:
        case MeterChanged():
            style = tone_colour(meter_tone(rules, event.meter, event.after - event.before))
        case ChanceRolled():
            style = CHANCE
        case DelayedScheduled() | DelayedDue() | FollowUpQueued():
            style = LATER
        case PlaceChanged():
            style = FIGHTING if event.contested_after else ""
        case DecisionMade():
            style = "bold"
        case EndingReached():
            style = "bold reverse"
        case CardDrawn():
            style = "dim"
        case _:
            style = ""
    # consequences are indented under the draws, decisions and endings they follow from
    text = Text("" if isinstance(event, (DecisionMade, CardDrawn, EndingReached)) else "  ", no_wrap=False)
    text.append(line, style=style)
    return text


class ConsequenceLog(RichLog):
    """What happened and why, turn by turn; scrolls to the latest."""

    def __init__(self, **kwargs):
        # min_width: RichLog renders lines at least 78 wide by default, which the side-by-side layout cuts
        super().__init__(wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=20, **kwargs)
        self._turn_shown: int | None = None

    def add_events(self, rules, events) -> None:
        for event in events:
            if isinstance(event, TurnStarted):
                self.write(Text(f"── Turn {event.turn} · {human_date(event.date)} ──", style="bold #d4a72c"))
                self._turn_shown = event.turn
                continue
            line = event_line(rules, event)
            if line is not None:
                self.write(line)
