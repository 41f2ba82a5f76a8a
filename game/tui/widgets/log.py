"""The consequences log: what happened and why, one line per cause (game.engine.explain.log_lines), under a
heading for each turn.

The log keeps the lines themselves, not their drawing: it wraps them at its current width (continuation
lines indented) and wraps them again when the width changes, so a line written while the terminal was
narrow reads normally once it is wider. Only new lines are wrapped when lines are added. A change of theme
draws them again in its colours.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from game.model.events import TurnStarted
from game.tui.widgets.lines import LineView
from game.tui.widgets.palette import NO_STYLE, TONE_CLASSES, component_style, tone_styles
from game.tui.widgets.text import human_date

HEAD_STYLES = {"choice": "bold", "ending": "bold reverse", "drawn": "dim"}  # by LogLine.kind
HEAD_TONES = {"chance": "chance", "later": "later"}  # by LogLine.tone
HANGING = 2  # a line of the log wraps two cells in, under its own text


@dataclass(frozen=True)
class TurnHeading:
    """The line that opens a turn in the log."""

    turn: int
    date: str  # ISO

    @property
    def text(self) -> str:
        return f"── Turn {self.turn} · {human_date(self.date)} ──"


def log_text(line, tones: dict[str, Style]) -> Text:
    """One explain.LogLine in colour: its cause as it reads (a choice in bold, a roll in the colour of
    chance), each consequence in its tone for Moscow; `tones` from palette.tone_styles."""
    head_style = tones.get(HEAD_TONES.get(line.tone, ""), NO_STYLE) + Style.parse(HEAD_STYLES.get(line.kind, ""))
    text = Text(line.head, style=head_style)
    if line.parts:
        text.append(line.sep)
        for i, part in enumerate(line.parts):
            if i:
                text.append(", ")
            text.append(part.text, style=tones.get(part.tone, NO_STYLE))
    return text


def entries_of(rules, events) -> list:
    """The log's entries for a run of events: TurnHeading and explain.LogLine lines."""
    from game.engine.explain import log_lines

    out: list = []
    run: list = []
    for e in events:
        if isinstance(e, TurnStarted):
            out.extend(log_lines(rules, run))
            run = []
            out.append(TurnHeading(e.turn, e.date))
        else:
            run.append(e)
    out.extend(log_lines(rules, run))
    return out


class ConsequenceLog(LineView):
    """What happened and why, turn by turn; keeps to the latest line unless scrolled up (the mouse wheel,
    or the full log screen)."""

    COMPONENT_CLASSES = TONE_CLASSES | {"log--turn"}  # colours: app.tcss

    def __init__(self, *, follow: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.follow = follow  # scroll to each new line
        self._entries: list = []
        self._width = 0  # the width the lines are wrapped at (0: not drawn yet)
        self._colours: tuple | None = None
        self._restyle = False

    @property
    def entries(self) -> list:
        """Everything written, in order: TurnHeading and explain.LogLine lines."""
        return list(self._entries)

    def plain_lines(self) -> list[str]:
        """The log as plain text, one entry a line."""
        return [self._text(e, {}, NO_STYLE).plain for e in self._entries]

    def add_events(self, rules, events) -> None:
        self.add_entries(entries_of(rules, events))

    def add_entries(self, entries: list) -> None:
        if not entries:
            return
        self._entries.extend(entries)
        if self._width:  # only the new lines are wrapped
            tones, turn_style = tone_styles(self), component_style(self, "log--turn")
            self._show(self.lines + self.wrap([self._text(e, tones, turn_style) for e in entries], lambda _text: HANGING))

    @staticmethod
    def _text(entry, tones, turn_style) -> Text:
        if isinstance(entry, TurnHeading):
            return Text(entry.text, style=turn_style)
        return log_text(entry, tones)

    def _rewrap(self) -> list[Strip]:
        self._width = self.text_width
        tones, turn_style = tone_styles(self), component_style(self, "log--turn")
        return self.wrap([self._text(e, tones, turn_style) for e in self._entries], lambda _text: HANGING)

    def _show(self, lines: list[Strip]) -> None:
        at_end = self.follow or self.scroll_y >= self.max_scroll_y
        self.set_lines(lines)
        if at_end:
            self.scroll_to(y=max(0, len(lines) - self.scrollable_content_region.height), animate=False,
                           immediate=True)

    def on_resize(self) -> None:
        if self.text_width > 0 and self.text_width != self._width:
            self._show(self._rewrap())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle = True  # at the next drawing, once every style is up to date

    def render_line(self, y: int) -> Strip:
        if self._restyle and self._width:
            self._restyle = False
            colours = (self.rich_style, tuple(tone_styles(self).values()), component_style(self, "log--turn"))
            if colours != self._colours:  # a new theme: the same lines in its colours (the same wrapping)
                self._colours = colours
                self.lines = self._rewrap()
        return super().render_line(y)
