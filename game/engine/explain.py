"""Plain-text explanations of events: what changed, and why. Used by the TUI, the debrief and the CLI
(one place for every sentence that says what caused what). Pure: no Rich, no Textual, no I/O."""

from __future__ import annotations

import copy
from functools import singledispatch
from typing import NamedTuple

from game.engine.core import legal, shown_choices
from game.engine.rules import Rules
from game.engine.state import Decision
from game.model.content import DISPLAY_SETTINGS
from game.model.events import (
    ActorReacted, CardCause, CardDrawn, ChanceCause, ChanceRolled, CostCause, DecisionMade, DelayedCause, DelayedDue,
    DelayedScheduled, DriftCause, EndingReached, EndOfTurnCheck, Event, FlagChanged, FollowUpQueued, MemoryChanged,
    MeterChanged, OptionCause, PlaceChanged, ReactionCause, RecurringEnded, ThresholdCause, ThresholdCrossed,
    TurnEnded, TurnStarted,
)
from game.engine.vocabulary import deed, kind


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
        self.meter_models = {m.id: m for m in sc.meters}
        self.option_models = {(c.id, o.id): o for c in sc.cards for o in c.options}
        self.thresholds = {t.id: t for t in sc.thresholds or ()}

    def actor(self, aid: str) -> str:
        return self.actors.get(aid, aid)

    def reactor(self, threshold_id: str) -> str:
        """Who reacts at a threshold: its actor, or 'The situation' when it names none."""
        t = self.thresholds.get(threshold_id)
        return self.actor(t.actor) if t is not None and t.actor else "The situation"


def signed(n: float) -> str:
    """'+6', '−6' (the minus sign, not a hyphen), '+0'; 2.5 -> '+2.5'."""
    return f"+{n:g}" if n >= 0 else f"−{-n:g}"


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


def cause_text(rules: Rules, cause) -> str:
    """'your choice “Veto the draft” on “UNSC vote”', 'delayed effect “Western pressure” set in turn 2
    by ...', 'chance 30%: rolled 17, success — after ...'."""
    return _cause_sentence(cause, rules, names(rules))


@singledispatch
def _cause_sentence(cause, rules: Rules, n: Names) -> str:
    raise TypeError(f"no sentence for the cause {cause!r}")


@_cause_sentence.register
def _(cause: CardCause, rules: Rules, n: Names) -> str:
    return f"card “{n.cards.get(cause.card, cause.card)}”"


@_cause_sentence.register
def _(cause: OptionCause, rules: Rules, n: Names) -> str:
    label = n.options.get((cause.card, cause.option), cause.option)
    return f"your choice “{label}” on “{n.cards.get(cause.card, cause.card)}”"


@_cause_sentence.register
def _(cause: ChanceCause, rules: Rules, n: Names) -> str:
    what = f" for {cause.label}" if cause.label else ""
    verdict = "success" if cause.success else "failure"
    return f"chance{what} {cause.odds}%: rolled {cause.roll}, {verdict} — after {cause_text(rules, cause.parent)}"


@_cause_sentence.register
def _(cause: DelayedCause, rules: Rules, n: Names) -> str:
    what = f" “{cause.label}”" if cause.label else ""
    return f"delayed effect{what} set in turn {cause.scheduled} by {cause_text(rules, cause.parent)}"


@_cause_sentence.register
def _(cause: ReactionCause, rules: Rules, n: Names) -> str:
    return f"{n.actor(cause.actor)} reacting to {cause_text(rules, cause.parent)}"


@_cause_sentence.register
def _(cause: CostCause, rules: Rules, n: Names) -> str:
    label = n.options.get((cause.card, cause.option), cause.option)
    extra = "".join(f", {signed(add)} {why}" for add, why in cause.surcharges)
    return f"cost of “{label}”{extra}"


@_cause_sentence.register
def _(cause: DriftCause, rules: Rules, n: Names) -> str:
    mt = n.meter_models.get(cause.meter)
    drift = mt.drift if mt is not None else None
    if drift is None:
        return "drift at the end of the turn"
    return drift.why or f"drifts toward {drift.toward} each turn"


