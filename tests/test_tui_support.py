"""Helpers shared by the TUI tests (no tests here): the shipped default scenario, and waiting without
sleeping. The tests read the app through its public test API: `app.screen_name`, `app.state_hash`, and on
the turn screen `card_id`, `offered_options()`, `highlighted_option`, `showing_summary`."""

from __future__ import annotations

import functools

import pytest

from game.tui import backend

SIZE = (100, 32)
SEED = 7


@functools.lru_cache(maxsize=1)
def resolved():
    """The shipped default scenario, through the content loader (loaded once for the whole run)."""
    return backend.resolve(None)


@pytest.fixture
def content():
    return resolved()


async def settle(pilot, quick: bool = False) -> None:
    """Let the app's own workers finish and the screen catch up (no sleeps).

    Textual's DirectoryTree keeps a loader worker alive for as long as the tree is mounted; waiting for
    it never returns, so only workers that end are waited for. A bound on the wait turns any other
    never-ending worker into a failure instead of a hang."""
    import asyncio

    from textual.worker import WorkerCancelled

    app = pilot.app
    if quick and not _finite_workers(app):  # Pilot.press/click already waited for the app to go idle
        return
    for _ in range(3):  # a worker may start another (a load that opens a screen)
        pending = _finite_workers(app)
        if pending:
            try:
                await asyncio.wait_for(app.workers.wait_for_complete(pending), timeout=60)
            except WorkerCancelled:  # an exclusive worker replaced by a newer one: nothing to wait for
                pass
        await pilot.pause()
        if not _finite_workers(app):
            break


def _finite_workers(app) -> list:
    from textual.worker import WorkerState

    return [w for w in app.workers if w.group != "_loader"
            and w.state in (WorkerState.PENDING, WorkerState.RUNNING)]


async def play_to_end(pilot, move, limit: int = 600) -> None:
    """Drive the turn screen with `move(pilot, kind)` until the end screen shows.
    kind: 'confirm' (an irreversible choice asks), 'choose' (options on the table) or 'continue'."""
    app = pilot.app
    for _ in range(limit):
        name = app.screen_name
        if name == "EndScreen":
            return
        if name == "ConfirmDialog":
            await move(pilot, "confirm")
        elif name == "TurnScreen":
            if app.screen.offered_options():
                await move(pilot, "choose")
            else:
                await move(pilot, "continue")
        else:
            raise AssertionError(f"unexpected screen {name} during play")
        await settle(pilot, quick=True)
    raise AssertionError("the game did not end")


def text_of(widget) -> str:
    """The plain text a Static shows (Rich renderables rendered at a fixed width)."""
    import io

    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return content
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(content)
    return console.file.getvalue()
