"""Merging a scenario with its decks, in order: what each deck adds, replaces and removes.

Deck semantics, in the order the decks are given: `cards` are added (an id that exists is an error: use
`replace`), `replace` swaps a card by id, `remove` drops one (nothing may still refer to it), and meters,
actors, places, endings, thresholds, facts and sources are added; `score` weighs the meters the deck adds;
`remembers` adds kinds of deed to the scenario's actors. Every problem is reported in the file that brought
it; cross-references are checked afterwards, on the merged result (game.content.xref).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.content.documents import Document
from game.content.problems import Problem, did_you_mean
from game.content.xref import Item, Merged

if TYPE_CHECKING:  # pragma: no cover
    from game.content.factbase import FactBase


def add_items(doc: Document, key: str, into: dict[str, Item], kind: str, problems: list[Problem],
               model_list: list | None = None) -> list[Item]:
    """Items of the list `key` of a document, checked for duplicates against `into` (which grows)."""
    raw = doc.raw.get(key) if isinstance(doc.raw, dict) else None
    if not isinstance(raw, list):
        return []
    if model_list is None and doc.model is not None:
        model_list = getattr(doc.model, key, None)
    added = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        ident = entry["id"]
        model = model_list[i] if model_list is not None and i < len(model_list) else None
        item = Item(ident, entry, doc, (key, i), model)
        if ident in into:
            problems.append(item.at(("id",), _already(kind, ident, into[ident], doc)))
            continue
        into[ident] = item
        added.append(item)
    return added


def _already(kind: str, ident: str, first: Item, doc: Document) -> str:
    if first.doc is doc:
        p = first.at(("id",), "")
        return f"duplicate {kind} id '{ident}' (first at line {p.line}, column {p.col})"
    return f"{kind} '{ident}' already exists in {_origin(first)}"


def _origin(item: Item) -> str:
    raw = item.doc.raw if isinstance(item.doc.raw, dict) else {}
    name = raw.get("id") if isinstance(raw.get("id"), str) else None
    kind = raw.get("kind")
    label = f"{kind} '{name}'" if name and kind in ("scenario", "deck") else "the fact base"
    return f"{label} ({item.where()})"


def merge(scenario: Document, decks: list[Document], facts: FactBase) -> tuple[Merged, list[Problem]]:
    """The scenario with the decks applied in order, over the fact base; (merged, problems found)."""
    problems: list[Problem] = []
    mg = Merged(scenario)
    mg.shipped_facts = facts.facts
    mg.shipped_sources = facts.sources
    for key, into, kind in (("meters", mg.meters, "meter"), ("actors", mg.actors, "actor"),
                            ("places", mg.places, "place"), ("endings", mg.endings, "ending"),
                            ("thresholds", mg.thresholds, "threshold"), ("cards", mg.cards, "card")):
        add_items(scenario, key, into, kind, problems)
    own_facts: dict[str, Item] = {}
    for item in add_items(scenario, "facts", own_facts, "fact", problems):
        _add_fact(item, mg, problems)

    sc_id = scenario.id or "the scenario"
    for deck in decks:
        raw = deck.raw if isinstance(deck.raw, dict) else None
        if raw is None or raw.get("kind") != "deck":
            continue
        extends = raw.get("extends")
        if isinstance(extends, str) and scenario.id and extends != scenario.id:
            problems.append(deck.at(("extends",), f"deck '{deck.id}' extends '{extends}' but is being "
                                                  f"played on '{scenario.id}'"))
            continue  # not merged: its references to its own scenario would only repeat this, many times over
        own_meters: set[str] = set()
        for key, into, kind in (("meters", mg.meters, "meter"), ("actors", mg.actors, "actor"),
                                ("places", mg.places, "place"), ("thresholds", mg.thresholds, "threshold")):
            added = add_items(deck, key, into, kind, problems)
            if key == "meters":
                own_meters = {item.id for item in added}
        _add_score(deck, own_meters, mg, problems)
        _add_endings(deck, mg, problems)
        memories = raw.get("remembers")
        if isinstance(memories, dict):
            item = Item(deck.id or "", memories, deck, ("remembers",))
            mg.deck_memories.extend((item, aid) for aid in memories if isinstance(aid, str))
        deck_sources: dict[str, Item] = {}
        for item in add_items(deck, "sources", deck_sources, "source", problems):
            other = mg.sources.get(item.id) or mg.shipped_sources.get(item.id)
            if other is not None:
                problems.append(item.at(("id",), f"source '{item.id}' already exists in {_origin(other)}"))
            else:
                mg.sources[item.id] = item
        deck_facts: dict[str, Item] = {}
        for item in add_items(deck, "facts", deck_facts, "fact", problems):
            _add_fact(item, mg, problems)

        # cards: add, then replace, then remove
        models = deck.model.cards if deck.model is not None else None
        for i, entry in enumerate(_list(raw, "cards")):
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            item = Item(entry["id"], entry, deck, ("cards", i), models[i] if models else None)
            first = mg.cards.get(item.id)
            if first is not None:
                if first.doc is deck:
                    problems.append(item.at(("id",), _already("card", item.id, first, deck)))
                else:
                    problems.append(item.at(("id",), f"card '{item.id}' already exists in {_origin(first)}; "
                                                     "put it under replace: to change it"))
                continue
            mg.cards[item.id] = item
        models = deck.model.replace if deck.model is not None else None
        replaced: dict[str, Item] = {}
        for i, entry in enumerate(_list(raw, "replace")):
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            item = Item(entry["id"], entry, deck, ("replace", i), models[i] if models else None)
            if item.id in replaced:
                problems.append(item.at(("id",), _already("card", item.id, replaced[item.id], deck)))
                continue
            replaced[item.id] = item
            first = mg.cards.get(item.id)
            if first is None:
                problems.append(item.at(("id",), _missing_card("replace", item.id, mg, sc_id)))
                continue
            if first.doc is not scenario and first.doc is not deck:
                problems.append(item.at(("id",), f"card '{item.id}' comes from {_origin(first)}; this deck "
                                                 "replaces it", "warning"))
            mg.cards[item.id] = item  # same place in the order
        for i, ident in enumerate(_list(raw, "remove")):
            if not isinstance(ident, str):
                continue
            item = Item(ident, {}, deck, ("remove", i))
            if ident not in mg.cards:
                problems.append(item.at((), _missing_card("remove", ident, mg, sc_id)))
                continue
            del mg.cards[ident]
            mg.removed[ident] = item
    return mg, problems


def _list(raw: dict, key: str) -> list:
    value = raw.get(key)
    return value if isinstance(value, list) else []


def _missing_card(verb: str, ident: str, mg: Merged, sc_id: str) -> str:
    if ident in mg.removed:
        gone = mg.removed[ident]
        return f"no card '{ident}' to {verb}: {gone.where()} removed it"
    return f"no card '{ident}' to {verb} in {sc_id}" + did_you_mean(ident, mg.cards)


def _add_fact(item: Item, mg: Merged, problems: list[Problem]) -> None:
    other = mg.facts.get(item.id) or mg.shipped_facts.get(item.id)
    if other is not None:
        problems.append(item.at(("id",), f"fact '{item.id}' already exists in {_origin(other)}"))
        return
    mg.facts[item.id] = item


def _add_score(deck: Document, own_meters: set[str], mg: Merged, problems: list[Problem]) -> None:
    """A deck's `score`: weights for the meters it adds (the scenario's own weights are its balance)."""
    score = deck.raw.get("score")
    if not isinstance(score, dict):
        return
    for meter, weight in score.items():
        if not isinstance(meter, str) or isinstance(weight, bool) or not isinstance(weight, (int, float)):
            continue  # the schema reports it
        if meter in own_meters:
            mg.deck_score[meter] = float(weight)
        elif meter in mg.meters:
            problems.append(deck.at(("score", meter), f"meter '{meter}' comes from {_origin(mg.meters[meter])}: "
                                                      "a deck weighs only the meters it adds", key=True))
        else:
            problems.append(deck.at(("score", meter), f"this deck adds no meter '{meter}'"
                                                      + did_you_mean(meter, own_meters), key=True))


def _add_endings(deck: Document, mg: Merged, problems: list[Problem]) -> None:
    """Deck endings go before the scenario's fallback ending (an ending after it would never be reached)."""
    new: dict[str, Item] = {}
    taken = dict(mg.endings)
    for item in add_items(deck, "endings", taken, "ending", problems):
        new[item.id] = item
    if not new:
        return
    items = list(mg.endings.values())
    cut = len(items)
    for i, e in enumerate(items):
        if e.raw.get("sudden") is not True and e.raw.get("when") is None:
            cut = i
            break
    merged = items[:cut] + list(new.values()) + items[cut:]
    mg.endings.clear()
    mg.endings.update((e.id, e) for e in merged)
