"""The live record of one game: the single controller the TUI plays through.

    record = GameRecord.start(resolved, seed, player="Ana", classroom=setup.entry)  # a class pack: optional
    while not record.over:
        events = record.apply(choose(record.legal_decisions()))
        if record.turn_just_ended:
            autosave(record, saves_dir)

`apply` calls the engine, then keeps the decision, its events (typed records, game.model.events) and, at
each turn end, a `TurnLog` with the turn's decisions, all its events (draw picks and rolls included), the
meters and the state hash. That is what a save stores and what `verify` checks a replay against, turn by
turn.

A game played under a class pack keeps the pack's settings (`classroom`); the screens read what they may
show from the record, in one place: `reveal_history` (may they say what Moscow did?), `shown_facts` (the
facts a card may cite meanwhile) and `display` (what options show of their effects).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from game.engine import (
    Decision, Event, IllegalDecision, apply, legal_decisions, new_game_events, outcome, state_hash,
)
from game.model.citing import moscow_fact_ids
from game.model.classroom import clean_student_name
from game.model.events import TurnEnded


def player_name(name: str | None) -> str | None:
    """The name a game is played under, as saves store it: a student's name cleaned (no control or invisible
    characters, at most 60 characters: game.model.classroom), None when nothing is left of it."""
    if name is None:
        return None
    try:
        return clean_student_name(name)
    except ValueError:
        return None


def now_utc() -> str:
    """UTC timestamp, ISO 8601 to the second (tests patch this for fixed files)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


# --------------------------------------------------------------------------- decisions from saves


def decision_from_json(item) -> Decision:
    return Decision(item[0], item[1])


# --------------------------------------------------------------------------- records


@dataclass
class Annotation:
    """An instructor's or player's note on a turn (python-chess PGN comments, for a wargame)."""

    text: str
    at: str  # UTC ISO timestamp


@dataclass
class TurnLog:
    """One completed turn: what was decided, everything that happened, and where it left the game."""

    turn: int
    date: str
    decisions: list[Decision]
    events: list[Event]  # every event of the turn, from its start to its end
    meters: dict[str, int]  # at the end of the turn
    state_hash: str  # of the state right after the turn's last decision (next turn's cards drawn)


@dataclass
class ForkOf:
    """Where a forked game came from."""

    game_id: str | None
    payload_sha256: str | None
    file: str | None
    turn: int


class StoredState:
    """Stands in for the engine State of a game whose log no longer replays (e.g. the engine changed
    since it was saved): the snapshot the file recorded, enough for reports, never for play."""

    __slots__ = ("rules", "turn", "meters", "over", "ending", "pending")

    def __init__(self, rules, turn: int, meters: dict, over: bool, ending: str | None):
        self.rules, self.turn, self.meters, self.over, self.ending = rules, turn, meters, over, ending
        self.pending = ()

    @property
    def current_card(self):
        return None


class ReplayFailed(Exception):
    """A decision of the log is not legal at its point of the replay."""

    def __init__(self, message: str, turn: int, index: int, partial: "GameRecord"):
        super().__init__(message)
        self.turn = turn
        self.index = index
        self.partial = partial


MAX_NOTE = 20_000


