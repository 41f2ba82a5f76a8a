"""Helpers shared by the saves and debrief tests (no tests here): a small scenario with facts and sources,
games played through GameRecord, and file surgery that keeps a save's hashes consistent."""

from __future__ import annotations

import json
from pathlib import Path

from factories import scenario_dict

from game.engine.policies import POLICIES, policy_rng
from game.saves import GameRecord
from game.saves.codec import PAYLOAD_KEY, payload_hash
from game.saves.content_link import resolved_from_scenario

DATA = Path(__file__).parent / "data" / "saves"


def scenario(**overrides) -> dict:
    d = scenario_dict(**overrides)
    d.setdefault("facts", [
        {"id": "unsc-2019-04-08", "date": "2019-04-08", "actors": ["Russia"], "source": "doc000", "paragraph": 2,
         "summary": "Russia blocks a UNSC statement calling on Haftar's forces to halt."},
    ])
    for card in d["cards"]:
        if card["id"] == "vote":
            card.setdefault("facts", ["unsc-2019-04-08"])
        if card["id"] == "arms":
            card.setdefault("history", "The documents do not record a decision like this one.")
    return d


def content(**overrides):
    """Resolved content (game.content's Resolved) for the test scenario."""
    from game.model.content import Source

    return resolved_from_scenario(
        scenario(**overrides),
        sources={"doc000": Source(id="doc000", title="Document 000: the Tripoli offensive")},
    )


def play(resolved=None, seed: int = 1, policy: str = "random", upto_turn: int | None = None,
         player: str | None = "Test player") -> GameRecord:
    """A game played through GameRecord with a bot, to the end or to the start of `upto_turn`."""
    resolved = resolved or content()
    rec = GameRecord.start(resolved, seed, player=player)
    pol, prng = POLICIES[policy], policy_rng(seed)
    while not rec.over and (upto_turn is None or rec.turn < upto_turn):
        rec.apply(pol(rec.state, rec.legal_decisions(), prng))
    return rec


def read(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def rewrite(path, d: dict, rehash: bool = True) -> None:
    """Write a save back after editing it, with a fresh payload hash (a 'careful' tamperer)."""
    if rehash:
        d[PAYLOAD_KEY] = payload_hash(d)
    Path(path).write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
