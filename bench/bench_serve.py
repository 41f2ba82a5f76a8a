"""Load test of `wargame serve`: N students at once, each playing a whole game by keys over textual-serve's
websocket protocol, as the page's script does (docs/classroom.md, "in the browser", has the figures).

One run starts the real server (`python -m game.cli serve --class PACK --port 0`) in a fresh class folder,
then for each N of --sessions: N clients connect together; each gives a name, reads its screen (the
terminal output fed to pyte, a terminal emulator library) and presses keys by what the screen shows
(number keys choose, `y` confirms, Enter continues), `--think` seconds apart, to the end screen; then
closes its tab. Measured:

    key-to-frame   from sending a key to the first frame of terminal output that follows (median, p95), for
                   the keys that play (number keys, y, Enter: each a decision or the next screen) and, apart,
                   for a Down arrow pressed before each decision (the highlight moves: the lightest redraw)
    memory         peak resident memory (VmHWM) of each game's process, and of the server
    time           the wall time of each round; games completed; keys sent
    nothing lost   every game's save is found in its browser's folder, over, and `wargame replay --verify`
                   passes on it

and the largest N whose p95 stays under 100 ms. Lines are `name: value unit` (bench/run_all).

Usage: python bench/bench_serve.py [--sessions 1,4,8,12,16] [--think 1.0] [--pack tripoli-seminar]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pyte

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

P95_TARGET_MS = 100.0
GIVE_UP_P95_MS = 1000.0  # a round this slow ends the ramp
WIDTH, HEIGHT = 100, 32

# What the screens show, read as text (not layout: the turn screen's layout may change, its words and
# keys stay). One place to update them.
SHOWS_END = "The end ·"  # the end screen's title
SHOWS_GAME_OVER = "See how it ends"  # the last turn's summary: Enter opens the end screen
SHOWS_CONFIRM = "This cannot be undone"  # an irreversible choice asks first: `y`
SHOWS_DECISION = "Your decision"  # options on the table (the list's heading): a number key
SHOWS_OPTION_COUNT = re.compile(r"Your decision · 1-(\d+)")  # (one option: the heading alone)
SHOWS_OPTION = re.compile(r"^\s{0,3}(\d{1,2})\s\s\S")  # an option's first line: its number, then its label
SHOWS_NOT_OPEN = "not open now"  # on an option's lines: it cannot be chosen now (its cost, its conditions)
SHOWS_NAME_PROMPT = "Your name"  # the class asks the student's name
SHOWS_BRIEFING = "Briefing"
SHOWS_CLASS = "Start"  # the class's new-game screen
SHOWS_TURN = "Turn 1 of"  # the turn screen, first turn
SHOWS_PLAYING = re.compile(r"Turn \d+ of \d+")  # the turn screen's header, every turn

KEYS = {"enter": "\r", "escape": "\x1b", "down": "\x1b[B"}


def open_option(text: str) -> str | None:
    """The number key of the first option on the table that is open now, read from the list under "Your
    decision" (an option the budget or its conditions close says "not open now" on its lines). None: no
    list on the screen, or not all of it drawn yet."""
    lines = text.splitlines()
    heading = next((i for i, line in enumerate(lines) if SHOWS_DECISION in line), None)
    if heading is None:
        return None
    column = lines[heading].index(SHOWS_DECISION)  # the list is drawn from here on, below its heading
    count = SHOWS_OPTION_COUNT.search(lines[heading])
    count = int(count.group(1)) if count else 1
    open_now: dict[int, bool] = {}
    current = None
    for line in lines[heading + 1:]:
        part = line[column:]
        option = SHOWS_OPTION.match(part)
        if option and int(option.group(1)) == len(open_now) + 1:
            current = int(option.group(1))
            open_now[current] = SHOWS_NOT_OPEN not in part
        elif current is not None:
            if SHOWS_NOT_OPEN in part:
                open_now[current] = False
            if len(open_now) == count:
                break  # the last option's lines are read
    if len(open_now) < count:
        return None
    return next((str(n) for n, ok in open_now.items() if ok), None)


def next_key(text: str) -> str | None:
    """The key a student presses on a screen showing `text`, during play: `y` when an irreversible choice
    asks, the first open option's number at a decision, Enter on the turn screen otherwise (a turn's
    summary, an event). None: not the turn screen (the end screen, or a screen still being drawn): no key."""
    if SHOWS_CONFIRM in text:
        return "y"
    if not SHOWS_PLAYING.search(text):
        return None
    if SHOWS_DECISION in text:
        return open_option(text)
    return "enter"


@dataclass
class Student:
    """One browser tab, by the websocket protocol: a pyte screen of what the game drew, and keys."""

    url: str  # ws://host:port/ws
    name: str
    think: float = 0.0
    cookie: str | None = None  # a page's seat cookie (None: the server gives this tab a seat of its own)
    latencies: list[float] = field(default_factory=list)  # seconds, key to first frame, of the keys that play
    nav_latencies: list[float] = field(default_factory=list)  # the same, of a Down arrow before each decision
    navigate: bool = False  # press Down (the highlight moves) before each decision's number key
    keys: int = 0
    silent_keys: int = 0  # keys no frame followed within the wait
    silent: list[tuple[str, str]] = field(default_factory=list)  # (key, the screen's first line) of those
    finished: bool = False
    error: str = ""

    def __post_init__(self):
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.ByteStream(self.screen)
        self._ws = None

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def _frames(self, first_within: float, quiet: float = 0.08) -> float | None:
        """Read frames until none comes for `quiet` seconds; the time to the first one (None: none came
        within `first_within`)."""
        start = time.perf_counter()
        first = None
        deadline = start + first_within
        while True:
            wait = (deadline - time.perf_counter()) if first is None else quiet
            if wait <= 0:
                return first
            try:
                msg = await self._ws.receive(timeout=wait)
            except asyncio.TimeoutError:
                return first
            if msg.type == aiohttp.WSMsgType.BINARY:
                if first is None:
                    first = time.perf_counter() - start
                self.stream.feed(msg.data)
            elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING,
                              aiohttp.WSMsgType.ERROR):
                raise ConnectionError(f"the server closed the game ({self._ws.close_code})")

    async def settle(self, quiet: float = 0.15) -> None:
        """Take in the frames already sent, until none has come for `quiet` seconds: the screen a student
        reads before the next key (and frames that are not the next key's)."""
        await self._frames(quiet, quiet=quiet)

    async def press(self, key: str, timeout: float = 10.0) -> None:
        await self._ws.send_str(json.dumps(["stdin", KEYS.get(key, key)]))
        self.keys += 1
        latency = await self._frames(timeout)
        if latency is None:
            self.silent_keys += 1
            self.silent.append((key, self.text.splitlines()[0].strip() if self.text else ""))
        else:
            (self.nav_latencies if key in ("down", "up") else self.latencies).append(latency)

    async def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while text not in self.text:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.name}: waited {timeout:g} s for {text!r}")
            await self._frames(min(1.0, deadline - time.perf_counter()), quiet=0.05)

    @contextlib.asynccontextmanager
    async def connected(self, session: aiohttp.ClientSession, origin: str | None = None):
        """The tab open: the websocket connected, the game's first frame in, and the terminal focused."""
        headers = {"Cookie": f"wargame_seat={self.cookie}"} if self.cookie else {}
        if origin:
            headers["Origin"] = origin
        async with session.ws_connect(f"{self.url}?width={WIDTH}&height={HEIGHT}", headers=headers,
                                      heartbeat=None, max_msg_size=0) as ws:
            self._ws = ws
            try:
                # as the page does once the game's first frame is in (game/web/static/page.js)
                if await self._frames(60.0) is None:
                    raise TimeoutError(f"{self.name}: no frame from the game in 60 s")
                await ws.send_str(json.dumps(["focus"]))
                yield ws
            finally:
                self._ws = None

    async def begin(self) -> None:
        """From the class's screen to the first turn: Start, the student's name, the briefing."""
        await self.wait_for(SHOWS_CLASS, timeout=60)
        await self.press("enter")
        await self.wait_for(SHOWS_NAME_PROMPT)
        await self.settle()  # the box has the keyboard once the dialog is drawn and quiet
        await self._ws.send_str(json.dumps(["stdin", self.name]))
        await self.settle()  # a student sees their name in the box, then presses Enter
        await self.press("enter")
        await self.wait_for(SHOWS_BRIEFING)
        await self.press("enter")
        await self.wait_for(SHOWS_TURN)

    async def decide(self) -> str:
        """Choose the first option open now on the turn screen (its number key); the key pressed."""
        await self.settle()
        key = open_option(self.text)
        if key is None:
            raise RuntimeError(f"{self.name}: no open option on this screen:\n{self.text}")
        await self.press(key)
        return key

    async def play_on(self, keys: int | None = None, max_keys: int = 800) -> None:
        """Keys by what the screen shows (`next_key`), `think` seconds apart: to the end screen, or `keys` of
        them."""
        pressed = 0
        while keys is None or pressed < keys:
            if self.think:
                await asyncio.sleep(self.think)
            await self.settle()  # read the screen as it is now, then decide
            if SHOWS_END in self.text:
                break
            if self.keys > max_keys:
                raise RuntimeError(f"{self.name}: no end after {max_keys} keys; the screen shows:\n{self.text}")
            key = next_key(self.text)
            if key is None:  # a screen still being drawn: wait for the rest
                await self._frames(10.0, quiet=0.3)
                if next_key(self.text) is None and SHOWS_END not in self.text:
                    raise RuntimeError(f"{self.name}: no key fits this screen:\n{self.text}")
                continue
            if self.navigate and key.isdigit():
                await self.press("down")
                await self.settle()
            last_turn = SHOWS_GAME_OVER in self.text
            await self.press(key)
            pressed += 1
            if last_turn:
                # the end screen comes with its analyses at work: read nothing else before it is up (Enter
                # again on a screen not yet replaced would reach the end screen's Debrief button)
                await self.wait_for(SHOWS_END, timeout=60)
        self.finished = SHOWS_END in self.text

    async def play(self, session: aiohttp.ClientSession) -> None:
        """A whole game, then the tab closes; a failure is kept in `error` (one student's, not the run's)."""
        try:
            async with self.connected(session):
                await self.begin()
                await self.play_on()
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"


