"""Resolve a scenario and its decks into one checked, hashable bundle of content.

    resolved = resolve("tripoli-2019", decks=[Path("deck.yaml")])
    resolved.scenario / .facts / .sources / .deck_ids / .embedded / .content_hash / .rules

Deck semantics, in the order the decks are given: `cards` are added (an id that exists is an error: use
`replace`), `replace` swaps a card by id, `remove` drops one (nothing may still refer to it), and meters,
actors, places, endings, facts and sources are added. A deck that `extends` a scenario may only be played
on that scenario. Cross-references are checked on the merged result and reported in the file that
brought the problem.

The merged `scenario.facts` is empty: the facts the cards cite (from seeds/ or from the files' own `facts:`)
are in `resolved.facts`, and both go into `embedded`, which is all a save needs to rebuild the game.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from game import paths
from game.content import DEFAULT_SCENARIO
from game.content.canonical import sha256_hex
from game.content.documents import Document, no_gc, read_document, schema_problems, stamp
from game.content.problems import ContentError, Problem, did_you_mean, display_path
from game.content.xref import Item, Merged, check
from game.model import content as m

FORMAT = "wargame-content"
YAML_SUFFIXES = (".yaml", ".yml")

__all__ = [
    "DEFAULT_SCENARIO", "Resolved", "resolve", "load_embedded", "find_scenario", "find_deck",
    "shipped_facts", "clear_caches",
]


class Resolved:
    """A scenario with its decks applied, checked, with the facts it cites and a content hash."""

    def __init__(self, scenario: m.Scenario, facts: dict[str, m.Fact], sources: dict[str, m.Source],
                 decks: list[dict], warnings: list[Problem] | None = None, paths: list[Path] | None = None):
        self.scenario = scenario
        self.facts = facts
        self.sources = sources
        self.deck_ids = [d["id"] for d in decks]
        self.decks = decks
        self.warnings = warnings or []
        self.paths = paths or []
        self._embedded: dict | None = None
        self._hash: str | None = None
        self._rules = None

    @property
    def embedded(self) -> dict:
        """JSON-ready: everything a save needs to rebuild this content (built on first use)."""
        if self._embedded is None:
            with no_gc():
                dump = {"mode": "json", "by_alias": True, "exclude_none": True}
                self._embedded = {
                    "format": FORMAT,
                    "scenario": self.scenario.model_dump(**dump),
                    "facts": [self.facts[k].model_dump(**dump) for k in sorted(self.facts)],
                    "sources": [self.sources[k].model_dump(**dump) for k in sorted(self.sources)],
                    "decks": [dict(d) for d in self.decks],
                }
        return self._embedded

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON of `embedded`."""
        if self._hash is None:
            self._hash = sha256_hex(self.embedded)
        return self._hash

    @property
    def rules(self):
        """The engine's compiled rules, built once."""
        if self._rules is None:
            from game.engine import compile_rules

            with no_gc():  # thousands of closures: the collector would rescan every model each time
                self._rules = compile_rules(self.scenario, self.content_hash)
        return self._rules

    def __repr__(self) -> str:
        decks = f", decks={self.deck_ids}" if self.deck_ids else ""
        digest = f" {self._hash[:12]}" if self._hash else ""  # never computed just to be shown
        return f"<Resolved {self.scenario.id}{decks}{digest}>"


# --------------------------------------------------------------------------- finding files