@_cause_sentence.register
def _(cause: ThresholdCause, rules: Rules, n: Names) -> str:
    t = n.thresholds.get(cause.threshold)
    if t is None:
        return f"{n.reactor(cause.threshold)} reacting"
    return f"{n.reactor(cause.threshold)} reacting to {n.meters.get(t.meter, t.meter)} crossing {t.line}"


@_cause_sentence.register
def _(cause: EndOfTurnCheck, rules: Rules, n: Names) -> str:
    return "end-of-turn check"


HOW_DRAWN = {"fixed": "On the calendar", "follow_up": "Follow-up", "random": "Event"}


def event_text(rules: Rules, e: Event) -> str | None:
    """One line for an event, or None for bookkeeping events not worth a line of their own."""
    return _event_sentence(e, rules, names(rules))


@singledispatch
def _event_sentence(e, rules: Rules, n: Names) -> str | None:
    raise TypeError(f"no sentence for the event {e!r}")


@_event_sentence.register
def _(e: MeterChanged, rules: Rules, n: Names) -> str | None:
    delta = e.after - e.before
    if e.requested is not None:  # diminishing returns cut it: say what was asked, what landed, and why
        return (f"{n.meters.get(e.meter, e.meter)} {signed(e.requested)}, {signed(delta)} applied "
                f"({e.before} → {e.after}): {_diminished(n, e)} — {cause_text(rules, e.cause)}")
    clamp = "" if delta else " (already at its limit)"
    return (f"{n.meters.get(e.meter, e.meter)} {signed(delta)} ({e.before} → {e.after}){clamp}: "
            f"{cause_text(rules, e.cause)}")


def _diminished(n: Names, e: MeterChanged) -> str:
    mt = n.meter_models.get(e.meter)
    soft = mt.soft if mt is not None else None
    if soft is not None and e.requested > 0 and soft.above is not None:
        return f"diminishing returns above {soft.above}"
    if soft is not None and e.requested < 0 and soft.below is not None:
        return f"diminishing returns below {soft.below}"
    return "diminishing returns"


@_event_sentence.register
def _(e: ThresholdCrossed, rules: Rules, n: Names) -> str | None:
    t = n.thresholds.get(e.threshold)
    meter = n.meters.get(e.meter, e.meter)
    line = t.line if t is not None else (e.after if e.after > e.before else e.before)
    text = f" {t.text.strip()}" if t is not None else ""
    return f"{n.reactor(e.threshold)} reacts: {meter} crossed {line} — after {cause_text(rules, e.cause)}.{text}"


@_event_sentence.register
def _(e: MemoryChanged, rules: Rules, n: Names) -> str | None:
    who = n.actor(e.actor)
    if e.after >= e.before:
        return f"{who} will remember this: {deed(e.what)} ×{e.after}"
    return f"{who} lets some of it go: {deed(e.what)} ×{e.after}"


@_event_sentence.register
def _(e: RecurringEnded, rules: Rules, n: Names) -> str | None:
    what = f"“{e.label}”" if e.label else "A recurring effect"
    return f"{what} stops: what kept it going no longer holds (set in turn {e.scheduled})"


@_event_sentence.register
def _(e: FlagChanged, rules: Rules, n: Names) -> str | None:
    verb = "now true" if e.after else "no longer true"
    return f"“{e.flag}” {verb}: {cause_text(rules, e.cause)}"


@_event_sentence.register
def _(e: PlaceChanged, rules: Rules, n: Names) -> str | None:
    bits = []
    if e.holder_before != e.holder_after:
        bits.append(f"passes from {n.actor(e.holder_before)} to {n.actor(e.holder_after)}")
    if e.contested_before != e.contested_after:
        bits.append("fighting breaks out" if e.contested_after else "fighting dies down")
    if not bits:
        return None
    return f"{n.places.get(e.place, e.place)}: {', '.join(bits)} — {cause_text(rules, e.cause)}"


