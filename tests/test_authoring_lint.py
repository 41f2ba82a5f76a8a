"""Warnings about dead content (game.content.lint): each kind, its card id and its file position."""

from __future__ import annotations

import pytest

from factories import scenario_dict
from game.content import resolve
from game.content.lint import lint
from test_authoring_support import EXAMPLES, card, pos, run, write_deck

# One deck, one dead thing per card: (needle whose position the warning points at, card id, text).
DEAD = (
    "meters:\n"
    "  - {id: mood, name: Mood, description: d, start: 50}\n"
    "  - {id: idle, name: Idle, description: d, start: 5}\n"
    "  - {id: ghost-meter, name: Ghost, description: d, start: 5}\n"
    "facts:\n"
    "  - {id: lonely-fact, summary: Nobody cites me., source: ramani-2019, paragraph: 2}\n"
    "sources:\n"
    "  - {id: lonely-source, title: Nobody uses me}\n"
    "endings:\n"
    "  - id: too-high\n    title: Too high\n    text: t\n    when: {meter: bargaining, gte: 101}\n"
    "  - id: no-when\n    title: No when\n    text: t\n    sudden: true\n"
    "  - id: forced\n    title: Forced\n    text: t\n    sudden: true\n"
    "cards:\n"
    + card("mood-swing", "    effects: [{meter: mood, add: 5}]\n")
    + card("out-of-range", "    when: {meter: bargaining, gte: 150}\n    effects: []\n")
    + card("out-of-reach", "    when: {meter: mood, gte: 80}\n    effects: []\n")
    + card("after-dead", "    when: {seen: out-of-range}\n    effects: []\n")
    + card("late", "    turns: {from: 1, to: 3}\n    when: {turn: {from: 5}}\n    effects: []\n")
    + card("choosy", "    options:\n"
           "      - id: never\n        label: Never\n        when: {not: {meter: cost, gte: 0}}\n"
           "        effects: [{set_flag: dead-flag}, {meter: ghost-meter, add: 1}]\n"
           "      - id: always\n        label: Always\n        effects: [{end_game: forced}]\n")
    + card("flagged", "    when: {flag: dead-flag}\n    effects: []\n")
    + card("chooser", "    when: {chose: {card: choosy, option: never}}\n    effects: []\n")
    + card("queuer", "    when: {seen: out-of-range}\n    effects: [{follow_up: queued}]\n")
    + card("queued", "    draw: follow_up\n    effects: []\n")
)


