"""A real browser plays a class's game through `wargame serve`: Debian's headless Chromium driven by
Playwright (never a browser Playwright downloads).

The page draws the game on a canvas (xterm.js), so the test reads the screen from the frames the page
received over its websocket, fed to a terminal emulator (pyte); the keys are the browser's own key presses,
sent with no click first (keys reach the game as soon as the page has loaded). The test fails, never
skips, when Chromium is missing: `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyte
import pytest

from serve_support import (
    ROOT, SHOWS_BRIEFING, SHOWS_CLASS, SHOWS_END, SHOWS_GAME_OVER, SHOWS_NAME_PROMPT, ServedGame, next_key,
    open_option,
)

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = ROOT / "docs" / "browser-play.png"  # WARGAME_UPDATE_SCREENSHOT=1 rewrites it


def chromium() -> str:
    path = os.environ.get("WARGAME_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it), or set "
                    "WARGAME_CHROMIUM to its path")
    return path


class PageScreen:
    """What the page's terminal shows: the game's output as the page received it, through pyte."""

    def __init__(self):
        self.screen = None
        self.stream = None
        self.frames = 0
        self.websockets: list[str] = []

    def attach(self, ws) -> None:
        self.websockets.append(ws.url)
        query = parse_qs(urlsplit(ws.url).query)
        self.screen = pyte.Screen(int(query["width"][0]), int(query["height"][0]))
        self.stream = pyte.ByteStream(self.screen)
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        if isinstance(payload, bytes):
            self.frames += 1
            self.stream.feed(payload)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display) if self.screen is not None else ""


def wait_for(page, screen: PageScreen, predicate, what: str, timeout: float = 30.0, after: int = -1) -> str:
    """Let the page run until a frame later than the `after`th has come, the screen's text satisfies
    `predicate`, and no frame has come for a moment."""
    deadline = time.monotonic() + timeout
    while True:
        frames = screen.frames
        page.wait_for_timeout(120)
        if screen.frames == frames and frames > after and predicate(screen.text):
            return screen.text
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}; the screen shows:\n{screen.text}")


def test_a_browser_plays_a_whole_class_game_offline_into_the_class_folder(tmp_path):
    pack = ServedGame.write_pack(tmp_path, turns=2)
    class_dir = tmp_path / "class-saves"  # the pack's `saves` folder
    outside: list[str] = []
    with ServedGame(pack, saves_dir=None) as served:
        from playwright.sync_api import sync_playwright

        here = urlsplit(served.base).netloc
        screen = PageScreen()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 800})

                def guard(route):  # anything not from this server is refused, and fails the test
                    if urlsplit(route.request.url).netloc != here:
                        outside.append(route.request.url)
                        route.abort()
                    else:
                        route.continue_()

                context.route("**/*", guard)
                page = context.new_page()
                page.on("websocket", screen.attach)
                page.goto(served.base + "/")
                page.wait_for_selector("body.-first-byte", state="attached", timeout=30_000)
                wait_for(page, screen, lambda t: SHOWS_CLASS in t, "the class's screen")

                # no click anywhere: the keys reach the game from the start
                page.keyboard.press("Enter")
                wait_for(page, screen, lambda t: SHOWS_NAME_PROMPT in t, "the name prompt")
                page.keyboard.type("Ana Browser")
                page.keyboard.press("Enter")
                wait_for(page, screen, lambda t: SHOWS_BRIEFING in t, "the briefing")
                page.keyboard.press("Enter")
                before = wait_for(page, screen, lambda t: "Turn 1 of" in t, "the first turn")
                assert "your choice" not in before

                page.keyboard.press(open_option(before))  # a decision: the first option open now
                after = wait_for(page, screen, lambda t: "your choice" in t, "the decision in the log")
                assert "Turn 1 of" in after and after != before
                shot = page.screenshot(path=str(tmp_path / "turn.png"))
                assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 20_000  # a drawn page, not a blank one
                if os.environ.get("WARGAME_UPDATE_SCREENSHOT"):
                    shutil.copy(tmp_path / "turn.png", SCREENSHOT)

                drawn = -1  # (the screen as it is now, first)
                for _ in range(200):  # on to the end, by keys alone, each read from the last key's frames
                    text = wait_for(page, screen, lambda t: SHOWS_END in t or next_key(t) is not None,
                                    "the turn screen or the end", after=drawn)
                    if SHOWS_END in text:
                        break
                    drawn = screen.frames
                    key = next_key(text)
                    page.keyboard.press("Enter" if key == "enter" else key)
                    if SHOWS_GAME_OVER in text:  # nothing but the end screen, whose analyses take a moment
                        wait_for(page, screen, lambda t: SHOWS_END in t, "the end screen", timeout=60)
                        break
                assert SHOWS_END in screen.text, screen.text
                seat_cookie = next(c["value"] for c in context.cookies() if c["name"] == "wargame_seat")
            finally:
                browser.close()

    assert outside == [], f"the page asked another host for {outside}"
    assert [urlsplit(u).netloc for u in screen.websockets] == [here]

    # the game is in the class folder, in this browser's seat, under the student's name, and verifies
    from game.saves import collect_saves
    from game.web.seats import seat_folder

    seat = seat_folder(class_dir, seat_cookie)
    found = collect_saves([seat])
    assert [g.player for g in found.games] == ["Ana Browser"]
    game = found.games[0]
    assert game.over and game.ending
    assert {p.parent for p in class_dir.rglob("*.json")} == {seat}
    run = subprocess.run([sys.executable, "-m", "game.cli", "replay", "--verify", str(game.path)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_page_asks_no_other_host_even_when_told_to(tmp_path):
    """textual.js fetches a `?ping=` address given in the page's own address (before it connects): the
    page's Content-Security-Policy stops that request, as any other to another host, before it leaves the
    browser (the game does not start from such a link)."""
    pack = ServedGame.write_pack(tmp_path, turns=2)
    with ServedGame(pack, saves_dir=tmp_path / "saves") as served:
        from playwright.sync_api import sync_playwright

        here = urlsplit(served.base).netloc
        requests: list[str] = []
        blocked: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.on("request", lambda r: requests.append(r.url))
                page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
                page.goto(served.base + "/?ping=http://tracker.invalid/ping")
                deadline = time.monotonic() + 30
                while not blocked and time.monotonic() < deadline:
                    page.wait_for_timeout(100)
            finally:
                browser.close()
    assert requests and all(urlsplit(u).netloc == here for u in requests), requests
    assert any("tracker.invalid" in text for text in blocked), blocked


def test_the_instructor_page_and_the_class_debrief_in_a_browser(tmp_path):
    """The instructor's page is plain HTML from the same server, behind its key."""
    pack = ServedGame.write_pack(tmp_path, turns=2)
    with ServedGame(pack, saves_dir=tmp_path / "saves") as served:
        served.play_by_websocket("Chen Wei 陈伟", decisions=1)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                denied = page.goto(served.base + "/instructor")
                assert denied.status == 403 and "Instructors only" in page.content()
                page.goto(served.instructor)
                assert "Chen Wei 陈伟" in page.inner_text("table")
                page.click("text=Class debrief")
                page.wait_for_load_state()
                assert "Chen Wei 陈伟" in page.inner_text("body")
            finally:
                browser.close()
