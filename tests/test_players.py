"""The headless players: deterministic, always legal, never peeking, and each doing what it claims."""

from __future__ import annotations

import random

import pytest
from factories import rules as factory_rules
from test_authoring_support import run, run_json
from test_players_support import balanced, build, coin_flip, gain, one_card, plain

from game.content import resolve
from game.engine import apply, legal_decisions, new_game, state_hash
from game.engine.core import Work, legal, step
from game.engine.planning import Draws, apply_held, branch, chance_prefixes, final_score
from game.engine.play import play_game
from game.engine.state import RngCursor
from game.engine.policies import (
    POLICIES, SEARCH_ROLLOUTS, SearchPolicy, expected_scores, greedy_policy, policy_named, policy_rng,
)

CHEAP = ["random", "historical", "first", "last", "greedy", "worst"]


@pytest.fixture(scope="module")
def tripoli():
    return resolve("tripoli-2019").rules


def games(rules, policy, seeds) -> list:
    return [play_game(rules, seed, policy, keep_decisions=True) for seed in seeds]


# --------------------------------------------------------------------------- every player


@pytest.mark.parametrize("name", CHEAP)
def test_every_player_repeats_its_games_for_a_seed(tripoli, name):
    first = games(tripoli, name, range(6))
    again = games(tripoli, name, range(6))
    assert [(g.decisions, g.ending, g.score) for g in first] == [(g.decisions, g.ending, g.score) for g in again]


def test_the_search_player_repeats_its_games_for_a_seed(tripoli):
    a = play_game(tripoli, 3, "search:12", keep_decisions=True)
    b = play_game(tripoli, 3, SearchPolicy(12), keep_decisions=True)
    assert (a.decisions, a.score) == (b.decisions, b.score)


@pytest.mark.parametrize("name", [*CHEAP, "search:6"])
def test_every_player_chooses_a_legal_decision_and_leaves_the_game_alone(tripoli, name):
    policy = policy_named(name)
    seen = []

    def checked(view, options, rng):
        before = (dict(view.meters), list(view.pending), view.cursor.pos, set(view.flags), list(view.delayed))
        d = policy(view, options, rng)
        assert d in options
        assert (dict(view.meters), list(view.pending), view.cursor.pos, set(view.flags), list(view.delayed)) == before
        seen.append(d)
        return d

    for seed in range(2 if name.startswith("search") else 12):
        result = play_game(tripoli, seed, checked)
        assert result.ending is not None
    assert len(seen) > 10


def test_a_planner_on_an_immutable_state_decides_as_on_the_working_copy(tripoli):
    """The saves' headless loop hands players a State, the fast loop a Work: same choice, state untouched."""
    state = new_game(tripoli, 5)
    for _ in range(8):
        options = legal_decisions(state)
        before = state_hash(state)
        on_state = greedy_policy(state, options, random.Random(1))
        on_work = greedy_policy(Work.of(state, record=False), options, random.Random(1))
        assert on_state == on_work and state_hash(state) == before
        state, _ = apply(state, on_state)


def test_the_names_and_budgets():
    assert list(POLICIES) == ["random", "historical", "first", "last", "greedy", "worst", "search"]
    assert policy_named("greedy") is POLICIES["greedy"]
    assert isinstance(policy_named("search:50"), SearchPolicy) and policy_named("search:50").rollouts == 50
    assert POLICIES["search"].rollouts == SEARCH_ROLLOUTS
    for bad, says in [("clever", "unknown policy 'clever'"), ("greedy:5", "only the search player"),
                      ("search:many", "whole number of rollouts"), ("search:0", "at least 1 rollout")]:
        with pytest.raises(ValueError, match=says):
            policy_named(bad)


def test_first_and_last_take_the_ends_of_the_list():
    r = build(plain())
    w = Work.start(r, 0, record=False)
    options = legal(w)
    assert POLICIES["first"](w, options, random.Random()) == options[0]
    assert POLICIES["last"](w, options, random.Random()) == options[-1]


