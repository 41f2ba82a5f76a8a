"""Every id an author can use with a scenario and its decks (`wargame ids`): meters with their ranges, actors,
places, cards with their options and tags, the flags effects set (and where), endings, and the facts of the
fact base, by source.

    report = content_ids(resolved)        # an IdsReport; report.to_json() for JSON
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from game.engine.rules import card_window
from game.model import content as m
from game.model.citing import readable_date, source_name
from game.model.report import JsonReport
from game.model.vocabulary import references


@dataclass
class MeterId:
    id: str
    name: str
    min: int
    max: int
    start: int
    good: str
    score: float | None  # its weight in the final score, if it counts


@dataclass
class NamedId:
    id: str
    name: str
    detail: str = ""  # an actor's side, a place's holder at the start


@dataclass
class OptionId:
    id: str
    label: str


@dataclass
class CardId:
    id: str
    title: str
    draw: str  # random, fixed, follow_up
    turns: tuple[int, int]  # the window it can be drawn in (first > last: never)
    options: list[OptionId]
    tags: list[str]


@dataclass
class FlagId:
    id: str
    set_by: list[str]  # cards whose effects set it
    cleared_by: list[str]
    tested_by: list[str]  # cards, options and endings whose conditions test it


@dataclass
class EndingId:
    id: str
    title: str
    sudden: bool
    tone: str


@dataclass
class FactId:
    id: str
    date: str | None
    cite: str  # "Ramani, ¶5"
    paragraph: int | None
    summary: str
    cited: bool  # already cited by this content


@dataclass
class IdsReport(JsonReport):
    scenario: str
    title: str
    decks: list[str]
    turns: int
    meters: list[MeterId]
    actors: list[NamedId]
    places: list[NamedId]
    cards: list[CardId]
    flags: list[FlagId]
    endings: list[EndingId]
    facts: dict[str, list[FactId]] = field(default_factory=dict)  # source title -> its facts


def _short(text: str, limit: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _flags(sc: m.Scenario) -> list[FlagId]:
    found: dict[str, FlagId] = {}

    def flag(name) -> FlagId | None:
        if not isinstance(name, str):
            return None
        return found.setdefault(name, FlagId(name, [], [], []))

    def note(where: str, nodes, family: str) -> None:
        for node in nodes:
            for r in references(node, family, deep=True):
                if r.to != "flag" or (f := flag(r.value)) is None:
                    continue
                target = {"set": f.set_by, "clear": f.cleared_by, "test": f.tested_by}.get(r.role)
                if target is not None and where not in target:
                    target.append(where)

    for card in sc.cards:
        note(card.id, card.effects, "effect")
        if card.when is not None:
            note(card.id, [card.when], "condition")
        for o in card.options:
            note(f"{card.id}/{o.id}", o.effects, "effect")
            if o.when is not None:
                note(f"{card.id}/{o.id}", [o.when], "condition")
    for ending in sc.endings:
        if ending.when is not None:
            note(f"ending {ending.id}", [ending.when], "condition")
    return sorted(found.values(), key=lambda f: f.id)


def content_ids(resolved, fact_base=None) -> IdsReport:
    """The ids of `resolved` (a scenario with its decks); the facts are those of `fact_base` (default: the
    shipped fact base) and of the content's own files."""
    from game.content.factbase import shipped_facts
    from game.model.citing import cite

    sc: m.Scenario = resolved.scenario
    start = date.fromisoformat(sc.start)
    actors = {a.id: a.name for a in sc.actors}
    base = fact_base if fact_base is not None else shipped_facts()
    facts = {fid: item.model for fid, item in base.facts.items() if item.model is not None}
    sources = {sid: item.model for sid, item in base.sources.items() if item.model is not None}
    facts.update(resolved.facts)
    sources.update(resolved.sources)
    by_source: dict[str, list[FactId]] = {}

    def order(fid: str) -> tuple:  # the source documents first, then outside knowledge; by date inside
        src = sources.get(facts[fid].source)
        return (bool(src and src.outside), facts[fid].source, facts[fid].date or "", fid)

    for fid in sorted(facts, key=order):
        fact = facts[fid]
        src = sources.get(fact.source)
        if src is None:
            heading = fact.source
        elif src.outside:
            heading = f"outside the documents: {src.title}"
        else:
            heading = f"{source_name(src)}: {src.title}" if src.author else src.title
        by_source.setdefault(heading, []).append(FactId(fid, readable_date(fact.date) or None,
                                                        cite(fact, sources), fact.paragraph,
                                                        _short(fact.summary), fid in resolved.facts))
    return IdsReport(
        scenario=sc.id,
        title=sc.title,
        decks=list(resolved.deck_ids),
        turns=sc.turns,
        meters=[MeterId(mt.id, mt.name, mt.min, mt.max, mt.start, mt.good, sc.score.get(mt.id))
                for mt in sc.meters],
        actors=[NamedId(a.id, a.name, a.side or "") for a in sc.actors],
        places=[NamedId(p.id, p.name, f"held by {actors.get(p.holder, p.holder)}") for p in sc.places],
        cards=[CardId(c.id, c.title, c.draw, card_window(c, start, sc.turn_days, sc.turns),
                      [OptionId(o.id, o.label) for o in c.options], list(c.tags or []))
               for c in sc.cards],
        flags=_flags(sc),
        endings=[EndingId(e.id, e.title, e.sudden, e.tone) for e in sc.endings],
        facts=by_source,
    )
