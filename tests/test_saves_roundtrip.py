"""Saves: round trip, resuming exactly, the record, names, folders, autosaves, listings, write errors."""

from __future__ import annotations

import errno
import os

import pytest
from test_saves_support import content, play, read

import game.saves.store as store
from game.engine import Decision, IllegalDecision, legal_decisions
from game.engine.play import play_game
from game.saves import (
    GameRecord, SaveExists, SaveWriteError, autosave, latest_autosave, list_saves, load_game, save_game,
    write_simulated_game,
)
from game.model.events import CHANGES, TurnEnded, from_json, to_json


def continue_game(rec: GameRecord, pick: int = 1) -> list:
    """Play on to the end taking the pick-th legal decision; the per-decision hashes and events."""
    trail = []
    while not rec.over:
        options = rec.legal_decisions()
        events = rec.apply(options[pick % len(options)])
        trail.append((rec.state_hash, list(events)))
    return trail


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_round_trip_mid_game_resumes_exactly(tmp_path, seed):
    rec = play(seed=seed, upto_turn=3)
    rec.annotate(2, "A note on turn 2")
    path = save_game(rec, tmp_path)
    loaded = load_game(path)
    assert loaded.state_hash == rec.state_hash
    assert loaded.log == rec.log
    assert [t.state_hash for t in loaded.turns] == [t.state_hash for t in rec.turns]
    assert [t.events for t in loaded.turns] == [t.events for t in rec.turns]
    assert loaded.current_events == rec.current_events
    assert loaded.annotations[2][0].text == "A note on turn 2"
    same = ("player", "game_id", "created", "seed")
    assert [getattr(loaded, k) for k in same] == [getattr(rec, k) for k in same]
    assert loaded.path == path and loaded.unsaved_turns == 0 and not loaded.dirty
    # continuing gives identical results
    assert continue_game(loaded) == continue_game(rec)
    assert loaded.outcome == rec.outcome


def test_resume_in_the_middle_of_a_turn(tmp_path):
    # seed 0 draws two decision cards in turn 1: save after the first
    rec = GameRecord.start(content(), 0)
    assert len(rec.state.pending) == 2
    rec.apply(rec.legal_decisions()[0])
    assert rec.turns == [] and rec.state.turn == 1
    loaded = load_game(save_game(rec, tmp_path))
    assert loaded.state_hash == rec.state_hash
    assert loaded.legal_decisions() == rec.legal_decisions()
    assert continue_game(loaded, 0) == continue_game(rec, 0)


def test_finished_game_round_trip_keeps_the_ending(tmp_path):
    rec = play(seed=1)
    path = save_game(rec, tmp_path, name="final")
    d = read(path)
    assert d["ending"]["id"] == rec.outcome.ending and d["ending"]["score"] == rec.outcome.score
    assert d["current"]["over"] is True
    loaded = load_game(path)
    assert loaded.over and loaded.outcome == rec.outcome
    assert loaded.legal_decisions() == []


def test_file_has_the_documented_fields(tmp_path):
    rec = play(seed=3, upto_turn=2)
    d = read(save_game(rec, tmp_path))
    assert d["format"] == "kremlins-libya-gambit-save" and d["format_version"] == 3
    for key in ("engine_version", "game_id", "scenario", "content", "content_sha256", "seed", "player", "created",
                "updated", "decisions", "turns", "current", "ending", "annotations", "fork_of", "payload_sha256"):
        assert key in d, key
    assert d["content_sha256"] == rec.resolved.content_hash
    t1 = d["turns"][0]
    assert set(t1) == {"turn", "date", "decisions", "events", "meters", "state_hash"}
    # chance results are in the log: the draw pick of every random draw
    draws = [e for e in t1["events"] if e["kind"] == "draw" and e["how"] == "random"]
    assert draws and all(isinstance(e["roll"], float) for e in draws)


def test_events_convert_to_json_and_back_exactly():
    for seed in range(30):
        rec = play(seed=seed)
        for e in rec.events():
            assert from_json(to_json(e)) == e
            if isinstance(e, CHANGES):
                assert type(from_json(to_json(e)).cause) is type(e.cause)


def test_record_logs_turns_and_counts_unsaved(tmp_path):
    rec = GameRecord.start(content(), 5)
    assert rec.unsaved_turns == 0 and rec.turns == []
    while rec.turn < 3:
        rec.apply(rec.legal_decisions()[0])
    assert [t.turn for t in rec.turns] == [1, 2]
    assert rec.unsaved_turns == 2 and rec.dirty
    assert rec.turns[0].date == "2019-04-04"
    assert sum(len(t.decisions) for t in rec.turns) + len(rec.current_decisions) == len(rec.log)
    # every event of a turn's log belongs to that turn, and the turn log ends with the turn's end
    for t in rec.turns:
        assert {e.turn for e in t.events} == {t.turn}
        assert isinstance(t.events[-1], TurnEnded)
    save_game(rec, tmp_path)
    assert rec.unsaved_turns == 0 and not rec.dirty