@_event_sentence.register
def _(e: ChanceRolled, rules: Rules, n: Names) -> str | None:
    what = f" for {e.label}" if e.label else ""
    verdict = "success" if e.success else "failure"
    return f"Chance{what}: {e.odds}% odds, rolled {e.roll} — {verdict} ({cause_text(rules, e.cause)})"


@_event_sentence.register
def _(e: DelayedScheduled, rules: Rules, n: Names) -> str | None:
    label = rules.delayed[e.key][0]
    recurring = rules.recurring.get(e.key)
    if recurring is not None:
        what = f"“{label}”" if label else "a recurring effect"
        every = "every turn" if recurring[1] == 1 else f"every {recurring[1]} turns"
        return (f"Set in motion: {what}, {every} from the end of turn {e.due} for as long as it lasts "
                f"({cause_text(rules, e.cause)})")
    what = f"“{label}”" if label else "a delayed effect"
    return f"Set in motion: {what}, due at the end of turn {e.due} ({cause_text(rules, e.cause)})"


@_event_sentence.register
def _(e: DelayedDue, rules: Rules, n: Names) -> str | None:
    what = f"“{e.label}”" if e.label else "a delayed effect"
    return f"Now comes {what}, set in turn {e.scheduled} by {cause_text(rules, e.cause)}"


@_event_sentence.register
def _(e: FollowUpQueued, rules: Rules, n: Names) -> str | None:
    when = "later this turn" if e.due == e.turn else f"in turn {e.due}"
    return f"Follow-up “{n.cards.get(e.card, e.card)}” {when} ({cause_text(rules, e.cause)})"


@_event_sentence.register
def _(e: ActorReacted, rules: Rules, n: Names) -> str | None:
    return f"{n.actor(e.actor)}: {e.text}"


@_event_sentence.register
def _(e: CardDrawn, rules: Rules, n: Names) -> str | None:
    return f"{HOW_DRAWN.get(e.how, 'Event')}: “{n.cards.get(e.card, e.card)}”"


@_event_sentence.register
def _(e: DecisionMade, rules: Rules, n: Names) -> str | None:
    if e.card is None:
        return None
    if e.option is None:
        return f"Noted: “{n.cards.get(e.card, e.card)}”"
    return f"Decision on “{n.cards.get(e.card, e.card)}”: {n.options.get((e.card, e.option), e.option)}"


@_event_sentence.register
def _(e: EndingReached, rules: Rules, n: Names) -> str | None:
    return f"Ending: {n.endings.get(e.ending, e.ending)}"


@_event_sentence.register(TurnStarted)
@_event_sentence.register(TurnEnded)
def _(e, rules: Rules, n: Names) -> str | None:
    return None


def event_summary(e: Event) -> str:
    """A short description of an event by its ids alone, without the content's names (for comparing a
    replay with a save, or an event today's rules cannot word): 'meter cost 10 → 17'."""
    match e:
        case ChanceRolled():
            return f"chance “{e.label}” at {e.odds}% rolled {e.roll}"
        case CardDrawn():
            pick = f" (pick {e.roll})" if e.roll is not None else ""
            return f"{e.how} draw of “{e.card}”{pick}"
        case MeterChanged():
            return f"meter {e.meter} {e.before} → {e.after}"
        case DecisionMade():
            return f"decision on {e.card}: {e.option}"
        case EndingReached():
            return f"ending {e.ending}"
        case FlagChanged():
            return f"flag {e.flag} {e.before} → {e.after}"
        case PlaceChanged():
            return (f"place {e.place} {e.holder_before}{' (contested)' * e.contested_before} → "
                    f"{e.holder_after}{' (contested)' * e.contested_after}")
        case DelayedScheduled():
            return f"delayed effect {e.key} scheduled for turn {e.due}"
        case DelayedDue():
            return f"delayed effect {e.key} “{e.label}” from turn {e.scheduled}"
        case FollowUpQueued():
            return f"follow-up {e.card} for turn {e.due}"
        case ActorReacted():
            return f"reaction of {e.actor}"
        case ThresholdCrossed():
            return f"threshold {e.threshold} on {e.meter} ({e.before} → {e.after})"
        case MemoryChanged():
            return f"memory {e.actor}:{e.what} {e.before} → {e.after}"
        case RecurringEnded():
            return f"recurring effect {e.key} “{e.label}” from turn {e.scheduled} stops"
        case TurnStarted():
            return f"start of turn {e.turn}"
        case TurnEnded():
            return f"end of turn {e.turn}"
    raise TypeError(f"not an event: {e!r}")


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


