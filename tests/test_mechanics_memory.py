"""Consequences that come later and compound: actors' memory of what you did (counts and conditions), and
recurring effects that run while a condition holds."""

from __future__ import annotations

import pytest
from mechanics_support import choose, decision, event, game, legal_decisions, option, play_out, scenario
from test_content_support import content_env, dump, only  # noqa: F401 - fixture

from game.content import ContentError, resolve
from game.engine import state_hash
from game.engine.explain import event_text, offered, option_view
from game.engine.state import canonical
from game.model.events import DelayedDue, DelayedScheduled, MemoryChanged, MeterChanged, RecurringEnded

ACTORS = [{"id": "lna", "name": "LNA"}, {"id": "gna", "name": "Serraj (GNA)", "remembers": ["snubbed", "courted"]}]


def snub(add: int = 1) -> dict:
    return {"remember": {"actor": "gna", "what": "snubbed", "add": add}}


def memory_game(cards, **over):
    return game(cards, actors=ACTORS, **over)


# --------------------------------------------------------------------------- memory


def test_memory_counts_each_deed_and_logs_it():
    cards = [event(f"e{t}", [snub()], turn=t) for t in (1, 2, 3)]
    rules, s = memory_game(cards)
    counts, lines = [], []
    for _ in range(3):
        s, events = choose(s, None)
        counts.append(s.memory.get(("gna", "snubbed")))
        lines += [event_text(rules, e) for e in events if isinstance(e, MemoryChanged)]
    assert counts == [1, 2, 3]
    assert lines[-1] == "Serraj (GNA) will remember this: snubbed ×3"


def test_a_memory_condition_reads_what_was_done_before():
    cards = [event("e1", [snub()], turn=1), event("e2", [snub()], turn=2),
             decision("talks", [option("deal", [{"meter": "leverage", "add": 10}],
                                       when={"remembers": {"actor": "gna", "what": "snubbed", "lt": 2}}),
                                option("sulk")], turn=3)]
    _r, s = memory_game(cards)
    s, _ = choose(s, None)
    s, _ = choose(s, None)
    assert s.current_card == "talks"
    assert [d.option for d in legal_decisions(s)] == ["sulk"]  # snubbed twice: no deal


def test_a_count_never_falls_below_zero_and_a_zero_count_is_no_memory():
    cards = [event("e1", [snub(2), snub(-5)])]
    rules, s = memory_game(cards)
    s, events = choose(s, None)
    changes = [(e.before, e.after) for e in events if isinstance(e, MemoryChanged)]
    assert changes == [(0, 2), (2, 0)] and s.memory == {}
    assert "memory=" not in canonical(s)
    last = [e for e in events if isinstance(e, MemoryChanged)][-1]
    assert event_text(rules, last) == "Serraj (GNA) lets some of it go: snubbed ×0"


def test_memory_enters_the_canonical_state_once_there_is_some():
    _r, s = memory_game([event("e1", [snub()])])
    assert "memory=" not in canonical(s)
    s, _ = choose(s, None)
    assert "memory=gna:snubbed:1" in canonical(s).splitlines()


def test_memory_in_a_surcharge_makes_winning_back_a_snubbed_partner_dearer():
    capital = {"id": "capital", "name": "Capital", "description": "d", "start": 10}
    back = option("court", [{"remember": {"actor": "gna", "what": "courted"}}], cost=3, surcharge=[
        {"when": {"remembers": {"actor": "gna", "what": "snubbed", "gte": 1}}, "add": 4, "why": "old snubs"}])
    cards = [event("e1", [snub()]), decision("talks", [back, option("pass")], turn=2)]
    rules, s = game(cards, [capital], actors=ACTORS, budget="capital")
    s, _ = choose(s, None)
    court = next(o for o in offered(s) if o.option == "court")
    assert court.cost == 7
    assert option_view(rules, "talks", "court", "exact")[:2] == (
        ("costs 3 Capital", "cost"), ("more (+4) if Serraj (GNA) remembers “snubbed” at least once: old snubs", "cost"))


@pytest.mark.parametrize("what,message", [
    ("snubed", "actor 'gna' does not keep count of 'snubed' (did you mean 'snubbed'?); what it remembers: courted, "
               "snubbed"),
])
def test_a_deed_the_actor_does_not_declare_is_an_error_with_a_suggestion(content_env, what, message):
    d = scenario([event("e1", [{"remember": {"actor": "gna", "what": what}}], facts=["mini-vote"])],
                 sources=["mini-doc"], actors=ACTORS)
    with pytest.raises(ContentError) as info:
        resolve(content_env.write("s.yaml", dump(d)))
    p = only(info.value.problems)
    assert (p.message, p.location) == (message, "cards[0](e1).effects[0].remember.what")


