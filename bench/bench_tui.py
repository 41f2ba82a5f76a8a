"""The terminal game's speed: start to first frame against a bare Textual app, and key press to updated
turn screen.

1. First frame: each app runs in a fresh process (headless); the time from starting the process to the
   first composed frame is taken by the parent, alternating the game and a bare Textual app (Header,
   Footer, one Static) in the same run. Prints both medians and their ratio (target: within 1.3x).
2. Key latency: in one process, on the turn screen of the default scenario, post `events.Key` to the app
   and time until the next composed frame reaches the display (Pilot.press would time its own waits).
   Prints the median and p95 (targets: 16 ms and 33 ms).

Usage: python bench/bench_tui.py [--runs 9] [--keys 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time

CHILD = r"""
import sys
kind = sys.argv[1]
if kind == "bare":
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()

    app = Bare()
else:
    from game.tui.app import WargameApp

    app = WargameApp(saves_dir=sys.argv[2])

def first_frame(screen, renderable, app=app):
    if renderable is not None:
        print("FRAME", flush=True)
        app.exit()

app._display = first_frame
app.run(headless=True, size=(100, 32))
"""


def first_frame(kind: str, saves: str) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, kind, saves], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("FRAME"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError(f"{kind}: no frame")
    proc.wait()
    return elapsed


def bench_first_frame(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-tui-") as saves:
        first_frame("bare", saves)  # warm the disk cache for both
        first_frame("game", saves)
        bare, game = [], []
        for _ in range(runs):
            bare.append(first_frame("bare", saves))
            game.append(first_frame("game", saves))
    b, g = statistics.median(bare), statistics.median(game)
    print(f"tui_first_frame_bare: {b * 1000:.0f} ms")
    print(f"tui_first_frame_game: {g * 1000:.0f} ms")
    print(f"tui_first_frame_ratio: {g / b:.2f}")


async def key_latency(keys: int) -> list[float]:
    from game.content import resolve
    from game.saves import GameRecord
    from game.tui.app import WargameApp

    resolved = resolve("tripoli-2019")
    with tempfile.TemporaryDirectory(prefix="bench-tui-") as saves:
        return await _key_latency(WargameApp(saves_dir=saves, record=GameRecord.start(resolved, 1)), resolved, keys)


async def _key_latency(app, resolved, keys: int) -> list[float]:
    from textual import events

    from game.saves import GameRecord

    frame = asyncio.Event()
    # App._display is where each composed frame goes to the driver: Textual has no public hook for "a frame
    # was written", which is what this measures (the first-frame child above uses it too)
    original = app._display

    def display(screen, renderable):
        if renderable is not None:
            frame.set()
        return original(screen, renderable)

    app._display = display
    times: list[float] = []
    seed = 1
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        while len(times) < keys:
            screen = app.screen
            if app.screen_name != "TurnScreen":
                seed += 1
                app.record = None
                app.open_record(GameRecord.start(resolved, seed))
                await pilot.pause()
                continue
            options = [o for o in screen.offered_options() if o.available]
            if options and not options[0].irreversible:
                key, char = "1", "1"
            elif options:
                key, char = "down", None  # move the focus instead of opening the confirmation
            else:
                key, char = "enter", "\r"
            await pilot.pause()
            frame.clear()
            started = time.perf_counter()
            app.post_message(events.Key(key, char))
            await frame.wait()
            times.append(time.perf_counter() - started)
            await pilot.pause()
    return times


def bench_keys(keys: int) -> None:
    times = sorted(asyncio.run(key_latency(keys)))
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"tui_key_latency_median: {median * 1000:.1f} ms")
    print(f"tui_key_latency_p95: {p95 * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--keys", type=int, default=200)
    args = parser.parse_args()
    bench_first_frame(args.runs)
    bench_keys(args.keys)


if __name__ == "__main__":
    main()
