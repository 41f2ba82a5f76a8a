"""Verify re-simulates the log against the embedded content and checks every turn (hashes and chance
results); a changed deck is detected and the turn named; forks replay the original up to a turn."""

from __future__ import annotations

import argparse
import copy
import json

import pytest
from test_saves_support import content, play, read, rewrite

from game.engine import Decision
from game.model.events import CardDrawn, ChanceRolled
from game.saves import GameRecord, SaveReplayError, fork, load_game, save_game, verify
from game.cli.saves import print_replay as replay_command


def replay(path, verify=True, fmt="text"):
    return replay_command(argparse.Namespace(save=str(path), verify=verify, format=fmt, saves_dir=None))


def test_verify_passes_for_a_played_game(tmp_path, capsys):
    rec = play(seed=4)
    path = save_game(rec, tmp_path)
    report = verify(path)
    assert report.ok and report.first_divergence is None and report.turns_checked == len(rec.turns)
    assert verify(rec).ok
    assert replay(path) == 0
    assert "OK:" in capsys.readouterr().out
    assert replay(path, fmt="json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["turns_checked"] == 6


def test_verify_a_game_in_progress(tmp_path):
    rec = GameRecord.start(content(), 0)
    rec.apply(rec.legal_decisions()[0])  # mid-turn
    assert verify(save_game(rec, tmp_path)).ok


def changed_deck_save(tmp_path, seed=0):
    """A save re-embedded with a different deck (one card's effect changed), hashes made consistent:
    the log was played with other content."""
    rec = play(seed=seed)
    path = save_game(rec, tmp_path, name="orig")
    other = content()
    sc = copy.deepcopy(other.embedded["scenario"])
    for card in sc["cards"]:
        if card["id"] == "news":
            card["effects"] = [{"meter": "cost", "add": 7}]
    d = read(path)
    d["content"] = dict(other.embedded, scenario=sc)
    from game.saves.content_link import content_from_embedded

    d["content_sha256"] = content_from_embedded(d["content"]).content_hash
    changed = tmp_path / "changed.json"
    rewrite(changed, d)
    news_turn = next(t.turn for t in rec.turns for e in t.events if isinstance(e, CardDrawn) and e.card == "news")
    return changed, news_turn


def test_a_changed_deck_is_detected_and_the_turn_named(tmp_path, capsys):
    path, news_turn = changed_deck_save(tmp_path)
    report = verify(path)
    assert not report.ok
    # the state hashes carry the content hash: the replay parts from turn 1 ...
    assert report.first_divergence == 1
    assert "turn 1" in report.message
    assert "the content or the engine is not the one the game was played with" in report.message
    # ... and the play itself first differs where the changed card bites: named too
    assert news_turn > 1
    assert f"the play itself first differs at turn {news_turn}: " in report.message
    assert any(d.startswith(f"turn {news_turn}: ") and "meter cost" in d for d in report.details), report.details
    assert replay(path) == 1
    out = capsys.readouterr().out
    assert "diverges at turn 1" in out and f"first differs at turn {news_turn}" in out
    with pytest.raises(SaveReplayError, match="does not replay") as info:
        load_game(path)
    assert info.value.turn == 1


def test_a_changed_chance_result_is_caught_even_with_consistent_hashes(tmp_path, capsys):
    # find a game with a chance roll (the abstain coin)
    rec = next(r for r in (play(seed=s) for s in range(40))
               if any(isinstance(e, ChanceRolled) for t in r.turns for e in t.events))
    path = save_game(rec, tmp_path)
    d = read(path)
    turn = next(t for t in d["turns"] if any(e["kind"] == "chance" for e in t["events"]))
    ev = next(e for e in turn["events"] if e["kind"] == "chance")
    ev["roll"] = 100 if ev["roll"] != 100 else 1  # another roll; meters and state hashes left as they were
    rewrite(path, d)
    report = verify(path)
    assert not report.ok and report.first_divergence == turn["turn"]
    assert f"rolled {ev['roll']} in the save" in report.message
    assert replay(path) == 1
    assert f"diverges at turn {turn['turn']}" in capsys.readouterr().out


def test_a_changed_draw_pick_is_caught(tmp_path):
    rec = play(seed=2)
    path = save_game(rec, tmp_path)
    d = read(path)
    turn = next(t for t in d["turns"] if any(e["kind"] == "draw" and e["how"] == "random" for e in t["events"]))
    ev = next(e for e in turn["events"] if e["kind"] == "draw" and e["how"] == "random")
    ev["roll"] = round(ev["roll"] / 2, 6)
    rewrite(path, d)
    report = verify(path)
    assert not report.ok and report.first_divergence == turn["turn"] and "draw" in report.message


def test_a_changed_turn_hash_is_caught(tmp_path):
    path = save_game(play(seed=2), tmp_path)
    d = read(path)
    d["turns"][3]["state_hash"] = "0" * 64
    rewrite(path, d)
    report = verify(path)
    assert not report.ok and report.first_divergence == 4 and "state hash differs" in report.message


def test_fork_replays_the_original_up_to_the_turn(tmp_path):
    orig = play(seed=1)
    path = save_game(orig, tmp_path, name="original")
    loaded = load_game(path)
    new = fork(loaded, 3)
    assert new.turn == 3 and not new.over and new.game_id != loaded.game_id
    assert new.turns and [t.state_hash for t in new.turns] == [t.state_hash for t in orig.turns[:2]]
    assert new.log == orig.decisions_before(3)
    f = new.fork_of
    assert (f.game_id, f.payload_sha256, f.file, f.turn) == (orig.game_id, loaded.payload_sha256, "original.json", 3)
    # the fork is saved and loaded with its origin, and verifies
    fpath = save_game(new, tmp_path, name="what-if")
    d = read(fpath)
    assert d["fork_of"] == {"game_id": orig.game_id, "payload_sha256": loaded.payload_sha256,
                            "file": "original.json", "turn": 3}
    back = load_game(fpath)
    assert back.fork_of == f and back.state_hash == new.state_hash
    assert verify(fpath).ok


def test_fork_then_choose_differently():
    orig = play(seed=0, policy="historical")  # vetoes on turn 1
    what_if = fork(orig, 1)
    assert what_if.log == [] and what_if.turn == 1
    card = what_if.state.current_card
    assert card in ("vote", "arms")
    while what_if.state.current_card != "vote":
        what_if.apply(what_if.legal_decisions()[0])
    what_if.apply(Decision("vote", "abstain"))
    assert what_if.state_hash != GameRecord.replay(orig.resolved, orig.seed, orig.log[: len(what_if.log)]).state_hash


@pytest.mark.parametrize("turn", [0, 7, -1])
def test_fork_outside_the_game_is_refused(turn):
    with pytest.raises(ValueError, match="cannot fork at turn"):
        fork(play(seed=1), turn)


def test_fork_of_an_unsaved_record_has_no_file():
    rec = play(seed=1, upto_turn=4)
    new = fork(rec, 2)
    assert new.fork_of.file is None and new.fork_of.payload_sha256 is None and new.fork_of.turn == 2
