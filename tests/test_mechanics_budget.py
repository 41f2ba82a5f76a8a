"""Limited means: a scenario's budget, options' costs and surcharges, through the engine; offered options with
their cost and the reason they cannot be taken; the content checks that go with them."""

from __future__ import annotations

import pytest
from mechanics_support import Decision, choose, decision, game, legal_decisions, option, rules_of, scenario
from test_content_support import content_env, dump, only  # noqa: F401 - fixture

from game.content import ContentError, resolve
from game.content.lint import lint
from game.engine import IllegalDecision, apply
from game.engine.explain import cause_text, event_text, offered
from game.model.events import CostCause, MeterChanged

CAPITAL = {"id": "capital", "name": "Capital", "description": "d", "start": 5, "max": 20}


def costly_game(capital: int = 5, surcharge=None, **card):
    surge = option("surge", [{"meter": "leverage", "add": 10}], cost=6)
    if surcharge is not None:
        surge["surcharge"] = surcharge
    cards = [decision("arms", [surge, option("quiet", [{"meter": "leverage", "add": 2}], cost=2),
                               option("wait", [])], **card)]
    return game(cards, [dict(CAPITAL, start=capital)], budget="capital")


def test_an_option_the_budget_cannot_pay_is_not_legal_but_is_offered_with_the_reason():
    _rules, s = costly_game(capital=5)
    assert {d.option for d in legal_decisions(s)} == {"quiet", "wait"}
    offers = {o.option: o for o in offered(s)}
    assert set(offers) == {"surge", "quiet", "wait"}
    surge = offers["surge"]
    assert (surge.available, surge.cost, surge.reason) == (False, 6, "needs 6 Capital, you have 5")
    assert (offers["quiet"].available, offers["quiet"].cost, offers["quiet"].reason) == (True, 2, "")
    assert (offers["wait"].available, offers["wait"].cost) == (True, 0)
    with pytest.raises(IllegalDecision):
        apply(s, Decision("arms", "surge"))


def test_with_enough_the_cost_is_paid_first_exactly_and_logged():
    rules, s = costly_game(capital=9)
    assert "surge" in {d.option for d in legal_decisions(s)}
    s, events = choose(s, "surge")
    changes = [e for e in events if isinstance(e, MeterChanged)]
    paid = changes[0]  # before the option's effects
    assert (paid.meter, paid.before, paid.after) == ("capital", 9, 3)
    assert paid.cause == CostCause("arms", "surge", ())
    assert event_text(rules, paid) == "Capital −6 (9 → 3): cost of “Surge”"
    assert changes[1].meter == "leverage" and s.meters["leverage"] == 60


def test_a_budget_of_exactly_the_cost_pays_it():
    _rules, s = costly_game(capital=6)
    s, _ = choose(s, "surge")
    assert s.meters["capital"] == 0


def test_a_surcharge_raises_the_cost_while_its_condition_holds():
    extra = [{"when": {"meter": "leverage", "gte": 50}, "add": 2, "why": "dependence on Haftar"}]
    rules, s = costly_game(capital=7, surcharge=extra)
    surge = next(o for o in offered(s) if o.option == "surge")
    assert (surge.cost, surge.available, surge.reason) == (8, False, "needs 8 Capital, you have 7")
    rules, s = costly_game(capital=8, surcharge=extra)
    s, events = choose(s, "surge")
    paid = next(e for e in events if isinstance(e, MeterChanged) and e.meter == "capital")
    assert paid.after == 0 and paid.cause.surcharges == ((2, "dependence on Haftar"),)
    assert cause_text(rules, paid.cause) == "cost of “Surge”, +2 dependence on Haftar"
    # the condition fails: no surcharge
    calm = [{"when": {"meter": "leverage", "gte": 90}, "add": 2, "why": "dependence on Haftar"}]
    _rules, s = costly_game(capital=6, surcharge=calm)
    assert next(o for o in offered(s) if o.option == "surge").cost == 6


def test_a_discount_never_makes_a_cost_negative():
    cheap = [{"when": {"meter": "leverage", "gte": 0}, "add": -10, "why": "an old favour"}]
    _rules, s = costly_game(capital=0, surcharge=cheap)
    assert next(o for o in offered(s) if o.option == "surge").cost == 0
    s, events = choose(s, "surge")
    assert s.meters["capital"] == 0 and not [e for e in events if isinstance(e, MeterChanged) and e.meter == "capital"]


