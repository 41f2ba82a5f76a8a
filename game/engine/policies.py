"""Headless players. A policy picks one of the legal decisions; it owns its own RNG (it is a player,
not the engine), seeded from the game's seed so that a batch of games repeats exactly.

A policy is called as `policy(view, legal, rng)` with the engine's view of the game (a State, or the
headless loop's mutable Work: it must not change it), the legal decisions in the order the engine gives
them, and its RNG. The planners (`greedy`, `worst`, `search`) judge an option only by applying it with the
engine on branches whose chance is drawn afresh (game.engine.planning): they never read what an effect
does, so new rules reach them unchanged, and they never see the game's own future rolls.
"""

from __future__ import annotations

import random
from typing import Callable

from game.engine.core import step
from game.engine.planning import Draws, apply_held, branch, chance_prefixes, final_score, play_out
from game.engine.state import Decision

Policy = Callable[[object, list[Decision], random.Random], Decision]

# Samples of chance per option for `greedy` and `worst`: with common random numbers and the first four
# rolls stratified, the chosen option agreed with a 512-sample estimate in all of 1,271 decisions of 60
# greedy games on the shipped scenarios (4 samples did too; 8 unstratified samples agree in 97-98%).
# bench/bench_search.py re-measures it.
GREEDY_SAMPLES = 8
# The `search` player's default budget: rollouts to the end of the game per decision, shared by the
# options. The first decision of the 2019 scenario (the longest rollouts) takes about 0.2 s of CPU, under
# the 0.5 s target with room for richer rules (bench/bench_search.py).
SEARCH_ROLLOUTS = 300
# Numbers of chance shared by the same rollout of every option (common random numbers); a rollout that
# needs more goes on with the planner's own stream.
ROLLOUT_PREFIX = 96


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


def first_policy(view, legal: list[Decision], rng: random.Random) -> Decision:
    """Always the first legal decision, in the order the engine lists them (the order the player sees)."""
    return legal[0]


def last_policy(view, legal: list[Decision], rng: random.Random) -> Decision:
    """Always the last legal decision."""
    return legal[-1]


# --------------------------------------------------------------------------- one step ahead


def expected_scores(view, legal: list[Decision], rng: random.Random, samples: int = GREEDY_SAMPLES) -> list[float]:
    """For each decision, the mean score right after the engine has applied it (its card's and its own
    effects, chances included, and whatever else `step` runs: the end-of-turn checks and their ending when
    it was the turn's last card), over `samples` branches with fresh chance. Every decision sees the same
    `samples` prefixes of chance (common random numbers)."""
    prefixes = chance_prefixes(rng, samples, length=8, stratified=4)
    out = []
    for d in legal:
        total = 0.0
        for i, prefix in enumerate(prefixes):
            b = branch(view, Draws(prefix, rng))
            step(b, d)
            total += final_score(b)
            if i == 0 and b.cursor.pos == 0:  # nothing was left to chance: one sample is exact
                total *= samples
                break
        out.append(total / samples)
    return out


def _best(legal: list[Decision], values: list[float], rng: random.Random, sign: float = 1.0) -> Decision:
    """The decision with the highest `sign * value`; a tie is broken at random (never by position)."""
    top = max(sign * v for v in values)
    tied = [d for d, v in zip(legal, values) if sign * v >= top - 1e-9]
    return tied[0] if len(tied) == 1 else tied[int(rng.random() * len(tied))]


def greedy_policy(view, legal: list[Decision], rng: random.Random) -> Decision:
    """The best expected score one step ahead."""
    if len(legal) == 1:
        return legal[0]
    return _best(legal, expected_scores(view, legal, rng), rng)


def worst_policy(view, legal: list[Decision], rng: random.Random) -> Decision:
    """The worst expected score one step ahead (a floor for the balance targets)."""
    if len(legal) == 1:
        return legal[0]
    return _best(legal, expected_scores(view, legal, rng), rng, sign=-1.0)


def quick_greedy_policy(view, legal: list[Decision], rng: random.Random) -> Decision:
    """Greedy on one sample of chance per option, judged right after the option's own effects (the rest
    of the turn held back): the search player's rollout policy, cheap, and noisy enough to try what
    plain greedy never would."""
    if len(legal) == 1:
        return legal[0]
    values = [final_score(apply_held(view, d, rng)) for d in legal]
    return _best(legal, values, rng)


# --------------------------------------------------------------------------- looking ahead


