"""Game state, decisions and the engine-owned random number generator.

A `State` is never changed after it is built: `apply` builds a new one. The RNG is one
`random.Random(seed)` per game, shared copy-on-write by position: each state records how many draws
its stream has made, and a state whose cursor has moved on (because someone applied a decision to it
before) rebuilds its own by reseeding and skipping. The common, linear path never copies it.
"""

from __future__ import annotations

import hashlib
import random

from game.engine.rules import Decision, Rules  # noqa: F401 - Decision is re-exported here


class RngCursor:
    """A `random.Random(seed)` with the number of draws it has made."""

    __slots__ = ("rng", "pos", "seed")

    def __init__(self, seed: int, pos: int = 0):
        self.seed = seed
        self.rng = random.Random(seed)
        self.pos = 0
        rnd = self.rng.random
        for _ in range(pos):
            rnd()
        self.pos = pos


class State:
    """An immutable game state (treat every field as read-only)."""

    __slots__ = (
        "rules", "seed", "turn", "meters", "flags", "places", "seen", "chosen", "pending", "queued",
        "delayed", "rng_pos", "ending", "over", "_cursor", "memory", "fired", "order_key",
    )

    def __init__(self, rules, seed, turn, meters, flags, places, seen, chosen, pending, queued, delayed,
                 rng_pos, ending, over, cursor, memory=None, fired=None, order_key=0):
        self.rules: Rules = rules
        self.seed: int = seed
        self.turn: int = turn
        self.meters: dict[str, int] = meters
        self.flags: frozenset[str] = flags
        self.places: dict[str, tuple[str, bool]] = places
        self.seen: frozenset[str] = seen
        self.chosen: dict[str, str] = chosen
        self.pending: tuple[str, ...] = pending
        self.queued: tuple[tuple[int, str], ...] = queued
        self.delayed: tuple[tuple[int, int, int, tuple], ...] = delayed
        self.rng_pos: int = rng_pos
        self.ending: str | None = ending
        self.over: bool = over
        self._cursor: RngCursor = cursor
        # what actors remember: (actor, kind of deed) -> count (only counts above 0)
        self.memory: dict[tuple[str, str], int] = memory if memory is not None else {}
        # thresholds that have fired: id -> (turn it last fired, spent: not re-armed since)
        self.fired: dict[str, tuple[int, bool]] = fired if fired is not None else {}
        # the game's key to the order of every card's options (game.engine.core.order_key): the seed's, so
        # not part of the canonical state
        self.order_key: int = order_key

    def __repr__(self) -> str:
        return f"<State {self.rules.id} turn {self.turn} {'over ' + str(self.ending) if self.over else ''}>"

    @property
    def current_card(self) -> str | None:
        return self.pending[0] if self.pending else None

    def cursor(self) -> RngCursor:
        """This state's RNG, rebuilt if another branch has advanced the shared one."""
        cur = self._cursor
        if cur.pos != self.rng_pos:
            cur = RngCursor(self.seed, self.rng_pos)
        return cur


def canonical(state: State) -> str:
    """A canonical text of everything that decides the future of the game."""
    parts = [
        f"scenario={state.rules.id}",
        f"content={state.rules.content_hash}",
        f"seed={state.seed}",
        f"turn={state.turn}",
        "meters=" + ",".join(f"{k}:{state.meters[k]}" for k in sorted(state.meters)),
        "flags=" + ",".join(sorted(state.flags)),
        "places=" + ",".join(f"{k}:{v[0]}:{int(v[1])}" for k, v in sorted(state.places.items())),
        "seen=" + ",".join(sorted(state.seen)),
        "chosen=" + ",".join(f"{k}:{v}" for k, v in sorted(state.chosen.items())),
        "pending=" + ",".join(state.pending),
        "queued=" + ",".join(f"{t}:{c}" for t, c in state.queued),
        "delayed=" + ",".join(f"{d}:{k}:{s}" for d, k, s, _ in state.delayed),
        f"rng={state.rng_pos}",
        f"ending={state.ending}",
        f"over={int(state.over)}",
    ]
    # parts that content without the mechanics never fills enter only when they are not empty, so that
    # the hashes of every game played before them (and of such content today) stay the same
    if state.memory:
        parts.append("memory=" + ",".join(f"{a}:{w}:{n}" for (a, w), n in sorted(state.memory.items())))
    if state.fired:
        parts.append("thresholds=" + ",".join(f"{t}:{turn}:{int(spent)}"
                                              for t, (turn, spent) in sorted(state.fired.items())))
    return "\n".join(parts)


def state_hash(state: State) -> str:
    """SHA-256 of the canonical state: same content, seed and decisions give the same hash."""
    return hashlib.sha256(canonical(state).encode()).hexdigest()
