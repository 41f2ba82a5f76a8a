"""Charts of meters over time: block sparklines for terminals and Markdown, inline SVG for HTML (no
scripts, no external assets; dash patterns as well as colours so that a black-and-white print reads)."""

from __future__ import annotations

from html import escape

BLOCKS = "▁▂▃▄▅▆▇█"

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2", "12 2", "3 6", "6 2 2 2"]


def _buckets(values: list[float], width: int) -> list[float]:
    """At most `width` values: the mean of each bucket when there are more."""
    if len(values) <= width:
        return list(values)
    out = []
    for i in range(width):
        a = i * len(values) // width
        b = max(a + 1, (i + 1) * len(values) // width)
        chunk = values[a:b]
        out.append(sum(chunk) / len(chunk))
    return out


EIGHTHS = " ▏▎▍▌▋▊▉"


def block_bar(share: float, width: int) -> str:
    """A bar `width` cells long filled to `share` (0..1) in eighths of a cell, padded with spaces: 0.25 and
    0.37 of 6 cells draw differently ("█▌    " and "██▎   "). The one block bar of the game."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    whole, rest = divmod(eighths, 8)
    return ("█" * whole + (EIGHTHS[rest] if rest else "")).ljust(width)


def sparkline(values: list, lo: float, hi: float, width: int | None = None) -> str:
    """One block character per value, or per bucket of values when there are more than `width`; the range
    lo..hi is cut into as many equal bands as there are blocks. A gap (None) is drawn at the first value
    present; no value at all gives spaces. The one sparkline of the game: the debrief's charts and the TUI's
    meters and replay."""
    if not values:
        return ""
    present = [v for v in values if v is not None]
    if not present:
        return " " * (len(values) if width is None else min(len(values), width))
    vals = [v if v is not None else present[0] for v in values]
    if width is not None:
        vals = _buckets(vals, width)
    span = max(1, hi - lo) + 1
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[min(top, max(0, int((v - lo) * len(BLOCKS) // span)))] for v in vals)


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def svg_chart(lines: list[dict], lo: float, hi: float, *, title: str = "", width: int = 720, height: int = 260,
              band: tuple[list, list] | None = None, y_label: str = "", x_label: str = "turn") -> str:
    """A line chart as an inline <svg>. `lines`: dicts with label, values (index = turn, 0 = start; None
    = no data), and optional color, dash, weight, opacity. `band`: (lows, highs) shaded between."""
    left, right, top, bottom = 44, 12, 24 if title else 10, 30
    pw, ph = width - left - right, height - top - bottom
    n = max((len(ln["values"]) for ln in lines), default=1)
    n = max(n, len(band[0]) if band else 0, 2)
    span = (hi - lo) or 1

    def x(i: int) -> float:
        return left + pw * i / (n - 1)

    def y(v: float) -> float:
        return top + ph * (1 - (min(max(v, lo), hi) - lo) / span)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="{escape(title or "chart")}" class="chart">']
    if title:
        parts.append(f'<text x="{left}" y="15" class="chart-title">{escape(title)}</text>')
    # grid and axes
    for k in range(5):
        v = lo + span * k / 4
        yy = y(v)
        parts.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + pw}" y2="{yy:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" class="tick">{_fmt(v)}</text>')
    step = max(1, round((n - 1) / 10))
    for i in range(0, n, step):
        parts.append(f'<text x="{x(i):.1f}" y="{top + ph + 16}" text-anchor="middle" class="tick">{i}</text>')
    parts.append(f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" class="axis"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" class="axis"/>')
    parts.append(f'<text x="{left + pw}" y="{height - 2}" text-anchor="end" class="tick">{escape(x_label)}</text>')
    if y_label:
        parts.append(f'<text x="4" y="{top - 8 if title else 10}" class="tick">{escape(y_label)}</text>')
    if band is not None:
        lows, highs = band
        pts_hi = [(x(i), y(v)) for i, v in enumerate(highs) if v is not None]
        pts_lo = [(x(i), y(v)) for i, v in enumerate(lows) if v is not None]
        if pts_hi and pts_lo:
            pts = pts_hi + list(reversed(pts_lo))
            d = " ".join(f"{a:.1f},{b:.1f}" for a, b in pts)
            parts.append(f'<polygon points="{d}" class="band"><title>min–max</title></polygon>')
    for k, ln in enumerate(lines):
        color = ln.get("color") or PALETTE[k % len(PALETTE)]
        dash = ln.get("dash", DASHES[k % len(DASHES)])
        weight = ln.get("weight", 2)
        opacity = ln.get("opacity", 1)
        segments, cur = [], []
        for i, v in enumerate(ln["values"]):
            if v is None:
                if cur:
                    segments.append(cur)
                cur = []
            else:
                cur.append(f"{x(i):.1f},{y(v):.1f}")
        if cur:
            segments.append(cur)
        for seg in segments:
            if len(seg) == 1:
                cx, cy = seg[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="{color}"/>')
                continue
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{color}" '
                         f'stroke-width="{weight}" stroke-opacity="{opacity}"{dash_attr}>'
                         f'<title>{escape(ln["label"])}</title></polyline>')
    parts.append("</svg>")
    return "".join(parts)


def svg_legend(items: list[tuple[str, str, str]]) -> str:
    """(label, color, dash) swatches as HTML (prints in black and white thanks to the dashes)."""
    out = ['<ul class="legend">']
    for label, color, dash in items:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<li><svg width="28" height="10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" '
                   f'stroke="{color}" stroke-width="2.5"{dash_attr}/></svg> {escape(label)}</li>')
    out.append("</ul>")
    return "".join(out)
