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
