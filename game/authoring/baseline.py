"""Where a final score stands: against random play, Moscow's recorded choices and the search player.

    score_context(resolved, 156.6)   # "better than 78% of random play; ...", or None while not known
    lookup(resolved)                 # fast (milliseconds): the shipped table or the user's cache, else None
    ensure(resolved)                 # lookup, else compute and cache (tens of seconds: call it from a worker)

Shipped scenarios carry their table in `baselines.json` beside this module (it ships in the wheel),
regenerated with `python -m game.cli.baselines --write`. Other content (instructors' decks) is
computed on demand and cached in `$XDG_CACHE_HOME/wargame/baselines/` (else `~/.cache/...`).

A table is keyed by a fingerprint of the content hash and of how the engine and the players behave on
it (a few fixed games), so that a change to the content, the rules or the players makes the old table
stale instead of wrong.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from bisect import bisect_left
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path

from game.engine.play import play_game
from game.engine.policies import GREEDY_SAMPLES, SEARCH_ROLLOUTS
from game.paths import replace_atomically

TABLE = Path(__file__).with_name("baselines.json")
FORMAT = 1
POLICIES = ("random", "historical", "search")
GAMES = 2000  # random and historical games per table
SHIPPED_SEARCH_GAMES = 60  # search games for the shipped table (regenerated offline)
ON_DEMAND_SEARCH_GAMES = 12  # ... for a deck's table computed on the player's machine
FINGERPRINT_GAMES = 12  # random games whose outcomes go into the fingerprint


@dataclass(frozen=True)
class PolicyScores:
    games: int
    mean: float
    quantiles: list[float]  # the 0th, 1st, ..., 100th percentile of the final scores

    def share_below(self, score: float) -> float:
        """The share of games (0..1) that scored less than `score`, interpolated between percentiles."""
        q = self.quantiles
        if score <= q[0]:
            return 0.0
        if score > q[-1]:
            return 1.0
        i = bisect_left(q, score)  # q[i-1] < score <= q[i]
        span = q[i] - q[i - 1]
        return (i - 1 + ((score - q[i - 1]) / span if span else 0.0)) / (len(q) - 1)


@dataclass(frozen=True)
class Baseline:
    fingerprint: str
    scenario: str
    content_sha256: str
    rollouts: int
    policies: dict[str, PolicyScores]

    def sentence(self, score: float) -> str:
        """E.g. "better than 78% of random play; Moscow's recorded choices average 132, the search
        player 200"."""
        parts = []
        if "random" in self.policies:
            parts.append(f"better than {self.policies['random'].share_below(score):.0%} of random play")
        means = []
        if "historical" in self.policies:
            means.append(f"Moscow's recorded choices average {self.policies['historical'].mean:.0f}")
        if "search" in self.policies:
            means.append(f"the search player {'averages ' if not means else ''}{self.policies['search'].mean:.0f}")
        if means:
            parts.append(", ".join(means))
        return "; ".join(parts)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> "Baseline":
        return cls(d["fingerprint"], d["scenario"], d["content_sha256"], int(d["rollouts"]),
                   {k: PolicyScores(int(v["games"]), float(v["mean"]), [float(x) for x in v["quantiles"]])
                    for k, v in d["policies"].items()})


# --------------------------------------------------------------------------- keys and storage


_fingerprints: dict[tuple[int, str], str] = {}


def fingerprint(rules) -> str:
    """The content hash, the players' settings and the outcomes of a few fixed random games."""
    key = (id(rules), rules.content_hash)
    if key not in _fingerprints:
        h = hashlib.sha256(f"{FORMAT}:{rules.content_hash}:{GREEDY_SAMPLES}:{SEARCH_ROLLOUTS}".encode())
        for seed in range(FINGERPRINT_GAMES):
            g = play_game(rules, seed, "random")
            h.update(f"|{g.ending}:{g.turns}:{sorted(g.meters.items())}".encode())
        if len(_fingerprints) > 32:
            _fingerprints.clear()
        _fingerprints[key] = h.hexdigest()
    return _fingerprints[key]


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wargame" / "baselines"


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _shipped() -> dict:
    data = _read_json(TABLE)
    return data.get("tables", {}) if isinstance(data, dict) and data.get("format") == FORMAT else {}


