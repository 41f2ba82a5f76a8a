"""The play-test behind `wargame check`'s strategy table: each finding fires on a deck made to provoke
it, none on a deck made to meet every target; `--strict` makes them errors."""

from __future__ import annotations

import json

import pytest
from test_authoring_support import card, run, run_json, write_deck
from test_players_support import balanced, build, plain

from game.authoring import playtest as pt
from game.authoring.playtest import playtest
from game.engine.core import Work, legal

GAMES, SEARCH_GAMES, ROLLOUTS = 200, 6, 40


def played(d: dict, **kw):
    return playtest(build(d), GAMES, SEARCH_GAMES, seed=0, rollouts=ROLLOUTS, **kw)


def ids(report) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in report.findings:
        out.setdefault(f.id, []).append(f.subject)
    return out


@pytest.fixture(scope="module")
def balanced_report():
    return played(balanced())


def test_a_deck_built_to_meet_every_target_raises_nothing(balanced_report):
    r = balanced_report
    assert r.findings == [] and r.dominated == []
    shares = {name: s.best_ending_share for name, s in r.policies.items()}
    assert shares["search"] == 1.0 and shares["greedy"] == 0.0 and shares["worst"] == 0.0
    # the engine shows options in an order fixed by the seed: always the first (or last) is random play
    assert shares["first"] <= pt.POSITION_SHARE and shares["last"] <= pt.POSITION_SHARE
    assert 0 < shares["random"] < 0.3
    assert r.best_endings == ["triumph"] and r.main_meter == "leverage"
    assert r.policies["search"].games == SEARCH_GAMES and r.policies["random"].games == GAMES
    assert all(s.last_turns_share == 1.0 and s.meter_at_limit == {"leverage": 0.0} for s in r.policies.values())
    assert r.greedy_on_search_seeds == 0.0


def test_an_option_whose_point_comes_later_is_not_dominated():
    """`invest` is worse right away on the only meter (-1 against +4), but it schedules its payoff."""
    rules = build(balanced())
    comparison = pt._Comparison(rules, 0)
    w = Work.start(rules, 0, record=False)
    comparison.observe(w, legal(w))
    (sums, n), = [v for (c, a, b), v in comparison.pairs.items() if (a, b) == ("cash", "invest")]
    assert sums == {"leverage": 5.0} and n == 1
    assert any(kind == "delayed" for kind, *_ in comparison.consequences[("c1", "invest")])
    assert comparison.dominated() == []


def test_solved_and_looking_ahead_does_not_pay():
    r = played(plain())
    found = ids(r)
    assert found["solved"] == ["greedy"] and found["lookahead-does-not-pay"] == ["search"]
    assert "option-position" not in found  # the good option alternates position
    solved = next(f for f in r.findings if f.id == "solved")
    assert solved.value == 1.0 and solved.threshold == pt.SOLVED_SHARE and "'Triumph' in 100% of games" in solved.message


def test_option_position_cannot_decide_when_the_engine_orders_the_options():
    """The deck lists the winning option first on every card; the engine shows each card's options in an
    order fixed by the game's seed, so always pressing 1 wins no more often than random play."""
    r = played(plain(good_first=True))
    assert "option-position" not in ids(r)
    first, random_ = r.policies["first"].best_ending_share, r.policies["random"].best_ending_share
    assert first <= pt.POSITION_SHARE and abs(first - random_) < 0.1


def test_the_position_finding_reads_the_first_and_last_players(balanced_report):
    from dataclasses import replace

    rules = build(balanced())
    policies = dict(balanced_report.policies)
    policies["first"] = replace(policies["first"], best_ending_share=0.7)
    found = pt.findings(replace(balanced_report, policies=policies), rules)
    position = [f for f in found if f.id == "option-position"]
    assert [f.subject for f in position] == ["first"] and position[0].value == 0.7
    assert "shuffled order" in position[0].message and "70%" in position[0].message


def test_dominated_options_are_named_with_what_beats_them():
    r = played(plain(dominated=True))
    subjects = set(ids(r)["dominated-option"])
    assert {f"c{t}:timid" for t in range(1, 7)} <= subjects and {f"c{t}:bad" for t in range(1, 7)} <= subjects
    timid = next(d for d in r.dominated if d.card == "c1" and d.option == "timid")
    assert timid.by == "good" and timid.advantage == {"leverage": 5.0} and timid.states == pt.DOMINANCE_STATES
    assert not any(d.option == "good" for d in r.dominated)


def test_a_meter_stuck_at_its_limit():
    r = played(plain(start=98))
    finding = next(f for f in r.findings if f.id == "meter-at-limit")
    assert finding.subject == "leverage" and finding.value > 0.5 and "maximum (100)" in finding.message
    assert {"careless-wins", "ending-dominates", "option-position"} <= set(ids(r))


def test_empty_last_turns_and_an_ending_out_of_reach():
    found = ids(played(plain(last_card_turn=3)))
    assert "last-turns-empty" in found and found["best-ending-out-of-reach"] == ["search"]
    assert found["ending-dominates"] == ["poor"]


def test_the_report_repeats_for_a_seed_and_is_json():
    a, b = played(plain(dominated=True)), played(plain(dominated=True))
    assert a.to_json() == b.to_json()
    text = json.dumps(a.to_json())
    assert "seconds" not in text and json.loads(text)["policies"]["greedy"]["best_ending_share"] == 1.0


def test_a_chosen_set_of_strategies():
    r = playtest(build(plain()), 20, 0, strategies=("first", "last"))
    assert list(r.policies) == ["first", "last"] and r.dominated == [] and r.greedy_on_search_seeds is None


def test_search_games_follow_the_games():
    assert pt.search_games_for(2000) == pt.SEARCH_GAMES == 20
    assert pt.search_games_for(300) == 3 and pt.search_games_for(60) == 0 and pt.search_games_for(60, 5) == 5


# --------------------------------------------------------------------------- wargame check


@pytest.fixture(scope="module")
def steady(tmp_path_factory):
    body = "cards:\n" + card("steady", "    draw: fixed\n    turns: {from: 1, to: 1}\n"
                                       "    effects: [{meter: bargaining, add: 3}]\n")
    return write_deck(tmp_path_factory.mktemp("playtest"), "steady", body)


def test_check_shows_the_strategy_table_and_strict_makes_findings_errors(steady, capsys):
    code, out, err = run(capsys, "check", steady, "--games", "60", "--search-games", "1", "--rollouts", "6")
    assert code == 0, err
    assert "Strategies" in out and "greedy" in out and "search (6)" in out
    assert "solved: greedy (the best score one step ahead) reaches" in " ".join(out.split())
    code, out, err = run(capsys, "check", steady, "--games", "60", "--search-games", "0", "--strict")
    assert code == 1


def test_check_json_carries_the_playtest(steady, capsys):
    code, report = run_json(capsys, "check", steady, "--games", "40", "--search-games", "1", "--rollouts", "6")
    assert code == 0
    p = report["playtest"]
    assert list(p["policies"]) == list(pt.STRATEGIES) and p["policies"]["search"]["games"] == 1
    assert p["rollouts"] == 6 and p["best_endings"] == ["mediator"] and p["main_meter"] == "bargaining"
    assert {"solved", "dominated-option"} <= {f["id"] for f in p["findings"]}
    assert all(set(f) == {"id", "message", "subject", "value", "threshold"} for f in p["findings"])
