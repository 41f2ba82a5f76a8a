"""How a meter moves, beyond plain clamped changes: diminishing returns near its limits (`soft`), the
thresholds drawn on it (actors react when a change crosses a line) and its drift at the end of a turn.

One place for all three, used by the meter effects (game.engine.vocabulary), by the costs of options and by
the end of a turn (game.engine.core). A meter with none of them never comes here: its effects keep the
plain closure of the hot loop.
"""

from __future__ import annotations

from game.engine.rules import METER, THRESHOLD, MeterRules


def soften(before: int, delta: int, above: int | None, below: int | None) -> int:
    """The change applied when `delta` is asked of a meter at `before` with soft limits: the part of a gain
    landing above `above`, or of a loss landing below `below`, counts half, that half rounded away from zero
    (so that every push still moves the meter by at least one point). 73 + 6 with `above: 75`: 2 in full, 4
    halved to 2, so +4."""
    if delta > 0 and above is not None:
        full = min(delta, max(0, above - before))
        rest = delta - full
        return full + (rest + 1) // 2
    if delta < 0 and below is not None:
        full = min(-delta, max(0, before - below))
        rest = -delta - full
        return -(full + (rest + 1) // 2)
    return delta


def move(w, mr: MeterRules, after: int, cause: tuple, requested: int | None = None) -> None:
    """Set meter `mr` to `after` (within its range already), record the change with its cause (and the change
    asked for, when diminishing returns cut it), and let the thresholds on it react."""
    mid = mr.id
    before = w.meters[mid]
    w.meters[mid] = after
    if w.events is not None:
        w.events.append((w.turn, METER, mid if requested is None else (mid, requested), before, after, cause))
    if mr.watched and after != before:
        cross(w, w.rules.thresholds_by_meter[mid], before, after, cause)


def add(w, mr: MeterRules, delta: int, cause: tuple, soft: bool = True) -> None:
    """Add `delta` to meter `mr`: softened by its soft limits (unless `soft` is False: a cost is exact),
    clamped to its range."""
    before = w.meters[mr.id]
    applied = soften(before, delta, mr.above, mr.below) if soft and mr.soft else delta
    after = before + applied
    after = mr.lo if after < mr.lo else mr.hi if after > mr.hi else after
    move(w, mr, after, cause, delta if applied != delta else None)


def adder(mr: MeterRules, delta: int, thresholds):
    """The op of an effect adding `delta` to a meter with soft limits or thresholds (`thresholds`: those drawn
    on it): what `add` does, as one closure (the meter effects of the hot loop)."""
    mid, lo, hi, above, below = mr.id, mr.lo, mr.hi, mr.above, mr.below

    def meter_add(w, cause):
        before = w.meters[mid]
        applied = delta
        if (delta > 0 and above is not None and before + delta > above) or \
                (delta < 0 and below is not None and before + delta < below):
            applied = soften(before, delta, above, below)
        after = before + applied
        after = lo if after < lo else hi if after > hi else after
        w.meters[mid] = after
        if w.events is not None:
            w.events.append((w.turn, METER, mid if applied == delta else (mid, delta), before, after, cause))
        if thresholds and after != before:
            cross(w, thresholds, before, after, cause)

    return meter_add


def cross(w, thresholds, before: int, after: int, cause: tuple) -> None:
    """The thresholds on a meter (`thresholds`) after it moved from `before` to `after` because of `cause`:
    those it crossed fire (once a game, or again once re-armed; at most once a turn), in the order declared;
    those whose meter came back to their `rearm` level are armed again."""
    for t in thresholds:
        line = t.line
        crossed = before < line <= after if t.rising else after <= line < before
        fired = w.fired.get(t.id)  # None: never fired; else (turn it last fired, spent)
        if crossed:
            if fired is not None and (fired[1] or fired[0] == w.turn):
                continue
            w.fired[t.id] = (w.turn, True)
            if w.events is not None:
                w.events.append((w.turn, THRESHOLD, (t.id, t.meter), before, after, cause))
            sub = ("threshold", cause, t.id)
            for op in t.ops:
                op(w, sub)
        elif fired is not None and fired[1] and t.rearm is not None:
            if (after <= t.rearm) if t.rising else (after >= t.rearm):
                w.fired[t.id] = (fired[0], False)


def drift(w) -> None:
    """The end-of-turn drift of every drifting meter: `drift_by` toward its level, never past it."""
    meters, events, by_meter = w.meters, w.events, w.rules.thresholds_by_meter
    for mr in w.rules.drifting:
        mid = mr.id
        value, target, by = meters[mid], mr.drift_to, mr.drift_by
        if value == target:
            continue
        after = min(target, value + by) if value < target else max(target, value - by)
        meters[mid] = after
        if events is not None:
            events.append((w.turn, METER, mid, value, after, mr.drift_cause))
        if mr.watched:
            cross(w, by_meter[mid], value, after, mr.drift_cause)