# The estimate of a change: its size as a share of the meter's range (of 0-100: points), in bands of
# 1-3 (▲), 4-7 (▲▲) and 8 or more (▲▲▲); ▼ for falls.
ESTIMATE_BANDS = (3, 7)


def estimate(delta: int, span: int) -> str:
    """'▲', '▲▲', '▲▲▲' (or ▼...) for a change of `delta` on a meter whose range spans `span` points."""
    if not delta:
        return "±0"
    share = abs(delta) * 100 / max(1, span)
    size = 1 + sum(share > band for band in ESTIMATE_BANDS)
    return ("▲" if delta > 0 else "▼") * size


class _Words:
    """What a kind needs to put itself into words (game.engine.vocabulary): the rules, their names, the words
    for nested conditions and effects, and whether numbers are shown (`exact`) or estimated."""

    __slots__ = ("rules", "names", "exact")

    def __init__(self, rules: Rules, exact: bool = True, short: bool = False):
        self.rules = rules
        self.names = names(rules)
        if short:  # the same names, but the meters' short ones (an option's one line on a narrow screen)
            self.names = copy.copy(self.names)
            self.names.meters = dict(_short_names(rules))
        self.exact = exact

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

    def change(self, mid: str, delta: int) -> str:
        if self.exact:
            return signed(delta)
        mr = self.rules.meters.get(mid)
        return estimate(delta, mr.hi - mr.lo if mr is not None else 100)

    def mood(self, effects) -> str:
        # the tones of the parts, in exact words (an estimate's parts carry the same tones)
        tones = [p.tone for p in _Words(self.rules).parts(effects)]
        good, bad = tones.count("good"), tones.count("bad")
        return "good" if good > bad else "bad" if bad > good else "neutral"


def _joined(parts: list[Part]) -> str:
    return ", ".join(p.text for p in parts)


def _option_model(rules: Rules, card_id: str, option_id: str):
    return names(rules).option_models[(card_id, option_id)]


def option_summary(rules: Rules, card_id: str, option_id: str) -> tuple[Part, ...]:
    """What an option does, as the content states it: meter deltas, odds of chance effects, delays,
    follow-ups and reactions, e.g. (Part("Leverage +10", "good"), Part("in 2 turns: Cost +5", "later"))."""
    return tuple(_effect_parts(rules, _option_model(rules, card_id, option_id).effects))


def cost_text(rules: Rules, cost: int) -> str:
    """'costs 4 Political capital' (the budget meter's name)."""
    budget = names(rules).meters.get(rules.budget or "", rules.budget or "budget")
    return f"costs {cost} {budget}"


def option_view(rules: Rules, card_id: str, option_id: str, display: str | None = None,
                view=None, short: bool = False) -> tuple[Part, ...]:
    """What the player sees of an option before choosing it, under a display setting: the scenario's own
    (`rules.display`) unless `display` overrides it (a class pack, the TUI). The one place the setting acts:

    exact      the cost, then the numbers as the content states them (option_summary)
    estimates  the cost, then direction and rough size per meter ('Bargaining ▲▲', bands: ESTIMATE_BANDS),
               reactions as 'may provoke Washington' / 'Cairo will approve', delays as 'later: ...', chance
               with its odds ('55% chance: ...')
    hidden     the cost only (the option's advisers, which the UI shows in every setting, are all the rest)

    The cost is always exact, in tone "cost": with a state (`view`), the total that applies now, surcharges
    included; without one, the option's cost, and 'more if ...' for each surcharge. The log always shows
    exact results, whatever the setting. `short`: the meters' short names, for the option's one line."""
    display = display or rules.display
    if display not in DISPLAY_SETTINGS:
        raise ValueError(f"unknown display setting {display!r}: one of {', '.join(DISPLAY_SETTINGS)}")
    option = _option_model(rules, card_id, option_id)
    parts: list[Part] = []
    if rules.budget is not None and (option.cost or option.surcharge):
        if view is not None:
            cost = rules.cards[card_id].by_option[option_id].cost_now(view)
            if cost:
                parts.append(Part(cost_text(rules, cost), "cost"))
        else:
            if option.cost:
                parts.append(Part(cost_text(rules, option.cost), "cost"))
            w = _Words(rules)
            for x in option.surcharge or ():
                more = f"{'more' if x.add > 0 else 'less'} ({signed(x.add)}) if {w.condition(x.when)}: {x.why}"
                parts.append(Part(more, "cost"))
    if display != "hidden":
        parts += _Words(rules, exact=display == "exact", short=short).parts(option.effects)
    return tuple(parts)


