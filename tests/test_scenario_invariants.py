"""What every shipped scenario must hold, whatever its period: cited facts exist, dates sit in the span,
decision cards are well formed, endings have a fallback, follow-ups are reachable, and balance over
2,000 random games (every ending reached, none dominating, every card drawn).

Parametrised over every file in content/scenarios/: a new scenario gets these tests without an edit here.
Facts of one scenario (its dates, ids, documents) stay in its own test_scenario_<name>.py.
Balance runs headless games with fixed seeds, so the figures are exact and repeat on every run.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from test_scenario_support import card_day, card_effects, nested_effects, shipped_scenarios

from game.content import resolve
from game.engine.play import play_game

GAMES = 2000


def test_the_shipped_scenarios_are_found():
    assert {"tripoli-2019", "partnership-2016"} <= {p.stem for p in shipped_scenarios()}


@pytest.fixture(scope="module", params=shipped_scenarios(), ids=lambda path: path.stem)
def resolved(request):
    return resolve(request.param)


@pytest.fixture(scope="module")
def scenario(resolved):
    return resolved.scenario


@pytest.fixture(scope="module")
def random_games(resolved):
    return [play_game(resolved.rules, seed, "random") for seed in range(GAMES)]


# --------------------------------------------------------------------------- facts and dates


def test_every_card_cites_an_existing_fact(scenario, resolved):
    for card in scenario.cards:
        assert card.facts, f"card {card.id} cites no fact"
        for fid in card.facts:
            assert fid in resolved.facts, f"card {card.id} cites unknown fact {fid}"


def test_span_and_card_dates(scenario, resolved):
    rules = resolved.rules
    assert rules.end == rules.start + timedelta(days=scenario.turns * scenario.turn_days - 1)
    for card in scenario.cards:
        if not card.date:
            continue
        if card.background:
            assert card_day(card.date) < rules.start, f"background card {card.id} is dated inside the span"
        else:
            assert rules.start <= card_day(card.date) <= rules.end, \
                f"card {card.id} dated {card.date} outside the span"


# --------------------------------------------------------------------------- cards and endings


def test_decision_cards_have_options_history_and_at_most_one_historical(scenario):
    for card in scenario.cards:
        if not card.options:
            continue
        assert len(card.options) >= 3, f"card {card.id} has fewer than 3 options"
        assert card.history, f"card {card.id} has no history text"
        historical = [o.id for o in card.options if o.historical]
        assert len(historical) <= 1, f"card {card.id} marks several historical options: {historical}"
        if card.hypothetical:
            assert not historical, f"hypothetical card {card.id} claims a historical option"


def test_follow_up_cards_are_queued_somewhere(scenario):
    queued = {e.follow_up for c in scenario.cards for e in card_effects(c) if hasattr(e, "follow_up")}
    # a threshold's reaction may queue a crisis card too
    queued |= {e.follow_up for t in scenario.thresholds or () for e in nested_effects(t.effects)
               if hasattr(e, "follow_up")}
    for card in scenario.cards:
        if card.draw == "follow_up":
            assert card.id in queued, f"follow-up card {card.id} is never queued"
            assert card.when is None, f"{card.id}: a follow-up card's `when` is not checked"


def test_endings_and_their_fallback(scenario):
    endings = scenario.endings
    assert len(endings) >= 4
    assert endings[-1].when is None and not endings[-1].sudden  # the fallback


# --------------------------------------------------------------------------- balance


def test_random_play_reaches_every_ending_and_none_dominates(scenario, random_games):
    counts = Counter(g.ending for g in random_games)
    assert None not in counts, "a game did not end"
    for ending in scenario.endings:
        assert counts[ending.id] > 0, f"ending {ending.id} never reached in {GAMES} random games"
    top, n = counts.most_common(1)[0]
    assert n / GAMES <= 0.60, f"ending {top} takes {n / GAMES:.0%} of random games"


def test_random_play_draws_every_card(scenario, random_games):
    drawn = set()
    for g in random_games:
        drawn.update(g.drawn)
    never = [c.id for c in scenario.cards if c.id not in drawn]
    assert not never, f"cards never drawn in {GAMES} random games: {never}"
