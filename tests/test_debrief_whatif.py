"""What-if turning points (game.debrief.whatif): each decision's options valued by simulated continuations,
through the library and through `wargame debrief --what-if`, on a purpose-made three-turn scenario where one
decision clearly decides, one is a coin toss and one hardly matters."""

from __future__ import annotations

import json

import pytest
from test_saves_support import content

from game.cli import main
from game.debrief import build_report, render
from game.debrief.whatif import (
    CONTINUATIONS, DEFAULT_POLICY, DEFAULT_ROLLOUTS, CONTINUATION_HELP, WhatIfSettings, analyse, choice_sentence,
    turning_point, turning_point_sentence,
)
from game.engine.state import Decision
from game.model.classroom import ClassSettings
from game.model.save import ClassroomEntry
from game.saves import GameRecord, save_game

# Leverage starts at 50; the strong ending (bonus 50) needs 70 at the end of turn 3.
#   turn 1, "The decisive offer": bold +30 (historical) or timid +0: the game turns on it
#   turn 2, "A coin toss": gamble (50%: +20, else -20) or safe (+1)
#   turn 3, "A detail": a +1 or b +0: certain, and tiny
CARDS = [
    {"id": "offer", "title": "The decisive offer", "date": "2019-04-04", "draw": "fixed", "turns": {"from": 1, "to": 1},
     "text": "t", "history": {"record": "inferred", "text": "t", "how": "test"},
     "options": [
         {"id": "bold", "label": "Bold", "historical": True, "effects": [{"meter": "leverage", "add": 30}]},
         {"id": "timid", "label": "Timid", "effects": [{"meter": "cost", "add": 1}]},
     ]},
    {"id": "toss", "title": "A coin toss", "date": "2019-04-11", "draw": "fixed", "turns": {"from": 2, "to": 2},
     "text": "t", "history": "The documents do not record a decision like this one.",
     "options": [
         {"id": "gamble", "label": "Gamble", "effects": [
             {"chance": 50, "label": "the toss", "then": [{"meter": "leverage", "add": 20}],
              "else": [{"meter": "leverage", "add": -20}]}]},
         {"id": "safe", "label": "Play safe", "effects": [{"meter": "leverage", "add": 1}]},
     ]},
    {"id": "detail", "title": "A detail", "date": "2019-04-18", "draw": "fixed", "turns": {"from": 3, "to": 3},
     "text": "t", "options": [
         {"id": "a", "label": "Option A", "effects": [{"meter": "leverage", "add": 1}]},
         {"id": "b", "label": "Option B", "effects": [{"meter": "cost", "add": 1}]},
     ]},
]
ENDINGS = [
    {"id": "strong", "title": "Strong", "text": "t", "score": 50, "tone": "success",
     "when": {"meter": "leverage", "gte": 70}},
    {"id": "weak", "title": "Weak", "text": "t"},
]
ROLLOUTS = 40
SETTINGS = WhatIfSettings(rollouts=ROLLOUTS, policy="random")


@pytest.fixture(scope="module")
def resolved():
    return content(turns=3, draws_per_turn=0, cards=CARDS, endings=ENDINGS, score={"leverage": 1.0})


def played(resolved, choices: dict[str, str], seed: int = 5, player: str = "Ana", classroom=None) -> GameRecord:
    record = GameRecord.start(resolved, seed, player=player, classroom=classroom)
    while not record.over:
        card = record.state.current_card
        record.apply(Decision(card, choices.get(card)) if card else record.legal_decisions()[0])
    return record


def toss_won(record) -> bool:
    return record.state.meters["leverage"] >= 70 if record.log[0].option == "timid" else None


@pytest.fixture(scope="module")
def timid(resolved):
    """Timid on the offer, then the gamble, on a seed where the real toss came up heads (the strong ending)."""
    for seed in range(40):
        record = played(resolved, {"offer": "timid", "toss": "gamble", "detail": "a"}, seed=seed)
        if toss_won(record):
            return record
    raise AssertionError("no seed wins the toss")