def lookup(resolved) -> Baseline | None:
    """The baseline for this content from the shipped table or the user's cache, or None (fast)."""
    key = fingerprint(resolved.rules)
    for data in (_shipped().get(key), _read_json(cache_dir() / f"{key}.json")):
        if isinstance(data, dict):
            try:
                base = Baseline.from_json(data)
            except (KeyError, TypeError, ValueError):
                continue  # a damaged cache file: compute afresh
            if base.fingerprint == key:
                return base
    return None


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, text)


# --------------------------------------------------------------------------- computing


def _scores(rules, policy: str, seeds: range) -> list[float]:
    return [play_game(rules, seed, policy).score for seed in seeds]


_WORKER_RULES = None


def _worker_init(embedded: dict) -> None:
    global _WORKER_RULES
    from game.content import load_embedded

    _WORKER_RULES = load_embedded(embedded).rules


def _worker(args: tuple[str, int, int]) -> list[float]:
    policy, start, stop = args
    return _scores(_WORKER_RULES, policy, range(start, stop))


def _summary(scores: list[float]) -> PolicyScores:
    s = sorted(scores)
    n = len(s)
    quantiles = [round(s[min(n - 1, round(i / 100 * (n - 1)))], 2) for i in range(101)]
    return PolicyScores(n, round(math.fsum(s) / n, 2), quantiles)


def compute(resolved, games: int | None = None, search_games: int | None = None, seed: int = 0,
            jobs: int = 0) -> Baseline:
    """Play the games (game i with seed `seed + i`; by default GAMES, and ON_DEMAND_SEARCH_GAMES for the
    search player): in this process with `jobs` 0, else in `jobs` fresh processes (spawned, not forked,
    so that a caller with threads, like the game's interface, stays safe and responsive)."""
    games = GAMES if games is None else games
    search_games = ON_DEMAND_SEARCH_GAMES if search_games is None else search_games
    rules = resolved.rules
    plan = [(p, games) for p in ("random", "historical")] + ([("search", search_games)] if search_games else [])
    if jobs < 1:
        scores = {p: _scores(rules, p, range(seed, seed + n)) for p, n in plan}
    else:
        tasks = []
        for p, n in plan:
            chunk = 1 if p == "search" else 250
            tasks += [(p, s, min(s + chunk, seed + n)) for s in range(seed, seed + n, chunk)]
        scores = {p: [] for p, _ in plan}
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"), initializer=_worker_init,
                                 initargs=(resolved.embedded,)) as pool:
            for (p, _, _), part in zip(tasks, pool.map(_worker, tasks)):
                scores[p] += part
    return Baseline(fingerprint(rules), rules.id, rules.content_hash, SEARCH_ROLLOUTS,
                    {p: _summary(s) for p, s in scores.items()})


def ensure(resolved, jobs: int = 1) -> Baseline:
    """The baseline from the table or the cache, else computed now and cached: tens of seconds, in a
    separate process by default (`jobs`, see `compute`), so that a worker thread of the game's interface
    can wait for it without slowing the interface down."""
    base = lookup(resolved)
    if base is None:
        base = compute(resolved, jobs=jobs)
        try:
            _write_atomic(cache_dir() / f"{base.fingerprint}.json", json.dumps(base.to_json()))
        except OSError:
            pass  # a read-only home: the player still gets the sentence, computed again next time
    return base


def score_context(resolved, score: float) -> str | None:
    """The sentence placing `score` against the baseline, or None when it is not known yet (then call
    `ensure` from a worker and ask again)."""
    base = lookup(resolved)
    return base.sentence(score) if base is not None else None


# --------------------------------------------------------------------------- the shipped table


def write_table(scenarios: list[str], search_games: int = SHIPPED_SEARCH_GAMES, jobs: int = 1,
                path: Path = TABLE) -> dict:
    from game.content import resolve

    tables = {}
    for sid in scenarios:
        base = compute(resolve(sid), search_games=search_games, jobs=jobs)
        tables[base.fingerprint] = base.to_json()
    data = {"format": FORMAT, "note": "generated by python -m game.cli.baselines --write", "tables": tables}
    _write_atomic(path, json.dumps(data, indent=1) + "\n")
    return data
