"""Building the debrief (game.debrief.schema) from game records: the story of one game, or a class's games
side by side. Sentences about events come from game.engine.explain (one explainer for the whole game).
With `what_if` settings, every game's decisions are also valued by simulated continuations
(game.debrief.whatif), all games' work spread over the same processes.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Iterable

from game.debrief.schema import (
    Agreement, CardComparison, CardReport, ClassReport, ClassroomInfo, DecisionReport, EndingCount, EndingReport,
    FactRef, GameReport, MeterInfo, MeterTrajectory, Note, OptionCount, Outlier, Report, SaveSummary, ScoreStats,
    Skipped, Superseded, TurnReport,
)
from game.engine.explain import event_summary, event_text
from game.model.citing import cite, is_outside, moscow_did
from game.model.events import (
    ActorReacted, CardDrawn, ChanceRolled, DecisionMade, DelayedDue, DelayedScheduled, EndingReached,
    FollowUpQueued, MeterChanged, PlaceChanged,
)
from game.saves.record import now_utc

# events told as consequences (draws and decisions have their own columns; flags are hidden state)
CONSEQUENCES = (MeterChanged, PlaceChanged, ChanceRolled, DelayedScheduled, DelayedDue, FollowUpQueued, ActorReacted,
                EndingReached)


# --------------------------------------------------------------------------- one game


def paragraphs(text: str | None) -> list[str]:
    """Paragraphs of a text written as YAML block scalars: blank lines part them, single breaks are spaces."""
    if not text:
        return []
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]


def reflow(text: str | None) -> str | None:
    """The text with its paragraphs separated by one blank line and no hard breaks inside them."""
    return None if text is None else "\n\n".join(paragraphs(text))


def _label_base(record) -> str:
    if record.player:
        return record.player
    if record.path is not None:
        return Path(record.path).stem
    return f"game {record.game_id}"


def labels_for(records: list) -> list[str]:
    """One distinct, readable label per game: the student's (player's) name; a student with several games
    gets them numbered in the order they were started ("Ana, game 2"), a fork says so; bots, who all share a
    name, get their file names (which carry the seed)."""
    base = [_label_base(r) for r in records]
    own = [i for i, r in enumerate(records) if r.fork_of is None]  # a what-if is not another game of theirs
    counts = Counter(base[i] for i in own)
    started = {b: [i for _, i in sorted((records[i].created, i) for i in own if base[i] == b)]
               for b in counts if counts[b] > 1}
    out = []
    for i, (r, b) in enumerate(zip(records, base)):
        if r.fork_of is not None:
            b += f" (what-if from turn {r.fork_of.turn})"
        elif counts[b] > 1:
            if (r.player or "").startswith("bot:") and r.path is not None:
                b = Path(r.path).stem
            else:
                b = f"{b}, game {started[b].index(i) + 1}"
        out.append(b)
    seen: Counter = Counter()
    final = []
    for b in out:
        seen[b] += 1
        final.append(b if seen[b] == 1 else f"{b} #{seen[b]}")
    return final


def _facts(resolved, ids: Iterable[str]) -> list[FactRef]:
    facts = getattr(resolved, "facts", {}) or {}
    sources = getattr(resolved, "sources", {}) or {}
    out = []
    for fid in ids:
        f = facts.get(fid)
        if f is None:
            out.append(FactRef(fid, None, "(not in the fact base embedded in this save)"))
            continue
        src = sources.get(f.source)
        out.append(FactRef(fid, f.date, f.summary, f.source, src.title if src is not None else None, f.paragraph,
                           cite(f, sources), is_outside(f, sources)))
    return out


class Moscow:
    """What the documents record Moscow did on one card: the marked option (documented or inferred records
    only), its grade, and the line screens and reports show (game.model.citing.moscow_did)."""

    __slots__ = ("option_id", "label", "grade", "text", "summary")

    def __init__(self, card, resolved):
        option = card.moscow_option if card is not None else None
        self.option_id = option.id if option else None
        self.label = option.label if option else None
        self.grade = card.record.record if option is not None else None
        self.text = reflow(card.history) if card is not None else None
        facts = getattr(resolved, "facts", {}) or {}
        sources = getattr(resolved, "sources", {}) or {}
        self.summary = moscow_did(card, facts, sources) if card is not None else "not recorded in the sources"


class _Content:
    """Lookups over one resolved scenario, built once per report."""

    def __init__(self, resolved):
        self.resolved = resolved
        sc = resolved.scenario
        self.cards = {c.id: c for c in sc.cards}
        self.meters = list(sc.meters)
        self.endings = {e.id: e for e in sc.endings}

    def moscow(self, card_id: str) -> Moscow:
        return Moscow(self.cards.get(card_id), self.resolved)

    def option_label(self, card_id: str, option_id: str | None) -> str | None:
        if option_id is None:
            return None
        card = self.cards.get(card_id)
        if card is None:
            return option_id
        return next((o.label for o in card.options if o.id == option_id), option_id)


def _turn_report(record, info: _Content, turn: int, date: str, events: list, before: dict, after: dict,
                 in_progress: bool, logged: Iterable[int]) -> TurnReport:
    """One turn; `logged` numbers the decisions of the game's log in order (one per DecisionMade event)."""
    rules = record.rules
    cards: list[CardReport] = []
    decisions: list[DecisionReport] = []
    consequences: list[str] = []
    for e in events:
        if isinstance(e, CardDrawn):
            c = info.cards.get(e.card)
            if c is None:
                continue
            cards.append(CardReport(c.id, c.title, e.how, c.date, reflow(c.text), c.hypothetical,
                                    _facts(info.resolved, c.facts)))
        elif isinstance(e, DecisionMade):
            index = next(logged)
            c = info.cards.get(e.card) if e.card is not None else None
            if c is None or not c.options:
                continue
            mo = info.moscow(c.id)
            decisions.append(DecisionReport(
                c.id, c.title, e.option, info.option_label(c.id, e.option), mo.option_id, mo.label, mo.text,
                None if mo.option_id is None else e.option == mo.option_id, c.hypothetical,
                mo.grade, mo.summary, index,
            ))
        elif isinstance(e, CONSEQUENCES):
            try:
                line = event_text(rules, e)
            except Exception:  # an unverified record's event that today's rules cannot word
                line = event_summary(e)
            if line:
                consequences.append(line)
    notes = [Note(a.text, a.at) for a in record.annotations.get(turn, [])]
    return TurnReport(turn, date, in_progress, cards, decisions, consequences, before, after, notes)


