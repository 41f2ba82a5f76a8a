"""Teaching a class, the saves and the debrief: students' names (cleaned, and safe in file names whatever
they hold), the class pack's settings kept by saves, forks and replays, what the screens may show while a
pack hides what Moscow did, one save per game in a folder, and `wargame debrief DIR` on a class folder."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from test_saves_support import read, rewrite

from game.cli import main
from game.content import load_class
from game.engine.policies import POLICIES, policy_rng
from game.model.classroom import ClassSettings, FixedSeed, clean_student_name, seed_for, student_seed
from game.saves import GameRecord, autosave, collect_saves, fork, load_game, save_game
from game.saves.record import player_name
from game.saves.store import MAX_STEM_BYTES, slugify

RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("name, stem", [
    ("Ana María", "ana-maría"),
    ("Иван Петров", "иван-петров"),
    ("王小明", "王小明"),
    ("محمد علي", "محمد-علي"),
    ("नमस्ते दुनिया", "नमस्ते-दुनिया"),  # the vowel signs (marks) stay with their letters
    ("../../etc/passwd", "etc-passwd"),
    ("..", "save"),
    (".hidden", "hidden"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j"),
    ("tab\tnew\nline\x00nul\x1b[31m", "tab-new-line-nul-31m"),
    ("evil\u202eexe.json", "evil-exe"),  # a right-to-left override cannot disguise the name
    ("zero\u200bwidth", "zero-width"),
    ("CON", "con-save"),
    ("nul", "nul-save"),
    ("Com1", "com1-save"),
    ("／etc／passwd", "etc-passwd"),  # full-width slashes are slashes
    ("😀😀", "save"),
    ("   ", "save"),
])
def test_any_name_becomes_a_safe_file_stem(name, stem):
    assert slugify(name) == stem


def test_long_names_are_cut_between_characters_within_the_byte_limit():
    stem = slugify("é" * 300)
    assert stem == "é" * (MAX_STEM_BYTES // 2) and len(stem.encode()) <= MAX_STEM_BYTES
    stem = slugify("a" + "ब्" * 100)
    assert len(stem.encode()) <= MAX_STEM_BYTES and stem.encode().decode() == stem


@given(st.text(max_size=300))
def test_a_stem_is_never_a_path_a_hidden_file_or_a_reserved_name(text):
    stem = slugify(text)
    assert stem and len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert "/" not in stem and "\\" not in stem and os.sep not in stem and "." not in stem
    assert stem == stem.strip("-") and "--" not in stem
    assert all(ch == "-" or unicodedata.category(ch)[0] in "LMN" for ch in stem)
    assert stem not in RESERVED
    assert unicodedata.category(stem[0])[0] != "M"


def test_hostile_student_names_keep_every_file_in_the_saves_folder(tmp_path, class_content):
    for i, name in enumerate(["../../outside", "..", "/etc/passwd", "a" * 500, "\x00", "CON", "\u202egpj.exe"]):
        record = GameRecord.start(class_content, i, player=name)
        record.apply(record.legal_decisions()[0])
        for path in (save_game(record, tmp_path), autosave(record, tmp_path)):
            assert path.parent == tmp_path and not path.name.startswith(".")
            assert len(path.name.encode()) < 255
            # stored cleaned (no control characters, 60 at most), and only the file name is made safe
            assert load_game(path).player == player_name(name)
    assert player_name("..") is None and player_name("a" * 500) == "a" * 60
    assert sorted(p.name for p in tmp_path.parent.iterdir() if "outside" in p.name or p.name == "passwd") == []


def test_student_names_are_cleaned_not_mangled():
    assert clean_student_name("  Ana   María \t") == "Ana María"
    assert clean_student_name("Zo\u00eb") == clean_student_name("Zoe\u0308") == "Zoë"  # NFC
    assert clean_student_name("bad\u202edirection\x07") == "baddirection"
    assert len(clean_student_name("x" * 200)) == 60
    for empty in ("", "   ", "\x00\x1b", "!!!", "\u200b"):
        with pytest.raises(ValueError, match="at least one letter or digit"):
            clean_student_name(empty)


def test_seeds_under_a_pack():
    assert student_seed("seminar", "Ana  María") == student_seed("seminar", "ana maría")  # case, spaces
    assert student_seed("seminar", "Ana") != student_seed("seminar", "Boris")
    assert student_seed("seminar", "Ana") != student_seed("other", "Ana")
    assert 0 <= student_seed("seminar", "Ana") < 2**63
    assert seed_for(ClassSettings(seed=FixedSeed(fixed=7)), "seminar", "Ana") == 7
    assert seed_for(ClassSettings(), "seminar", "Ana") == student_seed("seminar", "Ana")
    assert seed_for(ClassSettings(), "seminar", None) is None


# --------------------------------------------------------------------------- the pack in the record and the save


@pytest.fixture(scope="module")
def pack_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    path = folder / "seminar.yaml"
    path.write_text("kind: class\nid: seminar\ntitle: Seminar four\nscenario: tripoli-2019\n"
                    "decks: [oil-and-arms]\nsettings:\n  reveal: debrief\n  display: hidden\n  turns: 4\n"
                    "  seed: {fixed: 11}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def setup(pack_path):
    return load_class(pack_path)


@pytest.fixture(scope="module")
def class_content(setup):
    return setup.resolved


def play(setup, name: str | None, seed: int, upto_turn: int | None = None, policy_seed: int | None = None):
    record = GameRecord.start(setup.resolved, seed, player=name, classroom=setup.entry)
    pol, rng = POLICIES["random"], policy_rng(seed if policy_seed is None else policy_seed)
    while not record.over and (upto_turn is None or record.turn < upto_turn):
        record.apply(pol(record.state, record.legal_decisions(), rng))
    return record


def test_saves_keep_the_pack_and_the_student(setup, tmp_path):
    record = play(setup, "Ana", 11, upto_turn=3)
    path = save_game(record, tmp_path)
    assert path.name.startswith("ana-tripoli-2019-")
    data = read(path)
    assert data["player"] == "Ana" and data["classroom"] == {
        "id": "seminar", "title": "Seminar four",
        "settings": {"display": "hidden", "reveal": "debrief", "seed": {"fixed": 11}, "turns": 4, "ask_name": True,
                     "saves": None}}
    loaded = load_game(path)
    assert loaded.classroom == setup.entry and loaded.player == "Ana" and loaded.display == "hidden"
    assert loaded.rules.turns == 4
    assert fork(loaded, 2).classroom == setup.entry  # a what-if keeps the class's rules
    auto = autosave(loaded, tmp_path)
    assert auto.name.startswith(f"autosave-{record.game_id}-ana-t003-")


def test_a_game_without_a_pack_saves_as_before(tmp_path, class_content):
    record = GameRecord.start(class_content, 1, player="Ana")
    path = save_game(record, tmp_path)
    assert "classroom" not in read(path)  # older versions read it, hashes of such saves are unchanged
    assert load_game(path).classroom is None and record.reveal_history and record.display is None


def test_a_hidden_history_is_kept_from_the_screens_until_the_end(setup):
    record = play(setup, "Ana", 11, upto_turn=2)
    assert not record.reveal_history
    hidden = set(record.resolved.facts) - set(record.shown_facts)
    marked = {f for c in record.scenario.cards if c.options and c.record for f in c.record.facts}
    assert hidden and hidden <= marked
    finished = play(setup, "Ana", 11)
    assert finished.over and finished.reveal_history and finished.shown_facts == finished.resolved.facts


# --------------------------------------------------------------------------- a class folder


def class_folder(setup, folder: Path) -> dict:
    """Two students' saves as a class leaves them: Ana finished (her autosaves, a named save at the end, and
    an older named save), Boris stopped halfway (autosaves only), a damaged file and an unrelated file."""
    folder.mkdir(exist_ok=True)
    ana = GameRecord.start(setup.resolved, 11, player="Ana", classroom=setup.entry)
    pol, rng = POLICIES["random"], policy_rng(1)
    early = None
    while not ana.over:
        ana.apply(pol(ana.state, ana.legal_decisions(), rng))
        if ana.turn_just_ended:
            autosave(ana, folder)
            if ana.turn_just_ended == 1:
                early = save_game(ana, folder, name="ana-first-turn")
    final = save_game(ana, folder, name="ana-final")
    boris = GameRecord.start(setup.resolved, 11, player="Boris", classroom=setup.entry)
    rng = policy_rng(2)
    while boris.turn < 3:
        boris.apply(pol(boris.state, boris.legal_decisions(), rng))
        if boris.turn_just_ended:
            autosave(boris, folder)
    (folder / "notes.json").write_text('{"not": "a save"}')
    damaged = folder / "cut.json"
    damaged.write_bytes(final.read_bytes()[:500])
    (folder / ".hidden.json").write_text("ignored")
    return {"ana": ana, "boris": boris, "final": final, "early": early, "damaged": damaged}


def test_collect_saves_keeps_the_latest_save_of_each_game(setup, tmp_path):
    made = class_folder(setup, tmp_path / "class")
    found = collect_saves([tmp_path / "class"])
    assert sorted(i.player for i in found.games) == ["Ana", "Boris"]
    ana = next(i for i in found.games if i.player == "Ana")
    assert ana.path == made["final"] and ana.decisions == len(made["ana"].log)
    superseded = {a.name: b for a, b in found.superseded}
    assert superseded[made["early"].name] == made["final"]
    assert all(name.startswith(("autosave-", "ana-first")) for name in superseded)
    assert {p.name for p, _ in found.damaged} == {"cut.json", "notes.json"}
    assert found.files == len(list((tmp_path / "class").glob("[!.]*.json")))


def test_a_what_if_is_a_game_of_its_own_from_the_turn_it_forks(setup, tmp_path):
    from game.debrief import build_report

    record = play(setup, "Ana", 11)
    save_game(record, tmp_path)
    what_if = fork(record, 3)
    rng = policy_rng(99)
    while not what_if.over:
        what_if.apply(POLICIES["random"](what_if.state, what_if.legal_decisions(), rng))
    save_game(what_if, tmp_path, name="ana-what-if")
    assert len(collect_saves([tmp_path]).games) == 2
    [klass] = build_report([record, what_if]).classes
    assert [s.label for s in klass.saves] == ["Ana", "Ana (what-if from turn 3)"]
    early = [c for c in klass.cards if c.first_turn < 3]
    assert early and all(c.answered == 1 for c in early)  # the turns it replays are Ana's, counted once


def test_debrief_of_a_class_folder_through_the_command(setup, tmp_path, capsys):
    made = class_folder(setup, tmp_path / "class")
    out = tmp_path / "report.json"
    code = main(["debrief", str(tmp_path / "class"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1  # written, but two files could not be read
    assert "cut.json" in err and "not counted" in err
    report = json.loads(out.read_text())
    assert report["kind"] == "class" and report["title"].startswith("Class debrief: Seminar four")
    [klass] = report["classes"]
    assert [s["label"] for s in klass["saves"]] == ["Ana", "Boris"]  # one line per student, by name
    assert klass["classroom"]["id"] == "seminar" and klass["saves"][0]["turns_completed"] == len(made["ana"].turns)
    assert {Path(s["file"]).name for s in report["skipped"]} == {"cut.json", "notes.json"}
    assert made["early"].name in {Path(s["file"]).name for s in report["superseded"]}
    for fmt in ("text", "md", "html"):
        target = tmp_path / f"report.{fmt}"
        assert main(["debrief", str(tmp_path / "class"), "--format", fmt, "-o", str(target)]) == 1
        text = target.read_text()
        assert "Ana" in text and "Boris" in text and "Seminar four" in text and "Student" in text
    capsys.readouterr()


def test_a_folder_of_autosaves_alone_is_one_game_per_student(setup, tmp_path, capsys):
    record = GameRecord.start(setup.resolved, 11, player="Ana", classroom=setup.entry)
    rng = policy_rng(4)
    while not record.over:
        record.apply(POLICIES["random"](record.state, record.legal_decisions(), rng))
        if record.turn_just_ended:
            autosave(record, tmp_path)
    assert len(list(tmp_path.glob("autosave-*.json"))) == 2
    code = main(["debrief", str(tmp_path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["kind"] == "game" and report["games"][0]["player"] == "Ana"


def test_a_student_with_two_games_and_a_hostile_name(setup, tmp_path, capsys):
    for seed in (11, 12):
        save_game(play(setup, "<b>Ana</b>", seed, policy_seed=seed), tmp_path)
    assert main(["debrief", str(tmp_path), "--format", "json"]) == 0
    labels = [s["label"] for s in json.loads(capsys.readouterr().out)["classes"][0]["saves"]]
    assert sorted(labels) == ["<b>Ana</b>, game 1", "<b>Ana</b>, game 2"]
    assert main(["debrief", str(tmp_path), "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html and "<b>Ana</b>" not in html


def test_decisions_are_keyed_by_their_place_in_the_log(setup, tmp_path):
    from game.debrief import build_game

    record = play(setup, "Ana", 11)
    report = build_game(record)
    for turn in report.timeline:
        for d in turn.decisions:
            assert record.log[d.index].card == d.card_id and record.log[d.index].option == d.chosen_id


def test_debrief_refuses_a_missing_folder_and_an_empty_one(tmp_path, capsys):
    assert main(["debrief", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["debrief", str(tmp_path / "empty")]) == 2
    assert "no save files in" in capsys.readouterr().err


def test_simulated_class_saves_carry_the_pack(pack_path, tmp_path, capsys):
    code = main(["simulate", "--class", str(pack_path), "--games", "4", "--save-dir", str(tmp_path),
                 "--format", "json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["class_pack"] == "seminar" and summary["fixed_seed"] == 11
    saves = sorted(tmp_path.glob("sim-seminar-random-*.json"))
    assert len(saves) == 4
    datas = [read(p) for p in saves]
    assert {d["seed"] for d in datas} == {11} and all(d["classroom"]["id"] == "seminar" for d in datas)
    assert len({json.dumps(d["decisions"]) for d in datas}) > 1  # the same draws, different choices
    assert all(len(d["turns"]) <= 4 for d in datas)


def test_a_tampered_pack_entry_is_refused_like_any_edit(setup, tmp_path):
    path = save_game(play(setup, "Ana", 11, upto_turn=2), tmp_path)
    d = read(path)
    d["classroom"]["settings"]["reveal"] = "after-choice"
    rewrite(path, d, rehash=False)
    from game.saves import SaveError

    with pytest.raises(SaveError, match="payload hash"):
        load_game(path)


def test_the_example_class_folder_script(tmp_path, capsys):
    import importlib.util

    script = Path(__file__).resolve().parent.parent / "scripts" / "make_class_folder.py"
    spec = importlib.util.spec_from_file_location("make_class_folder", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path / "example-class"
    assert module.main([str(folder), "--report", str(tmp_path / "class.json")]) == 0
    report = json.loads((tmp_path / "class.json").read_text())
    [klass] = report["classes"]
    labels = [s["label"] for s in klass["saves"]]
    assert len(labels) == 6 and "Boris Ivanov (what-if from turn 3)" in labels and "Chen Wei 陈伟" in labels
    assert [Path(s["file"]).name for s in report["skipped"]] == ["sent-by-mail.json"]
    assert len(report["superseded"]) == len(list(folder.glob("*.json"))) - 6 - 1
    capsys.readouterr()
