"""`wargame check`: random games plus every option once; unreachable content named, exit 1."""

from __future__ import annotations

import pytest

from game.authoring.check import check, root_card
from game.content import resolve
from game.model.events import CardCause, ChanceCause, DelayedCause, EndOfTurnCheck, OptionCause, ReactionCause
from test_authoring_support import EXAMPLES, card, run, run_json, write_deck

# Dead only in play: each part of the condition can hold, never both at once (so `validate` is silent).
BROKEN = (
    "endings:\n"
    "  - id: never-ending\n    title: Never\n    text: t\n    sudden: true\n    when: {seen: contradiction}\n"
    "cards:\n"
    + card("setter", "    draw: fixed\n    turns: {from: 1, to: 1}\n    effects: [{set_flag: lit}]\n")
    + card("contradiction", "    when: {all: [{flag: lit}, {not: {flag: lit}}]}\n    effects: []\n")
    + card("picky", "    turns: {from: 2, to: 14}\n    options:\n"
                    "      - {id: odd, label: Odd, when: {all: [{flag: lit}, {not: {flag: lit}}]}, effects: []}\n"
                    "      - {id: plain, label: Plain, effects: []}\n"
                    "      - {id: other, label: Other, effects: [{meter: cost, add: 1}]}\n")
)


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    return write_deck(tmp_path_factory.mktemp("check"), "broken", BROKEN)


def test_unreachable_card_option_and_ending_fail_the_check(broken, capsys):
    code, out, err = run(capsys, "check", broken, "--games", "40")
    assert code == 1
    assert "cards never drawn (1): contradiction (broken)" in out
    assert "options never available (1): picky: odd" in out
    assert "endings never reached (1): never-ending" in out
    code, report = run_json(capsys, "check", broken, "--games", "40")
    assert code == 1 and report["ok"] is False
    assert report["cards_never_drawn"] == ["contradiction"]
    assert report["options_never_available"] == [{"card": "picky", "option": "odd"}]
    assert report["endings_never_reached"] == ["never-ending"]
    assert report["cards"]["contradiction"]["from"] == "broken"
    assert report["cards"]["unsc-draft"]["from"] == "tripoli-2019"
    assert report["coverage_games"] > 0 and report["seek_games"] > 0
    assert run(capsys, "validate", "--strict", broken)[0] == 0  # the static checks cannot see it


def test_the_report(tmp_path, capsys):
    body = "cards:\n" + card("steady", "    draw: fixed\n    turns: {from: 1, to: 1}\n"
                                       "    effects: [{meter: bargaining, add: 3}, {meter: cost, add: -2}]\n")
    path = write_deck(tmp_path, "steady", body)
    code, report = run_json(capsys, "check", path, "--games", "60", "--seed", "5")
    assert code == 0 and report["ok"] is True
    assert report["games"] == 60 and report["seed"] == 5 and report["decks"] == ["steady"]
    assert sum(e["games"] for e in report["endings"].values()) == 60
    assert abs(sum(e["share"] for e in report["endings"].values()) - 1) < 1e-3
    assert 1 <= report["mean_turns"] <= 15
    steady = report["card_effects"]["steady"]
    assert steady["bargaining"] == 3.0 and steady["cost"] == -2.0 and steady["stability"] == 0.0
    assert report["cards"]["steady"]["drawn_share"] == 1.0
    assert set(report["card_effects"]) == set(report["cards"])
    # the same seed gives the same report
    again = run_json(capsys, "check", path, "--games", "60", "--seed", "5")[1]
    for r in (report, again):
        r.pop("seconds"), r.pop("random_seconds")
    assert again == report
    # the table on a terminal-less stdout still names everything
    code, out, err = run(capsys, "check", path, "--games", "60")
    assert code == 0 and "steady" in out and "Endings" in out and "ok: every card" in out


def test_effects_follow_causes_through_chance_delay_and_reaction():
    assert root_card(CardCause("a")) == "a"
    assert root_card(OptionCause("b", "x")) == "b"
    assert root_card(DelayedCause(ChanceCause(ReactionCause(OptionCause("c", "y"), "uae"), "l", 50, 7, True), "l",
                                  3)) == "c"
    assert root_card(EndOfTurnCheck()) is None


@pytest.mark.parametrize("deck", EXAMPLES, ids=lambda p: p.stem)
def test_the_example_decks_pass(deck, capsys):
    code, out, err = run(capsys, "check", deck, "--games", "300", "--search-games", "0")
    assert code == 0, out + err
    assert "ok: every card was drawn, every option taken and every ending reached" in out


def test_a_scenario_by_id(capsys):
    code, report = run_json(capsys, "check", "partnership-2016", "--games", "100")
    assert code == 0 and report["scenario"] == "partnership-2016" and report["decks"] == []


@pytest.mark.parametrize("arg, code, says", [
    ("nowhere.yaml", 2, "no such file"),
    ("tripoli", 2, "neither a file nor a scenario or deck id"),
])
def test_bad_arguments(capsys, arg, code, says):
    got, out, err = run(capsys, "check", arg)
    assert got == code and says in err


def test_a_fact_base_or_a_broken_deck(tmp_path, capsys):
    from test_authoring_support import ROOT

    got, out, err = run(capsys, "check", ROOT / "seeds" / "ramani-2019.yaml")
    assert got == 2 and "fact base" in err
    bad = write_deck(tmp_path, "bad", "cards:\n" + card("x", "    effects: [{meter: bargainning, add: 1}]\n"))
    got, out, err = run(capsys, "check", bad)
    assert got == 1 and "unknown meter 'bargainning' (did you mean 'bargaining'?)" in err


def test_the_library_call():
    report = check(resolve("tripoli-2019"), games=20, seed=3)
    assert report.games == 20 and report.ok in (True, False)
    assert set(report.meters) == {m.id for m in resolve("tripoli-2019").scenario.meters}


def test_an_option_seen_but_not_taken_is_replayed():
    from factories import rules

    from game.authoring.check import Found, _replay_witnesses
    from game.engine import legal_decisions, new_game

    r = rules()
    state = new_game(r, 0)
    legal = legal_decisions(state)
    assert [(d.card, d.option) for d in legal] == [("vote", "veto"), ("vote", "abstain")]
    found = Found()
    found.witnesses[("vote", "abstain")] = (0, [])
    assert _replay_witnesses(r, found) == 1
    assert ("vote", "abstain") in found.taken and "vote" in found.drawn
    found.witnesses[("vote", "nonsense")] = (0, [])  # a replay that cannot apply it is skipped, not raised
    assert _replay_witnesses(r, found) == 0 and ("vote", "nonsense") not in found.taken