class Offer(NamedTuple):
    """One option of the card at the head of the turn, as offered to the player (see `offered`)."""

    decision: Decision  # what to apply to take it
    option: str  # its id
    label: str
    cost: int  # what it costs now, surcharges included (0: free, or the scenario has no budget)
    available: bool  # it can be taken now
    reason: str  # why not, in words ('' when available): 'needs 6 Capital, you have 4', or its condition
    parts: tuple[Part, ...]  # what it shows under the display setting (option_view)


def offered(state, display: str | None = None) -> tuple[Offer, ...]:
    """Every option of the decision card at the head of the turn, in the order the player sees them (the
    order of `legal_decisions`, fixed by the game's seed and the card), each with its cost now, whether it
    can be taken and, if not, why; () when no decision card is waiting. An option too dear for the budget,
    or whose `when` does not hold, is offered but not available."""
    if state.over or not state.pending:
        return ()
    rules = state.rules
    card = rules.cards[state.pending[0]]
    if not card.options:
        return ()
    open_now = set(legal(state))
    budget = rules.budget
    out = []
    for decision, _legality in shown_choices(state, card):
        o = card.by_option[decision.option]
        cost = o.cost_now(state) if budget is not None and o.costly else 0
        reason = ""
        if decision not in open_now:
            if o.cond is not None and not o.cond(state):
                option = _option_model(rules, card.id, o.id)
                reason = condition_text(rules, option.when)
            elif cost > state.meters[budget]:
                name = names(rules).meters.get(budget, budget)
                reason = f"needs {cost} {name}, you have {state.meters[budget]}"
        out.append(Offer(decision, o.id, o.label, cost, decision in open_now, reason,
                         option_view(rules, card.id, o.id, display, state)))
    return tuple(out)


# --------------------------------------------------------------------------- the log: one line per cause


def meter_short(rules: Rules, mid: str) -> str:
    """A meter's short name (the content's `short`, else its name): 'Bargaining', 'Tripoli channel'."""
    return _short_names(rules).get(mid, mid)


_SHORT: dict[int, tuple[Rules, dict[str, str]]] = {}


def _short_names(rules: Rules) -> dict[str, str]:
    hit = _SHORT.get(id(rules))  # keyed by identity, held alive by the entry (as `names`)
    if hit is None or hit[0] is not rules:
        if len(_SHORT) >= 16:
            _SHORT.clear()
        hit = _SHORT[id(rules)] = (rules, {m.id: getattr(m, "short", None) or m.name for m in rules.scenario.meters})
    return hit[1]


class LogLine(NamedTuple):
    """One line of the log: a cause (`head`) and what it changed (`parts`, each with its tone for Moscow),
    e.g. head 'Your choice “Keep it deniable”' and parts (Part('LNA momentum +4', 'good'), Part('Cost +3',
    'bad')). `kind` names the cause: drawn, choice, card, chance, reaction, due, coming, ending or other;
    `tone` is the head's own (neutral, chance, later); `sep` goes between the head and the parts."""

    turn: int
    kind: str
    head: str
    parts: tuple[Part, ...] = ()
    tone: str = "neutral"
    sep: str = ": "

    @property
    def text(self) -> str:
        """'Your choice “Keep it deniable”: LNA momentum +4, Wagner exposure +4, Cost +3'."""
        return self.head + (self.sep + ", ".join(p.text for p in self.parts) if self.parts else "")


