"""Plain-text explanations of events: what changed, and why. Used by the TUI, the debrief and the CLI
(one place for every sentence that says what caused what). Pure: no Rich, no Textual, no I/O."""

from __future__ import annotations

from typing import NamedTuple

from game.engine.rules import (
    CHANCE, DECISION, DELAYED, DRAW, ENDING, FLAG, FOLLOW_UP, METER, PLACE, REACT, SCHEDULED, TURN, Rules,
)
from game.engine.state import Event
from game.engine.vocabulary import kind


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


_NAMES: dict[int, tuple[Rules, Names]] = {}


def names(rules: Rules) -> Names:
    # Keyed by identity: Rules is a mutable dataclass (unhashable); the entry holds the rules alive,
    # so the id cannot be reused while it is cached.
    hit = _NAMES.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    if len(_NAMES) >= 16:
        _NAMES.clear()
    n = Names(rules)
    _NAMES[id(rules)] = (rules, n)
    return n


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


# --------------------------------------------------------------------------- option summaries


class Part(NamedTuple):
    """One piece of an option's summary: its text and its tone for the player (good, bad, neutral,
    chance or later), so that a UI can colour it without knowing the rules."""

    text: str
    tone: str


def meter_tone(rules: Rules, mid: str, delta: int) -> str:
    """'good', 'bad' or 'neutral' for Moscow: a change of `delta` to meter `mid`, per the meter's `good`."""
    good = next((mt.good for mt in rules.scenario.meters if mt.id == mid), "neutral")
    if delta == 0 or good == "neutral":
        return "neutral"
    return "good" if (delta > 0) == (good == "high") else "bad"


def condition_text(rules: Rules, c) -> str:
    """A content condition in words: 'Cost ≥ 45', 'Haftar (LNA) holds Tripoli', 'not (fighting at Sirte)'."""
    return _Words(rules).condition(c)


def _effect_parts(rules: Rules, effects) -> list[Part]:
    return _Words(rules).parts(effects)


class _Words:
    """What a kind needs to put itself into words (game.engine.vocabulary): the rules, their names, and the
    words for nested conditions and effects."""

    __slots__ = ("rules", "names")

    def __init__(self, rules: Rules):
        self.rules = rules
        self.names = names(rules)

    def condition(self, c) -> str:
        return kind(c).words(c, self)

    def parts(self, effects) -> list[Part]:
        out: list[Part] = []
        for e in effects:
            part = kind(e).words(e, self)
            if part is not None:
                out.append(Part(*part))
        return out

    def effects(self, effects) -> str:
        return _joined(self.parts(effects))

    def tone(self, mid: str, delta: int) -> str:
        return meter_tone(self.rules, mid, delta)


def _joined(parts: list[Part]) -> str:
    return ", ".join(p.text for p in parts)


def option_summary(rules: Rules, card_id: str, option_id: str) -> tuple[Part, ...]:
    """What an option does, as the content states it: meter deltas, odds of chance effects, delays,
    follow-ups and reactions, e.g. (Part("Leverage +10", "good"), Part("in 2 turns: Cost +5", "later"))."""
    card = next(c for c in rules.scenario.cards if c.id == card_id)
    option = next(o for o in card.options if o.id == option_id)
    return tuple(_effect_parts(rules, option.effects))
