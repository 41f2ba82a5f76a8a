"""The end screen: it scrolls with the keys (PgUp/PgDn, Home/End, arrows), places the score among the
scenario's endings, and has a line for the score against other play once it is known."""

from __future__ import annotations

import re

from test_saves_support import play
from test_tui_support import SEED, content, settle, text_of  # noqa: F401 (fixture)

from game.tui.app import WargameApp
from game.engine.explain import signed


async def test_the_end_screen_scrolls_with_the_keys(content, tmp_path):
    record = play(content, seed=SEED, policy="historical", player=None)
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen_name == "EndScreen"
        scroll = app.screen.query_one("#end-scroll")
        assert scroll.max_scroll_y > 0  # more than a screenful at 80 x 24
        await pilot.press("pagedown")
        assert scroll.scroll_y > 0
        await pilot.press("end")
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("pageup")
        assert 0 < scroll.scroll_y < scroll.max_scroll_y
        await pilot.press("home")
        assert scroll.scroll_y == 0
        await pilot.press("down")
        assert scroll.scroll_y == 1


async def test_an_enter_left_over_from_the_last_turn_does_not_skip_the_ending(content, tmp_path):
    record = play(content, seed=SEED, policy="historical", player=None)
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.screen_name == "EndScreen"  # still reading the ending
        await pilot.press("right", "enter")  # the first button, on purpose: the debrief
        await settle(pilot)
        assert app.screen_name == "DebriefScreen"


async def test_the_score_is_placed_among_the_endings(content, tmp_path):
    record = play(content, seed=SEED, policy="historical", player=None)
    ending = next(e for e in content.scenario.endings if e.id == record.outcome.ending)
    scores = sorted({e.score for e in content.scenario.endings})
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = " ".join(text_of(app.screen.query_one("#end-text")).split())
    assert f"endings add {signed(scores[0])} to {signed(scores[-1])}" in text
    assert f"the ending {signed(ending.score)}" in text and f"score {record.outcome.score:g}" in text
    assert not re.search(r"(?<![A-Za-z0-9])-\d", text)  # one minus sign


async def test_the_end_screen_names_the_turning_point(content, tmp_path):
    """A worker runs the debrief's what-if analysis at a small budget and names the decision that moved the
    odds most, with what was chosen beside what would have served best."""
    from game.debrief.whatif import turning_point, turning_point_sentence

    record = play(content, seed=SEED, policy="random", player=None)
    expected = turning_point(record)  # deterministic for the game's seed
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        line = app.screen.query_one("#end-turning")
        for _ in range(400):  # until the worker's message has been handled (a bound, not a timing)
            busy = any(w.group == "turning-point" and not w.is_finished for w in app.workers)
            if line.display or (expected is None and not busy):
                break
            await pilot.pause(0.05)
        shown, displayed = " ".join(text_of(line).split()), line.display
    if expected is None:
        assert not displayed
    else:
        assert displayed and shown.startswith(turning_point_sentence(expected, detail=True))
        assert shown.startswith(f"Your turning point: turn {expected.turn}, ")