def test_turn_just_ended_flags_the_decision_that_ends_a_turn():
    rec = GameRecord.start(content(), 5)
    ended = []
    while not rec.over:
        rec.apply(rec.legal_decisions()[0])
        ended.append(rec.turn_just_ended)
    assert [t for t in ended if t] == [t.turn for t in rec.turns]


def test_illegal_decision_leaves_the_record_untouched():
    rec = GameRecord.start(content(), 5)
    before = (rec.state_hash, list(rec.log), list(rec.current_events))
    with pytest.raises(IllegalDecision):
        rec.apply(Decision("vote", "no-such-option"))
    assert (rec.state_hash, rec.log, rec.current_events) == before


def test_annotations_are_checked():
    rec = play(seed=1, upto_turn=3)
    note = rec.annotate(1, "  first  ")
    assert note.text == "first" and note.at.endswith("+00:00")
    with pytest.raises(ValueError):
        rec.annotate(1, "   ")
    with pytest.raises(ValueError):
        rec.annotate(9, "too late")


def test_names_are_safe_and_stay_in_the_folder(tmp_path):
    rec = play(seed=1, upto_turn=2)
    for name, stem in [("../../etc/passwd", "etc-passwd"), ("Ana María's game!", "ana-maría-s-game"),
                       ("/abs/path.json", "abs-path"), ("..", "save"), ("CON", "con-save"), ("a" * 300, "a" * 80)]:
        path = save_game(rec, tmp_path, name=name, overwrite=True)
        assert path.parent == tmp_path and path.name == stem + ".json"
    assert sorted(p.name for p in tmp_path.parent.iterdir() if p.name == "passwd") == []


def test_another_games_save_is_not_overwritten_without_asking(tmp_path):
    a = play(seed=1, upto_turn=2)
    b = play(seed=2, upto_turn=3)
    path = save_game(a, tmp_path, name="homework")
    before = path.read_bytes()
    with pytest.raises(SaveExists, match="already exists for another game"):
        save_game(b, tmp_path, name="homework")
    assert path.read_bytes() == before and b.path is None and b.unsaved_turns == 2
    # the same game may save over its own file; another only with overwrite
    a.apply(a.legal_decisions()[0])
    assert save_game(a, tmp_path, name="homework") == path
    assert save_game(b, tmp_path, name="homework", overwrite=True) == path
    assert load_game(path).game_id == b.game_id


def test_default_folder_comes_from_the_environment_and_is_created(tmp_path, monkeypatch):
    target = tmp_path / "deep" / "saves"
    monkeypatch.setenv("WARGAME_SAVES", str(target))
    path = save_game(play(seed=1, upto_turn=2))
    assert path.parent == target and path.exists()
    assert [i.path for i in list_saves()] == [path]


def test_autosaves_rotate_and_never_overwrite(tmp_path):
    rec = GameRecord.start(content(), 2)
    written = []
    while not rec.over:
        rec.apply(rec.legal_decisions()[0])
        if rec.turn_just_ended:
            before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
            path = autosave(rec, tmp_path)
            assert path.name not in before  # a new file every time
            written.append(path)
            kept = sorted(p.name for p in tmp_path.iterdir())
            assert kept == sorted(p.name for p in written[-2:])
    assert rec.unsaved_turns == len(rec.turns)  # autosaves are not named saves
    latest = latest_autosave(tmp_path)
    assert latest == written[-1]
    assert load_game(latest).state_hash == rec.state_hash


def test_latest_autosave_skips_damaged_files(tmp_path):
    rec = play(seed=1, upto_turn=2)
    good = autosave(rec, tmp_path)
    rec.apply(rec.legal_decisions()[0])
    bad = autosave(rec, tmp_path)
    bad.write_bytes(bad.read_bytes()[:100])
    os.utime(bad, (2e9, 2e9))
    assert latest_autosave(tmp_path) == good
    assert latest_autosave(tmp_path / "nowhere") is None


