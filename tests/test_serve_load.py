"""The load test, small: students at once over the websocket protocol, each playing a whole game by keys
(bench/bench_serve.py is the full one: more students, think time, memory). Nothing is lost: every game is in
its browser's folder, over, and verifies with `wargame replay --verify`."""

from __future__ import annotations

from serve_support import ServedGame, play_round

STUDENTS = 3


async def test_students_at_once_each_play_a_whole_game_and_every_save_verifies(tmp_path):
    pack = ServedGame.write_pack(tmp_path, turns=3)
    class_dir = tmp_path / "class-saves"
    with ServedGame(pack, None, ["--max-games", str(STUDENTS)]) as served:
        served.class_dir = class_dir  # the pack's own folder
        result = await play_round(served, STUDENTS, think=0.0, tag="t")
    assert result.problems == []
    assert result.completed == STUDENTS and result.verified == STUDENTS
    assert sum(len(s.latencies) for s in result.students) >= STUDENTS * 10  # keys timed, frame by frame
    assert len(result.game_peaks_kib) == STUDENTS and all(kib > 10_000 for kib in result.game_peaks_kib)
    code, out, _ = served.stopped
    assert code == 0 and f"{STUDENTS} played since the start" in out
