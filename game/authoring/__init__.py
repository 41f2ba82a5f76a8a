"""Instructors' tools: `wargame new-deck` (a starter deck that validates) and `wargame check` (random games
plus every option once, with a report of what is unreachable). The commands live in
game.authoring.commands; the warnings `wargame validate` adds are in game.content.lint."""