# --------------------------------------------------------------------------- the server and its processes


def write_pack(folder: Path, turns: int, ask_name: bool = True) -> Path:
    """A class pack like the shipped seminar (the 2019 scenario and the oil-and-arms deck), `turns` turns
    long, asking names, saving into `class-saves` beside it."""
    path = Path(folder) / "pack.yaml"
    path.write_text("\n".join([
        "kind: class", "id: served-class", 'title: "Served class"', "scenario: tripoli-2019",
        "decks: [oil-and-arms]", "settings:", f"  turns: {turns}", f"  ask_name: {'true' if ask_name else 'false'}",
        "  saves: class-saves", ""]), encoding="utf-8")
    return path



class Server:
    """`wargame serve --class PACK` (no pack: the game's own title screen) in a process of its own, on a free
    port; `args`: more options."""

    def __init__(self, pack: str | Path | None, saves_dir: Path | None, args: list[str] = ()):
        self.class_dir = saves_dir
        cmd = [sys.executable, "-m", "game.cli", "serve", "--port", "0", *args]
        if pack is not None:
            cmd += ["--class", str(pack)]
        if saves_dir is not None:
            cmd += ["--saves-dir", str(saves_dir)]
        self.process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.base = None
        self.instructor = None
        self.banner = []
        for line in self.process.stdout:
            self.banner.append(line)
            if line.startswith("Students open:"):
                self.base = line.split()[-1].rstrip("/")
            elif line.startswith("Instructor page:"):
                self.instructor = line.split()[-1]
            elif line.startswith("Press Ctrl+C"):
                break
        if self.base is None:
            self.process.kill()
            raise RuntimeError("the server did not start: " + self.process.stderr.read()[-2000:])
        self.ws_url = self.base.replace("http://", "ws://") + "/ws"
        # what it prints from now on is read as it comes (a full pipe would stall the server)
        self._out: list[str] = []
        self._err: list[str] = []
        self._drains = [threading.Thread(target=lambda f=f, into=into: into.extend(f), daemon=True)
                        for f, into in ((self.process.stdout, self._out), (self.process.stderr, self._err))]
        for thread in self._drains:
            thread.start()

    def games(self) -> list[int]:
        """The pids of the server's game processes now."""
        out = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stat = Path(entry.path, "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    out.append(int(entry.name))
        return out

    def stop(self, timeout: float = 30) -> tuple[int, str, str]:
        """Ctrl+C, as an instructor would: (exit code, stdout, stderr)."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for thread in self._drains:
            thread.join(timeout=10)
        return self.process.returncode, "".join(self._out), "".join(self._err)


def peak_kib(pid: int) -> int | None:
    """VmHWM of a process (its peak resident memory), KiB; None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
    return int(m.group(1)) if m else None


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time a process has used, seconds; None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


async def watch_games(server: Server, peaks: dict[int, int], cpu: dict[int, float], stop: asyncio.Event,
                      every: float = 0.25) -> None:
    """Each game process's peak memory and CPU time, sampled until `stop` (the last sample before it exits)."""
    while not stop.is_set():
        for pid in server.games():
            kib, seconds = peak_kib(pid), cpu_seconds(pid)
            if kib is not None:
                peaks[pid] = max(peaks.get(pid, 0), kib)
            if seconds is not None:
                cpu[pid] = max(cpu.get(pid, 0.0), seconds)
        try:
            await asyncio.wait_for(stop.wait(), every)
        except asyncio.TimeoutError:
            pass


# --------------------------------------------------------------------------- a round of N students


@dataclass
class Round:
    sessions: int
    students: list[Student]
    seconds: float
    game_peaks_kib: list[int]
    verified: int
    problems: list[str]
    game_cpu_seconds: float = 0.0  # all the round's game processes together
    load_average: float = 0.0  # the machine's 1-minute load average at the end (other work included)

    @property
    def latencies_ms(self) -> list[float]:
        return sorted(x * 1000 for s in self.students for x in s.latencies)

    @property
    def nav_latencies_ms(self) -> list[float]:
        return sorted(x * 1000 for s in self.students for x in s.nav_latencies)

    def percentile(self, q: float, navigation: bool = False) -> float:
        values = self.nav_latencies_ms if navigation else self.latencies_ms
        if not values:
            return float("nan")
        return values[min(len(values) - 1, max(0, round(q * len(values)) - 1))]

    @property
    def completed(self) -> int:
        return sum(s.finished for s in self.students)

    @property
    def ok(self) -> bool:
        return not self.problems and self.completed == self.sessions and self.verified == self.sessions


def verify_games(class_dir: Path, names: list[str]) -> tuple[int, list[str]]:
    """Each student's game in the class folder: found once, over, and `wargame replay --verify` passes."""
    from game.saves import collect_saves
    from game.web.seats import seat_folders

    found = collect_saves([class_dir, *seat_folders(class_dir)])
    problems = [f"damaged save {p.name}: {why}" for p, why in found.damaged]
    verified = 0
    for name in names:
        games = [g for g in found.games if g.player == name]
        if len(games) != 1:
            problems.append(f"{name}: {len(games)} games in the class folder, not 1")
            continue
        info = games[0]
        if not info.over:
            problems.append(f"{name}: the save {info.path.name} is at turn {info.turn}, not over")
            continue
        run = subprocess.run([sys.executable, "-m", "game.cli", "replay", "--verify", str(info.path)],
                             cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:
            problems.append(f"{name}: replay --verify failed: {(run.stdout + run.stderr).strip()[-300:]}")
        else:
            verified += 1
    return verified, problems


async def play_round(server: Server, n: int, think: float, tag: str, navigate: bool = False) -> Round:
    names = [f"Student {tag}-{i + 1}" for i in range(n)]
    students = [Student(server.ws_url, name, think=think, navigate=navigate) for name in names]
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch_games(server, peaks, cpu, stop))
    start = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(s.play(session) for s in students))
    seconds = time.perf_counter() - start
    # the tabs are closed: the server ends their games (each autosaves and exits)
    deadline = time.perf_counter() + 30
    while server.games() and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    stop.set()
    await watcher
    verified, problems = await asyncio.to_thread(verify_games, server.class_dir, names)
    problems += [f"{s.name}: {s.error}" for s in students if s.error]
    load = float(Path("/proc/loadavg").read_text().split()[0])
    return Round(n, students, seconds, sorted(peaks.values()), verified, problems, sum(cpu.values()), load)


