"""Snapshots of the main screens (pytest-textual-snapshot) with a fixed seed, on the shipped default
scenario: the turn screen at 80 x 24, 100 x 32 and 120 x 40 in both themes, the others at 100 x 32. After
a deliberate change to a screen or to the scenario's text, review the new pictures and accept them with
`pytest tests/test_tui_snapshots.py --snapshot-update`."""

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


@pytest.mark.parametrize("size", [(80, 24), SIZE, (120, 40)], ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("theme", [t.name for t in THEMES])
def test_turn_screen(snap_compare, content, tmp_path, theme, size):
    """At the three sizes the screen is designed for, in every theme of the game: each widget takes its
    colours from the theme (the light one must read)."""
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(content, SEED))
    app.theme = theme
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_turn_summary_at_80x24(snap_compare, content, tmp_path):
    """The end of a turn at 80 x 24: what changed, what happened and why, and Enter to go on."""
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(content, SEED))

    async def end_of_the_first_turn(pilot):
        await settle(pilot)
        while not app.screen.showing_summary:
            offered = [o for o in app.screen.offered_options() if o.available]
            await pilot.press(str(offered[-1].number) if offered else "enter")
            if app.screen_name == "ConfirmDialog":
                await pilot.press("y")
            await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=end_of_the_first_turn)


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
