"""Play in the browser: `wargame serve` for a classroom (textual-serve, one game process per tab).

    game/web/server.py      ClassroomServer: the page, one game per websocket, limits, the instructor's routes
    game/web/protocol.py    what a browser may send over a game's websocket, checked
    game/web/seats.py       each browser's own saves folder inside the class folder
    game/web/instructor.py  the instructor's page and the class debrief's command
    game/web/templates/     the game's page (offline: no third-party font or script)
    game/web/static/        the page's script (keys to the game on load)

A floor between the TUI and the command line: it reads saves (game.saves) but never imports the TUI, which
it runs as a command in a process of its own per game. It needs the `web` extra (textual-serve, aiohttp).
"""

# Measured on the 2-core machine of docs/classroom.md ("in the browser", bench/bench_serve.py): how many games
# one server runs at once by default, and after how long without a key a game is ended (its autosave kept).
# Here, not in game/web/server.py, so that the command line reads them without importing the web extra.
# The rule: the most games measured at once whose key-to-frame p95 stays within twice one game's alone (every
# game completed and verified); under 100 ms p95 held for one game alone only (4 games: 111 ms, 8: 368 ms).
DEFAULT_MAX_GAMES = 4
DEFAULT_IDLE_MINUTES = 30.0
