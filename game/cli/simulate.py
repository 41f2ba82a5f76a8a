"""`wargame simulate`: many headless games (game.authoring.simulate), summarised as a table or JSON."""

from __future__ import annotations

import json
import os
import sys

from game.cli.content import load_class_pack, load_content
from game.cli.exit_codes import EXIT_OK, EXIT_USAGE, CommandError
from game.cli.progress import games_progress


def simulate_command(args) -> int:
    from game.authoring.simulate import CHUNK, simulate, write_saves

    if getattr(args, "rollouts", None) is not None:
        if args.policy != "search":
            print("wargame simulate: --rollouts is the search player's budget: use it with --policy search",
                  file=sys.stderr)
            return EXIT_USAGE
        args.policy = f"search:{args.rollouts}"  # game.engine.policies.policy_named reads the budget
    setup = _class_setup(args)
    resolved = setup.resolved if setup is not None else load_content(args.scenario, args.deck)
    fixed = setup.settings.fixed_seed if setup is not None else None
    jobs = min(args.jobs, os.cpu_count() or 1, max(1, args.games // CHUNK))
    with games_progress("simulating", args.games) as progress:
        summary = simulate(resolved, args.games, args.policy, args.seed, jobs, progress=progress, fixed_seed=fixed)
    if setup is not None:
        summary.class_pack = setup.pack.id
    if args.save_dir is not None:
        from game.saves import SaveError

        try:
            write_saves(resolved, args.save_dir, args.games, args.policy, args.seed,
                        classroom=setup.entry if setup is not None else None, fixed_seed=fixed)
        except (SaveError, OSError) as exc:
            print(f"wargame simulate: cannot write saves to {args.save_dir}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        summary.saves = str(args.save_dir)
    if args.format == "json":
        print(json.dumps(summary.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_table(summary)
    return EXIT_OK


def _class_setup(args):
    """The class pack `--class` names (with its content loaded), or None."""
    value = getattr(args, "class_pack", None)
    if value is None:
        return None
    if args.scenario is not None or args.deck:
        raise CommandError(EXIT_USAGE, ["wargame simulate: --class plays the class pack's own scenario and decks: "
                                        "leave out --scenario and --deck"])
    return load_class_pack(value, "simulate")


def _print_table(summary) -> None:
    from rich.console import Console
    from rich.table import Table

    games = summary.games
    seeds = f"seed {summary.seed}" if summary.fixed_seed is None else \
        f"every game on seed {summary.fixed_seed}, choices seeded from {summary.seed}"
    played = summary.scenario if summary.class_pack is None else f"{summary.scenario} (class {summary.class_pack})"
    table = Table(title=f"{games} games of {played} ({summary.policy} policy, {seeds})", title_justify="left")
    table.add_column("ending")
    table.add_column("id", style="dim")
    table.add_column("games", justify="right")
    table.add_column("share", justify="right")
    for eid, count in sorted(summary.endings.items(), key=lambda kv: -kv[1]):
        share = count / games if games else 0
        table.add_row(summary.ending_titles.get(eid, eid), eid, str(count), f"{share:.1%}")
    console = Console()
    console.print(table)
    never = [c for c, n in summary.cards_drawn.items() if n == 0]
    console.print(f"mean score {summary.mean_score:.2f} · mean game length {summary.mean_turns:.2f} turns · "
                  f"{summary.games_per_second:,.0f} games/s")
    if never:
        console.print(f"[yellow]cards never drawn ({len(never)}):[/] {', '.join(never)}")
    if summary.saves is not None:
        console.print(f"saves written to {summary.saves}")
