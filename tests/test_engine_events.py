"""Typed events: the engine's tuples decode into records losslessly, every kind is explained, and a record
goes to JSON by name and back exactly."""

from __future__ import annotations

import dataclasses
import typing

import pytest
from factories import mechanics_rules
from test_saves_support import raw_event

from game.content import resolve
from game.engine import apply, legal_decisions, new_game_events
from game.engine.explain import cause_text, event_summary, event_text
from game.engine.play import play_game
from game.model import events as ev
from game.model.events import EVENT_TYPES, KINDS, UndecodableEvent, decode, decode_all, from_json, to_json

SCENARIOS = ["tripoli-2019", "partnership-2016", "mechanics"]  # mechanics: tests/data (every mechanic)


def rules_of(scenario: str):
    return mechanics_rules() if scenario == "mechanics" else resolve(scenario).rules


def raw_games(scenario: str, seeds=range(60)):
    rules = rules_of(scenario)
    for seed in seeds:
        yield rules, play_game(rules, seed, record=True).events


def possible_kinds(rules) -> set[type]:
    """The kinds of event the content can give: those of the mechanics it does not use are left out."""
    sc = rules.scenario
    text = str(sc.model_dump(by_alias=True, exclude_none=True))
    unused = set()
    if not sc.thresholds:
        unused.add(ev.ThresholdCrossed)
    if "'remember'" not in text:
        unused.add(ev.MemoryChanged)
    if "'while'" not in text:
        unused.add(ev.RecurringEnded)
    return set(EVENT_TYPES) - unused


def causes_of(e) -> list:
    out, cause = [], getattr(e, "cause", None)
    while cause is not None:
        out.append(cause)
        cause = getattr(cause, "parent", None)
    return out


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_decoding_loses_nothing_and_every_kind_occurs(scenario):
    seen = set()
    for _rules, raws in raw_games(scenario):
        records = decode_all(raws)
        assert [raw_event(e) for e in records] == raws  # the record holds everything the tuple did
        seen.update(type(e) for e in records)
    assert seen == possible_kinds(rules_of(scenario))
    if scenario == "mechanics":
        assert seen == set(EVENT_TYPES)


def test_decoding_only_some_kinds_gives_just_those():
    for _rules, raws in raw_games("partnership-2016", range(10)):
        everything = decode_all(raws)
        for only in [(ev.MeterChanged,), (ev.TurnEnded, ev.CardDrawn), EVENT_TYPES]:
            assert decode_all(raws, only=only) == [e for e in everything if isinstance(e, only)]


def test_causes_the_engine_shares_stay_shared():
    _rules, raws = next(raw_games("tripoli-2019", [3]))
    records = decode_all(raws)
    by_raw: dict[int, object] = {}
    for raw, e in zip(raws, records):
        if isinstance(e, ev.MeterChanged):
            assert by_raw.setdefault(id(raw[5]), e.cause) is e.cause


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_event_is_explained_and_summarised(scenario):
    for rules, raws in raw_games(scenario, range(30)):
        for e in decode_all(raws):
            line = event_text(rules, e)
            assert line is None or (isinstance(line, str) and line)
            assert event_summary(e)
            for c in causes_of(e):
                assert cause_text(rules, c)


def test_json_by_name_round_trips_exactly():
    for _rules, raws in raw_games("tripoli-2019", range(20)):
        for e in decode_all(raws):
            data = to_json(e)
            assert data["kind"] == KINDS[type(e)] and data["turn"] == e.turn
            assert from_json(data) == e and type(from_json(data)) is type(e)


def test_every_record_is_in_the_union_with_a_kind_of_its_own():
    members = typing.get_args(typing.get_args(ev.Event)[0])
    assert set(members) == set(EVENT_TYPES)
    assert len({KINDS[t] for t in EVENT_TYPES}) == len(EVENT_TYPES)
    causes = typing.get_args(typing.get_args(ev.EndingCause)[0])
    assert len({KINDS[t] for t in causes}) == len(causes)


def test_records_are_frozen_and_compare_by_value():
    e = decode((2, "meter", "cost", 10, 15, ("option", "vote", "veto")))
    assert e == ev.MeterChanged(2, "cost", 10, 15, ev.OptionCause("vote", "veto"))
    assert e != ev.MeterChanged(2, "cost", 10, 16, ev.OptionCause("vote", "veto"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.after = 99


def test_the_engine_api_returns_records():
    rules = resolve("tripoli-2019").rules
    state, events = new_game_events(rules, 1)
    assert isinstance(events[0], ev.TurnStarted) and events[0].turn == 1
    state, events = apply(state, legal_decisions(state)[0])
    assert all(isinstance(e, EVENT_TYPES) for e in events)
    assert isinstance(events[0], ev.DecisionMade)


@pytest.mark.parametrize("raw, words", [
    ((1, "rumour", "x", None, None, ("turn",)), "unknown kind of event 'rumour'"),
    ((1, "turn", "middle", "2019-04-04", None, ("turn",)), "a start or an end"),
    ((1, "meter", "cost", 1, 2, ("turn",)), "not a cause"),
    ((1, "chance", "x", 30, 17, ("chance", ("option", "a"), "x", 30, 17, True)), "not a cause"),
    ((1, "place", "tripoli", ("gna",), ("lna", True), ("card", "c")), "not a valid place event"),
    ((1, "meter", "cost"), "six fields expected"),
    ("not an event", "six fields expected"),
])
def test_what_is_not_an_event_is_refused_with_a_reason(raw, words):
    with pytest.raises(UndecodableEvent, match=words):
        decode(raw)
