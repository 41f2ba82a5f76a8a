"""A map of Libya in Unicode half-blocks: who holds each key place, where there is fighting, what changed.

Places carry x, y on the content's 56 x 18 grid (west to east, north to south). The outline is Libya's
border in longitude/latitude, projected onto the same grid and scaled to the widget: the whole country
where there are rows enough, else its northern part down to the southernmost place (the compact form of
80 x 24). A row of sea above the coast leaves room for names.

Each place is a mark (its holder's symbol on a chip of the holder's colour: symbols never clash within a
scenario, and no symbol is a letter that could read as a place's initial) with its name beside, above or
below it, in full where it fits and shortened only where it does not; two names never run together, and a
place that cannot be named on the map is named under it. Fighting is marked ⚔ after the name; a place that
changed hands or saw fighting break out this turn has its name highlighted. The legend lays out whole
entries, never cut in the middle. Narrower than `MIN_MAP_WIDTH`, the widget lists the places instead, one a
line: place, holder, fighting.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from game.tui.widgets.palette import ACTOR_CLASSES, UNKNOWN_ACTOR, actor_label, actor_styles, forget_look, look

GRID_W, GRID_H = 56, 18
LON_W, LON_E, LAT_N, LAT_S = 9.3, 25.2, 33.3, 19.5
MIN_MAP_WIDTH = 26  # narrower: the list form
SEA_ROWS = 1.5  # grid units of sea drawn above the northernmost point of the coast, for names
FIGHTING = "⚔"

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


def _names(name: str) -> list[str]:
    """A place's name in full, then shorter where the full one does not fit: 'Murzuq oil fields', 'Murzuq'."""
    out = [name]
    first = name.split()[0] if " " in name else ""
    if len(first) >= 4:
        out.append(first)
    return out


