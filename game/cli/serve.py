"""`wargame serve [--class FILE|ID] [--host H] [--port N] [--saves-dir DIR] [--max-games N] [--idle-minutes M]`:
the game in students' browsers (game.web), one game per browser tab, under a class pack when given.

Checks what it is given first (the web extra installed, the class pack valid, the port free) and says what
is wrong without a traceback; then prints the students' and the instructor's addresses and serves until
Ctrl+C, which ends every game (each autosaves) and exits 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

from game.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

WEB_EXTRA_HINT = "python3 -m pip install 'kremlins-libya-gambit[web]'   (from a clone: pip install '.[web]')"


def _say(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_command(args) -> int:
    try:
        from game.web.server import ClassroomServer, ServeSettings
    except ImportError as exc:
        _say(f"wargame serve: the web extra is not installed ({exc.name or exc}): install it with",
             f"  {WEB_EXTRA_HINT}")
        return EXIT_USAGE

    class_value = getattr(args, "class_pack", None)
    saves_dir = getattr(args, "saves_dir", None)
    title, class_pack, pack_saves = "Kremlin's Libya Gambit", None, None
    if class_value is not None:
        from game.content import ContentError, load_class
        from game.content.discovery import looks_like_path

        if looks_like_path(class_value) and not Path(class_value).is_file():
            _say(f"wargame serve: --class {class_value}: no such file")
            return EXIT_USAGE
        try:
            setup = load_class(class_value)
        except ContentError as exc:
            _say(f"wargame serve: {class_value}: cannot be played", *(f"  {p}" for p in exc.problems))
            one = len(exc.problems) == 1 and "no class with id" in str(exc.problems[0])
            return EXIT_USAGE if one else EXIT_PROBLEMS
        except OSError as exc:
            _say(f"wargame serve: {class_value}: {exc.strerror or exc}")
            return EXIT_USAGE
        title = setup.pack.title
        # every game loads the pack again: name the file itself, wherever the server was started
        class_pack = str(setup.path.resolve())
        pack_saves = setup.saves_dir
    if saves_dir is None:
        from game.paths import default_saves_dir

        saves_dir = pack_saves or default_saves_dir()
    class_dir = Path(saves_dir).expanduser().resolve()
    try:
        class_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _say(f"wargame serve: cannot use {class_dir} for saves: {exc.strerror or exc}")
        return EXIT_USAGE

    import logging
    import socket

    settings = ServeSettings(class_dir=class_dir, title=title, class_pack=class_pack, host=args.host,
                             port=args.port, max_games=args.max_games, idle_seconds=args.idle_minutes * 60)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S",
                        stream=sys.stderr)
    if not _loopback(args.host):
        _say(f"wargame serve: warning: listening on {args.host}, not this machine alone: anyone who can reach it "
             f"on port {args.port} can play here (the instructor page needs its key). Serve on a network you "
             "trust, or behind a proxy that checks who comes in (docs/classroom.md).")

    def ready(host: str, port: int) -> None:
        shown = host if _loopback(host) else socket.gethostname()
        base = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}"
        print(f"Serving {title!r}: at most {settings.max_games} games at once, idle games end after "
              f"{args.idle_minutes:g} min.", flush=True)
        print(f"Students open:   {base}/", flush=True)
        print(f"Instructor page: {base}/instructor?key={settings.instructor_key}", flush=True)
        print(f"Saves go to:     {class_dir}  (one folder per browser)", flush=True)
        print("Press Ctrl+C to stop (every game autosaves first).", flush=True)

    import asyncio

    server = ClassroomServer(settings)
    try:
        ended = asyncio.run(server.run(ready))
    except OSError as exc:
        _say(f"wargame serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        return EXIT_USAGE
    print(f"Stopped: {ended} game{'s' if ended != 1 else ''} ended, {server.games_started} played "
          f"since the start; saves are in {class_dir}", flush=True)
    return EXIT_OK