def _yaml_files(folder: Path, recursive: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    found = folder.rglob("*") if recursive else folder.glob("*")
    return sorted(p for p in found if p.suffix in YAML_SUFFIXES and p.is_file())


def _looks_like_path(value: str | os.PathLike) -> bool:
    if isinstance(value, os.PathLike):
        return True
    return value.endswith(YAML_SUFFIXES) or "/" in value or os.sep in value


def _find(kind: str, ident: str, folders: list[tuple[Path, bool]]) -> Path:
    seen: list[str] = []
    for folder, recursive in folders:
        direct = [folder / f"{ident}{s}" for s in YAML_SUFFIXES]
        for path in direct + _yaml_files(folder, recursive):
            if not path.is_file():
                continue
            doc = read_document(path)
            if isinstance(doc.raw, dict) and doc.raw.get("kind") == kind:
                if doc.id == ident:
                    return path
                if doc.id:
                    seen.append(doc.id)
    where = ", ".join(display_path(f) for f, _ in folders)
    known = sorted(set(seen))
    listing = f"; known: {', '.join(known)}" if known else ""
    raise ContentError([Problem(ident, 0, 0, "", f"no {kind} with id '{ident}' in {where}"
                                + did_you_mean(ident, known) + listing)])


def find_scenario(ident: str) -> Path:
    """A scenario id -> its file: the shipped scenarios first, then the deck folders."""
    return _find("scenario", ident, [(paths.scenarios_dir(), False), (paths.user_decks_dir(), True),
                                     (paths.decks_dir(), True)])


def find_deck(ident: str) -> Path:
    """A deck id -> its file: the shipped decks, then the user's deck folder."""
    return _find("deck", ident, [(paths.decks_dir(), True), (paths.user_decks_dir(), True)])


def _scenario_path(value: str | os.PathLike) -> Path:
    if _looks_like_path(value) or Path(value).is_file():
        return Path(value)
    return find_scenario(str(value))


def _deck_path(value: str | os.PathLike) -> Path:
    if _looks_like_path(value) or Path(value).is_file():
        return Path(value)
    return find_deck(str(value))


# --------------------------------------------------------------------------- the shipped fact base


class FactBase:
    """Every fact and source of the shipped fact bases (seeds/*.yaml), with their problems."""

    def __init__(self, docs: list[Document]):
        self.docs = docs
        self.stamps: tuple = ()
        self.facts: dict[str, Item] = {}
        self.sources: dict[str, Item] = {}
        self.problems: list[Problem] = []
        for doc in docs:
            self.problems.extend(doc.problems)
            if doc.kind != "facts" and isinstance(doc.raw, dict) and doc.raw.get("kind") is not None:
                self.problems.append(doc.at(("kind",), "the fact base folder holds `kind: facts` files only"))
                continue
            _add_items(doc, "sources", self.sources, "source", self.problems)
            _add_items(doc, "facts", self.facts, "fact", self.problems)
        for fact in self.facts.values():
            src = fact.raw.get("source")
            if isinstance(src, str) and src not in self.sources:
                self.problems.append(fact.at(("source",), f"unknown source '{src}'"
                                             + did_you_mean(src, self.sources)))


_facts_cache: dict[str, tuple[tuple, FactBase]] = {}


def shipped_facts() -> FactBase:
    """The fact base of seeds/ (cached until a file changes)."""
    folder = paths.seeds_dir()
    files = _yaml_files(folder)
    key = str(folder)
    stamps = tuple((str(p), stamp(p)) for p in files)
    hit = _facts_cache.get(key)
    if hit is not None and hit[0] == stamps:
        return hit[1]
    base = FactBase([read_document(p) for p in files])
    base.stamps = stamps
    _facts_cache[key] = (stamps, base)
    return base


# --------------------------------------------------------------------------- merging


def _add_items(doc: Document, key: str, into: dict[str, Item], kind: str, problems: list[Problem],
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


def _merge(scenario: Document, decks: list[Document], facts: FactBase) -> tuple[Merged, list[Problem]]:
    problems: list[Problem] = []
    mg = Merged(scenario)
    mg.shipped_facts = facts.facts
    mg.shipped_sources = facts.sources
    for key, into, kind in (("meters", mg.meters, "meter"), ("actors", mg.actors, "actor"),
                            ("places", mg.places, "place"), ("endings", mg.endings, "ending"),
                            ("cards", mg.cards, "card")):
        _add_items(scenario, key, into, kind, problems)
    own_facts: dict[str, Item] = {}
    for item in _add_items(scenario, "facts", own_facts, "fact", problems):
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
        for key, into, kind in (("meters", mg.meters, "meter"), ("actors", mg.actors, "actor"),
                                ("places", mg.places, "place")):
            _add_items(deck, key, into, kind, problems)
        _add_endings(deck, mg, problems)
        deck_sources: dict[str, Item] = {}
        for item in _add_items(deck, "sources", deck_sources, "source", problems):
            other = mg.sources.get(item.id) or mg.shipped_sources.get(item.id)
            if other is not None:
                problems.append(item.at(("id",), f"source '{item.id}' already exists in {_origin(other)}"))
            else:
                mg.sources[item.id] = item
        deck_facts: dict[str, Item] = {}
        for item in _add_items(deck, "facts", deck_facts, "fact", problems):
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


def _add_endings(deck: Document, mg: Merged, problems: list[Problem]) -> None:
    """Deck endings go before the scenario's fallback ending (an ending after it would never be reached)."""
    new: dict[str, Item] = {}
    taken = dict(mg.endings)
    for item in _add_items(deck, "endings", taken, "ending", problems):
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


# --------------------------------------------------------------------------- resolving


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
    merged, merge_problems = _merge(scenario, decks, facts)
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
        "actors": [i.model for i in mg.actors.values()],
        "places": [i.model for i in mg.places.values()],
        "endings": [i.model for i in mg.endings.values()],
        "facts": [],
    })
    cited: dict[str, m.Fact] = {}
    for card in merged.cards:
        for fid in card.facts:
            if fid not in cited:
                item = mg.facts.get(fid) or mg.shipped_facts[fid]
                cited[fid] = item.model
    wanted = set(base.sources) | {f.source for f in cited.values()} | set(mg.sources)
    sources = {}
    for sid in sorted(wanted):
        item = mg.sources.get(sid) or mg.shipped_sources[sid]
        sources[sid] = item.model
    return Resolved(merged, cited, sources, [_deck_info(d) for d in decks],
                    paths=[d.path for d in (scenario, *decks) if d.path is not None])


