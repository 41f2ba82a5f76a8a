"""The turn screen shows a card's options in the order the engine offers them, and an option the budget cannot
pay as not open, with the engine's reason."""

from __future__ import annotations

from test_mechanics_saves import mechanics_content
from test_tui_support import SIZE, settle

from game.engine.explain import offered
from game.saves import GameRecord
from game.saves.content_link import resolved_from_scenario
from game.tui.app import WargameApp


async def test_the_turn_screen_shows_the_engines_order_and_reasons(tmp_path):
    resolved = mechanics_content()
    # the first game whose order differs from the content's (so that showing the content's would fail)
    record = next(r for r in (GameRecord.start(resolved, seed) for seed in range(50))
                  if [o.option for o in offered(r.state)] != ["surge", "quiet", "court"])
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = app.screen.offered_options()
        engine = offered(record.state)
        assert [o.id for o in shown] == [o.option for o in engine]
        assert [(o.available, o.why_not) for o in shown] == [(o.available, o.reason) for o in engine]


async def test_an_option_the_budget_cannot_pay_is_shown_not_open_with_why(tmp_path):
    resolved = mechanics_content()
    poor = resolved.scenario.model_copy(update={"meters": [
        m.model_copy(update={"start": 3}) if m.id == "capital" else m for m in resolved.scenario.meters]})
    record = GameRecord.start(resolved_from_scenario(poor, resolved.facts, resolved.sources), 1)
    app = WargameApp(saves_dir=tmp_path, record=record)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        surge = next(o for o in app.screen.offered_options() if o.id == "surge")
        assert not surge.available and surge.why_not == "needs 6 Capital, you have 3"
        await pilot.press(str(surge.number))
        await settle(pilot)
        assert record.state.current_card == "arms"  # nothing was taken
