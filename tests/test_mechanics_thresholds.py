"""Thresholds: actors react when a change, from any cause, takes a meter across a line; once, or again once
re-armed, at most once a turn; logged with the change that crossed it; checked by the content loader."""

from __future__ import annotations

import pytest
from mechanics_support import choose, decision, event, game, option, scenario
from test_content_support import content_env, dump, only  # noqa: F401 - fixture

from game.content import ContentError, resolve
from game.content.lint import lint
from game.engine.explain import cause_text, event_text
from game.engine.state import canonical
from game.model.content import Threshold
from game.model.events import (
    CostCause, DriftCause, FollowUpQueued, MeterChanged, OptionCause, ThresholdCause, ThresholdCrossed,
)

EXPOSURE = {"id": "exposure", "name": "Wagner exposure", "description": "d", "start": 40, "good": "low"}
US = {"id": "us", "name": "Washington"}


def warns(**fields) -> dict:
    return {"id": "washington-warns", "meter": "exposure", "above": 50, "actor": "us",
            "text": "Washington warns Moscow.", "effects": [{"meter": "leverage", "add": -5}], **fields}


def threshold_game(cards, thresholds=None, meters=(EXPOSURE,), **over):
    d_actors = [{"id": "lna", "name": "LNA"}, {"id": "gna", "name": "GNA"}, US]
    return game(cards, list(meters), thresholds=thresholds or [warns()], actors=d_actors, **over)


def pushes(*deltas) -> list[dict]:
    """One event card a turn, each changing exposure by its delta."""
    return [event(f"t{i + 1}", [{"meter": "exposure", "add": d}], turn=i + 1) for i, d in enumerate(deltas)]


def crossings(events) -> list[ThresholdCrossed]:
    return [e for e in events if isinstance(e, ThresholdCrossed)]


def test_crossing_fires_at_once_with_the_change_that_crossed_it():
    cards = [decision("arms", [option("surge", [{"meter": "exposure", "add": 12}, {"meter": "leverage", "add": 1}]),
                               option("hold")])]
    rules, s = threshold_game(cards)
    s, events = choose(s, "surge")
    (crossed,) = crossings(events)
    assert (crossed.threshold, crossed.meter, crossed.before, crossed.after) == ("washington-warns", "exposure", 40, 52)
    assert crossed.cause == OptionCause("arms", "surge")
    changes = [e for e in events if isinstance(e, MeterChanged)]
    # the reaction comes right after the crossing change, before the option's next effect
    assert [(c.meter, c.after) for c in changes] == [("exposure", 52), ("leverage", 45), ("leverage", 46)]
    assert changes[1].cause == ThresholdCause(OptionCause("arms", "surge"), "washington-warns")
    assert event_text(rules, crossed) == ("Washington reacts: Wagner exposure crossed 50 — after your choice "
                                          "“Surge” on “Arms”. Washington warns Moscow.")
    assert cause_text(rules, changes[1].cause) == "Washington reacting to Wagner exposure crossing 50"


def test_it_fires_once_a_game_without_rearm():
    _r, s = threshold_game(pushes(12, -10, 12, -10, 12))
    events = []
    for _ in range(5):
        s, more = choose(s, None)
        events += more
    assert len(crossings(events)) == 1 and s.fired == {"washington-warns": (1, True)}


def test_reaching_the_line_crosses_it_and_a_start_beyond_the_line_does_not():
    _r, s = threshold_game(pushes(10))  # 40 -> 50
    s, events = choose(s, None)
    assert len(crossings(events)) == 1
    _r, s = threshold_game(pushes(5), meters=(dict(EXPOSURE, start=60),))
    s, events = choose(s, None)
    assert crossings(events) == []


def test_with_rearm_it_fires_again_after_the_meter_came_back():
    _r, s = threshold_game(pushes(12, -5, 6, -8, 9), thresholds=[warns(rearm=45)])
    fired = []
    for turn in range(1, 6):
        s, events = choose(s, None)
        fired += [turn for _ in crossings(events)]
    # turn 1: 40 -> 52 fires; turn 2: 47, not back to 45; turn 3: 53, still spent; turn 4: 45 re-arms;
    # turn 5: 54 fires again
    assert fired == [1, 5]


def test_at_most_once_a_turn_even_when_rearmed():
    cards = [event("swing", [{"meter": "exposure", "add": 12}, {"meter": "exposure", "add": -12},
                             {"meter": "exposure", "add": 12}])]
    _r, s = threshold_game(cards, thresholds=[warns(rearm=45)])
    s, events = choose(s, None)
    assert len(crossings(events)) == 1


def test_below_thresholds_fire_on_the_way_down():
    low = warns(id="tripoli-hangs-up", above=None, below=30, actor="gna", text="Tripoli hangs up.",
                effects=[{"set_flag": "line-cut"}])
    _r, s = threshold_game(pushes(-5, -5, -5), thresholds=[low])
    for _ in range(3):
        s, events = choose(s, None)
    assert "line-cut" in s.flags and s.meters["exposure"] == 25


