"""The end screen's context: a final score placed against random, historical and search play."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from test_players_support import balanced, build, plain

from game.authoring import baseline as bl
from game.content import resolve


def test_share_below_interpolates_between_percentiles():
    scores = bl.PolicyScores(games=101, mean=50.0, quantiles=[float(i) for i in range(101)])
    assert scores.share_below(-5) == 0.0 and scores.share_below(0) == 0.0
    assert scores.share_below(50) == pytest.approx(0.50) and scores.share_below(50.5) == pytest.approx(0.505)
    assert scores.share_below(99.5) == pytest.approx(0.995) and scores.share_below(101) == 1.0
    flat = bl.PolicyScores(games=10, mean=7.0, quantiles=[7.0] * 101)
    assert flat.share_below(7) == 0.0 and flat.share_below(7.1) == 1.0


def test_the_sentence():
    base = bl.Baseline("f", "s", "h", 300, {
        "random": bl.PolicyScores(2000, 100.0, [float(i) * 2 for i in range(101)]),
        "historical": bl.PolicyScores(2000, 131.6, [0.0] * 101),
        "search": bl.PolicyScores(60, 201.2, [0.0] * 101),
    })
    assert base.sentence(157) == ("better than 78% of random play; Moscow's recorded choices average 132, "
                                  "the search player 201")
    alone = bl.Baseline("f", "s", "h", 300, {"search": bl.PolicyScores(60, 162.0, [0.0] * 101)})
    assert alone.sentence(1) == "the search player averages 162"
    assert bl.Baseline.from_json(json.loads(json.dumps(base.to_json()))) == base


def test_fingerprints_follow_the_content():
    a, b = build(balanced()), build(balanced())
    assert bl.fingerprint(a) == bl.fingerprint(b)
    assert bl.fingerprint(a) != bl.fingerprint(build(plain()))


def test_other_content_is_computed_once_then_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(bl, "GAMES", 300)
    content = SimpleNamespace(rules=build(balanced()))
    assert bl.lookup(content) is None and bl.score_context(content, 80) is None
    base = bl.ensure(content, jobs=0)
    files = list((tmp_path / "wargame" / "baselines").glob("*.json"))
    assert [f.stem for f in files] == [base.fingerprint]
    assert base.policies["random"].games == 300 and base.policies["search"].games == bl.ON_DEMAND_SEARCH_GAMES
    assert base.policies["search"].mean == 104.0  # investing, then cashing in: +44 and 'triumph'
    assert bl.lookup(content) == base
    assert bl.score_context(content, 104.5).startswith("better than 100% of random play")
    files[0].write_text("{not json", encoding="utf-8")  # a damaged cache is ignored, then replaced
    assert bl.lookup(content) is None
    assert bl.ensure(content, jobs=0) == base and bl.lookup(content) == base


def test_computing_in_fresh_processes_gives_the_same_table():
    resolved = resolve("partnership-2016")
    here = bl.compute(resolved, games=30, search_games=1)
    there = bl.compute(resolved, games=30, search_games=1, jobs=2)
    assert here == there and set(here.policies) == {"random", "historical", "search"}


@pytest.mark.parametrize("scenario", ["tripoli-2019", "partnership-2016"])
def test_the_shipped_table_is_current(scenario):
    base = bl.lookup(resolve(scenario))
    assert base is not None, ("the shipped baselines are stale (the content, rules or players changed): "
                              "run  python -m game.cli.baselines --write")
    assert set(base.policies) == {"random", "historical", "search"}
    assert base.policies["random"].games == bl.GAMES and base.policies["search"].games == bl.SHIPPED_SEARCH_GAMES
    assert base.policies["search"].mean > base.policies["random"].mean
    assert "of random play" in bl.score_context(resolve(scenario), 150)


def test_the_entry_point_reports_the_shipped_table(capsys):
    from game.cli.baselines import main

    assert main([]) == 0
    out = capsys.readouterr().out
    assert "tripoli-2019: random mean" in out and "partnership-2016: random mean" in out
