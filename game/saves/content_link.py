"""The one place where saves depend on the content loader (game.content).

A save embeds `resolved.embedded` and `resolved.content_hash`; reading it back goes through
`content_from_embedded` (game.content's `load_embedded`). Tests and benches that build scenarios in Python
get resolved content from `resolved_from_scenario`. `EmbeddedContent` is a stand-in with the loader's
shape for a build without game.content.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from game.engine import Rules, compile_rules
from game.model.content import Fact, Scenario, Source


def canonical_json(data: Any) -> bytes:
    """The canonical bytes every hash in a save is taken over: sorted keys, compact, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: Any) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


EMBEDDED_FORMAT = "wargame-content"  # game.content.resolve.FORMAT


class EmbeddedContent:
    """A Resolved-like stand-in with the loader's embedded shape, used only when game.content is missing."""

    def __init__(self, scenario: Scenario, facts: dict[str, Fact] | None = None,
                 sources: dict[str, Source] | None = None, decks: list[dict] | None = None):
        self.scenario = scenario
        self.facts = dict(facts or {})
        self.sources = dict(sources or {})
        self.decks = list(decks or [])
        self.deck_ids = [d["id"] for d in self.decks]
        self.embedded = {
            "format": EMBEDDED_FORMAT,
            "scenario": scenario.model_dump(mode="json", by_alias=True, exclude_none=True),
            "facts": [self.facts[k].model_dump(mode="json", by_alias=True, exclude_none=True)
                      for k in sorted(self.facts)],
            "sources": [self.sources[k].model_dump(mode="json", by_alias=True, exclude_none=True)
                        for k in sorted(self.sources)],
            "decks": [dict(d) for d in self.decks],
        }
        self.content_hash = sha256_hex(self.embedded)
        self._rules: Rules | None = None

    @property
    def rules(self) -> Rules:
        if self._rules is None:
            self._rules = compile_rules(self.scenario, content_hash=self.content_hash)
        return self._rules

    @classmethod
    def from_embedded(cls, embedded: dict) -> "EmbeddedContent":
        if not isinstance(embedded, dict) or embedded.get("format") != EMBEDDED_FORMAT:
            raise ValueError(f"not {EMBEDDED_FORMAT} data")
        return cls(
            Scenario.model_validate(embedded["scenario"]),
            facts={f["id"]: Fact.model_validate(f) for f in embedded.get("facts") or []},
            sources={s["id"]: Source.model_validate(s) for s in embedded.get("sources") or []},
            decks=list(embedded.get("decks") or []),
        )


def resolved_from_scenario(scenario: Scenario | dict, facts: dict | None = None, sources: dict | None = None):
    """Resolved content from a scenario built in Python (tests, benches): the loader's `Resolved` when
    present. The scenario's own `facts:` move beside it, where embedded content keeps them."""
    if isinstance(scenario, dict):
        scenario = Scenario.model_validate(scenario)
    facts = dict(facts or {})
    for f in scenario.facts:
        facts.setdefault(f.id, f)
    if scenario.facts:
        scenario = scenario.model_copy(update={"facts": []})
    try:
        from game.content import Resolved
    except ImportError:
        return EmbeddedContent(scenario, facts, sources)
    return Resolved(scenario, facts, dict(sources or {}), [])


class EmbeddedContentError(Exception):
    """The embedded content of a save is not valid content; `str()` says why."""


# content hash -> resolved content: a class's saves share their content, which is then validated and
# compiled once. Keyed by the SHA-256 of the canonical embedded JSON, so equal keys mean equal content.
_CACHE: dict[str, Any] = {}
_CACHE_SIZE = 8


def clear_cache() -> None:
    _CACHE.clear()


def content_from_embedded(embedded: dict, digest: str | None = None):
    """Rebuild the resolved content a save embeds (a `game.content.Resolved`, or the stand-in).
    `digest`: sha256_hex(embedded) when the caller has it already."""
    key = digest or sha256_hex(embedded)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    try:
        from game.content import load_embedded
    except ImportError:  # a build without the loader
        load_embedded = None
    try:
        if load_embedded is not None:
            resolved = load_embedded(embedded)
        else:
            resolved = EmbeddedContent.from_embedded(embedded)
    except Exception as exc:  # ContentError, pydantic's ValidationError, a malformed dict ...
        raise EmbeddedContentError(_short(exc)) from exc
    if resolved.content_hash == key:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = resolved
    return resolved


def _short(exc: Exception) -> str:
    problems = getattr(exc, "problems", None)
    if problems:
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        return shown + more
    text = str(exc).strip().splitlines()
    return " ".join(text[:6]) if text else type(exc).__name__
