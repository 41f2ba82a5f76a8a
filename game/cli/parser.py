"""Every subcommand's arguments, declared here (one place for the command-line surface).

Each subcommand names its handler as 'module:function' in game.cli, imported only when that subcommand
runs, so that `wargame --help` and the game's start stay fast.
"""

from __future__ import annotations

import argparse
from importlib import import_module
from pathlib import Path

from game import __version__
from game.content import DEFAULT_SCENARIO
from game.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

# The headless players: the names of game.engine.policies.POLICIES and the search player's default budget,
# repeated here because importing the engine would slow `wargame --help` (a test keeps them in step).
PLAYERS = ("random", "historical", "first", "last", "greedy", "worst", "search")
SEARCH_ROLLOUTS = 300
PLAYERS_HELP = (
    "random: any legal option; historical: what Moscow actually did where recorded; first / last: always the "
    "first / last option listed; greedy / worst: the best / worst expected score one step ahead; search: "
    f"Monte Carlo planning with {SEARCH_ROLLOUTS} rollouts to the end of the game per decision (--rollouts)"
)
# The what-if's continuation policies and budget (game.debrief.whatif), repeated for the same reason.
WHAT_IF_POLICIES = ("search", "random")
WHAT_IF_POLICY = "random"
WHAT_IF_ROLLOUTS = 200
WHAT_IF_POLICY_HELP = (
    "with --what-if: who plays the rest of each continuation. search: the search player's cheap rollout policy "
    "(at each later decision, the option whose own immediate effects score best on one sample of chance), not the "
    "full search player, which would cost seconds per step; random: uniformly among the legal options "
    f"(default {WHAT_IF_POLICY})"
)


