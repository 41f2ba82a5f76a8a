"""Meters that respond non-linearly and move on their own: diminishing returns near their limits (`soft`) with
exact values both ways, and drift at the end of every turn."""

from __future__ import annotations

import pytest
from mechanics_support import choose, decision, event, game, option

from game.engine.explain import event_text
from game.engine.meters import soften
from game.model.content import Meter
from game.model.events import DriftCause, MeterChanged

MAIN = {"id": "main", "name": "Bargaining", "description": "d", "start": 73, "soft": {"above": 75, "below": 25}}


# --------------------------------------------------------------------------- diminishing returns


@pytest.mark.parametrize("before,delta,applied", [
    (73, 6, 4),     # 2 in full, 4 halved: +4
    (75, 6, 3),     # all above: halved
    (75, 5, 3),     # 5 halved is 2.5: rounded away from zero
    (75, 1, 1),     # a push always moves it
    (70, 5, 5),     # lands exactly on the line: in full
    (60, 30, 23),   # 15 in full, 15 halved to 8
    (80, -6, -6),   # a loss above the lower line: in full
    (27, -6, -4),   # 2 in full, 4 halved
    (25, -7, -4),   # all below: 7 halved, rounded away from zero
    (20, 4, 4),     # a gain below the upper line: in full
    (90, -30, -30),
])
def test_soften_exact_values(before, delta, applied):
    assert soften(before, delta, 75, 25) == applied


def test_soften_without_a_line_on_that_side_changes_nothing():
    assert soften(99, 10, None, None) == 10 and soften(1, -10, 75, None) == -10 and soften(99, 10, None, 25) == 10


@pytest.mark.parametrize("start,add,after,requested", [(73, 6, 77, 6), (27, -6, 23, -6), (50, 6, 56, None)])
def test_a_softened_change_records_what_was_asked_and_what_landed(start, add, after, requested):
    rules, s = game([event("push", [{"meter": "main", "add": add}])], [dict(MAIN, start=start)])
    s, events = choose(s, None)
    (change,) = [e for e in events if isinstance(e, MeterChanged) and e.meter == "main"]
    assert (change.after, change.requested) == (after, requested)
    assert s.meters["main"] == after
    if requested is not None:
        line = "above 75" if add > 0 else "below 25"
        applied = after - start
        sign = "+" if applied > 0 else "−"
        assert event_text(rules, change).startswith(
            f"Bargaining {'+' if add > 0 else '−'}{abs(add)}, {sign}{abs(applied)} applied ({start} → {after}): "
            f"diminishing returns {line} — card “Push”")


def test_a_set_is_not_softened_and_the_limits_still_hold():
    rules, s = game([event("push", [{"meter": "main", "set": 95}, {"meter": "main", "add": 50}])], [MAIN])
    s, events = choose(s, None)
    changes = [e for e in events if isinstance(e, MeterChanged) and e.meter == "main"]
    assert [(c.before, c.after, c.requested) for c in changes] == [(73, 95, None), (95, 100, 50)]


def test_soft_lines_must_lie_inside_the_range_and_in_order():
    with pytest.raises(ValueError, match="strictly inside"):
        Meter.model_validate(dict(MAIN, soft={"above": 100}))
    with pytest.raises(ValueError, match="must be under"):
        Meter.model_validate(dict(MAIN, soft={"above": 40, "below": 60}))
    with pytest.raises(ValueError, match="give 'above', 'below' or both"):
        Meter.model_validate(dict(MAIN, soft={}))


def test_a_soft_meter_pinned_at_its_limit_takes_far_longer():
    """The point of it: the same pushes leave a soft meter well short of its limit."""
    pushes = [event(f"p{t}", [{"meter": "main", "add": 8}], turn=t) for t in range(1, 7)]
    _r, hard = game(pushes, [dict(MAIN, start=60, soft=None)])
    _r, soft = game(pushes, [dict(MAIN, start=60)])
    path = []
    for _ in range(6):
        hard, _ = choose(hard, None)
        soft, _ = choose(soft, None)
        path.append(soft.meters["main"])
    assert hard.meters["main"] == 100
    assert path == [68, 76, 80, 84, 88, 92]  # 68 + 8 lands 7 in full and 1 halved, rounded up to 1


# --------------------------------------------------------------------------- drift


CAPITAL = {"id": "capital", "name": "Capital", "description": "d", "start": 4, "max": 20,
           "drift": {"toward": 10, "by": 3, "why": "recovers each turn"}}
QUIET = [event("later", [], turn=6)]  # a scenario needs a card: this one comes after the turns tested


def test_drift_moves_toward_its_level_every_turn_and_never_past_it():
    rules, s = game(QUIET, [CAPITAL])
    seen = [s.meters["capital"]]
    events = []
    for _ in range(4):
        s, more = choose(s, None)  # a quiet turn
        events += more
        seen.append(s.meters["capital"])
    assert seen == [4, 7, 10, 10, 10]
    drifts = [e for e in events if isinstance(e, MeterChanged) and e.meter == "capital"]
    assert [(e.before, e.after) for e in drifts] == [(4, 7), (7, 10)]  # none once it is there
    assert all(e.cause == DriftCause("capital") for e in drifts)
    assert event_text(rules, drifts[0]) == "Capital +3 (4 → 7): recovers each turn"


def test_drift_from_above_fades_and_words_itself_without_a_why():
    fading = dict(MAIN, soft=None, start=60, drift={"toward": 50, "by": 4})
    rules, s = game(QUIET, [fading])
    s, events = choose(s, None)
    (change,) = [e for e in events if isinstance(e, MeterChanged)]
    assert (change.before, change.after) == (60, 56)
    assert event_text(rules, change) == "Bargaining −4 (60 → 56): drifts toward 50 each turn"


def test_drift_comes_after_the_delayed_effects_and_before_the_endings():
    d_meter = dict(MAIN, soft=None, start=58, drift={"toward": 50, "by": 2})
    cards = [event("plan", [{"after": 1, "effects": [{"meter": "main", "add": 4}]}])]
    endings = [{"id": "high", "title": "High", "text": "t", "sudden": True, "when": {"meter": "main", "gte": 61}},
               {"id": "weak", "title": "Weak", "text": "t"}]
    _r, s = game(cards, [d_meter], endings=endings)
    s, _ = choose(s, None)  # turn 1: 58 drifts to 56
    assert s.meters["main"] == 56 and not s.over
    s, events = choose(s, None)  # turn 2: +4 (60), then drift (58): not 61, so no sudden ending
    kinds = [(type(e).__name__, getattr(e, "meter", None)) for e in events]
    assert kinds.index(("DelayedDue", None)) < kinds.index(("MeterChanged", "main"))
    assert s.meters["main"] == 58 and not s.over


def test_drift_toward_must_lie_in_the_range():
    with pytest.raises(ValueError, match="outside 0..20"):
        Meter.model_validate(dict(CAPITAL, drift={"toward": 30, "by": 1}))


def test_a_game_that_ends_mid_turn_does_not_drift():
    cards = [decision("last", [option("end", [{"end_game": "weak"}]), option("go")])]
    _r, s = game(cards, [CAPITAL])
    s, _ = choose(s, "end")
    assert s.over and s.meters["capital"] == 4
