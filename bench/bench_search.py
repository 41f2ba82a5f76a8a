"""The planners' speed: one `search` decision with its default budget (target: under 0.5 s on one core, on
the 2019 scenario), search and greedy decisions per second, and how stable greedy's choice is with its
samples of chance (against 512 samples).

Times are CPU seconds of this process (what one core spends, whatever else the machine runs), with the
wall time beside them. Prints `name: value unit` lines. Usage: python bench/bench_search.py [--scenario ID]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from game.content import resolve
from game.engine.core import Work, legal, step
from game.engine.policies import GREEDY_SAMPLES, SEARCH_ROLLOUTS, SearchPolicy, expected_scores, greedy_policy, \
    policy_rng


def situations(rules, games: int) -> list[tuple[Work, list]]:
    """Decisions with a choice, from games played by greedy (the situations a good player meets)."""
    out = []
    for seed in range(games):
        w = Work.start(rules, seed, record=False)
        rng = policy_rng(seed)
        while not w.over:
            options = legal(w)
            d = greedy_policy(w, options, rng)
            if len(options) > 1:
                out.append((w.freeze(), options))
            step(w, d)
    return out


def timed(fn) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="tripoli-2019")
    ap.add_argument("--games", type=int, default=3, help="games whose decisions the search player takes")
    args = ap.parse_args()
    rules = resolve(args.scenario).rules
    search = SearchPolicy()

    # the first decision has the longest rollouts: the worst case
    first = []
    for seed in range(5):
        w = Work.start(rules, seed, record=False)
        first.append(timed(lambda: search(w, legal(w), random.Random(seed))))
    cpu = statistics.median(c for c, _ in first)
    print(f"search_first_decision_seconds: {cpu:.3f} s CPU (median of 5; wall {statistics.median(w for _, w in first):.3f} s; "
          f"{SEARCH_ROLLOUTS} rollouts, {args.scenario}; target under 0.5 s)")
    print(f"search_first_decision_max_seconds: {max(c for c, _ in first):.3f} s CPU")

    spots = situations(rules, args.games)
    times = [timed(lambda: search(s, options, random.Random(i)))[0] for i, (s, options) in enumerate(spots)]
    print(f"search_decision_seconds_mean: {statistics.fmean(times):.3f} s CPU (over {len(times)} decisions of "
          f"{args.games} games; p95 {sorted(times)[int(0.95 * (len(times) - 1))]:.3f} s)")
    print(f"search_decisions_per_second: {len(times) / sum(times):.2f} decisions/s")

    spots = situations(rules, 40)
    cpu, _ = timed(lambda: [greedy_policy(s, options, random.Random(i)) for i, (s, options) in enumerate(spots)])
    print(f"greedy_decisions_per_second: {len(spots) / cpu:.0f} decisions/s ({GREEDY_SAMPLES} samples per option)")

    # greedy's choice with its samples against a 512-sample estimate (regret in score points)
    agree, regret = 0, 0.0
    checked = spots[:150]
    for i, (s, options) in enumerate(checked):
        reference = expected_scores(s, options, random.Random(10_000 + i), samples=512)
        values = expected_scores(s, options, random.Random(i))
        chosen = reference[values.index(max(values))]
        agree += chosen >= max(reference) - 0.05
        regret += max(reference) - chosen
    print(f"greedy_argmax_agreement: {agree / len(checked):.3f} (with {GREEDY_SAMPLES} samples against 512, "
          f"{len(checked)} decisions; mean regret {regret / len(checked):.3f} points)")


if __name__ == "__main__":
    main()
