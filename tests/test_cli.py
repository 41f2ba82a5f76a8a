"""The `wargame` command through its real entry points (game.cli.main and the installed script)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from game import __version__
from game.cli import build_parser, main

SUBCOMMANDS = ["play", "validate", "schema", "list", "ids", "simulate", "replay", "debrief", "new-deck", "new-class",
               "check", "serve"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "usage: wargame " + command in capsys.readouterr().out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"wargame {__version__}"


def test_installed_script_runs():
    exe = shutil.which("wargame") or str(__import__("pathlib").Path(sys.executable).with_name("wargame"))
    out = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and __version__ in out.stdout


def test_validate_shipped_content_passes(capsys):
    code, out, err = run(capsys, "validate", "content", "seeds")
    assert code == 0, out + err
    assert "ok:" in err


def test_validate_reports_every_error_with_line_and_column(tmp_path, capsys):
    bad = tmp_path / "broken.yaml"
    bad.write_text(
        "kind: deck\n"
        "id: broken\n"
        "title: Broken\n"
        "extends: tripoli-2019\n"
        "cards:\n"
        "  - id: new-card\n"
        "    titel: Oops\n"
        "    text: t\n"
        "    facts: [r19-no-such-fact]\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 1
    lines = out.strip().splitlines()
    assert any(line.startswith(f"{bad}:7:5:") and "titel" in line and "title" in line for line in lines), lines
    assert any(f"{bad}:9:" in line and "r19-no-such-fact" in line for line in lines), lines
    assert "Traceback" not in out + err


def test_validate_a_missing_file_is_a_clear_error(tmp_path, capsys):
    code, out, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 2  # a file that cannot be read is exit 2, as docs/authoring.md (section 15) says
    assert "nope.yaml: no such file" in err and "Traceback" not in out + err


def test_schema_to_file(tmp_path, capsys):
    target = tmp_path / "schema.json"
    code, _, _ = run(capsys, "schema", "-o", str(target))
    assert code == 0
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert "scenario" in json.dumps(schema) and "deck" in json.dumps(schema)


def test_list_shows_both_scenarios(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "tripoli-2019" in out and "partnership-2016" in out


def test_simulate_json_repeats_with_the_same_seed(capsys):
    args = ["simulate", "--scenario", "partnership-2016", "--games", "300", "--seed", "5", "--format", "json"]
    code, out1, _ = run(capsys, *args)
    assert code == 0
    code, out2, _ = run(capsys, *args)
    a, b = json.loads(out1), json.loads(out2)
    a.pop("games_per_second"), b.pop("games_per_second")
    assert a == b
    assert a["games"] == 300 and sum(a["endings"].values()) == 300
    assert set(a) >= {"endings", "mean_turns", "cards_drawn"}


def test_simulate_same_numbers_with_two_processes(capsys):
    args = ["simulate", "--scenario", "tripoli-2019", "--games", "600", "--seed", "1", "--format", "json"]
    _, one, _ = run(capsys, *args)
    _, two, _ = run(capsys, *args, "--jobs", "2")
    a, b = json.loads(one), json.loads(two)
    a.pop("games_per_second"), b.pop("games_per_second")
    assert a == b


def test_simulate_table(capsys):
    code, out, _ = run(capsys, "simulate", "--games", "50")
    assert code == 0
    assert "share" in out and "mean game length" in out


def test_simulate_a_deck_plays_the_scenario_it_extends(capsys):
    code, out, _ = run(capsys, "simulate", "--deck", "sirte-anti-isis", "--games", "20", "--format", "json")
    assert code == 0
    assert json.loads(out)["scenario"] == "partnership-2016"


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["simulate", "--games", "zero"])
    assert exc.value.code == 2
    assert "whole number" in capsys.readouterr().err


def test_parser_lists_every_subcommand():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(SUBCOMMANDS)


def test_replay_opens_the_viewer_on_a_terminal_and_prints_text_otherwise(monkeypatch, tmp_path):
    import game.cli.play as launch
    import game.cli.saves as saves_commands

    calls = []
    monkeypatch.setattr(launch, "replay_viewer_command", lambda path: calls.append(("viewer", path)) or 0)
    monkeypatch.setattr(saves_commands, "print_replay", lambda args: calls.append(("text", args.save)) or 0)
    save = tmp_path / "game.json"
    for tty in (True, False):
        monkeypatch.setattr(sys.stdin, "isatty", lambda tty=tty: tty, raising=False)
        monkeypatch.setattr(sys.stdout, "isatty", lambda tty=tty: tty, raising=False)
        assert main(["replay", str(save)]) == 0
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert main(["replay", str(save), "--verify"]) == 0
    assert calls == [("viewer", save), ("text", save), ("text", save)]