def report(r: Round) -> list[str]:
    n = r.sessions
    keys = sum(s.keys for s in r.students)
    lat = r.latencies_ms
    lines = [
        f"serve_n{n}_games_completed: {r.completed} of {n}",
        f"serve_n{n}_saves_verified: {r.verified} of {n}",
        f"serve_n{n}_round_time: {r.seconds:.1f} s",
        f"serve_n{n}_keys: {keys} keys ({sum(s.silent_keys for s in r.students)} with no frame)",
        f"serve_n{n}_key_to_frame_median: {statistics.median(lat) if lat else float('nan'):.1f} ms",
        f"serve_n{n}_key_to_frame_p95: {r.percentile(0.95):.1f} ms",
    ]
    if r.nav_latencies_ms:
        lines.append(f"serve_n{n}_down_arrow_to_frame_median: {statistics.median(r.nav_latencies_ms):.1f} ms")
        lines.append(f"serve_n{n}_down_arrow_to_frame_p95: {r.percentile(0.95, navigation=True):.1f} ms")
    if keys and r.game_cpu_seconds:
        lines.append(f"serve_n{n}_game_cpu_per_key: {1000 * r.game_cpu_seconds / keys:.0f} ms "
                     "(the games' CPU time over the keys sent, start-up included)")
    lines.append(f"serve_n{n}_load_average: {r.load_average:.2f} (1 min, the whole machine, at the round's end)")
    if r.game_peaks_kib:
        lines.append(f"serve_n{n}_game_peak_memory_median: {statistics.median(r.game_peaks_kib) / 1024:.0f} MiB")
        lines.append(f"serve_n{n}_game_peak_memory_max: {max(r.game_peaks_kib) / 1024:.0f} MiB")
    lines += [f"serve_n{n}_problem: {p}" for p in r.problems]
    return lines


