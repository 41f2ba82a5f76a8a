"""Debrief reports: the data model for one save and for a class, every format, and the commands."""

from __future__ import annotations

import argparse
import json
import re
from html.parser import HTMLParser

import pytest
from test_saves_support import content, play

from game.debrief import build_report, render, render_html, render_text
from game.cli.debrief import debrief_command
from game.debrief.build import build_class
from game.saves import load_game, save_game
from game.cli.saves import print_replay as replay_command


@pytest.fixture(scope="module")
def one():
    rec = play(seed=0, policy="historical", player="Ana")
    rec.annotate(2, "Why <veto> here? | compare with 8 April")
    return rec


@pytest.fixture(scope="module")
def klass():
    r = content()
    recs = [play(r, seed=s, player=f"Student {s}") for s in range(8)]
    recs.append(play(r, seed=99, policy="historical", player="Student 99"))
    return recs


# --------------------------------------------------------------------------- one save: the data


def test_game_report_tells_the_story(one):
    report = build_report([one])
    assert report.kind == "game"
    g = report.games[0]
    assert g.player == "Ana" and g.over and g.turns_completed == len(one.turns)
    assert [t.turn for t in g.timeline] == [t.turn for t in one.turns]
    t1 = g.timeline[0]
    assert t1.date == "2019-04-04"
    vote_card = next(c for c in t1.cards if c.id == "vote")
    assert vote_card.how == "fixed" and vote_card.facts[0].id == "unsc-2019-04-08"
    assert vote_card.facts[0].source_title == "Document 000: the Tripoli offensive"
    assert vote_card.facts[0].paragraph == 2
    vote = next(d for d in t1.decisions if d.card_id == "vote")
    assert (vote.chosen_label, vote.moscow_label, vote.matches) == ("Veto", "Veto", True)
    arms = next(d for t in g.timeline for d in t.decisions if d.card_id == "arms")
    assert arms.moscow_label is None and arms.matches is None and "do not record" in arms.history
    # consequences come with their causes, in the engine's words
    assert any("Leverage +10 (50 → 60): your choice “Veto” on “A vote”" == c for c in t1.consequences)
    # meters before/after chain from the start values, and the series matches
    assert t1.meters_before == {"leverage": 50, "cost": 10}
    for a, b in zip(g.timeline, g.timeline[1:]):
        assert b.meters_before == a.meters_after
    assert g.series["leverage"] == [50] + [t.meters["leverage"] for t in one.turns]
    assert g.ending.title == one.outcome.title and g.ending.score == one.outcome.score
    assert ("Leverage", one.outcome.breakdown["leverage"]) in g.ending.breakdown
    assert g.timeline[1].notes[0].text.startswith("Why <veto>")
    # the vote's record is inferred; the other decision card records no choice of Moscow's
    assert (g.agreement.matched, g.agreement.marked, g.agreement.inferred, g.agreement.not_recorded) == (1, 1, 1, 1)
    assert g.agreement.sentence().startswith("1 of 1 decisions matched what Moscow did (1 inferred); 1 other")


def test_game_in_progress_shows_the_turn_so_far():
    rec = play(seed=0, upto_turn=1)  # turn 1 of seed 0 has two decision cards: answer one
    rec.apply(rec.legal_decisions()[0])
    g = build_report([rec]).games[0]
    assert not g.over and g.ending is None
    assert len(g.timeline) == 1 and g.timeline[0].in_progress and g.timeline[0].turn == 1
    assert len(g.timeline[0].cards) == 2 and len(g.timeline[0].decisions) == 1
    assert "not over" in render_text(rec)


# --------------------------------------------------------------------------- one save: the formats


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_html_is_self_contained_and_printable(one):
    html = render(one, "html")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "<polyline" in html
    assert one.outcome.title in html and "Meters over time" in html
    assert "@media print" in html and "<style>" in html
    p = Tags()
    p.feed(html)
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags and "iframe" not in p.tags
    assert not any(k in ("src", "href") for k, _v in p.attrs)
    assert not any(k.startswith("on") for k, _v in p.attrs)
    assert "url(" not in html and "@import" not in html
    # content is escaped
    assert "Why &lt;veto&gt; here?" in html and "<veto>" not in html
    assert "<cite>" in html and "¶2" in html and "What Moscow did" in html
    assert "unsc-2019-04-08" not in html  # no fact ids in front of people


def test_hostile_content_is_escaped_in_every_format():
    r = content(title="<script>alert(1)</script> [bold]x[/bold]")
    rec = play(r, seed=1, player="<img src=x onerror=alert(1)>")
    html = render_html(rec)
    assert "<script>alert" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
    text = render_text(rec)
    assert "[bold]x[/bold]" in text  # Rich markup printed as is, never interpreted
    md = render(rec, "md")
    assert "<script>" not in md