def test_an_actor_that_keeps_no_count_says_how_to_declare_one(content_env):
    d = scenario([event("e1", [{"remember": {"actor": "lna", "what": "abandoned"}}], facts=["mini-vote"])],
                 sources=["mini-doc"], actors=ACTORS)
    with pytest.raises(ContentError) as info:
        resolve(content_env.write("s.yaml", dump(d)))
    assert only(info.value.problems).message == ("actor 'lna' keeps count of nothing: add `remembers: [abandoned]` "
                                                 "to LNA's entry under `actors`")


def test_a_condition_on_a_deed_nothing_records_is_a_warning(content_env):
    test = {"remembers": {"actor": "gna", "what": "courted", "gte": 1}}
    d = scenario([event("e1", [snub()], facts=["mini-vote"], when=test)], sources=["mini-doc"], actors=ACTORS)
    resolved = resolve(content_env.write("s.yaml", dump(d)))
    assert any(p.message.startswith("nothing makes 'gna' remember 'courted'") for p in resolved.warnings)


def test_a_deck_adds_deeds_to_a_scenario_actor(content_env):
    d = scenario([event("e1", [snub()], facts=["mini-vote"])], sources=["mini-doc"], actors=ACTORS)
    scenario_path = content_env.write("s.yaml", dump(d))
    deck = {"kind": "deck", "id": "grudges", "title": "Grudges", "remembers": {"gna": ["betrayed"]},
            "cards": [event("e2", [{"remember": {"actor": "gna", "what": "betrayed"}}], turn=2,
                            facts=["mini-vote"])]}
    resolved = resolve(scenario_path, decks=[content_env.write("d.yaml", dump(deck))])
    gna = next(a for a in resolved.scenario.actors if a.id == "gna")
    assert gna.remembers == ["snubbed", "courted", "betrayed"]
    bad = dict(deck, remembers={"gnaa": ["betrayed"]})
    with pytest.raises(ContentError) as info:
        resolve(scenario_path, decks=[content_env.write("d2.yaml", dump(bad))])
    assert any(p.message == "unknown actor 'gnaa' (did you mean 'gna'?)" for p in info.value.problems)


# --------------------------------------------------------------------------- recurring effects


def arms(every: int = 1, holds: dict | None = {"flag": "arms-flowing"}) -> dict:
    recurring = {"every": every, "label": "the pipeline is noticed", "effects": [{"meter": "cost", "add": 3}]}
    if holds is not None:
        recurring["while"] = holds
    return event("start", [{"set_flag": "arms-flowing"}, recurring])


def cost_by_turn(s, turns):
    out = []
    for _ in range(turns):
        s, events = choose(s, None)
        out.append(s.meters["cost"])
    return s, out


def test_a_recurring_effect_runs_every_turn_while_its_condition_holds_then_stops():
    stop = event("stop", [{"clear_flag": "arms-flowing"}], turn=4)
    rules, s = game([arms(), stop])
    log = []
    for _ in range(6):
        s, events = choose(s, None)
        log += events
    # set in turn 1: +3 at the end of turns 2 and 3; the flag is cleared during turn 4, so when it comes due at
    # the end of turn 4 it stops for good
    dues = [e.turn for e in log if isinstance(e, DelayedDue)]
    assert dues == [2, 3]
    (ended,) = [e for e in log if isinstance(e, RecurringEnded)]
    assert ended.turn == 4 and ended.scheduled == 1
    assert s.meters["cost"] == 10 + 6
    assert event_text(rules, ended) == "“the pipeline is noticed” stops: what kept it going no longer holds (set in " \
                                       "turn 1)"
    (scheduled,) = [e for e in log if isinstance(e, DelayedScheduled)]
    assert event_text(rules, scheduled) == ("Set in motion: “the pipeline is noticed”, every turn from the end of "
                                            "turn 2 for as long as it lasts (card “Start”)")


def test_without_while_it_runs_to_the_end_and_every_n_turns():
    _r, s = game([arms(holds=None)])
    _s, costs = cost_by_turn(s, 6)
    assert costs == [10, 13, 16, 19, 22, 25]
    _r, s = game([arms(every=2, holds=None)])
    _s, costs = cost_by_turn(s, 6)
    assert costs == [10, 10, 13, 13, 16, 16]


def test_a_recurring_effect_is_worded_with_its_period_and_condition():
    cards = [decision("arms", [option("flow", [arms()["effects"][1]]), option("hold")])]
    rules, _s = game(cards)
    assert option_view(rules, "arms", "flow", "exact") == (
        ("every turn while it lasts: Cost +3", "later"),)
    assert option_view(rules, "arms", "flow", "estimates") == (
        ("every turn while it lasts: Cost ▲", "later"),)


def test_recurring_effects_replay_to_the_same_state():
    rules, s = game([arms(), event("stop", [{"clear_flag": "arms-flowing"}], turn=4)])
    a, events_a = play_out(s)
    b, events_b = play_out(s)
    assert state_hash(a) == state_hash(b) and events_a == events_b
    assert [e for e in events_a if isinstance(e, MeterChanged)]
