"""Loading a custom deck from the app: a bad deck is refused with its problems listed; a good one is
stacked on the next new game. And the option summaries the decision shows (game.engine.explain)."""

from __future__ import annotations

from pathlib import Path

from test_tui_support import SIZE, settle, text_of

from game.paths import decks_dir
from game.tui.app import WargameApp


async def test_a_bad_deck_is_refused_with_its_problems_and_a_good_one_is_loaded(tmp_path):
    bad = tmp_path / "bad-deck.yaml"
    bad.write_text("kind: deck\nid: bad\ntitle: Bad\ncards:\n  - {id: x, title: X, text: t, bogus: 1}\n",
                   encoding="utf-8")
    good = sorted(decks_dir().glob("*.yaml"))[0]
    app = WargameApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert app.screen_name == "DeckScreen"
        await pilot.press(*str(bad), "enter")
        await settle(pilot)
        assert app.screen_name == "ErrorScreen"
        message = text_of(app.screen.query_one(".error-text"))
        assert "bad-deck.yaml:5:" in message and "bogus" in message  # file:line:col of the problem
        await pilot.press("escape")
        await settle(pilot)
        assert app.decks == []
        field = app.screen.query_one("#deck-path")
        field.value = str(good)
        await pilot.press("enter")
        await settle(pilot)
        assert app.decks == [Path(good)]
        await pilot.press("escape")
        await settle(pilot)
        assert good.name in text_of(app.screen.query_one("#title-status"))


def test_option_summaries_show_costs_odds_and_delays():
    from factories import rules

    from game.engine.explain import option_summary

    r = rules()
    veto = option_summary(r, "vote", "veto")
    assert [(p.text, p.tone) for p in veto] == [("Leverage +10", "good"), ("in 2 turns: Cost +5", "later")]
    abstain = option_summary(r, "vote", "abstain")
    assert abstain[0].tone == "chance" and abstain[0].text.startswith("50% coin")
    assert "Leverage −5" in abstain[0].text
    send = [p.text for p in option_summary(r, "arms", "send")]
    assert send[0] == "Cost +20" and "Tripoli: fighting" in send and any("Exposed" in t for t in send)
