"""What options show before they are chosen (the display setting): exact numbers, estimates (direction and
rough size, reactions, delays, odds) or hidden (cost and advisers); the cost is always exact, the log always
shows exact results."""

from __future__ import annotations

import pytest
from mechanics_support import choose, decision, game, option

from game.engine.explain import ESTIMATE_BANDS, Part, estimate, event_text, option_summary, option_view
from game.model.events import MeterChanged

CAPITAL = {"id": "capital", "name": "Capital", "description": "d", "start": 10, "max": 20}
SMALL = {"id": "small", "name": "Small meter", "description": "d", "start": 10, "max": 20}
US = {"id": "us", "name": "Washington"}
EGYPT = {"id": "egypt", "name": "Cairo"}

SURGE = option("surge", [
    {"meter": "leverage", "add": 10},
    {"meter": "cost", "add": 5},
    {"react": "us", "text": "Washington protests.", "effects": [{"meter": "leverage", "add": -3}]},
    {"react": "egypt", "text": "Cairo is pleased.", "effects": [{"meter": "leverage", "add": 2}]},
    {"after": 2, "effects": [{"meter": "cost", "add": 2}]},
    {"chance": 55, "label": "the assault succeeds", "then": [{"meter": "leverage", "add": 6}]},
    {"meter": "small", "add": 1},
], cost=4)


def display_game(display=None):
    over = {"actors": [{"id": "lna", "name": "LNA"}, {"id": "gna", "name": "GNA"}, US, EGYPT], "budget": "capital"}
    if display is not None:
        over["display"] = display
    return game([decision("arms", [SURGE, option("wait")])], [CAPITAL, SMALL], **over)


def texts(parts) -> list[str]:
    return [p.text for p in parts]


def test_estimates_is_the_default_setting():
    rules, _ = display_game()
    assert rules.display == "estimates"
    assert option_view(rules, "arms", "surge") == option_view(rules, "arms", "surge", "estimates")


def test_exact_shows_the_cost_then_the_numbers():
    rules, _ = display_game("exact")
    parts = option_view(rules, "arms", "surge")
    assert parts[0] == Part("costs 4 Capital", "cost")
    assert parts[1:] == option_summary(rules, "arms", "surge")
    assert texts(parts)[1:3] == ["Leverage +10", "Cost +5"]


def test_estimates_show_direction_rough_size_reactions_delays_and_odds():
    rules, _ = display_game("exact")  # the scenario's setting is overridden below
    parts = option_view(rules, "arms", "surge", "estimates")
    assert texts(parts) == [
        "costs 4 Capital",
        "Leverage ▲▲▲",
        "Cost ▲▲",
        "may provoke Washington",
        "Cairo will approve",
        "later: Cost ▲",
        "55% the assault succeeds: Leverage ▲▲",
        "Small meter ▲▲",  # 1 point of a 0-20 meter is 5% of its range
    ]
    tones = [p.tone for p in parts]
    assert tones[:5] == ["cost", "good", "bad", "bad", "good"]  # cost is low-good: up is bad for Moscow


def test_hidden_shows_the_cost_only():
    rules, _ = display_game("hidden")
    assert option_view(rules, "arms", "surge") == (Part("costs 4 Capital", "cost"),)
    assert option_view(rules, "arms", "wait") == ()


@pytest.mark.parametrize("delta,arrows", [(1, "▲"), (3, "▲"), (4, "▲▲"), (7, "▲▲"), (8, "▲▲▲"), (30, "▲▲▲"),
                                          (-2, "▼"), (-5, "▼▼"), (-9, "▼▼▼"), (0, "±0")])
def test_estimate_bands_on_a_0_to_100_meter(delta, arrows):
    assert ESTIMATE_BANDS == (3, 7)
    assert estimate(delta, 100) == arrows


def test_the_cost_shown_with_a_state_is_the_total_now():
    surcharged = dict(SURGE, surcharge=[{"when": {"meter": "leverage", "gte": 40}, "add": 3, "why": "dependence"}])
    rules, s = game([decision("arms", [surcharged, option("wait")])], [CAPITAL, SMALL], budget="capital",
                    actors=[{"id": "lna", "name": "LNA"}, {"id": "gna", "name": "GNA"}, US, EGYPT])
    assert option_view(rules, "arms", "surge", "hidden", s) == (Part("costs 7 Capital", "cost"),)
    assert texts(option_view(rules, "arms", "surge", "hidden")) == [
        "costs 4 Capital", "more (+3) if Leverage ≥ 40: dependence"]


def test_an_unknown_setting_is_refused_clearly():
    rules, _ = display_game()
    with pytest.raises(ValueError, match="unknown display setting 'vague': one of exact, estimates, hidden"):
        option_view(rules, "arms", "surge", "vague")


def test_the_log_shows_exact_results_whatever_the_setting():
    rules, s = display_game("hidden")
    s, events = choose(s, "surge")
    lines = [event_text(rules, e) for e in events if isinstance(e, MeterChanged)]
    assert "Capital −4 (10 → 6): cost of “Surge”" in lines
    assert "Leverage +10 (50 → 60): your choice “Surge” on “Arms”" in lines
