"""The log in one line per cause (game.engine.explain.log_lines): each choice with every change it made, rolls
with their odds and results, what was set in motion with when, what came due with when and why; never a
flag or an internal id; one minus sign."""

from __future__ import annotations

import re

import pytest
from test_saves_support import play
from test_tui_support import ids_in, internal_names

from game.content import resolve
from game.engine.explain import log_lines, meter_short
from game.model.events import ChanceRolled, DecisionMade, DelayedDue, DelayedScheduled, FlagChanged, MeterChanged


@pytest.fixture(scope="module", params=["tripoli-2019", "partnership-2016"])
def played(request):
    """Games of a shipped scenario, to the end, by the random bot (several seeds: rolls, delays, reactions)."""
    resolved = resolve(request.param)
    return resolved, [play(resolved, seed=seed, player=None) for seed in range(1, 9)]


def test_each_choice_is_one_line_with_every_change_it_made(played):
    resolved, games = played
    rules = resolved.rules
    options = {(c.id, o.id): o.label for c in resolved.scenario.cards for o in c.options}
    for record in games:
        for turn in record.turns:
            lines = log_lines(rules, turn.events)
            for d in (e for e in turn.events if isinstance(e, DecisionMade) and e.option is not None):
                label = options[(d.card, d.option)]
                mine = [line for line in lines if line.kind == "choice" and line.head == f"Your choice “{label}”"]
                assert len(mine) == 1, (turn.turn, label)
                changes = [e for e in turn.events if isinstance(e, MeterChanged) and e.after != e.before
                           and getattr(e.cause, "option", None) == d.option and e.cause.card == d.card]
                for change in changes:  # every meter it moved is named on that one line
                    assert meter_short(rules, change.meter) in mine[0].text, (label, change)


def test_rolls_say_odds_roll_and_result_and_delays_say_when(played):
    resolved, games = played
    rules = resolved.rules
    seen_roll = seen_later = seen_due = False
    for record in games:
        for turn in record.turns:
            text = "\n".join(line.text for line in log_lines(rules, turn.events))
            for e in turn.events:
                if isinstance(e, ChanceRolled):
                    verdict = "succeeded" if e.success else "failed"
                    assert f"{e.odds}% — rolled {e.roll}, {verdict}" in text
                    seen_roll = True
                elif isinstance(e, DelayedScheduled):
                    assert f"at the end of turn {e.due}" in text or "at the end of this turn" in text
                    seen_later = True
                elif isinstance(e, DelayedDue):
                    assert f"set in motion in turn {e.scheduled} by" in text
                    seen_due = True
    assert seen_roll and seen_later and seen_due  # the games exercised all three


def test_no_flag_no_internal_id_and_one_minus_sign(played):
    resolved, games = played
    rules = resolved.rules
    flags = {e.flag for record in games for e in record.events() if isinstance(e, FlagChanged)}
    internal = internal_names(resolved, flags)
    assert len(internal) > 50  # the check has teeth: cards, options, meters, facts and flags
    for record in games:
        text = "\n".join(line.text for line in log_lines(rules, record.events()))
        assert not re.search(r"(?<![A-Za-z0-9])-\d", text), "an ASCII minus sign before a number in the log"
        assert not ids_in(text, internal)


def test_a_turn_reads_in_far_fewer_lines_than_events(played):
    resolved, games = played
    record = games[0]
    events = [e for t in record.turns for e in t.events]
    lines = log_lines(resolved.rules, events)
    worded = [e for e in events if isinstance(e, (MeterChanged, FlagChanged, DecisionMade))]
    assert len(lines) < len(worded) / 2  # one line per cause, not one per change
