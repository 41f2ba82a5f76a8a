"""`wargame serve`: the websocket protocol checked, seats kept apart, limits, idle games, Ctrl+C, the
instructor's page, and the command's errors. The server runs as the real command, in a process of its own;
students are websocket clients that read the game's screen (tests/serve_support.py)."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from serve_support import ROOT, SHOWS_CLASS, ServedGame, Student, next_key, open_option

from game.web import protocol
from game.web.seats import SEAT_PREFIX, new_token, seat_folder, seat_folders, seat_name, valid_token


# --------------------------------------------------------------------------- messages and seats


@pytest.mark.parametrize("text, expected", [
    ('["stdin", "1"]', protocol.Keys("1")),
    ('["stdin", "\\u001b[B"]', protocol.Keys("\x1b[B")),
    ('["resize", {"width": 120, "height": 40}]', protocol.Resize(120, 40)),
    ('["ping", "1796017921789"]', protocol.Ping("1796017921789")),
    ('["focus"]', protocol.Focus(True)),
    ('["blur"]', protocol.Focus(False)),
])
def test_what_the_page_sends_is_understood(text, expected):
    assert protocol.parse(text) == expected


HOSTILE = [
    "not json", "{}", "[]", "[1]", '"stdin"', '{"stdin": "1"}', '["stdin"]', '["stdin", ""]', '["stdin", 5]',
    '["stdin", "1", "2"]', json.dumps(["stdin", "x" * (protocol.MAX_KEYS_CHARS + 1)]),
    '["resize", {"width": 1000000000, "height": 40}]', '["resize", {"width": "120", "height": 40}]',
    '["resize", {"width": 120}]', '["resize", {"width": true, "height": 40}]', '["resize", [120, 40]]',
    '["ping", {"a": 1}]', json.dumps(["ping", "x" * 100]), '["focus", 1]', '["quit"]', '["exit"]',
    '["open_url", {"url": "file:///etc/passwd"}]', "[" * 100_000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_anything_else_is_a_protocol_error(text):
    with pytest.raises(protocol.ProtocolError):
        protocol.parse(text)


def test_the_terminal_size_asked_for_is_kept_in_bounds():
    assert protocol.terminal_size("120", "40") == (120, 40)
    assert protocol.terminal_size(None, "x") == (80, 24)
    assert protocol.terminal_size("99999999999", "-5") == (80, protocol.HEIGHT_RANGE[0])
    assert protocol.terminal_size("100000", "100000") == (protocol.WIDTH_RANGE[1], protocol.HEIGHT_RANGE[1])


def test_a_seat_folder_is_a_digest_of_the_server_s_token_never_text_from_the_browser(tmp_path):
    token = new_token()
    assert valid_token(token)
    folder = seat_folder(tmp_path, token)
    assert folder.parent == tmp_path and folder.name.startswith(SEAT_PREFIX) and token not in folder.name
    assert seat_name(token) == folder.name  # the same browser, the same seat
    for bad in ["../../etc/passwd", "", "a" * 31, "a" * 33, "a/" * 16, "é" * 32, None]:
        assert not valid_token(bad)
    with pytest.raises(ValueError):
        seat_name("../" * 11 + "ab")
    folder.mkdir()
    (tmp_path / "browser-not-a-seat").mkdir()
    (tmp_path / (SEAT_PREFIX + "0" * 20)).write_text("a file, not a folder")
    assert seat_folders(tmp_path) == [folder]


# A decision as the turn screen draws it at 100x32 (the right column; the map and meters on its left): the
# budget closes options 1 and 3.
DECISION_SCREEN = """\
 Turn 3 of 3 · 10 April 2019 · Decision, card 1 of 4  Political capital 3
