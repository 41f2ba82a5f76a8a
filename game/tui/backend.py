"""The TUI's one door to the content loader, the saves and the debrief.

Every call the app makes into `game.content`, `game.saves` or `game.debrief` goes through one function
here, and each imports its module when first called: pydantic and YAML stay off the path to the title
screen. Errors the player caused (a bad deck, a damaged save) come out as `BadInput`, whose lines are
ready to show; anything else is a bug and is left to surface.
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path


class BadInput(Exception):
    """Content or a save that cannot be used; `lines` say why, one problem a line."""

    def __init__(self, lines):
        self.lines = [str(line) for line in lines] or ["unknown problem"]
        super().__init__("\n".join(self.lines))


def _content_error(exc) -> BadInput:
    problems = getattr(exc, "problems", None) or [exc]
    return BadInput(str(p) for p in problems)


# --------------------------------------------------------------------------- content


def default_scenario() -> str:
    from game.content import DEFAULT_SCENARIO

    return DEFAULT_SCENARIO


def catalog() -> list:
    """Scenarios and decks found (entries with kind, id, title, path, span, cards)."""
    from game.content import catalog as _catalog

    return list(_catalog())


def resolve(scenario=None, decks=()):
    """The resolved content (scenario with decks applied, facts, sources, rules)."""
    from game.content import ContentError, resolve as _resolve

    try:
        return _resolve(scenario, decks=list(decks))  # no scenario: the one the first deck extends
    except ContentError as exc:
        raise _content_error(exc) from None
    except OSError as exc:
        raise BadInput([f"{exc.filename or scenario}: {exc.strerror or exc}"]) from None


def load_class(value):
    """A class pack (file or id) with its content resolved (game.content.ClassSetup)."""
    from game.content import ContentError, load_class as _load

    try:
        return _load(value)
    except ContentError as exc:
        raise _content_error(exc) from None
    except OSError as exc:
        raise BadInput([f"{exc.filename or value}: {exc.strerror or exc}"]) from None


# --------------------------------------------------------------------------- saves


def _save_errors():
    from game.saves import SaveError

    return (SaveError, OSError)


def start_game(resolved, seed: int, player: str | None = None, classroom=None):
    """A new game; `player` is the student's name, `classroom` the class pack's entry (ClassSetup.entry)."""
    from game.saves import GameRecord

    return GameRecord.start(resolved, seed, player=player, classroom=classroom)


def save_game(record, saves_dir: Path, name: str | None = None) -> Path:
    from game.saves import save_game as _save

    try:
        return _save(record, saves_dir, name=name)
    except _save_errors() as exc:
        raise BadInput([str(exc)]) from None


def autosave(record, saves_dir: Path):
    from game.saves import autosave as _autosave

    try:
        return _autosave(record, saves_dir)
    except _save_errors() as exc:
        raise BadInput([str(exc)]) from None


def snapshot(record):
    """A copy of a game record that later play does not change, for a thread to save while the player plays
    on: the lists that grow are copied; the engine state and the closed turns never change once made."""
    return dataclasses.replace(
        record, log=list(record.log), turns=list(record.turns), current_events=list(record.current_events),
        current_decisions=list(record.current_decisions),
        annotations={turn: list(notes) for turn, notes in record.annotations.items()},
    )


class Autosaves:
    """The app's autosaves, written in worker threads one at a time, and the readers that must see them.

    The UI thread takes a ticket with `expect()` before it starts the worker that calls `write()`; a thread
    that lists the saves folder (Continue, Load) calls `wait()` first, so it never misses the turn just
    played."""

    def __init__(self):
        self._writing = threading.Lock()
        self._idle = threading.Condition()
        self._pending = 0
        self._tickets = 0
        self._written: dict[str, int] = {}  # game id -> ticket of its latest autosave on disk

    def expect(self) -> int:
        """A ticket for the next write: tickets number the snapshots in the order the game made them."""
        with self._idle:
            self._pending += 1
            self._tickets += 1
            return self._tickets

    def write(self, record, saves_dir: Path, ticket: int):
        """Autosave a snapshot (see `snapshot`) unless a later snapshot of the same game is already on disk
        (threads may run out of order). Returns the path, or None when skipped; raises BadInput."""
        try:
            with self._writing:
                if ticket < self._written.get(record.game_id, 0):
                    return None
                path = autosave(record, saves_dir)
                self._written[record.game_id] = ticket
                return path
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until no autosave is pending (False if `timeout` seconds pass first)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)


def load_game(path: Path):
    from game.saves import load_game as _load

    try:
        return _load(Path(path))
    except _save_errors() as exc:
        raise BadInput([str(exc)]) from None


def list_saves(saves_dir: Path) -> list:
    from game.saves import list_saves as _list

    if not Path(saves_dir).is_dir():
        return []
    return list(_list(saves_dir))


def save_listing(saves_dir: Path) -> list:
    """The saves to choose from (game.saves.store.listing): named saves, one entry per game for its
    autosaves, damaged files last; each SaveInfo has a `title` in the player's words."""
    from game.saves.store import listing

    if not Path(saves_dir).is_dir():
        return []
    return listing(saves_dir)


