"""Whole games without a player: the fast loop behind `simulate`, `check` and the benchmarks.

It runs the very same phase code as `apply` (game.engine.core.step) on one mutable working state per
game, without building intermediate immutable states or events unless asked to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.core import Work, legal, score_of, step
from game.engine.policies import POLICIES, Policy, policy_rng
from game.engine.rules import Rules

# A game that has not ended after this many decisions is a content bug (a card loop); stop it.
MAX_DECISIONS_PER_TURN = 200


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
    """One whole game; `record` keeps every event (slower: `wargame check` uses it for per-card effects)."""
    if isinstance(policy, str):
        policy = POLICIES[policy]
    w = Work.start(rules, seed, record=record)
    prng = policy_rng(seed)
    decisions: list = []
    limit = MAX_DECISIONS_PER_TURN * (rules.turns + 1)
    count = 0
    while not w.over:
        options = legal(w)
        d = policy(w, options, prng)
        if keep_decisions:
            decisions.append((d.card, d.option))
        step(w, d)
        count += 1
        if count > limit:
            break
    total, _ = score_of(rules, w.meters, w.ending)
    return GameResult(seed, w.ending, w.turn, total, decisions, sorted(w.seen), dict(w.meters), w.events or [])