# --------------------------------------------------------------------------- branches and chance


def test_a_branch_draws_its_own_chance_and_leaves_the_game_alone():
    r = build(coin_flip())
    state = new_game(r, 0)
    bet = legal_decisions(state)[0]
    outcomes = {final_score(apply_held(state, bet, Draws([u], random.Random(0)))) for u in (0.1, 0.9)}
    assert outcomes == {70.0, 12.0}  # win 30 with a low roll, lose 28 with a high one
    before = state_hash(state)
    branch(state, random.Random(1)).meters["leverage"] = 99
    assert state_hash(state) == before
    # the real game goes on as if no branch had been taken
    assert state_hash(apply(state, bet)[0]) == state_hash(apply(new_game(r, 0), bet)[0])


def test_apply_held_stops_before_the_turn_ends():
    r = factory_rules()
    w = Work.start(r, 2, record=False)
    d = legal(w)[0]
    held = apply_held(w, d, random.Random(0))
    assert held.turn == w.turn and d.card not in held.pending and w.pending[0] == d.card
    full = branch(w, random.Random(0))
    step(full, d)
    assert len(w.pending) > 1 or full.turn == w.turn + 1 or full.over


def test_chance_prefixes_are_stratified():
    prefixes = chance_prefixes(random.Random(4), 8, length=3, stratified=2)
    for position in (0, 1):
        assert sorted(int(p[position] * 8) for p in prefixes) == list(range(8))
    assert all(0 <= x < 1 for p in prefixes for x in p)


def test_planners_do_not_see_the_games_own_rolls():
    """`bet` wins 30 or loses 28 on a coin (expected +1): an honest planner always bets and wins about
    half its bets; a planner that peeked at the game's own next roll would bet only to win."""
    r = build(coin_flip())

    def peeking(view, options, rng):  # the control: branches that replay the game's own stream
        scores = []
        for d in options:
            w = branch(view, RngCursor(view.seed, view.cursor.pos).rng)
            step(w, d)
            scores.append(final_score(w))
        return options[scores.index(max(scores))]

    for policy in ("greedy", "search:20", peeking):
        bets = wins = 0
        for seed in range(200 if policy != "search:20" else 60):
            result = play_game(r, seed, policy, keep_decisions=True)
            if result.decisions[0] == ("c1", "bet"):
                bets += 1
                wins += result.ending == "won"
        if policy is peeking:
            assert bets and wins == bets  # the test can tell
        else:
            assert bets >= 0.9 * (200 if policy == "greedy" else 60)
            assert 0.35 < wins / bets < 0.65, (policy, wins, bets)


# --------------------------------------------------------------------------- one step ahead


def card_of_four():
    """safe: +10; costly: +24 and cost +20 (-10 in score); gamble: 40% +40 else -5; likely: 90% +12 else
    -40. The ending adds 10 at leverage 50 or more. Expected scores: 20, 24, 17, 15.8."""
    chance = [
        {"id": "gamble", "label": "g", "effects": [{"chance": 40, "then": [{"meter": "leverage", "add": 40}],
                                                    "else": [{"meter": "leverage", "add": -5}]}]},
        {"id": "likely", "label": "l", "effects": [{"chance": 90, "then": [{"meter": "leverage", "add": 12}],
                                                    "else": [{"meter": "leverage", "add": -40}]}]},
    ]
    costly = {"id": "costly", "label": "c", "effects": [{"meter": "leverage", "add": 24}, {"meter": "cost", "add": 20}]}
    return build(one_card([gain("safe", 10), costly, *chance]))


