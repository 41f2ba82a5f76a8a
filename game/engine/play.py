"""Whole games without a player: the fast loop behind `simulate`, `check` and the benchmarks.

It runs the very same phase code as `apply` (game.engine.core.step) on one mutable working state per
game, without building intermediate immutable states or events unless asked to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.core import Work, score_of
from game.engine.planning import MAX_DECISIONS_PER_TURN, play_out  # noqa: F401 - the limit is re-exported
from game.engine.policies import Policy, policy_named, policy_rng
from game.engine.rules import Rules


@dataclass(slots=True)
class GameResult:
    seed: int
    ending: str | None
    turns: int
    score: float
    decisions: list[tuple[str | None, str | None]] = field(default_factory=list)
    drawn: list[str] = field(default_factory=list)
    meters: dict[str, int] = field(default_factory=dict)
    events: list[tuple] = field(default_factory=list)  # record=True only: raw tuples (see game.model.events)


def play_game(rules: Rules, seed: int, policy: Policy | str = "random", keep_decisions: bool = False,
              record: bool = False) -> GameResult:
    """One whole game; `record` keeps every event (slower: `wargame check` uses it for per-card effects).
    `policy` is a policy or a name from POLICIES (`search:N` sets the search player's rollouts)."""
    if isinstance(policy, str):
        policy = policy_named(policy)
    w = Work.start(rules, seed, record=record)
    decisions: list = []
    play_out(w, policy, policy_rng(seed), decisions if keep_decisions else None)
    total, _ = score_of(rules, w.meters, w.ending)
    return GameResult(seed, w.ending, w.turn, total, decisions, sorted(w.seen), dict(w.meters), w.events or [])
