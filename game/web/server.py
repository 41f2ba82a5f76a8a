"""The classroom server: textual-serve's Server, one game process per browser tab, under a class pack.

Built on textual-serve (pinned to 1.1.x in pyproject.toml: `GameService` overrides AppService's private
`_open_app_process`, and `ClassroomServer` its Server's `_make_app`). textual-serve brings the page's
terminal (xterm.js in static/js/textual.js), the websocket protocol and the process model: each websocket
starts a game process (`python -m game.cli play --class PACK --saves-dir SEAT`, run as a command: this
floor never imports the TUI) that speaks Textual's web driver over its stdin and stdout. What is added
here:

    /                    the game's page (templates/app_index.html: offline, no third-party font), or a
                         "full" page (503) when --max-games games are open
    /ws                  one game per websocket, in the browser's seat folder (game.web.seats); every
                         message checked (game.web.protocol): a bad one ends that game only
    /instructor?key=K    the class's games; /instructor/debrief?key=K the class debrief (game.web.instructor)
    /static, /assets     textual-serve's scripts, styles and fonts; this package's page script

Every response carries a Content-Security-Policy that lets the page reach this server only. Games idle for
`idle_seconds` are ended; stopping the server ends every game: each is asked to quit, autosaves what was
played since its last autosave (WargameApp.on_unmount) and exits; one that does not within
`stop_seconds` is terminated, then killed (saves are written atomically: the last good file stays).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import secrets
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable
from urllib.parse import urlsplit

from asyncio import create_subprocess_exec as spawn  # an argument list: no shell, nothing to quote

import jinja2
import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from game.web import DEFAULT_IDLE_MINUTES, DEFAULT_MAX_GAMES, protocol
from game.web.instructor import DEBRIEF_FILE, class_targets, class_view, debrief_argv, message_page, render_page
from game.web.seats import SEAT_COOKIE, new_token, seat_name, valid_token

log = logging.getLogger("game.web")

PACKAGE = Path(__file__).resolve().parent
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).resolve().parent / "static"

# The page may load its own scripts, styles, fonts and images, and open its websocket, from this server
# only ('self' covers ws: and wss: to the same host); textual.js's inline styles are its terminal's.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@dataclass
class ServeSettings:
    """What `wargame serve` was asked for."""

    class_dir: Path  # where the class's saves go: each browser's seat is a folder inside
    title: str  # the page's title (the class pack's, or the game's)
    class_pack: str | None = None  # what `wargame play --class` is given (a file's absolute path, or an id)
    host: str = "127.0.0.1"
    port: int = 8000
    max_games: int = DEFAULT_MAX_GAMES
    idle_seconds: float = DEFAULT_IDLE_MINUTES * 60
    stop_seconds: float = 10.0  # how long a game may take to autosave and exit when asked to
    instructor_key: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    def game_argv(self, saves_dir: Path) -> list[str]:
        """The command that plays one game, saving into `saves_dir`."""
        argv = [sys.executable, "-m", "game.cli", "play", "--saves-dir", str(saves_dir)]
        if self.class_pack is not None:
            argv += ["--class", self.class_pack]
        return argv


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the game gets SIGTERM (quit, autosaving) if the server dies without stopping it."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class GameService(AppService):
    """textual-serve's AppService for one game, started from an argument list (no shell, nothing quoted)."""

    def __init__(self, argv: list[str], **kwargs):
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24):
        environment = self._build_environment(width=width, height=height)
        self._process = process = await spawn(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=environment,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        self._stdin = process.stdin
        return process

    @property
    def process(self):
        return self._process

    async def run(self) -> None:
        """Relay the game's output until it ends; then close its websocket, however it ended (a game that
        failed to start or crashed must not leave its page waiting)."""
        try:
            await super().run()
        finally:
            await self.remote_close()


@dataclass(eq=False)
class Session:
    """One browser tab's game."""

    seat: str  # the seat folder's name
    websocket: web.WebSocketResponse
    service: GameService | None = None
    last_input: float = field(default_factory=time.monotonic)
    ending: asyncio.Task | None = None
    reason: str = ""  # why it ended, when the server ended it

    async def send_bytes(self, data: bytes) -> None:
        # the game's output; once the browser has gone it is dropped (the game must keep draining its pipe)
        if not self.websocket.closed:
            try:
                await self.websocket.send_bytes(data)
            except ConnectionError:
                pass

    async def send_str(self, data: str) -> None:
        if not self.websocket.closed:
            try:
                await self.websocket.send_str(data)
            except ConnectionError:
                pass


def terminal_notice(lines: list[str]) -> bytes:
    """Text for the page's terminal, written below whatever the game last drew."""
    return ("\x1b[0m\x1b[2J\x1b[H" + "\r\n".join(["", *(f"  {line}" for line in lines)]) + "\r\n").encode()


class ClassroomServer(Server):
    def __init__(self, settings: ServeSettings):
        super().__init__(
            command="wargame play", host=settings.host, port=settings.port, title=settings.title,
            statics_path=TEXTUAL_SERVE_STATIC, templates_path=PACKAGE / "templates",
        )
        self.settings = settings
        self.sessions: set[Session] = set()
        self.games_started = 0
        self._templates = jinja2.Environment(loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True)
        self._debrief_lock = asyncio.Lock()
        self._debrief_signature: tuple | None = None
        self._runner: web.AppRunner | None = None
        self._watchdog: asyncio.Task | None = None

    # ------------------------------------------------------------------ the application

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._headers])
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get("/instructor", self.handle_instructor, name="instructor"),
            web.get("/instructor/debrief", self.handle_debrief, name="debrief"),
            web.static("/static", self.statics_path, name="static"),
            web.static("/assets", PACKAGE / "static", name="assets"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _headers(self, request: web.Request, handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as refusal:  # (a refusal is a response too: the same headers)
            self._secure(request, refusal.headers)
            raise
        self._secure(request, response.headers)
        return response

    @staticmethod
    def _secure(request: web.Request, headers) -> None:
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        if request.path == "/" or request.path.startswith("/instructor"):
            headers.setdefault("Cache-Control", "no-store")

    async def on_startup(self, app: web.Application) -> None:
        self._watchdog = asyncio.create_task(self._end_idle_games())

    async def on_shutdown(self, app: web.Application) -> None:
        await self.end_all("the server is stopping")

    @property
    def full(self) -> bool:
        return len(self.sessions) >= self.settings.max_games

    # ------------------------------------------------------------------ the page

    def _html(self, text: str, status: int = 200) -> web.Response:
        return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")

    def _full_page(self) -> web.Response:
        n = self.settings.max_games
        return self._html(message_page("The class is full", [
            f"This server runs at most {n} game{'s' if n != 1 else ''} at once, and that many are open now.",
            "Try again in a minute, when a classmate has finished; or ask your instructor.",
        ]), status=503)

    async def handle_index(self, request: web.Request) -> web.Response:
        if self.full:
            return self._full_page()
        secure = request.secure or request.headers.get("X-Forwarded-Proto") == "https"
        page = self._templates.get_template("app_index.html").render(
            title=self.settings.title, static_url="/static/",
            websocket_url=f"{'wss' if secure else 'ws'}://{request.host}/ws",
            font_size=min(max(_int(request.query.get("fontsize"), 16), 8), 40),  # textual-serve's ?fontsize=
        )
        response = self._html(page)
        if not valid_token(request.cookies.get(SEAT_COOKIE)):
            response.set_cookie(SEAT_COOKIE, new_token(), httponly=True, samesite="Strict", path="/",
                                secure=secure)
        return response

    # ------------------------------------------------------------------ games

    @staticmethod
    def _same_origin(request: web.Request) -> bool:
        """A browser's websocket must come from this server's own page (another site open in the student's
        browser may not play, or read, their game). Clients that are not browsers send no Origin."""
        origin = request.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc == request.host

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self._same_origin(request):
            raise web.HTTPForbidden(text="this game's websocket is for its own page")
        token = request.cookies.get(SEAT_COOKIE)
        if not valid_token(token):
            token = new_token()  # no page's cookie (a script): a seat of its own, for this game only
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=protocol.MAX_MESSAGE_BYTES)
        await websocket.prepare(request)
        if self.full:
            await websocket.send_bytes(terminal_notice([
                f"The class is full: {self.settings.max_games} games are open.",
                "Try again in a minute (reload the page)."]))
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"full")
            return websocket
        session = Session(seat=seat_name(token), websocket=websocket)
        self.sessions.add(session)
        self.games_started += 1
        width, height = protocol.terminal_size(request.query.get("width"), request.query.get("height"))
        try:
            session.service = GameService(
                self.settings.game_argv(self.settings.class_dir / session.seat),
                write_bytes=session.send_bytes, write_str=session.send_str,
                close=lambda: self._close(session), download_manager=self.download_manager,
            )
            await session.service.start(width, height)
            log.info("game started in %s (%d open)", session.seat, len(self.sessions))
            await self._relay(session)
        except protocol.ProtocolError as exc:
            session.reason = f"a message broke the protocol ({exc})"
            await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=b"protocol error")
        except ConnectionError:
            pass  # the browser went away
        except Exception:  # a bug shows in the log and ends this game only
            log.exception("game in %s failed", session.seat)
        finally:
            await self.end(session)
            self.sessions.discard(session)
            log.info("game in %s closed%s (%d open)", session.seat,
                     f": {session.reason}" if session.reason else "", len(self.sessions))
        return websocket

    async def _relay(self, session: Session) -> None:
        """The browser's messages to the game, each checked (game.web.protocol)."""
        service, websocket = session.service, session.websocket
        async for message in websocket:
            if message.type == WSMsgType.BINARY:
                raise protocol.ProtocolError("a binary frame")
            if message.type != WSMsgType.TEXT:
                break  # an error (a frame too large ...): aiohttp closes the websocket
            msg = protocol.parse(message.data)
            if isinstance(msg, protocol.Keys):
                session.last_input = time.monotonic()
                await service.send_bytes(msg.data.encode("utf-8"))
            elif isinstance(msg, protocol.Resize):
                await service.set_terminal_size(msg.width, msg.height)
            elif isinstance(msg, protocol.Ping):
                await websocket.send_json(["pong", msg.token])
            elif msg.focused:
                await service.focus()
            else:
                await service.blur()

    async def _close(self, session: Session) -> None:
        """The game exited (the player quit, or the server ended it): close its websocket, saying why when
        the server ended it; the page then offers to start again."""
        if session.websocket.closed:
            return
        if session.reason:
            await session.send_bytes(terminal_notice([f"This game has ended: {session.reason}.",
                                                      "What you played is saved."]))
        await session.websocket.close(code=WSCloseCode.GOING_AWAY if session.reason else WSCloseCode.OK,
                                      message=session.reason.encode()[:120])

    def end(self, session: Session, reason: str = "") -> Awaitable[None]:
        """End a game (once, however many ask): it quits and autosaves, else is terminated, then killed."""
        if reason and not session.reason:
            session.reason = reason
        if session.ending is None:
            session.ending = asyncio.ensure_future(self._stop_game(session))
        return asyncio.shield(session.ending)

    async def _stop_game(self, session: Session) -> None:
        try:
            await self._stop_process(session)
        except Exception:  # never let one game's ending stop the others'
            log.exception("game in %s: error while ending it", session.seat)
        await self._close(session)

    async def _stop_process(self, session: Session) -> None:
        service = session.service
        process = service.process if service is not None else None
        if service is not None:
            try:
                await asyncio.wait_for(service.stop(), self.settings.stop_seconds)
            except (asyncio.TimeoutError, ConnectionError):
                pass
        if process is not None and process.returncode is None:
            for stop, wait in ((process.terminate, 3.0), (process.kill, None)):
                try:
                    stop()
                    await asyncio.wait_for(process.wait(), wait)
                    break
                except ProcessLookupError:
                    break
                except asyncio.TimeoutError:
                    log.warning("game in %s did not stop when asked: killed", session.seat)
        elif process is not None:
            await process.wait()

    async def end_all(self, reason: str) -> int:
        """End every open game (the server is stopping); returns how many there were."""
        sessions = list(self.sessions)
        await asyncio.gather(*(self.end(s, reason) for s in sessions), return_exceptions=True)
        return len(sessions)

    async def _end_idle_games(self) -> None:
        idle = self.settings.idle_seconds
        while True:
            await asyncio.sleep(min(30.0, max(idle / 4, 0.2)))
            now = time.monotonic()
            for session in list(self.sessions):
                if session.ending is None and now - session.last_input > idle:
                    minutes = idle / 60
                    when = f"{minutes:g} minute{'s' if minutes != 1 else ''}" if minutes >= 1 else f"{idle:g} s"
                    self.end(session, f"no key for {when}")

    # ------------------------------------------------------------------ the instructor

    def _instructor(self, request: web.Request) -> str:
        """The key's query string, or HTTPForbidden: the page lists every student's game."""
        given = request.query.get("key", "")
        if not hmac.compare_digest(given.encode(), self.settings.instructor_key.encode()):
            raise web.HTTPForbidden(text=message_page("Instructors only", [
                "This page needs the key printed by `wargame serve` when it started (the whole address is "
                "printed: open it as it is)."]), content_type="text/html")
        return f"key={self.settings.instructor_key}"

    def live_seats(self) -> set[str]:
        return {s.seat for s in self.sessions if s.ending is None}

    async def handle_instructor(self, request: web.Request) -> web.Response:
        key_query = self._instructor(request)
        view = await asyncio.to_thread(class_view, self.settings.class_dir, self.live_seats())
        return self._html(render_page(view, title=self.settings.title, class_dir=self.settings.class_dir,
                                      key_query=key_query, playing=len(self.sessions),
                                      max_games=self.settings.max_games))

    def _saves_signature(self) -> tuple:
        """What the class debrief depends on: every save file's name, size and time."""
        out = []
        for folder in class_targets(self.settings.class_dir):
            try:
                out += sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*.json"))
            except OSError:
                continue
        return tuple(out)

    async def handle_debrief(self, request: web.Request) -> web.StreamResponse:
        self._instructor(request)
        class_dir = self.settings.class_dir
        target = class_dir / DEBRIEF_FILE
        async with self._debrief_lock:  # one at a time: a second request waits and gets the same file
            signature = await asyncio.to_thread(self._saves_signature)
            if not signature:
                return self._html(message_page("Class debrief", ["No saves yet: the debrief needs at least "
                                                                 "one game played past its first turn."]))
            if signature != self._debrief_signature or not target.is_file():
                partial = class_dir / f".{DEBRIEF_FILE}.part"
                process = await spawn(
                    *debrief_argv(class_dir, partial), stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.PIPE, preexec_fn=_lower_priority)
                _, stderr = await process.communicate()
                if process.returncode not in (0, 1) or not partial.is_file():
                    lines = stderr.decode("utf-8", "replace").splitlines()[-12:]
                    return self._html(message_page("The class debrief could not be built", lines), status=500)
                os.replace(partial, target)
                self._debrief_signature = signature
        return web.FileResponse(target, headers={"Content-Type": "text/html; charset=utf-8"})

    # ------------------------------------------------------------------ running

    async def start(self) -> tuple[str, int]:
        """Listen; returns the (host, port) bound (port 0 picks a free one). OSError when it cannot."""
        app = await self._make_app()
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.host, self.settings.port, shutdown_timeout=5)
        try:
            await site.start()
        except BaseException:
            await self._runner.cleanup()
            raise
        host, port = site._server.sockets[0].getsockname()[:2]
        return host, port

    async def stop(self) -> int:
        """Stop listening and end every game; returns how many were open."""
        open_games = len(self.sessions)
        if self._watchdog is not None:
            self._watchdog.cancel()
        if self._runner is not None:
            await self._runner.cleanup()  # on_shutdown ends the games, then the connections close
        return open_games

    async def run(self, ready: Callable[[str, int], None]) -> int:
        """Serve until SIGINT or SIGTERM (Ctrl+C), then stop cleanly; returns how many games were ended."""
        host, port = await self.start()
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopping.set)
        ready(host, port)
        await stopping.wait()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        return await self.stop()


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None and len(text) < 8 else default
    except ValueError:
        return default


def _lower_priority() -> None:  # pragma: no cover - runs in the child between fork and exec
    """The class debrief's process yields the CPU to the students' games."""
    try:
        os.nice(10)
    except OSError:
        pass