def build_game(record, label: str | None = None, what_if=None) -> GameReport:
    """The story of one game; `what_if`: its analysis (a GameWhatIf from game.debrief.whatif.analyse)."""
    info = _Content(record.resolved)
    rules = record.rules
    turning_points = None
    if what_if is not None:
        from game.debrief.whatif import turning_points_of

        turning_points = turning_points_of(what_if)
    timeline: list[TurnReport] = []
    before = record.meters_at(0)
    series = {m.id: [before[m.id]] for m in info.meters}
    logged = itertools.count()
    for t in record.turns:
        after = dict(t.meters)
        timeline.append(_turn_report(record, info, t.turn, t.date, t.events, before, after, False, logged))
        for mid in series:
            series[mid].append(after[mid])
        before = after
    if not record.over and (record.current_events or record.current_decisions):
        turn = record.state.turn
        timeline.append(_turn_report(record, info, turn, rules.turn_date(turn).isoformat(), record.current_events,
                                     before, dict(record.state.meters), True, logged))
    end_meters = dict(record.state.meters)
    meters = [MeterInfo(m.id, m.name, m.min, m.max, m.good, m.start, end_meters[m.id]) for m in info.meters]
    ending = None
    out = record.outcome
    if out is not None:
        e = info.endings.get(out.ending)
        names = {m.id: m.name for m in info.meters}
        breakdown = [(names.get(k, "Ending bonus" if k == "ending" else k), v) for k, v in out.breakdown.items()]
        ending = EndingReport(out.ending, out.title, reflow(e.text) if e else "", e.tone if e else "mixed", out.score,
                              breakdown)
    agreement = Agreement()
    for d in (d for t in timeline for d in t.decisions):
        if d.moscow_grade is None:
            agreement.not_recorded += 1
            continue
        agreement.marked += 1
        agreement.matched += bool(d.matches)
        if d.moscow_grade == "documented":
            agreement.documented += 1
        else:
            agreement.inferred += 1
    fork_of = None
    if record.fork_of is not None:
        f = record.fork_of
        fork_of = {"game_id": f.game_id, "payload_sha256": f.payload_sha256, "file": f.file, "turn": f.turn}
    return GameReport(
        label=label or _label_base(record),
        file=Path(record.path).name if record.path is not None else None,
        player=record.player,
        game_id=record.game_id,
        scenario_id=rules.id,
        scenario_title=rules.title,
        deck_ids=list(getattr(record.resolved, "deck_ids", []) or []),
        seed=record.seed,
        created=record.created,
        updated=record.updated,
        over=record.over,
        turn=record.state.turn,
        turns_completed=len(record.turns),
        meters=meters,
        series=series,
        timeline=timeline,
        ending=ending,
        agreement=agreement,
        fork_of=fork_of,
        verified=getattr(record, "verified", True),
        verify_note=getattr(record, "verify_note", ""),
        classroom=classroom_info(record.classroom),
        what_if=what_if,
        turning_points=turning_points,
    )


