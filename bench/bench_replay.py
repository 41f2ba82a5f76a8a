"""Replay verification of a long game (not a test): prints `name: value unit` lines.

    python bench/bench_replay.py

Builds a 200-turn scenario in code (generated decision and event cards with chance, delayed effects and
follow-ups), plays one game to the end through GameRecord, saves it, then times `verify(path)`: read,
JSON, payload hash, format model, embedded content rebuilt and checked, the whole log re-simulated and
every turn's events, meters and hash compared. Median of several runs, cold (content not cached) and
warm (the content already seen, as for the 2nd..Nth save of a class). Target (brief): under 0.2 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.saves import load_game, play_headless, save_game, verify  # noqa: E402
from game.saves.content_link import clear_cache, content_from_embedded, resolved_from_scenario  # noqa: E402

TURNS = 200


def long_scenario(turns: int = TURNS, cards: int = 240) -> dict:
    meters = [{"id": f"m{i}", "name": f"Meter {i}", "description": "generated", "min": 0, "max": 1000,
               "start": 500} for i in range(6)]
    out_cards = []
    for i in range(cards):
        a, b = f"m{i % 6}", f"m{(i * 5 + 1) % 6}"
        card = {"id": f"c{i}", "title": f"Generated card {i}", "text": f"Card {i}.", "repeatable": i % 3 == 0,
                "weight": 1 + i % 4}
        if i % 4 == 0:  # an event card
            card["effects"] = [{"meter": a, "add": (i % 7) - 3}]
        else:
            card["options"] = [
                {"id": "act", "label": "Act", "historical": i % 2 == 0, "effects": [
                    {"meter": a, "add": 4},
                    {"chance": 30 + i % 50, "label": f"gamble {i}", "then": [{"meter": b, "add": 3}],
                     "else": [{"meter": b, "add": -3}]},
                    {"after": 1 + i % 5, "label": f"echo {i}", "effects": [{"meter": a, "add": -2}]},
                ]},
                {"id": "wait", "label": "Wait", "effects": [
                    {"meter": b, "add": -1},
                    {"if": {"meter": a, "gte": 500}, "then": [{"set_flag": f"f{i % 10}"}]},
                ]},
                {"id": "talk", "label": "Talk", "effects": [
                    {"react": "gna", "text": "They answer.", "effects": [{"meter": a, "add": 1}]},
                    {"follow_up": f"c{(i + 4) // 4 * 4 % cards}", "in_turns": 1},
                ]},
            ]
        out_cards.append(card)
    for t in range(10, turns, 20):  # calendar cards
        out_cards.append({"id": f"fixed{t}", "title": f"Summit {t}", "text": "A summit.", "draw": "fixed",
                          "turns": {"from": t, "to": t},
                          "options": [{"id": "go", "label": "Go", "historical": True,
                                       "effects": [{"meter": "m0", "add": 5}]},
                                      {"id": "skip", "label": "Skip", "effects": [{"meter": "m1", "add": -5}]}]})
    return {
        "kind": "scenario", "id": "bench-long", "title": "Generated 200-turn scenario", "summary": "Bench.",
        "start": "2016-01-01", "turn_days": 7, "turns": turns, "draws_per_turn": 2, "briefing": "Bench.",
        "meters": meters,
        "actors": [{"id": "gna", "name": "GNA"}, {"id": "lna", "name": "LNA"}],
        "endings": [{"id": "done", "title": "Done", "text": "The span ran out."}],
        "score": {"m0": 1.0},
        "cards": out_cards,
    }


def main() -> None:
    resolved = resolved_from_scenario(long_scenario())
    record = play_headless(resolved, seed=2019, policy="random")
    assert record.over and len(record.turns) == TURNS, (record.turn, len(record.turns))
    events = sum(len(t.events) for t in record.turns)
    with tempfile.TemporaryDirectory() as tmp:
        path = save_game(record, tmp, name="long")
        size = path.stat().st_size
        report = verify(path)
        assert report.ok and report.turns_checked == TURNS, report.message
        runs, warm, cpu, cpu_warm = [], [], [], []
        for _ in range(9):
            clear_cache()  # cold: the embedded content validated and compiled again, as for a first load
            c0, t0 = time.process_time(), time.perf_counter()
            verify(path)
            runs.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        for _ in range(9):
            c0, t0 = time.process_time(), time.perf_counter()
            verify(path)  # warm: content already seen (the next save of a class with the same deck)
            warm.append(time.perf_counter() - t0)
            cpu_warm.append(time.process_time() - c0)
        rebuild = []
        for _ in range(5):  # the content's share of a cold verify (game.content + engine compile_rules)
            clear_cache()
            t0 = time.perf_counter()
            content_from_embedded(resolved.embedded).rules
            rebuild.append(time.perf_counter() - t0)
        loads = []
        for _ in range(3):
            clear_cache()
            t0 = time.perf_counter()
            load_game(path)
            loads.append(time.perf_counter() - t0)
        saves = []
        for _ in range(3):
            t0 = time.perf_counter()
            save_game(record, tmp, name="long")
            saves.append(time.perf_counter() - t0)
    print(f"replay_save_200_turns_size: {size / 1024:.0f} KiB ({len(record.log)} decisions, {events} events)")
    print(f"replay_verify_200_turns: {statistics.median(runs):.3f} s (min {min(runs):.3f}, "
          f"cpu {statistics.median(cpu):.3f}, target < 0.2)")
    print(f"replay_verify_200_turns_warm: {statistics.median(warm):.3f} s (min {min(warm):.3f}, "
          f"cpu {statistics.median(cpu_warm):.3f}; content cached)")
    print(f"replay_content_rebuild_cold: {statistics.median(rebuild):.3f} s (load_embedded + compile_rules, "
          "part of the cold figure)")
    print(f"replay_load_200_turns: {statistics.median(loads):.3f} s")
    print(f"replay_save_200_turns: {statistics.median(saves):.3f} s (atomic, fsynced)")


if __name__ == "__main__":
    main()
