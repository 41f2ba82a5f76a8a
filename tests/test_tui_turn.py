"""The turn screen as a new player meets it: the card read before choosing at 80 x 24, keys that do nothing
while the terminal is too small, a footer of keys that work, no internal name on any screen in a whole
game, meters and a map that tell the truth, and what changed on the map in the turn's summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_support import SEED, content, first_available_key, ids_in, internal_names, screen_text, settle  # noqa: F401 (fixture)

from game.content import resolve
from game.engine.policies import POLICIES, policy_rng
from game.model.events import FlagChanged, PlaceChanged
from game.saves import GameRecord
from game.tui.app import WargameApp
from game.tui.widgets.palette import actor_styles

SMALL = (80, 24)


def record_at_a_decision(resolved, seed: int = SEED) -> GameRecord:
    """A game at its first decision card (the random bot answers what comes before)."""
    record = GameRecord.start(resolved, seed)
    cards = {c.id: c for c in resolved.scenario.cards}
    policy, rng = POLICIES["random"], policy_rng(seed)
    while not (cards[record.state.current_card].options if record.state.current_card else False):
        record.apply(policy(record.state, record.legal_decisions(), rng))
    return record


async def test_the_card_reads_whole_at_80x24_and_the_options_never_move(content, tmp_path):
    app = WargameApp(saves_dir=tmp_path, record=record_at_a_decision(content))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = app.screen
        card = screen.query_one("#card")
        model = next(c for c in content.scenario.cards if c.id == screen.card_id)
        opening = screen_text(app)
        assert model.title in opening  # the card's title and the start of its text are on screen at once
        assert " ".join(model.text.split()[:4]) in opening
        decision = screen.query_one("#decision")
        region, highlighted = decision.region, screen.highlighted_option
        for _ in range(40):  # PgDn to the card's end: the whole card, a key at a time
            if card.scroll_y >= card.max_scroll_y:
                break
            await pilot.press("pagedown")
        assert card.scroll_y == card.max_scroll_y
        assert decision.region == region and screen.highlighted_option == highlighted  # the options stayed
        await pilot.press("down")  # whatever is highlighted, PgUp scrolls the card back
        for _ in range(40):
            if card.scroll_y == 0:
                break
            await pilot.press("pageup")
        assert card.scroll_y == 0 and screen.highlighted_option != highlighted


async def test_every_option_title_reads_whole_at_80x24_with_its_cost_and_warning(content, tmp_path):
    # Haftar's visit: five options, some dear, one that cannot be undone. A title too long for its row at 80
    # columns is cut there and given whole in the details panel when highlighted; a cost is never cut off.
    record = GameRecord.start(content, SEED)
    policy, rng = POLICIES["random"], policy_rng(SEED)
    while record.state.current_card != "haftar-visit":
        record.apply(policy(record.state, record.legal_decisions(), rng))
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = app.screen
        decision, details = screen.query_one("#decision"), screen.query_one("#details")
        offered = screen.offered_options()
        assert any(o.irreversible for o in offered) and any(o.cost for o in offered)
        cut = 0
        for option in offered:
            if option.cost:
                rows = "\n".join(decision.render_line(y).text for y in range(decision.size.height))
                assert f"  cost {option.cost}" in rows
            if not option.available:  # (the highlight passes over options the budget closes)
                continue
            for _ in range(len(offered)):
                if screen.highlighted_option == option.number:
                    break
                await pilot.press("down")
            assert screen.highlighted_option == option.number
            rows = "\n".join(decision.render_line(y).text for y in range(decision.size.height))
            panel = " ".join(details.render_line(y).text.strip() for y in range(details.size.height))
            if option.label not in rows:
                cut += 1
                assert " ".join(option.label.split()) in " ".join(panel.split()), option.label
        assert "⚠" in rows
        assert cut  # the case this test is for (a long title at 80 columns) did happen


async def test_keys_do_nothing_under_the_small_terminal_notice(content, tmp_path):
    record = record_at_a_decision(content)
    before = record.state_hash
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        notice = str(app.screen.query_one(".too-small-notice").render())
        assert "paused" in notice
        for key in ("1", "2", "enter", "down", "n", "h", "question_mark", "f1", "l", "escape", "ctrl+s"):
            await pilot.press(key)
            await settle(pilot, quick=True)
            assert app.screen_name == "TurnScreen", key  # no screen opened, none closed
        assert record.state_hash == before and not record.log  # nothing decided unseen
        await pilot.press("ctrl+q")  # quitting still works (the game is autosaved)
        await settle(pilot)
    assert app.return_code == 0


async def test_ctrl_c_asks_whether_to_quit(content, tmp_path):
    app = WargameApp(saves_dir=tmp_path, record=record_at_a_decision(content))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert app.screen_name == "ConfirmDialog" and "Quit" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen_name == "TurnScreen" and app.return_code is None
        await pilot.press("ctrl+c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code == 0


def footer_keys(app) -> dict[str, str]:
    return {description: key for key, description in app.screen.query_one("GameFooter").shown}


async def test_the_footer_shows_only_keys_that_work(content, tmp_path):
    app = WargameApp(saves_dir=tmp_path, seed=SEED)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "Save" not in footer_keys(app)  # no game on the title screen
        app.open_record(record_at_a_decision(content))
        await settle(pilot)
        keys = footer_keys(app)
        count = len(app.screen.offered_options())
        assert keys["Choose"] == f"1-{count}" and "Save" in keys and "Continue" not in keys
        for _ in range(60):  # on to a card with nothing to choose, or the end of the turn
            if not app.screen.offered_options():
                break
            await pilot.press("1")
            if app.screen_name == "ConfirmDialog":
                await pilot.press("y")
            await settle(pilot, quick=True)
        keys = footer_keys(app)
        assert "Choose" not in keys and keys["Continue"] == "⏎"
        await pilot.press("1")  # and the number keys do nothing there
        await settle(pilot)
        assert app.screen_name == "TurnScreen"


def whole_game_keys(app) -> str:
    """The key a player presses next: the first option that can be taken where there is a choice (Y to
    confirm), else Enter."""
    if app.screen_name == "ConfirmDialog":
        return "y"
    return first_available_key(app) if app.screen.offered_options() else "enter"


@pytest.mark.parametrize("scenario, size", [("tripoli-2019", SMALL), ("partnership-2016", (100, 32))])
async def test_no_internal_id_or_path_reaches_the_screen_in_a_whole_game(scenario, size, tmp_path):
    resolved = resolve(scenario)
    record = GameRecord.start(resolved, SEED)
    app = WargameApp(saves_dir=tmp_path, record=record)
    seen: list[str] = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for _ in range(400):
            if app.screen_name == "EndScreen":
                break
            seen.append(screen_text(app))
            if app.screen_name == "TurnScreen" and app.screen.offered_options():
                await pilot.press("down")  # the details panel of another option, too
                seen.append(screen_text(app))
            await pilot.press(whole_game_keys(app))
            await settle(pilot, quick=True)
        assert app.screen_name == "EndScreen"
        seen.append(screen_text(app))
        await pilot.press("end")
        seen.append(screen_text(app))
        await pilot.press("escape")
        await settle(pilot)
        app.open_record(record)  # the game is over: its end screen again, and the whole log from the turn screen
        await settle(pilot)
    flags = {e.flag for e in record.events() if isinstance(e, FlagChanged)}
    internal = internal_names(resolved, flags)
    text = "\n".join(seen)
    assert not ids_in(text, internal), sorted(ids_in(text, internal))
    for path_like in (".yaml", ".json", "seeds/", "content/", str(tmp_path)):
        assert path_like not in text, path_like
    # and the whole log, every line of it
    from game.tui.widgets.log import entries_of

    log = "\n".join(getattr(e, "text", "") for e in entries_of(resolved.rules, record.events()))
    assert not ids_in(log, internal)


async def test_the_whole_log_opens_with_l_and_scrolls(content, tmp_path):
    record = record_at_a_decision(content)
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for _ in range(12):
            await pilot.press(whole_game_keys(app))
            await settle(pilot, quick=True)
        await pilot.press("l")
        await settle(pilot)
        assert app.screen_name == "LogScreen"
        log = app.screen.query_one("#full-log")
        assert log.scroll_y == log.max_scroll_y > 0  # opens at the latest line
        await pilot.press("home")
        assert log.scroll_y == 0 and "Turn 1" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen_name == "TurnScreen"


# ------------------------------------------------------------------ meters and map


async def test_meters_mark_changes_good_or_bad_and_the_bars_draw_eighths(content, tmp_path):
    from game.debrief.charts import block_bar
    from game.engine.explain import meter_short, meter_tone

    assert block_bar(0.25, 6) != block_bar(0.37, 6)  # the play-test's 25 and 37
    record = record_at_a_decision(content)
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(whole_game_keys(app))
        await settle(pilot)
        screen = app.screen
        meters = screen.query_one("#meters")
        start = record.meters_at(screen.shown_turn - 1)
        budget = record.rules.budget
        shown = sorted(content.scenario.meters, key=lambda m: m.id != budget)  # the budget first, then in order
        lines = [meters.render_line(y).text for y in range(1, len(shown) + 1)]
        moved = 0
        for m, line in zip(shown, lines):
            assert line.startswith(meter_short(record.rules, m.id)[:10])
            now, delta = record.state.meters[m.id], record.state.meters[m.id] - start[m.id]
            assert f" {now}" in line
            if delta:
                moved += 1
                sign = "+" if delta > 0 else "−"
                assert f"{sign}{abs(delta)}" in line  # the change shown is the change, with one minus sign
                tone = meter_tone(record.rules, m.id, delta)
                assert ("✓" in line) == (tone == "good") and ("✗" in line) == (tone == "bad")
        assert moved


def places_and_names(app):
    widget = app.screen.query_one("#map")
    rows = [widget.render_line(y).text for y in range(widget.size.height)]
    return widget, rows


@pytest.mark.parametrize("scenario", ["tripoli-2019", "partnership-2016"])
@pytest.mark.parametrize("size", [SMALL, (100, 32), (120, 40)])
async def test_the_map_names_places_without_running_them_together(scenario, size, tmp_path):
    resolved = resolve(scenario)
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(resolved, SEED))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        widget, rows = places_and_names(app)
        names = {p.id: p.name for p in resolved.scenario.places}
        named = widget.names_at
        assert len(named) + len(widget.unnamed) == len(names)
        if size != SMALL:
            assert not widget.unnamed  # every key place named on the map from 100 x 32
        for pid, (row, start, length) in named.items():
            text = rows[row][start:start + length]
            assert names[pid].startswith(text), (pid, text)
            for edge in (start - 1, start + length):  # a space, the place's own mark or ⚔ beside a name
                if 0 <= edge < len(rows[row]):
                    assert not rows[row][edge].isalpha(), (pid, rows[row])
        legend = [r for r in rows if "fighting" in r or any(s in r for s, _ in actor_styles(resolved.scenario.actors).values())]
        assert legend
        symbols = [s for s, _ in actor_styles(resolved.scenario.actors).values()]
        assert len(set(symbols)) == len(symbols) and not any(s.isalpha() for s in symbols)


async def test_the_map_lists_places_where_it_is_too_narrow(content, tmp_path):
    from textual.app import App

    from game.tui.widgets.libya_map import LibyaMap

    import game.tui

    class Narrow(App):
        CSS_PATH = str(Path(game.tui.__file__).parent / "app.tcss")  # the game's colours

        def __init__(self):
            super().__init__()
            from game.tui.themes import THEMES

            for theme in THEMES:
                self.register_theme(theme)
            self.theme = THEMES[0].name

        def compose(self):
            yield LibyaMap()

        def on_mount(self):
            self.query_one(LibyaMap).setup(content.scenario)

    app = Narrow()
    async with app.run_test(size=(22, 12)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    for place in content.scenario.places:
        assert place.name[:12] in text


def a_turn_where_a_place_changes_hands(resolved):
    """(seed, the decisions before, the decision that ends the turn, that turn's log) for the first random
    game in which a place changes hands."""
    policy = POLICIES["random"]
    for seed in range(1, 400):
        record, rng = GameRecord.start(resolved, seed), policy_rng(seed)
        while not record.over:
            decision = policy(record.state, record.legal_decisions(), rng)
            before = list(record.log)
            record.apply(decision)
            ended = record.turn_just_ended
            if ended is not None and any(isinstance(e, PlaceChanged) and e.holder_before != e.holder_after
                                         for e in record.turns[ended - 1].events):
                return seed, before, decision, record.turns[ended - 1]
    return None


async def test_a_place_that_changes_hands_is_in_the_turns_summary(tmp_path):
    resolved = resolve("tripoli-2019")
    found = a_turn_where_a_place_changes_hands(resolved)
    assert found is not None
    seed, before, decision, turn = found
    change = next(e for e in turn.events if isinstance(e, PlaceChanged) and e.holder_before != e.holder_after)
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.replay(resolved, seed, before))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        option = next((o for o in app.screen.offered_options() if o.id == decision.option), None)
        await pilot.press(str(option.number) if option else "enter")
        if app.screen_name == "ConfirmDialog":
            await pilot.press("y")
        await settle(pilot)
        assert app.screen.showing_summary
        summary = app.screen.query_one("#card").text
        shown = screen_text(app)
    place = next(p.name for p in resolved.scenario.places if p.id == change.place)
    holder = next(a.name for a in resolved.scenario.actors if a.id == change.holder_after)
    assert f"{place} passes from" in summary and holder in summary
    assert summary.index("On the map") < summary.index("Meters this turn")  # at the top, not lost below
    assert f"{place} passes from" in shown  # on screen at 80 x 24 without scrolling


async def test_the_garbage_collector_waits_after_a_key_and_comes_back(content, tmp_path):
    import gc

    app = WargameApp(saves_dir=tmp_path, record=record_at_a_decision(content))
    app.COLLECTOR_HOLD = 3600.0  # held for the rest of the test
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("down")
        assert not gc.isenabled()  # held: no collection between a key and its frame
        app.COLLECTOR_HOLD = 0.001
        await pilot.press("up")
        for _ in range(1000):  # wait for the release (a 1 ms timer), not for a fixed time
            if gc.isenabled():
                break
            await pilot.pause()
        assert gc.isenabled()  # on again once the keys stop
        app.COLLECTOR_HOLD = 3600.0
        await pilot.press("down")
        assert not gc.isenabled()
    assert gc.isenabled()  # an app that quits while holding it lets it go