def _handler(target: str):
    """'module:function' resolved only when the subcommand runs."""

    def run(args: argparse.Namespace) -> int:
        module, _, name = target.partition(":")
        return getattr(import_module(module), name)(args)

    return run


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, not {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("a seed is between 0 and 2**63 - 1")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a number of at least 1")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("expected a number of at least 0")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a port is a whole number, not {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("a port is from 1 to 65535 (0: any free port)")
    return value


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes, not {text!r}") from None
    if not 0 < value <= 24 * 60:
        raise argparse.ArgumentTypeError("expected more than 0 minutes and at most a day (1440)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wargame",
        description="Kremlin's Libya Gambit: you hold Moscow's Libya portfolio, 2016-2019. "
        "Run without a command to play.",
        epilog=f"Exit codes: {EXIT_OK} ok, {EXIT_PROBLEMS} problems found (printed), {EXIT_USAGE} bad usage or "
        "unreadable file.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, target: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=description or help)
        p.set_defaults(run=_handler(target))
        return p

    p = add("play", "game.cli.play:play_command", "start the game (the default command)")
    p.add_argument("--scenario", metavar="ID|PATH",
                   help=f"scenario id or file (default: the one the deck extends, else {DEFAULT_SCENARIO})")
    p.add_argument("--deck", metavar="PATH|ID", action="append", default=[],
                   help="a custom deck (file or id) to stack on the scenario (repeatable, applied in order); "
                   "without --scenario, the scenario the first deck extends")
    p.add_argument("--seed", type=_seed, help="random seed (default: a random one, shown in the game)")
    p.add_argument("--saves-dir", metavar="DIR", type=Path,
                   help="where saves go (default: $WARGAME_SAVES, else ./saves)")
    p.add_argument("--from", dest="from_save", metavar="SAVE", type=Path,
                   help="start from a save: resume it, or with --turn fork it at that turn")
    p.add_argument("--turn", type=_positive, help="with --from: fork the save at the start of this turn")
    p.add_argument("--class", dest="class_pack", metavar="FILE|ID",
                   help="play under a class pack: its scenario, decks, seed and settings (asks your name when "
                   "the pack says so)")

    from game.web import DEFAULT_IDLE_MINUTES, DEFAULT_MAX_GAMES  # (game/web/__init__.py imports nothing)

    p = add("serve", "game.cli.serve:serve_command",
            "play in the browser: serve the game to a class, each browser tab its own game (needs the web "
            "extra)")
    p.add_argument("--class", dest="class_pack", metavar="FILE|ID",
                   help="the class pack every game plays (asks each student's name when the pack says so)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for the whole "
                   "network, with a warning)")
    p.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000; 0: any free one)")
    p.add_argument("--saves-dir", metavar="DIR", type=Path,
                   help="the class folder saves go to, one folder per browser inside (default: the pack's "
                   "saves folder, else $WARGAME_SAVES, else ./saves)")
    p.add_argument("--max-games", type=_positive, default=DEFAULT_MAX_GAMES, metavar="N",
                   help=f"games open at once; more tabs get a 'class is full' page (default {DEFAULT_MAX_GAMES}, "
                   "measured for a 2-core machine: docs/classroom.md)")
    p.add_argument("--idle-minutes", type=_minutes, default=DEFAULT_IDLE_MINUTES, metavar="M",
                   help=f"end a game with no key for M minutes, keeping its autosave (default "
                   f"{DEFAULT_IDLE_MINUTES:g})")

    p = add("validate", "game.cli.content:validate_command",
            "check scenario, deck, fact and class files; print every problem as path:line:col")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files or folders of YAML (a class pack is checked with its scenario and decks)")
    p.add_argument("--scenario", metavar="ID|PATH", help="check --deck files stacked on this scenario, together")
    p.add_argument("--deck", metavar="PATH|ID", action="append", default=[],
                   help="with --scenario: a deck to stack (repeatable, applied in order)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = add("schema", "game.cli.content:schema_command",
            "print the JSON Schema of scenario, deck, fact and class files")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")

    add("list", "game.cli.content:list_command", "list the scenarios, decks and class packs found")

    p = add("ids", "game.cli.content:ids_command",
            "list every id an author can use: meters, actors, places, cards and options, flags, endings, facts")
    p.add_argument("scenario", metavar="SCENARIO", help="scenario id or file, or a class pack")
    p.add_argument("--deck", metavar="PATH|ID", action="append", default=[],
                   help="a deck to stack on the scenario (repeatable, applied in order)")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = add("simulate", "game.cli.simulate:simulate_command", "play many games headless and summarise the endings")
    p.add_argument("--scenario", metavar="ID|PATH",
                   help=f"scenario id or file (default: the one the deck extends, else {DEFAULT_SCENARIO})")
    p.add_argument("--deck", metavar="PATH|ID", action="append", default=[],
                   help="deck (file or id) to stack, repeatable; without --scenario, the one it extends")
    p.add_argument("--games", type=_positive, default=1000, help="number of games (default 1000)")
    p.add_argument("--policy", choices=PLAYERS, default="random", metavar="{" + ",".join(PLAYERS) + "}",
                   help=PLAYERS_HELP)
    p.add_argument("--rollouts", type=_positive, metavar="N",
                   help=f"with --policy search: rollouts per decision (default {SEARCH_ROLLOUTS})")
    p.add_argument("--seed", type=_seed, default=0, help="first seed; game i uses seed+i (default 0)")
    p.add_argument("--jobs", type=_positive, default=1, help="processes to spread the games over")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--save-dir", type=Path, metavar="DIR", help="also write every game as a save in DIR")
    p.add_argument("--class", dest="class_pack", metavar="FILE|ID",
                   help="play a class pack's scenario, decks, seed rule and turns (instead of --scenario/--deck)")

    p = add("replay", "game.cli.saves:replay_command",
            "replay a save (opens the replay viewer on a terminal), or --verify it")
    p.add_argument("save", type=Path, metavar="SAVE")
    p.add_argument("--verify", action="store_true",
                   help="re-simulate the save and check every turn's hash; exit 1 at the first divergence")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output with --verify or off a terminal")

    p = add("debrief", "game.cli.debrief:debrief_command",
            "report on one save (timeline) or several (class comparison); folders of saves count one save per game")
    p.add_argument("saves", nargs="+", type=Path, metavar="SAVE|DIR",
                   help="save files, or folders of them (autosaves and named saves of one game count once)")
    p.add_argument("--format", choices=["text", "md", "html", "json"],
                   help="report format (default: from the -o suffix, else text)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--what-if", action="store_true",
                   help="value every decision's options by simulated continuations from where the player stood, and "
                   "mark the turning points: the decisions where the choice moved the estimated outcome most "
                   "(estimates, not what would have happened; seconds per game)")
    p.add_argument("--rollouts", type=_positive, metavar="N",
                   help=f"with --what-if: continuations per option of each decision (default {WHAT_IF_ROLLOUTS}, "
                   "at least 2)")
    p.add_argument("--policy", choices=WHAT_IF_POLICIES, help=WHAT_IF_POLICY_HELP)
    p.add_argument("--jobs", type=_positive, metavar="N",
                   help="with --what-if: processes to spread the work over (default: the machine's cores; the "
                   "numbers do not depend on it)")

    p = add("new-deck", "game.cli.authoring:new_deck_command", "write a commented starter deck that validates")
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("--extends", metavar="ID", default=DEFAULT_SCENARIO, help="scenario the deck extends")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    p = add("new-class", "game.cli.authoring:new_class_command",
            "write a commented starter class pack (scenario, decks, settings) that validates")
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("--scenario", metavar="ID|PATH", required=True, help="the scenario the class plays")
    p.add_argument("--deck", metavar="PATH|ID", action="append", default=[],
                   help="a deck to stack on it (repeatable, applied in order)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    p = add("check", "game.cli.authoring:check_command",
            "balance-test a deck, a scenario, decks stacked on a scenario, or a class pack: random games, every "
            "option once, and the headless players' strategy table with balance warnings")
    p.add_argument("path", metavar="DECK|SCENARIO|CLASS", nargs="?",
                   help="deck file, scenario file or id, or class pack")
    p.add_argument("--scenario", metavar="ID|PATH", help="instead of PATH: check --deck files stacked on this scenario")
    p.add_argument("--deck", metavar="PATH|ID", action="append", default=[],
                   help="with --scenario: a deck to stack (repeatable, applied in order)")
    p.add_argument("--games", type=_positive, default=2000,
                   help="games per player: random, and the strategy table's random, historical, first, last, "
                   "greedy and worst (default 2000)")
    p.add_argument("--search-games", type=_count, metavar="N",
                   help="games for the search player (default: games/100, at most 20; 0 leaves it out)")
    p.add_argument("--rollouts", type=_positive, metavar="N",
                   help=f"the search player's rollouts per decision (default {SEARCH_ROLLOUTS})")
    p.add_argument("--seed", type=_seed, default=0)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--strict", action="store_true", help="treat warnings (balance findings included) as errors")
    return parser