def test_greedy_takes_the_best_expectation_weights_and_chance_included():
    r = card_of_four()
    exact = {"safe": 20.0, "costly": 24.0, "gamble": 17.0, "likely": 15.8}
    w = Work.start(r, 0, record=False)
    options = legal(w)
    base = final_score(w)  # the score before (no ending yet, so no bonus)
    values = expected_scores(w, options, random.Random(0), samples=400)
    for d, v in zip(options, values):
        assert abs(v - base - exact[d.option]) < 1.5, (d.option, v - base)
    picks = {play_game(r, seed, "greedy", keep_decisions=True).decisions[0][1] for seed in range(40)}
    assert picks == {"costly"}


def test_worst_takes_the_lowest_and_ties_are_not_broken_by_position():
    r = build(plain())
    assert {d for seed in range(10) for d in play_game(r, seed, "worst", keep_decisions=True).decisions} == \
        {(f"c{t}", "bad") for t in range(1, 7)}
    twins = build(one_card([gain("a", 5), gain("b", 5)]))
    picks = [play_game(twins, seed, "greedy", keep_decisions=True).decisions[0][1] for seed in range(60)]
    assert 15 < picks.count("a") < 45


# --------------------------------------------------------------------------- looking ahead


def test_search_finds_the_delayed_payoff_that_greedy_misses():
    """Investing pays 10 two turns later for 1 now; cashing pays 4 now. Planning invests on turns 1-4
    and cashes on 5-6 (+44: 'triumph'); greedy always cashes (+24)."""
    r = build(balanced())
    search = [play_game(r, seed, "search:40", keep_decisions=True) for seed in range(6)]
    greedy = [play_game(r, seed, "greedy") for seed in range(6)]
    assert all(g.ending == "triumph" for g in search)
    assert all(g.ending == "poor" for g in greedy)
    assert [o for _, o in search[0].decisions] == ["invest"] * 4 + ["cash"] * 2
    values = SearchPolicy(40).values(Work.start(r, 0, record=False), legal(Work.start(r, 0, record=False)),
                                     policy_rng(0))
    assert values[1] > values[0] + 3  # invest (listed second on turn 1) is worth more than cash


# --------------------------------------------------------------------------- the command line


def test_simulate_takes_every_player_and_reports_the_mean_score(capsys):
    for name in POLICIES:
        extra = ["--rollouts", "4"] if name == "search" else []
        code, report = run_json(capsys, "simulate", "--games", "2", "--policy", name, *extra)
        assert code == 0 and report["games"] == 2, name
        assert isinstance(report["mean_score"], float)
    code, greedy = run_json(capsys, "simulate", "--games", "20", "--policy", "greedy")
    code, rand = run_json(capsys, "simulate", "--games", "20", "--policy", "random")
    assert greedy["mean_score"] > rand["mean_score"]


def test_simulate_refuses_a_budget_for_a_player_without_one(capsys):
    code, out, err = run(capsys, "simulate", "--games", "2", "--policy", "greedy", "--rollouts", "5")
    assert code == 2 and "--rollouts" in err and "--policy search" in err
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "simulate", "--games", "2", "--policy", "clever")
    assert exit_.value.code == 2 and "invalid choice: 'clever'" in capsys.readouterr().err


def test_the_command_line_knows_every_player_and_the_search_budget(capsys):
    import game.cli as cli
    from game.cli import parser

    assert parser.PLAYERS == tuple(POLICIES) and parser.SEARCH_ROLLOUTS == SEARCH_ROLLOUTS
    with pytest.raises(SystemExit):
        cli.main(["simulate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"{SEARCH_ROLLOUTS} rollouts" in text and "greedy" in text and "worst" in text


def test_simulate_writes_saves_of_a_search_player_with_a_budget(tmp_path, capsys):
    code, out, err = run(capsys, "simulate", "--games", "1", "--policy", "search", "--rollouts", "3",
                         "--save-dir", tmp_path, "--format", "json")
    assert code == 0, err
    assert [p.name for p in tmp_path.glob("*.json")] == ["sim-tripoli-2019-search-0.json"]