class SearchPolicy:
    """Monte Carlo planning: for each legal decision, rollouts from a branch with fresh chance to the end
    of the game (the rest played by `quick_greedy`), valued by the final score, ending bonus included;
    the best mean wins. `rollouts` is the budget per decision, spent by successive halving: in rounds,
    the surviving options share a round's rollouts equally and the better half goes on, so that close
    contenders get most of the budget. The k-th rollout of every option sees the same chance (common
    random numbers)."""

    __name__ = "search"

    def __init__(self, rollouts: int = SEARCH_ROLLOUTS, rollout_policy: Policy = quick_greedy_policy):
        if rollouts < 1:
            raise ValueError("the search player needs at least 1 rollout per decision")
        self.rollouts = rollouts
        self.rollout_policy = rollout_policy

    def __repr__(self) -> str:
        return f"SearchPolicy(rollouts={self.rollouts})"

    def values(self, view, legal: list[Decision], rng: random.Random) -> list[float]:
        """The mean final score of each decision's rollouts (options dropped early have fewer)."""
        return self._evaluate(view, legal, rng)[0]

    def _evaluate(self, view, legal: list[Decision], rng: random.Random) -> tuple[list[float], list[int]]:
        """(mean final score per decision, the indices of the options still in the running at the end)."""
        n = len(legal)
        rounds = max(1, (n - 1).bit_length())  # ceil(log2 n): halving n options down to one
        totals = [0.0] * n
        counts = [0] * n
        alive = list(range(n))
        prefixes: list[list[float]] = []
        spent = 0
        for r in range(rounds):
            share = (self.rollouts - spent) // (rounds - r)
            per = max(1, share // len(alive))
            done = counts[alive[0]]
            if len(prefixes) < done + per:
                prefixes += chance_prefixes(rng, done + per - len(prefixes), length=ROLLOUT_PREFIX)
            for prefix in prefixes[done:done + per]:
                for j in alive:
                    totals[j] += self._rollout(view, legal[j], Draws(prefix, rng), rng)
            for j in alive:
                counts[j] += per
            spent += per * len(alive)
            if r < rounds - 1:
                alive.sort(key=lambda j: -totals[j] / counts[j])
                alive = sorted(alive[:(len(alive) + 1) // 2])
        return [t / c for t, c in zip(totals, counts)], alive

    def _rollout(self, view, decision: Decision, draws: Draws, rng: random.Random) -> float:
        b = branch(view, draws)
        step(b, decision)
        play_out(b, self.rollout_policy, rng)
        return final_score(b)

    def __call__(self, view, legal: list[Decision], rng: random.Random) -> Decision:
        if len(legal) == 1:
            return legal[0]
        means, alive = self._evaluate(view, legal, rng)
        return _best([legal[j] for j in alive], [means[j] for j in alive], rng)


search_policy = SearchPolicy()

POLICIES: dict[str, Policy] = {
    "random": random_policy,
    "historical": historical_policy,
    "first": first_policy,
    "last": last_policy,
    "greedy": greedy_policy,
    "worst": worst_policy,
    "search": search_policy,
}

# One line each, for --help and reports.
POLICY_HELP: dict[str, str] = {
    "random": "any legal option, uniformly",
    "historical": "what Moscow actually did where the card records it, else random",
    "first": "always the first option listed",
    "last": "always the last option listed",
    "greedy": f"the best expected score one step ahead ({GREEDY_SAMPLES} samples of chance per option)",
    "worst": "the worst expected score one step ahead",
    "search": f"Monte Carlo planning: {SEARCH_ROLLOUTS} rollouts to the end of the game per decision, shared by "
              "the options by successive halving (search:N or --rollouts N for another budget)",
}


def policy_named(spec: str) -> Policy:
    """The policy for a name from POLICIES, or `search:N` for the search player with N rollouts."""
    name, sep, budget = spec.partition(":")
    if not sep:
        if spec not in POLICIES:
            raise ValueError(f"unknown policy {spec!r} (known: {', '.join(POLICIES)})")
        return POLICIES[spec]
    if name != "search":
        raise ValueError(f"only the search player takes a budget (search:N), not {name!r}")
    try:
        rollouts = int(budget)
    except ValueError:
        raise ValueError(f"search:N takes a whole number of rollouts, not {budget!r}") from None
    return SearchPolicy(rollouts)


def policy_rng(seed: int) -> random.Random:
    # A distinct stream from the engine's, derived from the same seed.
    return random.Random(seed * 2654435761 + 97)
