"""catalog(), validate_paths(), json_schema(), the shipped content, import cost and code hygiene."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.content import DEFAULT_SCENARIO, catalog, json_schema, resolve, validate_paths
from test_content_support import DATA, content_env, pos  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parents[1]


def test_catalog_lists_scenarios_and_decks(content_env):
    broken = content_env.user / "broken.yaml"
    broken.write_text("kind: deck\nid: broken\ntitle: [unclosed\n")
    entries = {e.id: e for e in catalog()}
    mini = entries["mini"]
    assert (mini.kind, mini.title, mini.cards, mini.span) == ("scenario", "Mini scenario", 3,
                                                              ("2019-04-04", "2019-05-01"))
    assert mini.shipped and mini.error is None
    extra = entries["mini-extra"]
    assert (extra.kind, extra.extends, extra.cards, extra.span) == ("deck", "mini", 2, ("2019-04-11", "2019-04-11"))
    undated = content_env.user / "undated.yaml"
    undated.write_text("kind: deck\nid: undated\ntitle: U\nextends: mini\ncards:\n  - {id: u, title: U, text: t}\n")
    assert {e.id: e for e in catalog()}["undated"].span == ("2019-04-04", "2019-05-01")  # the scenario's
    bad = entries["broken"]
    assert bad.kind == "deck" and not bad.shipped and bad.title == ""
    assert "YAML syntax" in bad.error


def test_catalog_survives_unreadable_folders(content_env, monkeypatch):
    from game import paths

    monkeypatch.setattr(paths, "user_decks_dir", lambda: content_env.root / "missing")
    assert {e.id for e in catalog()} == {"mini", "mini-extra"}


def test_validate_a_folder(content_env):
    assert validate_paths([content_env.root / "content", content_env.seeds]) == []


def test_validate_reports_every_file(content_env):
    bad = content_env.write("mine/deck.yaml", "kind: deck\nid: d\ntitle: D\nextends: mini\n"
                                              "cards:\n  - {id: vote, title: V, text: t}\n")
    junk = content_env.write("mine/junk.yaml", "kind: nonsense\n")
    found = validate_paths([content_env.root / "mine"])
    assert [(Path(p.path).name, p.line, p.col) for p in found] == [("deck.yaml", 6, 10), ("junk.yaml", 1, 7)]
    assert bad.exists() and junk.exists()


def test_validate_a_deck_next_to_its_scenario(content_env):
    scenario = content_env.write("work/s.yaml", (DATA / "scenarios" / "mini.yaml").read_text()
                                 .replace("id: mini\n", "id: local\n"))
    deck = content_env.write("work/d.yaml", "kind: deck\nid: d\ntitle: D\nextends: local\n"
                                            "cards:\n  - {id: extra, title: E, text: t, effects: [{meter: cots, add: 1}]}\n")
    (p,) = validate_paths([deck])
    assert p.message == "unknown meter 'cots' (did you mean 'cost'?)"
    assert scenario.exists()


def test_validate_a_deck_with_an_unknown_scenario(content_env):
    text = "kind: deck\nid: d\ntitle: D\nextends: nowhere\n"
    deck = content_env.write("lonely/d.yaml", text)
    (p,) = validate_paths([deck])
    assert (p.line, p.col) == pos(text, "nowhere")
    assert p.message.startswith("cannot check it on a scenario: no scenario with id 'nowhere'")


def test_validate_a_fact_base(content_env):
    text = ("kind: facts\nsources:\n  - {id: s2, title: S}\nfacts:\n"
            "  - {id: mini-vote, summary: s, source: s2, paragraph: 1}\n"
            "  - {id: f2, summary: s, source: s3, paragraph: 1}\n")
    path = content_env.write("more-facts.yaml", text)
    found = validate_paths([path])
    assert [p.message.split(" (")[0] for p in found] == ["fact 'mini-vote' already exists in the fact base",
                                                         "unknown source 's3'"]


def test_validate_a_missing_path(content_env):
    (p,) = validate_paths([content_env.root / "nope.yaml"])
    assert p.message == "no such file"


def test_json_schema_covers_the_four_kinds():
    schema = json_schema()
    assert schema["$id"].startswith("urn:") and schema["title"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["discriminator"]["mapping"]) == {"scenario", "deck", "facts", "class"}
    json.dumps(schema)
    card = schema["$defs"]["Card"]
    assert card["additionalProperties"] is False and "title" in card["required"]
    schema["title"] = "changed"
    assert json_schema()["title"] != "changed"  # callers get a copy


def test_the_shipped_content_is_valid():
    if not (ROOT / "content" / "scenarios" / f"{DEFAULT_SCENARIO}.yaml").exists():  # pragma: no cover
        pytest.skip("no shipped scenario yet")
    problems = validate_paths([ROOT / "content", ROOT / "seeds"])
    assert [str(p) for p in problems if p.is_error] == []
    resolved = resolve(DEFAULT_SCENARIO)
    assert resolved.scenario.id == DEFAULT_SCENARIO
    assert all(fid in resolved.facts for card in resolved.scenario.cards for fid in card.facts)


def test_importing_game_content_is_light():
    code = ("import sys, game.content; "
            "heavy = [m for m in ('yaml', 'pydantic', 'game.model.content', 'game.engine') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_no_unsafe_loading_or_code_execution_in_game():
    pattern = re.compile(r"yaml\.(load|unsafe_load|full_load)\s*\(|\bunsafe_load\b|\beval\s*\(|\bexec\s*\(")
    offenders = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_loader_never_constructs_yaml_objects():
    source = "\n".join(p.read_text() for p in (ROOT / "game" / "content").glob("*.py"))
    assert "safe_load" not in source and "Constructor" not in source and "yaml.load" not in source