def test_text_report(one):
    text = render_text(one)
    assert "Debrief — Ana" in text and "Meters over time" in text and "Timeline" in text
    assert re.search(r"[▁▂▃▄▅▆▇█]{3,}", text)  # the sparkline chart
    assert "Turn 1 — 2019-04-04" in text and "What Moscow did" in text and "Veto ✓" in text
    assert "Ending: " + one.outcome.title in text and "Total" in text
    assert re.search(r"✎ Why <veto> here\?", text)
    assert "sources: " in text and "¶2 (2019-04-08)" in text
    assert "unsc-2019-04-08" not in text  # fact ids are for machines, never shown to people


def test_markdown_report(one):
    md = render(one, "md")
    assert md.startswith("# Debrief")
    assert "| Decision | Your choice | What Moscow did |" in md and "| A vote | Veto ✓ | Veto (inferred: test) |" in md
    assert "#### Turn 1 — 2019-04-04" in md and "```text" in md
    assert "Why \\<veto\\> here? \\| compare" in md  # escaped inside the note


def test_json_report(one):
    d = json.loads(render(one, "json"))
    assert d["format"] == "kremlins-libya-gambit-debrief" and d["kind"] == "game"
    g = d["games"][0]
    assert g["ending"]["title"] == one.outcome.title and len(g["timeline"]) == len(one.turns)
    assert g["timeline"][0]["decisions"][0]["card_id"] in ("vote", "arms")


# --------------------------------------------------------------------------- a class


def test_class_comparison_data(klass):
    report = build_report(klass)
    assert report.kind == "class" and len(report.classes) == 1
    c = report.classes[0]
    assert len(c.saves) == 9 and [s.label for s in c.saves][0] == "Student 0"
    assert sum(e.count for e in c.endings) == 9
    assert {e.title for e in c.endings} <= {"Broke", "Strong", "Weak"}
    vote = next(x for x in c.cards if x.card_id == "vote")
    assert vote.answered == 9 and sum(o.count for o in vote.options) == 9
    veto = next(o for o in vote.options if o.id == "veto")
    assert veto.historical and veto.label == "Veto" and "Student 99" in veto.who
    assert not next(o for o in vote.options if o.id == "abstain").historical
    lev = next(m for m in c.meters if m.id == "leverage")
    assert lev.mean[0] == 50 and lev.lo[0] == lev.hi[0] == 50 and len(lev.per_save) == 9
    for i, mean in enumerate(lev.mean):
        vals = [s[i] for s in lev.per_save.values() if i < len(s)]
        assert mean == pytest.approx(sum(vals) / len(vals), abs=0.01) and lev.lo[i] == min(vals)
    assert c.scores.n == 9 and c.scores.min <= c.scores.mean <= c.scores.max


def test_outliers_by_score_and_unique_choice():
    r = content()
    # ten games alike (same seed, same bot, a game without the veto: which seed that is depends on the order
    # the options are offered in) and one different: its score is > 2 sd from the mean
    seed = next(s for s in range(1, 100) if ("vote", "veto") not in {(d.card, d.option) for d in play(r, seed=s).log})
    alike = [play(r, seed=seed, player=f"p{i}") for i in range(10)]
    odd = play(r, seed=0, policy="historical", player="odd one")
    assert odd.outcome.score != alike[0].outcome.score
    c = build_class(alike + [odd])
    reasons = [o.reason for o in c.outliers if o.label == "odd one"]
    assert any("standard deviations" in x for x in reasons)
    assert any("the only one to choose “Veto” on “A vote”" in x for x in reasons)
    assert not any(o.label.startswith("p") for o in c.outliers)
    # with two games nothing is called an outlier
    assert build_class(alike[:1] + [odd]).outliers == []


def test_class_formats(klass):
    html = render(klass, "html")
    assert "<svg" in html and "<polygon" in html and "Decisions beside what Moscow did" in html
    assert "← what Moscow did" in html and "<script" not in html and "Student 99" in html
    text = render(klass, "text")
    assert "Endings" in text and "Meter trajectories" in text and "Outliers" in text and "mean" in text
    md = render(klass, "md")
    assert "### Endings" in md and "**← Moscow (inferred)**" in md
    d = json.loads(render(klass, "json"))
    assert d["kind"] == "class" and len(d["classes"][0]["saves"]) == 9


def test_saves_of_different_scenarios_are_grouped(klass):
    other = content(id="other", title="Another scenario")
    mixed = klass[:3] + [play(other, seed=s) for s in range(2)]
    report = build_report(mixed)
    assert report.kind == "classes" and {c.scenario_id for c in report.classes} == {"test", "other"}
    with pytest.raises(ValueError, match="different scenarios"):
        build_report(mixed, group=False)
    single = build_report(klass[:2] + [play(other, seed=1)])
    assert [c.scenario_id for c in single.classes] == ["test"] and [g.scenario_id for g in single.games] == ["other"]
    assert "Another scenario" in render(single, "html")


# --------------------------------------------------------------------------- the commands


