"""The what-if debrief's speed (not a test): prints `name: value unit` lines.

    python bench/bench_whatif.py [--rollouts 200] [--policies random,search] [--quick]

A whole 15-turn game of tripoli-2019 (played by the `historical` player on the first seed whose game runs
all 15 turns), every decision with two or more options valued with `--rollouts` continuations per option:
with 2 processes (target, BRIEF.md: under 5 s on the 2-core machine) and in one process, for each
continuation policy (`random`, the default, and `search`, the search player's cheap rollout policy). Wall
seconds (the target) with CPU seconds beside them (this process and its workers: what the cores spent,
whatever else the machine runs). Then the whole command (`wargame debrief SAVE --what-if --jobs 2`, a fresh
process: start, load and verify the save, analyse, render JSON), and the end screen's `turning_point` at its
own budget, in the caller's thread and in a spawned process (how the end screen would call it from a worker).

Runs each measurement once: the machine is shared, rerun it rather than loop it. The 2-process lines say how
many cores the run kept busy on average (CPU / wall): under 2 when other work shared the machine, and the
wall time then overstates what two free cores take (about CPU / 2, plus the processes' start).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.content import resolve  # noqa: E402
from game.debrief.whatif import (  # noqa: E402
    DEFAULT_ROLLOUTS, END_SCREEN_ROLLOUTS, WhatIfSettings, analyse, count_work, turning_point,
)
from game.engine.policies import POLICIES, policy_rng  # noqa: E402
from game.saves import GameRecord, save_game  # noqa: E402

TARGET_SECONDS = 5.0


def whole_game(scenario: str = "tripoli-2019") -> GameRecord:
    """The historical player's game on the first seed that runs the scenario's whole span."""
    resolved = resolve(scenario)
    for seed in range(200):
        record = GameRecord.start(resolved, seed, player="Bench")
        rng = policy_rng(seed)
        while not record.over:
            record.apply(POLICIES["historical"](record.state, record.legal_decisions(), rng))
        if record.turn == resolved.rules.turns:
            return record
    raise SystemExit("no seed in 0..199 plays the whole span")


def cpu_seconds() -> float:
    """CPU of this process and of its finished children (the pool's workers, once joined)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn):
    cpu, wall = cpu_seconds(), time.perf_counter()
    result = fn()
    return result, time.perf_counter() - wall, cpu_seconds() - cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rollouts", type=int, default=DEFAULT_ROLLOUTS)
    ap.add_argument("--policies", default="random,search")
    ap.add_argument("--quick", action="store_true", help="2 processes only (no one-process or command figures)")
    args = ap.parse_args()
    record = whole_game()
    decisions, options = count_work([record])
    print(f"whatif_game: tripoli-2019 seed {record.seed}, {record.turn} turns, {len(record.log)} decisions, "
          f"{decisions} with a choice, {options} options, {args.rollouts} continuations each "
          f"({options * args.rollouts} in all); {os.cpu_count()} cores")
    for policy in args.policies.split(","):
        runs = [(2, "2 processes")] + ([] if args.quick else [(0, "1 process")])
        for jobs, what in runs:
            settings = WhatIfSettings(args.rollouts, policy, jobs)
            _, wall, cpu = timed(lambda: analyse([record], settings, show_moscow=True))
            verdict = (f"; {cpu / wall:.1f} cores busy on average; target under {TARGET_SECONDS:g} s: "
                       f"{'met' if wall < TARGET_SECONDS else 'MISSED'}") if jobs == 2 else ""
            print(f"whatif_{policy}_jobs{max(jobs, 1)}_seconds: {wall:.2f} s wall, {cpu:.2f} s CPU ({what}{verdict})")

    if not args.quick:
        with tempfile.TemporaryDirectory() as folder:
            path = save_game(record, Path(folder))
            out = Path(folder) / "report.json"
            command = [sys.executable, "-m", "game.cli", "debrief", str(path), "--what-if", "--jobs", "2",
                       "--rollouts", str(args.rollouts), "-o", str(out)]
            _, wall, cpu = timed(lambda: subprocess.run(command, check=True, capture_output=True))
            print(f"whatif_command_seconds: {wall:.2f} s wall, {cpu:.2f} s CPU (wargame debrief SAVE --what-if "
                  "--jobs 2: start, load, analyse, render)")

    point, wall, cpu = timed(lambda: turning_point(record, jobs=0))
    print(f"whatif_end_screen_in_thread_seconds: {wall:.2f} s wall, {cpu:.2f} s CPU ({END_SCREEN_ROLLOUTS} "
          f"continuations per option, in the caller's thread; turn {point.turn if point else '-'})")
    with ThreadPoolExecutor(1) as thread:  # as a Textual worker would: the continuations in a spawned process
        point, wall, cpu = timed(lambda: thread.submit(turning_point, record, jobs=1).result())
    print(f"whatif_end_screen_process_seconds: {wall:.2f} s wall, {cpu:.2f} s CPU (the same from a worker thread, "
          "in one spawned process: the interface's thread stays free)")


if __name__ == "__main__":
    main()
