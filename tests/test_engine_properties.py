"""Property tests: random valid content and random decision sequences never raise and keep invariants."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from game.engine import apply, compile_rules, is_over, legal_decisions, new_game, outcome, state_hash
from game.model.content import Scenario
from game.model.events import CardDrawn, DecisionMade, TurnEnded, TurnStarted

METERS = ["m0", "m1", "m2"]
FLAGS = ["f0", "f1"]
PLACES = ["p0", "p1"]
ACTORS = ["a0", "a1"]


def conditions(card_ids):
    leaf = st.one_of(
        st.builds(lambda m, n: {"meter": m, "gte": n}, st.sampled_from(METERS), st.integers(-10, 110)),
        st.builds(lambda m, n: {"meter": m, "lt": n}, st.sampled_from(METERS), st.integers(-10, 110)),
        st.builds(lambda f: {"flag": f}, st.sampled_from(FLAGS)),
        st.builds(lambda a, b: {"turn": {"from": min(a, b), "to": max(a, b)}}, st.integers(1, 8), st.integers(1, 8)),
        st.builds(lambda c: {"seen": c}, st.sampled_from(card_ids)),
        st.builds(lambda p, a: {"holds": {"place": p, "actor": a}}, st.sampled_from(PLACES), st.sampled_from(ACTORS)),
        st.builds(lambda p: {"contested": p}, st.sampled_from(PLACES)),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda x: {"not": x}, inner),
        ),
        max_leaves=4,
    )


def effects(card_ids, follow_ups, endings):
    leaf = st.one_of(
        st.builds(lambda m, n: {"meter": m, "add": n}, st.sampled_from(METERS), st.integers(-200, 200)),
        st.builds(lambda m, n: {"meter": m, "set": n}, st.sampled_from(METERS), st.integers(-50, 150)),
        st.builds(lambda f: {"set_flag": f}, st.sampled_from(FLAGS)),
        st.builds(lambda f: {"clear_flag": f}, st.sampled_from(FLAGS)),
        st.builds(lambda p, a, c: {"place": p, "holder": a, "contested": c},
                  st.sampled_from(PLACES), st.sampled_from(ACTORS), st.booleans()),
        st.builds(lambda c, n: {"follow_up": c, "in_turns": n}, st.sampled_from(follow_ups), st.integers(1, 3)),
        st.builds(lambda e: {"end_game": e}, st.sampled_from(endings)),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(lambda p, t, e: {"chance": p, "then": t, "else": e},
                      st.integers(0, 100), st.lists(inner, max_size=2), st.lists(inner, max_size=2)),
            st.builds(lambda n, xs: {"after": n, "effects": xs}, st.integers(1, 4), st.lists(inner, min_size=1, max_size=2)),
            st.builds(lambda a, xs: {"react": a, "text": "reacts", "effects": xs},
                      st.sampled_from(ACTORS), st.lists(inner, max_size=2)),
            st.builds(lambda c, t: {"if": c, "then": t}, conditions(card_ids), st.lists(inner, max_size=2)),
        ),
        max_leaves=5,
    )


@st.composite
def scenarios(draw):
    n_cards = draw(st.integers(2, 8))
    card_ids = [f"c{i}" for i in range(n_cards)]
    follow_ups = [f"f{i}" for i in range(2)]
    endings = ["sudden", "good", "fallback"]
    effs = effects(card_ids + follow_ups, follow_ups, endings)
    cards = []
    for cid in card_ids + follow_ups:
        n_opts = draw(st.sampled_from([0, 2, 3]))
        card = {
            "id": cid,
            "title": cid,
            "text": "t",
            "draw": "follow_up" if cid in follow_ups else draw(st.sampled_from(["random", "fixed"])),
            "weight": draw(st.floats(0.1, 10)),
            "repeatable": draw(st.booleans()),
            "effects": draw(st.lists(effs, max_size=2)),
            "options": [
                {"id": f"o{j}", "label": f"o{j}", "effects": draw(st.lists(effs, max_size=3)),
                 **({"when": draw(conditions(card_ids))} if draw(st.booleans()) else {})}
                for j in range(n_opts)
            ],
        }
        if draw(st.booleans()):
            card["when"] = draw(conditions(card_ids))
        cards.append(card)
    return {
        "kind": "scenario", "id": "prop", "title": "p", "summary": "s", "start": "2019-04-04",
        "turn_days": 7, "turns": draw(st.integers(1, 8)), "draws_per_turn": draw(st.integers(0, 3)),
        "briefing": "b",
        "meters": [{"id": m, "name": m, "description": "d", "start": 50} for m in METERS],
        "actors": [{"id": a, "name": a} for a in ACTORS],
        "places": [{"id": p, "name": p, "x": 1, "y": 1, "holder": "a0"} for p in PLACES],
        "endings": [
            {"id": "sudden", "title": "s", "text": "t", "sudden": True, "when": draw(conditions(card_ids))},
            {"id": "good", "title": "g", "text": "t", "when": draw(conditions(card_ids))},
            {"id": "fallback", "title": "f", "text": "t"},
        ],
        "score": {"m0": 1.0},
        "cards": cards,
    }


@given(scenarios(), st.integers(0, 2**32), st.integers(0, 2**32))
def test_random_content_and_decisions_keep_invariants(data, seed, choice_seed):
    rules = compile_rules(Scenario.model_validate(data))
    chooser = random.Random(choice_seed)
    state = new_game(rules, seed)
    steps = 0
    while not is_over(state):
        legal = legal_decisions(state)
        assert legal, "a live game always offers a decision"
        turn = state.turn
        state, events = apply(state, chooser.choice(legal))
        assert state.turn in (turn, turn + 1)
        for mid, mr in rules.meters.items():
            assert mr.lo <= state.meters[mid] <= mr.hi
        for e in events:  # every event that is not itself a cause (turn marker, draw, decision) names one
            assert isinstance(e, (TurnStarted, TurnEnded, CardDrawn, DecisionMade)) or e.cause is not None
        steps += 1
        assert steps < 2000, "the game must end"
    assert state.turn <= rules.turns
    assert outcome(state) is not None
    assert len(state_hash(state)) == 64