def game_title(record) -> str:
    """The game in progress, named as the save lists name it: "Tripoli, April 2019 — turn 6 — 30 Nov 14:05"."""
    from game.saves.store import game_title as _title

    return _title(record.scenario.title, record.turn, record.updated or record.created, record.player)


def resave(record) -> Path:
    """Write a record back into the file it came from (a note added in the replay viewer)."""
    from game.saves.store import resave as _resave

    try:
        return _resave(record)
    except _save_errors() as exc:
        raise BadInput([str(exc)]) from None


def latest_autosave(saves_dir: Path):
    from game.saves import latest_autosave as _latest

    if not Path(saves_dir).is_dir():
        return None
    return _latest(saves_dir)


def fork(record, turn: int):
    from game.saves import fork as _fork

    try:
        return _fork(record, turn)
    except _save_errors() as exc:
        raise BadInput([str(exc)]) from None
    except ValueError as exc:
        raise BadInput([str(exc)]) from None


# --------------------------------------------------------------------------- debrief


# Work the interface hands to a worker thread runs in this process: while Textual runs, `sys.stderr` is its
# print capture, whose file number is -1, and multiprocessing cannot start the helper process its pools need
# ("bad value(s) in fds_to_keep"). A worker thread keeps the interface responsive enough on its own.
IN_THIS_PROCESS = 0


def score_context(record) -> str | None:
    """A finished game's score against other play of its scenario ("better than 78% of random play; ..."),
    from the score baselines of game.authoring.baseline (shipped for the shipped scenarios, computed and
    cached for other content, which takes a while: call it from a worker). None when no baseline can be had."""
    from game.authoring import baseline

    outcome = record.outcome
    if outcome is None:
        return None
    try:
        sentence = baseline.score_context(record.resolved, outcome.score)
        if sentence is None:  # not known yet for this content: work it out (and cache it), then ask again
            baseline.ensure(record.resolved, jobs=IN_THIS_PROCESS)
            sentence = baseline.score_context(record.resolved, outcome.score)
        return sentence
    except (OSError, ValueError):  # an unwritable cache, an odd table: the end screen does without
        return None


def turning_point(record) -> str | None:
    """A finished game's turning point, the decision whose choice moved the odds most ("Your turning point:
    turn 3, the Security Council draft. You chose ...; ... would have served best"), estimated by the debrief's
    what-if analysis at a small budget (about half a second of CPU: call it from a worker). None when no decision moved the odds beyond the noise."""
    from game.debrief.whatif import turning_point as find, turning_point_sentence

    if record.outcome is None:
        return None
    point = find(record, jobs=IN_THIS_PROCESS)
    return turning_point_sentence(point, detail=True) if point is not None else None


def debrief_renderables(record) -> list:
    """The debrief of one game as Rich renderables (the same report as `wargame debrief`), titled from the
    game itself: an autosave's file name says nothing to a player, and is gone once a newer one is written."""
    from game.debrief import build_game
    from game.debrief.schema import Report
    from game.debrief.text import renderables
    from game.saves.record import now_utc

    shown = dataclasses.replace(record, path=None) if _is_autosave(record.path) else record
    game = build_game(shown, label=record.player or game_title(record))
    return list(renderables(Report("game", f"Debrief: {game.scenario_title} — {game.label}", now_utc(), [game])))


def _is_autosave(path) -> bool:
    from game.saves.store import AUTOSAVE_PREFIX

    return path is not None and Path(path).name.startswith(AUTOSAVE_PREFIX)


def debrief_html(record, target: Path) -> Path:
    from game.debrief import render_html
    from game.saves.store import atomic_write

    target = Path(target)
    try:
        atomic_write(target, render_html(record).encode("utf-8"))
    except _save_errors() as exc:
        raise BadInput([str(exc)]) from None
    return target
