"""Small purpose-made scenarios for the tests of the mechanics of strategic depth (tests/test_mechanics_*.py);
no tests here. The factory scenario (tests/factories.py) with no random draws, and cards given whole."""

from __future__ import annotations

from factories import scenario_dict

from game.engine import apply, compile_rules, legal_decisions, new_game, new_game_events
from game.engine.state import Decision
from game.model.content import Scenario


def decision(cid: str, options: list[dict], turn: int = 1, **card) -> dict:
    """A decision card drawn on the calendar in `turn`."""
    return {"id": cid, "title": cid.title(), "text": "t", "draw": "fixed", "turns": {"from": turn, "to": turn},
            "options": options, **card}


def option(oid: str, effects: list | None = None, **fields) -> dict:
    return {"id": oid, "label": oid.title(), "effects": effects or [], **fields}


def event(cid: str, effects: list, turn: int = 1, **card) -> dict:
    return {"id": cid, "title": cid.title(), "text": "t", "draw": "fixed", "turns": {"from": turn, "to": turn},
            "effects": effects, **card}


def scenario(cards: list[dict], meters: list[dict] = (), **overrides) -> dict:
    """The factory scenario (meters leverage 50 and cost 10; actors lna and gna) without random draws,
    with these cards and these meters added."""
    d = scenario_dict(**{"draws_per_turn": 0, **overrides, "cards": cards})
    d["meters"] = d["meters"] + list(meters)
    return d


def rules_of(d: dict):
    return compile_rules(Scenario.model_validate(d), content_hash="mechanics-test")


def game(cards: list[dict], meters: list[dict] = (), seed: int = 1, **overrides):
    """(rules, the state at the start of turn 1)."""
    rules = rules_of(scenario(cards, meters, **overrides))
    return rules, new_game(rules, seed)


def choose(state, option: str | None):
    """Apply the head card's `option` (or continue, with None); (state, events)."""
    return apply(state, Decision(state.current_card, option))


def play_out(state, pick=lambda legal: legal[0]):
    """Play to the end; (final state, every event)."""
    events = []
    while not state.over:
        state, more = apply(state, pick(legal_decisions(state)))
        events += more
    return state, events


__all__ = ["decision", "option", "event", "scenario", "rules_of", "game", "choose", "play_out", "new_game_events",
           "legal_decisions", "apply", "Decision", "new_game"]
