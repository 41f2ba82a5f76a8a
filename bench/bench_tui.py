"""The terminal game's speed, each figure beside a bare Textual app timed in the same run.

1. First frame: each app runs in a fresh process (headless); the time from starting the process to the
   first composed frame is taken by the parent, alternating the game and a bare Textual app (Header,
   Footer, one Static). Prints both medians and their ratio (target: within 1.3x).
2. Key to frame: in this process, post `events.Key` to the app and time until the next composed frame
   reaches the display (Pilot.press would time its own waits), for
     navigation  up/down on the options of a decision, and
     commits     a number key or Enter: the choice is applied, the card, options, meters, map and log change.
   The game is its turn screen on the default scenario at 100 x 32; the bare app is a plain Textual app of
   the same shape built from stock widgets (a bar, a meters Static, a map Static, a card in a scroll area,
   an OptionList, a details Static, a RichLog, a Footer), whose commit rewrites the card, the options and
   the meters and writes three log lines. The two alternate in rounds, so that both see the same load.
   Targets (BRIEF.md): navigation median < 8 ms and p95 < 16 ms, commits median < 16 ms and p95 < 33 ms;
   on a loaded machine, navigation within 2x and commits within 4x of the bare app's median.

Usage: python bench/bench_tui.py [--runs 9] [--keys 240] [--rounds 4] [--skip-first-frame]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time

SIZE = (100, 32)

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


# --------------------------------------------------------------------------- key to frame


def bare_app():
    """A plain Textual app shaped like the turn screen, built the obvious way from stock widgets."""
    from textual.app import App
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import Footer, OptionList, RichLog, Static

    words = ("the offensive stalls while envoys shuttle between the capitals and the militias regroup "
             "around the airport as the council meets again").split()

    def text(n: int, length: int) -> str:
        return " ".join(words[(n * 7 + i) % len(words)] for i in range(length))

    class Bare(App):
        CSS = """
        #bar { height: 1; } #side { width: 40%; } #meters { height: 11; } #map { height: 1fr; }
        #card-scroll { height: 1fr; } #options { height: auto; max-height: 12; }
        #details { height: 5; } #log { height: 6; }
        """
        BINDINGS = [Binding(str(n), f"pick({n})", "Choose") for n in range(1, 10)] + [
            Binding("enter", "pick(0)", "Continue")]

        def __init__(self):
            super().__init__()
            self.turn = 0

        def compose(self):
            yield Static(id="bar")
            with Horizontal():
                with Vertical(id="side"):
                    yield Static(id="meters")
                    yield Static("\n".join("▀▄" * 18 for _ in range(14)), id="map")
                with Vertical():
                    with VerticalScroll(id="card-scroll"):
                        yield Static(id="card")
                    yield OptionList(id="options")
                    yield Static(id="details")
                    yield RichLog(id="log", wrap=True)
            yield Footer()

        def on_mount(self):
            self.action_pick(0)
            self.query_one(OptionList).focus()

        def on_option_list_option_highlighted(self, event):
            self.query_one("#details", Static).update(text(event.option_index + self.turn, 40))

        def action_pick(self, number: int) -> None:
            self.turn += 1
            t = self.turn
            self.query_one("#bar", Static).update(f"Turn {t} · 4 April 2019 · Decision")
            self.query_one("#meters", Static).update(
                "\n".join(f"Meter {i:<10} {'█' * ((t + i) % 12):<12} {(t * 3 + i) % 100:>3}" for i in range(10)))
            self.query_one("#card", Static).update(f"Card {t}\n\n" + text(t, 60))
            options = self.query_one(OptionList)
            options.clear_options()
            options.add_options([f"{n + 1}  {text(t + n, 6)}\n   {text(t + n + 3, 8)}" for n in range(3)])
            options.highlighted = 0
            log = self.query_one(RichLog)
            for n in range(3):
                log.write(text(t + n, 12))

    return Bare()


def game_app(saves: str):
    from game.content import resolve
    from game.saves import GameRecord
    from game.tui.app import WargameApp

    resolved = resolve(None)
    app = WargameApp(saves_dir=saves, record=GameRecord.start(resolved, 1))
    app.next_game = lambda seed: app.open_record(GameRecord.start(resolved, seed))  # a new game when one ends
    return app


def bare_keys(app, step: int) -> tuple[str, str | None, str]:
    """The next key for the bare app: (key, character, kind)."""
    if step % 4 == 3:
        return "1", "1", "commit"
    return ("down", None, "nav") if step % 2 == 0 else ("up", None, "nav")


def game_keys(app, step: int) -> tuple[str, str | None, str] | None:
    """The next key for the game (None: the game is over, start another)."""
    if app.screen_name != "TurnScreen":
        return None
    screen = app.screen
    options = screen.offered_options()
    open_ones = [o for o in options if o.available]
    if len(open_ones) >= 2 and step % 4 != 3:
        return ("down", None, "nav") if step % 2 == 0 else ("up", None, "nav")
    if open_ones:
        option = next((o for o in open_ones if not o.irreversible), None)
        if option is not None:
            return str(option.number), str(option.number), "commit"
        return ("down", None, "nav")
    return "enter", "\r", "commit"


async def time_keys(make, choose, keys: int, times: dict[str, list[float]]) -> None:
    from textual import events

    app = make()  # inside the event loop that runs it

    frame = asyncio.Event()
    # App._display is where each composed frame goes to the driver: Textual has no public hook for "a frame
    # was written", which is what this measures (the first-frame child above uses it too)
    original = app._display

    def display(screen, renderable):
        if renderable is not None:
            frame.set()
        return original(screen, renderable)

    app._display = display
    seed = 1
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        step = 0
        taken = 0
        while taken < keys:
            await app.workers.wait_for_complete()  # the previous key's file work is not this key's
            await pilot.pause()
            key = choose(app, step)
            if key is None:
                seed += 1
                app.next_game(seed)
                continue
            name, char, kind = key
            frame.clear()
            started = time.perf_counter()
            app.post_message(events.Key(name, char))
            try:
                await asyncio.wait_for(frame.wait(), 2.0)
            except TimeoutError:
                raise RuntimeError(f"no frame after {name!r} on {app.screen_name} ({type(app).__name__}, "
                                   f"step {step})") from None
            times[kind].append(time.perf_counter() - started)
            step += 1
            taken += 1
        await pilot.pause()


def figures(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def bench_keys(keys: int, rounds: int) -> None:
    bare: dict[str, list[float]] = {"nav": [], "commit": []}
    game: dict[str, list[float]] = {"nav": [], "commit": []}
    with tempfile.TemporaryDirectory(prefix="bench-tui-") as saves:
        asyncio.run(time_keys(lambda: game_app(saves), game_keys, 8, {"nav": [], "commit": []}))  # warm up imports
        for _ in range(rounds):
            asyncio.run(time_keys(bare_app, bare_keys, keys // rounds, bare))
            asyncio.run(time_keys(lambda: game_app(saves), game_keys, keys // rounds, game))
    for kind, label in (("nav", "navigation"), ("commit", "commit")):
        b_med, b_p95 = figures(bare[kind])
        g_med, g_p95 = figures(game[kind])
        print(f"tui_{label}_bare_median: {b_med * 1000:.1f} ms")
        print(f"tui_{label}_bare_p95: {b_p95 * 1000:.1f} ms")
        print(f"tui_{label}_game_median: {g_med * 1000:.1f} ms")
        print(f"tui_{label}_game_p95: {g_p95 * 1000:.1f} ms")
        print(f"tui_{label}_ratio_median: {g_med / b_med:.2f}")
        print(f"tui_{label}_keys: {len(game[kind])} game, {len(bare[kind])} bare")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="first-frame runs of each app")
    parser.add_argument("--keys", type=int, default=240, help="keys timed in each app")
    parser.add_argument("--rounds", type=int, default=4, help="rounds alternating the two apps")
    parser.add_argument("--skip-first-frame", action="store_true")
    args = parser.parse_args()
    if not args.skip_first_frame:
        bench_first_frame(args.runs)
    bench_keys(args.keys, args.rounds)


if __name__ == "__main__":
    main()
