"""What content there is (`catalog`), whether files are valid (`validate_paths`, and decks stacked on a
scenario together: `validate_stack`), and the JSON schema of content files (`json_schema`, for editors:
`# yaml-language-server: $schema=wargame.schema.json`)."""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Iterable, Union

from game import paths
from game.content import DEFAULT_SCENARIO
from game.content.documents import Document, read_document
from game.content.problems import ContentError, Problem, display_path
from game.content.discovery import deck_file, find_scenario, scenario_file, yaml_files as _yaml_files
from game.content.factbase import FactBase, shipped_facts
from game.content.resolver import resolve_documents
from game.content.xref import scenario_span
from game.model.content import Scenario

SCHEMA_ID = "urn:kremlins-libya-gambit:content:1"


@dataclass(frozen=True)
class Entry:
    """One scenario or deck file, as listed by `wargame list`."""

    kind: str  # "scenario", "deck" or "class" (or what the file says it is)
    id: str
    title: str
    path: Path
    start: str | None = None  # ISO date (a deck: its earliest card date, which may be partial, else the
    end: str | None = None    # span of the scenario it extends)
    cards: int = 0
    extends: str | None = None  # a deck: the scenario it extends; a class pack: the scenario it plays
    shipped: bool = False
    error: str | None = None  # the first problem, when the file is not valid

    @property
    def span(self) -> tuple[str | None, str | None]:
        return self.start, self.end


def catalog() -> list[Entry]:
    """Shipped scenarios, shipped decks, shipped class packs, then the user's decks and class packs; a broken
    file is listed with its error."""
    entries: list[Entry] = []
    groups = [
        (paths.scenarios_dir(), False, "scenario", True),
        (paths.decks_dir(), True, "deck", True),
        (paths.classes_dir(), True, "class", True),
        (paths.user_decks_dir(), True, "deck", False),
    ]
    seen: set[str] = set()
    for folder, recursive, kind, shipped in groups:
        try:
            files = _yaml_files(folder, recursive)
        except OSError:
            continue
        for path in files:
            key = os.path.abspath(path)
            if key in seen:
                continue
            seen.add(key)
            entries.append(_entry(path, kind, shipped))
    # a deck whose cards carry no dates spans the scenario it extends
    spans = {e.id: (e.start, e.end) for e in entries if e.kind == "scenario" and e.start}
    return [replace(e, start=spans[e.extends][0], end=spans[e.extends][1])
            if e.kind == "deck" and e.start is None and e.extends in spans else e for e in entries]


def _entry(path: Path, kind: str, shipped: bool) -> Entry:
    try:
        doc = read_document(path)
    except Exception as exc:  # noqa: BLE001 - a listing must list, whatever the file holds
        return Entry(kind, path.stem, "", path, shipped=shipped, error=f"{display_path(path)}: {exc}")
    raw = doc.raw if isinstance(doc.raw, dict) else {}
    if isinstance(raw.get("kind"), str) and raw["kind"] in ("scenario", "deck", "facts", "class"):
        kind = raw["kind"]
    title = raw.get("title") if isinstance(raw.get("title"), str) else ""
    errors = [p for p in doc.problems if p.is_error]
    error = None
    if errors:
        error = str(errors[0]) + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    start = end = None
    cards = raw.get("cards") if isinstance(raw.get("cards"), list) else []
    count = len(cards)
    extends = raw.get("extends") if isinstance(raw.get("extends"), str) else None
    if kind == "class":
        extends = raw.get("scenario") if isinstance(raw.get("scenario"), str) else None
        decks = raw.get("decks") if isinstance(raw.get("decks"), list) else []
        return Entry(kind, doc.id or path.stem, title, path, None, None, len(decks), extends, shipped, error)
    if kind == "scenario":
        span = scenario_span(raw)
        if span is not None:
            start, end = span[0].isoformat(), span[1].isoformat()
    elif kind == "deck":
        replace = raw.get("replace") if isinstance(raw.get("replace"), list) else []
        count += len(replace)
        dates = sorted(c["date"] for c in cards + replace
                       if isinstance(c, dict) and isinstance(c.get("date"), str))
        if dates:
            start, end = dates[0], dates[-1]
    return Entry(kind, doc.id or path.stem, title, path, start, end, count, extends, shipped, error)


def validate_paths(targets: Iterable[str | os.PathLike]) -> list[Problem]:
    """Every problem (errors and warnings) of the given files; folders are searched for *.yaml / *.yml.
    A deck is checked stacked on the scenario it extends (or on the default scenario); a class pack with its
    scenario and decks stacked together."""
    problems: list[Problem] = []
    files: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            found = _yaml_files(path, recursive=True)
            if not found:
                problems.append(Problem(display_path(path), 0, 0, "", "no .yaml or .yml files in this folder",
                                        "warning"))
            files.extend(found)
        else:
            files.append(path)
    # a deck is checked on a scenario given alongside it before the shipped ones
    local: dict[str, Path] = {}
    for path in files:
        doc = read_document(path)
        if isinstance(doc.raw, dict) and doc.raw.get("kind") == "scenario" and doc.id:
            local.setdefault(doc.id, path)
    for path in files:
        problems.extend(_validate_file(path, local))
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    unique: list[Problem] = []
    seen: set[Problem] = set()
    for p in problems:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def validate_stack(scenario: str | os.PathLike, decks: Iterable[str | os.PathLike]) -> list[Problem]:
    """Every problem of decks stacked on a scenario, in order, checked together (ids or files): the errors
    anywhere, and the warnings the decks cause. A name that finds no file is a problem too."""
    problems: list[Problem] = []
    try:
        sdoc = read_document(scenario_file(scenario))
    except ContentError as exc:
        return exc.problems
    ddocs = []
    for deck in decks:
        try:
            ddocs.append(read_document(deck_file(deck)))
        except ContentError as exc:
            problems.extend(exc.problems)
    return _unique(problems + _stack_problems(sdoc, ddocs))


