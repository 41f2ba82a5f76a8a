"""Property tests: random content using the mechanics (budget and costs, surcharges, drift, soft limits,
thresholds, memory, recurring effects) and random decisions never break the engine's invariants: meters and
counts stay in bounds, only affordable options are legal, thresholds keep their rules, and the same seed and
decisions give the same game, event for event."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from game.engine import apply, compile_rules, is_over, legal_decisions, new_game, outcome, state_hash
from game.engine.rules import Rules
from game.model.content import Scenario
from game.model.events import ThresholdCrossed

METERS = ["m0", "m1", "budget"]
ACTORS = ["a0", "a1"]
DEEDS = ["d0", "d1"]
FLAGS = ["f0"]


def _conditions():
    leaf = st.one_of(
        st.builds(lambda m, n: {"meter": m, "gte": n}, st.sampled_from(METERS), st.integers(0, 100)),
        st.builds(lambda f: {"flag": f}, st.sampled_from(FLAGS)),
        st.builds(lambda a, w, n: {"remembers": {"actor": a, "what": w, "gte": n}},
                  st.sampled_from(ACTORS), st.sampled_from(DEEDS), st.integers(0, 3)),
        st.builds(lambda a, w, n: {"remembers": {"actor": a, "what": w, "lt": n}},
                  st.sampled_from(ACTORS), st.sampled_from(DEEDS), st.integers(0, 3)),
    )
    return st.recursive(leaf, lambda inner: st.builds(lambda x: {"not": x}, inner), max_leaves=2)


CONDITIONS = _conditions()


def _effects():
    leaf = st.one_of(
        st.builds(lambda m, n: {"meter": m, "add": n}, st.sampled_from(METERS), st.integers(-40, 40)),
        st.builds(lambda m, n: {"meter": m, "set": n}, st.sampled_from(METERS), st.integers(0, 100)),
        st.builds(lambda f: {"set_flag": f}, st.sampled_from(FLAGS)),
        st.builds(lambda f: {"clear_flag": f}, st.sampled_from(FLAGS)),
        st.builds(lambda a, w, n: {"remember": {"actor": a, "what": w, "add": n}},
                  st.sampled_from(ACTORS), st.sampled_from(DEEDS), st.integers(-3, 3)),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(lambda n, c, xs: {"every": n, "while": c, "effects": xs},
                      st.integers(1, 3), CONDITIONS, st.lists(inner, min_size=1, max_size=2)),
            st.builds(lambda n, xs: {"every": n, "effects": xs}, st.integers(1, 3),
                      st.lists(inner, min_size=1, max_size=2)),
            st.builds(lambda p, t: {"chance": p, "then": t}, st.integers(0, 100), st.lists(inner, max_size=2)),
            st.builds(lambda c, t: {"if": c, "then": t}, CONDITIONS, st.lists(inner, max_size=2)),
        ),
        max_leaves=4,
    )


# built once: a strategy built afresh for every draw is validated afresh too (slow)
EFFECTS = _effects()


@st.composite
def meters(draw, mid):
    meter = {"id": mid, "name": mid, "description": "d", "start": draw(st.integers(0, 100))}
    if draw(st.booleans()):
        meter["drift"] = {"toward": draw(st.integers(0, 100)), "by": draw(st.integers(1, 10))}
    if draw(st.booleans()):
        below = draw(st.integers(1, 49))
        meter["soft"] = {"above": draw(st.integers(51, 99)), "below": below}
    return meter


@st.composite
def thresholds(draw, index):
    line = draw(st.integers(1, 99))
    t = {"id": f"t{index}", "meter": draw(st.sampled_from(METERS)), "text": "reacts",
         "effects": draw(st.lists(EFFECTS, max_size=2))}
    if draw(st.booleans()):
        t["above"] = line
        if draw(st.booleans()):
            t["rearm"] = draw(st.integers(0, line - 1))
    else:
        t["below"] = line
        if draw(st.booleans()):
            t["rearm"] = draw(st.integers(line + 1, 100))
    if draw(st.booleans()):
        t["actor"] = draw(st.sampled_from(ACTORS))
    return t


@st.composite
def option(draw, j):
    o = {"id": f"o{j}", "label": f"o{j}", "effects": draw(st.lists(EFFECTS, max_size=3))}
    if draw(st.booleans()):
        o["cost"] = draw(st.integers(0, 40))
    if draw(st.booleans()):
        o["surcharge"] = [{"when": draw(CONDITIONS), "add": draw(st.integers(-10, 20)), "why": "w"}]
    if draw(st.integers(0, 3)) == 0:
        o["when"] = draw(CONDITIONS)
    return o


@st.composite
def scenarios(draw):
    cards = []
    for i in range(draw(st.integers(2, 6))):
        n_opts = draw(st.sampled_from([0, 2, 3, 4]))
        cards.append({"id": f"c{i}", "title": f"c{i}", "text": "t", "repeatable": draw(st.booleans()),
                      "draw": draw(st.sampled_from(["random", "fixed"])),
                      "effects": draw(st.lists(EFFECTS, max_size=2)),
                      "options": [draw(option(j)) for j in range(n_opts)]})
    return {
        "kind": "scenario", "id": "prop", "title": "p", "summary": "s", "start": "2019-04-04", "turn_days": 7,
        "turns": draw(st.integers(1, 8)), "draws_per_turn": draw(st.integers(0, 2)), "briefing": "b",
        "budget": "budget", "display": draw(st.sampled_from(["exact", "estimates", "hidden"])),
        "meters": [draw(meters(m)) for m in METERS],
        "actors": [{"id": a, "name": a, "remembers": DEEDS} for a in ACTORS],
        "thresholds": [draw(thresholds(i)) for i in range(draw(st.integers(0, 3)))],
        "endings": [{"id": "good", "title": "g", "text": "t", "when": draw(CONDITIONS)},
                    {"id": "fallback", "title": "f", "text": "t"}],
        "score": {"m0": 1.0},
        "cards": cards,
    }


def play(rules: Rules, seed: int, choice_seed: int, check: bool):
    """A whole game with random decisions; the hashes after each decision and every event."""
    chooser = random.Random(choice_seed)
    state = new_game(rules, seed)
    hashes, log, steps = [], [], 0
    while not is_over(state):
        legal = legal_decisions(state)
        if check:
            assert legal and legal == legal_decisions(state)  # the same order when asked again
            assert len(set(legal)) == len(legal)
        decision = chooser.choice(legal)
        if check and decision.option is not None:
            option = rules.cards[decision.card].by_option[decision.option]
            if option.costly:  # only what the budget can pay is legal
                assert option.cost_now(state) <= state.meters["budget"]
        turn = state.turn
        state, events = apply(state, decision)
        if check:
            for mid, mr in rules.meters.items():
                assert mr.lo <= state.meters[mid] <= mr.hi
            assert all(0 < n <= 1000 and a in ACTORS and w in DEEDS for (a, w), n in state.memory.items())
            fired = Counter((e.turn, e.threshold) for e in events if isinstance(e, ThresholdCrossed))
            assert all(n == 1 for n in fired.values())  # at most once a turn
            assert state.turn in (turn, turn + 1)
        hashes.append(state_hash(state))
        log.append(events)
        steps += 1
        assert steps < 2000, "the game must end"
    return state, hashes, log


@given(scenarios(), st.integers(0, 2**32), st.integers(0, 2**32))
def test_random_content_with_the_mechanics_keeps_invariants_and_replays_exactly(data, seed, choice_seed):
    rules = compile_rules(Scenario.model_validate(data))
    state, hashes, log = play(rules, seed, choice_seed, check=True)
    assert outcome(state) is not None and state.turn <= rules.turns
    once = {t.id for t in rules.thresholds if t.rearm is None}
    crossed = Counter(e.threshold for events in log for e in events if isinstance(e, ThresholdCrossed))
    assert all(crossed[t] <= 1 for t in once)  # without rearm: once a game
    again, hashes_again, log_again = play(compile_rules(Scenario.model_validate(data)), seed, choice_seed, False)
    assert hashes_again == hashes and log_again == log and state_hash(again) == state_hash(state)
