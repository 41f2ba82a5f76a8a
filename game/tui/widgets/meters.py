"""The meters as bars: value, change this turn, and the trend over the last turns."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from game.debrief.charts import sparkline
from game.tui.widgets.palette import NO_STYLE, TONE_CLASSES, component_style, tone_styles


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
    """One line per meter: name, bar, value, change this turn (Δ), trend."""

    DEFAULT_CSS = """
    MetersPanel { height: auto; }
    """
    COMPONENT_CLASSES = TONE_CLASSES | {"meters--title", "meters--empty"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._specs = []  # content Meter models
        self._tone = None
        self._values: dict[str, int] = {}
        self._turn_start: dict[str, int] = {}
        self._history: dict[str, list[int]] = {}
        self._cached: tuple | None = None

    def setup(self, rules) -> None:
        from game.engine.explain import meter_tone

        self._specs = list(rules.scenario.meters)
        self._tone = lambda mid, delta: meter_tone(rules, mid, delta)
        self.tooltip = "\n".join(f"{m.name}: {m.description}" for m in self._specs)
        self.refresh(layout=True)

    def show(self, values: dict[str, int], turn_start: dict[str, int], history: dict[str, list[int]]) -> None:
        """Current values, values when this turn began, and each meter's values turn by turn."""
        self._values = dict(values)
        self._turn_start = dict(turn_start)
        self._history = history
        self.refresh()

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._specs) + 1

    def render(self) -> Text:
        width = self.content_size.width or 30
        styles = (tone_styles(self), component_style(self, "meters--title"),
                  component_style(self, "meters--empty"))
        # the styles are part of the key: a new theme draws the meters anew
        key = (width, tuple(self._values.items()), tuple(self._turn_start.items()), id(self._history),
               tuple(styles[0].values()), styles[1], styles[2])
        if self._cached is not None and self._cached[0] == key:
            return self._cached[1]
        text = self._render_text(width, *styles)
        self._cached = (key, text)
        return text

    def _render_text(self, width: int, tones: dict[str, Style], title: Style, empty: Style) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis")
        if not self._specs:
            return out
        wide = width >= 44
        trend_w = 8 if wide else 1
        room = width - 10 - trend_w  # after " 100 +10 " and the trend
        name_w = max(6, min(max(len(m.name) for m in self._specs), room - 7))
        bar_w = max(4, min(24, room - name_w - 1))
        head = "Meters"
        out.append(f"{head:<{name_w + bar_w + 1}}", style=title)
        out.append(" now  Δ  trend\n" if wide else " now  Δ\n", style="dim")
        for i, m in enumerate(self._specs):
            v = self._values.get(m.id, m.start)
            lo, hi = m.min, m.max
            filled = round((v - lo) / max(1, hi - lo) * bar_w)
            delta = v - self._turn_start.get(m.id, v)
            name = m.name if len(m.name) <= name_w else m.name[: name_w - 1] + "…"
            out.append(f"{name:<{name_w}} ")
            colour = tones[health_tone(v, lo, hi, m.good)]
            out.append("█" * filled, style=colour)
            out.append("░" * (bar_w - filled), style=empty)
            out.append(f" {v:>3} ", style="bold")
            if delta:
                tone = self._tone(m.id, delta) if self._tone else "neutral"
                out.append(f"{delta:+3d}".replace("-", "−"), style=Style(bold=True) + tones.get(tone, NO_STYLE))
            else:
                out.append("  ·", style="dim")
            out.append(" ")
            hist = (self._history.get(m.id) or [v])[-(trend_w - 1):] + [v] if wide else None
            if wide:
                out.append(sparkline(hist, lo, hi), style=colour)
            else:
                past = self._history.get(m.id) or [v]
                prev = past[-3] if len(past) >= 3 else past[0]  # the drift over the last few turns
                out.append("↑" if v > prev else "↓" if v < prev else "→", style="dim" if v == prev else colour)
            if i < len(self._specs) - 1:
                out.append("\n")
        return out
