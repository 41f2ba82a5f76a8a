"""Warnings about content that is valid but dead: things that can never happen.

    from game.content.lint import lint
    warnings = lint(resolved)        # list[Problem], every one with severity "warning"

The cross-reference checks (game.content.xref) already warn about a flag that no effect sets at all, a
follow-up card that no effect queues at all, a turn range starting after the last turn and an ending
placed after the fallback. This module looks further, with a small static analysis of the merged content:
what can possibly be drawn, chosen, set and reached, grown to a fixed point from the start of the game.

It over-approximates (a meter's possible range is its start plus every increase that could possibly
happen, and so on), so a warning here is certain: what it reports can never happen in any game. What it
does not report may still be unreachable in practice; `wargame check` finds that by playing. What each kind
of effect and condition contributes (can it hold, can it fail, why not, what can it change) is declared
with the kind, in game.engine.vocabulary; this module drives the fixed point and places the warnings.

Each warning names the card, option, ending, meter, fact or source and points at the file, line and
column: a card that can never be drawn, an option never available, an ending never reached, a meter never
changed, a fact of a file's own `facts:` never cited, a deck's own source never used, a threshold that never
fires, an option never affordable and a card that may come with nothing affordable. docs/authoring.md
(section 14) explains each to instructors.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable

from game.content.documents import Document, read_document
from game.content.gc_pause import no_gc
from game.content.problems import Problem
from game.engine.rules import card_window
from game.engine.vocabulary import EMPTY, INF, Reach, Summary, Why, cards_phrase, kind
from game.model import content as m
from game.model.vocabulary import references


# --------------------------------------------------------------------------- where things are written


class Places:
    """Where each card, ending and meter of the merged content is written (the last file that brought it
    wins, as in the merge: a deck's `replace` entry stands for the card), and the files themselves."""

    def __init__(self, paths: Iterable[Path], fallback: str):
        self.fallback = fallback
        self.cards: dict[str, tuple[Document, tuple]] = {}
        self.endings: dict[str, tuple[Document, tuple]] = {}
        self.meters: dict[str, tuple[Document, tuple]] = {}
        self.thresholds: dict[str, tuple[Document, tuple]] = {}
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
                              ("meters", self.meters), ("thresholds", self.thresholds)):
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


def _windows(sc: m.Scenario) -> dict[str, tuple[int, int]]:
    """Card id -> (first, last) turn it can be drawn in, as the engine compiles it (game.engine.rules),
    without compiling every card's effects."""
    start = date.fromisoformat(sc.start)
    return {card.id: card_window(card, start, sc.turn_days, sc.turns) for card in sc.cards}


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
        self.thresholds = list(scenario.thresholds or ())
        self.budget = scenario.budget
        for t in self.thresholds:  # what thresholds set counts as set somewhere (the messages name cards)
            self.set_anywhere.update(r.value for r in _threshold_references(t) if r.to == "flag" and r.role == "set")
        for card in scenario.cards:
            for r in _references(card):
                if r.to == "flag" and r.role == "set":
                    self.set_anywhere.add(r.value)
                    self.flag_setters.setdefault(r.value, []).append(card.id)
                elif r.role == "queue":
                    self.queued_anywhere.setdefault(r.value, []).append(card.id)
                elif r.to == "meter" and r.role == "change":
                    self.meter_changers.setdefault(r.value, []).append(card.id)
        self.drifting = {mt.id: mt.drift.toward for mt in scenario.meters if mt.drift is not None}
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
            own = self.summary(card.effects, ctx)
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
                so = self.summary(o.effects, ctx)
                so.record(r)
                settled = settled and not so.dynamic
                for k, v in so.pos.items():
                    best_pos[k] = max(best_pos.get(k, 0.0), v)
                spent = o.cost_range()[1] if self.budget is not None else 0
                if spent:  # the cost is a fall of the budget, beside what the effects do
                    r.changed_meters.add(self.budget)
                    best_neg[self.budget] = max(best_neg.get(self.budget, 0.0), so.neg.get(self.budget, 0.0) + spent)
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
        # thresholds the meters' ranges so far let cross: their effects can happen (again, once re-armed)
        for t in self.thresholds:
            lo, hi = r.meters.get(t.meter, (-INF, INF))
            if not (lo < t.line <= hi if t.rising else lo <= t.line < hi):
                continue
            r.thresholds.add(t.id)
            st = self.summary(t.effects, (1, self.turns))
            st.record(r)
            times = INF if t.rearm is not None else 1
            contrib[f"threshold:{t.id}"] = ({k: v * times for k, v in st.pos.items() if v},
                                            {k: v * times for k, v in st.neg.items() if v})
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
            if mid in self.drifting:  # it moves toward its level, never past it
                r.changed_meters.add(mid)
                lo, hi = min(lo, self.drifting[mid]), max(hi, self.drifting[mid])
            old = r.meters[mid]
            r.meters[mid] = (min(lo, old[0]), max(hi, old[1]))

    def summary(self, effects, ctx: tuple[int, int]) -> Summary:
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
            kind(e).summarise(e, s, self, ctx)
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

    # ---------------------------------------------------------------- conditions (see game.engine.vocabulary)

    def can_hold(self, c, ctx: tuple[int, int]) -> bool:
        return kind(c).can_hold(c, self, ctx)

    def can_fail(self, c, ctx: tuple[int, int]) -> bool:
        return kind(c).can_fail(c, self, ctx)

    def never(self, c, ctx: tuple[int, int], path: tuple) -> Why:
        """Why `c` (at `path`) can never hold; call only when `can_hold` is False."""
        return kind(c).never(c, self, ctx, path)

    def always(self, c, ctx: tuple[int, int], path: tuple) -> Why:
        """Why `c` can never fail (for a `not` that never holds)."""
        return kind(c).always(c, self, ctx, path)