class LibyaMap(Widget):
    """Draws the places of the scenario; call `setup(scenario)` once, then `show(...)` with the state."""

    DEFAULT_CSS = """
    LibyaMap { height: 1fr; min-height: 4; }
    """
    # colours: app.tcss (land, sea, names, fighting, what changed, the card's place, each side's marks)
    COMPONENT_CLASSES = ACTOR_CLASSES | {"tone--fighting", "libya-map--land", "libya-map--sea", "libya-map--label",
                                         "libya-map--changed", "libya-map--here", "libya-map--legend"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._places = []  # content Place models
        self._actors: dict[str, tuple[str, str]] = {}  # actor id -> (symbol, component class)
        self._labels: dict[str, str] = {}
        self._state: dict[str, tuple[str, bool]] = {}
        self._highlight: str | None = None
        self._changed: frozenset[str] = frozenset()
        self._cache_key = None
        self._lines: list[Strip] = []
        self._bases: dict[tuple, list[list[tuple[str, Style]]]] = {}
        self._grid: list[list[tuple[str, Style]]] = []  # the map's rows, cell by cell (names included)
        self._label_at: dict[str, tuple[int, int, int]] = {}  # place id -> (row, first column, length) of its name
        self._rows: dict[tuple, Strip] = {}  # drawn map rows, by (row, the card's place name on it)
        self.unnamed: list[str] = []  # ids of the places the last drawing could not name on the map

    @property
    def names_at(self) -> dict[str, tuple[int, int, int]]:
        """Where the last drawing named each place on the map: place id -> (row, first column, length)."""
        return dict(self._label_at)

    def setup(self, scenario) -> None:
        """Places and actors of a scenario (once per game)."""
        self._places = list(scenario.places)
        self._actors = actor_styles(scenario.actors)
        self._labels = {a.id: actor_label(a) for a in scenario.actors}
        self._state = {p.id: (p.holder, p.contested) for p in self._places}
        self._cache_key = None
        self.refresh()

    def show(self, places: dict[str, tuple[str, bool]], highlight: str | None = None,
             changed: frozenset[str] = frozenset()) -> None:
        """Current holders and fighting (state.places), the place of the card on the table, and the places
        that changed this turn."""
        if places == self._state and changed == self._changed:
            if highlight == self._highlight:
                return
            rows = [self._label_at[p][0] for p in (self._highlight, highlight) if p in self._label_at]
            if len(rows) == len({self._highlight, highlight} - {None}):
                # only the card's place moved, and both names are on the map: repaint their rows alone
                self._highlight = highlight
                for row in rows:
                    self.refresh(Region(0, row, self.size.width, 1))
                return
        self._state = dict(places)
        self._highlight = highlight
        self._changed = frozenset(changed)
        self._cache_key = None
        self.refresh()

    # ------------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        forget_look(self)  # read the colours again (a new theme): the drawing is redone if they changed

    def _colours(self) -> tuple[Style, dict[str, Style]]:
        """The widget's own style (under all the map leaves blank) and its component classes' styles."""
        return look(self)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        base, palette = self._colours()
        key = (width, height, base, tuple(palette.values()))
        if key != self._cache_key:
            self._lines = [strip.apply_style(base) for strip in self._draw(width, height, palette)]
            self._rows.clear()
            self._cache_key = key
        if y < len(self._grid):  # a row of the map: the card's place underlined where its name is
            here = self._label_at.get(self._highlight)
            lit = here if here is not None and here[0] == y else None
            strip = self._rows.get((y, lit))
            if strip is None:
                cells = self._grid[y]
                if lit is not None:
                    _row, start, n = lit
                    style = palette["libya-map--here"]
                    cells = [*cells[:start], *((ch, st + style) for ch, st in cells[start:start + n]),
                             *cells[start + n:]]
                strip = self._rows[(y, lit)] = Strip([Segment(ch, st) for ch, st in cells], width).apply_style(base)
            return strip
        return self._lines[y] if y < len(self._lines) else Strip.blank(width, base)

    def _holder(self, place) -> tuple[str, bool]:
        return self._state.get(place.id, (place.holder, place.contested))

    def _mark(self, palette, holder: str) -> tuple[str, Style]:
        symbol, component = self._actors.get(holder, ("?", UNKNOWN_ACTOR))
        return symbol, palette[component]

    def _name_style(self, palette, place, here: bool = True) -> Style:
        """A place's name: changed this turn, and (unless `here` is False: the map rows add it as they are
        drawn) the card's place."""
        style = palette["libya-map--label"]
        if place.id in self._changed:
            style += palette["libya-map--changed"]
        if here and place.id == self._highlight:
            style += palette["libya-map--here"]
        return style

    def _text_lines(self, text: Text, width: int) -> list[Strip]:
        console = self.app.console
        return [Strip(list(line.render(console)), line.cell_len).extend_cell_length(width).crop(0, width)
                for line in text.split("\n")]

    def _legend(self, width: int, palette) -> Text:
        """Whole entries, a new line where the next one would not fit (an entry is never cut in two)."""
        entries: list[Text] = []
        held = {h for h, _ in self._state.values()}
        for aid in self._actors:
            if aid in held:
                symbol, style = self._mark(palette, aid)
                entries.append(Text.assemble((symbol, style), " ", self._labels.get(aid, aid)))
        if any(f for _, f in self._state.values()):
            entries.append(Text.assemble((FIGHTING, palette["tone--fighting"]), " fighting"))
        if self._changed:
            entries.append(Text.assemble(("name", palette["libya-map--label"] + palette["libya-map--changed"]),
                                         " changed this turn"))
        out = Text(style=palette["libya-map--legend"])
        used = 0
        for entry in entries:
            n = entry.cell_len
            if used and used + 2 + n > width:
                out.append("\n")
                used = 0
            elif used:
                out.append("  ")
                used += 2
            if n > width:
                entry.truncate(width, overflow="ellipsis")
                n = width
            out.append_text(entry)
            used += n
        return out

    def _draw(self, width: int, height: int, palette) -> list[Strip]:
        self._grid, self._label_at = [], {}
        if width <= 0 or height <= 0 or not self._places:
            return []
        if width < MIN_MAP_WIDTH or height < 4:
            return self._list(width, palette)[:height]
        legend = self._text_lines(self._legend(width, palette), width)
        map_h = max(1, height - len(legend))
        for _ in range(2):  # a second pass with room for the names the first could not place
            cells, unnamed = self._cells(width, map_h, palette)
            extra: list[Strip] = []
            if unnamed:
                also = Text("Also: ", style="dim")
                for i, place in enumerate(unnamed):
                    holder, fighting = self._holder(place)
                    symbol, mark = self._mark(palette, holder)
                    also.append(("" if not i else ", ") + place.name, style=self._name_style(palette, place))
                    also.append(" ")
                    also.append(symbol, style=mark)
                    if fighting:
                        also.append(FIGHTING, style=palette["tone--fighting"])
                extra = self._text_lines(Text("\n").join(also.wrap(self.app.console, width)), width)
            if len(extra) + len(legend) + map_h <= height or map_h <= 1:
                break
            map_h = max(1, height - len(legend) - len(extra))
        self.unnamed = [p.id for p in unnamed]
        self._grid = cells[:height]  # drawn row by row (render_line), with the card's place
        blank = [Strip.blank(width)] * len(self._grid)
        return (blank + extra + legend)[:height]

    def _list(self, width: int, palette) -> list[Strip]:
        """Too narrow for a map: one line a place, 'Tripoli ● GNA ⚔ fighting'."""
        self.unnamed = []
        self._grid, self._label_at = [], {}
        out = Text()
        for i, place in enumerate(self._places):
            holder, fighting = self._holder(place)
            symbol, mark = self._mark(palette, holder)
            if i:
                out.append("\n")
            out.append(place.name, style=self._name_style(palette, place))
            out.append(" — ")
            out.append(symbol, style=mark)
            out.append(f" {self._labels.get(holder, holder)}")
            if fighting:
                out.append(f" — {FIGHTING} fighting", style=palette["tone--fighting"])
        return self._text_lines(out, width)

    def _frame(self, map_h: int) -> tuple[float, float]:
        """The grid rows shown (top, bottom): a strip of sea above the coast, and the whole country where the
        rows suffice for a recognisable shape, else down to just below the southernmost place."""
        top = -SEA_ROWS
        south = max((p.y for p in self._places), default=GRID_H)
        bottom = GRID_H if map_h >= 0.45 * (GRID_H - top) else min(GRID_H, south + 2.5)
        return top, bottom

    def _cells(self, width: int, map_h: int, palette):
        land, sea = palette["libya-map--land"].bgcolor, palette["libya-map--sea"].bgcolor
        outside = self._colours()[0].bgcolor
        top, bottom = self._frame(map_h)
        key = (width, map_h, top, bottom, land, sea, outside)
        base = self._bases.get(key)
        if base is None:  # the outline only changes with the size and the theme
            if len(self._bases) > 8:
                self._bases.clear()
            base = self._bases[key] = self._outline(width, map_h, top, bottom, land, sea, outside)
        cells = [list(row) for row in base]
        return self._place_marks(cells, width, map_h, top, bottom, palette)

    def _outline(self, width: int, map_h: int, top: float, bottom: float, land, sea,
                 outside) -> list[list[tuple[str, Style]]]:
        """Land, sea and, outside both, the widget's own background, two half-block "pixels" a cell."""
        sub_h = map_h * 2  # each cell is two half-block "pixels", top and bottom
        colours: list[list] = []
        first_land = [sub_h] * width
        for s in range(sub_h):
            gy = top + (s + 0.5) * (bottom - top) / sub_h
            row = []
            for c in range(width):
                gx = (c + 0.5) * GRID_W / width
                if _inside(gx, gy):
                    row.append(land)
                    if first_land[c] == sub_h:
                        first_land[c] = s
                else:
                    row.append(outside)
            colours.append(row)
        for c in range(width):
            gx = (c + 0.5) * GRID_W / width
            if SEA_WEST <= gx <= SEA_EAST:
                for s in range(min(first_land[c], sub_h)):
                    colours[s][c] = sea
        cells: list[list[tuple[str, Style]]] = []
        for r in range(map_h):
            upper, lower = colours[2 * r], colours[2 * r + 1]
            row = []
            for c in range(width):
                t, b = upper[c], lower[c]
                if t == b:
                    row.append((" ", Style(bgcolor=t)))
                else:
                    row.append(("▀", Style(color=t, bgcolor=b)))
            cells.append(row)
        return cells

    def _place_marks(self, cells, width: int, map_h: int, top: float, bottom: float, palette):
        """Marks first (they win every collision), then names where they fit: beside the mark, else on the
        row above or below it; full names before shortened ones."""
        owner: dict[tuple[int, int], tuple[str, str]] = {}  # cell -> (place id, "mark" or "name") there
        marks = []
        for place in self._places:
            c = min(width - 1, int((place.x + 0.5) * width / GRID_W))
            r = max(0, min(map_h - 1, int((place.y + 0.5 - top) * map_h / (bottom - top))))
            if (r, c) in owner:  # two places on one cell: the later one moves east, then west
                free = next((cc for cc in [*range(c + 1, width), *range(c - 1, -1, -1)] if (r, cc) not in owner), c)
                c = free
            holder, fighting = self._holder(place)
            symbol, style = self._mark(palette, holder)
            cells[r][c] = (symbol, style)
            owner[(r, c)] = (place.id, "mark")
            marks.append((place, r, c, fighting))
        first = {self._highlight, *self._changed}
        order = sorted(marks, key=lambda m: (m[0].id not in first, m[2]))
        spots, unnamed = self._names_for(order, owner, width, map_h)
        if unnamed:  # a second try with the places left over placed first; the better of the two is kept
            left = {p.id for p in unnamed}
            retry = [m for m in order if m[0].id in left] + [m for m in order if m[0].id not in left]
            spots2, unnamed2 = self._names_for(retry, owner, width, map_h)
            if len(unnamed2) < len(unnamed):
                spots, unnamed = spots2, unnamed2
        fight = palette["tone--fighting"]
        for place, row, start, text in spots.values():
            self._label_at[place.id] = (row, start, len(text) - (1 if text.endswith(FIGHTING) else 0))
            style = self._name_style(palette, place, here=False)
            for i, ch in enumerate(text):
                bg = Style(bgcolor=cells[row][start + i][1].bgcolor)  # the land or sea under the name
                if ch == FIGHTING:
                    cells[row][start + i] = (ch, bg + fight)
                else:
                    cells[row][start + i] = (ch, style if place.id in self._changed else style + bg)
        return cells, unnamed

    def _names_for(self, order, marks_at, width: int, map_h: int):
        """Where each place's name goes, in this order of places: ({id: (place, row, start, text)}, [unnamed])."""
        owner = dict(marks_at)
        spots = {}
        todo = list(order)
        for short in (False, True):  # every place in full where it fits, then the rest shortened
            left = []
            for place, r, c, fighting in todo:
                names = _names(place.name)[1:] if short else _names(place.name)[:1]
                for name in names:
                    text = name + (FIGHTING if fighting else "")
                    spot = self._spot(owner, place.id, r, c, len(text), width, map_h)
                    if spot is not None:
                        row, start = spot
                        spots[place.id] = (place, row, start, text)
                        for i in range(len(text)):
                            owner[(row, start + i)] = (place.id, "name")
                        break
                else:
                    left.append((place, r, c, fighting))
            todo = left
        return spots, [place for place, *_ in todo]

    @staticmethod
    def _spot(owner, pid: str, r: int, c: int, n: int, width: int, height: int) -> tuple[int, int] | None:
        """Where a name of n cells can go for the mark at (r, c): (row, first column), or None. Its cells must
        be free, and the two cells before it and after it must not belong to another place: two names, or a
        name and another place's mark, are always two cells apart or more (one space between two names reads
        as one name, and a name that close to another mark reads as that place's)."""
        candidates = [(r, c + 1), (r, c - n)]  # beside the mark, east then west
        for row in (r - 1, r + 1):  # above, then below: starting at the mark, centred on it, ending at it
            candidates += [(row, c), (row, c - n // 2), (row, c - n + 1)]
        for row, start in candidates:
            if not (0 <= row < height and 0 <= start and start + n <= width):
                continue
            if any((row, start + i) in owner for i in range(n)):
                continue
            if any(owner.get((row, cc), (pid,))[0] != pid for cc in (start - 1, start + n)):
                continue
            if any(owner.get((row, cc), (pid,))[0] != pid for cc in (start - 2, start + n + 1)):
                continue
            return row, start
        return None