async def run(sessions: list[int], think: float, pack: str, class_dir: Path) -> tuple[list[Round], Server]:
    server = Server(pack, class_dir, ["--max-games", str(max(sessions))])
    rounds = []
    try:
        for i, n in enumerate(sessions):
            r = await play_round(server, n, think, tag=f"r{i + 1}", navigate=True)
            rounds.append(r)
            for line in report(r):
                print(line, flush=True)
            if not r.ok or r.percentile(0.95) >= GIVE_UP_P95_MS:
                break  # far past what this machine holds: larger rounds would only say so louder
    finally:
        server_peak = peak_kib(server.process.pid)
        code, out, err = server.stop()
        if server_peak:
            print(f"serve_server_peak_memory: {server_peak / 1024:.0f} MiB")
        print(f"serve_server_stop: exit {code}")
    return rounds, server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="1,4,8,12,16",
                        help="numbers of simultaneous students, one round each, in order (default 1,4,8,12,16)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds between a student's keys (default 1.0; 0: as fast as frames come)")
    parser.add_argument("--pack", default="tripoli-seminar", help="class pack (default: the shipped seminar)")
    parser.add_argument("--turns", type=int, help="instead of --pack: the seminar's content, this many turns")
    parser.add_argument("--keep", type=Path, help="play into this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    sessions = [int(x) for x in args.sessions.split(",") if x.strip()]

    def interrupted(*_):  # SIGTERM as Ctrl+C: the server is stopped on the way out, never left running
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    pack = write_pack(folder, args.turns) if args.turns else args.pack
    try:
        rounds, _ = asyncio.run(run(sessions, args.think, pack, folder / "class"))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    held = [r.sessions for r in rounds if r.ok and r.percentile(0.95) < P95_TARGET_MS]
    print(f"serve_think_time: {args.think:g} s")
    print(f"serve_max_games_p95_under_{P95_TARGET_MS:.0f}ms: {max(held) if held else 0} games")
    if rounds and rounds[0].sessions == 1:
        # what the server adds, apart from the game's own cost per key (the first round, one game alone)
        alone = rounds[0].percentile(0.95)
        within = [r.sessions for r in rounds if r.ok and r.percentile(0.95) <= 2 * alone]
        print(f"serve_max_games_p95_within_2x_one_game: {max(within) if within else 0} games "
              f"(one game alone: p95 {alone:.0f} ms)")
    return 0 if rounds and all(r.ok for r in rounds) else 1


if __name__ == "__main__":
    sys.exit(main())
