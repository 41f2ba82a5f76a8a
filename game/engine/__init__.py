"""The pure, deterministic rules engine. No Textual, no Rich, no I/O.

    rules = compile_rules(scenario)          # once per resolved scenario
    state = new_game(rules, seed)
    while not is_over(state):
        state, events = apply(state, legal_decisions(state)[0])
    outcome(state)
"""

from game.engine.core import (
    IllegalDecision,
    Outcome,
    apply,
    is_over,
    legal_decisions,
    new_game,
    new_game_events,
    outcome,
)
from game.engine.rules import Rules, compile_rules
from game.engine.state import Decision, State, state_hash
from game.model.events import Event

__all__ = [
    "Decision", "Event", "IllegalDecision", "Outcome", "Rules", "State", "apply", "compile_rules",
    "is_over", "legal_decisions", "new_game", "new_game_events", "outcome", "state_hash",
]
