"""Problems found in content, and the exception that carries them.

A problem says where (file, 1-based line and column, a readable location such as
``cards[3](unsc-vote).options[1].effects[0].add``) and what, in plain words for an instructor.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    col: int
    location: str
    message: str
    severity: str = "error"  # "error" or "warning"
    card: str | None = None

    def __str__(self) -> str:
        # the severity is not part of the text: callers show it their way (colour, a "(warning)" suffix)
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        if self.location:
            return f"{where}: {self.location}: {self.message}"
        return f"{where}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ContentError(Exception):
    """Content that cannot be used; `problems` lists every problem found (errors and warnings)."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid content")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def display_path(path: str | Path) -> str:
    """Paths under the current folder print relative (shorter, clickable in most terminals)."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


def did_you_mean(word: object, candidates: Iterable[str], n: int = 1) -> str:
    """' (did you mean 'x'?)' when a candidate is close to `word`, else ''."""
    if not isinstance(word, str) or not word:
        return ""
    pool = [c for c in candidates if isinstance(c, str)]
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return f" (did you mean '{lowered[word.lower()]}'?)"
    close = difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"
