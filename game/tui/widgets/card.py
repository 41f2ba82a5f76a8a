"""The event card on the table: title, tags, date and place, text, and the facts it stands on."""

from __future__ import annotations

from typing import Callable

from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from game.model.citing import cite
from game.tui.widgets.lines import LineView
from game.tui.widgets.palette import TAG_CLASSES, TONE_CLASSES, component_style, tag_styles
from game.tui.widgets.text import human_date


def tag(label: str, styles: dict[str, Style]) -> Text:
    """A card tag on its chip; `styles` from palette.tag_styles."""
    return Text(f" {label} ", style=styles.get(label, "reverse"))


def card_tags(card) -> list[str]:
    tags = ["DECISION" if card.options else "EVENT"]
    if card.hypothetical:
        tags.append("HYPOTHETICAL")
    if card.background:
        tags.append("HISTORY")
    return tags


def source_lines(card, facts: dict, sources: dict) -> list[Text]:
    """One line per cited fact: where it stands (source, paragraph) and what it says."""
    out = []
    for fid in card.facts:
        fact = facts.get(fid)
        if fact is None:
            continue
        when = f", {human_date(fact.date)}" if fact.date else ""
        line = Text("• ", style="dim")
        line.append(f"{cite(fact, sources)}{when}: ", style="bold")
        line.append(" ".join(fact.summary.split()))
        if fact.quote:
            line.append(f" “{fact.quote}”", style="italic")
            if fact.quote_by:
                line.append(f" — {fact.quote_by}", style="dim")
        out.append(line)
    return out


class CardView(LineView):
    """The card at the head of the turn (or a quiet turn, or the end-of-turn summary), in a scrolling view
    of fixed size: a new card changes what it draws, not the screen's layout.

    What it shows is built from a function of the view (which reads the view's colours), kept so that a
    new theme builds it again; it is wrapped at the view's width (lines that start with a bullet wrap under
    their text) and wrapped again when the width changes."""

    # colours: app.tcss (the tags' chips, the end-of-turn banner, the tones of a summary)
    COMPONENT_CLASSES = TAG_CLASSES | TONE_CLASSES | {"card--banner", "card--hypothetical"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._build: Callable[[CardView], Text] | None = None
        self._key = None  # what is shown, for the cache (None: not cached)
        self._text = Text()
        self._width = 0
        self._restyle_pending = False
        self._drawn: dict[tuple, tuple[Text, list[Strip]]] = {}  # cards drawn, by (card id, width)

    @property
    def text(self) -> str:
        """What the view shows, as plain text (unwrapped)."""
        return self._text.plain

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._restyle)

    def _restyle(self, _theme) -> None:
        self._drawn.clear()
        self._restyle_pending = True  # built again at the next drawing, once the new styles are in place
        self.refresh()

    def show(self, build: Callable[["CardView"], Text], key=None) -> None:
        """Show what `build(view)` returns, from its top, now and again after a change of theme. With a
        `key`, what is drawn is kept for the next time the same key is shown at the same width."""
        self._build, self._key = build, key
        hit = self._drawn.get((key, self.text_width)) if key is not None else None
        if hit is not None:
            self._width = self.text_width
            self._text = hit[0]
            self.set_lines(hit[1])
        else:
            self._text = build(self)
            self._wrap()
        self.scroll_to(y=0, animate=False, immediate=True)

    def _draw(self, text: Text) -> list[Strip]:
        paragraphs = text.split("\n", allow_blank=True)
        return self.wrap(paragraphs, hanging=lambda line: 2 if line.plain.startswith("• ") else 0)

    def _wrap(self) -> None:
        self._width = self.text_width
        if self._width <= 0:
            return
        lines = self._draw(self._text)
        if self._key is not None:
            self._keep((self._key, self._width), self._text, lines)
        self.set_lines(lines)

    def _keep(self, key, text: Text, lines: list[Strip]) -> None:
        if len(self._drawn) >= 32:
            self._drawn.pop(next(iter(self._drawn)))  # the oldest
        self._drawn[key] = (text, lines)

    def on_resize(self) -> None:
        if self.text_width != self._width:
            self._wrap()

    def render_line(self, y: int) -> Strip:
        if self._restyle_pending and self._build is not None:
            self._restyle_pending = False
            self._text = self._build(self)
            self._wrap()
        return super().render_line(y)

    def show_card(self, card, facts: dict, sources: dict, places: dict) -> None:
        self.show(lambda view: view._card_text(card, facts, sources, places), key=("card", card.id))

    def prepare_card(self, card, facts: dict, sources: dict, places: dict) -> None:
        """Draw a card that is coming (the next one this turn) ahead of time, so that showing it costs
        nothing but the frame."""
        key = (("card", card.id), self.text_width)
        if self.text_width > 0 and key not in self._drawn:
            text = self._card_text(card, facts, sources, places)
            self._keep(key, text, self._draw(text))

    def show_text(self, title: str, body: str, label: str = "EVENT") -> None:
        self.show(lambda view: Text("\n").join([Text.assemble(tag(label, tag_styles(view)), " ", (title, "bold")),
                                                Text(body)]))

    def _card_text(self, card, facts: dict, sources: dict, places: dict) -> Text:
        """Tags and title on the first line, date and place on the second, then the text at once: the
        opening of the card is what a short terminal shows first."""
        tags = tag_styles(self)
        head = Text()
        for label in card_tags(card):
            head.append_text(tag(label, tags))
            head.append(" ")
        head.append(card.title, style="bold")
        where = [human_date(card.date)] if card.date else []
        if card.place and card.place in places:
            where.append(places[card.place])
        parts = [head]
        if where:
            parts.append(Text(" · ".join(where), style="dim"))
        if card.hypothetical:
            parts.append(Text("Not documented history: a plausible development, for the sake of play.",
                              style=component_style(self, "card--hypothetical")))
        parts.append(Text(" ".join(card.text.split())))
        lines = source_lines(card, facts, sources)
        if lines:
            parts.append(Text(""))
            parts.append(Text("Sources", style="bold dim"))
            parts.extend(lines)
        return Text("\n").join(parts)  # one Text: Textual renders it natively, far faster than a Group
