"""Instructors' tools: the starter deck `wargame new-deck` writes (starter), balance checks (`wargame check`:
random games plus every option once, with a report of what is unreachable) and many headless games
(`wargame simulate`, simulate). The commands live in game.cli.authoring and game.cli.simulate; the warnings
`wargame validate` adds are in game.content.lint."""