@pytest.fixture(scope="module")
def timid_analysis(timid):
    [result] = analyse([timid], SETTINGS)
    return result


def by_card(result, card_id):
    return next(d for d in result.decisions if d.card_id == card_id)


# --------------------------------------------------------------------------- the analysis


def test_the_decision_that_decides_is_the_turning_point(timid, timid_analysis):
    r = timid_analysis
    assert [d.card_id for d in r.decisions] == ["offer", "toss", "detail"]
    offer = by_card(r, "offer")
    assert offer.turning_point and offer.significant and offer.turn == 1
    assert (offer.chosen_id, offer.best_id, offer.best_label) == ("timid", "bold", "Bold")
    assert not offer.chose_best and offer.regret == offer.spread > 30  # 30 points of leverage, most of a bonus
    bold = next(o for o in offer.options if o.id == "bold")
    assert bold.best and not bold.chosen and bold.best_ending_share > 0.5
    assert sum(bold.ending_shares.values()) == pytest.approx(1.0, abs=0.01)
    assert offer.moscow_id == "bold" and "Bold" in offer.moscow_text
    # the detail moves the score by exactly one point in every continuation: certain, and no turning point
    detail = by_card(r, "detail")
    assert detail.spread == pytest.approx(1.0) and detail.noise == 0 and detail.significant
    assert not detail.turning_point
    assert r.decisions.index(offer) == 0 and r.best_endings == ["strong"]
    point = turning_point(timid, rollouts=ROLLOUTS, policy="random", jobs=0)
    assert point.card_id == "offer"
    assert turning_point_sentence(point) == "Your turning point: turn 1, the decisive offer"
    assert turning_point_sentence(point, detail=True).endswith(
        f"You chose “Timid”; “Bold” would have served best (+{offer.regret:.1f} points on average)")


def test_continuations_never_see_the_games_own_rolls(timid, timid_analysis):
    """The real toss came up heads: a planner peeking at the game's stream would see the gamble win in every
    continuation. Drawn afresh, it wins about half of them (the first rolls are stratified)."""
    gamble = next(o for o in by_card(timid_analysis, "toss").options if o.id == "gamble")
    assert timid.turns[-1].meters["leverage"] >= 70 and timid.outcome.ending == "strong"
    assert 0.35 <= gamble.ending_shares["strong"] <= 0.65
    assert 0.35 <= gamble.ending_shares["weak"] <= 0.65
    safe = next(o for o in by_card(timid_analysis, "toss").options if o.id == "safe")
    assert safe.ending_shares == {"weak": 1.0} and safe.se < 0.5  # only the detail (+1 or not) varies


def test_the_analysis_leaves_the_game_as_it_was(resolved):
    record = played(resolved, {"offer": "bold", "toss": "safe", "detail": "b"})
    before = (record.state_hash, list(record.log), [t.state_hash for t in record.turns])
    analyse([record], SETTINGS)
    assert (record.state_hash, list(record.log), [t.state_hash for t in record.turns]) == before


def test_same_seed_same_numbers_another_seed_other_numbers(timid):
    def numbers(settings):
        [r] = analyse([timid], settings)
        return [(o.mean_score, o.se, o.ending_shares) for d in r.decisions for o in d.options]

    assert numbers(SETTINGS) == numbers(WhatIfSettings(rollouts=ROLLOUTS, policy="random"))
    assert numbers(SETTINGS) != numbers(WhatIfSettings(rollouts=ROLLOUTS, policy="random", seed=12345))
    # the search player's cheap rollout policy is a different player: different numbers, same turning point
    [searched] = analyse([timid], WhatIfSettings(rollouts=ROLLOUTS, policy="search"))
    assert by_card(searched, "offer").turning_point and numbers(WhatIfSettings(ROLLOUTS, "search")) != numbers(SETTINGS)


