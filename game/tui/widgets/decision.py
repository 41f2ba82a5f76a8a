"""The decision: numbered options with their costs and odds, and the advisers' notes on the one in focus."""

from __future__ import annotations

import textwrap

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from game.tui.widgets.palette import NO_STYLE, TONE_CLASSES, component_style, tone_styles


class OptionItem(Widget, can_focus=True):
    """One numbered option; Enter or a click chooses it."""

    DEFAULT_CSS = """
    OptionItem { height: auto; padding: 0 1; }
    """
    # ↑↓ move between options: bound here, or the scroll area around the options takes them to scroll
    BINDINGS = [
        Binding("up", "move(-1)", "Previous option", show=False),
        Binding("down", "move(1)", "Next option", show=False),
    ]

    def action_move(self, step: int) -> None:
        move = getattr(self.screen, "action_move", None)
        if move is not None:
            move(step)

    class Chosen(Message):
        def __init__(self, item: "OptionItem") -> None:
            super().__init__()
            self.item = item

    def __init__(self, number: int, **kwargs):
        super().__init__(**kwargs)
        self.number = number
        self.option = None
        self.summary = ()
        self.available = False
        self.why_not = ""
        self._cache: tuple | None = None

    def set(self, option, summary, available: bool, why_not: str = "") -> None:
        """Show another option (the items are reused from card to card: no remounting per key)."""
        self.option, self.summary, self.available, self.why_not = option, summary, available, why_not
        self.set_class(not available, "-unavailable")
        self.disabled = not available
        self._cache = None
        self.refresh(layout=True)

    def on_focus(self) -> None:
        self.refresh(layout=True)
        # the focused option grows (description, advisers): bring all of it into view once laid out
        self.call_after_refresh(self.scroll_visible, animate=False)

    def on_blur(self) -> None:
        self.refresh(layout=True)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self))

    def key_enter(self, event: events.Key) -> None:
        event.stop()
        self.post_message(self.Chosen(self))

    def render(self) -> Text:
        # the colours are the panel's: an option's own styles are redone at every focus change
        panel = self.parent
        tones = tone_styles(panel)
        warning = component_style(panel, "decision--warning")
        adviser = component_style(panel, "decision--adviser")
        # the styles are part of the key: a new theme draws the option anew
        key = (self.option, self.has_focus, self.size.width, tuple(tones.values()), warning, adviser)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        text = self._render_text(tones, warning, adviser)
        self._cache = (key, text)
        return text

    def _render_text(self, tones: dict[str, Style], warning: Style, adviser_style: Style) -> Text:
        o = self.option
        out = Text()
        if o is None:
            return out
        out.append(f"{self.number} ", style="bold reverse" if self.has_focus else "bold")
        out.append(" ")
        out.append(o.label, style="bold" if self.available else "dim strike")
        if o.irreversible:
            out.append("  ⚠ cannot be undone", style=warning)
        if not self.available:
            out.append(f"  (not open now{': ' + self.why_not if self.why_not else ''})", style="dim italic")
        # lay the text out by hand, indented under the label: a summary wraps between its parts
        width = max(24, (self.size.width - self.styles.gutter.width if self.size.width else 60) - 1)
        if self.summary:
            out.append("\n   ")
            used = 3
            for i, part in enumerate(self.summary):
                if i:
                    if used + 3 + len(part.text) > width:
                        out.append("\n   ")
                        used = 3
                    else:
                        out.append(" · ", style="dim")
                        used += 3
                # a part longer than the line wraps under the indent, not at the left edge
                lines = textwrap.wrap(part.text, max(10, width - used)) or [""]
                rest = textwrap.wrap(" ".join(lines[1:]), width - 3) if len(lines) > 1 else []
                out.append("\n   ".join([lines[0], *rest]), style=tones.get(part.tone, NO_STYLE))
                used = (3 if rest else used) + len(rest[-1] if rest else lines[0])
        elif self.available:
            out.append("\n   no immediate effect on the meters", style="dim")
        if self.has_focus:
            if o.description:
                out.append("\n   ")
                out.append("\n   ".join(textwrap.wrap(" ".join(o.description.split()), width - 3)), style="italic")
            for adviser in o.advisers:
                who = f"{adviser.who}: "
                lines = textwrap.wrap(who + " ".join(adviser.says.split()), width - 5)
                out.append("\n   » ", style=adviser_style)
                first = lines[0] if lines else who
                out.append(first[: len(who)], style=adviser_style + Style(bold=True))
                out.append(first[len(who):])
                for line in lines[1:]:
                    out.append("\n     " + line)
        return out


class DecisionPanel(Widget):
    """The option items of the current card: nine items mounted once, shown as the card needs."""

    DEFAULT_CSS = """
    DecisionPanel { height: auto; }
    DecisionPanel OptionItem.-spare { display: none; }
    """
    # the options' colours (app.tcss): the tones of their effects, the irreversible warning, the advisers
    COMPONENT_CLASSES = TONE_CLASSES | {"decision--warning", "decision--adviser"}

    MAX_OPTIONS = 9

    def compose(self):
        for i in range(1, self.MAX_OPTIONS + 1):
            yield OptionItem(i, id=f"option-{i}", classes="-spare", disabled=True)

    def items(self) -> list[OptionItem]:
        return [item for item in self.query(OptionItem) if item.option is not None]

    def set_options(self, options: list[tuple]) -> None:
        """options: (option, summary, available, why_not) in the card's order; [] hides them all."""
        for i, item in enumerate(self.query(OptionItem)):
            if i < len(options):
                item.set(*options[i])
                item.remove_class("-spare")
            else:
                if item.option is not None:
                    item.option = None
                    item.disabled = True
                item.add_class("-spare")
