"""Cross-reference checks on merged content, reported at the position of the file that brought the item.

The checks walk the plain data (not the models), so they also run on a file whose schema has problems:
an instructor sees every problem at once. Every access is guarded: the data may be malformed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from game.content import facts_rules
from game.content.documents import Document
from game.content.problems import Problem, did_you_mean
from game.model import content as m
from game.model import vocabulary as vocab

_ID = re.compile(m.ID_PATTERN)
_PARTIAL = m.PARTIAL_DATE


class Item:
    """One identified thing (card, meter, fact...) with where it came from."""

    __slots__ = ("id", "raw", "doc", "path", "model")

    def __init__(self, id: str, raw: dict, doc: Document, path: tuple, model: Any = None):
        self.id = id
        self.raw = raw
        self.doc = doc
        self.path = path
        self.model = model

    def at(self, sub: tuple, message: str, severity: str = "error", key: bool = False) -> Problem:
        return self.doc.at(self.path + sub, message, severity, key)

    def where(self) -> str:
        """'file:line:col' of this item, for messages that name another file."""
        p = self.doc.at(self.path, "")
        return f"{p.path}:{p.line}:{p.col}" if p.line else p.path


@dataclass
class Merged:
    """The merged content of a scenario and its decks, as items in order."""

    scenario_doc: Document
    cards: dict[str, Item] = field(default_factory=dict)
    meters: dict[str, Item] = field(default_factory=dict)
    actors: dict[str, Item] = field(default_factory=dict)
    places: dict[str, Item] = field(default_factory=dict)
    endings: dict[str, Item] = field(default_factory=dict)
    facts: dict[str, Item] = field(default_factory=dict)  # the files' own facts (not the shipped ones)
    sources: dict[str, Item] = field(default_factory=dict)  # sources added by decks
    removed: dict[str, Item] = field(default_factory=dict)  # card id -> the `remove` entry
    deck_score: dict[str, float] = field(default_factory=dict)  # decks' weights for the meters they add
    thresholds: dict[str, Item] = field(default_factory=dict)
    # kinds of deed decks add to the scenario's actors: (the deck's `remembers` as an item, actor id)
    deck_memories: list[tuple[Item, str]] = field(default_factory=list)
    shipped_facts: dict[str, Item] = field(default_factory=dict)
    shipped_sources: dict[str, Item] = field(default_factory=dict)


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and _ID.match(value) is not None


def date_range(value: str) -> tuple[date, date] | None:
    """First and last day of a partial date (2019 -> whole year)."""
    if not isinstance(value, str) or not _PARTIAL.match(value):
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
        day = date(*parts)
    except ValueError:
        return None
    return day, day


def scenario_span(raw: Any) -> tuple[date, date] | None:
    """(first day, last day) covered by a scenario: start .. start + turns * turn_days - 1."""
    if not isinstance(raw, dict):
        return None
    start, turns, days = raw.get("start"), raw.get("turns"), raw.get("turn_days")
    if not isinstance(start, str) or len(start) != 10 or type(turns) is not int or type(days) is not int:
        return None
    rng = date_range(start)
    if rng is None or turns < 1 or days < 1 or turns * days > 1_000_000:
        return None
    return rng[0], rng[0] + timedelta(days=turns * days - 1)


class Checker:
    def __init__(self, merged: Merged):
        self.m = merged
        self.problems: list[Problem] = []
        self.fact_ids = set(merged.shipped_facts) | set(merged.facts)
        self.source_ids = set(merged.shipped_sources) | set(merged.sources)
        self.flags_set: set[str] = set()
        self.flags_tested: list[tuple[str, Item, tuple]] = []
        self.edges: dict[str, list[tuple[str, Item, tuple]]] = {}  # card -> same-turn follow-ups (target, where)
        self.queued: set[str] = set()
        self._known = {"meter": merged.meters, "card": merged.cards, "place": merged.places, "actor": merged.actors,
                       "ending": merged.endings}
        sc = merged.scenario_doc.raw if isinstance(merged.scenario_doc.raw, dict) else {}
        self.turns = sc.get("turns") if type(sc.get("turns")) is int else None
        self.span = scenario_span(sc)
        self.budget = sc.get("budget") if _is_id(sc.get("budget")) and sc.get("budget") in merged.meters else None
        self.has_budget = "budget" in sc
        # the kinds of deed each actor keeps count of (its `remembers`, and what decks add to it)
        self.memories: dict[str, set[str]] = {}
        for aid, actor in merged.actors.items():
            kinds = actor.raw.get("remembers")
            self.memories[aid] = {k for k in kinds if isinstance(k, str)} if isinstance(kinds, list) else set()
        for item, aid in merged.deck_memories:
            kinds = item.raw.get(aid)
            if aid in self.memories and isinstance(kinds, list):
                self.memories[aid].update(k for k in kinds if isinstance(k, str))
        self.memories_recorded: set[tuple[str, str]] = set()
        self.memories_tested: list[tuple[tuple[str, str], Item, tuple]] = []

    # ---------------------------------------------------------------- helpers

    def ref(self, kind: str, value: Any, known: dict | set, item: Item, sub: tuple, key: bool = False) -> bool:
        """Check one reference; False when it is unknown (and reported)."""
        if not _is_id(value):
            return False  # the schema reports malformed ids
        if value in known:
            return True
        if kind == "card" and value in self.m.removed:
            gone = self.m.removed[value]
            message = f"card '{value}' was removed by {gone.where()} but is still used here"
        else:
            message = f"unknown {kind} '{value}'" + did_you_mean(value, known)
        self.problems.append(item.at(sub, message, key=key))
        return False

    # ---------------------------------------------------------------- walkers

    def effects(self, effects: Any, item: Item, sub: tuple, card: str | None, delayed: bool) -> None:
        if not isinstance(effects, list):
            return
        for i, e in enumerate(effects):
            if isinstance(e, dict):
                self.node(e, "effect", item, sub + (i,), card, delayed)

    def condition(self, c: Any, item: Item, p: tuple) -> None:
        if isinstance(c, dict):
            self.node(c, "condition", item, p, None, False)

    def node(self, raw: dict, family: str, item: Item, p: tuple, card: str | None, delayed: bool) -> None:
        """One effect or condition of plain data with everything nested in it: each reference, in order."""
        for r in vocab.references(raw, family, deep=True):
            self.reference(r, item, p + r.path, card, delayed or r.later)

    def reference(self, r: vocab.Reference, item: Item, p: tuple, card: str | None, delayed: bool) -> None:
        """Check one reference by what it names (see game.model.vocabulary.Ref)."""
        known = self._known.get(r.to)
        if known is not None:
            if self.ref(r.to, r.value, known, item, p) and r.role == "queue":
                self.queued.add(r.value)
                if card is not None and not delayed and r.delay == 0:
                    self.edges.setdefault(card, []).append((r.value, item, p))
        elif r.to == "flag":
            if isinstance(r.value, str):
                if r.role == "set":
                    self.flags_set.add(r.value)
                elif r.role == "test":
                    self.flags_tested.append((r.value, item, p))
        elif r.to == "memory":
            aid, what = r.actor, r.value
            if _is_id(aid) and aid in self.memories and _is_id(what):
                kinds = self.memories[aid]
                if what not in kinds:
                    name = self.m.actors[aid].raw.get("name")
                    if kinds:
                        message = (f"actor '{aid}' does not keep count of '{what}'" + did_you_mean(what, kinds)
                                   + f"; what it remembers: {', '.join(sorted(kinds))}")
                    else:
                        message = (f"actor '{aid}' keeps count of nothing: add `remembers: [{what}]` to "
                                   f"{name if isinstance(name, str) else aid}'s entry under `actors`")
                    self.problems.append(item.at(p, message))
                elif r.role == "change":
                    self.memories_recorded.add((aid, what))
                else:
                    self.memories_tested.append(((aid, what), item, p))
        elif r.to == "turn":
            if type(r.value) is int and self.turns is not None and r.value > self.turns:
                self.problems.append(item.at(p, f"turn {r.value} is after the last turn ({self.turns}): this "
                                             "never holds", "warning"))
        elif r.to == "option":
            cid, oid = r.card, r.value
            if _is_id(cid) and cid in self.m.cards and _is_id(oid):
                target = self.m.cards[cid].raw.get("options")
                options = [o.get("id") for o in target if isinstance(o, dict)] if isinstance(target, list) else []
                if oid not in options:
                    if options:
                        message = f"card '{cid}' has no option '{oid}'" + did_you_mean(oid, options)
                    else:
                        message = f"card '{cid}' has no options (it is an event card)"
                    self.problems.append(item.at(p, message))

    def card(self, item: Item) -> None:
        raw, mm = item.raw, self.m
        cid = item.id
        if "place" in raw:
            self.ref("place", raw["place"], mm.places, item, ("place",))
        for key, kind, known in (("actors", "actor", mm.actors), ("facts", "fact", self.fact_ids)):
            values = raw.get(key)
            if isinstance(values, list):
                for i, v in enumerate(values):
                    self.ref(kind, v, known, item, (key, i))
        if "when" in raw:
            self.condition(raw["when"], item, ("when",))
        self.effects(raw.get("effects"), item, ("effects",), cid, False)
        options = raw.get("options")
        if isinstance(options, list):
            for j, o in enumerate(options):
                if isinstance(o, dict):
                    if "when" in o:
                        self.condition(o["when"], item, ("options", j, "when"))
                    self.cost(o, item, ("options", j))
                    self.effects(o.get("effects"), item, ("options", j, "effects"), cid, False)
        if self.span is not None and raw.get("background") is not True:
            rng = date_range(raw.get("date"))
            if rng is not None:
                first, last = self.span
                if rng[1] < first:
                    self.problems.append(item.at(("date",), f"dated {raw['date']}, before the scenario starts "
                                                 f"({first.isoformat()}): change the date or mark the card "
                                                 "`background: true`"))
                elif rng[0] > last and self.m.scenario_doc.text is not None:
                    # (content read back from a save was checked when it was played; a class pack may have
                    # played only the scenario's first turns, and the cards dated later never came up)
                    self.problems.append(item.at(("date",), f"dated {raw['date']}, after the scenario ends "
                                                 f"({last.isoformat()}): change the date or mark the card "
                                                 "`background: true`"))
        turns = raw.get("turns")
        if isinstance(turns, dict) and self.turns is not None:
            lo = turns.get("from")
            if type(lo) is int and lo > self.turns:
                self.problems.append(item.at(("turns", "from"), f"turn {lo} is after the last turn "
                                             f"({self.turns}): this card is never drawn", "warning"))

    def cost(self, option: dict, item: Item, sub: tuple) -> None:
        """An option's `cost` and `surcharge`: they need the scenario's budget; the conditions are checked."""
        surcharge = option.get("surcharge")
        if isinstance(surcharge, list):
            for k, x in enumerate(surcharge):
                if isinstance(x, dict) and "when" in x:
                    self.condition(x["when"], item, sub + ("surcharge", k, "when"))
        if not self.has_budget:
            for key in ("cost", "surcharge"):
                if option.get(key):
                    self.problems.append(item.at(sub + (key,), f"option '{option.get('id')}' has a {key}, but the "
                                                 "scenario names no budget to pay it from: add `budget: "
                                                 "<meter id>` to the scenario", key=True))
                    break

    def threshold(self, item: Item) -> None:
        raw = item.raw
        mid = raw.get("meter")
        if self.ref("meter", mid, self.m.meters, item, ("meter",)):
            meter = self.m.meters[mid].raw
            lo, hi = meter.get("min", 0), meter.get("max", 100)
            for side in ("above", "below"):
                line = raw.get(side)
                if type(line) is int and type(lo) is int and type(hi) is int:
                    out = line <= lo if side == "above" else line >= hi
                    if line > hi or line < lo or out:
                        self.problems.append(item.at((side,), f"threshold '{item.id}' never fires: meter '{mid}' "
                                                     f"runs from {lo} to {hi}, so it never crosses `{side}: "
                                                     f"{line}`", "warning"))
        if "actor" in raw:
            self.ref("actor", raw["actor"], self.m.actors, item, ("actor",))
        self.effects(raw.get("effects"), item, ("effects",), None, False)

    # ---------------------------------------------------------------- the whole

    def run(self) -> list[Problem]:
        mm = self.m
        sdoc = mm.scenario_doc
        sc = sdoc.raw if isinstance(sdoc.raw, dict) else {}
        top = Item(sc.get("id") if isinstance(sc.get("id"), str) else "", sc, sdoc, ())

        sources = sc.get("sources")
        if isinstance(sources, list):
            for i, s in enumerate(sources):
                self.ref("source", s, self.source_ids, top, ("sources", i))
        score = sc.get("score")
        if isinstance(score, dict):
            for k in score:
                self.ref("meter", k, mm.meters, top, ("score", k), key=True)
        for place in mm.places.values():
            if "holder" in place.raw:
                self.ref("actor", place.raw["holder"], mm.actors, place, ("holder",))
        for ending in mm.endings.values():
            if "when" in ending.raw:
                self.condition(ending.raw["when"], ending, ("when",))
        for fact in mm.facts.values():
            self.ref("source", fact.raw.get("source"), self.source_ids, fact, ("source",))
        if "budget" in sc:
            self.ref("meter", sc["budget"], mm.meters, top, ("budget",))
        for item, aid in mm.deck_memories:
            self.ref("actor", aid, mm.actors, item, (aid,), key=True)
        for threshold in mm.thresholds.values():
            self.threshold(threshold)
        for card in mm.cards.values():
            self.card(card)
        self.problems.extend(facts_rules.check(mm))  # records, marked options, named advisers, sources

        self.fallback(top)
        self.cycles()
        for name, item, p in self.flags_tested:
            if name not in self.flags_set and _is_id(name):
                self.problems.append(item.at(p, f"flag '{name}' is never set by any card, so this never holds"
                                             + did_you_mean(name, self.flags_set), "warning"))
        for (aid, what), item, p in self.memories_tested:
            if (aid, what) not in self.memories_recorded:
                self.problems.append(item.at(p, f"nothing makes '{aid}' remember '{what}' (no `remember` effect "
                                             "records it), so its count stays 0", "warning"))
        for cid, card in mm.cards.items():
            if card.raw.get("draw") == "follow_up" and cid not in self.queued:
                self.problems.append(card.at(("draw",), f"card '{cid}' is drawn only as a follow-up, "
                                             "but no card queues it", "warning"))
        return self.problems

    def fallback(self, top: Item) -> None:
        fallback = None
        for ending in self.m.endings.values():
            regular = ending.raw.get("sudden") is not True
            if fallback is None:
                if regular and ending.raw.get("when") is None:
                    fallback = ending
            elif regular:
                self.problems.append(ending.at(("id",), f"ending '{ending.id}' is never reached: the fallback "
                                               f"ending '{fallback.id}' (no `when`) comes first; put the "
                                               "fallback last", "warning"))
        if fallback is None and self.m.endings:
            self.problems.append(top.at(("endings",), "no fallback ending: add, last, an ending with no `when` "
                                        "(and not sudden); it applies when no other ending does", key=True))

    def cycles(self) -> None:
        """Follow-ups with in_turns: 0 that lead back to their card would never let the turn end."""
        graph = self.edges
        order = {cid: i for i, cid in enumerate(self.m.cards)}
        reported: set[frozenset] = set()
        state: dict[str, int] = {}  # 1 = on the path, 2 = done
        for root in sorted(graph, key=lambda c: order.get(c, 0)):
            if state.get(root):
                continue
            path: list[str] = [root]
            iters = [iter(graph.get(root, ()))]
            edges_on_path: list[tuple[str, Item, tuple]] = []
            state[root] = 1
            while iters:
                step = next(iters[-1], None)
                if step is None:
                    state[path.pop()] = 2
                    iters.pop()
                    if edges_on_path:
                        edges_on_path.pop()
                    continue
                target = step[0]
                if state.get(target) == 1:
                    start = path.index(target)
                    cycle = path[start:] + [target]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        closing = (edges_on_path + [step])[start]
                        _, item, p = closing
                        self.problems.append(item.at(p, "follow-up cycle: " + " -> ".join(cycle)
                                                     + " (each queues the next with in_turns: 0, later the same "
                                                     "turn, so the turn would never end)"))
                elif not state.get(target):
                    state[target] = 1
                    path.append(target)
                    edges_on_path.append(step)
                    iters.append(iter(graph.get(target, ())))


def check(merged: Merged) -> list[Problem]:
    return Checker(merged).run()
