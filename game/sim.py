"""`wargame simulate`: many headless games, spread over processes, summarised.

Game i is played with seed `seed + i`, so a batch repeats exactly whatever the number of jobs.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from game.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from game.engine.play import play_game

CHUNK = 250


@dataclass
class Batch:
    games: int = 0
    endings: Counter = field(default_factory=Counter)
    drawn: Counter = field(default_factory=Counter)
    turns: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)


def run_games(rules, seeds: range, policy: str) -> Batch:
    batch = Batch()
    for seed in seeds:
        result = play_game(rules, seed, policy)
        batch.games += 1
        batch.endings[result.ending or "(none)"] += 1
        batch.drawn.update(result.drawn)
        batch.turns.append(result.turns)
        batch.scores.append(result.score)
    return batch


_WORKER_RULES = None


def _worker_init(embedded: dict) -> None:
    global _WORKER_RULES
    from game.content import load_embedded

    _WORKER_RULES = load_embedded(embedded).rules


def _worker_run(args: tuple[int, int, str]) -> Batch:
    start, stop, policy = args
    return run_games(_WORKER_RULES, range(start, stop), policy)


def merge(batches) -> Batch:
    total = Batch()
    for b in batches:
        total.games += b.games
        total.endings.update(b.endings)
        total.drawn.update(b.drawn)
        total.turns.extend(b.turns)
        total.scores.extend(b.scores)
    return total


def simulate(resolved, games: int, policy: str = "random", seed: int = 0, jobs: int = 1, progress=None) -> dict:
    """Play `games` games and return the summary (see `wargame simulate --format json`)."""
    chunks = [(s, min(s + CHUNK, seed + games), policy) for s in range(seed, seed + games, CHUNK)]
    started = time.perf_counter()
    results: list[Batch] = []
    if jobs <= 1 or len(chunks) == 1:
        for start, stop, pol in chunks:
            results.append(run_games(resolved.rules, range(start, stop), pol))
            if progress:
                progress(stop - start)
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(resolved.embedded,)) as pool:
            for (start, stop, _), batch in zip(chunks, pool.map(_worker_run, chunks)):
                results.append(batch)
                if progress:
                    progress(stop - start)
    elapsed = time.perf_counter() - started
    total = merge(results)
    titles = {e.id: e.title for e in resolved.scenario.endings}
    return {
        "scenario": resolved.scenario.id,
        "decks": list(resolved.deck_ids),
        "content_sha256": resolved.content_hash,
        "policy": policy,
        "seed": seed,
        "games": total.games,
        "endings": {e: total.endings.get(e, 0) for e in titles} | {
            k: v for k, v in total.endings.items() if k not in titles},
        "ending_titles": titles,
        "mean_turns": round(math.fsum(total.turns) / max(total.games, 1), 4),
        "mean_score": round(math.fsum(total.scores) / max(total.games, 1), 4),
        "cards_drawn": {c.id: total.drawn.get(c.id, 0) for c in resolved.scenario.cards},
        "games_per_second": round(total.games / elapsed, 1) if elapsed > 0 else None,
    }


def simulate_command(args) -> int:
    from game.cli_content import resolve_or_report

    if getattr(args, "rollouts", None) is not None:
        if args.policy != "search":
            print("wargame simulate: --rollouts is the search player's budget: use it with --policy search",
                  file=sys.stderr)
            return EXIT_USAGE
        args.policy = f"search:{args.rollouts}"  # game.engine.policies.policy_named reads the budget
    resolved = resolve_or_report(args.scenario, args.deck)
    if resolved is None:
        return EXIT_PROBLEMS
    jobs = min(args.jobs, os.cpu_count() or 1, max(1, args.games // CHUNK))
    show_bar = sys.stderr.isatty()
    if show_bar:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      transient=True) as bar:
            task = bar.add_task("games", total=args.games)
            summary = simulate(resolved, args.games, args.policy, args.seed, jobs,
                               progress=lambda n: bar.advance(task, n))
    else:
        summary = simulate(resolved, args.games, args.policy, args.seed, jobs)
    if args.save_dir is not None:
        code = _write_saves(resolved, args)
        if code:
            return code
        summary["saves"] = str(args.save_dir)
    if args.format == "json":
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        _print_table(summary)
    return EXIT_OK


def _write_saves(resolved, args) -> int:
    from game.engine.policies import policy_named
    from game.saves import SaveError, write_simulated_game

    policy = policy_named(args.policy) if ":" in args.policy else args.policy  # search:N, named "search"
    try:
        args.save_dir.mkdir(parents=True, exist_ok=True)
        for i in range(args.games):
            write_simulated_game(resolved, args.seed + i, policy, args.save_dir)
    except (SaveError, OSError) as exc:
        print(f"wargame simulate: cannot write saves to {args.save_dir}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _print_table(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    games = summary["games"]
    table = Table(title=f"{games} games of {summary['scenario']} ({summary['policy']} policy, seed {summary['seed']})",
                  title_justify="left")
    table.add_column("ending")
    table.add_column("id", style="dim")
    table.add_column("games", justify="right")
    table.add_column("share", justify="right")
    for eid, count in sorted(summary["endings"].items(), key=lambda kv: -kv[1]):
        share = count / games if games else 0
        table.add_row(summary["ending_titles"].get(eid, eid), eid, str(count), f"{share:.1%}")
    console = Console()
    console.print(table)
    never = [c for c, n in summary["cards_drawn"].items() if n == 0]
    console.print(f"mean score {summary['mean_score']:.2f} · mean game length {summary['mean_turns']:.2f} turns · "
                  f"{summary['games_per_second']:,.0f} games/s")
    if never:
        console.print(f"[yellow]cards never drawn ({len(never)}):[/] {', '.join(never)}")
    if "saves" in summary:
        console.print(f"saves written to {summary['saves']}")
