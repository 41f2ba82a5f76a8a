"""A map of Libya in Unicode half-blocks: who holds each key place, and where there is fighting.

Places carry x, y on the content's 56 x 18 grid (west to east, north to south). The outline below is
Libya's border in longitude/latitude, projected onto the same grid, and the whole is scaled to the
widget's size: coarse at 80 x 24, close to the grid at larger sizes.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from game.tui.widgets.palette import ACTOR_CLASSES, UNKNOWN_ACTOR, actor_styles, component_style

GRID_W, GRID_H = 56, 18
LON_W, LON_E, LAT_N, LAT_S = 9.3, 25.2, 33.3, 19.5

# Libya's border, clockwise from the Tunisian border on the coast (lon, lat), simplified.
BORDER = (
    (11.56, 33.17), (12.3, 32.85), (13.19, 32.90), (14.26, 32.65), (15.09, 32.38), (15.35, 31.9),
    (15.9, 31.4), (16.59, 31.20), (17.5, 30.95), (18.4, 30.6), (19.2, 30.3), (19.6, 30.45),
    (20.05, 30.9), (20.0, 31.6), (20.07, 32.12), (20.6, 32.5), (21.3, 32.8), (21.75, 32.93),
    (22.64, 32.77), (23.2, 32.55), (23.96, 32.08), (24.6, 31.95), (25.15, 31.67), (24.9, 31.0),
    (24.95, 30.0), (25.0, 29.0), (25.0, 22.0), (24.0, 20.0), (24.0, 19.5), (20.0, 21.5),
    (15.98, 23.45), (14.98, 23.0), (14.2, 22.6), (11.99, 23.52), (11.56, 24.3), (10.25, 24.6),
    (9.95, 25.4), (9.4, 26.2), (9.9, 26.6), (9.75, 27.4), (9.85, 28.2), (9.75, 29.3), (9.5, 30.2),
    (10.25, 30.85), (10.1, 31.7), (10.9, 32.3),
)


def _project(lon: float, lat: float) -> tuple[float, float]:
    return (lon - LON_W) / (LON_E - LON_W) * GRID_W, (LAT_N - lat) / (LAT_N - LAT_S) * GRID_H


POLYGON = tuple(_project(lon, lat) for lon, lat in BORDER)
SEA_WEST, SEA_EAST = _project(11.6, 0)[0], _project(25.1, 0)[0]


def _inside(x: float, y: float) -> bool:
    """Even-odd rule point in polygon."""
    inside = False
    pts = POLYGON
    j = len(pts) - 1
    for i in range(len(pts)):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


class LibyaMap(Widget):
    """Draws the places of the scenario on the outline; call `show(...)` with the state's places."""

    DEFAULT_CSS = """
    LibyaMap { height: 1fr; min-height: 6; }
    """
    # colours: app.tcss (land, sea, place names, a place under fighting, each side's marks)
    COMPONENT_CLASSES = ACTOR_CLASSES | {"tone--fighting", "libya-map--land", "libya-map--sea", "libya-map--label",
                                         "libya-map--contested"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._places = []  # content Place models
        self._actors: dict[str, tuple[str, str]] = {}  # actor id -> (letter, component class)
        self._names: dict[str, str] = {}
        self._state: dict[str, tuple[str, bool]] = {}
        self._highlight: str | None = None
        self._cache_key = None
        self._lines: list[Strip] = []
        self._bases: dict[tuple, list[list[tuple[str, Style]]]] = {}
        self._palette: tuple[Style, dict[str, Style]] | None = None

    def setup(self, scenario) -> None:
        """Places and actors of a scenario (once per game)."""
        self._places = list(scenario.places)
        self._actors = actor_styles(scenario.actors)
        # short names for the legend: "Haftar (LNA)" -> "LNA"
        self._names = {a.id: a.name[a.name.find("(") + 1:].rstrip(")") if "(" in a.name else a.name
                       for a in scenario.actors}
        self._cache_key = None
        self.refresh()

    def show(self, places: dict[str, tuple[str, bool]], highlight: str | None = None) -> None:
        """Current holders and fighting (state.places), and the place of the card on the table."""
        if places == self._state and highlight == self._highlight:
            return
        self._state = dict(places)
        self._highlight = highlight
        self._cache_key = None
        self.refresh()

    # ------------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette = None  # read the colours again (a new theme): the drawing is redone if they changed

    def _colours(self) -> tuple[Style, dict[str, Style]]:
        """The widget's own style (under all the map leaves blank) and its component classes' styles."""
        if self._palette is None:
            self._palette = (self.rich_style, {name: component_style(self, name)
                                               for name in sorted(self.COMPONENT_CLASSES)})
        return self._palette

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        base, palette = self._colours()
        key = (width, height, base, tuple(palette.values()))
        if key != self._cache_key:
            self._lines = [strip.apply_style(base) for strip in self._draw(width, height, palette)]
            self._cache_key = key
        return self._lines[y] if y < len(self._lines) else Strip.blank(width)

    def _mark(self, palette, holder: str) -> tuple[str, Style]:
        letter, component = self._actors.get(holder, ("?", UNKNOWN_ACTOR))
        return letter, palette[component]

    def _legend(self, width: int, palette) -> list[Text]:
        text = Text()
        held = {h for h, _ in self._state.values()}
        for aid in self._actors:
            if aid not in held:
                continue
            letter, style = self._mark(palette, aid)
            text.append_text(Text.assemble((f" {letter} ", style), f" {self._names.get(aid, aid)}  "))
        text.append_text(Text.assemble(("⚔", palette["tone--fighting"] + Style(bold=True)), " fighting"))
        lines = text.wrap(self.app.console, width, overflow="ellipsis")
        return list(lines)

    def _draw(self, width: int, height: int, palette) -> list[Strip]:
        if width <= 0 or height <= 0:
            return []
        legend = self._legend(width, palette) if self._actors else []
        # keep Libya's proportions (a cell is about twice as tall as wide): spare rows go below
        natural = round(width * GRID_H / GRID_W) + 2
        cells, unlabelled = self._cells(width, max(1, min(natural, height - len(legend))), palette)
        if unlabelled:
            # Too small to name every place on the map: name the rest under it, with their holders.
            extra = Text("also ", style="dim")
            for place in unlabelled:
                holder, fighting = self._state.get(place.id, (place.holder, place.contested))
                letter, mark = self._mark(palette, holder)
                extra.append(f"{place.name} ")
                extra.append(letter, Style(color=mark.bgcolor, bold=True))  # the side's colour, as ink
                extra.append("⚔ " if fighting else "  ", palette["tone--fighting"] + Style(bold=True))
            more = list(extra.wrap(self.app.console, width, overflow="ellipsis"))
            legend = more + legend
            cells, _ = self._cells(width, max(1, min(natural, height - len(legend))), palette)
        strips = [Strip([Segment(ch, st) for ch, st in row], width) for row in cells]
        for line in legend:
            strips.append(Strip(list(line.render(self.app.console)), line.cell_len).extend_cell_length(width))
        return strips[:height]

    def _cells(self, width: int, map_h: int, palette):
        land, sea = palette["libya-map--land"].bgcolor, palette["libya-map--sea"].bgcolor
        key = (width, map_h, land, sea)
        base = self._bases.get(key)
        if base is None:  # the outline only changes with the size and the theme
            if len(self._bases) > 8:
                self._bases.clear()
            base = self._bases[key] = self._outline(width, map_h, land, sea)
        cells = [list(row) for row in base]
        return self._place_marks(cells, width, map_h, palette)

    def _outline(self, width: int, map_h: int, land, sea) -> list[list[tuple[str, Style]]]:
        base = None  # outside Libya: the widget's own background

        # colour of each half-block "pixel": rows 2*map_h
        sub_h = map_h * 2
        colours: list[list] = []
        first_land = [sub_h] * width
        for s in range(sub_h):
            gy = (s + 0.5) * GRID_H / sub_h
            row = []
            for c in range(width):
                gx = (c + 0.5) * GRID_W / width
                if _inside(gx, gy):
                    row.append(land)
                    if first_land[c] == sub_h:
                        first_land[c] = s
                else:
                    row.append(base)
            colours.append(row)
        for c in range(width):
            gx = (c + 0.5) * GRID_W / width
            if SEA_WEST <= gx <= SEA_EAST:
                for s in range(min(first_land[c], sub_h)):
                    colours[s][c] = sea

        cells: list[list[tuple[str, Style]]] = []
        for r in range(map_h):
            top, bottom = colours[2 * r], colours[2 * r + 1]
            row = []
            for c in range(width):
                t, b = top[c], bottom[c]
                if t == b:
                    row.append((" ", Style(bgcolor=t)))
                elif t is None:  # a half-block must draw the coloured half: no colour means background
                    row.append(("▄", Style(color=b)))
                else:
                    row.append(("▀", Style(color=t, bgcolor=b)))
            cells.append(row)
        return cells

    def _place_marks(self, cells, width: int, map_h: int, palette):
        # places: marks first (they win every collision), then labels where there is room
        taken: set[tuple[int, int]] = set()
        marks = []
        for place in self._places:
            c = min(width - 1, int((place.x + 0.5) * width / GRID_W))
            r = min(map_h - 1, int((place.y + 0.5) * map_h / GRID_H))
            holder, fighting = self._state.get(place.id, (place.holder, place.contested))
            letter, style = self._mark(palette, holder)
            cells[r][c] = (letter, palette["libya-map--contested"] if fighting else style)
            taken.add((r, c))
            marks.append((place, r, c, fighting))
        unlabelled = []
        ink, sword = palette["libya-map--label"], palette["tone--fighting"].color
        for place, r, c, fighting in sorted(marks, key=lambda m: (m[0].id != self._highlight, m[1], m[2])):
            label = place.name + ("⚔" if fighting else "")
            highlight = place.id == self._highlight
            style = ink + Style(underline=highlight, reverse=highlight)
            spot = None
            for text in (label, place.name[:3] + ("⚔" if fighting else "")):
                n = len(text)
                # a label needs its cells free and one free cell (or the edge) beyond its far end, so
                # that two names, or a name and another place's mark, never run together
                right = ([(r, c + 1 + i) for i in range(n)], (r, c + 1 + n))
                left = ([(r, c - n + i) for i in range(n)], (r, c - n - 1))
                for cand, gap in (right, left):
                    if all(0 <= cc < width and (rr, cc) not in taken for rr, cc in cand) and gap not in taken:
                        spot = (cand, text, gap)
                        break
                if spot:
                    break
            if spot is None:
                unlabelled.append(place)
                continue
            cand, text, gap = spot
            for (rr, cc), ch in zip(cand, text):
                bg = cells[rr][cc][1].bgcolor
                cells[rr][cc] = (ch, style + Style(bgcolor=bg, color=sword if ch == "⚔" else None))
                taken.add((rr, cc))
            taken.add(gap)

        return cells, unlabelled
