"""Teaching a class, in the app, through the real entry points: `wargame play --class` asks the student's
name and plays the pack's content and seed under it; the title screen opens a class pack; with `reveal:
debrief` nothing says what Moscow did (the cards' sources, the replay viewer) until the end screen; and
`wargame play --deck X` alone offers the scenario the deck extends."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_tui_support import SIZE, play_to_end, settle, text_of

from game.cli import main
from game.model.classroom import student_seed
from game.paths import content_dir
from game.tui.app import WargameApp


@pytest.fixture
def launched(monkeypatch):
    """The app `wargame ...` builds, captured instead of run (the test runs it headless)."""
    apps: list[WargameApp] = []
    monkeypatch.setattr(WargameApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def pack(tmp_path: Path, **settings) -> Path:
    base = {"reveal": "debrief", "turns": 3, "saves": "class-saves"}
    base.update(settings)
    path = tmp_path / "seminar.yaml"
    path.write_text("kind: class\nid: seminar\ntitle: Seminar four\ninstructor: Dr Who\n"
                    "scenario: tripoli-2019\ndecks: [oil-and-arms]\nsettings:\n"
                    + "".join(f"  {k}: {v}\n" for k, v in base.items()), encoding="utf-8")
    return path


async def keys(pilot, kind):
    if kind == "choose":  # the first option that can be taken (another may be too dear for the budget)
        first = next(o for o in pilot.app.screen.offered_options() if o.available)
        await pilot.press(str(first.number))
    else:
        await pilot.press({"confirm": "y", "continue": "enter"}[kind])


async def test_play_class_asks_the_name_and_plays_the_pack(tmp_path, launched):
    path = pack(tmp_path)
    assert main(["play", "--class", str(path)]) == 0
    [app] = launched
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen_name == "ClassGameScreen"
        details = text_of(app.screen.query_one("#ng-details"))
        assert "Dr Who" in details and "shown at the end only" in details and "first 3" in details
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen_name == "StudentNameDialog"
        await pilot.press("enter")  # no name: refused, with a reason
        await settle(pilot)
        assert app.screen_name == "StudentNameDialog"
        assert "at least one letter" in text_of(app.screen.query_one("#student-error"))
        await pilot.press(*"Ana María")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen_name == "BriefingScreen"
        await pilot.press("enter")
        await settle(pilot)
        record = app.record
        assert record.player == "Ana María" and record.classroom.id == "seminar"
        assert record.seed == student_seed("seminar", "Ana María") and record.rules.turns == 3
        assert record.resolved.deck_ids == ["oil-and-arms"]
        await play_to_end(pilot, keys)
        await app.autosaves_written()
    saves = sorted((tmp_path / "class-saves").glob("autosave-*-ana-maría-t*.json"))
    assert saves, list((tmp_path / "class-saves").iterdir())  # the pack's folder, the student in the names


@pytest.mark.parametrize("argv, message", [
    (["--scenario", "tripoli-2019"], "leave out --scenario"),
    (["--seed", "0"], "leave out --seed"),
])
def test_play_class_refuses_what_the_pack_decides(tmp_path, launched, capsys, argv, message):
    assert main(["play", "--class", str(pack(tmp_path)), *argv]) == 2
    assert message in capsys.readouterr().err and not launched


def test_play_class_reports_a_bad_pack_before_the_app_starts(tmp_path, launched, capsys):
    assert main(["play", "--class", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["play", "--class", "tripoli-seminr"]) == 2
    assert "did you mean 'tripoli-seminar'?" in capsys.readouterr().err
    assert main(["simulate", "--class", "tripoli-seminr"]) == 2
    bad = pack(tmp_path, turns=99)
    assert main(["play", "--class", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "a class can play fewer, not 99" in err and "Traceback" not in err and not launched


async def test_the_title_screen_opens_a_class_pack(tmp_path):
    path = pack(tmp_path, ask_name="false", seed="{fixed: 5}")
    app = WargameApp(saves_dir=tmp_path / "mine")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert app.screen_name == "ClassPackScreen"
        await pilot.press(*str(path))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen_name == "ClassGameScreen"
        assert app.saves_dir == tmp_path / "mine"  # the folder the player chose beats the pack's
        await pilot.press("enter")  # no name asked
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen_name == "TurnScreen" and app.record.seed == 5 and app.record.player is None
        await pilot.press("escape")
        await settle(pilot)
        assert "Seminar four" in text_of(app.screen.query_one("#title-status"))
        await pilot.press("n")
        await settle(pilot)
        assert app.screen_name == "ClassGameScreen"
        await pilot.press("ctrl+x")  # leave the class: New game is the scenario list again
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen_name == "NewGameScreen" and app.classroom is None


async def test_what_moscow_did_stays_hidden_until_the_end_screen(tmp_path):
    from game.tui import backend

    setup = backend.load_class(pack(tmp_path, ask_name="false", seed="{fixed: 7}", turns=4))
    app = WargameApp(saves_dir=tmp_path / "saves", classroom=setup)
    hidden = {f for c in setup.resolved.scenario.cards if c.options and c.record for f in c.record.facts}
    assert hidden
    seen_cards = 0
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)

        async def move(pilot, kind):
            nonlocal seen_cards
            screen = pilot.app.screen
            card = setup.resolved.scenario.cards
            cid = screen.card_id
            if cid is not None:
                seen_cards += 1
                shown = text_of(screen.query_one("#card"))
                for fid in next(c for c in card if c.id == cid).facts:
                    summary = " ".join(setup.resolved.facts[fid].summary.split())[:40]
                    if fid in hidden:  # a card's sources never say what Moscow did, meanwhile
                        assert summary not in " ".join(shown.split()), (cid, fid)
            if pilot.app.record.turns and not pilot.app.record.over:
                pilot.app.open_replay(pilot.app.record)  # the replay viewer, mid-game: no "Moscow:" line
                await settle(pilot)
                assert "Moscow:" not in text_of(pilot.app.screen.query_one("#rp-turn"))
                pilot.app.open_record(pilot.app.record)
                await settle(pilot)
            await keys(pilot, kind)

        await play_to_end(pilot, move)
        assert seen_cards
        end = text_of(app.screen.query_one("#end-text"))
        assert "Your choices beside Moscow's" in end and app.record.reveal_history
        await pilot.press("r")
        await settle(pilot)
        assert "Moscow:" in text_of(app.screen.query_one("#rp-turn"))  # over: the replay tells it too


async def test_a_deck_alone_offers_the_scenario_it_extends(tmp_path, launched):
    deck = content_dir() / "decks" / "sirte-anti-isis.yaml"  # extends partnership-2016, not the default
    assert main(["play", "--deck", str(deck), "--saves-dir", str(tmp_path)]) == 0
    [app] = launched
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen_name == "TitleScreen"
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen_name == "BriefingScreen", app.screen_name  # no dialog of "unknown meter" errors
        await pilot.press("enter")
        await settle(pilot)
        assert app.record.rules.id == "partnership-2016" and app.record.resolved.deck_ids == ["sirte-anti-isis"]


async def test_the_error_dialog_shows_long_lines_whole(tmp_path):
    line = ("/home/instructor/courses/2026/a-very-long-folder-name-for-the-seminar/decks/deck.yaml:45:17: "
            "cards[3](x).options[0].effects[1].meter: unknown meter 'coalition' (did you mean 'cost'?)")
    app = WargameApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.show_error("This scenario and decks cannot be played", [line])
        await settle(pilot)
        shown = "".join(text_of(app.screen.query_one(".error-text")).split())
        assert "".join(line.split()) in shown
