"""Engine throughput: complete games per second with the random policy, on one core and with two
processes, and as a ratio to a bare dict-based card loop of the same shape timed in the same run.

Prints `name: value unit` lines. Usage: python bench/bench_engine.py [--scenario ID] [--games N]
"""

from __future__ import annotations

import argparse
import random
import time

from game.content import resolve
from game.engine.play import play_game
from game.authoring.simulate import simulate


def bare_loop(games: int, turns: int, cards: int, meters: int) -> float:
    """A dict-of-meters game: each turn draw a card at random and apply three meter changes."""
    deck = [[(f"m{(i + k) % meters}", (i * 7 + k) % 11 - 5) for k in range(3)] for i in range(cards)]
    started = time.perf_counter()
    for seed in range(games):
        rng = random.Random(seed)
        state = {f"m{i}": 50 for i in range(meters)}
        for _turn in range(turns):
            for key, delta in deck[int(rng.random() * cards)]:
                value = state[key] + delta
                state[key] = 0 if value < 0 else 100 if value > 100 else value
    return games / (time.perf_counter() - started)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="tripoli-2019")
    ap.add_argument("--games", type=int, default=5000)
    args = ap.parse_args()
    resolved = resolve(args.scenario)
    rules = resolved.rules
    for seed in range(200):  # warm up
        play_game(rules, seed)
    best = 0.0
    for _ in range(3):
        started = time.perf_counter()
        turns = 0
        for seed in range(args.games):
            turns += play_game(rules, seed).turns
        best = max(best, args.games / (time.perf_counter() - started))
    mean_turns = turns / args.games
    bare = max(bare_loop(args.games, round(mean_turns), len(rules.cards), len(rules.meters)) for _ in range(3))
    print(f"engine_games_per_second_1core: {best:.0f} games/s ({args.scenario}, random policy, "
          f"mean {mean_turns:.1f} turns)")
    print(f"engine_bare_loop_games_per_second: {bare:.0f} games/s")
    print(f"engine_ratio_to_bare_loop: {best / bare:.3f}")
    started = time.perf_counter()
    summary = simulate(resolved, 10_000, "random", 0, jobs=2)
    print(f"engine_games_per_second_2procs: {summary.games / (time.perf_counter() - started):.0f} games/s "
          f"(simulate --games 10000 --jobs 2, incl. process start)")
    started = time.perf_counter()
    simulate(resolved, 10_000, "random", 0, jobs=1)
    print(f"simulate_10000_games_1proc: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
