"""The event card on the table: title, tags, date and place, text, and the facts it stands on."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from game.tui.widgets.text import human_date

TAG_STYLES = {
    "HYPOTHETICAL": "bold #000000 on #e0b341",
    "HISTORY": "bold #ffffff on #3d6f9e",
    "DECISION": "bold #ffffff on #8b1e1e",
    "EVENT": "bold #ffffff on #4a5563",
    "FOLLOW-UP": "bold #ffffff on #5d4a7a",
}


def tag(label: str) -> Text:
    return Text(f" {label} ", style=TAG_STYLES.get(label, "reverse"))


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
        src = sources.get(fact.source)
        who = (src.author or src.title) if src else fact.source
        when = f", {human_date(fact.date)}" if fact.date else ""
        line = Text("• ", style="dim")
        line.append(f"{who} ¶{fact.paragraph}{when}: ", style="bold")
        line.append(" ".join(fact.summary.split()))
        if fact.quote:
            line.append(f" “{fact.quote}”", style="italic")
            if fact.quote_by:
                line.append(f" — {fact.quote_by}", style="dim")
        out.append(line)
    return out


class CardView(Static):
    """The card at the head of the turn (or a quiet turn, or the end-of-turn summary)."""

    def show_card(self, card, facts: dict, sources: dict, places: dict, waiting: int = 0) -> None:
        head = Text()
        for label in card_tags(card):
            head.append_text(tag(label))
            head.append(" ")
        if waiting:
            head.append(f"  +{waiting} more this turn", style="dim")
        title = Text(card.title, style="bold")
        where = [human_date(card.date)] if card.date else []
        if card.place and card.place in places:
            where.append(places[card.place])
        parts = [head, title]
        if where:
            parts.append(Text(" · ".join(where), style="dim"))
        if card.hypothetical:
            parts.append(Text("Not documented history: a plausible development, for the sake of play.", style="italic #e0b341"))
        parts.append(Text(""))
        parts.append(Text(" ".join(card.text.split())))
        lines = source_lines(card, facts, sources)
        if lines:
            parts.append(Text(""))
            parts.append(Text("Sources", style="bold dim"))
            parts.extend(lines)
        self.update(Text("\n").join(parts))  # one Text: Textual renders it natively, far faster than a Group

    def show_text(self, title: str, body: str, label: str = "EVENT") -> None:
        self.update(Text("\n").join([tag(label), Text(title, style="bold"), Text(""), Text(body)]))