def test_a_card_with_nothing_affordable_passes_without_a_choice():
    cards = [decision("arms", [option("surge", cost=6), option("quiet", cost=3)])]
    _rules, s = game(cards, [dict(CAPITAL, start=2)], budget="capital")
    assert legal_decisions(s) == [Decision("arms", None)]
    assert all(not o.available and o.reason.startswith("needs ") for o in offered(s))
    s, _ = choose(s, None)
    assert s.turn == 2 and "arms" not in s.chosen


def test_a_when_that_fails_is_given_as_the_reason_before_the_cost():
    cards = [decision("arms", [option("surge", cost=6, when={"flag": "ready"}), option("wait")])]
    _rules, s = game(cards, [dict(CAPITAL, start=9)], budget="capital")
    surge = next(o for o in offered(s) if o.option == "surge")
    assert not surge.available and surge.reason == "the situation allows"


def test_costs_come_out_of_the_budget_turn_after_turn():
    cards = [decision(f"c{t}", [option("spend", cost=4), option("save")], turn=t) for t in (1, 2, 3)]
    _rules, s = game(cards, [dict(CAPITAL, start=9)], budget="capital")
    s, _ = choose(s, "spend")
    s, _ = choose(s, "spend")
    assert s.meters["capital"] == 1
    assert {d.option for d in legal_decisions(s)} == {"save"}  # the third cannot be paid


# --------------------------------------------------------------------------- content checks


def test_a_cost_without_a_budget_is_an_error(content_env):
    d = scenario([decision("arms", [option("surge", cost=6), option("wait")], facts=["mini-vote"])],
                 sources=["mini-doc"])
    path = content_env.write("s.yaml", dump(d))
    with pytest.raises(ContentError) as info:
        resolve(path)
    p = only(info.value.problems)
    assert "has a cost, but the scenario names no budget" in p.message and p.location.endswith("options[0].cost")


def test_an_unknown_budget_meter_is_named_with_a_suggestion(content_env):
    d = scenario([decision("arms", [option("surge", cost=6), option("wait")], facts=["mini-vote"])],
                 [CAPITAL], sources=["mini-doc"], budget="capitel")
    path = content_env.write("s.yaml", dump(d))
    with pytest.raises(ContentError) as info:
        resolve(path)
    p = only(info.value.problems)
    assert p.message == "unknown meter 'capitel' (did you mean 'capital'?)" and p.location == "budget"


def test_lint_warns_of_a_card_that_can_come_with_nothing_affordable_and_an_option_never_affordable(content_env):
    cards = [decision("arms", [option("surge", cost=6), option("quiet", cost=2)], facts=["mini-vote"]),
             decision("later", [option("grand", cost=30), option("small", cost=1)], turn=2, facts=["mini-vote"])]
    recovering = dict(CAPITAL, start=3, drift={"toward": 20, "by": 1})
    d = scenario(cards, [recovering], sources=["mini-doc"], budget="capital")
    resolved = resolve(content_env.write("s.yaml", dump(d)))
    messages = [p.message for p in lint(resolved)]
    assert any(m.startswith("card 'arms' may come when nothing on it is affordable: every option costs at least 2 "
                            "Capital, and Capital can fall to") for m in messages)
    assert "option 'grand' of card 'later' is never affordable: it costs at least 30 Capital, and Capital never " \
           "rises above 20" in messages
    # one free option: no warning about the card
    cards[0]["options"][1].pop("cost")
    d = scenario(cards, [recovering], sources=["mini-doc"], budget="capital")
    resolved = resolve(content_env.write("s2.yaml", dump(d)))
    assert not any("'arms' may come" in p.message for p in lint(resolved))


def test_a_surcharge_condition_is_cross_checked():
    d = scenario([decision("arms", [option("surge", cost=6, surcharge=[
        {"when": {"meter": "leveradge", "gte": 1}, "add": 1, "why": "w"}]), option("wait")])], [CAPITAL],
        budget="capital")
    rules_of(d)  # the model accepts it; the loader's cross-references do not (below)
    from game.content.documents import parse_document
    from game.content.resolver import resolve_documents

    doc = parse_document(dump(d), "s.yaml")
    _resolved, problems = resolve_documents(doc, [])
    assert any(p.message == "unknown meter 'leveradge' (did you mean 'leverage'?)"
               and p.location.endswith("surcharge[0].when.meter") for p in problems)
