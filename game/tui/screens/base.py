"""What every screen of the game shares: the "enlarge the terminal" notice below 80 x 24.

While the notice shows, the game is paused: no key reaches it except quitting (WargameApp.on_event holds
the others back), so nothing is decided or opened unseen.
"""

from __future__ import annotations

from textual import events, on
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 80, 24

# Arrow and page keys of the screens that are one long text (each screen's `action_scroll` scrolls it).
SCROLL_BINDINGS = [
    Binding("down", "scroll(1)", "Scroll", show=False),
    Binding("up", "scroll(-1)", "Scroll", show=False),
    Binding("pagedown", "scroll(10)", "Page down", show=False),
    Binding("pageup", "scroll(-10)", "Page up", show=False),
]


class TooSmall(Static):
    """Shown instead of the screen's content while the terminal is smaller than 80 x 24 (see app.tcss)."""

    def render(self) -> str:
        width, height = self.app.size
        return (
            "Please enlarge the terminal\n\n"
            f"Kremlin's Libya Gambit needs at least {MIN_WIDTH} × {MIN_HEIGHT} characters;\n"
            f"this one is {width} × {height}.\n\n"
            "The game is paused: keys do nothing until there is room.\n"
            "Ctrl+Q quits (the game in progress is autosaved)."
        )


def _add_notice(screen) -> None:
    screen.mount(TooSmall(classes="too-small-notice"))
    _check_size(screen)


def too_small(size) -> bool:
    """True when a terminal of `size` (width, height) is below the game's minimum."""
    width, height = size
    return width < MIN_WIDTH or height < MIN_HEIGHT


def _check_size(screen) -> None:
    screen.set_class(too_small(screen.app.size), "-too-small")


class GameScreen(Screen):
    """A full screen of the game."""

    @on(events.Mount)
    def _too_small_notice(self) -> None:
        _add_notice(self)

    @on(events.Resize)
    @on(events.ScreenResume)
    def _too_small_check(self) -> None:
        _check_size(self)


class GameModal(ModalScreen):
    """A dialog over another screen."""

    @on(events.Mount)
    def _too_small_notice(self) -> None:
        _add_notice(self)

    @on(events.Resize)
    @on(events.ScreenResume)
    def _too_small_check(self) -> None:
        _check_size(self)
