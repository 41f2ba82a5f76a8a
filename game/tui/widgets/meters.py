"""The meters: one line each with name, bar, value, change this turn (Δ) and, where there is room, the trend.

Each part tells the truth on its own: the bar is drawn in eighths of a cell (25 and 37 differ); the change
is marked good (✓) or bad (✗) for Moscow as well as coloured; a meter standing where Moscow does not want
it gets a "!" beside its value; the trend is the meter's value at the end of each past turn and now, so
its last step is the change shown. Short names (the content's `short`) at narrow widths, full names where
they fit.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from game.debrief.charts import block_bar, sparkline
from game.tui.widgets.palette import NO_STYLE, TONE_CLASSES, forget_look, look, tones_of

GOOD_MARK, BAD_MARK, STANDING_MARK = "✓", "✗", "!"


def health_tone(value: int, lo: int, hi: int, good: str) -> str:
    """'good' when the meter sits where Moscow wants it, 'bad' when it does not, 'mid' between; a meter
    Moscow wants neither high nor low is 'unrated'."""
    if good == "neutral":
        return "unrated"
    r = (value - lo) / max(1, hi - lo)
    if good == "low":
        r = 1 - r
    return "bad" if r < 0.34 else "mid" if r < 0.67 else "good"


class MetersPanel(Widget):
    """One line per meter under a header line; the budget meter (a scenario's `budget`, when it names
    one) first. Drawn line by line from a cache that changes only when the values, the width or the
    theme do."""

    DEFAULT_CSS = """
    MetersPanel { height: auto; }
    """
    COMPONENT_CLASSES = TONE_CLASSES | {"meters--title", "meters--empty", "meters--budget"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._specs = []  # content Meter models, in the order shown
        self._tone = None
        self._short: dict[str, str] = {}
        self._budget: str | None = None
        self._values: dict[str, int] = {}
        self._turn_start: dict[str, int] = {}
        self._history: dict[str, list[int]] = {}
        self._cache: dict[tuple, Strip] = {}  # drawn lines by what they show

    def setup(self, rules, budget: str | None = None) -> None:
        from game.engine.explain import meter_short, meter_tone

        specs = list(rules.scenario.meters)
        self._budget = budget if any(m.id == budget for m in specs) else None
        self._specs = sorted(specs, key=lambda m: m.id != self._budget)  # the budget first, the rest in order
        self._short = {m.id: meter_short(rules, m.id) for m in specs}
        self._tone = lambda mid, delta: meter_tone(rules, mid, delta)
        self.tooltip = "\n".join(f"{m.name}: {' '.join(m.description.split())}" for m in specs)
        self._cache.clear()
        self.refresh(layout=True)

    def show(self, values: dict[str, int], turn_start: dict[str, int], history: dict[str, list[int]]) -> None:
        """Current values, values when this turn began, and each meter's values at the end of every turn
        so far (the trend ends with the current value)."""
        if values == self._values and turn_start == self._turn_start and history == self._history:
            return
        self._values = dict(values)
        self._turn_start = dict(turn_start)
        self._history = history
        self.refresh()

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._specs) + 1

    def notify_style_update(self) -> None:
        super().notify_style_update()
        forget_look(self)
        self._cache.clear()  # a new theme: draw again in its colours

    def render_line(self, y: int) -> Strip:
        """Each line is drawn again only when what it shows changes (one meter moving redraws one line)."""
        width = self.content_size.width
        if not self._specs or width <= 0:
            return Strip.blank(width, look(self)[0])
        if y == 0:
            return self._line(("head", width), lambda: self._head(width))
        if y > len(self._specs):
            return Strip.blank(width, look(self)[0])
        m = self._specs[y - 1]
        v = self._values.get(m.id, m.start)
        past = tuple((self._history.get(m.id) or ())[-8:])
        key = (m.id, width, v, self._turn_start.get(m.id, v), past)
        return self._line(key, lambda: self._meter(m, width))

    def _line(self, key, draw) -> Strip:
        strip = self._cache.get(key)
        if strip is None:
            if len(self._cache) > 512:
                self._cache.clear()
            text = draw()
            strip = self._cache[key] = Strip(list(text.render(self.app.console)), text.cell_len).extend_cell_length(
                key[1]).crop(0, key[1]).apply_style(look(self)[0])
        return strip

    # ------------------------------------------------------------------ drawing

    def _columns(self, width: int) -> tuple[bool, int, int, int]:
        """(full names?, name width, bar width, trend width) for a width: full names and a trend where they
        fit beside a bar of at least 6 cells, else short names and a bar of what is left."""
        fixed = 1 + 1 + 3 + 1 + 3 + 1  # spaces, value, change and its mark
        full_w = max(len(m.name) for m in self._specs)
        short_w = max(len(self._short[m.id]) for m in self._specs)
        for full, name_w in ((True, full_w), (False, short_w)):
            for trend_w in (8, 6):
                bar_w = width - fixed - name_w - 1 - trend_w
                if bar_w >= 6:
                    return full, name_w, min(bar_w, 16), trend_w
        name_w = min(short_w, max(6, width - fixed - 6))
        return False, name_w, max(3, min(12, width - fixed - name_w)), 0

    def _head(self, width: int) -> Text:
        _full, name_w, bar_w, trend_w = self._columns(width)
        head = Text("Meters", style=look(self)[1]["meters--title"])
        head.append(" " * max(1, name_w + bar_w + 2 - 6))
        head.append("now  Δ" + ("  trend" if trend_w else ""), style="dim")
        return head

    def _meter(self, m, width: int) -> Text:
        styles = look(self)[1]
        tones = tones_of(styles)
        full, name_w, bar_w, trend_w = self._columns(width)
        v = self._values.get(m.id, m.start)
        lo, hi = m.min, m.max
        standing = health_tone(v, lo, hi, m.good)
        colour = tones[standing]
        name = m.name if full else self._short[m.id]
        if len(name) > name_w:
            name = name[: name_w - 1] + "…"
        line = Text(no_wrap=True, overflow="crop")
        line.append(f"{name:<{name_w}} ", style=styles["meters--budget"] if m.id == self._budget else NO_STYLE)
        empty = styles["meters--empty"].color
        line.append(block_bar((v - lo) / max(1, hi - lo), bar_w), style=Style(color=colour.color, bgcolor=empty))
        line.append(f" {v:>3}", style="bold")
        line.append(STANDING_MARK if standing == "bad" else " ", style=tones["bad"] + Style(bold=True))
        delta = v - self._turn_start.get(m.id, v)
        if delta:
            tone = self._tone(m.id, delta) if self._tone else "neutral"
            mark = GOOD_MARK if tone == "good" else BAD_MARK if tone == "bad" else " "
            line.append(f"{'+' if delta > 0 else '−'}{abs(delta):<2}{mark}",
                        style=Style(bold=True) + tones.get(tone, NO_STYLE))
        else:
            line.append("  · ", style="dim")
        if trend_w:
            past = list(self._history.get(m.id) or [])
            line.append(" ")
            line.append(sparkline((past + [v])[-trend_w:], lo, hi), style=colour)
        return line