def test_processes_do_not_change_the_numbers(timid, resolved):
    other = played(resolved, {"offer": "bold", "toss": "gamble", "detail": "b"}, seed=8, player="Boris")
    here = analyse([timid, other], SETTINGS)
    spread = analyse([timid, other], WhatIfSettings(rollouts=ROLLOUTS, policy="random", jobs=2))
    assert here == spread and here[0].decisions and here[1].decisions


def test_students_on_one_seed_share_the_work_of_the_positions_they_share(resolved, monkeypatch):
    from game.debrief import whatif

    ana = played(resolved, {"offer": "bold", "toss": "safe", "detail": "a"}, seed=4, player="Ana")
    boris = played(resolved, {"offer": "bold", "toss": "gamble", "detail": "a"}, seed=4, player="Boris")
    alone = analyse([boris], SETTINGS)
    calls, ticks = [], []
    real = whatif.continuations
    monkeypatch.setattr(whatif, "continuations", lambda rules, unit: calls.append(unit) or real(rules, unit))
    both = analyse([ana, boris], SETTINGS, progress=ticks.append)
    # the offer and the toss are the same positions for both; the detail is not (the gamble moved leverage)
    assert len(calls) == 2 + 2 + 2 * 2 and sum(ticks) == whatif.count_work([ana, boris])[1] == 12
    assert both[1] == alone[0] and by_card(both[0], "offer") == by_card(both[1], "offer")


