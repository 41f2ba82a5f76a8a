"""The `wargame` command: the one place that prints for commands.

    game/cli/parser.py       every subcommand's arguments (one place for the command-line surface)
    game/cli/exit_codes.py   the exit codes
    game/cli/play.py         play (also under a class pack), and the replay viewer (the Textual app)
    game/cli/content.py      validate, schema, list, ids (game/cli/ids.py lays ids out)
    game/cli/simulate.py     simulate
    game/cli/saves.py        replay (text timeline, --verify)
    game/cli/debrief.py      debrief (of saves and folders of them)
    game/cli/authoring.py    new-deck, new-class, check
    game/cli/serve.py        serve (the game in students' browsers: game.web)

Library code below returns results and raises errors; the handlers here print them and choose the exit
code. A handler's module is imported only when its command runs, so `wargame --help` and the game's first
frame stay fast.
"""

from __future__ import annotations

import sys

from game.cli.exit_codes import EXIT_INTERRUPTED, EXIT_OK, CommandError
from game.cli.parser import build_parser

__all__ = ["build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # `wargame` and `wargame --seed 7` mean `wargame play ...`
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["play", *argv]
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except CommandError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
