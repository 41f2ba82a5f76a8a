"""The event card on the table: title, tags, date and place, text, and the facts it stands on."""

from __future__ import annotations

from typing import Callable

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from game.tui.widgets.palette import TAG_CLASSES, TONE_CLASSES, component_style, tag_styles
from game.model.citing import cite
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


class CardView(Static):
    """The card at the head of the turn (or a quiet turn, or the end-of-turn summary).

    What it shows is built from a function of the view (which reads the view's colours), kept so that a
    new theme builds it again."""

    # colours: app.tcss (the tags' chips, the end-of-turn banner, the tones of a summary)
    COMPONENT_CLASSES = TAG_CLASSES | TONE_CLASSES | {"card--banner", "card--hypothetical"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._build: Callable[[CardView], Text] | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._restyle)

    def _restyle(self, _theme) -> None:
        if self._build is not None:
            self.update(self._build(self))

    def show(self, build: Callable[["CardView"], Text]) -> None:
        """Show what `build(view)` returns, now and again after a change of theme."""
        self._build = build
        self.update(build(self))

    def show_card(self, card, facts: dict, sources: dict, places: dict) -> None:
        self.show(lambda view: view._card_text(card, facts, sources, places))

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