def test_any_cause_can_cross_a_cost_a_drift_and_another_threshold():
    capital = {"id": "capital", "name": "Capital", "description": "d", "start": 8,
               "drift": {"toward": 20, "by": 5}}
    broke = warns(id="broke", meter="capital", above=None, below=3, actor=None, text="The money runs out.",
                  effects=[{"meter": "exposure", "add": 15}])
    flush = warns(id="flush", meter="capital", above=5, actor=None, text="Money again.", effects=[])
    cards = [decision("arms", [option("surge", cost=6), option("hold")])]
    rules, s = threshold_game(cards, thresholds=[broke, flush, warns()], meters=(EXPOSURE, capital),
                              budget="capital")
    s, events = choose(s, "surge")
    by_id = {c.threshold: c for c in crossings(events)}
    assert by_id["broke"].cause == CostCause("arms", "surge", ())
    # the money running out raised exposure past 50: Washington reacts to that reaction
    assert by_id["washington-warns"].cause == ThresholdCause(CostCause("arms", "surge", ()), "broke")
    assert by_id["flush"].cause == DriftCause("capital")  # at the end of the turn, 2 drifts up to 7
    assert event_text(rules, by_id["broke"]).startswith("The situation reacts: Capital crossed 3")


def test_a_threshold_may_queue_a_crisis_this_turn():
    sanctions = {"id": "sanctions", "title": "Sanctions", "text": "t", "draw": "follow_up",
                 "effects": [{"meter": "leverage", "add": -2}]}
    cards = pushes(12) + [sanctions]
    _r, s = threshold_game(cards, thresholds=[warns(effects=[{"follow_up": "sanctions", "in_turns": 0}])])
    s, events = choose(s, None)
    assert [e.card for e in events if isinstance(e, FollowUpQueued)] == ["sanctions"]
    assert s.current_card == "sanctions" and s.turn == 1


def test_fired_thresholds_enter_the_canonical_state_only_once_there_are_some():
    _r, s = threshold_game(pushes(2, 12))
    assert "thresholds=" not in canonical(s)
    s, _ = choose(s, None)
    s, _ = choose(s, None)
    assert "thresholds=washington-warns:2:1" in canonical(s)


@pytest.mark.parametrize("fields,message", [
    ({"below": 30}, "give exactly one of 'above' or 'below'"),
    ({"above": None}, "give exactly one of 'above' or 'below'"),
    ({"rearm": 50}, "'rearm' (50) must be below the line 'above: 50'"),
    ({"above": None, "below": 30, "rearm": 20}, "'rearm' (20) must be over the line 'below: 30'"),
])
def test_a_threshold_declares_one_line_and_a_rearm_on_the_right_side(fields, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Threshold.model_validate(warns(**fields))


# --------------------------------------------------------------------------- content checks


def checked(env, thresholds, name="s.yaml", **over):
    d = scenario([event("t1", [{"meter": "exposure", "add": 5}], facts=["mini-vote"])], [EXPOSURE],
                 sources=["mini-doc"], thresholds=thresholds,
                 actors=[{"id": "lna", "name": "LNA"}, {"id": "gna", "name": "GNA"}, US], **over)
    return env.write(name, dump(d))


def test_unknown_meter_and_actor_are_named_with_suggestions(content_env):
    path = checked(content_env, [warns(meter="exposur", actor="usa")])
    with pytest.raises(ContentError) as info:
        resolve(path)
    messages = {(p.message, p.location) for p in info.value.problems if p.is_error}
    assert ("unknown meter 'exposur' (did you mean 'exposure'?)", "thresholds[0].meter") in messages
    assert ("unknown actor 'usa' (did you mean 'us'?)", "thresholds[0].actor") in messages


def test_effects_of_a_threshold_are_cross_checked_and_count_for_flags(content_env):
    path = checked(content_env, [warns(effects=[{"follow_up": "sanktions"}])])
    with pytest.raises(ContentError) as info:
        resolve(path)
    assert only(info.value.problems).location == "thresholds[0].effects[0].follow_up"


def test_a_line_outside_the_range_never_fires(content_env):
    resolved = resolve(checked(content_env, [warns(above=0)]))
    p = only(resolved.warnings, "warning")
    assert p.message == "threshold 'washington-warns' never fires: meter 'exposure' runs from 0 to 100, so it " \
                        "never crosses `above: 0`"


def test_lint_finds_a_threshold_no_change_can_reach(content_env):
    resolved = resolve(checked(content_env, [warns(above=80)]))
    messages = [p.message for p in lint(resolved)]
    assert "threshold 'washington-warns' never fires: meter 'exposure' can only be between 40 and 45 (every change " \
           "any card could make counted), so it never crosses `above: 80`" in messages
    resolved = resolve(checked(content_env, [warns(above=44)], name="reach.yaml"))
    assert not any("never fires" in p.message for p in lint(resolved))


def test_a_deck_may_add_thresholds(content_env):
    scenario_path = checked(content_env, [])
    deck = {"kind": "deck", "id": "more", "title": "More", "thresholds": [warns()]}
    deck_path = content_env.write("d.yaml", dump(deck))
    resolved = resolve(scenario_path, decks=[deck_path])
    assert [t.id for t in resolved.scenario.thresholds] == ["washington-warns"]
    # and the embedded content carries it
    assert resolved.embedded["scenario"]["thresholds"][0]["id"] == "washington-warns"
    assert "thresholds" not in resolve(scenario_path).embedded["scenario"]  # none: as before thresholds existed
