"""Headless players. A policy picks one of the legal decisions; it owns its own RNG (it is a player,
not the engine), seeded from the game's seed so that a batch of games repeats exactly."""

from __future__ import annotations

import random
from typing import Callable

from game.engine.state import Decision

Policy = Callable[[object, list[Decision], random.Random], Decision]


def random_policy(view, legal: list[Decision], rng: random.Random) -> Decision:
    """Any legal decision, uniformly."""
    if len(legal) == 1:
        return legal[0]
    return legal[int(rng.random() * len(legal))]


def historical_policy(view, legal: list[Decision], rng: random.Random) -> Decision:
    """The option the card marks as what Moscow actually did, when it is legal; else random."""
    if len(legal) > 1:
        card = view.rules.cards[legal[0].card]
        for opt in card.options:
            if opt.historical:
                for d in legal:
                    if d.option == opt.id:
                        return d
                break
    return random_policy(view, legal, rng)


POLICIES: dict[str, Policy] = {"random": random_policy, "historical": historical_policy}


def policy_rng(seed: int) -> random.Random:
    # A distinct stream from the engine's, derived from the same seed.
    return random.Random(seed * 2654435761 + 97)
