"""The whole log of the game, full screen: every turn, one line per cause; scrolls with the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from game.tui.screens.base import GameScreen
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.log import ConsequenceLog


class LogScreen(GameScreen):
    """What happened and why, from the first turn; opens at the latest line."""

    DEFAULT_CSS = """
    LogScreen #log-title { height: 1; background: $panel; text-style: bold; }
    LogScreen #full-log { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("l", "app.pop_screen", "Back", show=False),
        Binding("up", "scroll(-1)", "Scroll", show=False),
        Binding("down", "scroll(1)", "Scroll", show=False),
        Binding("pageup", "page(-1)", "Page up", key_display="PgUp"),
        Binding("pagedown", "page(1)", "Page down", key_display="PgDn"),
        Binding("home", "ends(-1)", "First", show=False),
        Binding("end", "ends(1)", "Last", show=False),
    ]

    def __init__(self, rules, entries: list):
        super().__init__()
        self.rules = rules
        self._entries = list(entries)

    def compose(self) -> ComposeResult:
        yield Static(f" The whole log · {self.rules.title}", id="log-title")
        yield ConsequenceLog(id="full-log", follow=False)
        yield GameFooter()

    def on_mount(self) -> None:
        log = self.query_one(ConsequenceLog)
        log.add_entries(self._entries)
        self.call_after_refresh(log.scroll_end, animate=False)

    def action_scroll(self, lines: int) -> None:
        log = self.query_one(ConsequenceLog)
        log.scroll_to(y=log.scroll_y + lines, animate=False)

    def action_page(self, pages: int) -> None:
        log = self.query_one(ConsequenceLog)
        log.scroll_to(y=log.scroll_y + pages * max(1, log.size.height - 1), animate=False)

    def action_ends(self, end: int) -> None:
        log = self.query_one(ConsequenceLog)
        (log.scroll_end if end > 0 else log.scroll_home)(animate=False)
