"""The footer: the keys that work on the screen showing, in one line.

Textual's Footer builds a widget per key and rebuilds them all whenever the bindings may have changed (a
focus move, a refresh of the bindings), which costs a frame of its own after every change of phase on the
turn screen. This one draws one line of text, again only when what it shows changes (each key as the app
displays it, its description, whether it is enabled). The screens hide, through `check_action`, every key
that does nothing where they are, so the footer shows only keys that work. A click on a key presses it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

from game.tui.widgets.palette import NO_STYLE, component_style


class GameFooter(Widget):
    DEFAULT_CSS = """
    GameFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    GameFooter > .footer--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
    GameFooter > .footer--description { color: $footer-description-foreground; }
    GameFooter > .footer--disabled { text-style: dim; }
    """
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--disabled"}

    def __init__(self, *, show_command_palette: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.show_command_palette = show_command_palette
        self._shown: tuple = ()  # (key, key display, description, enabled), as drawn
        self._spans: list[tuple[int, int, str, bool]] = []  # (start, end, key, enabled) of each drawn key

    @property
    def shown(self) -> list[tuple[str, str]]:
        """The keys the footer shows: (key as displayed, description)."""
        return [(display, description) for _key, display, description, _enabled in self._shown]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if screen is not self.screen:
            return
        app = screen.app
        active = screen.active_bindings
        shown = []
        actions = set()
        for _node, binding, enabled, _tip in active.values():
            if not binding.show or binding.action in actions:
                continue
            if binding.key == app.COMMAND_PALETTE_BINDING:
                continue  # at the right end, below
            actions.add(binding.action)
            shown.append((binding.key, app.get_key_display(binding), binding.description, enabled))
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and palette is not None:
            shown.append((palette.binding.key, app.get_key_display(palette.binding), palette.binding.description,
                          palette.enabled))
        shown = tuple(shown)
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render(self) -> Text:
        key_style = component_style(self, "footer--key")
        description_style = component_style(self, "footer--description")
        disabled = component_style(self, "footer--disabled")
        text = Text(no_wrap=True, overflow="crop")
        spans = []
        for key, display, description, enabled in self._shown:
            start = text.cell_len
            dim = NO_STYLE if enabled else disabled
            text.append(f" {display} ", style=key_style + dim)
            text.append(f"{description} ", style=description_style + dim)
            spans.append((start, text.cell_len, key, enabled))
        self._spans = spans
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