def debrief(saves, fmt=None, output=None):
    return debrief_command(argparse.Namespace(saves=[str(s) for s in saves], format=fmt,
                                              output=str(output) if output else None, saves_dir=None))


@pytest.fixture
def class_dir(tmp_path, klass):
    folder = tmp_path / "class"
    for rec in klass[:5]:
        save_game(rec, folder, name=rec.player)
    return folder


@pytest.mark.parametrize("fmt, marker", [("html", "<svg"), ("md", "### Endings"), ("json", '"kind": "class"'),
                                         ("text", "Meter trajectories")])
def test_debrief_command_writes_each_format(class_dir, tmp_path, fmt, marker, capsys):
    out = tmp_path / f"report.{fmt}"
    assert debrief(sorted(class_dir.glob("*.json")), fmt, out) == 0
    assert marker in out.read_text(encoding="utf-8")
    assert "wrote" in capsys.readouterr().err


def test_debrief_command_infers_the_format_and_reads_folders(class_dir, tmp_path):
    out = tmp_path / "r.html"
    assert debrief([class_dir], None, out) == 0
    assert out.read_text().startswith("<!DOCTYPE html>") and "5 games" in out.read_text()


def test_debrief_command_on_one_save_to_stdout(class_dir, capsys):
    path = sorted(class_dir.glob("*.json"))[0]
    assert debrief([path], "md") == 0
    assert "#### Turn 1" in capsys.readouterr().out


def test_debrief_command_leaves_out_damaged_saves(class_dir, tmp_path, capsys):
    (class_dir / "broken.json").write_text('{"format": "kremlins-libya-gambit-save", "format_version": 2')
    out = tmp_path / "r.json"
    assert debrief([class_dir], "json", out) == 1
    d = json.loads(out.read_text())
    assert len(d["classes"][0]["saves"]) == 5 and d["skipped"][0]["file"].endswith("broken.json")
    assert "truncated" in d["skipped"][0]["message"]
    assert "left out" in capsys.readouterr().err


def test_debrief_command_with_nothing_readable(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("nope")
    assert debrief([bad], "html", tmp_path / "r.html") == 2
    assert debrief([tmp_path / "missing.json"], "html") == 2
    assert debrief([tmp_path], "text") == 2  # a folder of no saves
    assert debrief([bad], "pdf") == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unknown format 'pdf'" in err


def test_debrief_command_cannot_write_output(class_dir, tmp_path, capsys):
    assert debrief([class_dir], "html", tmp_path / "no" / "such" / "dir" / "r.html") == 2
    assert "cannot write" in capsys.readouterr().err


def test_replay_command_prints_the_timeline(class_dir, capsys):
    path = sorted(class_dir.glob("*.json"))[0]
    args = argparse.Namespace(save=str(path), verify=False, format="text", saves_dir=None)
    assert replay_command(args) == 0
    out = capsys.readouterr().out
    assert "Timeline" in out and "Turn 1" in out
    args.format = "json"
    assert replay_command(args) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "game"


def test_replay_command_finds_a_name_in_the_saves_folder(class_dir, capsys):
    rec = load_game(sorted(class_dir.glob("*.json"))[0])
    args = argparse.Namespace(save=rec.path.stem, verify=True, format="text", saves_dir=str(class_dir))
    assert replay_command(args) == 0
    assert "OK:" in capsys.readouterr().out


def test_many_meters_get_one_small_chart_each():
    from factories import scenario_dict

    meters = scenario_dict()["meters"] + [
        {"id": f"extra{i}", "name": f"Extra {i}", "description": "d", "start": 5 * i} for i in range(4)]
    rec = play(content(meters=meters), seed=1)
    html = render_html(rec)
    assert 'class="charts"' in html and html.count("<figure>") == 6 and "Extra 3" in html


def test_a_save_that_no_longer_replays_is_reported_from_its_log_and_flagged(tmp_path, capsys):
    from test_saves_verify import changed_deck_save

    from game.saves import SaveReplayError
    from game.saves.store import load_for_report

    path, _turn = changed_deck_save(tmp_path)
    with pytest.raises(SaveReplayError):
        load_game(path)
    rec = load_for_report(path)
    assert not rec.verified and "diverges at turn 1" in rec.verify_note
    with pytest.raises(Exception, match="not played on"):
        rec.apply(("news", None))
    g = build_report([rec]).games[0]
    assert not g.verified and g.ending is not None and g.turns_completed == len(rec.turns)
    assert g.timeline[0].consequences  # the recorded events are told
    out = tmp_path / "r.html"
    assert debrief([path], "html", out) == 1
    assert "Not verified." in out.read_text()
    assert "not verified" in capsys.readouterr().err
    good = save_game(play(seed=3), tmp_path, name="good")
    assert debrief([path, good], "md", tmp_path / "r.md") == 1
    assert "⚠ _not verified_" in (tmp_path / "r.md").read_text()
    assert "Not verified" in render_text(rec)
