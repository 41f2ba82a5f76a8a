"""Slow work in the app runs in worker threads, and nothing is lost for it: the autosave is written off the
UI thread, quitting waits for it, Continue after leaving a game finds the turn just played, and a failed
autosave says so and is tried again."""

from __future__ import annotations

import asyncio
import threading

from test_saves_support import content as small_content
from test_tui_support import SIZE, settle

from game.saves import GameRecord, list_saves
from game.tui import backend
from game.tui.app import WargameApp

SAFETY = 30  # seconds: a bound on waits for the app, so that a bug fails the test instead of hanging it


async def play_to_the_end_of_a_turn(pilot) -> None:
    """Choose the first open option (or continue) until the turn's summary shows."""
    app = pilot.app
    for _ in range(50):
        if app.screen.showing_summary:
            return
        offered = [o for o in app.screen.offered_options() if o.available]
        await pilot.press(str(offered[0].number) if offered else "enter")
        if app.screen_name == "ConfirmDialog":
            await pilot.press("y")
        await settle(pilot, quick=True)
    raise AssertionError("no turn ended")


class HeldAutosave:
    """Stands in for backend.autosave: records the thread it runs on and waits for `release` before writing."""

    def __init__(self, hold: bool):
        self.real = backend.autosave
        self.started = threading.Event()
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []
        if not hold:
            self.release.set()

    def __call__(self, record, saves_dir):
        self.threads.append(threading.current_thread())
        self.started.set()
        assert self.release.wait(SAFETY), "the test never released the autosave"
        return self.real(record, saves_dir)


async def test_the_autosave_is_written_off_the_ui_thread(tmp_path, monkeypatch):
    held = HeldAutosave(hold=False)
    monkeypatch.setattr(backend, "autosave", held)
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(small_content(), 3))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ui_thread = threading.current_thread()  # the test drives the app from the app's own loop
        await play_to_the_end_of_a_turn(pilot)
        await settle(pilot)
        assert held.threads and all(t is not ui_thread for t in held.threads)
        saved = [i for i in list_saves(tmp_path) if i.autosave]
        assert len(saved) == 1 and not saved[0].damaged and saved[0].turn == app.record.turn


async def test_quitting_waits_for_the_autosave(tmp_path, monkeypatch):
    held = HeldAutosave(hold=True)
    monkeypatch.setattr(backend, "autosave", held)
    record = GameRecord.start(small_content(), 3)
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")  # a decision: something to autosave
        app.post_message(app_key("ctrl+q"))  # not pilot.press: it would wait for the quit to finish
        assert await asyncio.to_thread(held.started.wait, SAFETY)
        assert app.return_code is None  # the autosave is held: the app is still there, waiting for it
        held.release.set()
        await asyncio.wait_for(exited(app), SAFETY)
    assert app.return_code == 0
    saved = [i for i in list_saves(tmp_path) if i.autosave]
    assert len(saved) == 1 and not saved[0].damaged
    assert backend.load_game(saved[0].path).state_hash == record.state_hash


async def test_continue_after_leaving_a_game_finds_the_turn_just_played(tmp_path, monkeypatch):
    held = HeldAutosave(hold=True)
    monkeypatch.setattr(backend, "autosave", held)
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(small_content(), 3))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        played = app.state_hash
        await pilot.press("escape")  # to the title: the autosave starts, and is held
        assert app.screen_name == "TitleScreen"
        assert await asyncio.to_thread(held.started.wait, SAFETY)
        held.release.set()  # the title's look for a game to continue waited for this write
        await settle(pilot)
        assert not app.screen.query_one("#menu-continue").disabled
        await pilot.press("c")
        await settle(pilot)
        assert app.screen_name == "TurnScreen" and app.state_hash == played


async def test_a_failed_autosave_says_so_and_is_tried_again(tmp_path, monkeypatch):
    calls, real = [], backend.autosave

    def flaky(record, saves_dir):
        calls.append(len(record.log))
        if len(calls) == 1:
            raise backend.BadInput(["the disk is full"])
        return real(record, saves_dir)

    monkeypatch.setattr(backend, "autosave", flaky)
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(small_content(), 3))
    notices = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **kw: notices.append((message, kw.get("severity"))))
        await settle(pilot)
        await play_to_the_end_of_a_turn(pilot)
        await settle(pilot)
        assert notices == [("Autosave failed: the disk is full", "error")]
        assert not any(i.autosave for i in list_saves(tmp_path))
        played = app.state_hash
        await pilot.press("escape")  # leaving the game autosaves it: the failed one is tried again
        await settle(pilot)
    assert calls == [calls[0], calls[0]]  # the same decisions, twice
    saved = [i for i in list_saves(tmp_path) if i.autosave]
    assert len(saved) == 1 and backend.load_game(saved[0].path).state_hash == played


def app_key(key: str):
    from textual import events

    return events.Key(key, None)


async def exited(app) -> None:
    while app.return_code is None:  # yield to the app until its quit action goes on and exits
        await asyncio.sleep(0)


def test_a_snapshot_does_not_change_as_the_game_goes_on():
    record = GameRecord.start(small_content(), 3)
    record.apply(record.legal_decisions()[0])
    snap = backend.snapshot(record)
    before = (snap.state_hash, list(snap.log), len(snap.turns), list(snap.current_events))
    while not record.over:
        record.apply(record.legal_decisions()[0])
    assert (snap.state_hash, list(snap.log), len(snap.turns), list(snap.current_events)) == before
    assert record.state_hash != snap.state_hash


def test_autosaves_keep_the_latest_snapshot_whatever_order_the_threads_run_in(tmp_path):
    autosaves = backend.Autosaves()
    record = GameRecord.start(small_content(), 3)
    early, first = backend.snapshot(record), autosaves.expect()
    record.apply(record.legal_decisions()[0])
    late, second = backend.snapshot(record), autosaves.expect()
    assert not autosaves.wait(timeout=0)  # two writes pending
    assert autosaves.write(late, tmp_path, second) is not None
    assert autosaves.write(early, tmp_path, first) is None  # its thread came last: the later one stays
    assert autosaves.wait(timeout=0)
    assert backend.load_game(backend.latest_autosave(tmp_path)).state_hash == late.state_hash
    # the same game taken up again from an earlier point (a named save loaded): newer, though shorter
    again = autosaves.expect()
    assert autosaves.write(early, tmp_path, again) is not None
    assert backend.load_game(backend.latest_autosave(tmp_path)).state_hash == early.state_hash
