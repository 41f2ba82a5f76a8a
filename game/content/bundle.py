"""The bundle of content a game is played on: `Resolved`, a scenario with its decks applied and checked,
the facts and sources it cites, and its content hash.

    resolved.scenario / .facts / .sources / .deck_ids / .embedded / .content_hash / .rules

The merged `scenario.facts` is empty: the facts the cards cite (from seeds/ or from the files' own `facts:`)
are in `resolved.facts`, and both go into `embedded`, which is all a save needs to rebuild the game
(game.content.embedded reads it back). Made by game.content.resolver.
"""

from __future__ import annotations

from pathlib import Path

from game.content.canonical import sha256_hex
from game.content.gc_pause import no_gc
from game.content.problems import Problem
from game.model import content as m

FORMAT = "wargame-content"


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
