"""The progress bar of the commands that play many games (simulate, check)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def games_progress(label: str, total: int, show: bool | None = None) -> Iterator[Callable[[int], None] | None]:
    """A transient bar on stderr, shown when `show` (default: when stderr is a terminal); yields the callback
    to pass as `progress=` (None when no bar is shown)."""
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("games", total=total)
        yield lambda n: bar.advance(task, n)
