"""The command line's way into the app: a bad deck, scenario or save gets a clear message and a non-zero
exit before the app starts (never a traceback); and the app module stays light to import."""

from __future__ import annotations

import json
import subprocess
import sys
from argparse import Namespace

import pytest

from game.cli import play as launch


def args(**kw) -> Namespace:
    base = {"scenario": None, "deck": [], "seed": None, "saves_dir": None, "from_save": None, "turn": None}
    base.update(kw)
    return Namespace(**base)


@pytest.fixture
def no_app(monkeypatch):
    """Fail the test if the app would start."""
    import game.tui.app as app_module

    def refuse(*a, **k):
        raise AssertionError("the app must not start on bad input")

    monkeypatch.setattr(app_module.WargameApp, "run", refuse)


def test_a_bad_deck_is_reported_before_the_app_starts(tmp_path, capsys, no_app):
    deck = tmp_path / "deck.yaml"
    deck.write_text("kind: deck\nid: Bad Id\ntitle: t\ncards: [{id: x}]\n", encoding="utf-8")
    code = launch.play_command(args(deck=[deck]))
    err = capsys.readouterr().err
    assert code != 0
    assert str(deck.name) in err and "Traceback" not in err


def test_a_missing_deck_and_an_unknown_scenario(tmp_path, capsys, no_app):
    assert launch.play_command(args(deck=[tmp_path / "nope.yaml"])) != 0
    assert launch.play_command(args(scenario="no-such-scenario")) != 0
    err = capsys.readouterr().err
    assert "nope.yaml" in err and "no-such-scenario" in err and "Traceback" not in err


def test_a_damaged_save_is_reported_before_the_app_starts(tmp_path, capsys, no_app):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    assert launch.play_command(args(from_save=bad)) != 0
    assert launch.replay_viewer_command(bad) != 0
    assert launch.play_command(args(turn=3)) != 0  # --turn without --from
    err = capsys.readouterr().err
    assert "bad.json" in err and "Traceback" not in err


def test_the_app_imports_without_pydantic_yaml_or_the_engine():
    """The path to the title screen stays as light as a bare Textual app (the startup target)."""
    code = (
        "import sys, game.tui.app; "
        "bad = [m for m in ('pydantic', 'yaml', 'game.content', 'game.saves', 'game.engine', 'game.model') "
        "if m in sys.modules]; print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
