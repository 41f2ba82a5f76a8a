"""The decision: one focused list of numbered options with a highlight, and a fixed panel with the
highlighted option's description and advisers.

The list is a single widget that keeps the keyboard focus for the whole turn screen: ↑↓ move a highlight
(state, not focus), Enter chooses the highlighted option, and every option has the same height (its title,
then one line of what it does), so a move repaints the two options concerned and lays nothing out. When
there is nothing to choose, the list shows one line to continue with (an event, the end of a turn). Lines
are drawn from a cache keyed by what they show; a change of theme empties it.

The details panel has a fixed height (the turn screen sizes it per terminal size); its text changes with
the highlight without any layout, and scrolls when it is longer than the panel.
"""

from __future__ import annotations

import textwrap

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from game.tui.widgets.palette import NO_STYLE, TONE_CLASSES, forget_look, look, tones_of

INDENT = 5  # the option's line of effects sits under its title, past the number


class DecisionList(Widget, can_focus=True):
    """The options of the card on the table (game.tui.offers.OfferedOption), or one line to continue."""

    DEFAULT_CSS = """
    DecisionList { height: auto; }
    """
    COMPONENT_CLASSES = TONE_CLASSES | {"decision--highlight", "decision--number", "decision--number-highlight",
                                        "decision--unavailable", "decision--warning", "decision--cost",
                                        "decision--continue"}
    BINDINGS = [
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "choose", "Choose", show=False),
        Binding("enter", "proceed", "Continue", key_display="⏎"),  # shown when there is nothing to choose
    ]

    class Chosen(Message):
        """Option `number` was chosen (Enter or a click); None: the continue line was."""

        def __init__(self, number: int | None) -> None:
            super().__init__()
            self.number = number

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.options: list = []
        self.continue_label: str | None = None
        self.rows_per_option = 2
        self._highlight: int | None = None  # index into options
        self._strips: dict[tuple, Strip] = {}
        self.details: OptionDetails | None = None  # shows the highlighted option, in the same frame

    # ------------------------------------------------------------------ what it shows

    @property
    def highlighted(self) -> int | None:
        """The number of the highlighted option (None: no option, or none open)."""
        return None if self._highlight is None else self.options[self._highlight].number

    def row_of(self, number: int) -> int:
        """The first row of option `number` in the list (where a click chooses it)."""
        index = next(i for i, o in enumerate(self.options) if o.number == number)
        return index * self.rows_per_option

    def set_options(self, options: list) -> None:
        """Show these options (in this order); the first one open is highlighted."""
        if self.continue_label is not None:
            self.refresh_bindings()
        rows = self._rows()
        self.options = list(options)
        self.continue_label = None
        self._highlight = next((i for i, o in enumerate(self.options) if o.available), None)
        self._strips.clear()
        self.refresh(layout=self._rows() != rows)  # the same number of rows: a repaint, no layout
        self._highlighted()

    def set_continue(self, label: str) -> None:
        """Nothing to choose: one line that continues (Enter, or a click)."""
        if self.continue_label is None:
            self.refresh_bindings()  # Enter now continues (the footer says so)
        rows = self._rows()
        self.options = []
        self.continue_label = label
        self._highlight = None
        self._strips.clear()
        self.refresh(layout=self._rows() != rows)
        self._highlighted()

    def set_rows_per_option(self, rows: int) -> None:
        if rows != self.rows_per_option:
            self.rows_per_option = rows
            self._strips.clear()
            self.refresh(layout=True)

    def _rows(self) -> int:
        return 1 if self.continue_label is not None else len(self.options) * self.rows_per_option

    def get_content_height(self, container, viewport, width: int) -> int:
        return self._rows()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        forget_look(self)
        self._strips.clear()

    # ------------------------------------------------------------------ keys and mouse

    def action_move(self, step: int) -> None:
        open_ones = [i for i, o in enumerate(self.options) if o.available]
        if not open_ones:
            return
        at = open_ones.index(self._highlight) if self._highlight in open_ones else -1
        self._move_to(open_ones[(at + step) % len(open_ones)] if at >= 0 else open_ones[0])

    def action_move_to(self, index: int) -> None:
        open_ones = [i for i, o in enumerate(self.options) if o.available]
        if open_ones:
            self._move_to(open_ones[index])

    def highlight(self, number: int) -> None:
        """Put the highlight on option `number` (if it is open)."""
        for i, o in enumerate(self.options):
            if o.number == number and o.available:
                self._move_to(i)

    def _move_to(self, index: int) -> None:
        old, self._highlight = self._highlight, index
        if old == index:
            return
        rows = self.rows_per_option
        for i in (old, index):  # two options repainted; nothing laid out
            if i is not None:
                self.refresh_lines(i * rows, rows)
        self._highlighted()

    def _highlighted(self) -> None:
        option = None if self._highlight is None else self.options[self._highlight]
        if self.details is not None:
            self.details.show(option)  # now, not after a message: the same frame as the highlight

    def refresh_lines(self, y: int, count: int) -> None:
        from textual.geometry import Region

        self.refresh(Region(0, y, self.size.width, count))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return self.continue_label is None
        if action == "proceed":
            return self.continue_label is not None
        return True

    def action_choose(self) -> None:
        if self._highlight is not None:
            self.post_message(self.Chosen(self.options[self._highlight].number))

    def action_proceed(self) -> None:
        self.post_message(self.Chosen(None))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if self.continue_label is not None:
            self.post_message(self.Chosen(None))
            return
        index = event.y // max(1, self.rows_per_option)
        if 0 <= index < len(self.options):
            option = self.options[index]
            if option.available:
                self._move_to(index)
            self.post_message(self.Chosen(option.number))

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self.continue_label is not None:
            key = ("continue", y, width, self.has_focus)
        else:
            index, row = divmod(y, self.rows_per_option)
            if index >= len(self.options):
                return Strip.blank(width, look(self)[0])
            key = (index, row, width, index == self._highlight)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._draw(key, width)
        return strip

    def _draw(self, key, width: int) -> Strip:
        base, styles = look(self)
        if key[0] == "continue":
            text = Text.assemble(" ⏎ ", (self.continue_label or "", "bold"))
            return self._strip(text, width, base + styles["decision--continue"])
        index, row, _width, lit = key
        option = self.options[index]
        line_style = base + (styles["decision--highlight"] if lit else NO_STYLE)
        if row == 0:
            text = self._title(option, lit, width)
        else:
            text = self._effects(option, width)
        return self._strip(text, width, line_style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width, overflow="ellipsis")
        strip = Strip(list(text.render(self.app.console)), text.cell_len)
        return strip.extend_cell_length(width).apply_style(style)

    def _title(self, option, lit: bool, width: int) -> Text:
        styles = look(self)[1]
        number = styles["decision--number-highlight" if lit else "decision--number"]
        out = Text(no_wrap=True)
        out.append(f" {option.number} ", style=number)
        out.append(" ")
        tail = Text()
        cost, warning = title_tail(option, width)
        if cost:
            tail.append(cost, style=styles["decision--cost"])
        if warning:
            tail.append(warning, style=styles["decision--warning"])
        room = max(8, width - out.cell_len - tail.cell_len)
        label = Text(option.label, style="bold" if option.available else styles["decision--unavailable"])
        label.truncate(room, overflow="ellipsis")
        out.append_text(label)
        out.append_text(tail)
        if self.rows_per_option == 1:  # no line of its own for the effects: they follow the title
            out.append("  ")
            out.append_text(self._effects(option, width, indent=0))
        return out

    def _effects(self, option, width: int, indent: int = INDENT) -> Text:
        """One line of what the option does (the details panel has all of it)."""
        out = Text(" " * indent, no_wrap=True)
        styles = look(self)[1]
        if not option.available:
            reason = f"not open now: {option.why_not}" if option.why_not else "not open now"
            out.append(reason, style=styles["decision--unavailable"] + Style(italic=True))
            return out
        if not option.summary:
            out.append("no immediate effect on the meters", style="dim")
            return out
        tones = tones_of(styles)
        for i, part in enumerate(option.line or option.summary):
            if i:
                out.append(" · ", style="dim")
            out.append(part.text, style=tones.get(part.tone, NO_STYLE))
        return out


