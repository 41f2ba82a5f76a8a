"""Plain-text explanations of events: what changed, and why. Used by the TUI, the debrief and the CLI
(one place for every sentence that says what caused what). Pure: no Rich, no Textual, no I/O."""

from __future__ import annotations

from functools import lru_cache

from game.engine.rules import (
    CHANCE, DECISION, DELAYED, DRAW, ENDING, FLAG, FOLLOW_UP, METER, PLACE, REACT, SCHEDULED, TURN, Rules,
)
from game.engine.state import Event


class Names:
    """Display names for the ids of one scenario."""

    def __init__(self, rules: Rules):
        sc = rules.scenario
        self.rules = rules
        self.meters = {m.id: m.name for m in sc.meters}
        self.cards = {c.id: c.title for c in sc.cards}
        self.options = {(c.id, o.id): o.label for c in sc.cards for o in c.options}
        self.actors = {a.id: a.name for a in sc.actors}
        self.places = {p.id: p.name for p in sc.places}
        self.endings = {e.id: e.title for e in sc.endings}

    def actor(self, aid: str) -> str:
        return self.actors.get(aid, aid)


@lru_cache(maxsize=16)
def names(rules: Rules) -> Names:
    return Names(rules)


def cause_text(rules: Rules, cause: tuple) -> str:
    """'Veto the draft (UNSC vote)', 'delayed: Western pressure, from ...', 'chance 30%: rolled 17, success'."""
    n = names(rules)
    kind = cause[0]
    if kind == "card":
        return f"card “{n.cards.get(cause[1], cause[1])}”"
    if kind == "option":
        return f"your choice “{n.options.get((cause[1], cause[2]), cause[2])}” on “{n.cards.get(cause[1], cause[1])}”"
    if kind == "chance":
        _, parent, label, odds, roll, success = cause
        what = f" for {label}" if label else ""
        verdict = "success" if success else "failure"
        return f"chance{what} {odds}%: rolled {roll}, {verdict} — after {cause_text(rules, parent)}"
    if kind == "delayed":
        _, parent, label, scheduled = cause
        what = f" “{label}”" if label else ""
        return f"delayed effect{what} set in turn {scheduled} by {cause_text(rules, parent)}"
    if kind == "react":
        _, parent, actor = cause
        return f"{n.actor(actor)} reacting to {cause_text(rules, parent)}"
    if kind == "draw":
        return {"fixed": "scheduled event", "follow_up": "follow-up", "random": "random draw"}.get(cause[1], "draw")
    if kind == "turn":
        return "turn sequence"
    if kind == "ending":
        return "end-of-turn check"
    return " / ".join(str(c) for c in cause)


def event_text(rules: Rules, e: Event) -> str | None:
    """One line for an event, or None for bookkeeping events not worth a line of their own."""
    n = names(rules)
    k = e.kind
    if k == METER:
        delta = e.b - e.a
        sign = "+" if delta >= 0 else ""
        clamp = "" if delta else " (already at its limit)"
        return f"{n.meters.get(e.subject, e.subject)} {sign}{delta} ({e.a} → {e.b}){clamp}: {cause_text(rules, e.cause)}"
    if k == FLAG:
        verb = "now true" if e.b else "no longer true"
        return f"“{e.subject}” {verb}: {cause_text(rules, e.cause)}"
    if k == PLACE:
        (h0, f0), (h1, f1) = e.a, e.b
        bits = []
        if h0 != h1:
            bits.append(f"passes from {n.actor(h0)} to {n.actor(h1)}")
        if f0 != f1:
            bits.append("fighting breaks out" if f1 else "fighting dies down")
        if not bits:
            return None
        return f"{n.places.get(e.subject, e.subject)}: {', '.join(bits)} — {cause_text(rules, e.cause)}"
    if k == CHANCE:
        what = f" for {e.subject}" if e.subject else ""
        verdict = "success" if e.b <= e.a else "failure"
        return f"Chance{what}: {e.a}% odds, rolled {e.b} — {verdict} ({cause_text(rules, e.cause)})"
    if k == SCHEDULED:
        label = rules.delayed[e.subject][0]
        what = f"“{label}”" if label else "a delayed effect"
        return f"Set in motion: {what}, due at the end of turn {e.b} ({cause_text(rules, e.cause)})"
    if k == DELAYED:
        what = f"“{e.b}”" if e.b else "a delayed effect"
        return f"Now comes {what}, set in turn {e.a} by {cause_text(rules, e.cause)}"
    if k == FOLLOW_UP:
        when = "later this turn" if e.b == e.a else f"in turn {e.b}"
        return f"Follow-up “{n.cards.get(e.subject, e.subject)}” {when} ({cause_text(rules, e.cause)})"
    if k == REACT:
        return f"{n.actor(e.subject)}: {e.a}"
    if k == DRAW:
        how = {"fixed": "On the calendar", "follow_up": "Follow-up", "random": "Event"}.get(e.a, "Event")
        return f"{how}: “{n.cards.get(e.subject, e.subject)}”"
    if k == DECISION:
        if e.subject is None:
            return None
        if e.a is None:
            return f"Noted: “{n.cards.get(e.subject, e.subject)}”"
        return f"Decision on “{n.cards.get(e.subject, e.subject)}”: {n.options.get((e.subject, e.a), e.a)}"
    if k == ENDING:
        return f"Ending: {n.endings.get(e.subject, e.subject)}"
    if k == TURN:
        return None
    return None
