"""Helpers shared by the saves and debrief tests (no tests here): a small scenario with facts and sources,
games played through GameRecord, and file surgery that keeps a save's hashes consistent."""

from __future__ import annotations

import json
from pathlib import Path

from factories import scenario_dict

from game.engine.policies import POLICIES, policy_rng
from game.saves import GameRecord
from game.saves.codec import PAYLOAD_KEY, payload_hash
from game.saves.content_link import resolved_from_scenario

DATA = Path(__file__).parent / "data" / "saves"


def scenario(**overrides) -> dict:
    d = scenario_dict(**overrides)
    d.setdefault("facts", [
        {"id": "unsc-2019-04-08", "date": "2019-04-08", "actors": ["Russia"], "source": "doc000", "paragraph": 2,
         "summary": "Russia blocks a UNSC statement calling on Haftar's forces to halt."},
    ])
    for card in d["cards"]:
        if card["id"] == "vote":
            card.setdefault("facts", ["unsc-2019-04-08"])
        if card["id"] == "arms":
            card.setdefault("history", "The documents do not record a decision like this one.")
    return d


def content(**overrides):
    """Resolved content (game.content's Resolved) for the test scenario."""
    from game.model.content import Source

    return resolved_from_scenario(
        scenario(**overrides),
        sources={"doc000": Source(id="doc000", title="Document 000: the Tripoli offensive")},
    )


def play(resolved=None, seed: int = 1, policy: str = "random", upto_turn: int | None = None,
         player: str | None = "Test player") -> GameRecord:
    """A game played through GameRecord with a bot, to the end or to the start of `upto_turn`."""
    resolved = resolved or content()
    rec = GameRecord.start(resolved, seed, player=player)
    pol, prng = POLICIES[policy], policy_rng(seed)
    while not rec.over and (upto_turn is None or rec.turn < upto_turn):
        rec.apply(pol(rec.state, rec.legal_decisions(), prng))
    return rec


def read(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def rewrite(path, d: dict, rehash: bool = True) -> None:
    """Write a save back after editing it, with a fresh payload hash (a 'careful' tamperer)."""
    if rehash:
        d[PAYLOAD_KEY] = payload_hash(d)
    Path(path).write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")


def raw_event(e) -> tuple:
    """The engine's positional tuple of an event record (what format 2 saves stored): the exact inverse of
    game.model.events.decode, for the tests that prove it loses nothing and for the format-2 fixtures."""
    from game.model import events as ev

    match e:
        case ev.TurnStarted():
            return (e.turn, "turn", "start", e.date, None, ("turn",))
        case ev.TurnEnded():
            return (e.turn, "turn", "end", e.date, None, ("turn",))
        case ev.CardDrawn():
            return (e.turn, "draw", e.card, e.how, e.roll, ("draw", e.how))
        case ev.DecisionMade():
            return (e.turn, "decision", e.card, e.option, None, ("card", e.card) if e.card is not None else ("turn",))
        case ev.MeterChanged():
            subject = e.meter if e.requested is None else (e.meter, e.requested)
            return (e.turn, "meter", subject, e.before, e.after, raw_cause(e.cause))
        case ev.FlagChanged():
            return (e.turn, "flag", e.flag, e.before, e.after, raw_cause(e.cause))
        case ev.PlaceChanged():
            return (e.turn, "place", e.place, (e.holder_before, e.contested_before),
                    (e.holder_after, e.contested_after), raw_cause(e.cause))
        case ev.ChanceRolled():
            return (e.turn, "chance", e.label, e.odds, e.roll, raw_cause(e.cause))
        case ev.DelayedScheduled():
            return (e.turn, "scheduled", e.key, e.turn, e.due, raw_cause(e.cause))
        case ev.DelayedDue():
            return (e.turn, "delayed", e.key, e.scheduled, e.label, raw_cause(e.cause))
        case ev.FollowUpQueued():
            return (e.turn, "follow_up", e.card, e.turn, e.due, raw_cause(e.cause))
        case ev.ActorReacted():
            return (e.turn, "react", e.actor, e.text, None, raw_cause(e.cause))
        case ev.EndingReached():
            return (e.turn, "ending", e.ending, None, None, raw_cause(e.cause))
        case ev.ThresholdCrossed():
            return (e.turn, "threshold", (e.threshold, e.meter), e.before, e.after, raw_cause(e.cause))
        case ev.MemoryChanged():
            return (e.turn, "memory", (e.actor, e.what), e.before, e.after, raw_cause(e.cause))
        case ev.RecurringEnded():
            return (e.turn, "recurring_end", e.key, e.scheduled, e.label, raw_cause(e.cause))
    raise TypeError(e)


def raw_cause(c) -> tuple:
    from game.model import events as ev

    match c:
        case ev.CardCause():
            return ("card", c.card)
        case ev.OptionCause():
            return ("option", c.card, c.option)
        case ev.ChanceCause():
            return ("chance", raw_cause(c.parent), c.label, c.odds, c.roll, c.success)
        case ev.DelayedCause():
            return ("delayed", raw_cause(c.parent), c.label, c.scheduled)
        case ev.ReactionCause():
            return ("react", raw_cause(c.parent), c.actor)
        case ev.CostCause():
            return ("cost", c.card, c.option, c.surcharges)
        case ev.DriftCause():
            return ("drift", c.meter)
        case ev.ThresholdCause():
            return ("threshold", raw_cause(c.parent), c.threshold)
        case ev.EndOfTurnCheck():
            return ("ending",)
    raise TypeError(c)


def as_lists(x):
    """Tuples as lists, all the way down (JSON's view of the engine's tuples)."""
    return [as_lists(v) for v in x] if isinstance(x, (tuple, list)) else x