def _stack_problems(scenario: Document, decks: list[Document]) -> list[Problem]:
    """The problems of decks on a scenario: every error, and the warnings the decks cause (the scenario's own
    warnings are its business; a deck may change the numbers a dead-content warning quotes, not the fact, so
    they are told apart by position)."""
    found = _checked(scenario, decks)
    if not decks:
        return found
    alone = {(p.path, p.line, p.col, p.location) for p in _checked(scenario, []) if not p.is_error}
    shown = {d.shown for d in decks}
    return [p for p in found if p.path in shown or p.is_error or (p.path, p.line, p.col, p.location) not in alone]


def _validate_file(path: Path, local: dict[str, Path]) -> list[Problem]:
    doc = read_document(path)
    raw = doc.raw
    if not isinstance(raw, dict) or doc.kind is None and raw.get("kind") not in ("scenario", "deck", "facts",
                                                                                "class"):
        return list(doc.problems)
    kind = raw["kind"]
    if kind == "scenario":
        return _checked(doc, [])
    if kind == "class":
        return _validate_class(doc)
    if kind == "deck":
        extends = raw.get("extends")
        target = extends if isinstance(extends, str) else DEFAULT_SCENARIO
        try:
            scenario_path = local.get(target) or _sibling_scenario(path, target) or find_scenario(target)
        except ContentError as exc:
            where = ("extends",) if isinstance(extends, str) else ()
            reason = exc.problems[0].message if exc.problems else f"no scenario '{target}'"
            note = "" if isinstance(extends, str) else " (a deck without `extends` is checked on the default)"
            return list(doc.problems) + [doc.at(where, f"cannot check it on a scenario: {reason}{note}")]
        return _stack_problems(read_document(scenario_path), [doc])
    return _validate_facts(doc)


def _validate_class(doc: Document) -> list[Problem]:
    """A class pack: its own problems, the names of its scenario and decks, and those stacked together."""
    from game.content.classpack import pack_files, turns_problem

    problems = list(doc.problems)
    scenario, decks, named = pack_files(doc)
    problems.extend(named)
    if scenario is None:
        return problems
    sdoc = read_document(scenario)
    problems.extend(_stack_problems(sdoc, [read_document(d) for d in decks]))
    if doc.model is not None and isinstance(sdoc.model, Scenario):
        problem = turns_problem(doc, doc.model, sdoc.model.turns)
        if problem is not None:
            problems.append(problem)
    return problems


def _checked(scenario: Document, decks: list[Document]) -> list[Problem]:
    """Every problem of the scenario with the decks, then (when it loads) the warnings of
    `content_warnings`."""
    resolved, problems = resolve_documents(scenario, decks)
    if resolved is None:
        return problems
    return problems + content_warnings(resolved)


def content_warnings(resolved) -> list[Problem]:
    """The warnings about content that loads: what can never happen (game.content.lint), and the decks'
    cards the draw weights leave rare (game.content.draws)."""
    from game.content.draws import rare_draws
    from game.content.lint import lint

    return lint(resolved) + rare_draws(resolved)


def _sibling_scenario(path: Path, ident: str) -> Path | None:
    for other in _yaml_files(path.parent):
        doc = read_document(other)
        if isinstance(doc.raw, dict) and doc.raw.get("kind") == "scenario" and doc.id == ident:
            return other
    return None


def _validate_facts(doc: Document) -> list[Problem]:
    here = os.path.abspath(doc.path) if doc.path is not None else None
    others = [d for d in shipped_facts().docs if d.path is None or os.path.abspath(d.path) != here]
    base = FactBase(others + [doc])
    return [p for p in base.problems if p.path == doc.shown]


@lru_cache(maxsize=1)
def _schema() -> dict:
    from pydantic import Field, TypeAdapter

    from game.model.classroom import ClassPack
    from game.model.content import Deck, FactBase as FactBaseModel, Scenario

    adapter = TypeAdapter(Annotated[Union[Scenario, Deck, FactBaseModel, ClassPack], Field(discriminator="kind")])
    body = adapter.json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Kremlin's Libya Gambit content file",
        "description": "A scenario (kind: scenario), an instructor's deck (kind: deck), a fact base "
                       "(kind: facts) or a class pack (kind: class). Check files with `wargame validate`.",
        **body,
    }


def json_schema() -> dict:
    """One JSON schema (draft 2020-12) for scenario, deck, facts and class files, told apart by `kind`."""
    return copy.deepcopy(_schema())
