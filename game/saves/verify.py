"""Re-simulate a save's decision log against its embedded content and check it turn by turn.

Hashes alone say *that* a replay differs; the events say *where and how*: every draw pick and roll is in
the log (OpenSpiel-style), so a turn is checked on its decisions, its events (chance results included),
its meters and its state hash, and the first difference is described in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import game
from game.engine.explain import event_summary
from game.model.events import ChanceRolled
from game.model.report import JsonReport
from game.saves.codec import SaveData
from game.saves.record import GameRecord, ReplayFailed, decision_from_json


@dataclass
class VerifyReport(JsonReport):
    ok: bool
    turns_checked: int
    first_divergence: int | None
    message: str
    details: list[str] = field(default_factory=list)  # every turn that differs, one line each (capped)
    path: Path | None = None


def _first_event_difference(saved: list, replayed: list) -> str:
    for i, (s, r) in enumerate(zip(saved, replayed)):
        if s != r:
            if type(s) is type(r) is ChanceRolled and s.label == r.label:
                return f"chance “{s.label}” rolled {s.roll} in the save, {r.roll} on replay"
            return f"event {i + 1} is {event_summary(s)} in the save, {event_summary(r)} on replay"
    if len(saved) != len(replayed):
        return f"{len(saved)} events in the save, {len(replayed)} on replay"
    return ""


HASH_ONLY = "the state hash differs"


def compare_turn(saved, replayed) -> str:
    """'' when the turns agree, else the first difference in words. `saved` is a TurnEntry (the file's),
    `replayed` a TurnLog."""
    if [tuple(x) for x in saved.decisions] != [tuple(x) for x in replayed.decisions]:
        return "the decisions differ from the log"
    diff = _first_event_difference(saved.events, replayed.events)
    if diff:
        return diff
    if dict(saved.meters) != replayed.meters:
        moved = [f"{k} {saved.meters.get(k)} in the save, {replayed.meters.get(k)} on replay"
                 for k in sorted(set(saved.meters) | set(replayed.meters))
                 if saved.meters.get(k) != replayed.meters.get(k)]
        return "meters differ: " + "; ".join(moved)
    if saved.state_hash != replayed.state_hash:
        return HASH_ONLY + (" (same events and meters: the content or the engine is not the one the game "
                            "was played with)")
    return ""


MAX_DETAILS = 20


def check(data: SaveData) -> tuple[VerifyReport, GameRecord]:
    """Replay `data`'s log; the report and the rebuilt (possibly partial) record."""
    m = data.model
    decisions = [decision_from_json(x) for x in m.decisions]
    details: list[str] = []
    failed_turn = None
    try:
        rec = GameRecord.replay(data.resolved, m.seed, decisions, player=m.player, game_id=m.game_id,
                                created=m.created, updated=m.updated)
    except ReplayFailed as exc:
        rec = exc.partial
        failed_turn = exc.turn
        failure = f"turn {exc.turn}: {exc}"
    # the turn logs must be the log, split by turn
    flat = [list(x) for t in m.turns for x in t.decisions]
    if flat != [list(x) for x in m.decisions[: len(flat)]]:
        details.append("the per-turn decisions do not match the decision log")
    checked = 0
    first = None
    first_play = None  # first turn whose decisions, events or meters differ (not only the hash)
    for saved, replayed in zip(m.turns, rec.turns):
        diff = compare_turn(saved, replayed) if saved.turn == replayed.turn else (
            f"turn numbers differ ({saved.turn} in the save, {replayed.turn} on replay)")
        checked += 1
        if diff:
            if first is None:
                first = saved.turn
            if first_play is None and not diff.startswith(HASH_ONLY):
                first_play = (saved.turn, diff)
            if len(details) < MAX_DETAILS:
                details.append(f"turn {saved.turn}: {diff}")
    if failed_turn is not None:
        details.append(failure)
        if first is None:
            first = failed_turn
    elif len(m.turns) != len(rec.turns):
        t = min(len(m.turns), len(rec.turns)) + 1
        details.append(f"the save records {len(m.turns)} completed turns, the replay {len(rec.turns)}")
        if first is None:
            first = t
    elif first is None:
        cur = m.current
        if (cur.state_hash != rec.state_hash or cur.turn != rec.state.turn or cur.over != rec.state.over):
            first = rec.state.turn
            details.append(f"turn {rec.state.turn}: the state when saved differs from the replay "
                           "(decisions of the turn in progress)")
    if first is None and not details:
        n = len(m.turns)
        status = "over" if m.current.over else f"in turn {m.current.turn}"
        return VerifyReport(True, checked, None,
                            f"OK: {len(decisions)} decisions replayed, {n} turns match (game {status})",
                            [], data.path), rec
    if first is None:
        first = 1
    head = details[0] if details else f"turn {first} differs"
    message = f"diverges at turn {first}: {head.split(': ', 1)[-1]}"
    if first_play is not None and first_play[0] != first:
        message += f"; the play itself first differs at turn {first_play[0]}: {first_play[1]}"
    if m.engine_version != game.__version__:
        message += (f" (the save was written by version {m.engine_version} of the game, this is "
                    f"{game.__version__}: the rules may have changed since)")
    return VerifyReport(False, checked, first, message, details, data.path), rec


def verify_record(record: GameRecord) -> VerifyReport:
    """Check an in-memory record: replay its log on its content and compare every turn."""
    from game.saves.codec import parse_save, dumps, record_to_dict

    data = parse_save(dumps(record_to_dict(record)), record.path)
    return check(data)[0]


def describe(report: VerifyReport) -> str:
    lines = [report.message]
    lines += [f"  {d}" for d in report.details[1:]]
    return "\n".join(lines)


__all__ = ["VerifyReport", "check", "verify_record", "describe"]
