"""How to play: the rules in brief, the keys, the meters, and where the facts come from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from game.tui.widgets.footer import GameFooter
from game.tui.screens.base import GameScreen

RULES = """\
# How to play

You hold **Moscow's Libya portfolio**. Each turn covers a few days. Cards come to the table: **events**
(read them, press Enter) and **decisions** (choose one of the numbered options). What you choose moves
the **meters**, changes who holds what on the **map**, and can set things in motion that land turns later.

* Each option shows what it does: meter changes (green is good for Moscow, red is bad), **odds** where
  chance is involved, and effects that come **later**. Advisers comment on the option in focus.
* Options marked **⚠ cannot be undone** ask you to confirm.
* The **consequences** log says what changed and **why**: your choice, a card, a delayed effect, another
  actor's reaction, or a roll of the dice (with its odds and the number rolled).
* At the end of each turn you see the turn's summary; the game is **saved automatically** then.
* The game ends when the span runs out, or earlier if a meter crosses a red line. Your score weighs the
  meters; the ending adds a bonus or a penalty.

Cards tagged **HISTORY** set the scene from before the game begins; cards tagged **HYPOTHETICAL** are
plausible developments, not documented history. At the end, and in the replay viewer, you can compare
each of your choices with what Moscow actually did.

# Keys

| Key | What it does |
| --- | --- |
| 1-9 | choose that option |
| ↑ ↓ and Enter | move between options and choose |
| Enter | continue (events, end of turn) |
| PgUp PgDn | scroll the card |
| Ctrl+S | save under a name |
| Ctrl+P | command palette: save, load, replay, new game, theme... |
| F1 or ? | this help |
| Esc | back (from the turn screen: to the title; the game is autosaved) |
| Ctrl+Q | quit (asks to save when you have unsaved turns) |

The mouse works too: click an option to choose it, click buttons.

# Saves and replays

Saves are JSON files in the saves folder (`--saves-dir`, or `$WARGAME_SAVES`, else `./saves`).
**Continue** on the title screen resumes the latest autosave exactly. **Replay a save** steps through a
game turn by turn: what was on the table, what was decided, what Moscow actually did, what followed, and
the meters over time. You can add notes to turns (they are saved in the file) and start a new game from
any turn ("what if we had abstained?").

# Where the facts come from

Every card cites facts from the fact base (`seeds/`): each fact is summarised in our own words and points
to its source and paragraph. The card shows them under **Sources**. Hypothetical cards still stand on
documented stakes, and say so.
"""


def meters_section(scenario) -> str:
    lines = ["# Meters of this scenario", "", "| Meter | Good when | What it measures |", "| --- | --- | --- |"]
    for m in scenario.meters:
        good = {"high": "high", "low": "low"}.get(m.good, "—")
        lines.append(f"| {m.name} | {good} | {' '.join(m.description.split())} |")
    return "\n".join(lines) + "\n"


class HelpScreen(GameScreen):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Close"),
        Binding("q", "app.pop_screen", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        text = RULES
        record = getattr(self.app, "record", None)
        if record is not None:
            text += "\n" + meters_section(record.scenario)
        with VerticalScroll(id="help-scroll"):
            yield Markdown(text, id="help-text")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
