"""The one place where saves depend on the content loader (game.content).

A save embeds `resolved.embedded` and `resolved.content_hash`; reading it back goes through
`content_from_embedded` (game.content's `load_embedded`). Tests and benches that build scenarios in Python
get resolved content from `resolved_from_scenario`.
"""

from __future__ import annotations

from typing import Any

from game.content.canonical import sha256_hex
from game.model.content import Scenario


def resolved_from_scenario(scenario: Scenario | dict, facts: dict | None = None, sources: dict | None = None):
    """Resolved content from a scenario built in Python (tests, benches). The scenario's own `facts:` move
    beside it, where embedded content keeps them."""
    if isinstance(scenario, dict):
        scenario = Scenario.model_validate(scenario)
    facts = dict(facts or {})
    for f in scenario.facts:
        facts.setdefault(f.id, f)
    if scenario.facts:
        scenario = scenario.model_copy(update={"facts": []})
    from game.content import Resolved  # the loader on first use (game.content loads lazily)

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
    """Rebuild the resolved content (a `game.content.Resolved`) a save embeds. `digest`: sha256_hex(embedded)
    when the caller has it already."""
    key = digest or sha256_hex(embedded)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    from game.content import load_embedded

    try:
        resolved = load_embedded(embedded)
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
