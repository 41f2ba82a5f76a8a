"""Many headless games, spread over processes, summarised (`wargame simulate`); optionally written as saves.

Game i is played with seed `seed + i`, so a batch repeats exactly whatever the number of jobs. Under a class
pack that gives everyone the same seed (`fixed_seed`), every game is played on that seed, and game i's
player makes its choices with its own generator, seeded `seed + i`: a class of students meeting the same
draws and rolls, choosing differently.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from game.engine.play import play_game
from game.engine.policies import POLICIES, policy_rng
from game.model.report import JsonReport

CHUNK = 250


@dataclass
class Batch:
    games: int = 0
    endings: Counter = field(default_factory=Counter)
    drawn: Counter = field(default_factory=Counter)
    turns: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)


def seeded_player(policy, seed: int):
    """The policy, choosing with its own generator seeded `seed` (whatever the game's seed)."""
    choose = POLICIES[policy] if isinstance(policy, str) else policy
    rng = policy_rng(seed)
    return lambda view, legal, _game_rng: choose(view, legal, rng)


def run_games(rules, seeds: range, policy: str, fixed_seed: int | None = None) -> Batch:
    batch = Batch()
    for seed in seeds:
        if fixed_seed is None:
            result = play_game(rules, seed, policy)
        else:
            result = play_game(rules, fixed_seed, seeded_player(policy, seed))
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


def _worker_run(args: tuple[int, int, str, int | None]) -> Batch:
    start, stop, policy, fixed_seed = args
    return run_games(_WORKER_RULES, range(start, stop), policy, fixed_seed)


def merge(batches) -> Batch:
    total = Batch()
    for b in batches:
        total.games += b.games
        total.endings.update(b.endings)
        total.drawn.update(b.drawn)
        total.turns.extend(b.turns)
        total.scores.extend(b.scores)
    return total


@dataclass
class SimulateReport(JsonReport):
    """What `simulate` found (`wargame simulate --format json` prints `to_json()`)."""

    scenario: str
    decks: list[str]
    content_sha256: str
    policy: str
    seed: int
    games: int
    endings: dict[str, int]  # ending id -> games; "(none)": games that never ended
    ending_titles: dict[str, str]
    mean_turns: float
    mean_score: float
    cards_drawn: dict[str, int]  # card id -> games in which it was drawn
    games_per_second: float | None
    saves: str | None = None  # the folder the games were also saved to (`--save-dir`)
    class_pack: str | None = None  # the class pack played (`--class`)
    fixed_seed: int | None = None  # the seed every game was played on, when the class pack fixes one


def simulate(resolved, games: int, policy: str = "random", seed: int = 0, jobs: int = 1,
             progress=None, fixed_seed: int | None = None) -> SimulateReport:
    """Play `games` games and return the summary (see `wargame simulate --format json`); with `fixed_seed`,
    every game on that seed (see the module docstring)."""
    chunks = [(s, min(s + CHUNK, seed + games), policy, fixed_seed) for s in range(seed, seed + games, CHUNK)]
    started = time.perf_counter()
    results: list[Batch] = []
    if jobs <= 1 or len(chunks) == 1:
        for start, stop, pol, fixed in chunks:
            results.append(run_games(resolved.rules, range(start, stop), pol, fixed))
            if progress:
                progress(stop - start)
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(resolved.embedded,)) as pool:
            for (start, stop, _, _), batch in zip(chunks, pool.map(_worker_run, chunks)):
                results.append(batch)
                if progress:
                    progress(stop - start)
    elapsed = time.perf_counter() - started
    total = merge(results)
    titles = {e.id: e.title for e in resolved.scenario.endings}
    return SimulateReport(
        scenario=resolved.scenario.id,
        decks=list(resolved.deck_ids),
        content_sha256=resolved.content_hash,
        policy=policy,
        seed=seed,
        games=total.games,
        endings={e: total.endings.get(e, 0) for e in titles} | {
            k: v for k, v in total.endings.items() if k not in titles},
        ending_titles=titles,
        mean_turns=round(math.fsum(total.turns) / max(total.games, 1), 4),
        mean_score=round(math.fsum(total.scores) / max(total.games, 1), 4),
        cards_drawn={c.id: total.drawn.get(c.id, 0) for c in resolved.scenario.cards},
        games_per_second=round(total.games / elapsed, 1) if elapsed > 0 else None,
        fixed_seed=fixed_seed,
    )


def write_saves(resolved, save_dir: Path, games: int, policy: str = "random", seed: int = 0, classroom=None,
                fixed_seed: int | None = None) -> None:
    """Play games `seed` .. `seed + games - 1` again and write each as a save in `save_dir` (created when
    missing); under a class pack (`classroom`, its entry), saves of the class's games, on `fixed_seed` when
    it fixes one. Raises SaveError or OSError when a save cannot be written."""
    from game.saves import write_simulated_game  # the saves code only when asked for (workers never need it)

    from game.engine.policies import policy_named

    player = policy_named(policy) if ":" in policy else policy  # search:N is the search player, named "search"
    save_dir.mkdir(parents=True, exist_ok=True)
    for i in range(seed, seed + games):
        if classroom is None:
            write_simulated_game(resolved, i, player, save_dir)
        else:
            write_simulated_game(resolved, i if fixed_seed is None else fixed_seed, player, save_dir,
                                 classroom=classroom, game=i)