def _references(card: m.Card):
    """Every reference of a card's effects, however deeply nested, whatever the branch."""
    for effects in (card.effects, *(o.effects for o in card.options)):
        for e in effects:
            yield from references(e, deep=True)


def _threshold_references(t: m.Threshold):
    for e in t.effects:
        yield from references(e, deep=True)


def _entries(doc: Document, key: str) -> list[dict]:
    value = doc.raw.get(key)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


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
            if a.budget is not None and (cid, o.id) in r.options:
                least, high = o.cost_range()[0], r.meters[a.budget][1]
                if least > high:
                    name = a.meters[a.budget].name
                    out.append(places.problem(places.cards, cid, ("options", j, "cost"),
                                              f"option '{o.id}' of card '{cid}' is never affordable: it costs at "
                                              f"least {least} {name}, and {name} never rises above {int(high)}",
                                              cid))
            if (cid, o.id) not in r.options and o.when is not None:
                why = a.never(o.when, ctx, ("options", j, "when"))
                if not why.covered:
                    out.append(places.problem(places.cards, cid, why.path, f"option '{o.id}' of card '{cid}' is "
                                              f"never available: {why.text}", cid))

    if a.budget is not None:
        low = r.meters[a.budget][0]
        name = a.meters[a.budget].name
        for card in sc.cards:
            if card.id not in r.cards or not card.options:
                continue
            cheapest = min(o.cost_range()[0] for o in card.options)
            if cheapest > 0 and low < cheapest:
                out.append(places.problem(places.cards, card.id, ("options",),
                                          f"card '{card.id}' may come when nothing on it is affordable: every "
                                          f"option costs at least {cheapest} {name}, and {name} can fall to "
                                          f"{int(low)}; the card then passes without a choice (make one option "
                                          "free, or cheaper)", card.id))

    for t in a.thresholds:
        mt = a.meters[t.meter]
        if t.id not in r.thresholds and (mt.min < t.line <= mt.max if t.rising else mt.min <= t.line < mt.max):
            lo, hi = r.meters.get(t.meter, (0, 0))  # (a line outside the meter's range: xref says so)
            side = "above" if t.rising else "below"
            out.append(places.problem(places.thresholds, t.id, (side,),
                                      f"threshold '{t.id}' never fires: meter '{t.meter}' can only be between "
                                      f"{int(lo)} and {int(hi)} (every change any card could make counted), so it "
                                      f"never crosses `{side}: {t.line}`"))

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
            text = f"meter '{mt.id}' is changed only by {cards_phrase(changers)}, in effects that can never happen"
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
                              f"{cards_phrase(queuers)}) can never happen")
    tail = f"; it is also queued by {cards_phrase(queuers)}, in effects that can never happen" if queuers else ""
    if window is None:
        return Why(("turns",), "its turns fall outside the scenario" + tail, covered=not queuers)
    if card.draw == "random" and a.sc.draws_per_turn == 0:
        return Why(("draw",), "the scenario draws no random cards (draws_per_turn: 0); make it `draw: fixed`" + tail)
    if card.when is not None and not a.can_hold(card.when, window):
        why = a.never(card.when, window, ("when",))
        return Why(why.path, why.text + tail, why.covered and not queuers)
    return None
