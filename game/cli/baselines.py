"""`python -m game.cli.baselines [--write]`: show, or regenerate, the shipped scenarios' score baselines (the
end screen's "better than 78% of random play"), kept in game/authoring/baselines.json."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    from game.authoring.baseline import SHIPPED_SEARCH_GAMES, TABLE, lookup, write_table
    from game.content import catalog, resolve

    ap = argparse.ArgumentParser(prog="python -m game.cli.baselines",
                                 description="Show, or regenerate with --write, the shipped scenarios' score "
                                 "baselines (random, historical and search play).")
    ap.add_argument("--write", action="store_true", help=f"recompute and write {TABLE.name}")
    ap.add_argument("--search-games", type=int, default=SHIPPED_SEARCH_GAMES)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (0: this one)")
    args = ap.parse_args(argv)
    scenarios = [e.id for e in catalog() if e.kind == "scenario" and e.shipped and not e.error]
    if args.write:
        write_table(scenarios, args.search_games, args.jobs)
    stale = 0
    for sid in scenarios:
        base = lookup(resolve(sid))
        if base is None:
            stale += 1
            print(f"{sid}: no current baseline (run with --write)")
            continue
        print(f"{sid}: " + ", ".join(f"{p} mean {v.mean:.1f} ({v.games} games)" for p, v in base.policies.items()))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
