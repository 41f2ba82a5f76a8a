"""The rules of play: new_game, legal_decisions, apply, is_over, outcome.

Turn phases: cards drawn (follow-ups due, fixed cards, then weighted random draws) -> decisions (one per
card, head of the queue first; a decision card's options in an order fixed by the seed and the card) ->
resolution (the option's cost from the budget, the card's effects, then the option's) -> delayed and
recurring effects due this turn -> drifting meters move -> end-of-turn checks (sudden endings, then the
final ending when the span runs out). Thresholds react at once, whenever a change crosses their line.

`apply` copies the state into a mutable `Work`, runs the same code the fast headless loop runs, and
freezes the result; rules therefore live in one place whatever the caller.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from math import factorial

from game.engine.meters import add as add_to_meter, drift as drift_meters
from game.engine.rules import (
    DECISION, DELAYED, DRAW, ENDING, ORDER_SLOTS, ORDER_TABLE, RECURRING_END, TURN, CardRules, Rules,
)
from game.engine.state import Decision, RngCursor, State
from game.model.events import Event, decode_all


QUIET_TURN = Decision(None, None)


class IllegalDecision(ValueError):
    """The decision is not one of `legal_decisions(state)`."""


class Work:
    """Mutable working copy of a state during one `apply` (or a whole headless game)."""

    __slots__ = (
        "rules", "seed", "turn", "meters", "flags", "places", "places_own", "seen", "chosen", "pending",
        "queued", "delayed", "cursor", "ending", "over", "events", "closing", "memory", "fired", "order_key",
    )

    def __init__(self, rules: Rules, seed: int, cursor: RngCursor, record: bool):
        self.rules = rules
        self.seed = seed
        self.cursor = cursor
        self.events: list | None = [] if record else None
        self.ending: str | None = None
        self.over = False
        self.closing = False  # True while end-of-turn effects run

    @classmethod
    def start(cls, rules: Rules, seed: int, record: bool = True) -> "Work":
        w = cls(rules, seed, RngCursor(seed), record)
        w.turn = 1
        w.meters = {mid: mr.start for mid, mr in rules.meters.items()}
        w.flags = set()
        w.places = dict(rules.places)
        w.places_own = True
        w.seen = set()
        w.chosen = {}
        w.pending = []
        w.queued = []
        w.delayed = []
        w.memory = {}
        w.fired = {}
        w.order_key = order_key(seed)
        begin_turn(w)
        return w

    @classmethod
    def of(cls, s: State, record: bool = True) -> "Work":
        w = cls(s.rules, s.seed, s.cursor(), record)
        w.turn = s.turn
        w.meters = dict(s.meters)
        w.flags = set(s.flags)
        w.places = s.places  # copied on first write (places_own)
        w.places_own = False
        w.seen = set(s.seen)
        w.chosen = dict(s.chosen)
        w.pending = list(s.pending)
        w.queued = list(s.queued)
        w.delayed = list(s.delayed)
        w.ending = s.ending
        w.over = s.over
        w.memory = dict(s.memory) if s.memory else {}
        w.fired = dict(s.fired) if s.fired else {}
        w.order_key = s.order_key
        return w

    def freeze(self) -> State:
        return State(
            self.rules, self.seed, self.turn, self.meters, frozenset(self.flags), self.places,
            frozenset(self.seen), self.chosen, tuple(self.pending), tuple(self.queued), tuple(self.delayed),
            self.cursor.pos, self.ending, self.over, self.cursor, self.memory, self.fired, self.order_key,
        )

    def random(self) -> float:
        cur = self.cursor
        cur.pos += 1
        return cur.rng.random()

    def roll100(self) -> int:
        """A percentile roll, 1..100."""
        return int(self.random() * 100) + 1


# --------------------------------------------------------------------------- phases


def begin_turn(w: Work) -> None:
    rules = w.rules
    turn = w.turn
    ev = w.events
    if ev is not None:
        ev.append((turn, TURN, "start", rules.turn_date(turn).isoformat(), None, ("turn",)))
    pending = w.pending
    seen = w.seen
    # 1. follow-ups due now, in the order they were queued
    if w.queued:
        keep = []
        for due, cid in w.queued:
            if due <= turn:
                # a card that is not repeatable is never drawn twice, even when queued again
                card = rules.cards[cid]
                if (cid in seen and not card.repeatable) or cid in pending:
                    continue
                if card.cond is not None and not card.cond(w):
                    continue  # a follow-up's own `when` is checked when it comes due
                pending.append(cid)
                seen.add(cid)
                if ev is not None:
                    ev.append((turn, DRAW, cid, "follow_up", None, ("draw", "follow_up")))
            else:
                keep.append((due, cid))
        w.queued = keep
    # 2. fixed cards whose window is open and whose condition holds
    for card in rules.fixed_by_turn[turn]:
        cid = card.id
        if (cid in seen and not card.repeatable) or cid in pending:
            continue
        if card.cond is not None and not card.cond(w):
            continue
        pending.append(cid)
        seen.add(cid)
        if ev is not None:
            ev.append((turn, DRAW, cid, "fixed", None, ("draw", "fixed")))
    # 3. weighted random draws without replacement. A card's condition is tested only once it is picked
    # (rejection sampling: the same distribution as filtering first, at a fraction of the cost); a
    # rejected card is set aside and the draw repeats with a fresh number.
    draws = rules.draws_per_turn
    if draws:
        pool = [c for c in rules.random_by_turn[turn] if (c.repeatable or c.id not in seen) and c.id not in pending]
        for _ in range(draws):
            chosen = None
            while pool:
                cumulative = list(accumulate([c.weight for c in pool]))
                pick = w.random()
                index = min(bisect_right(cumulative, pick * cumulative[-1]), len(pool) - 1)
                candidate = pool.pop(index)
                if candidate.cond is None or candidate.cond(w):
                    chosen = candidate
                    break
            if chosen is None:
                break
            pending.append(chosen.id)
            seen.add(chosen.id)
            if ev is not None:
                ev.append((turn, DRAW, chosen.id, "random", round(pick, 6), ("draw", "random")))


def end_turn(w: Work) -> None:
    rules = w.rules
    turn = w.turn
    ev = w.events
    # delayed effects due now, in the order they were scheduled; a recurring one comes back (while it holds)
    if w.delayed:
        due_now = [d for d in w.delayed if d[0] <= turn]
        if due_now:
            w.delayed = [d for d in w.delayed if d[0] > turn]
            w.closing = True
            recurring = rules.recurring
            for _due, key, scheduled, cause in due_now:
                label, ops = rules.delayed[key]
                if recurring and key in recurring:
                    holds, every = recurring[key]
                    if holds is not None and not holds(w):
                        if ev is not None:
                            ev.append((turn, RECURRING_END, key, scheduled, label, cause))
                        continue
                    w.delayed.append((turn + every, key, scheduled, cause))
                sub = ("delayed", cause, label, scheduled)
                if ev is not None:
                    ev.append((turn, DELAYED, key, scheduled, label, cause))
                for op in ops:
                    op(w, sub)
            w.closing = False
    if rules.drifting and w.ending is None:
        w.closing = True
        drift_meters(w)
        w.closing = False
    if w.ending is None:
        for e in rules.sudden_endings:
            if e.cond(w):
                w.ending = e.id
                if ev is not None:
                    ev.append((turn, ENDING, e.id, None, None, ("ending",)))
                break
    if w.ending is None and turn >= rules.turns:
        for e in rules.final_endings:
            if e.cond is None or e.cond(w):
                w.ending = e.id
                if ev is not None:
                    ev.append((turn, ENDING, e.id, None, None, ("ending",)))
                break
    if ev is not None:
        ev.append((turn, TURN, "end", rules.turn_date(turn).isoformat(), None, ("turn",)))
    if w.ending is not None:
        w.over = True
        w.pending.clear()
        return
    w.turn = turn + 1
    begin_turn(w)


_MASK64 = (1 << 64) - 1


def _splitmix(z: int) -> int:
    """splitmix64's finaliser: every bit of the result depends on every bit of `z`."""
    z = (z * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def order_key(seed: int) -> int:
    """A game's key to the order of every card's options: its seed, mixed (neighbouring seeds give unrelated
    orders), in 0..ORDER_SLOTS-1. It takes nothing from the game's random numbers: older saves replay as
    they were."""
    return _splitmix(seed) % ORDER_SLOTS


# A fixed shuffle of 0..ORDER_SLOTS-1 does the mixing by lookup (cheap in the hot loop): a card's order in a
# game is numbered by the shuffle at (game's key + card's salt), modulo its number of orders (ORDER_SLOTS is a
# multiple of each, so each is exactly as likely). Written out twice, so that the sum of a key and a salt
# (each below ORDER_SLOTS) needs no modulo.
_SHUFFLE = tuple(sorted(range(ORDER_SLOTS), key=_splitmix))
_ORDER_RANKS = _SHUFFLE + _SHUFFLE


def option_order(key: int, salt: int, n: int) -> tuple[int, ...]:
    """The order (indices into the content's order) in which a card's `n` options are shown in the game
    whose order key is `key` (see `order_key`): of the n! orders in lexicographic order, the one numbered by
    a mix of the key and the card's salt (CardRules.salt), so that it does not depend on when the card is
    drawn and is the same in every replay. The rules hold these orders in a table for cards of up to
    ORDER_TABLE options (CardRules.orders, read by `legal`); this is what the table holds."""
    mixed = _ORDER_RANKS[key + salt] if n <= ORDER_TABLE else _splitmix(key * ORDER_SLOTS + salt)
    rank = mixed % factorial(n)
    left = list(range(n))
    out = []
    for k in range(n, 0, -1):  # unrank in the factorial number system
        digit, rank = divmod(rank, factorial(k - 1))
        out.append(left.pop(digit))
    return tuple(out)


def shown_choices(view, card: CardRules) -> tuple:
    """A decision card's (decision, legality) pairs in the order the player sees them in this game."""
    table = card.orders
    if table:
        return table[_ORDER_RANKS[view.order_key + card.salt] % len(table)]
    return tuple(card.choices[i] for i in option_order(view.order_key, card.salt, len(card.choices)))


def legal(view) -> list[Decision]:
    """Legal decisions on a State or a Work (same attribute names), a decision card's options in the order
    the player sees them."""
    if view.over:
        return []
    if not view.pending:
        return [QUIET_TURN]
    card = view.rules.cards[view.pending[0]]
    table = card.orders
    if table:  # shown_choices, inlined: this runs for every decision of every game
        choices = table[_ORDER_RANKS[view.order_key + card.salt] % len(table)]
    elif not card.options:
        return [card.choices[0][0]]
    else:
        choices = shown_choices(view, card)
    if card.unconditional:
        return [d for d, _ in choices]
    out = [d for d, cond in choices if cond is None or cond(view)]
    # Every option conditioned away (or too dear): the card still has to be answered; continue without a choice.
    return out or [Decision(card.id, None)]


def step(w: Work, decision: Decision) -> None:
    """Resolve the head card with `decision` (already checked legal), then run the turn on as needed."""
    turn = w.turn
    ev = w.events
    if w.pending:
        cid = w.pending.pop(0)
        card = w.rules.cards[cid]
        if ev is not None:
            ev.append((turn, DECISION, cid, decision.option, None, ("card", cid)))
        option = card.by_option[decision.option] if decision.option is not None else None
        if option is not None and option.costly and w.rules.budget is not None:
            pay(w, cid, option)
        cause = ("card", cid)
        for op in card.ops:
            op(w, cause)
        if option is not None:
            w.chosen[cid] = decision.option
            cause = ("option", cid, decision.option)
            for op in option.ops:
                op(w, cause)
    elif ev is not None:
        ev.append((turn, DECISION, None, None, None, ("turn",)))
    if w.ending is not None:
        w.over = True
        w.pending.clear()
        if ev is not None:
            ev.append((turn, TURN, "end", w.rules.turn_date(turn).isoformat(), None, ("turn",)))
        return
    if not w.pending:
        end_turn(w)


def pay(w: Work, cid: str, option) -> None:
    """Spend an option's cost (with the surcharges that apply now) from the budget, exactly: before the
    card's effects, when the choice is made."""
    surcharges = option.surcharges_now(w) if option.surcharges else ()
    total = option.cost + sum(add for add, _why in surcharges)
    if total <= 0:
        return
    mr = w.rules.meters[w.rules.budget]
    add_to_meter(w, mr, -total, ("cost", cid, option.id, surcharges), soft=False)


# --------------------------------------------------------------------------- public API


def new_game(rules: Rules, seed: int) -> State:
    """Turn 1, cards drawn, waiting for the first decision."""
    return Work.start(rules, int(seed), record=False).freeze()


def new_game_events(rules: Rules, seed: int) -> tuple[State, list[Event]]:
    """`new_game`, with the events of the opening draw (for logs and saves)."""
    w = Work.start(rules, int(seed), record=True)
    return w.freeze(), decode_all(w.events)


def legal_decisions(state: State) -> list[Decision]:
    return legal(state)


def apply(state: State, decision: Decision) -> tuple[State, list[Event]]:
    """Resolve `decision` on a copy of `state`: the new state and every event (typed records, see
    game.model.events), each change with its cause."""
    if not isinstance(decision, Decision):
        decision = Decision(*decision)
    allowed = legal(state)
    if decision not in allowed:
        if state.over:
            raise IllegalDecision("the game is over: no decision can be applied")
        shown = ", ".join(f"{d.card}:{d.option}" for d in allowed)
        raise IllegalDecision(f"{decision.card}:{decision.option} is not legal now (legal: {shown})")
    w = Work.of(state, record=True)
    step(w, decision)
    return w.freeze(), decode_all(w.events)


def is_over(state: State) -> bool:
    return state.over


@dataclass(frozen=True)
class Outcome:
    ending: str
    title: str
    score: float
    breakdown: dict[str, float]


def score_of(rules: Rules, meters: dict[str, int], ending: str | None) -> tuple[float, dict[str, float]]:
    breakdown = {mid: round(weight * meters[mid], 2) for mid, weight in rules.score.items()}
    bonus = next((e.score for e in rules.endings if e.id == ending), 0)
    if ending is not None:
        breakdown["ending"] = float(bonus)
    return round(sum(breakdown.values()), 2), breakdown


def outcome(state: State) -> Outcome | None:
    """The ending and the score once the game is over, else None."""
    if not state.over or state.ending is None:
        return None
    title = next(e.title for e in state.rules.endings if e.id == state.ending)
    total, breakdown = score_of(state.rules, state.meters, state.ending)
    return Outcome(state.ending, title, total, breakdown)