@pytest.fixture(scope="module")
def dead(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lint")
    path = write_deck(folder, "dead", DEAD)
    text = path.read_text(encoding="utf-8")
    warnings = lint(resolve("tripoli-2019", decks=[path]))
    return path, text, warnings


def _one(warnings, start: str):
    found = [w for w in warnings if w.message.startswith(start)]
    assert len(found) == 1, (start, [str(w) for w in warnings])
    return found[0]


@pytest.mark.parametrize("start, needle, nth, card_id, says", [
    ("card 'out-of-range' can never be drawn", "150", 0, "out-of-range", "runs from 0 to 100, so `gte: 150`"),
    ("card 'out-of-reach' can never be drawn", "80}", 0, "out-of-reach", "can only be between 50 and 55"),
    ("card 'after-dead' can never be drawn", "out-of-range}", 0, "after-dead",
     "card 'out-of-range' can never be drawn"),
    ("card 'late' can never be drawn", "{from: 5}", 0, "late", "turns 5 and later fall outside turns 1-3"),
    ("option 'never' of card 'choosy' is never available", "0}}", 0, "choosy",
     "meter 'cost' stays within"),
    ("card 'flagged' can never be drawn", "dead-flag}\n    effects", 0, "flagged",
     "flag 'dead-flag' is set only by card 'choosy'"),
    ("card 'chooser' can never be drawn", "{card: choosy", 0, "chooser",
     "option 'never' of card 'choosy' is never available"),
    ("card 'queued' can never be drawn", "follow_up\n", 0, "queued", "only effects that queue it (in card 'queuer')"),
])
def test_cards_and_options_that_can_never_come(dead, start, needle, nth, card_id, says):
    path, text, warnings = dead
    w = _one(warnings, start)
    assert says in w.message
    assert w.severity == "warning" and w.card == card_id
    assert w.path.endswith("dead.yaml") and (w.line, w.col) == pos(text, needle, nth)


def test_endings_meters_facts_and_sources(dead):
    path, text, warnings = dead
    w = _one(warnings, "ending 'too-high' is never reached")
    assert "runs from 0 to 100, so `gte: 101`" in w.message and (w.line, w.col) == pos(text, "101")
    w = _one(warnings, "ending 'no-when' is never reached")
    assert "needs a `when`" in w.message and (w.line, w.col) == pos(text, "true", 0)
    assert not [x for x in warnings if "'forced'" in x.message]  # an end_game effect reaches it
    w = _one(warnings, "meter 'idle' is never changed")
    assert (w.line, w.col) == pos(text, "idle")
    w = _one(warnings, "meter 'ghost-meter' is changed only by card 'choosy'")
    assert (w.line, w.col) == pos(text, "ghost-meter")
    assert not [x for x in warnings if "'mood'" in x.message and x.message.startswith("meter")]
    w = _one(warnings, "fact 'lonely-fact' is never cited")
    assert (w.line, w.col) == pos(text, "lonely-fact")
    w = _one(warnings, "source 'lonely-source' is never used")
    assert (w.line, w.col) == pos(text, "lonely-source")


def test_nothing_else_is_reported(dead):
    path, text, warnings = dead
    assert all(w.severity == "warning" and w.line > 0 for w in warnings)
    alive = ("card 'mood-swing'", "card 'choosy'", "option 'always'", "ending 'forced'")
    assert not [str(w) for w in warnings if w.message.startswith(alive)]
    assert len(warnings) == 15, [str(w) for w in warnings]


def test_validate_reports_them_and_strict_fails(dead, capsys):
    path, text, warnings = dead
    code, out, err = run(capsys, "validate", path)
    assert code == 0
    printed = out + err
    for w in warnings:
        assert f"{w.path}:{w.line}:{w.col}" in printed, str(w)
    assert run(capsys, "validate", "--strict", path)[0] == 1


def test_no_random_draws(tmp_path):
    sc = scenario_dict(draws_per_turn=0)
    import yaml

    path = tmp_path / "no-draws.yaml"
    path.write_text(yaml.safe_dump(sc, sort_keys=False), encoding="utf-8")
    warnings = lint(resolve(path))
    news = [w for w in warnings if w.card == "news"]
    assert len(news) == 1 and "draws_per_turn: 0" in news[0].message
    arms = [w for w in warnings if w.card == "arms"]
    assert len(arms) == 1  # 'exposed' is queued only by 'arms', which is never drawn either
    assert [w.card for w in warnings if w.message.startswith("card 'exposed'")] == ["exposed"]


def test_a_flag_set_by_a_live_card_is_fine(tmp_path):
    body = ("cards:\n"
            + card("setter", "    options:\n      - {id: a, label: A, effects: [{set_flag: live}]}\n"
                             "      - {id: b, label: B, effects: []}\n")
            + card("reader", "    when: {all: [{flag: live}, {not: {flag: never-set-here}}]}\n    effects: []\n"))
    path = write_deck(tmp_path, "live", body)
    assert lint(resolve("tripoli-2019", decks=[path])) == []


@pytest.mark.parametrize("scenario", ["tripoli-2019", "partnership-2016"])
def test_the_shipped_scenarios_have_no_dead_content(scenario):
    assert [str(w) for w in lint(resolve(scenario))] == []


@pytest.mark.parametrize("deck", EXAMPLES, ids=lambda p: p.stem)
def test_the_example_decks_have_no_warnings(deck, capsys):
    code, out, err = run(capsys, "validate", "--strict", deck)
    assert code == 0, out + err
    assert "(0 warning(s))" in err
