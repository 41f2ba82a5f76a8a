"""The exit codes of `wargame`, defined once for every command.

0 success; 1 problems were found and printed (content errors, unreachable content in a check, a replay
that diverges, a report that had to leave saves out); 2 bad usage, or a file that cannot be read, trusted
or written; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class CommandError(Exception):
    """Ends a command: `game.cli.main` prints `lines` to stderr and exits with `code`."""

    def __init__(self, code: int, lines: list[str]):
        self.code = code
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))
