"""Teaching a class, the content side, through the real entry points (`wargame ...` and game.content): class
packs and their errors, the starter pack, stacked validation and checks, `wargame ids`, the friendlier YAML
errors, rarely drawn deck cards, decks' score weights, sources with a url and cards' tags."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from test_content_support import pos

from game.cli import main
from game.content import ContentError, clear_caches, load_class, parse_document, resolve, validate_paths
from game.model.classroom import FixedSeed
from game.paths import content_dir

DECK = content_dir() / "decks" / "oil-and-arms.yaml"


@pytest.fixture(autouse=True)
def _fresh():
    clear_caches()
    yield
    clear_caches()


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def pack_text(**settings) -> str:
    lines = "".join(f"  {k}: {v}\n" for k, v in settings.items())
    return ("kind: class\nid: seminar\ntitle: Seminar four\nscenario: tripoli-2019\ndecks: [decks/oil.yaml]\n"
            + (f"settings:\n{lines}" if lines else ""))


@pytest.fixture
def folder(tmp_path) -> Path:
    """A class folder as an instructor hands it out: the pack, and its deck beside it under decks/."""
    (tmp_path / "decks").mkdir()
    shutil.copy(DECK, tmp_path / "decks" / "oil.yaml")
    return tmp_path


def write(folder: Path, text: str, name: str = "seminar.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- class packs


def test_a_class_pack_loads_its_scenario_and_decks_relative_to_itself(folder, monkeypatch, tmp_path_factory):
    path = write(folder, pack_text(turns=10, seed="{fixed: 42}", reveal="debrief", saves="class-saves"))
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # paths in the pack are read from its folder
    setup = load_class(path)
    assert setup.resolved.scenario.id == "tripoli-2019" and setup.resolved.deck_ids == ["oil-and-arms"]
    assert setup.resolved.scenario.turns == 10 and setup.resolved.rules.turns == 10
    assert setup.settings.seed == FixedSeed(fixed=42) and setup.settings.fixed_seed == 42
    assert setup.saves_dir == folder / "class-saves"
    entry = setup.entry
    assert (entry.id, entry.title, entry.settings.reveal) == ("seminar", "Seminar four", "debrief")
    # a shorter class is other content: its saves carry the shortened scenario and its own hash
    assert setup.resolved.content_hash != resolve("tripoli-2019", [folder / "decks" / "oil.yaml"]).content_hash


def test_the_defaults_of_a_pack(folder):
    setup = load_class(write(folder, pack_text()))
    s = setup.settings
    assert (s.display, s.reveal, s.seed, s.turns, s.ask_name, s.saves) == (None, "after-choice", "per-student", None,
                                                                             True, None)
    assert setup.saves_dir is None and setup.resolved.scenario.turns == 15


def test_a_pack_is_found_by_id_and_listed(capsys):
    assert load_class("tripoli-seminar").pack.id == "tripoli-seminar"
    code, out, _ = run(capsys, "list")
    assert code == 0 and "tripoli-seminar" in out and "class" in out


@pytest.mark.parametrize("settings, where, message", [
    ({"seed": 42}, "seed: 42", "a seed is `per-student` (each student their own) or `{fixed: N}`"),
    ({"seed": "per-studnet"}, "per-studnet", "did you mean 'per-student'?"),
    ({"reveal": "later"}, "later", "'later' is not allowed: use 'after-choice' or 'debrief'"),
    ({"display": "rough"}, "rough", "use 'exact', 'estimates' or 'hidden'"),
    ({"turns": 0}, "turns: 0", "must be at least 1"),
    ({"ask_names": "true"}, "ask_names", "unknown key 'ask_names' (did you mean 'ask_name'?)"),
])
def test_settings_errors_are_precise(folder, capsys, settings, where, message):
    path = write(folder, pack_text(**settings))
    code, out, err = run(capsys, "validate", path)
    assert code == 1, out + err
    text = path.read_text()
    line, col = pos(text, where.split(": ")[0] if ": " in where else where)
    assert f"{path}:{line}:" in out and message in out, out


def test_a_pack_names_missing_files_and_unknown_ids_where_it_names_them(folder, capsys):
    text = ("kind: class\nid: seminar\ntitle: T\nscenario: tripoli-2091\n"
            "decks: [decks/oli.yaml, oil-and-army]\n")
    path = write(folder, text)
    code, out, _ = run(capsys, "validate", path)
    assert code == 1
    line, col = pos(text, "tripoli-2091")
    assert f"{path}:{line}:{col}: scenario: no scenario with id 'tripoli-2091'" in out
    assert "did you mean 'tripoli-2019'?" in out
    line, col = pos(text, "decks/oli.yaml")
    assert f"{path}:{line}:{col}: decks[0]: the deck file" in out and "does not exist" in out
    line, col = pos(text, "oil-and-army")
    assert f"{path}:{line}:{col}: decks[1]: no deck with id 'oil-and-army'" in out


def test_a_pack_cannot_lengthen_its_scenario(folder, capsys):
    path = write(folder, pack_text(turns=40))
    code, out, _ = run(capsys, "validate", path)
    line, col = pos(path.read_text(), "40")
    assert code == 1 and f"{path}:{line}:{col}: settings.turns: the scenario has 15 turns: a class can play fewer, " \
                          "not 40" in out
    with pytest.raises(ContentError, match="a class can play fewer"):
        load_class(path)


def test_a_pack_reports_its_decks_problems_in_the_decks_files(folder, capsys):
    deck = folder / "decks" / "oil.yaml"
    deck.write_text(deck.read_text().replace("{meter: oil-grievance, add: 10}", "{meter: oil-grievanse, add: 10}"))
    path = write(folder, pack_text())
    code, out, _ = run(capsys, "validate", path)
    assert code == 1 and "decks/oil.yaml:" in out and "unknown meter 'oil-grievanse'" in out
    assert "did you mean 'oil-grievance'?" in out


def test_other_kinds_are_not_class_packs(folder, capsys):
    code, out, err = run(capsys, "simulate", "--class", DECK, "--games", "1")
    assert code == 1 and "expected a class pack (`kind: class`), not a deck file" in err


def test_the_schema_describes_class_packs(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and "class" in schema["discriminator"]["mapping"]
    settings = schema["$defs"]["ClassSettings"]["properties"]
    assert {"display", "reveal", "seed", "turns", "ask_name", "saves"} <= set(settings)


# --------------------------------------------------------------------------- the starter pack


def test_new_class_writes_a_commented_starter_that_validates_and_plays(folder, capsys):
    path = folder / "course" / "week-4.yaml"
    path.parent.mkdir()
    code, _, err = run(capsys, "new-class", path, "--scenario", "tripoli-2019", "--deck", folder / "decks" / "oil.yaml")
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=wargame.schema.json")
    assert 'decks: ["../decks/oil.yaml"]' in text  # a file is named from the pack's folder
    assert "# turns: 10" in text and "reveal: debrief" in text and "docs/classroom.md" in text
    assert f"wargame play --class {path}" in err
    assert run(capsys, "validate", "--strict", path)[0] == 0
    setup = load_class(path)
    assert setup.pack.id == "week-4" and setup.resolved.deck_ids == ["oil-and-arms"]
    code, out, _ = run(capsys, "simulate", "--class", path, "--games", "3", "--format", "json")
    assert code == 0 and json.loads(out)["class_pack"] == "week-4"


@pytest.mark.parametrize("argv, message", [
    (["--scenario", "nope"], "no scenario with id 'nope'"),
    (["--scenario", "tripoli-2019", "--deck", "missing/deck.yaml"], "missing/deck.yaml: no such file"),
])
def test_new_class_refuses_what_it_cannot_find(tmp_path, capsys, argv, message):
    code, _, err = run(capsys, "new-class", tmp_path / "c.yaml", *argv)
    assert code == 2 and message in err and not (tmp_path / "c.yaml").exists()


def test_new_class_never_overwrites_without_force(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text("mine")
    code, _, err = run(capsys, "new-class", path, "--scenario", "tripoli-2019")
    assert code == 2 and "already exists" in err and path.read_text() == "mine"
    assert run(capsys, "new-class", path, "--scenario", "tripoli-2019", "--force")[0] == 0


# --------------------------------------------------------------------------- stacked decks


def two_decks(tmp_path) -> tuple[Path, Path]:
    a = tmp_path / "a.yaml"
    a.write_text("kind: deck\nid: a\ntitle: A\nextends: tripoli-2019\ncards:\n"
                 "  - {id: shared, title: S, text: t, hypothetical: true, facts: [r19-gna-channel]}\n")
    b = tmp_path / "b.yaml"
    b.write_text("kind: deck\nid: b\ntitle: B\nextends: tripoli-2019\ncards:\n"
                 "  - {id: shared, title: S, text: t, hypothetical: true, facts: [r19-gna-channel]}\n")
    return a, b


def test_validate_checks_stacked_decks_together(tmp_path, capsys):
    a, b = two_decks(tmp_path)
    assert run(capsys, "validate", a, b)[0] == 0  # each alone is fine
    code, out, err = run(capsys, "validate", "--scenario", "tripoli-2019", "--deck", a, "--deck", b)
    line, col = pos(b.read_text(), "shared")
    assert code == 1 and f"{b}:{line}:{col}: cards[0](shared).id: card 'shared' already exists in deck 'a'" in out
    assert "tripoli-2019 + " in err


def test_validate_and_check_refuse_what_they_cannot_find(tmp_path, capsys):
    assert run(capsys, "validate", "--scenario", "tripoli-2019", "--deck", tmp_path / "no.yaml")[0] == 2
    assert run(capsys, "validate", "--deck", DECK)[0] == 2  # --deck goes with --scenario
    assert run(capsys, "validate")[0] == 2
    code, _, err = run(capsys, "check", tmp_path / "no.yaml")
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "check", "--scenario", "tripoli-2091", "--deck", DECK)
    assert code == 2 and "no scenario with id 'tripoli-2091'" in err


def test_check_plays_decks_stacked_and_class_packs(folder, tmp_path, capsys):
    a, b = two_decks(tmp_path)
    b.write_text(b.read_text().replace("id: shared", "id: other"))
    code, out, _ = run(capsys, "check", "--scenario", "tripoli-2019", "--deck", a, "--deck", b, "--games", "30",
                       "--format", "json")
    report = json.loads(out)
    assert report["decks"] == ["a", "b"] and {"shared", "other"} <= set(report["cards"])
    path = write(folder, pack_text(turns=5))
    code, out, _ = run(capsys, "check", path, "--games", "30", "--format", "json")
    report = json.loads(out)
    assert report["decks"] == ["oil-and-arms"] and report["mean_turns"] <= 5


def test_a_deck_played_on_another_scenario_gives_that_one_error(capsys):
    sirte = content_dir() / "decks" / "sirte-anti-isis.yaml"
    code, out, _ = run(capsys, "validate", "--scenario", "tripoli-2019", "--deck", sirte)
    errors = out.strip().splitlines()
    assert code == 1 and len(errors) == 1 and "extends 'partnership-2016' but is being played on 'tripoli-2019'" in out


# --------------------------------------------------------------------------- wargame ids


def test_ids_lists_every_id_an_author_can_use(capsys):
    code, out, _ = run(capsys, "ids", "tripoli-2019", "--deck", "oil-and-arms", "--format", "json")
    ids = json.loads(out)
    assert code == 0 and ids["decks"] == ["oil-and-arms"]
    meters = {m["id"]: m for m in ids["meters"]}
    assert meters["bargaining"]["min"] == 0 and meters["bargaining"]["max"] == 100 and meters["bargaining"]["score"]
    assert "oil-grievance" in meters  # the deck's own meter
    cards = {c["id"]: c for c in ids["cards"]}
    assert [o["id"] for o in cards["unsc-draft"]["options"]]
    flags = {f["id"]: f for f in ids["flags"]}
    assert any(f["set_by"] for f in flags.values()) and any(f["tested_by"] for f in flags.values())
    assert {"tripoli", "benghazi"} <= {p["id"] for p in ids["places"]}
    assert {"lna", "gna"} <= {a["id"] for a in ids["actors"]}
    assert ids["endings"] and all(e["id"] for e in ids["endings"])
    facts = [f for group in ids["facts"].values() for f in group]
    assert any(f["id"] == "r19-gna-channel" and f["cited"] for f in facts)
    assert any(f["id"].startswith("p16-") for f in facts)  # the whole fact base may be cited


def test_ids_as_text_and_of_a_class_pack(folder, capsys):
    code, out, _ = run(capsys, "ids", write(folder, pack_text(turns=4)))
    assert code == 0
    for heading in ("Meters", "Actors", "Places", "Cards", "Flags", "Endings", "Facts"):
        assert heading in out
    assert "oil-grievance" in out and "(4 turns)" in " ".join(out.split())
    assert run(capsys, "ids", "nope")[0] == 2


# --------------------------------------------------------------------------- friendlier YAML errors


def test_an_unquoted_colon_suggests_quoting_the_value():
    doc = parse_document("kind: deck\nid: x\ntitle: Lavrov: a Mediterranean tour\n")
    [p] = doc.problems
    assert (p.line, p.col) == (3, 14)
    assert p.message.endswith("quote the value: title: \"Lavrov: a Mediterranean tour\"")


def test_errors_that_are_usually_indentation_say_so():
    for text in ("kind: deck\nid: x\ncards:\n  - id: a\n    title: t\n   text: t\n",
                 "kind: deck\nid: x\ncards:\n  - id: a\n    title: t\n     text: t\n"):
        [p] = parse_document(text).problems
        assert p.line == 6 and "this is usually indentation: check that line 6 lines up" in p.message


def test_other_yaml_slips_get_a_hint():
    hints = {
        "kind: deck\ntitle: @home\n": "a value starting with '@' needs quotes (title: \"@home\")",
        "kind: deck\ntitle:abc\nid: x\n": "a key's colon needs a space after it (line 2",
        "kind: deck\nfacts: [a, b\nid: x\n": "the list opened at line 2, column 8 is not closed",
        "kind: deck\ntitle: \"abc\nid: x\n": "a quote or bracket opened at line 2, column 8 is never closed",
        "kind: deck\ntitle: \"Lavrov\" says\n": "text after a closing quote: quote the whole value",
    }
    for text, hint in hints.items():
        [p] = parse_document(text).problems
        assert hint in p.message, (text, p.message)


# --------------------------------------------------------------------------- rarely drawn deck cards


def rare_deck(tmp_path, weight: float) -> Path:
    path = tmp_path / "rare.yaml"
    path.write_text(
        "kind: deck\nid: rare\ntitle: Rare\nextends: tripoli-2019\ncards:\n"
        "  - id: rare-card\n    title: A rare card\n    turns: {from: 10}\n"
        f"    weight: {weight}\n    hypothetical: true\n    facts: [r19-gna-channel]\n    text: What-if.\n"
        "    effects:\n      - {meter: bargaining, add: 1}\n", encoding="utf-8")
    return path


def test_a_deck_card_the_draw_weights_leave_rare_is_a_warning_with_the_weight_to_use(tmp_path):
    path = rare_deck(tmp_path, 0.05)
    [warning] = validate_paths([path])
    assert warning.severity == "warning" and (warning.line, warning.col) == pos(path.read_text(), "0.05")
    assert "card 'rare-card' is drawn in only" in warning.message and "of random games" in warning.message
    assert "raise its `weight` (to " in warning.message and "widen its `turns`" in warning.message
    suggested = float(warning.message.split("(to ")[1].split(":")[0].split(" ")[0])
    # the weight it suggests does what it says: the card then comes up in about half the games or more
    clear_caches()
    heavier = rare_deck(tmp_path, suggested)
    assert validate_paths([heavier]) == []
    from game.content.draws import draw_shares

    assert draw_shares(resolve("tripoli-2019", [heavier]).rules)["rare-card"] >= 0.45


def test_the_shipped_decks_are_not_rare():
    for deck in ("oil-and-arms", "sirte-anti-isis"):
        assert not [p for p in validate_paths([content_dir() / "decks" / f"{deck}.yaml"]) if "drawn in only" in p.message]


# --------------------------------------------------------------------------- decks' score, sources, tags


def scored_deck(tmp_path, score: str) -> Path:
    path = tmp_path / "scored.yaml"
    path.write_text(
        "kind: deck\nid: scored\ntitle: Scored\nextends: tripoli-2019\n"
        "meters:\n  - {id: goodwill, name: Goodwill, description: d, start: 50}\n"
        f"score: {score}\n"
        "cards:\n  - id: goodwill-card\n    title: Goodwill\n    hypothetical: true\n    facts: [r19-gna-channel]\n"
        "    text: t\n    effects:\n      - {meter: goodwill, add: 5}\n", encoding="utf-8")
    return path


def test_a_deck_weighs_its_own_meters_in_the_score(tmp_path):
    resolved = resolve("tripoli-2019", [scored_deck(tmp_path, "{goodwill: 0.5}")])
    assert resolved.scenario.score["goodwill"] == 0.5 and resolved.scenario.score["bargaining"] == 1.0
    from game.engine.play import play_game

    result = play_game(resolved.rules, 3)
    from game.engine.core import score_of

    total, breakdown = score_of(resolved.rules, result.meters, result.ending)
    assert breakdown["goodwill"] == round(0.5 * result.meters["goodwill"], 2)


def test_a_deck_cannot_weigh_the_scenarios_meters(tmp_path):
    path = scored_deck(tmp_path, "{bargaining: 2, goodwil: 1}")
    problems = validate_paths([path])
    text = path.read_text()
    got = {(p.line, p.col, p.message) for p in problems if p.is_error}
    assert got == {
        (*pos(text, "bargaining: 2"), "meter 'bargaining' comes from scenario 'tripoli-2019' "
                                      f"({problems[0].message.split('(')[1].split(')')[0]}): a deck weighs only "
                                      "the meters it adds"),
        (*pos(text, "goodwil: 1"), "this deck adds no meter 'goodwil' (did you mean 'goodwill'?)"),
    }


def test_facts_of_a_web_page_need_no_paragraph_and_accessed_goes_with_a_url(tmp_path):
    base = ("kind: deck\nid: web\ntitle: Web\nextends: tripoli-2019\nsources:\n"
            "  - {id: blog, title: A blog post, author: A. Writer, published: '2019-04', %s}\n"
            "facts:\n  - {id: blog-fact, date: '2019-04-10', summary: What it says., source: blog}\n"
            "cards:\n  - {id: web-card, title: W, text: t, hypothetical: true, facts: [blog-fact]}\n")
    good = tmp_path / "good.yaml"
    good.write_text(base % "url: 'https://example.org/post', accessed: '2026-11-02'")
    assert [p for p in validate_paths([good]) if p.is_error] == []
    bad = tmp_path / "bad.yaml"
    bad.write_text(base % "accessed: '2026-11-02'")
    messages = [p.message for p in validate_paths([bad]) if p.is_error]
    assert any("`accessed` says when the `url` was read" in m for m in messages)
    assert any("gives no `paragraph`" in m and "a source with a `url`" in m for m in messages)


def test_cards_carry_tags_and_untagged_cards_embed_as_before(tmp_path):
    path = tmp_path / "tagged.yaml"
    path.write_text("kind: deck\nid: tagged\ntitle: T\nextends: tripoli-2019\ncards:\n"
                    "  - {id: t1, title: T, text: t, hypothetical: true, facts: [r19-gna-channel], tags: [unsc, week-4]}\n")
    resolved = resolve("tripoli-2019", [path])
    card = next(c for c in resolved.scenario.cards if c.id == "t1")
    assert card.tags == ["unsc", "week-4"]
    embedded = resolved.embedded["scenario"]["cards"]
    assert next(c for c in embedded if c["id"] == "t1")["tags"] == ["unsc", "week-4"]
    assert all("tags" not in c for c in embedded if c["id"] != "t1")  # older saves' content hashes stay the same
    path.write_text(path.read_text().replace("week-4", "Week 4"))
    clear_caches()
    [p] = [p for p in validate_paths([path]) if p.is_error]
    assert "'Week 4' is not a valid id" in p.message and "did you mean 'week-4'?" in p.message
