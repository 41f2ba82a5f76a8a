"""`wargame new-deck`: a commented starter deck that validates as it is; refusals with clear messages."""

from __future__ import annotations

import pytest

from game.authoring.starter import deck_id_for
from game.content import resolve, shipped_facts, validate_paths
from game.content.documents import read_document
from game.model import content as m
from test_authoring_support import run


def _kinds(effects, into: set) -> set:
    for e in effects:
        into.add(type(e))
        for key in ("then", "else_", "effects"):
            _kinds(getattr(e, key, []) or [], into)
    return into


@pytest.mark.parametrize("scenario", ["tripoli-2019", "partnership-2016"])
def test_the_starter_deck_validates_as_it_is(tmp_path, capsys, scenario):
    path = tmp_path / "class-deck.yaml"
    code, out, err = run(capsys, "new-deck", path, "--extends", scenario)
    assert code == 0, err
    assert f"wrote {path}" in err and f"--scenario {scenario}" in err
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=") and first.endswith(".json")
    assert "wargame schema -o" in text  # how to get the schema file

    # valid with no warnings at all, through the command and through the library
    assert validate_paths([path]) == []
    assert run(capsys, "validate", "--strict", path)[0] == 0

    deck = read_document(path).model
    assert isinstance(deck, m.Deck) and deck.extends == scenario and deck.id == "class-deck"
    events = [c for c in deck.cards if not c.options]
    decisions = [c for c in deck.cards if c.options]
    follow_ups = [c for c in deck.cards if c.draw == "follow_up"]
    assert events and follow_ups and len(decisions) == 1 and len(decisions[0].options) == 3
    kinds = set()
    for option in decisions[0].options:
        _kinds(option.effects, kinds)
    assert {m.ChanceEffect, m.DelayedEffect, m.FollowUpEffect} <= kinds
    # every card cites real facts of the extended scenario's fact base
    facts = shipped_facts().facts
    cited = {f for c in deck.cards for f in c.facts}
    assert cited and cited <= set(facts)
    resolved = resolve(scenario, decks=[path])
    assert cited <= set(resolved.facts)
    assert {c.id for c in deck.cards} <= {c.id for c in resolved.scenario.cards}


def test_the_starter_deck_passes_check(tmp_path, capsys):
    path = tmp_path / "starter.yaml"
    assert run(capsys, "new-deck", path)[0] == 0
    code, out, err = run(capsys, "check", path, "--games", "150")
    assert code == 0, out + err
    assert "ok: every card was drawn" in out


def test_it_never_overwrites_without_force(tmp_path, capsys):
    path = tmp_path / "mine.yaml"
    path.write_text("my work\n", encoding="utf-8")
    code, out, err = run(capsys, "new-deck", path)
    assert code == 2
    assert "already exists" in err and "--force" in err
    assert path.read_text(encoding="utf-8") == "my work\n"
    assert run(capsys, "new-deck", path, "--force")[0] == 0
    assert validate_paths([path]) == []
    assert [p.name for p in tmp_path.iterdir()] == ["mine.yaml"]  # no temporary file left behind


@pytest.mark.parametrize("name, message", [
    ("missing-folder/deck.yaml", "does not exist"),
    ("a-file.txt/deck.yaml", "does not exist"),
    ("deck.txt", "ends in .yaml or .yml"),
    ("a-folder.yaml", "is a folder"),
])
def test_paths_it_cannot_write(tmp_path, capsys, name, message):
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a-folder.yaml").mkdir()
    code, out, err = run(capsys, "new-deck", tmp_path / name)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file.txt", "a-folder.yaml"]


def test_an_unknown_scenario(tmp_path, capsys):
    code, out, err = run(capsys, "new-deck", tmp_path / "d.yaml", "--extends", "tripoli")
    assert code == 2
    assert "no scenario with id 'tripoli'" in err and "did you mean 'tripoli-2019'" in err
    assert not (tmp_path / "d.yaml").exists()


def test_the_deck_id_comes_from_the_file_name(tmp_path):
    from pathlib import Path

    assert deck_id_for(Path("My Deck (v2).yaml")) == "my-deck-v2"
    assert deck_id_for(Path("___.yaml")) == "my-deck"
    assert deck_id_for(Path("x" * 80 + ".yaml")) == "x" * 64
