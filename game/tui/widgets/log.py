"""The consequences log: every change with its cause, in the engine's own words (game.engine.explain)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RichLog

from game.tui.widgets.palette import CHANCE, FIGHTING, LATER, tone_colour
from game.tui.widgets.text import human_date


def event_line(rules, event) -> Text | None:
    """The explained line of one event, coloured by what it means for Moscow (None: bookkeeping)."""
    from game.engine.explain import event_text, meter_tone

    line = event_text(rules, event)
    if line is None:
        return None
    kind = event.kind
    style = ""
    if kind == "meter":
        style = tone_colour(meter_tone(rules, event.subject, event.b - event.a))
    elif kind == "chance":
        style = CHANCE
    elif kind in ("scheduled", "delayed", "follow_up"):
        style = LATER
    elif kind == "place":
        style = FIGHTING if event.b[1] else ""
    elif kind == "decision":
        style = "bold"
    elif kind == "ending":
        style = "bold reverse"
    elif kind == "draw":
        style = "dim"
    text = Text("  " if kind not in ("decision", "draw", "ending") else "", no_wrap=False)
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
            if event.kind == "turn" and event.subject == "start":
                self.write(Text(f"── Turn {event.turn} · {human_date(event.a)} ──", style="bold #d4a72c"))
                self._turn_shown = event.turn
                continue
            line = event_line(rules, event)
            if line is not None:
                self.write(line)