def classroom_info(entry) -> ClassroomInfo | None:
    """What a report says of the class pack a game was played under (a game.model.save.ClassroomEntry)."""
    if entry is None:
        return None
    return ClassroomInfo(entry.id, entry.title, entry.settings.describe())


def _summary(g: GameReport) -> SaveSummary:
    return SaveSummary(
        g.label, g.file, g.player, g.game_id, g.turns_completed, g.over,
        g.ending.id if g.ending else None, g.ending.title if g.ending else None,
        g.ending.score if g.ending else None, g.agreement, {m.id: m.end for m in g.meters},
        g.verified, g.verify_note, g.fork_of,
    )


def _score_stats(values: list[float]) -> ScoreStats:
    if not values:
        return ScoreStats(0, None, None, None, None)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return ScoreStats(len(values), round(statistics.fmean(values), 2), round(sd, 2), min(values), max(values))


# --------------------------------------------------------------------------- a class


def build_class(records: list, labels: list[str] | None = None, what_ifs: list | None = None) -> ClassReport:
    """Compare several saves of one scenario (the first save's content names cards and meters); `what_ifs`:
    their analyses, in the same order (game.debrief.whatif)."""
    labels = labels or labels_for(records)
    what_ifs = what_ifs or [None] * len(records)
    games = [build_game(r, lab, w) for r, lab, w in zip(records, labels, what_ifs)]
    info = _Content(records[0].resolved)
    summaries = [_summary(g) for g in games]
    endings = _ending_counts(games, info)
    cards = _card_comparisons(games, info)
    stats = _score_stats([s.score for s in summaries if s.score is not None])
    outliers = _score_outliers(summaries, stats)
    if len(games) >= 3:
        outliers += _lone_choices(cards) + _lone_endings(endings, summaries)
    packs = {(g.classroom.id, g.classroom.title) for g in games if g.classroom is not None}
    shared = games[0].classroom if len(packs) == 1 and all(g.classroom is not None for g in games) else None
    what_if = None
    if any(w is not None for w in what_ifs):
        from game.debrief.whatif import class_what_if

        what_if = class_what_if(games, info.cards)
    return ClassReport(info.resolved.scenario.id, info.resolved.scenario.title, summaries, endings, stats, cards,
                       _meter_trajectories(games, info), outliers, shared, what_if)


def _ending_counts(games: list[GameReport], info: _Content) -> list[EndingCount]:
    """How many games reached each ending: the scenario's in its order, then endings another deck added,
    then the unfinished games."""
    n = len(games)
    counts: Counter = Counter(g.ending.id if g.ending else None for g in games)
    out = [EndingCount(e.id, e.title, e.tone, counts[e.id], round(counts[e.id] / n, 3))
           for e in info.resolved.scenario.endings if counts.get(e.id)]
    out += [EndingCount(eid, eid, "mixed", c, round(c / n, 3))
            for eid, c in counts.items() if eid is not None and eid not in info.endings]
    if counts.get(None):
        out.append(EndingCount(None, "(not finished)", "none", counts[None], round(counts[None] / n, 3)))
    return out


def _card_comparisons(games: list[GameReport], info: _Content) -> list[CardComparison]:
    """Per decision card (in the order the class met them), who chose what, beside Moscow's choice (a what-if
    game counts from the turn it was forked at)."""
    chosen: dict[str, dict[str | None, list[str]]] = {}  # card -> option -> who
    first_turn: dict[str, int] = {}
    answered: dict[str, set] = {}
    order: dict[str, int] = {}
    for g in games:
        since = g.fork_of["turn"] if g.fork_of else 0  # a what-if's turns before the fork are the original's
        for t in g.timeline:
            if t.turn < since:
                continue
            for d in t.decisions:
                order.setdefault(d.card_id, len(order))
                chosen.setdefault(d.card_id, {}).setdefault(d.chosen_id, []).append(g.label)
                first_turn[d.card_id] = min(first_turn.get(d.card_id, t.turn), t.turn)
                answered.setdefault(d.card_id, set()).add(g.label)
    out = []
    for cid in sorted(chosen, key=lambda c: (first_turn[c], order[c])):
        card = info.cards.get(cid)
        mo = info.moscow(cid)
        known = [o.id for o in card.options] if card is not None else []
        options = []
        for oid in known + [o for o in chosen[cid] if o not in known]:
            who = chosen[cid].get(oid, [])
            label = info.option_label(cid, oid) or "(no choice)"
            options.append(OptionCount(oid, label, mo.option_id is not None and oid == mo.option_id, len(who),
                                       sorted(set(who))))
        out.append(CardComparison(cid, card.title if card else cid, first_turn[cid], len(answered[cid]), options,
                                  mo.label, mo.text, bool(card and card.hypothetical), mo.grade))
    return out


