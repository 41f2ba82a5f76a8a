"""Saves and the mechanics: games saved before them still verify (content that uses none of them hashes exactly
as before), and a game that uses them all saves, loads, replays and verifies, its order of options included."""

from __future__ import annotations

import json

import pytest
import yaml
from factories import mechanics_scenario
from test_content_support import DATA as CONTENT
from test_saves_support import DATA

from game.engine.policies import POLICIES, policy_rng
from game.engine.state import canonical
from game.model.content import Fact, Source
from game.model.events import CostCause, MemoryChanged, MeterChanged, ThresholdCrossed
from game.saves import GameRecord, load_game, save_game, verify
from game.saves.content_link import resolved_from_scenario

NEW_STATE = ("memory=", "thresholds=")


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("v*.json")))
def test_saves_written_before_the_mechanics_still_verify_and_hash_as_before(name):
    assert verify(DATA / name).ok
    rec = load_game(DATA / name)
    assert not any(line.startswith(NEW_STATE) for line in canonical(rec.state).splitlines())
    raw = json.loads((DATA / name).read_text())
    # today's models give back the embedded content exactly (no new key, not even a default), so its hash
    # is the one the save recorded
    assert rec.resolved.embedded == raw["content"]
    assert rec.resolved.content_hash == raw["content_sha256"]


def mechanics_content():
    seeds = yaml.safe_load((CONTENT / "seeds" / "mini-facts.yaml").read_text())
    facts = {f["id"]: Fact.model_validate(f) for f in seeds["facts"]}
    sources = {s["id"]: Source.model_validate(s) for s in seeds["sources"]}
    return resolved_from_scenario(mechanics_scenario(), facts=facts, sources=sources)


def played(seed: int) -> GameRecord:
    rec = GameRecord.start(mechanics_content(), seed, player="Tester")
    policy, prng = POLICIES["random"], policy_rng(seed)
    while not rec.over:
        rec.apply(policy(rec.state, rec.legal_decisions(), prng))
    return rec


def test_a_game_with_every_mechanic_saves_loads_and_verifies(tmp_path):
    kinds = set()
    for seed in range(12):
        rec = played(seed)
        path = save_game(rec, tmp_path, name=f"m{seed}")
        assert verify(path).ok
        again = load_game(path)
        assert again.state_hash == rec.state_hash and again.log == rec.log
        assert [t.events for t in again.turns] == [t.events for t in rec.turns]
        events = [e for t in rec.turns for e in t.events]
        kinds |= {type(e) for e in events}
        kinds |= {type(e.cause) for e in events if isinstance(e, MeterChanged)}
    assert {ThresholdCrossed, MemoryChanged, CostCause} <= kinds


def test_a_replay_offers_the_options_in_the_same_order(tmp_path):
    rec = played(4)
    orders = []
    replay = GameRecord.start(rec.resolved, 4)
    for d in rec.log:
        orders.append(replay.legal_decisions())
        replay.apply(d)
    loaded = load_game(save_game(rec, tmp_path))
    fresh = GameRecord.start(loaded.resolved, loaded.seed)
    for d, expected in zip(loaded.log, orders):
        assert fresh.legal_decisions() == expected
        fresh.apply(d)