def test_the_end_screen_can_ask_from_a_worker_thread(timid):
    """The end screen's call, from a thread as a Textual worker makes it: the continuations run in a spawned
    process (forking a process with threads is unsafe), with the same numbers as in the caller's thread."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as thread:
        point = thread.submit(turning_point, timid, ROLLOUTS, "random", 1).result(timeout=120)
    assert point == turning_point(timid, ROLLOUTS, "random", jobs=0)


def test_what_moscow_did_waits_for_the_end_under_a_class_pack_that_hides_it(resolved):
    pack = ClassroomEntry(id="seminar", title="Seminar", settings=ClassSettings(reveal="debrief"))
    record = GameRecord.start(resolved, 3, player="Ana", classroom=pack)
    record.apply(Decision("offer", "timid"))
    record.apply(Decision("toss", "safe"))
    assert not record.reveal_history
    [hidden] = analyse([record], SETTINGS)
    assert [(d.moscow_id, d.moscow_text) for d in hidden.decisions] == [(None, None)] * 2
    [shown] = analyse([record], SETTINGS, show_moscow=True)  # the debrief is where it shows
    assert by_card(shown, "offer").moscow_id == "bold"
    # a game in progress is analysed up to where it stands, continuations played to the end
    assert [d.card_id for d in shown.decisions] == ["offer", "toss"]


def test_a_choice_as_good_as_the_best_says_so(resolved):
    record = played(resolved, {"offer": "bold", "toss": "safe", "detail": "a"})
    [r] = analyse([record], SETTINGS)
    offer = by_card(r, "offer")
    assert offer.chose_best and choice_sentence(offer) == "You chose “Bold”, the best option here"
    assert choice_sentence(offer, "") == "chose “Bold”, the best option here"


def test_hostile_labels_are_escaped_in_the_what_if_too():
    cards = [dict(CARDS[0], title="<script>alert(1)</script> [bold]x[/bold]", options=[
        dict(CARDS[0]["options"][0], label="<img src=x onerror=alert(1)> | *y*"), CARDS[0]["options"][1]])] + CARDS[1:]
    hostile = content(turns=3, draws_per_turn=0, cards=cards, endings=ENDINGS, score={"leverage": 1.0})
    report = build_report([played(hostile, {"offer": "timid", "toss": "safe", "detail": "a"})], what_if=SETTINGS)
    assert report.games[0].turning_points[0].best_label.startswith("<img")
    html = render(report, "html")
    assert "<script>alert" not in html and "<img src=x" not in html and "&lt;img src=x" in html
    assert "[bold]x[/bold]" in render(report, "text")  # Rich markup printed as is, never interpreted
    md = render(report, "md")
    assert "<script>" not in md and "<img src=x onerror=alert(1)>" not in md and "\\| \\*y\\*" in md


def test_a_game_without_a_choice_yet_has_no_turning_point(resolved):
    record = GameRecord.start(resolved, 1, player="Ana")
    [r] = analyse([record], SETTINGS)
    assert r.decisions == [] and r.note == "" and turning_point(record, ROLLOUTS, jobs=0) is None
    assert "No decision with two or more options was taken." in render(build_report([record], what_if=SETTINGS))


def test_settings_refuse_what_cannot_be_estimated():
    with pytest.raises(ValueError, match="at least 2 rollouts"):
        WhatIfSettings(rollouts=1)
    with pytest.raises(ValueError, match="search or random"):
        WhatIfSettings(policy="greedy")


def test_the_command_lines_constants_follow_the_library():
    from game.cli import parser

    assert parser.WHAT_IF_POLICIES == CONTINUATIONS and parser.WHAT_IF_POLICY == DEFAULT_POLICY
    assert parser.WHAT_IF_ROLLOUTS == DEFAULT_ROLLOUTS
    assert "not the full search player" in parser.WHAT_IF_POLICY_HELP
    assert "not the full search player" in CONTINUATION_HELP["search"]


# --------------------------------------------------------------------------- through `wargame debrief`


def debrief_json(capsys, *args) -> tuple[int, dict, str]:
    code = main(["debrief", *map(str, args), "--format", "json"])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_every_format_through_the_command(timid, tmp_path, capsys):
    path = save_game(timid, tmp_path)
    code, report, err = debrief_json(capsys, path, "--what-if", "--rollouts", ROLLOUTS, "--jobs", 1)
    assert code == 0 and "what-if: 3 decisions of 1 game, 6 options, 40 random continuations each" in err
    [game] = report["games"]
    [point, *_] = game["turning_points"]
    assert {"turn", "card_id", "card_title", "chosen_id", "chosen_label", "best_id", "options", "spread", "noise",
            "regret", "moscow_text"} <= set(point)
    assert (point["turn"], point["card_id"], point["chosen_id"], point["best_id"]) == (1, "offer", "timid", "bold")
    for option in point["options"]:
        assert {"id", "label", "mean_score", "se", "ending_shares", "best_ending_share", "chosen",
                "best"} <= set(option)
    assert game["what_if"]["policy"] == "random" and game["what_if"]["rollouts"] == ROLLOUTS
    assert [d["card_id"] for d in game["what_if"]["decisions"]] == ["offer", "toss", "detail"]
    expected = {
        "text": ["Turning points", "1. Turn 1 — The decisive offer", "What-if: estimated score", "◀ chosen",
                 "not what would have happened", "\n  ⚑ turning point 1"],
        "md": ["### Turning points", "#### 1. Turn 1 — The decisive offer", "| What-if: estimated score |",
               "**Timid: ", "The decisive offer **⚑ turning point 1**"],
        "html": ['<section class="whatif">', "1. Turn 1 — The decisive offer", "<th>What-if: estimated score</th>",
                 "would have served best", "⚑ turning point 1"],
    }
    for fmt, markers in expected.items():
        target = tmp_path / f"report.{fmt}"
        assert main(["debrief", str(path), "--what-if", "--rollouts", str(ROLLOUTS), "--jobs", "1",
                     "-o", str(target)]) == 0
        text = target.read_text(encoding="utf-8")
        for marker in markers:
            assert marker in text, (fmt, marker)
    # without --what-if the report is as it was
    code, plain, _ = debrief_json(capsys, path)
    assert plain["games"][0]["what_if"] is None and plain["games"][0]["turning_points"] is None


def test_the_command_gives_the_same_numbers_with_one_process_or_two(timid, tmp_path, capsys):
    path = save_game(timid, tmp_path)
    reports = []
    for jobs in (1, 2):
        code, report, _ = debrief_json(capsys, path, "--what-if", "--rollouts", ROLLOUTS, "--jobs", jobs)
        assert code == 0
        reports.append(report["games"][0]["what_if"])
    assert reports[0] == reports[1]


def test_a_class_of_two_students_compares_the_options_with_what_they_chose(resolved, tmp_path, capsys):
    save_game(played(resolved, {"offer": "bold", "toss": "safe", "detail": "a"}, seed=1, player="Ana"), tmp_path)
    save_game(played(resolved, {"offer": "timid", "toss": "gamble", "detail": "a"}, seed=2, player="Boris"), tmp_path)
    code, report, _ = debrief_json(capsys, tmp_path, "--what-if", "--rollouts", ROLLOUTS)
    assert code == 0
    [klass] = report["classes"]
    what_if = klass["what_if"]
    offer = next(c for c in what_if["cards"] if c["card_id"] == "offer")
    assert offer["positions"] == 2
    options = {o["id"]: o for o in offer["options"]}
    assert (options["bold"]["chosen"], options["timid"]["chosen"]) == (1, 1)
    assert options["bold"]["best_at"] == 2 and options["bold"]["behind_best"] == 0
    assert options["timid"]["behind_best"] > 30 and options["bold"]["historical"]
    assert options["bold"]["mean_score"] > options["timid"]["mean_score"]
    students = {s["label"]: s for s in what_if["turning_points"]}
    assert set(students) == {"Ana", "Boris"}
    assert students["Boris"]["turning_points"][0]["card_id"] == "offer"
    assert students["Boris"]["turning_points"][0]["chosen_id"] == "timid"
    for fmt, marker in (("text", "Turning points by student"), ("md", "### Turning points by student"),
                        ("html", "<h3>Turning points by student</h3>")):
        assert main(["debrief", str(tmp_path), "--what-if", "--rollouts", str(ROLLOUTS), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert marker in out and "Behind best" in out and "Boris" in out


def test_a_save_that_does_not_replay_is_reported_without_its_what_if(tmp_path, capsys):
    from test_saves_verify import changed_deck_save

    path, _turn = changed_deck_save(tmp_path)
    code, report, _ = debrief_json(capsys, path, "--what-if", "--rollouts", ROLLOUTS)
    game = report["games"][0]
    assert code == 1 and not game["verified"]
    assert game["what_if"]["decisions"] == [] and "not analysed" in game["what_if"]["note"]
    assert game["turning_points"] == []
    assert main(["debrief", str(path), "--what-if", "--rollouts", str(ROLLOUTS), "--format", "md"]) == 1
    md = capsys.readouterr().out
    assert "not analysed" in md and "What-if: estimated score" not in md  # no column of empty values


def test_what_if_options_need_what_if(tmp_path, capsys, resolved):
    path = save_game(played(resolved, {"offer": "bold", "toss": "safe", "detail": "a"}), tmp_path)
    assert main(["debrief", str(path), "--rollouts", "10"]) == 2
    assert "--rollouts is for the what-if analysis: add --what-if" in capsys.readouterr().err
    assert main(["debrief", str(path), "--policy", "search", "--jobs", "2"]) == 2
    assert "--policy, --jobs are for the what-if analysis" in capsys.readouterr().err
    assert main(["debrief", str(path), "--what-if", "--rollouts", "1"]) == 2
    assert "at least 2 rollouts" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["debrief", str(path), "--what-if", "--policy", "greedy"])
    assert "invalid choice" in capsys.readouterr().err


def test_build_report_takes_the_settings(timid):
    report = build_report([timid], what_if=SETTINGS)
    [game] = report.games
    assert game.turning_points[0].card_id == "offer" and game.what_if.rollouts == ROLLOUTS
