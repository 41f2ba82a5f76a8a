"""Snapshots of the main screens (pytest-textual-snapshot) at 100 x 32 with a fixed seed, on the shipped
default scenario. After a deliberate change to a screen or to the scenario's text, review the new
pictures and accept them with `pytest tests/test_tui_snapshots.py --snapshot-update`."""

from __future__ import annotations

import pytest
from test_saves_support import play
from test_tui_support import SEED, SIZE, content, settle  # noqa: F401 (fixture)

from game.saves import GameRecord
from game.tui.app import WargameApp
from game.tui.themes import THEMES


def test_title_screen(snap_compare, tmp_path):
    assert snap_compare(WargameApp(saves_dir=tmp_path), terminal_size=SIZE, run_before=settle)


def test_briefing_screen(snap_compare, content, tmp_path):
    app = WargameApp(saves_dir=tmp_path, resolved=content, seed=SEED)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("theme", [t.name for t in THEMES])
def test_turn_screen(snap_compare, content, tmp_path, theme):
    """In every theme of the game: each widget takes its colours from the theme (the light one must read)."""
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(content, SEED))
    app.theme = theme
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_end_screen(snap_compare, content, tmp_path):
    record = play(content, seed=SEED, policy="historical", player=None)
    assert snap_compare(WargameApp(saves_dir=tmp_path, record=record), terminal_size=SIZE, run_before=settle)


def test_replay_screen(snap_compare, content, tmp_path):
    record = play(content, seed=SEED, policy="historical", player=None)

    async def third_turn(pilot):
        await settle(pilot)
        await pilot.press("right", "right")
        await settle(pilot)

    app = WargameApp(saves_dir=tmp_path, replay=record)
    assert snap_compare(app, terminal_size=SIZE, run_before=third_turn)