def _meter_trajectories(games: list[GameReport], info: _Content) -> list[MeterTrajectory]:
    """Each meter turn by turn: the class mean, low and high, and every save's own values."""
    length = max(len(s) for g in games for s in g.series.values()) if games else 0
    out = []
    for m in info.meters:
        per = {g.label: g.series.get(m.id, []) for g in games if m.id in g.series}
        columns = [[s[i] for s in per.values() if i < len(s)] for i in range(length)]
        mean = [round(sum(vals) / len(vals), 2) if vals else None for vals in columns]
        lo = [min(vals) if vals else None for vals in columns]
        hi = [max(vals) if vals else None for vals in columns]
        out.append(MeterTrajectory(m.id, m.name, m.min, m.max, m.good, mean, lo, hi, per))
    return out


def _score_outliers(summaries: list[SaveSummary], stats: ScoreStats) -> list[Outlier]:
    """Final scores more than two standard deviations from the class mean (with three games or more)."""
    if stats.n < 3 or not stats.sd:
        return []
    out = []
    for s in summaries:
        if s.score is not None and abs(s.score - stats.mean) > 2 * stats.sd:
            side = "above" if s.score > stats.mean else "below"
            z = (s.score - stats.mean) / stats.sd
            out.append(Outlier(s.label, f"final score {s.score:g} is {abs(z):.1f} standard deviations "
                                        f"{side} the class mean ({stats.mean:g})"))
    return out


def _lone_choices(cards: list[CardComparison]) -> list[Outlier]:
    """The only game to choose an option, on cards at least three games answered."""
    return [Outlier(o.who[0], f"the only one to choose “{o.label}” on “{c.title}”")
            for c in cards if c.answered >= 3 for o in c.options if o.count == 1 and len(o.who) == 1]


def _lone_endings(endings: list[EndingCount], summaries: list[SaveSummary]) -> list[Outlier]:
    """The only game to reach an ending."""
    return [Outlier(next(s.label for s in summaries if s.ending_id == e.id), f"the only game ending in “{e.title}”")
            for e in endings if e.count == 1 and e.id is not None]


# --------------------------------------------------------------------------- the report


def build_report(records: list, skipped: Iterable[tuple[str, str]] = (), group: bool = True,
                 superseded: Iterable[tuple[str, str]] = (), what_if=None, progress=None) -> Report:
    """One save: a game report. Several: a class comparison per scenario (or, with group=False, a
    ValueError when they are not all of one scenario). `skipped`: (file, why) of saves that could not be
    read; `superseded`: (file, the file kept) of saves left out because a later save of their game counts
    (game.saves.folders). `what_if`: a game.debrief.whatif.WhatIfSettings to value every decision's options
    (`progress(n)` as its work goes: game.debrief.whatif.count_work)."""
    records = list(records)
    skipped_items = [Skipped(str(f), str(m)) for f, m in skipped]
    older = [Superseded(str(f), str(k)) for f, k in superseded]
    if not records:
        raise ValueError("no saves to report on")
    analyses: dict[int, object] = {}
    if what_if is not None:
        from game.debrief.whatif import analyse

        analyses = {id(r): a for r, a in zip(records, analyse(records, what_if, progress, show_moscow=True))}
    if len(records) == 1:
        g = build_game(records[0], what_if=analyses.get(id(records[0])))
        return Report("game", f"Debrief: {g.scenario_title} — {g.label}", now_utc(), [g], [], skipped_items, older)
    by_scenario: dict[str, list] = {}
    for r in records:
        by_scenario.setdefault(r.rules.id, []).append(r)
    if len(by_scenario) > 1 and not group:
        found = ", ".join(f"{k} ({len(v)})" for k, v in by_scenario.items())
        raise ValueError(f"these saves are of different scenarios ({found}); report on one scenario at a time")
    classes = []
    games = []
    for _sid, recs in by_scenario.items():
        if len(recs) == 1:
            games.append(build_game(recs[0], what_if=analyses.get(id(recs[0]))))
        else:
            classes.append(build_class(recs, what_ifs=[analyses.get(id(r)) for r in recs]))
    if len(by_scenario) == 1:
        c = classes[0]
        what = f"{c.classroom.title} — {c.scenario_title}" if c.classroom is not None else c.scenario_title
        return Report("class", f"Class debrief: {what} ({len(records)} games)", now_utc(), [], classes,
                      skipped_items, older)
    return Report("classes", f"Class debrief: {len(records)} games of {len(by_scenario)} scenarios", now_utc(),
                  games, classes, skipped_items, older)