_resolved_cache: dict[tuple, Resolved] = {}


def resolve(scenario: str | os.PathLike | None = DEFAULT_SCENARIO,
            decks: Iterable[str | os.PathLike] = ()) -> Resolved:
    """A scenario (id or path) with decks (paths or ids) applied, checked; raises ContentError with every
    error (and the warnings) found. Warnings alone do not stop it: see `Resolved.warnings`.

    With no scenario, the one the first deck `extends` is played (else the default scenario)."""
    deck_paths = [_deck_path(d) for d in decks]
    if scenario is None:
        scenario = DEFAULT_SCENARIO
        if deck_paths:
            first = read_document(deck_paths[0]).raw
            if isinstance(first, dict) and isinstance(first.get("extends"), str):
                scenario = first["extends"]
    scenario_path = _scenario_path(scenario)
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
    return (os.path.abspath(path), stamp(path))


def clear_caches() -> None:
    """Forget every cached document and result (tests that rewrite files in place)."""
    from game.content.documents import clear_cache

    clear_cache()
    _facts_cache.clear()
    _resolved_cache.clear()


# --------------------------------------------------------------------------- from a save


class _DeckInfo(m.Strict):
    id: m.Id
    title: str = ""
    author: str | None = None
    extends: m.Id | None = None


class _Embedded(m.Strict):
    format: str
    scenario: dict
    facts: list[m.Fact]
    sources: list[m.Source]
    decks: list[_DeckInfo]


def load_embedded(data: Any, shown: str = "<embedded content>") -> Resolved:
    """Rebuild a Resolved from a save's embedded content (pydantic only, no YAML). Damaged data gives a
    ContentError naming what is wrong, never a traceback."""
    doc = Document(None, shown, data)
    if not isinstance(data, dict):
        raise ContentError([Problem(shown, 0, 0, "", "the embedded content is not a mapping")])
    if data.get("format") != FORMAT:
        raise ContentError([Problem(shown, 0, 0, "format", f"not {FORMAT} data (format: {data.get('format')!r})")])
    try:
        top = _Embedded.model_validate(data)
    except ValidationError as exc:
        raise ContentError(schema_problems(doc, _Embedded, exc, ())) from None
    sdoc = Document(None, shown, top.scenario)
    sdoc.kind = "scenario"
    try:
        scenario = m.Scenario.model_validate(top.scenario)
    except ValidationError as exc:
        problems = schema_problems(sdoc, m.Scenario, exc, ())
        raise ContentError([_prefixed(p, "scenario") for p in problems]) from None
    sdoc.model = scenario
    # the embedded facts and sources stand in for seeds/: rebuild a fact base from them
    fdoc = Document(None, shown, {"kind": "facts", "facts": data["facts"], "sources": data["sources"]})
    fdoc.kind = "facts"
    fdoc.model = m.FactBase.model_construct(kind="facts", facts=top.facts, sources=top.sources)
    base = FactBase([fdoc])
    if scenario.facts:
        raise ContentError([Problem(shown, 0, 0, "scenario.facts", "embedded scenarios carry their facts "
                                    "beside the scenario, not in it")])
    merged, problems = _merge(sdoc, [], base)
    problems = [_prefixed(p, "scenario") for p in problems + check(merged)] + base.problems
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ContentError(errors)
    facts = {f.id: f for f in top.facts}
    sources = {s.id: s for s in top.sources}
    return Resolved(scenario, facts, sources, [d.model_dump(exclude_none=True) for d in top.decks],
                    warnings=[p for p in problems if not p.is_error])


def _prefixed(p: Problem, prefix: str) -> Problem:
    location = f"{prefix}.{p.location}" if p.location else prefix
    return Problem(p.path, p.line, p.col, location, p.message, p.severity, p.card)
