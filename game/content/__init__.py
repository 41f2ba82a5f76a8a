"""Loading content: safe YAML -> positions -> pydantic -> cross-reference checks; schema export.

    from game.content import resolve, load_embedded, ContentError, Problem, Resolved
    resolved = resolve("tripoli-2019", decks=[Path("my-deck.yaml")])   # raises ContentError
    setup = load_class("content/classes/tripoli-seminar.yaml")         # a class pack, resolved

Importing this package is cheap: the YAML parser, pydantic and the models load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

DEFAULT_SCENARIO = "tripoli-2019"

_EXPORTS = {
    "Problem": "game.content.problems",
    "ContentError": "game.content.problems",
    "Document": "game.content.documents",
    "load_document": "game.content.documents",
    "read_document": "game.content.documents",
    "parse_document": "game.content.documents",
    "Resolved": "game.content.bundle",
    "resolve": "game.content.resolver",
    "load_embedded": "game.content.embedded",
    "find_scenario": "game.content.discovery",
    "find_deck": "game.content.discovery",
    "find_class": "game.content.discovery",
    "ClassSetup": "game.content.classpack",
    "load_class": "game.content.classpack",
    "validate_stack": "game.content.library",
    "content_ids": "game.content.ids",
    "shipped_facts": "game.content.factbase",
    "Entry": "game.content.library",
    "catalog": "game.content.library",
    "validate_paths": "game.content.library",
    "json_schema": "game.content.library",
    "clear_caches": "game.content.resolver",
}

__all__ = ["DEFAULT_SCENARIO", *_EXPORTS]

if TYPE_CHECKING:  # pragma: no cover
    from game.content.library import Entry, catalog, json_schema, validate_paths, validate_stack
    from game.content.documents import Document, load_document, parse_document, read_document
    from game.content.problems import ContentError, Problem
    from game.content.bundle import Resolved
    from game.content.classpack import ClassSetup, load_class
    from game.content.discovery import find_class, find_deck, find_scenario
    from game.content.ids import content_ids
    from game.content.embedded import load_embedded
    from game.content.factbase import shipped_facts
    from game.content.resolver import clear_caches, resolve


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'game.content' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
