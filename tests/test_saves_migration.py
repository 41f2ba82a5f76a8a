"""Fixture saves, one per format version: they load, verify and migrate; newer formats are refused."""

from __future__ import annotations

import json

import pytest
from test_saves_support import DATA, rewrite

from game.model.save import FORMAT_VERSION
from game.saves import SaveNewerFormat, load_game, save_game, verify
from game.saves.codec import MIGRATIONS, migrate, migrate_1_to_2


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
    # the same game written in format 2 gives the same game
    v2 = load_game(DATA / "v2-finished.json")
    assert rec.state_hash == v2.state_hash and rec.log == v2.log and rec.outcome == v2.outcome
    # saving again writes the current format
    again = json.loads(save_game(rec, tmp_path).read_text())
    assert again["format_version"] == FORMAT_VERSION and again["decisions"] == raw["moves"]


def test_v2_fixtures_load_and_verify():
    mid = load_game(DATA / "v2-midgame.json")
    assert not mid.over and mid.turn == 3 and mid.game_id == "fixture00002"
    assert mid.annotations[1][0].text.startswith("Why abstain here?")
    assert verify(DATA / "v2-midgame.json").ok
    assert verify(DATA / "v2-finished.json").ok


def test_migrate_1_to_2_is_a_plain_function():
    old = {"format_version": 1, "moves": [["vote", "veto"]], "turns": [{"turn": 1, "moves": [["vote", "veto"]]}],
           "payload_sha256": "ab" * 32}
    new = migrate_1_to_2(old)
    assert new["format_version"] == 2 and new["decisions"] == [["vote", "veto"]]
    assert new["turns"][0]["decisions"] == [["vote", "veto"]] and "moves" not in new["turns"][0]
    assert new["annotations"] == [] and new["fork_of"] is None and new["game_id"] == "v1-" + "ab" * 6
    assert old["moves"] == [["vote", "veto"]]  # the input is not changed
    assert migrate(dict(old)) == new


def test_a_newer_format_is_refused(tmp_path):
    d = json.loads((DATA / "v2-finished.json").read_text())
    d["format_version"] = FORMAT_VERSION + 1
    d["something_new"] = {"x": 1}
    p = tmp_path / "future.json"
    rewrite(p, d)
    with pytest.raises(SaveNewerFormat, match=rf"newer version \(format {FORMAT_VERSION + 1}\).*upgrade the game"):
        load_game(p)
