"""The replay viewer: steps through turns, jumps, annotates into the save file, forks."""

from __future__ import annotations

from test_saves_support import play
from test_tui_support import SIZE, resolved, settle, text_of

from game.saves import load_game, save_game
from game.tui.app import WargameApp


def saved_game(tmp_path):
    record = play(resolved(), seed=11, policy="historical")
    return save_game(record, tmp_path, name="class-game"), record


async def test_the_replay_viewer_steps_jumps_and_annotates(tmp_path):
    path, original = saved_game(tmp_path)
    last = len(original.turns)
    assert last >= 3
    app = WargameApp(saves_dir=tmp_path, replay=load_game(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert app.screen_name == "ReplayScreen" and screen.turn == 1
        first = text_of(screen.query_one("#rp-turn"))
        assert "Decisions" in first and "Moscow" in first
        await pilot.press("right", "right")
        assert screen.turn == 3
        assert text_of(screen.query_one("#rp-turn")) != first
        await pilot.press("left")
        assert screen.turn == 2
        await pilot.press("end")
        assert screen.turn == last
        await pilot.press("right")  # past the end: stays
        assert screen.turn == last
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", "2", "enter")
        await settle(pilot)
        assert screen.turn == 2
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Why not abstain here?", "enter")
        await settle(pilot)
        assert "Why not abstain here?" in text_of(screen.query_one("#rp-turn"))
    # the note is in the save file, on turn 2, and the file still loads (hashes intact)
    again = load_game(path)
    assert [n.text for n in again.annotations[2]] == ["Why not abstain here?"]
    assert again.state_hash == original.state_hash


async def test_forking_from_a_turn_starts_a_new_game_there(tmp_path):
    path, original = saved_game(tmp_path)
    app = WargameApp(saves_dir=tmp_path, replay=load_game(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right", "right", "f")  # turn 3
        await settle(pilot)
        assert app.screen_name == "TurnScreen"
        fork = app.record
        assert fork.state.turn == 3 and fork.fork_of is not None and fork.fork_of.turn == 3
        assert fork.state_hash == _state_at_turn_start(original, 3)


def _state_at_turn_start(record, turn: int) -> str:
    return record.turns[turn - 2].state_hash  # the state right after turn 2's last decision
