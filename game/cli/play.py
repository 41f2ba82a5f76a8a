"""`wargame play` and the replay viewer: the command line's way into the Textual app (game.tui).

    wargame / wargame play [--scenario ID|PATH] [--deck PATH]... [--seed N] [--saves-dir DIR]
                           [--from SAVE [--turn N]] [--class FILE|ID]  -> play_command(args)
    wargame replay SAVE                                        -> replay_viewer_command(path)

Whatever the command line names (a deck, a scenario, a save) is checked before the app starts: a problem
is printed as a clear message and the command exits non-zero, never with a traceback and never after the
screen has been taken over.
"""

from __future__ import annotations

import sys
from pathlib import Path

from game.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def _say(title: str, lines) -> None:
    print(f"wargame: {title}", file=sys.stderr)
    for line in lines:
        print(f"  {line}", file=sys.stderr)


def play_command(args) -> int:
    from game.tui import backend

    scenario = getattr(args, "scenario", None)
    decks = list(getattr(args, "deck", None) or [])  # files or deck ids
    seed = getattr(args, "seed", None)
    saves_dir = getattr(args, "saves_dir", None)
    from_save = getattr(args, "from_save", None)
    turn = getattr(args, "turn", None)

    class_pack = getattr(args, "class_pack", None)
    if class_pack is not None:
        return _play_class(class_pack, args)
    if turn is not None and from_save is None:
        _say("--turn needs --from SAVE (the game to fork)", [])
        return EXIT_USAGE
    if from_save is not None and (scenario or decks):
        _say("--from SAVE plays the save's own content: leave out --scenario and --deck", [])
        return EXIT_USAGE

    record = resolved = None
    if from_save is not None:
        try:
            record = backend.load_game(Path(from_save))
            if turn is not None:
                record = backend.fork(record, turn)
        except backend.BadInput as exc:
            _say(f"cannot play {from_save}", exc.lines)
            return EXIT_USAGE
    elif scenario or decks:
        try:
            resolved = backend.resolve(scenario, decks)
        except backend.BadInput as exc:
            what = ", ".join(str(x) for x in ([scenario] if scenario else []) + decks)
            _say(f"{what}: cannot be played", exc.lines)
            return EXIT_PROBLEMS

    from game.tui.app import WargameApp

    app = WargameApp(
        # decks alone wait on the title screen, with the scenario they were checked on chosen for New game
        scenario=scenario or (resolved.scenario.id if resolved is not None else None),
        seed=seed, saves_dir=saves_dir, decks=decks,
        resolved=resolved if scenario else None, record=record,  # a named scenario goes straight to its briefing
    )
    app.run()
    return app.return_code or EXIT_OK


def _play_class(class_pack: str, args) -> int:
    """`wargame play --class FILE|ID`: the class's new-game screen (the student's name, then the briefing)."""
    from game.content.discovery import looks_like_path
    from game.tui import backend

    given = {"--scenario": getattr(args, "scenario", None), "--deck": getattr(args, "deck", None) or None,
             "--seed": getattr(args, "seed", None), "--from": getattr(args, "from_save", None),
             "--turn": getattr(args, "turn", None)}
    clash = [flag for flag, value in given.items() if value is not None]
    if clash:
        _say(f"--class plays the class pack's own scenario, decks and seed: leave out {', '.join(clash)}", [])
        return EXIT_USAGE
    if looks_like_path(class_pack) and not Path(class_pack).is_file():
        _say(f"--class {class_pack}: no such file", [])
        return EXIT_USAGE
    try:
        setup = backend.load_class(class_pack)
    except backend.BadInput as exc:
        _say(f"{class_pack}: cannot be played", exc.lines)
        return EXIT_USAGE if len(exc.lines) == 1 and "no class with id" in exc.lines[0] else EXIT_PROBLEMS

    from game.tui.app import WargameApp

    app = WargameApp(saves_dir=getattr(args, "saves_dir", None), classroom=setup)
    app.run()
    return app.return_code or EXIT_OK


def replay_viewer_command(path, saves_dir=None) -> int:
    from game.tui import backend

    try:
        record = backend.load_game(Path(path))
    except backend.BadInput as exc:
        _say(f"cannot replay {path}", exc.lines)
        return EXIT_USAGE

    from game.tui.app import WargameApp

    app = WargameApp(saves_dir=saves_dir or Path(path).parent, replay=record)
    app.run()
    return app.return_code or EXIT_OK
