"""The Textual app: `game.tui.app.WargameApp`, started by `wargame` (see game/cli/play.py).

Kept light on purpose: nothing here imports pydantic, YAML, the content loader or the saves until a
screen needs them (game/tui/backend.py), so the title screen draws as fast as a bare Textual app.
"""
