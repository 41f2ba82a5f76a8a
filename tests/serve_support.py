"""Shared by the tests of `wargame serve`: the real server in a process of its own, a class pack to serve,
and the websocket student of the load test (bench/bench_serve.py, whose small version the tests run)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import aiohttp  # noqa: E402

from bench_serve import (  # noqa: E402,F401  (re-exported for the tests)
    SHOWS_BRIEFING, SHOWS_CLASS, SHOWS_END, SHOWS_GAME_OVER, SHOWS_NAME_PROMPT, SHOWS_TURN, Server, Student,
    next_key, open_option, play_round, verify_games, write_pack,
)


class ServedGame(Server):
    """`wargame serve --class PACK --port 0 [--saves-dir DIR] [args]`, stopped by Ctrl+C (SIGINT) on leaving
    the `with` block; `stopped` then holds (exit code, stdout, stderr)."""

    def __init__(self, pack: Path | None, saves_dir: Path | None, args: list[str] = ()):
        super().__init__(pack, saves_dir, list(args))
        self.stopped: tuple[int, str, str] | None = None

    def __enter__(self) -> "ServedGame":
        return self

    def __exit__(self, *exc) -> None:
        if self.stopped is None:
            self.stopped = self.stop()

    write_pack = staticmethod(write_pack)

    def play_by_websocket(self, name: str, decisions: int | None = None, cookie: str | None = None) -> Student:
        """A student plays (to the end, or `decisions` keys into the first turn), then closes the tab."""

        async def run() -> Student:
            student = Student(self.ws_url, name, cookie=cookie)
            async with aiohttp.ClientSession() as session:
                async with student.connected(session):
                    await student.begin()
                    await student.play_on(keys=decisions)
            return student

        return asyncio.run(run())
