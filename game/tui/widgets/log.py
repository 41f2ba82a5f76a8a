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
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from game.model.events import TurnStarted
from game.tui.widgets.palette import NO_STYLE, TONE_CLASSES, component_style, tone_styles
from game.tui.widgets.text import human_date

HEAD_STYLES = {"choice": "bold", "ending": "bold reverse", "drawn": "dim"}  # by LogLine.kind
HEAD_TONES = {"chance": "chance", "later": "later"}  # by LogLine.tone


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


class ConsequenceLog(ScrollView, can_focus=False):
    """What happened and why, turn by turn; keeps to the latest line unless scrolled up (the mouse wheel,
    or the full log screen)."""

    DEFAULT_CSS = """
    ConsequenceLog { scrollbar-size-vertical: 1; scrollbar-gutter: stable; overflow-x: hidden; }
    """
    COMPONENT_CLASSES = TONE_CLASSES | {"log--turn"}  # colours: app.tcss

    def __init__(self, *, follow: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.follow = follow  # scroll to each new line
        self._entries: list = []
        self._texts: list[Text] = []  # each entry drawn in the current colours
        self._lines: list[Strip] = []  # the texts wrapped at `_width`
        self._width = 0
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
        if self._width:
            tones, turn_style = tone_styles(self), component_style(self, "log--turn")
            new = [self._text(e, tones, turn_style) for e in entries]
            self._texts.extend(new)
            for text in new:
                self._lines.extend(self._wrap(text, self._width))
            self._resized()

    def clear(self) -> None:
        self._entries, self._texts, self._lines = [], [], []
        self._resized()

    @staticmethod
    def _text(entry, tones, turn_style) -> Text:
        if isinstance(entry, TurnHeading):
            return Text(entry.text, style=turn_style)
        return log_text(entry, tones)

    def _wrap(self, text: Text, width: int) -> list[Strip]:
        console = self.app.console
        first, *rest = text.wrap(console, width, overflow="fold") or [Text("")]
        lines = [first]
        if rest:  # continuation lines indented by two, wrapped again at the narrower width
            for line in rest:
                line.rstrip()
            lines += [Text("  ") + line for line in Text(" ").join(rest).wrap(console, max(4, width - 2))]
        base = self.rich_style
        return [Strip(list(line.render(console)), line.cell_len).extend_cell_length(width).apply_style(base)
                for line in lines]

    def _rewrap(self, resized: bool = True) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        self._width = width
        tones, turn_style = tone_styles(self), component_style(self, "log--turn")
        self._texts = [self._text(e, tones, turn_style) for e in self._entries]
        self._lines = [strip for text in self._texts for strip in self._wrap(text, width)]
        if resized:
            self._resized()

    def _resized(self) -> None:
        at_end = self.follow or self.scroll_y >= self.max_scroll_y
        self.virtual_size = Size(self._width, len(self._lines))
        if at_end:
            self.scroll_to(y=max(0, len(self._lines) - self.scrollable_content_region.height), animate=False,
                           immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._rewrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle = True  # at the next drawing, once every style is up to date

    def render_line(self, y: int) -> Strip:
        if self._restyle and self._width:
            self._restyle = False
            colours = (self.rich_style, tuple(tone_styles(self).values()), component_style(self, "log--turn"))
            if colours != self._colours:  # a new theme: the same lines in its colours (the same wrapping)
                self._colours = colours
                self._rewrap(resized=False)
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if 0 <= index < len(self._lines):
            return self._lines[index].crop(0, width)
        return Strip.blank(width, self.rich_style)
