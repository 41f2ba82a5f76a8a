"""How to play: the rules in brief, the keys, the meters, and where the facts come from.

Drawn as one Rich Text in one Static (a Markdown widget took 300-500 ms to open); it scrolls with the
arrows, PgUp/PgDn, Home and End.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.tui.screens.base import GameScreen
from game.tui.widgets.footer import GameFooter

PLAY = [
    "You hold Moscow's Libya portfolio. Each turn covers a few days. Cards come to the table: events (read "
    "them, press Enter) and decisions (choose one of the numbered options). What you choose moves the meters, "
    "changes who holds what on the map, and can set things in motion that land turns later.",
    "Read, then choose: the card is at the top, and PgUp/PgDn scroll it whatever option is highlighted. Each "
    "option shows its title and one line of what it does (green is good for Moscow, red is bad; odds where "
    "chance is involved; effects that come later). The panel under the options shows the highlighted "
    "option's description, all it does, and what the advisers say.",
    "Options marked ⚠ cannot be undone: the game asks you to confirm.",
    "The log says what happened and why, one line per cause: your choice and every change it made, a card, a "
    "roll of the dice with its odds and the number rolled, an effect set in motion earlier (when, and by "
    "what), another side's reaction. L opens the whole log.",
    "At the end of each turn you see the turn's summary; the game is saved automatically then.",
    "The game ends when the span runs out, or earlier if a meter crosses a red line. Your score weighs the "
    "meters; the ending adds a bonus or a penalty.",
    "Cards tagged HISTORY set the scene from before the game begins; cards tagged HYPOTHETICAL are plausible "
    "developments, not documented history. At the end, and in the replay viewer, you can compare each of "
    "your choices with what Moscow actually did.",
]

SCREEN = [
    ("Meters", "each meter's bar is drawn in eighths; the number is its value now, Δ its change this turn, "
               "marked ✓ when the change is good for Moscow and ✗ when it is bad; a ! after the value says the "
               "meter stands where Moscow does not want it. Where there is room, the trend shows the value at "
               "the end of each turn so far, ending with now."),
    ("Map", "each place carries its holder's symbol on the holder's colour (the legend names them); ⚔ marks "
            "fighting; a name on a bright patch changed hands or saw fighting break out this turn; the "
            "place of the card on the table is underlined. On a narrow screen, a list of the places."),
]

KEYS = [
    ("1-9", "choose that option"),
    ("↑ ↓ and Enter", "move the highlight and choose"),
    ("Enter", "continue (events, the end of a turn)"),
    ("PgUp PgDn", "scroll the card"),
    ("[ ]", "scroll the highlighted option's notes"),
    ("L", "the whole log"),
    ("Ctrl+S", "save under a name"),
    ("Ctrl+P", "command palette: save, load, replay, new game, theme..."),
    ("F1 or ?", "this help"),
    ("Esc", "back (from the turn screen: to the title; the game is autosaved)"),
    ("Ctrl+Q", "quit (asks to save when you have unsaved turns)"),
    ("Ctrl+C", "asks whether to quit"),
]

SAVES = [
    "Saves are files in the saves folder (--saves-dir, or $WARGAME_SAVES, else ./saves), listed by what they "
    "are: the scenario, the turn and when they were saved, with the student's name in a class. Continue on "
    "the title screen resumes the latest autosave exactly. Replay a save steps through a game turn by turn: "
    "what was on the table, what was decided, what Moscow actually did, what followed, and the meters over "
    "time. You can add notes to turns (they are saved in the same file) and start a new game from any turn "
    "(\"what if we had abstained?\").",
]

FACTS = [
    "Every card cites facts from the fact base: each fact is summarised in our own words and points to its "
    "source and paragraph. The card shows them under Sources. Hypothetical cards still stand on documented "
    "stakes, and say so.",
    "The mouse works too: click an option to choose it, click buttons.",
]


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def _rows(rows, key_width: int | None = None) -> list[Text]:
    """Key (or name) and what it is, one row each; keys padded to a column when they are short."""
    width = key_width or max(len(key) for key, _ in rows)
    out = []
    for key, what in rows:
        line = Text()
        line.append(f"{key:<{width}}  " if len(key) <= width else f"{key}: ", style="bold")
        line.append(what)
        out.append(line)
    return out


def help_text(scenario=None) -> Text:
    """All of the help as one Text (a Static draws it at once; tables and Markdown took far longer)."""
    parts: list[Text] = [Text("How to play", style="bold underline")]
    parts += [Text("• " + p) for p in PLAY]
    parts += [_heading("On the turn screen"), *_rows(SCREEN)]
    parts += [_heading("Keys"), *_rows(KEYS)]
    parts += [_heading("Saves and replays"), *(Text(p) for p in SAVES)]
    parts += [_heading("Where the facts come from"), *(Text(p) for p in FACTS)]
    if scenario is not None:
        rows = []
        for m in scenario.meters:
            name = m.name + (f" ({m.short})" if m.short and m.short != m.name else "")
            good = f"good when {m.good}: " if m.good in ("high", "low") else ""
            rows.append((name, good + " ".join(m.description.split())))
        parts += [_heading("Meters of this scenario"), *_rows(rows, key_width=0)]
    return Text("\n").join(parts)


class HelpScreen(GameScreen):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Close"),
        Binding("q", "app.pop_screen", "Close", show=False),
        Binding("down", "scroll(1)", "Scroll", show=False),
        Binding("up", "scroll(-1)", "Scroll", show=False),
        Binding("pagedown", "page(1)", "Scroll", key_display="PgUp/Dn"),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "ends(-1)", "Top", show=False),
        Binding("end", "ends(1)", "Bottom", show=False),
    ]

    def compose(self) -> ComposeResult:
        record = getattr(self.app, "record", None)
        scroll = VerticalScroll(id="help-scroll")
        scroll.can_focus = False  # the keys are the screen's
        with scroll:
            yield Static(help_text(record.scenario if record is not None else None), id="help-text")
        yield GameFooter()

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#help-scroll")
        scroll.scroll_to(y=scroll.scroll_y + lines, animate=False)

    def action_page(self, pages: int) -> None:
        scroll = self.query_one("#help-scroll")
        scroll.scroll_to(y=scroll.scroll_y + pages * max(1, scroll.size.height - 2), animate=False)

    def action_ends(self, end: int) -> None:
        scroll = self.query_one("#help-scroll")
        (scroll.scroll_end if end > 0 else scroll.scroll_home)(animate=False)
