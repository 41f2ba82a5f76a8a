"""A scrolling view of ready-drawn lines, whose content changes without laying the screen out again.

A ScrollView's `virtual_size` is a reactive that lays the whole screen out when it changes; the card and
the log change it on every decision. Here it is set the way Textual sets it when a widget is resized
without a layout (`set_reactive`, then the scrollbars' update): only the scrollbar appearing or going
away lays anything out.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from game.tui.widgets.palette import forget_look, look


class LineView(ScrollView, can_focus=False):
    """Shows `lines` (Strips as wide as the view), scrolled; subclasses draw them (see `wrap`)."""

    DEFAULT_CSS = """
    LineView { scrollbar-size-vertical: 1; scrollbar-gutter: stable; overflow-x: hidden; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lines: list[Strip] = []

    @property
    def text_width(self) -> int:
        """The width lines are drawn at (the view less its scrollbar's gutter)."""
        return self.scrollable_content_region.width

    def set_lines(self, lines: list[Strip]) -> None:
        """Show these lines; the scrollable height follows, without a layout of the screen."""
        self.lines = lines
        size = Size(self.text_width, len(lines))
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)
        self.refresh()

    def wrap(self, texts: list[Text], hanging=lambda text: 0) -> list[Strip]:
        """Each of `texts` wrapped at the view's width, as Strips; `hanging(text)` gives the indent of a text's
        continuation lines (0: none)."""
        console = self.app.console
        width = self.text_width
        base = look(self)[0]
        out: list[Strip] = []
        for text in texts:
            lines = text.wrap(console, width, overflow="fold") if text.plain else [text]
            indent = hanging(text) if len(lines) > 1 else 0
            if indent:
                for line in lines[1:]:
                    line.rstrip()  # (in place) no space doubled where the lines are joined again
                rest = Text(" ").join(lines[1:])
                lines = [lines[0], *(Text(" " * indent) + part for part in rest.wrap(console, max(4, width - indent)))]
            out += [Strip(list(line.render(console)), line.cell_len).extend_cell_length(width).crop(0, width)
                    .apply_style(base) for line in lines]
        return out

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.text_width
        if 0 <= index < len(self.lines):
            return self.lines[index].crop(0, width)
        return Strip.blank(width, look(self)[0])

    def notify_style_update(self) -> None:
        super().notify_style_update()
        forget_look(self)
