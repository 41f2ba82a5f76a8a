"""Fixture saves, one per format version: they load, verify and migrate; newer formats are refused."""

from __future__ import annotations

import json

import pytest
from test_saves_support import DATA, rewrite

from game.model.events import MeterChanged, OptionCause, from_json
from game.model.save import FORMAT_VERSION
from game.saves import SaveInvalid, SaveNewerFormat, load_game, save_game, verify
from game.saves.codec import MIGRATIONS, migrate, migrate_1_to_2, migrate_2_to_3


def test_every_old_version_has_a_migration_and_a_fixture():
    assert sorted(MIGRATIONS) == list(range(1, FORMAT_VERSION))
    for version in range(1, FORMAT_VERSION + 1):
        assert list(DATA.glob(f"v{version}-*.json")), f"no fixture save for format {version}"


def test_v1_fixture_loads_and_migrates(tmp_path):
    raw = json.loads((DATA / "v1-finished.json").read_text())
    assert raw["format_version"] == 1 and "moves" in raw and "annotations" not in raw
    rec = load_game(DATA / "v1-finished.json")
    assert rec.over and rec.annotations == {} and rec.fork_of is None
    assert [list(d) for d in rec.log] == raw["moves"]
    assert rec.game_id == "v1-" + raw["payload_sha256"][:12]
    assert verify(DATA / "v1-finished.json").ok
    # the same game written in formats 2 and 3 gives the same game
    for newer in ("v2-finished.json", "v3-finished.json"):
        other = load_game(DATA / newer)
        assert rec.state_hash == other.state_hash and rec.log == other.log and rec.outcome == other.outcome
    # saving again writes the current format
    again = json.loads(save_game(rec, tmp_path).read_text())
    assert again["format_version"] == FORMAT_VERSION and again["decisions"] == raw["moves"]


@pytest.mark.parametrize("version", [2, 3])
def test_midgame_fixtures_load_and_verify(version):
    mid = load_game(DATA / f"v{version}-midgame.json")
    assert not mid.over and mid.turn == 3 and mid.game_id == "fixture00002"
    assert mid.annotations[1][0].text.startswith("Why abstain here?")
    assert verify(DATA / f"v{version}-midgame.json").ok
    assert verify(DATA / f"v{version}-finished.json").ok


@pytest.mark.parametrize("name", ["v2-finished.json", "v2-midgame.json"])
def test_v2_fixture_migrates_its_events_and_saves_again_as_the_current_format(tmp_path, name):
    raw = json.loads((DATA / name).read_text())
    assert raw["format_version"] == 2
    assert all(isinstance(e, list) for t in raw["turns"] for e in t["events"])  # positional, as format 2 was
    rec = load_game(DATA / name)
    current = json.loads((DATA / name.replace("v2-", "v3-")).read_text())
    same = load_game(DATA / name.replace("v2-", "v3-"))
    assert rec.state_hash == same.state_hash and rec.log == same.log and rec.outcome == same.outcome
    assert [t.events for t in rec.turns] == [t.events for t in same.turns]
    assert [t.events for t in rec.turns] == [[from_json(e) for e in t["events"]] for t in current["turns"]]
    again = json.loads(save_game(rec, tmp_path).read_text())
    assert again["format_version"] == FORMAT_VERSION == 3
    assert again["turns"] == current["turns"]  # events by name, exactly as format 3 writes them
    assert verify(tmp_path / f"{rec.player.lower().replace(' ', '-')}-test-{rec.game_id}.json").ok


def test_migrate_1_to_2_is_a_plain_function():
    old = {"format_version": 1, "moves": [["vote", "veto"]], "turns": [{"turn": 1, "moves": [["vote", "veto"]]}],
           "payload_sha256": "ab" * 32}
    new = migrate_1_to_2(old)
    assert new["format_version"] == 2 and new["decisions"] == [["vote", "veto"]]
    assert new["turns"][0]["decisions"] == [["vote", "veto"]] and "moves" not in new["turns"][0]
    assert new["annotations"] == [] and new["fork_of"] is None and new["game_id"] == "v1-" + "ab" * 6
    assert old["moves"] == [["vote", "veto"]]  # the input is not changed
    assert migrate(dict(old)) == migrate_2_to_3(new)  # migrate runs every step up to the current format


def test_migrate_2_to_3_is_a_plain_function():
    cause = ["option", "vote", "veto"]
    old = {"format_version": 2, "turns": [{"turn": 1, "events": [[1, "meter", "leverage", 50, 60, cause]]}]}
    new = migrate_2_to_3(old)
    assert new["format_version"] == 3
    assert new["turns"][0]["events"] == [{"kind": "meter", "turn": 1, "meter": "leverage", "before": 50, "after": 60,
                                          "cause": {"kind": "option", "card": "vote", "option": "veto"}}]
    assert from_json(new["turns"][0]["events"][0]) == MeterChanged(1, "leverage", 50, 60, OptionCause("vote", "veto"))
    assert old["turns"][0]["events"][0][1] == "meter" and old["format_version"] == 2  # the input is not changed
    assert migrate(dict(old)) == new


@pytest.mark.parametrize("event, message", [
    ([1, "rumour", "x", None, None, ["turn"]], "unknown kind of event 'rumour'"),
    ([1, "meter", "leverage", 50, 60, ["vote"]], "not a cause"),
    ([1, "meter", "leverage"], "six fields expected"),
    ([1, "meter", "leverage", "fifty", 60, ["card", "vote"]], "before"),
])
def test_a_bad_format_2_event_is_refused_clearly(tmp_path, event, message):
    d = json.loads((DATA / "v2-finished.json").read_text())
    d["turns"][1]["events"][2] = event
    p = tmp_path / "odd.json"
    rewrite(p, d)
    with pytest.raises(SaveInvalid, match=message):
        load_game(p)


def test_a_newer_format_is_refused(tmp_path):
    d = json.loads((DATA / "v3-finished.json").read_text())
    d["format_version"] = FORMAT_VERSION + 1
    d["something_new"] = {"x": 1}
    p = tmp_path / "future.json"
    rewrite(p, d)
    with pytest.raises(SaveNewerFormat, match=rf"newer version \(format {FORMAT_VERSION + 1}\).*upgrade the game"):
        load_game(p)
