"""Terminal sizes: below 80 x 24 a clear notice instead of a broken screen; resizing back restores it;
every main screen survives a resize while it is showing."""

from __future__ import annotations

import pytest
from test_tui_support import SEED, SIZE, content, settle  # noqa: F401 (fixture)

from game.saves import GameRecord
from game.tui.app import WargameApp


def notice_shown(app) -> bool:
    notice = app.screen.query_one(".too-small-notice")
    return notice.display and notice.region.width > 0


async def test_a_60x20_terminal_shows_the_notice_and_does_not_crash(content, tmp_path):
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(content, SEED))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert app.screen_name == "TurnScreen"
        assert notice_shown(app)
        assert "enlarge the terminal" in str(app.screen.query_one(".too-small-notice").render()).lower()
        assert "60 × 20" in str(app.screen.query_one(".too-small-notice").render())
        await pilot.press("1", "enter", "down", "?")  # keys while small: no crash
        await settle(pilot)
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        if app.screen_name == "HelpScreen":
            await pilot.press("escape")
            await settle(pilot)
        assert not notice_shown(app)
        assert app.screen.query_one("#meters").region.height > 0


async def test_resizing_through_the_screens(content, tmp_path):
    app = WargameApp(seed=SEED, saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in (["n"], ["enter"], ["enter"], ["1"], ["f1"]):
            await pilot.press(*keys)
            await settle(pilot)
            for size in ((80, 24), (59, 19), (160, 48), SIZE):
                await pilot.resize_terminal(*size)
                await settle(pilot)
                assert notice_shown(app) == (size[0] < 80 or size[1] < 24), (app.screen_name, size)
        assert app.screen_name == "HelpScreen"


def _record_at_the_widest_card(content):
    """A game played (random bot, fixed seed) up to the first card with the most options."""
    from game.engine.policies import POLICIES, policy_rng

    cards = {c.id: c for c in content.scenario.cards}
    most = max(len(c.options) for c in cards.values())
    record = GameRecord.start(content, SEED)
    policy, rng = POLICIES["random"], policy_rng(SEED)
    while not record.over:
        card = cards.get(record.state.current_card)
        if card is not None and len(card.options) == most:
            return record, most
        record.apply(policy(record.state, record.legal_decisions(), rng))
    raise AssertionError("no card with the most options came up")


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_every_option_of_the_widest_card_is_reachable_and_on_screen(content, tmp_path, size):
    """The keys reach every open option; every option's title is on screen all the while (the list never
    scrolls, nothing moves when the highlight does), and a click on the last one chooses it."""
    record, most = _record_at_the_widest_card(content)
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        decision = screen.query_one("#decision")
        offered = screen.offered_options()
        assert len(offered) == most >= 4
        regions = {w.id: w.region for w in screen.query("#card, #decision, #details, #log")}
        open_ones = [o for o in offered if o.available]
        for offer in open_ones:  # the keys bring the highlight to each option
            for _ in range(len(offered)):
                if screen.highlighted_option == offer.number:
                    break
                await pilot.press("down")
            assert screen.highlighted_option == offer.number, (offer.id, screen.highlighted_option)
            await pilot.pause()
            assert screen.region.contains_region(decision.region)
            assert decision.row_of(offer.number) < decision.region.height, offer.id  # its title is on screen
            assert {w.id: w.region for w in screen.query("#card, #decision, #details, #log")} == regions
        last = open_ones[-1]
        card, option = screen.card_id, last.id
        assert await pilot.click("#decision", offset=(4, decision.row_of(last.number)))  # a click chooses it
        await settle(pilot)
        assert record.log[-1].card == card and record.log[-1].option == option or \
            app.screen_name == "ConfirmDialog"


async def test_extreme_sizes_lose_nothing(content, tmp_path):
    from game.engine import state_hash

    record = GameRecord.start(content, SEED)
    before = state_hash(record.state)
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for size in ((1, 1), (300, 100), (20, 80), (250, 10), (80, 24), SIZE):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert app.screen_name == "TurnScreen", size
        assert state_hash(record.state) == before  # resizing decides nothing
        assert not notice_shown(app)


async def test_log_lines_written_while_narrow_read_normally_once_wider(content, tmp_path):
    record = GameRecord.start(content, SEED)
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(6):  # some consequences, written at 80 columns
            offered = [o for o in app.screen.offered_options() if o.available]
            await pilot.press(str(offered[0].number) if offered else "enter")
            if app.screen_name == "ConfirmDialog":
                await pilot.press("y")
            await settle(pilot, quick=True)
        log = app.screen.query_one("#log")
        narrow = log.virtual_size.height
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert log.size.width > 80 and log.virtual_size.height < narrow  # wrapped again at the new width
        widest = max(len(line.text.rstrip()) for line in log.lines)
        assert widest > 60
