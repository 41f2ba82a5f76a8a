"""Typed results (check, simulate, verify, the debrief) and their one JSON form; the one sparkline."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from test_saves_support import play

from game.authoring.check import CheckReport, check
from game.content import resolve
from game.debrief import build_report
from game.debrief.charts import sparkline
from game.model.report import JsonReport, jsonable
from game.saves import VerifyReport, save_game, verify
from game.authoring.simulate import SimulateReport, simulate


@dataclass
class Inner:
    from_: str
    pair: tuple[int, int]


@dataclass
class Outer(JsonReport):
    path: Path
    ratio: float
    inner: Inner
    by_id: dict[int, list[Inner]] = field(default_factory=dict)


def test_to_json_gives_plain_json_data():
    report = Outer(Path("saves/a.json"), math.inf, Inner("deck", (1, 2)), {3: [Inner("x", (4, 5))]})
    data = report.to_json()
    assert data == {"path": "saves/a.json", "ratio": None, "inner": {"from": "deck", "pair": [1, 2]},
                    "by_id": {"3": [{"from": "x", "pair": [4, 5]}]}}
    assert json.loads(json.dumps(data)) == data
    assert jsonable([Inner("a", (0, 0))]) == [{"from": "a", "pair": [0, 0]}]


def test_every_command_result_is_typed_with_its_documented_keys(tmp_path):
    resolved = resolve("partnership-2016")
    checked = check(resolved, games=20, seed=1)
    assert isinstance(checked, CheckReport)
    data = checked.to_json()
    assert set(data) == {
        "scenario", "decks", "content_sha256", "seed", "games", "coverage_games", "seek_games", "replayed_options",
        "seconds", "random_seconds", "ok", "cards_never_drawn", "options_never_available", "endings_never_reached",
        "endings", "mean_turns", "cards", "meters", "card_effects", "warnings", "playtest"}
    card = next(iter(data["cards"].values()))
    assert set(card) == {"title", "from", "drawn_share", "resolved_games", "options"}
    assert set(next(iter(data["endings"].values()))) == {"title", "games", "share"}

    simulated = simulate(resolved, 30, seed=2)
    assert isinstance(simulated, SimulateReport) and simulated.games == 30
    assert set(simulated.to_json()) == {
        "scenario", "decks", "content_sha256", "policy", "seed", "games", "endings", "ending_titles", "mean_turns",
        "mean_score", "cards_drawn", "games_per_second", "saves", "class_pack", "fixed_seed"}

    path = save_game(play(seed=3), tmp_path)
    verified = verify(path)
    assert isinstance(verified, VerifyReport)
    assert verified.to_json() == {"ok": True, "turns_checked": verified.turns_checked, "first_divergence": None,
                                  "message": verified.message, "details": [], "path": str(path)}


def test_the_debrief_json_is_headed_by_its_format():
    data = build_report([play(seed=1)]).to_json()
    assert (data["format"], data["format_version"]) == ("kremlins-libya-gambit-debrief", 1)
    assert data["kind"] == "game" and set(data["games"][0]["agreement"]) == {"matched", "marked", "documented", "inferred", "not_recorded"}


def test_sparkline_cuts_the_range_into_equal_bands():
    assert sparkline(list(range(0, 101)), 0, 100) == "".join("▁▂▃▄▅▆▇█"[v * 8 // 101] for v in range(101))
    assert sparkline([-5, 0, 100, 200], 0, 100) == "▁▁██"  # clamped to the range
    assert sparkline([3, 3], 3, 3) == "▁▁"  # an empty range does not divide by zero
    assert sparkline([], 0, 10) == "" and sparkline([None, None], 0, 10) == "  "
    assert sparkline([None, 100, 0], 0, 100) == "█" + "█▁"  # a gap is drawn at the first value present
    # more values than columns: the mean of each bucket
    assert sparkline([0, 0, 100, 100], 0, 100, width=2) == "▁█"
    assert sparkline([0.0, 50.0, 50.5], 0, 100, width=60) == "▁▄▅"  # means are floats