@dataclass(eq=False)
class GameRecord:
    resolved: Any
    seed: int
    state: Any
    player: str | None = None
    fork_of: ForkOf | None = None
    classroom: Any = None  # the class pack it is played under (game.model.save.ClassroomEntry), or None
    game_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    created: str = field(default_factory=now_utc)
    updated: str = ""
    log: list[Decision] = field(default_factory=list)
    turns: list[TurnLog] = field(default_factory=list)
    annotations: dict[int, list[Annotation]] = field(default_factory=dict)
    current_events: list[Event] = field(default_factory=list)  # events of the turn in progress
    current_decisions: list[Decision] = field(default_factory=list)
    unsaved_turns: int = 0  # turns completed since the last named save
    dirty: bool = False  # anything (decision, note) since the last named save
    turn_just_ended: int | None = None  # set by apply when that decision ended a turn
    path: Any = None  # the file it was last loaded from or saved to
    payload_sha256: str | None = None  # of that file
    verified: bool = True  # False: read for a report from its recorded log, which does not replay
    verify_note: str = ""
    stored_outcome: Any = None  # the ending the file recorded (unverified records only)

    # ------------------------------------------------------------------ building

    @classmethod
    def start(cls, resolved, seed: int, player: str | None = None, fork_of: ForkOf | None = None,
              classroom=None, **kw) -> "GameRecord":
        state, events = new_game_events(resolved.rules, int(seed))
        rec = cls(resolved=resolved, seed=int(seed), state=state, player=player_name(player), fork_of=fork_of,
                  classroom=classroom, **kw)
        if not rec.updated:
            rec.updated = rec.created
        rec.current_events = list(events)
        return rec

    @classmethod
    def replay(cls, resolved, seed: int, decisions: Iterable, *, upto_turn: int | None = None,
               **kw) -> "GameRecord":
        """Re-simulate a decision log from the start. With `upto_turn`, stop at the start of that turn.
        Raises ReplayFailed (with the partial record) if a decision is not legal where it falls."""
        rec = cls.start(resolved, seed, **kw)
        for i, d in enumerate(decisions):
            if upto_turn is not None and rec.state.turn >= upto_turn:
                break
            if not isinstance(d, Decision):
                d = Decision(*d)
            try:
                rec.apply(d)
            except IllegalDecision as exc:
                raise ReplayFailed(f"decision {i + 1} ({d.card}: {d.option}) {exc}", rec.state.turn, i, rec) from None
        rec.unsaved_turns = 0
        rec.dirty = False
        rec.turn_just_ended = None
        return rec

    # ------------------------------------------------------------------ reading

    @property
    def rules(self):
        return self.resolved.rules

    @property
    def scenario(self):
        return self.resolved.scenario

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def over(self) -> bool:
        return self.state.over

    @property
    def outcome(self):
        if not self.verified:
            return self.stored_outcome
        return outcome(self.state)

    @property
    def state_hash(self) -> str:
        return state_hash(self.state)

    # ------------------------------------------------------------------ what the screens may show

    @property
    def reveal_history(self) -> bool:
        """May the screens say what Moscow did? Yes, unless the class pack keeps it for the debrief
        (`reveal: debrief`) and the game is not over yet."""
        c = self.classroom
        return c is None or c.settings.reveal != "debrief" or self.over

    @property
    def display(self) -> str | None:
        """What options show of their effects under the class pack (exact, estimates or hidden); None: as the
        scenario sets it."""
        return self.classroom.settings.display if self.classroom is not None else None

    @property
    def shown_facts(self) -> dict:
        """The facts a card on the table may cite: all of them, or, while what Moscow did is hidden, all but
        those its records of what Moscow did stand on (a card's sources would tell it)."""
        facts = self.resolved.facts
        if self.reveal_history:
            return facts
        hidden = moscow_fact_ids(self.scenario.cards)
        return {fid: f for fid, f in facts.items() if fid not in hidden}

    def legal_decisions(self) -> list[Decision]:
        return legal_decisions(self.state) if self.verified else []

    def events(self) -> list[Event]:
        """Every event of the game so far, in order."""
        return [e for t in self.turns for e in t.events] + self.current_events

    def meters_at(self, turn: int) -> dict[str, int]:
        """Meters at the end of `turn` (turn 0: the starting values)."""
        if turn <= 0:
            return {mid: mr.start for mid, mr in self.rules.meters.items()}
        return dict(self.turns[turn - 1].meters)

    def decisions_before(self, turn: int) -> list[Decision]:
        """The decisions of every turn before `turn` (what a fork at `turn` replays)."""
        return [d for t in self.turns if t.turn < turn for d in t.decisions]

    # ------------------------------------------------------------------ playing

    def apply(self, decision) -> list[Event]:
        """Play one decision. On an illegal decision the engine raises IllegalDecision and nothing changes."""
        if not self.verified:
            raise IllegalDecision("this game was read from a log that does not replay: it can be reported on, "
                                  "not played on")
        if not isinstance(decision, Decision):
            decision = Decision(*decision)
        new_state, events = apply(self.state, decision)
        self.state = new_state
        self.log.append(decision)
        self.current_decisions.append(decision)
        self.dirty = True
        self.turn_just_ended = None
        for e in events:
            self.current_events.append(e)
            if type(e) is TurnEnded:
                self._close_turn(e.turn)
        return events

    def _close_turn(self, turn: int) -> None:
        # The state after the turn's last decision: next turn begun and its cards drawn; drawing changes
        # no meter, so its meters are the end-of-turn meters.
        st = self.state
        self.turns.append(TurnLog(
            turn=turn,
            date=self.rules.turn_date(turn).isoformat(),
            decisions=self.current_decisions,
            events=self.current_events,
            meters=dict(st.meters),
            state_hash=state_hash(st),
        ))
        self.current_decisions = []
        self.current_events = []
        self.unsaved_turns += 1
        self.turn_just_ended = turn

    def annotate(self, turn: int, text: str) -> Annotation:
        """Attach a note to a turn (1 .. the current turn)."""
        text = (text or "").strip()
        if not text:
            raise ValueError("an annotation needs some text")
        if len(text) > MAX_NOTE:
            raise ValueError(f"an annotation is limited to {MAX_NOTE} characters")
        last = self.state.turn
        if not 1 <= int(turn) <= last:
            raise ValueError(f"turn {turn} is not in this game (1..{last})")
        note = Annotation(text, now_utc())
        self.annotations.setdefault(int(turn), []).append(note)
        self.dirty = True
        return note

    def __repr__(self) -> str:
        return f"<GameRecord {self.game_id} {self.rules.id} seed {self.seed} turn {self.turn}>"


def fork(record: GameRecord, turn: int, player: str | None = None) -> GameRecord:
    """A new game replaying `record`'s decisions up to the start of `turn` ("what if we had abstained?")."""
    turn = int(turn)
    last = record.state.turn
    if not 1 <= turn <= last:
        raise ValueError(f"cannot fork at turn {turn}: this game has turns 1..{last}")
    if not record.verified:
        raise ValueError("cannot fork a game whose log does not replay")
    src = ForkOf(
        game_id=record.game_id,
        payload_sha256=record.payload_sha256,
        file=record.path.name if record.path is not None else None,
        turn=turn,
    )
    new = GameRecord.replay(
        record.resolved, record.seed, record.decisions_before(turn),
        upto_turn=turn, player=player if player is not None else record.player, fork_of=src,
        classroom=record.classroom,
    )
    new.dirty = True
    return new