Egypt-UAE         ██████▎       52   · ▕ Your decision · 1-5, or ↑↓ and Enter
Oil stake         ███           25!  · ▕  1  Open state supply  cost 5  ⚠ cannot be undone
Stability         ████▍         36   · ▕      not open now: needs 5 Political capital, you have 3
Cost              █▋            14   · ▕  2  Warm words, no new arms
Oil grievance     █▎            10   · ▕      LNA momentum ▼ · Haftar reliance ▼▼ · Tripoli channel…
                                       ▕  3  Covert expansion: artillery, drones, tanks  cost 4
                                       ▕      not open now: needs 4 Political capital, you have 3
     ▀▀▀▀▀▀▀  Misrata        ▀▀▀▀      ▕  4  Help, on condition he accepts talks later  cost 2
 Tripoli⚔●    ●       Benghazi  ▲Derna▀▕      LNA momentum ▲▲ · Cost ▲▲ · Wagner exposure ▲ · Barga…
                 ●Sirte   ▲  Tobruk▼   ▕  5  More contractors, still deniable  cost 2
                                       ▕      LNA momentum ▲▲ · Bargaining ▲ · Wagner exposure ▲▲ ·…
                                      ▀▕   Receive him with honours and send him home empty-handed.
"""


def test_the_load_test_student_chooses_the_first_option_open_now():
    assert open_option(DECISION_SCREEN) == next_key(DECISION_SCREEN) == "2"
    opened = DECISION_SCREEN.replace("not open now: needs 5 Political capital, you have 3", "Bargaining ▲")
    assert open_option(opened) == "1"
    closed = opened.replace("LNA momentum ▼ · Haftar", "not open now: needs Haftar")
    assert open_option(closed.replace("Bargaining ▲", "not open now")) == "4"
    # a list not yet drawn to its last option: no key yet
    assert open_option("\n".join(DECISION_SCREEN.splitlines()[:9])) is None
    assert open_option(DECISION_SCREEN.replace("Your decision", "Your choice")) is None


# --------------------------------------------------------------------------- the server


@pytest.fixture
def pack(tmp_path):
    return ServedGame.write_pack(tmp_path, turns=2)


async def _open(student: Student, session: aiohttp.ClientSession):
    ctx = student.connected(session)
    ws = await ctx.__aenter__()
    return ctx, ws


async def test_a_hostile_message_ends_that_game_not_the_server(pack, tmp_path):
    with ServedGame(pack, tmp_path / "saves") as served:
        bystander = Student(served.ws_url, "Bystander")
        async with aiohttp.ClientSession() as session:
            async with bystander.connected(session):
                await bystander.begin()
                # a few of each kind (every one of HOSTILE is refused by protocol.parse, above)
                attacks = ["not json", '["stdin", 5]', '["resize", {"width": 1000000000, "height": 40}]', '["quit"]',
                           b"\x00binary", "x" * (protocol.MAX_MESSAGE_BYTES + 10)]
                for i, hostile in enumerate(attacks):
                    attacker = Student(served.ws_url, f"attacker {i}")
                    async with attacker.connected(session) as ws:
                        await attacker.wait_for(SHOWS_CLASS, timeout=60)
                        try:
                            await (ws.send_bytes(hostile) if isinstance(hostile, bytes) else ws.send_str(hostile))
                        except aiohttp.ClientConnectionResetError:
                            pass  # the server closed on it while it was still being written (the oversized one)
                        msg = await ws.receive(timeout=20)
                        while msg.type == aiohttp.WSMsgType.BINARY:  # the game's last frames, if any
                            msg = await ws.receive(timeout=20)
                        assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED), (hostile, msg)
                        assert ws.close_code in (aiohttp.WSCloseCode.POLICY_VIOLATION,
                                                 aiohttp.WSCloseCode.MESSAGE_TOO_BIG), (hostile, ws.close_code)
                # the student beside them plays on
                await bystander.settle()
                before = bystander.text
                await bystander.decide()
                assert "your choice" in bystander.text and bystander.text != before
    code, out, err = served.stopped
    assert code == 0 and "Stopped:" in out
    assert err.count("broke the protocol") == 5  # the binary one too; the oversized frame aiohttp refuses


async def test_a_page_of_another_site_cannot_open_a_game(pack, tmp_path):
    with ServedGame(pack, tmp_path / "saves") as served:
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with Student(served.ws_url, "x").connected(session, origin="http://evil.example"):
                    pass
            assert refused.value.status == 403
            async with session.get(served.base + "/") as page:
                own = f"http://{page.url.host}:{page.url.port}"
            async with Student(served.ws_url, "Ana").connected(session, origin=own) as ws:
                assert not ws.closed


async def test_more_tabs_than_max_games_get_a_clear_page_not_a_crash(pack, tmp_path):
    with ServedGame(pack, tmp_path / "saves", ["--max-games", "1", "--host", "0.0.0.0"]) as served:
        base = f"http://127.0.0.1:{urlsplit(served.base).port}"  # (it prints this machine's name)
        ws_url = base.replace("http://", "ws://") + "/ws"
        first = Student(ws_url, "First")
        async with aiohttp.ClientSession() as session:
            ctx, _ = await _open(first, session)
            await first.wait_for(SHOWS_CLASS, timeout=60)
            async with session.get(base + "/") as page:
                assert page.status == 503
                assert "The class is full" in await page.text()
            async with session.ws_connect(ws_url) as ws:  # a tab too many
                msg = await ws.receive(timeout=20)
                assert msg.type == aiohttp.WSMsgType.BINARY and b"The class is full" in msg.data
                msg = await ws.receive(timeout=20)
                assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
                assert ws.close_code == aiohttp.WSCloseCode.TRY_AGAIN_LATER
            await ctx.__aexit__(None, None, None)  # the first student closes the tab: a place is free
            for _ in range(100):
                async with session.get(base + "/") as page:
                    if page.status == 200:
                        break
                await asyncio.sleep(0.1)
            assert page.status == 200
    code, out, err = served.stopped
    assert code == 0 and "warning: listening on 0.0.0.0" in err


async def test_an_idle_game_is_ended_and_its_autosave_kept(pack, tmp_path):
    name = "../../<b>Émile</b> /etc/passwd"  # a hostile name: it never becomes a path
    class_dir = tmp_path / "saves"
    with ServedGame(pack, class_dir, ["--idle-minutes", "0.1"]) as served:  # 6 s
        student = Student(served.ws_url, name)
        async with aiohttp.ClientSession() as session:
            async with student.connected(session) as ws:
                await student.begin()
                await student.decide()  # one decision, no turn ended: no autosave yet
                assert not list(class_dir.rglob("*.json"))
                started = time.monotonic()
                while not ws.closed:
                    msg = await ws.receive(timeout=30)
                    if msg.type == aiohttp.WSMsgType.BINARY:
                        student.stream.feed(msg.data)
                    elif msg.type != aiohttp.WSMsgType.TEXT:
                        break
                assert 4 < time.monotonic() - started < 30
                assert "no key for 0.1 minute" in student.text or "no key for 6 s" in student.text
    files = list(class_dir.rglob("*.json"))
    assert len(files) == 1 and files[0].parent.parent == class_dir and files[0].parent.name.startswith(SEAT_PREFIX)
    assert all(p.resolve().is_relative_to(tmp_path.resolve()) for p in tmp_path.rglob("*"))
    saved = json.loads(files[0].read_text(encoding="utf-8"))
    assert saved["player"] == "../../<b>Émile</b> /etc/passwd" and len(saved["decisions"]) >= 1
    verify = subprocess.run([sys.executable, "-m", "game.cli", "replay", "--verify", str(files[0])], cwd=ROOT,
                            capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr


async def test_a_game_that_cannot_start_closes_its_page(pack, tmp_path):
    with ServedGame(pack, tmp_path / "saves") as served:
        pack.unlink()  # checked when the server started; gone when this game starts
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(served.ws_url) as ws:
                msg = await ws.receive(timeout=30)
                while msg.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                    msg = await ws.receive(timeout=30)
                assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            async with session.get(served.base + "/") as page:
                assert page.status == 200  # the server serves on


async def test_ctrl_c_ends_every_game_with_its_autosave(pack, tmp_path):
    class_dir = tmp_path / "saves"
    with ServedGame(pack, class_dir) as served:
        students = [Student(served.ws_url, f"Student {i}") for i in (1, 2)]
        async with aiohttp.ClientSession() as session:
            opened = [await _open(s, session) for s in students]
            await asyncio.gather(*(s.begin() for s in students))
            for s in students:
                await s.decide()
            games = served.games()
            assert len(games) == 2
            served.stopped = code, out, err = await asyncio.to_thread(served.stop)  # Ctrl+C
            for ctx, _ in opened:
                await ctx.__aexit__(None, None, None)
    assert code == 0, err
    assert "Stopped: 2 games ended" in out
    assert not [pid for pid in games if Path(f"/proc/{pid}").exists()]
    from game.saves import collect_saves

    found = collect_saves(seat_folders(class_dir))
    assert sorted(g.player for g in found.games) == ["Student 1", "Student 2"]
    assert len({g.path.parent for g in found.games}) == 2  # two browsers, two seats
    for game in found.games:
        assert game.decisions >= 1
        run = subprocess.run([sys.executable, "-m", "game.cli", "replay", "--verify", str(game.path)], cwd=ROOT,
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


async def test_a_student_sees_only_their_own_saves_and_the_instructor_sees_all(pack, tmp_path):
    class_dir = tmp_path / "saves"
    ana, boris = new_token(), new_token()
    with ServedGame(pack, class_dir) as served:
        async with aiohttp.ClientSession() as session:
            first = Student(served.ws_url, "<i>Ana</i>", cookie=ana)
            async with first.connected(session):
                await first.begin()
                await first.decide()
                await first.press("escape")  # leaving the game autosaves it; the title offers Continue
                await first.wait_for("Continue:")
            for cookie, sees in ((boris, False), (ana, True)):
                tab = Student(served.ws_url, "x", cookie=cookie)
                async with tab.connected(session):
                    await tab.wait_for(SHOWS_CLASS, timeout=60)
                    await tab.settle()
                    await tab.press("escape")  # the title screen, which looks for an autosave to continue
                    await tab.wait_for("New game plays it")  # its status line, written with Continue's at once
                    assert ("Continue:" in tab.text) is sees, tab.text
            # the instructor's page: the key, then every student's game, names escaped
            async with session.get(served.base + "/instructor") as page:
                assert page.status == 403
            async with session.get(served.base + "/instructor?key=wrong") as page:
                assert page.status == 403
            async with session.get(served.instructor) as page:
                assert page.status == 200
                assert "default-src 'none'" in page.headers["Content-Security-Policy"]
                html = await page.text()
            assert "&lt;i&gt;Ana&lt;/i&gt;" in html and "<i>Ana</i>" not in html
            assert "not finished" in html
            async with session.get(served.instructor.replace("/instructor?", "/instructor/debrief?")) as page:
                assert page.status == 200
                report = await page.text()
            assert "&lt;i&gt;Ana&lt;/i&gt;" in report
    assert (class_dir / "class-debrief.html").is_file()
    assert [p.parent for p in class_dir.rglob("*.json")] and all(
        p.parent == seat_folder(class_dir, ana) for p in class_dir.rglob("*.json"))


async def test_without_a_class_the_title_screen_offers_no_file_of_the_server(tmp_path):
    with ServedGame(None, tmp_path / "saves") as served:
        student = Student(served.ws_url, "x")
        async with aiohttp.ClientSession() as session:
            async with student.connected(session):
                await student.wait_for("New game", timeout=60)
                await student.settle()
                assert "Replay a save" in student.text
                assert "custom deck" not in student.text and "class pack" not in student.text
                await student.press("p", timeout=1)  # the terminal's key for "Open a class pack": nothing here
                await student.press("d", timeout=1)  # and "Load a custom deck"
                assert "New game" in student.text and "path/to" not in student.text
    assert served.stopped[0] == 0


# --------------------------------------------------------------------------- the command


def _wargame(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_a_port_in_use_or_a_bad_pack_is_a_clear_message(pack, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = _wargame("serve", "--class", str(pack), "--port", str(port), "--saves-dir", str(tmp_path / "s"))
    assert out.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in out.stderr
    assert "Traceback" not in out.stderr

    out = _wargame("serve", "--class", str(tmp_path / "missing.yaml"))
    assert out.returncode == 2 and "no such file" in out.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(pack.read_text(encoding="utf-8").replace("turns: 2", "turns: 99"), encoding="utf-8")
    out = _wargame("serve", "--class", str(bad))
    assert out.returncode == 1 and "turns" in out.stderr and "Traceback" not in out.stderr
    out = _wargame("serve", "--port", "70000")
    assert out.returncode == 2 and "a port is from 1 to 65535" in out.stderr


def test_without_the_web_extra_serve_says_how_to_install_it(monkeypatch, capsys):
    from game.cli import main

    for name in [m for m in sys.modules if m == "game.web.server" or m.startswith("textual_serve")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if not installed
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "the web extra is not installed" in err and "kremlins-libya-gambit[web]" in err
