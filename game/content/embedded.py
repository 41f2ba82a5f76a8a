"""Content from a save: `load_embedded` rebuilds a `Resolved` from `Resolved.embedded` (pydantic only, no YAML)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from game.content.bundle import FORMAT, Resolved
from game.content.documents import Document, schema_problems
from game.content.factbase import FactBase
from game.content.merge import merge
from game.content.problems import ContentError, Problem
from game.content.xref import check
from game.model import content as m


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
    merged, problems = merge(sdoc, [], base)
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
