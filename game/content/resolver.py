"""Resolving: a scenario (id or file) and its decks -> one checked `Resolved`, cached until a file changes.

    resolved = resolve("tripoli-2019", decks=[Path("deck.yaml")])

Files are read (game.content.documents), merged (game.content.merge) over the fact base
(game.content.factbase), then cross-referenced (game.content.xref). A deck that `extends` a scenario may only
be played on that scenario.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from game.content import DEFAULT_SCENARIO, facts_rules
from game.content.bundle import Resolved
from game.content.discovery import deck_file, scenario_file
from game.content.documents import Document, clear_cache as clear_document_cache, read_document, stamp
from game.content.gc_pause import no_gc
from game.content.factbase import FactBase, clear_facts_cache, shipped_facts
from game.content.merge import merge
from game.content.problems import ContentError, Problem
from game.content.xref import Merged, check
from game.model import content as m


def _deck_info(doc: Document) -> dict:
    raw = doc.raw
    info = {"id": raw.get("id"), "title": raw.get("title")}
    if isinstance(raw.get("author"), str):
        info["author"] = raw["author"]
    if isinstance(raw.get("extends"), str):
        info["extends"] = raw["extends"]
    return info


def resolve_documents(scenario: Document, decks: list[Document],
                      facts: FactBase | None = None) -> tuple[Resolved | None, list[Problem]]:
    """Merge and check; (Resolved or None, every problem: files' own first, then cross-references)."""
    facts = facts if facts is not None else shipped_facts()
    problems: list[Problem] = []
    seen_docs: set[int] = set()
    for doc in [scenario, *decks]:
        if id(doc) not in seen_docs:
            seen_docs.add(id(doc))
            problems.extend(doc.problems)
    if isinstance(scenario.raw, dict) and scenario.raw.get("kind") in ("deck", "facts"):
        problems.append(scenario.at(("kind",), f"expected a scenario here, not a {scenario.raw['kind']} file"))
        return None, problems
    unique: list[Document] = []
    for deck in decks:
        if isinstance(deck.raw, dict) and deck.raw.get("kind") in ("scenario", "facts"):
            problems.append(deck.at(("kind",), f"expected a deck here, not a {deck.raw['kind']} file"))
        if any(d is deck for d in unique):
            problems.append(Problem(deck.shown, 0, 0, "", "this deck is given twice"))
        else:
            unique.append(deck)
    decks = unique
    if not isinstance(scenario.raw, dict):
        return None, problems
    problems.extend(p for p in facts.problems if p.is_error)
    merged, merge_problems = merge(scenario, decks, facts)
    problems.extend(merge_problems)
    problems.extend(check(merged))
    if any(p.is_error for p in problems):
        return None, problems
    return _build(scenario, decks, merged), problems


def _build(scenario: Document, decks: list[Document], mg: Merged) -> Resolved:
    base: m.Scenario = scenario.model
    merged = base.model_copy(update={
        "cards": [i.model for i in mg.cards.values()],
        "meters": [i.model for i in mg.meters.values()],
        "actors": _actors(mg),
        "places": [i.model for i in mg.places.values()],
        "endings": [i.model for i in mg.endings.values()],
        # None when there are none: content without thresholds embeds (and hashes) as before them
        "thresholds": [i.model for i in mg.thresholds.values()] or None,
        "facts": [],
        "score": {**base.score, **mg.deck_score},
    })
    cited: dict[str, m.Fact] = {}
    for fid in facts_rules.cited_fact_ids(merged):  # cards, records, advisers, places
        item = mg.facts.get(fid) or mg.shipped_facts[fid]
        cited[fid] = item.model
    wanted = set(base.sources) | {f.source for f in cited.values()} | set(mg.sources)
    sources = {}
    for sid in sorted(wanted):
        item = mg.sources.get(sid) or mg.shipped_sources[sid]
        sources[sid] = item.model
    return Resolved(merged, cited, sources, [_deck_info(d) for d in decks],
                    paths=[d.path for d in (scenario, *decks) if d.path is not None])


def _actors(mg: Merged) -> list[m.Actor]:
    """The merged actors, each with the kinds of deed the decks add to what it remembers."""
    added: dict[str, list[str]] = {}
    for item, aid in mg.deck_memories:
        for what in item.raw.get(aid) or ():
            kinds = added.setdefault(aid, [])
            if what not in kinds:
                kinds.append(what)
    out = []
    for aid, item in mg.actors.items():
        actor: m.Actor = item.model
        more = [k for k in added.get(aid, ()) if k not in (actor.remembers or ())]
        out.append(actor.model_copy(update={"remembers": [*(actor.remembers or ()), *more]}) if more else actor)
    return out


_resolved_cache: dict[tuple, Resolved] = {}


def resolve(scenario: str | os.PathLike | None = DEFAULT_SCENARIO,
            decks: Iterable[str | os.PathLike] = ()) -> Resolved:
    """A scenario (id or path) with decks (paths or ids) applied, checked; raises ContentError with every
    error (and the warnings) found. Warnings alone do not stop it: see `Resolved.warnings`.

    With no scenario, the one the first deck `extends` is played (else the default scenario)."""
    deck_paths = [deck_file(d) for d in decks]
    if scenario is None:
        scenario = DEFAULT_SCENARIO
        if deck_paths:
            first = read_document(deck_paths[0]).raw
            if isinstance(first, dict) and isinstance(first.get("extends"), str):
                scenario = first["extends"]
    scenario_path = scenario_file(scenario)
    facts = shipped_facts()
    try:
        key = (stamp_of(scenario_path), *(stamp_of(p) for p in deck_paths), facts.stamps)
    except OSError:
        key = None
    if key is not None and key in _resolved_cache:
        return _resolved_cache[key]
    with no_gc():
        sdoc = read_document(scenario_path)
        ddocs = [read_document(p) for p in deck_paths]
        resolved, problems = resolve_documents(sdoc, ddocs, facts)
    if resolved is None:
        raise ContentError(problems)
    resolved.warnings = [p for p in problems if not p.is_error]
    if key is not None:
        if len(_resolved_cache) > 16:
            _resolved_cache.clear()
        _resolved_cache[key] = resolved
    return resolved


def stamp_of(path: Path) -> tuple:
    """What a cached result depends on for one file: its absolute path and its stamp (mtime, size, ...)."""
    return (os.path.abspath(path), stamp(path))


def clear_caches() -> None:
    """Forget every cached document and result (tests that rewrite files in place)."""
    clear_document_cache()
    clear_facts_cache()
    _resolved_cache.clear()
