"""Warnings about content that is valid but dead: things that can never happen.

    from game.content.lint import lint
    warnings = lint(resolved)        # list[Problem], every one with severity "warning"

The cross-reference checks (game.content.xref) already warn about a flag that no effect sets at all, a
follow-up card that no effect queues at all, a turn range starting after the last turn and an ending
placed after the fallback. This module looks further, with a small static analysis of the merged content:
what can possibly be drawn, chosen, set and reached, grown to a fixed point from the start of the game.

It over-approximates (a meter's possible range is its start plus every increase that could possibly
happen, and so on), so a warning here is certain: what it reports can never happen in any game. What it
does not report may still be unreachable in practice; `wargame check` finds that by playing.

Each warning names the card, option, ending, meter, fact or source and points at the file, line and
column: a card that can never be drawn, an option never available, an ending never reached, a meter never
changed, a fact of a file's own `facts:` never cited, a deck's own source never used. docs/authoring.md
(section 14) explains each to instructors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable

from game.content.documents import Document, read_document
from game.content.gc_pause import no_gc
from game.content.problems import Problem
from game.model import content as m

INF = math.inf


# --------------------------------------------------------------------------- where things are written


class Places:
    """Where each card, ending and meter of the merged content is written (the last file that brought it
    wins, as in the merge: a deck's `replace` entry stands for the card), and the files themselves."""

    def __init__(self, paths: Iterable[Path], fallback: str):
        self.fallback = fallback
        self.cards: dict[str, tuple[Document, tuple]] = {}
        self.endings: dict[str, tuple[Document, tuple]] = {}
        self.meters: dict[str, tuple[Document, tuple]] = {}
        self.docs: list[Document] = []
        for path in paths:
            try:
                doc = read_document(Path(path))
            except OSError:
                continue
            if not isinstance(doc.raw, dict):
                continue
            self.docs.append(doc)
            for key, into in (("cards", self.cards), ("replace", self.cards), ("endings", self.endings),
                              ("meters", self.meters)):
                entries = doc.raw.get(key)
                if not isinstance(entries, list):
                    continue
                for i, entry in enumerate(entries):
                    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                        into[entry["id"]] = (doc, (key, i))

    def problem(self, table: dict, ident: str, sub: tuple, message: str, card: str | None = None) -> Problem:
        hit = table.get(ident)
        if hit is None:  # content rebuilt from a save: no file to point at
            return Problem(self.fallback, 0, 0, "", message, "warning", card)
        doc, base = hit
        p = doc.at(base + sub, message, "warning")
        return p if p.card or card is None else Problem(p.path, p.line, p.col, p.location, message, "warning", card)


# --------------------------------------------------------------------------- what can happen


@dataclass
class Reach:
    """What can possibly happen in some game (grows until it stops changing)."""

    cards: set[str] = field(default_factory=set)
    options: set[tuple[str, str]] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    queued: set[str] = field(default_factory=set)
    forced_endings: set[str] = field(default_factory=set)
    meters: dict[str, tuple[float, float]] = field(default_factory=dict)
    holders: dict[str, set[str]] = field(default_factory=dict)
    contested: dict[str, set[bool]] = field(default_factory=dict)
    changed_meters: set[str] = field(default_factory=set)
    sets: dict[str, set[int]] = field(default_factory=dict)  # meter -> values some effect sets it to

    def key(self) -> tuple:
        return (len(self.cards), len(self.options), len(self.flags), len(self.queued), len(self.forced_endings),
                tuple(sorted(self.meters.items())), sum(len(v) for v in self.holders.values()),
                sum(len(v) for v in self.contested.values()), len(self.changed_meters),
                sum(len(v) for v in self.sets.values()))


@dataclass(frozen=True)
class Why:
    """Why a condition can never hold (or never fail): where, in words, and whether xref already says so."""

    path: tuple
    text: str
    covered: bool = False


def _allowed(c: m.MeterCondition) -> tuple[float, float]:
    lo, hi = -INF, INF
    if c.gte is not None:
        lo = max(lo, c.gte)
    if c.gt is not None:
        lo = max(lo, c.gt + 1)
    if c.lte is not None:
        hi = min(hi, c.lte)
    if c.lt is not None:
        hi = min(hi, c.lt - 1)
    if c.eq is not None:
        lo, hi = max(lo, c.eq), min(hi, c.eq)
    return lo, hi


def _comparison_text(c: m.MeterCondition) -> str:
    bits = [f"{k}: {getattr(c, k)}" for k in ("gte", "gt", "lte", "lt", "eq") if getattr(c, k) is not None]
    return ", ".join(bits)


def _num(x: float) -> str:
    return str(int(x)) if math.isfinite(x) else "any value"


def _windows(sc: m.Scenario) -> dict[str, tuple[int, int]]:
    """Card id -> (first, last) turn it can be drawn in, as the engine compiles it (game.engine.rules),
    without compiling every card's effects."""
    from datetime import date

    from game.engine.rules import Rules

    span = SimpleNamespace(start=date.fromisoformat(sc.start), turn_days=sc.turn_days)
    out = {}
    for card in sc.cards:
        if card.turns is not None:
            first, last = card.turns.from_ or 1, card.turns.to or sc.turns
        else:
            first, last = (Rules.turn_of(span, card.date) if card.date else 1), sc.turns
        out[card.id] = (first, min(last, sc.turns))
    return out


class Analysis:
    def __init__(self, scenario: m.Scenario):
        self.sc = scenario
        self.turns = scenario.turns
        self.cards = {c.id: c for c in scenario.cards}
        self.meters = {mt.id: mt for mt in scenario.meters}
        self.windows = _windows(scenario)
        self._static: dict[int, Summary] = {}
        self._settled: set[str] = set()
        self._contrib: dict[str, tuple[dict, dict]] = {}
        self.set_anywhere: set[str] = set()
        self.queued_anywhere: dict[str, list[str]] = {}  # card -> cards whose effects queue it
        self.flag_setters: dict[str, list[str]] = {}
        self.meter_changers: dict[str, list[str]] = {}
        for card in scenario.cards:
            for e in _walk_all(card):
                if isinstance(e, m.SetFlagEffect):
                    self.set_anywhere.add(e.set_flag)
                    self.flag_setters.setdefault(e.set_flag, []).append(card.id)
                elif isinstance(e, m.FollowUpEffect):
                    self.queued_anywhere.setdefault(e.follow_up, []).append(card.id)
                elif isinstance(e, m.MeterEffect):
                    self.meter_changers.setdefault(e.meter, []).append(card.id)
        self.r = self._fixpoint()

    # ---------------------------------------------------------------- the fixed point

    def _fixpoint(self) -> Reach:
        r = Reach()
        r.meters = {mid: (float(mt.start), float(mt.start)) for mid, mt in self.meters.items()}
        r.holders = {p.id: {p.holder} for p in self.sc.places}
        r.contested = {p.id: {p.contested} for p in self.sc.places}
        before = None
        for _ in range(10_000):  # every round adds something, and there is a finite amount to add
            self.r = r
            self._round(r)
            now = r.key()
            if now == before:
                break
            before = now
        return r

    def _round(self, r: Reach) -> None:
        draws = self.sc.draws_per_turn
        contrib = self._contrib
        for cid, card in self.cards.items():
            if cid in self._settled:
                continue  # reachable, and nothing it does depends on what is known
            window = self.window(cid)
            if cid not in r.cards:
                drawable = False
                if card.draw != "follow_up" and window is not None and (card.draw == "fixed" or draws > 0):
                    drawable = card.when is None or self.can_hold(card.when, window)
                if not drawable and cid not in r.queued:
                    continue
                r.cards.add(cid)
            ctx = self.option_window(cid)
            own = self._summary(card.effects, ctx)
            own.record(r)
            settled = not own.dynamic
            best_pos: dict[str, float] = {}
            best_neg: dict[str, float] = {}
            for o in card.options:
                if o.when is not None:
                    settled = False
                    if not self.can_hold(o.when, ctx):
                        continue
                r.options.add((cid, o.id))
                so = self._summary(o.effects, ctx)
                so.record(r)
                settled = settled and not so.dynamic
                for k, v in so.pos.items():
                    best_pos[k] = max(best_pos.get(k, 0.0), v)
                for k, v in so.neg.items():
                    best_neg[k] = max(best_neg.get(k, 0.0), v)
            times = INF if card.repeatable else 1
            pos: dict[str, float] = {}
            neg: dict[str, float] = {}
            for into, parts in ((pos, (own.pos, best_pos)), (neg, (own.neg, best_neg))):
                for part in parts:
                    for k, v in part.items():
                        if v:
                            into[k] = into.get(k, 0.0) + v * times
            contrib[cid] = (pos, neg)
            if settled:  # its turn window only matters to option conditions and `if`s, which it has none of
                self._settled.add(cid)
        # a meter ranges over its start (or any value set) plus every rise, minus every fall
        pos_total = {mid: 0.0 for mid in self.meters}
        neg_total = {mid: 0.0 for mid in self.meters}
        for pos, neg in contrib.values():
            for k, v in pos.items():
                pos_total[k] += v
            for k, v in neg.items():
                neg_total[k] += v
        for mid, mt in self.meters.items():
            sets = r.sets.get(mid, ())
            top = max([mt.start, *sets])
            bottom = min([mt.start, *sets])
            lo = max(float(mt.min), bottom - neg_total[mid])
            hi = min(float(mt.max), top + pos_total[mid])
            old = r.meters[mid]
            r.meters[mid] = (min(lo, old[0]), max(hi, old[1]))

    def _summary(self, effects, ctx) -> "Summary":
        """What a list of effects can do in one go (memoised when it holds no `if`, whose branches depend
        on what is known so far)."""
        if not effects:
            return EMPTY
        key = id(effects)
        hit = self._static.get(key)
        if hit is not None:
            return hit
        s = Summary()
        for e in effects:
            if type(e) is m.MeterEffect:
                s.changed.add(e.meter)
                if e.add is not None:
                    if e.add > 0:
                        s.pos[e.meter] = s.pos.get(e.meter, 0.0) + e.add
                    elif e.add < 0:
                        s.neg[e.meter] = s.neg.get(e.meter, 0.0) - e.add
                else:
                    s.sets.append((e.meter, e.set))
            elif isinstance(e, m.SetFlagEffect):
                s.flags.add(e.set_flag)
            elif isinstance(e, m.FollowUpEffect):
                s.queued.add(e.follow_up)
            elif isinstance(e, m.EndGameEffect):
                s.endings.add(e.end_game)
            elif isinstance(e, m.PlaceEffect):
                if e.holder is not None:
                    s.holders.append((e.place, e.holder))
                if e.contested is not None:
                    s.contested.append((e.place, e.contested))
            elif isinstance(e, m.ChanceEffect):
                a = self._summary(e.then, ctx) if e.chance > 0 else EMPTY
                b = self._summary(e.else_, ctx) if e.chance < 100 else EMPTY
                s.either(a, b)
            elif isinstance(e, m.IfEffect):
                s.dynamic = True
                a = self._summary(e.then, ctx) if self.can_hold(e.if_, ctx) else EMPTY
                b = self._summary(e.else_, ctx) if self.can_fail(e.if_, ctx) else EMPTY
                s.either(a, b)
            elif isinstance(e, m.DelayedEffect):
                s.then(self._summary(e.effects, (1, self.turns)))
            elif isinstance(e, m.ReactEffect):
                s.then(self._summary(e.effects, ctx))
        if not s.dynamic:
            self._static[key] = s
        return s

    # ---------------------------------------------------------------- turn windows

    def window(self, cid: str) -> tuple[int, int] | None:
        """Turns in which the card can be drawn by the calendar or at random (None: never)."""
        first, last = self.windows.get(cid, (1, self.turns))
        last = min(last, self.turns)
        return (first, last) if first <= last else None

    def option_window(self, cid: str) -> tuple[int, int]:
        """Turns in which the card can be answered: its window, or any turn once it can be queued."""
        window = self.window(cid)
        if cid in self.r.queued or window is None or self.cards[cid].draw == "follow_up":
            return (1, self.turns)
        return window

    # ---------------------------------------------------------------- conditions

    def can_hold(self, c, ctx: tuple[int, int]) -> bool:
        r = self.r
        if isinstance(c, m.AllCondition):
            return all(self.can_hold(x, ctx) for x in c.all)
        if isinstance(c, m.AnyCondition):
            return any(self.can_hold(x, ctx) for x in c.any)
        if isinstance(c, m.NotCondition):
            return self.can_fail(c.not_, ctx)
        if isinstance(c, m.MeterCondition):
            lo, hi = _allowed(c)
            have = r.meters.get(c.meter, (-INF, INF))
            return max(lo, have[0]) <= min(hi, have[1])
        if isinstance(c, m.FlagCondition):
            return c.flag in r.flags
        if isinstance(c, m.TurnCondition):
            lo, hi = c.turn.from_ or 1, c.turn.to or INF
            return max(lo, ctx[0]) <= min(hi, ctx[1])
        if isinstance(c, m.SeenCondition):
            return c.seen in r.cards
        if isinstance(c, m.ChoseCondition):
            return (c.chose.card, c.chose.option) in r.options
        if isinstance(c, m.HoldsCondition):
            return c.holds.actor in r.holders.get(c.holds.place, {c.holds.actor})
        if isinstance(c, m.ContestedCondition):
            return True in r.contested.get(c.contested, {True})
        return True

    def can_fail(self, c, ctx: tuple[int, int]) -> bool:
        r = self.r
        if isinstance(c, m.AllCondition):
            return any(self.can_fail(x, ctx) for x in c.all)
        if isinstance(c, m.AnyCondition):
            return all(self.can_fail(x, ctx) for x in c.any)
        if isinstance(c, m.NotCondition):
            return self.can_hold(c.not_, ctx)
        if isinstance(c, m.MeterCondition):
            lo, hi = _allowed(c)
            have = r.meters.get(c.meter, (-INF, INF))
            return have[0] < lo or have[1] > hi
        if isinstance(c, m.TurnCondition):
            lo, hi = c.turn.from_ or 1, c.turn.to or INF
            return ctx[0] < lo or ctx[1] > hi
        if isinstance(c, m.HoldsCondition):
            return bool(r.holders.get(c.holds.place, {None}) - {c.holds.actor})
        if isinstance(c, m.ContestedCondition):
            return False in r.contested.get(c.contested, {False})
        return True  # flags start unset; cards start unseen, options unchosen

    # ---------------------------------------------------------------- explanations

    def never(self, c, ctx: tuple[int, int], path: tuple) -> Why:
        """Why `c` (at `path`) can never hold; call only when `can_hold` is False."""
        if isinstance(c, m.AllCondition):
            for i, x in enumerate(c.all):
                if not self.can_hold(x, ctx):
                    return self.never(x, ctx, path + ("all", i))
        if isinstance(c, m.AnyCondition):
            parts = [self.never(x, ctx, path + ("any", i)) for i, x in enumerate(c.any)]
            if len(parts) == 1:
                return parts[0]
            return Why(path + ("any",), "none of its `any` parts can hold: " + "; ".join(p.text for p in parts),
                       all(p.covered for p in parts))
        if isinstance(c, m.NotCondition):
            why = self.always(c.not_, ctx, path + ("not",))
            return Why(why.path, f"the condition under `not` always holds ({why.text})", why.covered)
        if isinstance(c, m.MeterCondition):
            return Why(path + (self._first_key(c),), self._meter_text(c))
        if isinstance(c, m.FlagCondition):
            if c.flag not in self.set_anywhere:
                return Why(path + ("flag",), f"flag '{c.flag}' is never set by any card", covered=True)
            setters = sorted(set(self.flag_setters.get(c.flag, [])))
            return Why(path + ("flag",), f"flag '{c.flag}' is set only by {_cards(setters)}, in effects that "
                                         "can never happen")
        if isinstance(c, m.TurnCondition):
            lo, hi = c.turn.from_ or 1, c.turn.to
            shown = f"{lo}-{hi}" if hi else f"{lo} and later"
            covered = lo > self.turns
            where = f"turns {ctx[0]}-{ctx[1]}" if ctx[0] != ctx[1] else f"turn {ctx[0]}"
            return Why(path + ("turn",), f"turns {shown} fall outside {where}, when this is checked", covered)
        if isinstance(c, m.SeenCondition):
            return Why(path + ("seen",), f"card '{c.seen}' can never be drawn")
        if isinstance(c, m.ChoseCondition):
            cid, oid = c.chose.card, c.chose.option
            if cid not in self.r.cards:
                return Why(path + ("chose",), f"card '{cid}' can never be drawn")
            return Why(path + ("chose",), f"option '{oid}' of card '{cid}' is never available")
        if isinstance(c, m.HoldsCondition):
            return Why(path + ("holds",),
                       f"'{c.holds.actor}' never holds '{c.holds.place}': no effect gives it to them")
        if isinstance(c, m.ContestedCondition):
            return Why(path + ("contested",), f"there is never fighting at '{c.contested}': no effect starts it")
        return Why(path, "it can never hold")

    def always(self, c, ctx: tuple[int, int], path: tuple) -> Why:
        """Why `c` can never fail (for a `not` that never holds)."""
        if isinstance(c, m.AllCondition):
            parts = [self.always(x, ctx, path + ("all", i)) for i, x in enumerate(c.all)]
            return Why(path, "; ".join(p.text for p in parts), all(p.covered for p in parts))
        if isinstance(c, m.AnyCondition):
            for i, x in enumerate(c.any):
                if not self.can_fail(x, ctx):
                    return self.always(x, ctx, path + ("any", i))
        if isinstance(c, m.NotCondition):
            return self.never(c.not_, ctx, path + ("not",))
        if isinstance(c, m.MeterCondition):
            lo, hi = self.r.meters.get(c.meter, (0, 0))
            return Why(path + (self._first_key(c),), f"meter '{c.meter}' stays within {_num(lo)}..{_num(hi)}, "
                                                     f"so `{_comparison_text(c)}` always holds")
        if isinstance(c, m.TurnCondition):
            return Why(path + ("turn",), f"it is checked only in turns {ctx[0]}-{ctx[1]}, all inside the range")
        if isinstance(c, m.HoldsCondition):
            return Why(path + ("holds",), f"'{c.holds.actor}' always holds '{c.holds.place}'")
        if isinstance(c, m.ContestedCondition):
            return Why(path + ("contested",), f"there is always fighting at '{c.contested}'")
        return Why(path, "it always holds")

    @staticmethod
    def _first_key(c: m.MeterCondition) -> str:
        for k in ("gte", "gt", "lte", "lt", "eq"):
            if getattr(c, k) is not None:
                return k
        return "meter"

    def _meter_text(self, c: m.MeterCondition) -> str:
        mt = self.meters.get(c.meter)
        lo, hi = self.r.meters.get(c.meter, (0, 0))
        want = _comparison_text(c)
        if mt is None:
            return f"meter '{c.meter}': `{want}` never holds"
        alo, ahi = _allowed(c)
        if alo > ahi:
            return f"`{want}` contradicts itself: no value of '{c.meter}' satisfies it"
        if ahi < mt.min or alo > mt.max:
            return f"meter '{c.meter}' runs from {mt.min} to {mt.max}, so `{want}` never holds"
        return (f"meter '{c.meter}' can only be between {_num(lo)} and {_num(hi)} (it starts at {mt.start}; that "
                f"counts every change any card could make), so `{want}` never holds")


@dataclass
class Summary:
    """What a list of effects can do when it runs once: the most it can raise (`pos`) and lower (`neg`)
    each meter, the values it can set, and what it can set, queue, end or move."""

    pos: dict[str, float] = field(default_factory=dict)
    neg: dict[str, float] = field(default_factory=dict)
    sets: list[tuple[str, int]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    queued: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    holders: list[tuple[str, str]] = field(default_factory=list)
    contested: list[tuple[str, bool]] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)
    dynamic: bool = False

    def _union(self, o: "Summary") -> None:
        self.sets += o.sets
        self.flags |= o.flags
        self.queued |= o.queued
        self.endings |= o.endings
        self.holders += o.holders
        self.contested += o.contested
        self.changed |= o.changed
        self.dynamic = self.dynamic or o.dynamic

    def then(self, o: "Summary") -> None:
        """`o` runs after what is here: the changes add up."""
        for mine, theirs in ((self.pos, o.pos), (self.neg, o.neg)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0.0) + v
        self._union(o)

    def either(self, a: "Summary", b: "Summary") -> None:
        """One of `a` or `b` runs: the larger change of the two."""
        for mine, x, y in ((self.pos, a.pos, b.pos), (self.neg, a.neg, b.neg)):
            for k in x.keys() | y.keys():
                mine[k] = mine.get(k, 0.0) + max(x.get(k, 0.0), y.get(k, 0.0))
        self._union(a)
        self._union(b)

    def record(self, r: Reach) -> None:
        r.flags |= self.flags
        r.queued |= self.queued
        r.forced_endings |= self.endings
        r.changed_meters |= self.changed
        for mid, value in self.sets:
            r.sets.setdefault(mid, set()).add(value)
        for place, holder in self.holders:
            if place in r.holders:
                r.holders[place].add(holder)
        for place, fighting in self.contested:
            if place in r.contested:
                r.contested[place].add(fighting)


EMPTY = Summary()


def _walk_all(card: m.Card):
    """Every effect of a card, however deeply nested, whatever the branch."""
    stack = list(card.effects)
    for o in card.options:
        stack.extend(o.effects)
    while stack:
        e = stack.pop()
        yield e
        if isinstance(e, (m.ChanceEffect, m.IfEffect)):
            stack.extend(e.then)
            stack.extend(e.else_)
        elif isinstance(e, (m.DelayedEffect, m.ReactEffect)):
            stack.extend(e.effects)


def _entries(doc: Document, key: str) -> list[dict]:
    value = doc.raw.get(key)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _cards(ids: list[str]) -> str:
    shown = ", ".join(f"'{c}'" for c in ids[:4]) + (f" and {len(ids) - 4} more" if len(ids) > 4 else "")
    return ("card " if len(ids) == 1 else "cards ") + shown


# --------------------------------------------------------------------------- the warnings


def lint(resolved) -> list[Problem]:
    """Warnings about content of `resolved` that can never happen (see the module docstring)."""
    with no_gc():  # many small fresh containers over a large heap of models: the cyclic GC would rescan it
        return _lint(resolved)


def _lint(resolved) -> list[Problem]:
    sc: m.Scenario = resolved.scenario
    places = Places(getattr(resolved, "paths", None) or [], sc.id)
    a = Analysis(sc)
    r = a.r
    out: list[Problem] = []

    for card in sc.cards:
        cid = card.id
        if cid not in r.cards:
            why = _why_card(a, card)
            if why is not None and not why.covered:
                out.append(places.problem(places.cards, cid, why.path,
                                          f"card '{cid}' can never be drawn: {why.text}", cid))
            continue
        ctx = a.option_window(cid)
        for j, o in enumerate(card.options):
            if (cid, o.id) not in r.options and o.when is not None:
                why = a.never(o.when, ctx, ("options", j, "when"))
                if not why.covered:
                    out.append(places.problem(places.cards, cid, why.path, f"option '{o.id}' of card '{cid}' is "
                                              f"never available: {why.text}", cid))

    for ending in sc.endings:
        if ending.id in r.forced_endings:
            continue
        if ending.when is None:
            if ending.sudden:
                out.append(places.problem(places.endings, ending.id, ("sudden",),
                                          f"ending '{ending.id}' is never reached: a sudden ending needs a `when` "
                                          "(or a card's `end_game` effect)"))
            continue
        ctx = (1, sc.turns) if ending.sudden else (sc.turns, sc.turns)
        if not a.can_hold(ending.when, ctx):
            why = a.never(ending.when, ctx, ("when",))
            if not why.covered:
                out.append(places.problem(places.endings, ending.id, why.path,
                                          f"ending '{ending.id}' is never reached: {why.text}"))

    for mt in sc.meters:
        if mt.id in r.changed_meters:
            continue
        changers = sorted(set(a.meter_changers.get(mt.id, [])))
        if changers:
            text = f"meter '{mt.id}' is changed only by {_cards(changers)}, in effects that can never happen"
        else:
            text = f"meter '{mt.id}' is never changed by any effect: it stays at {mt.start} all game"
        out.append(places.problem(places.meters, mt.id, ("id",), text))

    # the files' own facts and sources (the shipped fact base in seeds/ is shared: it may hold more)
    cited = {fid for card in sc.cards for fid in card.facts}
    used_sources = set(sc.sources) | {f.source for f in resolved.facts.values()}
    for doc in places.docs:
        for entry in _entries(doc, "facts"):
            if isinstance(entry.get("source"), str):
                used_sources.add(entry["source"])
    for doc in places.docs:
        for i, entry in enumerate(doc.raw.get("facts") or []):
            if doc.raw.get("kind") == "facts":
                break
            if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"] not in cited:
                out.append(doc.at(("facts", i, "id"), f"fact '{entry['id']}' is never cited: no card lists it "
                                                      "in its `facts`", "warning"))
        for i, entry in enumerate(doc.raw.get("sources") or []):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"] not in used_sources:
                out.append(doc.at(("sources", i, "id"), f"source '{entry['id']}' is never used: no fact names it "
                                                        "as its `source`", "warning"))
    return out


def _why_card(a: Analysis, card: m.Card) -> Why | None:
    """Why a card can never be drawn (None when nothing in it can say)."""
    cid = card.id
    queuers = sorted(set(a.queued_anywhere.get(cid, [])))
    window = a.window(cid)
    if card.draw == "follow_up":
        if not queuers:
            return Why(("draw",), "no card queues it", covered=True)
        return Why(("draw",), f"it is drawn only as a follow-up, and the only effects that queue it (in "
                              f"{_cards(queuers)}) can never happen")
    tail = f"; it is also queued by {_cards(queuers)}, in effects that can never happen" if queuers else ""
    if window is None:
        return Why(("turns",), "its turns fall outside the scenario" + tail, covered=not queuers)
    if card.draw == "random" and a.sc.draws_per_turn == 0:
        return Why(("draw",), "the scenario draws no random cards (draws_per_turn: 0); make it `draw: fixed`" + tail)
    if card.when is not None and not a.can_hold(card.when, window):
        why = a.never(card.when, window, ("when",))
        return Why(why.path, why.text + tail, why.covered and not queuers)
    return None