def test_list_saves_reports_damage_without_raising(tmp_path):
    good = save_game(play(seed=1), tmp_path, name="good")
    (tmp_path / "garbage.json").write_bytes(b"\x00\xff not json")
    (tmp_path / "foreign.json").write_text('{"hello": "world"}')
    (tmp_path / "notes.txt").write_text("ignored")
    (tmp_path / "folder.json").mkdir()
    infos = {i.path.name: i for i in list_saves(tmp_path)}
    assert set(infos) == {"good.json", "garbage.json", "foreign.json"}
    g = infos["good.json"]
    assert not g.damaged and g.scenario_id == "test" and g.scenario_title == "Test scenario"
    assert g.turn == 6 and g.over and g.ending and g.player == "Test player" and g.saved_at
    assert infos["garbage.json"].damaged and "UTF-8" in infos["garbage.json"].reason
    assert infos["foreign.json"].damaged and "not a Kremlin's Libya Gambit save" in infos["foreign.json"].reason
    assert good.exists()
    assert list_saves(tmp_path / "missing") == []


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "the disk is full"),
    (errno.EACCES, "permission denied"),
    (errno.EROFS, "read-only"),
])
def test_write_errors_are_clear_and_lose_nothing(tmp_path, monkeypatch, code, words):
    rec = play(seed=1, upto_turn=2)
    path = save_game(rec, tmp_path, name="game")
    before = path.read_bytes()
    rec.apply(rec.legal_decisions()[0])
    state = (rec.updated, rec.unsaved_turns, rec.dirty, rec.payload_sha256, rec.state_hash, len(rec.log))

    def fail(stage, _i):
        if stage == "chunk":
            raise OSError(code, os.strerror(code))

    monkeypatch.setattr(store, "_test_hook", fail)
    with pytest.raises(SaveWriteError) as info:
        save_game(rec, tmp_path, name="game")
    assert words in str(info.value) and "unchanged" in str(info.value)
    assert path.read_bytes() == before
    assert (rec.updated, rec.unsaved_turns, rec.dirty, rec.payload_sha256, rec.state_hash, len(rec.log)) == state
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"]  # no temp file left behind


def test_folder_vanishing_mid_write_is_a_clear_error(tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "class"
    rec = play(seed=1, upto_turn=2)

    def vanish(stage, _i):
        if stage == "replace":
            shutil.rmtree(folder)

    monkeypatch.setattr(store, "_test_hook", vanish)
    with pytest.raises(SaveWriteError, match="no longer exists"):
        save_game(rec, folder)
    assert rec.path is None


def test_saves_folder_that_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "saves"
    blocker.write_text("not a folder")
    with pytest.raises(SaveWriteError, match="not a folder"):
        save_game(play(seed=1, upto_turn=2), blocker)


@pytest.mark.parametrize("policy", ["random", "historical"])
def test_simulated_games_match_the_fast_loop(tmp_path, policy):
    r = content()
    for seed in range(6):
        path = write_simulated_game(r, seed, policy, tmp_path)
        loaded = load_game(path)
        fast = play_game(r.rules, seed, policy, keep_decisions=True)
        assert loaded.outcome.ending == fast.ending and loaded.outcome.score == fast.score
        assert [tuple(d) for d in loaded.log] == fast.decisions
    assert len(list(tmp_path.glob("sim-test-*.json"))) == 6
    # a second run replaces its own files
    write_simulated_game(r, 0, policy, tmp_path)
    assert len(list(tmp_path.glob("sim-test-*.json"))) == 6


def test_legal_decisions_match_the_engine():
    rec = GameRecord.start(content(), 9)
    assert rec.legal_decisions() == legal_decisions(rec.state)


def test_saves_get_ordinary_file_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = save_game(play(seed=1, upto_turn=2), tmp_path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_unreadable_file_is_a_clear_error(tmp_path, monkeypatch):
    from pathlib import Path

    from game.saves import SaveUnreadable

    path = save_game(play(seed=1, upto_turn=2), tmp_path)

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(SaveUnreadable, match="permission denied"):
        load_game(path)


def test_any_game_round_trips_at_any_point(tmp_path_factory):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    r = content()
    folder = tmp_path_factory.mktemp("prop")

    @settings(max_examples=25)  # fewer than the profile's: each example saves, loads and plays on
    @given(seed=st.integers(0, 2**32), picks=st.lists(st.integers(0, 8), max_size=12))
    def check(seed, picks):
        rec = GameRecord.start(r, seed)
        for p in picks:
            if rec.over:
                break
            options = rec.legal_decisions()
            rec.apply(options[p % len(options)])
        loaded = load_game(save_game(rec, folder, name="prop", overwrite=True))
        assert loaded.state_hash == rec.state_hash and loaded.log == rec.log
        assert [t.state_hash for t in loaded.turns] == [t.state_hash for t in rec.turns]
        assert continue_game(loaded, 2) == continue_game(rec, 2)

    check()
