"""How players see sources: "Ramani, ¶5", the document's title, or outside knowledge marked as such.

Screens and reports never show fact ids (`r19-wagner-benghazi`) or file paths; they show these forms:

    cite(fact, sources)        -> "Ramani, ¶5" / "Russia-Libya Cooperation and Counter-Terrorism, ¶16" /
                                  "outside the documents: UNSMIL, UN press release, 18 December 2016"
    cite_many(ids, facts, sources) -> "Ramani, ¶1, ¶8" (grouped by source, in order; for a card's or a
                                  record's facts)
    source_name(source)        -> "Ramani" / the title
    grade_label(record)        -> "documented" / "inferred" / "not recorded"
    moscow_did(card, facts, sources) -> "Block the draft (documented: Ramani, ¶1)" / "Hear him out
                                  (inferred: ...)" / the card's note when no option is marked
    moscow_fact_ids(cards)     -> the facts records of what Moscow did stand on (kept off the cards while a
                                  class pack hides what Moscow did until the end)

Pure functions of the content models (no I/O), so every floor above the model can use them.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from game.model.content import Fact, HistoryRecord, Source

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")

GRADE_LABELS = {"documented": "documented", "inferred": "inferred", "not-recorded": "not recorded"}


def readable_date(iso: str | None) -> str:
    """'2016-12-18' -> '18 December 2016'; '2019-03' -> 'March 2019'; '2015' -> '2015'."""
    if not iso:
        return ""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return iso
    return iso


def source_name(source: Source) -> str:
    """The short name a citation uses: the author's surname when there is an author, else the title."""
    if source.author:
        return source.author.split()[-1]
    return source.title


def cite(fact: Fact, sources: Mapping[str, Source]) -> str:
    """Where a fact comes from, as a reader would cite it; outside knowledge says so."""
    source = sources.get(fact.source)
    if source is None:
        return "a source not in this content"
    if source.outside:
        parts = [p for p in (source.publisher, source.form, readable_date(source.published)) if p]
        return "outside the documents: " + ", ".join(parts)
    name = source_name(source)
    return f"{name}, ¶{fact.paragraph}" if fact.paragraph else name


def cite_many(fact_ids: Iterable[str], facts: Mapping[str, Fact], sources: Mapping[str, Source]) -> str:
    """Several facts cited at once, grouped by source: "Ramani, ¶1, ¶8; outside the documents: ..."."""
    groups: dict[str, list[str]] = {}
    for fid in fact_ids:
        fact = facts.get(fid)
        if fact is None:
            continue
        source = sources.get(fact.source)
        if source is not None and not source.outside and fact.paragraph:
            paragraphs = groups.setdefault(source_name(source), [])
            if f"¶{fact.paragraph}" not in paragraphs:
                paragraphs.append(f"¶{fact.paragraph}")
        else:
            groups.setdefault(cite(fact, sources), [])
    return "; ".join(f"{name}, {', '.join(ps)}" if ps else name for name, ps in groups.items())


def is_outside(fact: Fact, sources: Mapping[str, Source]) -> bool:
    """True when the fact is knowledge from outside the source documents."""
    source = sources.get(fact.source)
    return source is not None and source.outside is True


def grade_label(record: HistoryRecord | None) -> str:
    """How a record of what Moscow did is graded, in words: documented, inferred or not recorded."""
    return GRADE_LABELS[record.record] if record is not None else GRADE_LABELS["not-recorded"]


def moscow_did(card, facts: Mapping[str, Fact], sources: Mapping[str, Source]) -> str:
    """What Moscow did on a decision card, graded, in one line for screens and reports: the marked option
    with its grade and its sources (documented) or how the documents imply it (inferred); else the card's
    own note that the documents do not record it."""
    option = card.moscow_option
    if option is None:
        return " ".join(card.history.split()) if card.history else "not recorded in the sources"
    record = card.record
    if record.record == "documented":
        detail = cite_many(record.facts, facts, sources)
    else:
        detail = " ".join(record.how.split()) if record.how else ""
    return f"{option.label} ({grade_label(record)}{': ' + detail if detail else ''})"


def moscow_fact_ids(cards: Iterable) -> frozenset[str]:
    """The facts the decision cards' records of what Moscow did stand on: a card citing one of them would
    say what Moscow did."""
    return frozenset(fid for card in cards if card.options and card.record is not None
                     for fid in card.record.facts)
