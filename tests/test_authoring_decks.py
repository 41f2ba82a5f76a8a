"""Deck semantics as an instructor meets them, through `wargame`: add, replace, remove, stacking, conflicts."""

from __future__ import annotations

from test_authoring_support import DECKS, card, run, run_json, write_deck


def test_add_replace_remove(tmp_path, capsys):
    body = (
        "remove: [lavrov-maghreb]\n"
        "replace:\n" + card("bg-two-channels", "    title: Two channels, rewritten\n    effects: []\n").replace(
            "    title: Card bg-two-channels\n", "")
        + "cards:\n" + card("added", "    effects: [{meter: cost, add: 1}]\n")
        + "endings:\n  - {id: extra-end, title: Extra, text: t, sudden: true, when: {meter: cost, gte: 60}}\n"
    )
    path = write_deck(tmp_path, "mine", body)
    assert run(capsys, "validate", "--strict", path)[0] == 0
    code, report = run_json(capsys, "check", path, "--games", "40")
    cards = report["cards"]
    assert "lavrov-maghreb" not in cards
    assert cards["added"]["from"] == "mine" and cards["bg-two-channels"]["from"] == "mine"
    assert cards["bg-two-channels"]["title"] == "Two channels, rewritten"
    assert cards["unsc-draft"]["from"] == "tripoli-2019"
    order = list(cards)
    assert order.index("bg-wagner-benghazi") < order.index("bg-two-channels") < order.index("bg-moscow-forum")
    assert order[-1] == "added"  # added at the end
    endings = list(report["endings"])
    assert endings[-2:] == ["extra-end", "sidelined"]  # before the scenario's fallback


def test_a_replacement_that_strands_a_follow_up(tmp_path, capsys):
    # the scenario's unsc-draft queues second-draft; a replacement without that leaves it unreachable
    body = "replace:\n" + card("unsc-draft", "    effects: []\n")
    path = write_deck(tmp_path, "strand", body)
    code, out, err = run(capsys, "validate", path)
    assert code == 0
    assert "tripoli-2019.yaml" in err and "card 'second-draft' is drawn only as a follow-up" in err
    assert run(capsys, "validate", "--strict", path)[0] == 1
    code, report = run_json(capsys, "check", path, "--games", "30")
    assert code == 1 and "second-draft" in report["cards_never_drawn"]


def test_two_decks_adding_the_same_card_name_both_files(tmp_path, capsys):
    a = write_deck(tmp_path, "first", "cards:\n" + card("same", "    effects: []\n"))
    b = write_deck(tmp_path, "second", "cards:\n" + card("same", "    effects: []\n"))
    code, out, err = run(capsys, "simulate", "--deck", a, "--deck", b, "--games", "1")
    assert code == 1
    line = next(x for x in err.splitlines() if "card 'same' already exists" in x)
    assert "second.yaml" in line and "first.yaml" in line and "deck 'first'" in line
    assert "put it under replace:" in line


def test_two_decks_adding_the_same_meter(tmp_path, capsys):
    meter = "meters:\n  - {id: mood, name: Mood, description: d, start: 5}\n"
    a = write_deck(tmp_path, "a1", meter + "cards:\n" + card("c1", "    effects: [{meter: mood, add: 1}]\n"))
    b = write_deck(tmp_path, "b1", meter)
    code, out, err = run(capsys, "simulate", "--deck", a, "--deck", b, "--games", "1")
    assert code == 1
    assert any("meter 'mood' already exists" in x and "a1.yaml" in x and x.startswith(str(b))
               for x in err.splitlines()), err


def test_order_matters_remove_after_add(tmp_path, capsys):
    a = write_deck(tmp_path, "adds", "cards:\n" + card("temp", "    effects: []\n"))
    b = write_deck(tmp_path, "drops", "remove: [temp]\n")
    assert run(capsys, "simulate", "--deck", a, "--deck", b, "--games", "2")[0] == 0
    code, out, err = run(capsys, "simulate", "--deck", b, "--deck", a, "--games", "2")
    assert code == 1 and "no card 'temp' to remove" in err


def test_removing_a_card_others_need(tmp_path, capsys):
    path = write_deck(tmp_path, "cut", "remove: [wagner-exposed]\n")
    code, out, err = run(capsys, "validate", path)
    assert code == 1
    assert "card 'wagner-exposed' was removed by" in out and "cut.yaml" in out


def test_a_deck_on_the_wrong_scenario(capsys):
    deck = DECKS / "sirte-anti-isis.yaml"
    code, out, err = run(capsys, "simulate", "--scenario", "tripoli-2019", "--deck", deck, "--games", "1")
    assert code == 1 and "extends 'partnership-2016' but is being played on 'tripoli-2019'" in err
    assert run(capsys, "simulate", "--scenario", "partnership-2016", "--deck", deck, "--games", "5")[0] == 0
    # without --scenario a deck plays the scenario it extends
    assert run(capsys, "simulate", "--deck", deck, "--games", "5")[0] == 0
