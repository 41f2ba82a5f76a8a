"""The shipped fact base: every fact and source of seeds/*.yaml, checked, cached until a file changes."""

from __future__ import annotations

from game import paths
from game.content.discovery import yaml_files
from game.content import facts_rules
from game.content.documents import Document, read_document, stamp
from game.content.merge import add_items
from game.content.problems import Problem, did_you_mean
from game.content.xref import Item


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
            add_items(doc, "sources", self.sources, "source", self.problems)
            add_items(doc, "facts", self.facts, "fact", self.problems)
        for fact in self.facts.values():
            src = fact.raw.get("source")
            if isinstance(src, str) and src not in self.sources:
                self.problems.append(fact.at(("source",), f"unknown source '{src}'"
                                             + did_you_mean(src, self.sources)))
        self.problems.extend(facts_rules.fact_base_problems(self.facts, self.sources))


_facts_cache: dict[str, tuple[tuple, FactBase]] = {}


def shipped_facts() -> FactBase:
    """The fact base of seeds/ (cached until a file changes)."""
    folder = paths.seeds_dir()
    files = yaml_files(folder)
    key = str(folder)
    stamps = tuple((str(p), stamp(p)) for p in files)
    hit = _facts_cache.get(key)
    if hit is not None and hit[0] == stamps:
        return hit[1]
    base = FactBase([read_document(p) for p in files])
    base.stamps = stamps
    _facts_cache[key] = (stamps, base)
    return base


def clear_facts_cache() -> None:
    _facts_cache.clear()
