"""Embedded content (what a save carries): round trip with the same hash, damaged data refused clearly."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest

from game.content import ContentError, load_embedded, resolve
from test_content_support import content_env  # noqa: F401 - fixture


def canonical_hash(d: dict) -> str:
    text = json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def resolved(content_env):
    return resolve("mini", decks=["mini-extra"])


def test_embedded_shape(resolved):
    e = resolved.embedded
    assert set(e) == {"format", "scenario", "facts", "sources", "decks"}
    assert e["format"] == "wargame-content"
    assert e["scenario"]["id"] == "mini" and e["scenario"]["facts"] == []
    assert [f["id"] for f in e["facts"]] == ["mini-vote"]  # only the facts cited (visit was replaced)
    assert [s["id"] for s in e["sources"]] == ["mini-doc"]
    assert json.loads(json.dumps(e)) == e  # JSON-ready
    assert resolved.content_hash == canonical_hash(e)


def test_round_trip_gives_the_same_hash(resolved):
    data = json.loads(json.dumps(resolved.embedded))
    again = load_embedded(data)
    assert again.content_hash == resolved.content_hash
    assert again.scenario == resolved.scenario
    assert again.deck_ids == ["mini-extra"]
    assert again.facts == resolved.facts and again.sources == resolved.sources
    assert load_embedded(again.embedded).content_hash == resolved.content_hash


def test_rules_are_compiled_once(resolved):
    assert resolved.rules is resolved.rules
    assert resolved.rules.content_hash == resolved.content_hash
    assert set(resolved.rules.cards) == {"vote", "visit", "talks"}


def test_shipped_scenarios_round_trip():
    for ident in ("tripoli-2019", "partnership-2016"):
        try:
            r = resolve(ident)
        except ContentError:  # pragma: no cover - the shipped content is tested on its own
            pytest.skip(f"{ident} is not loadable here")
        assert load_embedded(json.loads(json.dumps(r.embedded))).content_hash == r.content_hash


@pytest.mark.parametrize("damage,expected", [
    (lambda d: "not a dict", "the embedded content is not a mapping"),
    (lambda d: {**d, "format": "other"}, "not wargame-content data"),
    (lambda d: {k: v for k, v in d.items() if k != "scenario"}, "missing required key 'scenario'"),
    (lambda d: {**d, "facts": "oops"}, "expected a list"),
])
def test_damaged_top_level(resolved, damage, expected):
    data = damage(copy.deepcopy(resolved.embedded))
    with pytest.raises(ContentError) as info:
        load_embedded(data)
    assert expected in str(info.value)


def test_damaged_scenario_names_the_place(resolved):
    data = copy.deepcopy(resolved.embedded)
    data["scenario"]["cards"][0]["options"][0]["effects"][0]["add"] = "ten"
    with pytest.raises(ContentError) as info:
        load_embedded(data)
    (p,) = info.value.problems
    assert p.path == "<embedded content>" and p.line == 0
    assert p.location == "scenario.cards[0](vote).options[0].effects[0].add"
    assert str(p) == ("<embedded content>: scenario.cards[0](vote).options[0].effects[0].add: "
                      "expected a whole number, got 'ten'")


def test_tampered_references_are_refused(resolved):
    data = copy.deepcopy(resolved.embedded)
    data["scenario"]["cards"][0]["options"][0]["effects"][0]["meter"] = "nothing"
    with pytest.raises(ContentError, match="unknown meter 'nothing'"):
        load_embedded(data)
    data = copy.deepcopy(resolved.embedded)
    data["facts"] = []
    with pytest.raises(ContentError, match="unknown fact 'mini-vote'"):
        load_embedded(data)


def test_embedded_scenarios_keep_facts_beside_them(resolved):
    data = copy.deepcopy(resolved.embedded)
    data["scenario"]["facts"] = data["facts"]
    with pytest.raises(ContentError, match="carry their facts beside the scenario"):
        load_embedded(data)
