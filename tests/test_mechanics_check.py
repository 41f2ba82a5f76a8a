"""`wargame check` on content that uses the mechanics: games run, costs count as their card's effect, and the
seeking players steer towards what memory and the budget open (rare options found)."""

from __future__ import annotations

import shutil

from test_content_support import DATA, content_env, dump  # noqa: F401 - fixture
from mechanics_support import decision, option, scenario

from game.authoring.check import check, root_card
from game.content import resolve
from game.model.events import CostCause, ThresholdCause


def test_the_mechanics_scenario_checks_clean(content_env):
    shutil.copy(DATA / "scenarios" / "mechanics.yaml", content_env.scenarios / "mechanics.yaml")
    resolved = resolve("mechanics")
    assert resolved.warnings == []
    report = check(resolved, games=150, seed=0)
    assert report.ok, (report.cards_never_drawn, report.options_never_available, report.endings_never_reached)
    # the cost of an option is part of what its card does to the budget
    assert report.card_effects["arms"]["capital"] < 0


def test_costs_and_reactions_go_back_to_the_card():
    assert root_card(CostCause("arms", "surge", ())) == "arms"
    assert root_card(ThresholdCause(CostCause("arms", "surge", ()), "t")) == "arms"


def test_seeking_finds_an_option_that_needs_a_memory_and_savings(content_env):
    # the deal needs Tripoli courted on each of four calls (six options each: random play finds that once in
    # 1296 games) and 8 capital (which the drift gives by then; steering by the budget alone would wait)
    capital = {"id": "capital", "name": "Capital", "description": "d", "start": 3, "max": 20,
               "drift": {"toward": 20, "by": 2}}
    actors = [{"id": "lna", "name": "LNA"}, {"id": "gna", "name": "GNA", "remembers": ["courted"]}]

    def call(turn: int) -> dict:
        others = [option(name, cost=3) for name in ("ignore", "shout", "sulk", "bluff")]
        court = option("court", [{"remember": {"actor": "gna", "what": "courted"}}])
        wait = option("wait", [{"meter": "capital", "add": 1}])  # what steering by the budget alone would take
        return decision(f"call{turn}", [court, *others, wait], turn=turn, facts=["mini-vote"])

    cards = [call(t) for t in (1, 2, 3, 4)]
    deal = option("deal", when={"remembers": {"actor": "gna", "what": "courted", "gte": 4}}, cost=8)
    cards.append(decision("summit", [deal, option("walk")], turn=5, facts=["mini-vote"]))
    d = scenario(cards, [capital], sources=["mini-doc"], actors=actors, budget="capital")
    resolved = resolve(content_env.write("s.yaml", dump(d)))
    report = check(resolved, games=20, seed=0)
    assert report.seek_games > 0  # the random and coverage games did not find it: the seeking did
    assert ("summit", "deal") not in {(o.card, o.option) for o in report.options_never_available}
