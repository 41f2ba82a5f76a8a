"""The issue's end-to-end check through the real entry point (game.cli.main) on the shipped default
scenario: simulate with --save-dir, replay --verify every save, debrief them all as HTML; damaged files
give a message and exit 2, never a traceback."""

from __future__ import annotations

import json

import pytest

from game.cli import main


@pytest.fixture(scope="module")
def sim_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sims")
    assert main(["simulate", "--games", "6", "--save-dir", str(folder), "--format", "json"]) == 0
    saves = sorted(folder.glob("*.json"))
    assert len(saves) == 6
    return folder


def test_every_simulated_save_verifies(sim_dir, capsys):
    for path in sorted(sim_dir.glob("*.json")):
        assert main(["replay", str(path), "--verify"]) == 0
        assert "OK:" in capsys.readouterr().out


def test_replay_verify_json(sim_dir, capsys):
    path = sorted(sim_dir.glob("*.json"))[0]
    capsys.readouterr()
    assert main(["replay", str(path), "--verify", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["turns_checked"] >= 1


def test_class_debrief_html(sim_dir, tmp_path, capsys):
    out = tmp_path / "class.html"
    saves = [str(p) for p in sorted(sim_dir.glob("*.json"))]
    assert main(["debrief", *saves, "--format", "html", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "6 games" in html and "<svg" in html and "Decisions beside what Moscow did" in html
    assert "<script" not in html


def test_single_debrief_every_format(sim_dir, tmp_path):
    path = str(sorted(sim_dir.glob("*.json"))[0])
    for fmt, marker in (("text", "Timeline"), ("md", "### Timeline"), ("html", "<h2>Timeline</h2>"),
                        ("json", '"kind": "game"')):
        out = tmp_path / f"one.{fmt}"
        assert main(["debrief", path, "--format", fmt, "-o", str(out)]) == 0
        assert marker in out.read_text(encoding="utf-8")


def test_damaged_saves_through_the_entry_point(sim_dir, tmp_path, capsys):
    data = sorted(sim_dir.glob("*.json"))[0].read_bytes()
    cases = {
        "truncated.json": data[: len(data) // 3],
        "flipped.json": data.replace(b'"seed":', b'"seee":', 1),
        "foreign.json": b'{"name": "not a save"}',
        "binary.json": bytes(range(256)),
    }
    for name, raw in cases.items():
        p = tmp_path / name
        p.write_bytes(raw)
        for argv in (["replay", str(p), "--verify"], ["replay", str(p)], ["debrief", str(p)]):
            capsys.readouterr()
            assert main(argv) == 2, (name, argv)
            captured = capsys.readouterr()
            assert "Traceback" not in captured.out + captured.err
            assert str(p) in captured.err
