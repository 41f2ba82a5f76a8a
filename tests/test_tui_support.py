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


def internal_names(resolved, flags=()) -> set[str]:
    """The content's internal names a player must never read: its ids that have a hyphen (so that they cannot
    be ordinary words) and do not occur in any text the content shows, its flags, and its fact and source
    ids."""
    import re

    sc = resolved.scenario
    shown = [sc.title, sc.summary, sc.briefing, *sc.objectives]
    for c in sc.cards:
        shown += [c.title, c.text, c.history or ""]
        for o in c.options:
            shown += [o.label, o.description, *(f"{a.who} {a.says}" for a in o.advisers)]
    shown += [f"{m.name} {m.short or ''} {m.description}" for m in sc.meters]
    shown += [f"{a.name} {a.description}" for a in sc.actors] + [f"{p.name} {p.description}" for p in sc.places]
    shown += [f"{e.title} {e.text}" for e in sc.endings]
    shown += [f"{f.summary} {f.quote or ''}" for f in resolved.facts.values()]
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", " ".join(shown).lower()))
    ids = {c.id for c in sc.cards} | {o.id for c in sc.cards for o in c.options} | {m.id for m in sc.meters}
    ids |= {p.id for p in sc.places} | {a.id for a in sc.actors} | {e.id for e in sc.endings}
    ids |= set(resolved.facts) | set(resolved.sources)
    return {i for i in ids if "-" in i and i not in words} | {f for f in flags if f not in words}


def ids_in(text: str, internal: set[str]) -> set[str]:
    """The internal names (see `internal_names`) found as words in `text`."""
    import re

    return set(re.findall(r"(?<![A-Za-z0-9-])[a-z0-9]+(?:-[a-z0-9]+)+(?![A-Za-z0-9-])", text)) & internal


def screen_text(app) -> str:
    """What the screen shows, as plain text (from the SVG screenshot: every run of text, in order)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))).replace("\xa0", " ")