TITLE_LEAD = 4  # " 1 " and a space before an option's title


def title_tail(option, width: int) -> tuple[str, str]:
    """What follows an option's title on its row: its cost, and for one that cannot be undone the warning in
    words where the title still fits whole, else the sign alone (the help explains it)."""
    cost = f"  cost {option.cost}" if option.cost else ""
    if not option.irreversible:
        return cost, ""
    words = "  ⚠ cannot be undone"
    fits = TITLE_LEAD + Text(option.label).cell_len + len(cost) + len(words) <= width
    return cost, words if fits else "  ⚠"


def title_fits(option, width: int) -> bool:
    """Whether an option's title shows whole on its row of the decision list at this width."""
    cost, warning = title_tail(option, width)
    return TITLE_LEAD + Text(option.label).cell_len + len(cost) + len(warning) <= width


class OptionDetails(Widget):
    """The highlighted option's description, what it does in full, and its advisers' notes, in a panel whose
    height the screen fixes; longer text scrolls (mouse wheel, [ and ])."""

    DEFAULT_CSS = """
    OptionDetails { height: 4; }
    """
    COMPONENT_CLASSES = TONE_CLASSES | {"details--adviser", "details--more", "details--description"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._option = None
        self._offset = 0
        self._lines: list[Strip] = []
        self._key = None
        self._cache: dict[tuple, list[Strip]] = {}

    def show(self, option) -> None:
        """Show an option's details (None: nothing)."""
        if option is self._option:
            return
        self._option = option
        self._offset = 0
        self._key = None
        self.refresh()

    def _drawn(self, option, width: int) -> list[Strip]:
        """An option's lines at a width, from a cache (a card's options are shown again and again as the
        highlight moves)."""
        key = (option.id, option.label, option.available, width) if option is not None else (None, width)
        lines = self._cache.get(key)
        if lines is None:
            if len(self._cache) >= 64:
                self._cache.clear()
            console = self.app.console
            text = self._text(option, width) if option is not None else Text()
            lines = self._cache[key] = [
                Strip(list(line.render(console)), line.cell_len).extend_cell_length(width).crop(0, width)
                .apply_style(look(self)[0]) for line in text.split("\n")]
        return lines

    def scroll_by(self, lines: int) -> None:
        self._offset = max(0, min(self._offset + lines, max(0, len(self._lines) - self.size.height)))
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_by(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_by(-1)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        forget_look(self)
        self._key = None
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        key = (id(self._option), width)
        if key != self._key:
            self._lines = self._drawn(self._option, width)
            self._key = key
        index = self._offset + y
        more = len(self._lines) - self._offset - height
        base, styles = look(self)
        if y == height - 1 and more > 0:  # the last row says there is more
            label = Text(f" ▼ {more} more line{'s' * (more > 1)}: scroll, or ] ", style=styles["details--more"])
            return Strip(list(label.render(self.app.console)), label.cell_len).extend_cell_length(width).crop(
                0, width).apply_style(base)
        return self._lines[index] if index < len(self._lines) else Strip.blank(width, base)

    def _text(self, option, width: int) -> Text:
        width = max(20, width)
        styles = look(self)[1]
        lines: list[Text] = []
        if not title_fits(option, width):  # cut short in the list: whole here
            lines.extend(Text(option.label, style="bold").wrap(self.app.console, width))
        if option.description:
            for line in textwrap.wrap(option.description, width):
                lines.append(Text(line, style=styles["details--description"]))
        if option.summary and any(len(p.text) > 0 for p in option.summary):
            tones = tones_of(styles)
            what = Text()
            what.append("Does: ", style="bold")
            for i, part in enumerate(option.summary):
                if i:
                    what.append(" · ", style="dim")
                what.append(part.text, style=tones.get(part.tone, NO_STYLE))
            lines.extend(what.wrap(self.app.console, width))
        adviser_style = styles["details--adviser"]
        for adviser in option.advisers:
            who = f"{adviser.who}: "
            wrapped = textwrap.wrap(who + " ".join(adviser.says.split()), width - 2)
            for i, line in enumerate(wrapped):
                if i == 0:
                    text = Text("» ", style=adviser_style)
                    text.append(line[: len(who)], style=adviser_style + Style(bold=True))
                    text.append(line[len(who):])
                else:
                    text = Text("  " + line)
                lines.append(text)
        if not option.available and option.why_not:
            lines.append(Text(f"Not open now: {option.why_not}", style="italic"))
        out = Text("\n").join(lines) if lines else Text("No notes on this option.", style="dim")
        return out