def log_lines(rules: Rules, events) -> list[LogLine]:
    """The log of `events` in one line per cause, in the order the causes first act: what was put on the
    table; each choice with every change it made ('Your choice “Keep it deniable”: LNA momentum +4, Cost +3');
    each roll with its odds and result and what followed ('Storm Tripoli: 55% — rolled 71, failed → LNA
    momentum −10'); what was set in motion, with when ('Later, from your choice “Block the draft”: “Western
    capitals keep up the pressure” at the end of turn 4'); delayed effects coming due, with when and why they
    were set; reactions and endings. Flags are bookkeeping and never shown. Turn starts and ends are left to
    the caller (it heads each turn its own way). An event of a kind this function does not group gets a line
    of its own, in `event_text`'s words."""
    return _LogBuilder(rules).build(events)


class _LogBuilder:
    def __init__(self, rules: Rules):
        self.rules = rules
        self.n = names(rules)
        self.short = _short_names(rules)
        self.lines: list[list] = []  # [turn, kind, head, parts, tone, sep, meter -> part index, key]
        self.by_key: dict = {}
        self.followed: set = set()  # (turn, cause) of causes that set a roll, a reaction or a later effect going

    def build(self, events) -> list[LogLine]:
        for e in events:
            self.add(e)
        out = []
        for turn, what, head, parts, tone, sep, _meters, key in self.lines:
            if what == "choice" and not parts and (turn, key) not in self.followed:
                parts, sep = [Part("no immediate change", "neutral")], " — "
            out.append(LogLine(turn, what, head, tuple(parts), tone, sep))
        return out

    # ------------------------------------------------------------------ lines

    def line(self, key, turn: int, kind: str, head: str, tone: str = "neutral", sep: str = ": ") -> list:
        hit = self.by_key.get((turn, key))
        if hit is None:
            hit = self.by_key[(turn, key)] = [turn, kind, head, [], tone, sep, {}, key]
            self.lines.append(hit)
        return hit

    def of_cause(self, turn: int, cause) -> list:
        """The line of a cause, made on its first use (a change may come before the event that heads it)."""
        n = self.n
        match cause:
            case OptionCause():
                label = n.options.get((cause.card, cause.option), cause.option)
                return self.line(cause, turn, "choice", f"Your choice “{label}”")
            case CardCause():
                return self.line(cause, turn, "card", f"“{n.cards.get(cause.card, cause.card)}”")
            case ChanceCause():
                return self.line(cause, turn, "chance", _roll_head(cause.label, cause.odds, cause.roll,
                                                                   cause.success), "chance", " → ")
            case DelayedCause():
                return self.line(cause, turn, "due", self.due_head(cause.label, cause.scheduled, cause.parent),
                                 "later", " → ")
            case ReactionCause():
                return self.line(cause, turn, "reaction", f"{n.actor(cause.actor)} reacts", "neutral", " → ")
        return self.line(cause, turn, "other", _capital(cause_text(self.rules, cause)))

    def due_head(self, label: str, scheduled: int, parent) -> str:
        what = f"“{label}”" if label else "a delayed effect"
        return f"Now {what}, set in motion in turn {scheduled} by {self.cause_name(parent)}"

    def cause_name(self, cause) -> str:
        """A cause named in a few words, for 'from ...' and 'by ...'."""
        n = self.n
        match cause:
            case OptionCause():
                return f"your choice “{n.options.get((cause.card, cause.option), cause.option)}”"
            case CardCause():
                return f"“{n.cards.get(cause.card, cause.card)}”"
            case ChanceCause():
                return f"the roll for {cause.label}" if cause.label else "a roll of the dice"
            case DelayedCause():
                return f"“{cause.label}”" if cause.label else "a delayed effect"
            case ReactionCause():
                return f"{n.actor(cause.actor)}'s reaction"
        return cause_text(self.rules, cause)

    def meter(self, line: list, mid: str, before: int, after: int) -> None:
        parts, meters = line[3], line[6]
        if mid in meters:  # a second change to the same meter from the same cause: one sum
            i, first = meters[mid]
        else:
            i, first = len(parts), before
            parts.append(None)
            meters[mid] = (i, first)
        delta = after - first
        name = self.short.get(mid, mid)
        if delta:
            parts[i] = Part(f"{name} {'+' if delta > 0 else '−'}{abs(delta)}", meter_tone(self.rules, mid, delta))
        else:
            parts[i] = Part(f"{name} stays at {after} (its limit)" if before == after else f"{name} ±0", "neutral")

    # ------------------------------------------------------------------ events

    def add(self, e) -> None:
        n = self.n
        match e:
            case TurnStarted() | TurnEnded() | FlagChanged():
                return
            case CardDrawn():
                line = self.line("drawn", e.turn, "drawn", "On the table")
                follow = " (follow-up)" if e.how == "follow_up" else ""
                line[3].append(Part(f"“{n.cards.get(e.card, e.card)}”{follow}", "neutral"))
            case DecisionMade():
                if e.card is not None and e.option is not None:
                    self.of_cause(e.turn, OptionCause(e.card, e.option))
            case MeterChanged():
                self.meter(self.of_cause(e.turn, e.cause), e.meter, e.before, e.after)
            case PlaceChanged():
                line = self.of_cause(e.turn, e.cause)
                place = n.places.get(e.place, e.place)
                if e.holder_before != e.holder_after:
                    line[3].append(Part(f"{place} passes to {n.actor(e.holder_after)}", "place"))
                if e.contested_before != e.contested_after:
                    line[3].append(Part(f"fighting at {place}" if e.contested_after else f"calm at {place}",
                                        "fighting" if e.contested_after else "neutral"))
            case ChanceRolled():
                self.followed.add((e.turn, e.cause))
                self.of_cause(e.turn, ChanceCause(e.cause, e.label, e.odds, e.roll, e.success))
            case DelayedScheduled():
                label = self.rules.delayed[e.key][0]
                what = f"“{label}”" if label else "a delayed effect"
                when = "at the end of this turn" if e.due == e.turn else f"at the end of turn {e.due}"
                self.coming(e.turn, e.cause).append(Part(f"{what} {when}", "later"))
            case FollowUpQueued():
                when = ("later this turn" if e.due == e.turn else "next turn" if e.due == e.turn + 1
                        else f"in turn {e.due}")
                self.coming(e.turn, e.cause).append(Part(f"“{n.cards.get(e.card, e.card)}” {when}", "later"))
            case DelayedDue():
                self.of_cause(e.turn, DelayedCause(e.cause, e.label, e.scheduled))
            case ActorReacted():
                self.followed.add((e.turn, e.cause))
                line = self.of_cause(e.turn, ReactionCause(e.cause, e.actor))
                line[2] = f"{n.actor(e.actor)}: {e.text}"
            case EndingReached():
                self.line(("ending", e.ending), e.turn, "ending", f"Ending: {n.endings.get(e.ending, e.ending)}")
            case _:
                text = event_text(self.rules, e)
                if text is not None:
                    self.line(("other", len(self.lines)), getattr(e, "turn", 0), "other", text)

    def coming(self, turn: int, cause) -> list:
        self.followed.add((turn, cause))
        return self.line(("coming", cause), turn, "coming", f"Later, from {self.cause_name(cause)}", "later")[3]


def _roll_head(label: str, odds: int, roll: int, success: bool) -> str:
    """'Storm Tripoli: 55% — rolled 71, failed'."""
    what = _capital(label) if label else "A roll of the dice"
    return f"{what}: {odds}% — rolled {roll}, {'succeeded' if success else 'failed'}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def option_line(rules: Rules, card_id: str, option_id: str) -> tuple[Part, ...]:
    """`option_summary` in the meters' short names, for an option's one line on a narrow screen: (Part("LNA
    momentum +4", "good"), Part("Haftar reliance +3", "bad"), ...)."""
    return tuple(_Words(rules, short=True).parts(_option_model(rules, card_id, option_id).effects))