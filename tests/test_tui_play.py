"""Playing the game in the app: a whole game by keys alone, one by mouse clicks, confirmation of
irreversible choices, and key mashing."""

from __future__ import annotations

import random

from test_tui_support import SEED, SIZE, content, play_to_end, settle, text_of  # noqa: F401 (fixture)

from game.engine.explain import offered
from game.saves import GameRecord
from game.tui.app import WargameApp
from game.tui.screens.base import GameModal, GameScreen


async def test_a_whole_game_from_the_title_by_keys_alone(content, tmp_path):
    app = WargameApp(seed=SEED, saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen_name == "TitleScreen"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen_name == "NewGameScreen"
        await pilot.press("enter")  # the highlighted scenario: the default one
        await settle(pilot)
        assert app.screen_name == "BriefingScreen"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen_name == "TurnScreen"
        assert app.record.seed == SEED and app.record.rules.id == content.scenario.id

        async def keys(pilot, kind):
            if kind == "choose":  # the first option that can be taken (another may be too dear for the budget)
                first = next(o for o in pilot.app.screen.offered_options() if o.available)
                await pilot.press(str(first.number))
            else:
                await pilot.press({"confirm": "y", "continue": "enter"}[kind])

        await play_to_end(pilot, keys)
        record = app.record
        assert record.over and record.outcome is not None
        assert len(record.turns) >= 1
        # every completed turn was autosaved (the folder keeps the last two of this game)
        assert any(p.name.startswith("autosave-") for p in tmp_path.iterdir())
        end_text = text_of(app.screen.query_one("#end-text"))
        assert record.outcome.title in end_text


async def test_a_whole_game_by_mouse_clicks(content, tmp_path):
    app = WargameApp(seed=SEED + 1, saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#menu-new")
        await settle(pilot)
        await pilot.click("#ng-start")
        await settle(pilot)
        await pilot.click("#br-begin")
        await settle(pilot)
        assert app.screen_name == "TurnScreen"
        chosen = []

        async def clicks(pilot, kind):
            if kind == "confirm":
                assert await pilot.click("#yes")
            elif kind == "choose":
                screen = pilot.app.screen
                target = next(o for o in reversed(screen.offered_options()) if o.available)  # the last open one
                chosen.append(target.id)
                row = screen.query_one("#decision").row_of(target.number)  # every option is on screen
                assert await pilot.click("#decision", offset=(4, row))
            else:
                assert await pilot.click("#decision")  # the line that continues

        await play_to_end(pilot, clicks)
        assert app.record.over
        played = [d.option for d in app.record.log if d.option is not None]
        assert played == chosen  # each click chose the option clicked
        await pilot.click("#end-replay")
        await settle(pilot)
        assert app.screen_name == "ReplayScreen"


def _irreversible_content():
    from factories import scenario_dict

    from game.saves.content_link import resolved_from_scenario

    d = scenario_dict()
    vote = next(c for c in d["cards"] if c["id"] == "vote")
    vote["options"][0]["irreversible"] = True
    return resolved_from_scenario(d)


async def test_an_irreversible_choice_asks_first(tmp_path):
    record = GameRecord.start(_irreversible_content(), 3)
    assert record.state.current_card == "vote"
    # the options are shown in the order the engine offers them (fixed by the seed): find the irreversible one
    veto = str([offer.option for offer in offered(record.state)].index("veto") + 1)
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen_name == "TurnScreen"
        before = record.state_hash
        await pilot.press(veto)
        await settle(pilot)
        assert app.screen_name == "ConfirmDialog"
        await pilot.press("enter")  # the focus is on "Think again": a stray Enter changes nothing
        await settle(pilot)
        assert app.screen_name == "TurnScreen" and record.state_hash == before
        await pilot.press(veto, "y")
        await settle(pilot)
        assert record.log[0].option == "veto"


async def test_unavailable_keys_and_mashing_do_not_crash(content, tmp_path):
    app = WargameApp(seed=SEED, saves_dir=tmp_path, record=GameRecord.start(content, SEED))
    rng = random.Random(1)
    keys = ["1", "2", "3", "4", "5", "9", "enter", "up", "down", "y", "n", "pagedown", "pageup", "tab", "x"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(25):  # 100 keys: every key of the list many times over, in random orders
            if app.screen_name not in ("TurnScreen", "ConfirmDialog"):
                break
            await pilot.press(*(rng.choice(keys) for _ in range(4)))
        await settle(pilot)
        assert app.return_code is None  # still running, no crash
        assert isinstance(app.screen, (GameScreen, GameModal))  # whatever the keys led to, a screen of the game
