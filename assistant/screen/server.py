"""The kiosk screen's web server: the page, its live updates and its touch buttons.

Starlette app served by uvicorn in a background thread, on ``127.0.0.1`` by default
(only the kiosk's own browser can reach it).  Endpoints (docs/screen.md):

- ``GET /`` the page; ``GET /static/…`` its CSS and JavaScript (package data);
- ``GET /state`` the current snapshot as JSON;
- ``GET /events`` server-sent events, one ``data:`` line per snapshot;
- ``POST /press`` ``{"key": "1", "options_version": 7}``: a touch on a button.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError
from assistant.screen.hub import PressResult, ScreenHub, Snapshot
from assistant.screen_options import DEFAULT_HOST, DEFAULT_PORT

KEEPALIVE_S = 15.0
"""A comment line this often keeps the event stream open through idle hours."""
START_TIMEOUT_S = 10.0
STATIC_DIR = Path(str(files("assistant.screen") / "static"))
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
"""The page loads nothing but its own files (no CDN, no network)."""
STATUS: dict[PressResult, int] = {"ok": 200, "stale": 409, "invalid": 400, "idle": 409,
                                  "ending": 409}
MAX_BODY_BYTES = 1024
"""Largest ``/press`` body accepted (a real one is ~40 bytes)."""
MAX_STREAMS = 8
"""Event streams served at once (the kiosk's own browser needs one or two)."""
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
TOKEN_COOKIE = "kiosk_screen"


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


def _host_of(header: str) -> str:
    """``Host``/``Origin`` value without scheme, port and IPv6 brackets, lower-cased."""
    value = header.split("://", 1)[-1].strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """Who may talk to the screen server.

    * ``Host`` must name this server (loopback names, or the configured ``--screen-host``):
      a page on another site that rebinds its own name to 127.0.0.1 is refused.
    * A touch (``POST``) must come from a page of this server (``Origin`` checked against
      the same list).
    * Bound beyond loopback, every request must carry the :attr:`token` — in the page URL
      once (``/?token=…``, then a same-site cookie) — so another machine on the network
      cannot watch a citizen's screen or press keys.
    """

    def __init__(self, host: str, token: str | None) -> None:
        self.hosts = set(LOOPBACK) | {host.lower().strip("[]")}
        self.token = token

    def allows_host(self, header: str | None) -> bool:
        return header is not None and _host_of(header) in self.hosts

    def allows_origin(self, origin: str | None) -> bool:
        return origin is None or self.allows_host(origin)

    def has_token(self, query_token: str | None, cookie: str | None) -> bool:
        if self.token is None:
            return True
        return any(t is not None and secrets.compare_digest(t, self.token)
                   for t in (query_token, cookie))


class ScreenError(ConfigError):
    """The screen server cannot start."""


def create_app(hub: ScreenHub, guard: Guard | None = None) -> Any:
    """The Starlette application serving ``hub`` (``guard``: default loopback only)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
    from starlette.requests import Request
    from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    rules = guard or Guard(DEFAULT_HOST, None)
    streams = [0]

    async def check(request: Request, call_next: RequestResponseEndpoint) -> Response:
        if not rules.allows_host(request.headers.get("host")):
            return JSONResponse({"result": "forbidden"}, status_code=403)
        if request.method == "POST" and not rules.allows_origin(request.headers.get("origin")):
            return JSONResponse({"result": "forbidden"}, status_code=403)
        query = request.query_params.get("token")
        if not rules.has_token(query, request.cookies.get(TOKEN_COOKIE)):
            return JSONResponse({"result": "token required"}, status_code=401)
        response = await call_next(request)
        if rules.token is not None and query is not None:
            response.set_cookie(TOKEN_COOKIE, rules.token, httponly=True, samesite="strict")
        return response

    async def index(request: Request) -> Response:
        return FileResponse(STATIC_DIR / "index.html", headers={
            "Content-Security-Policy": CSP, "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff"})

    async def state(request: Request) -> Response:
        return JSONResponse(hub.snapshot(), headers={"Cache-Control": "no-store"})

    async def events(request: Request) -> Response:
        loop = asyncio.get_running_loop()
        inbox: asyncio.Queue[Snapshot | None] = asyncio.Queue()

        def push(snapshot: Snapshot | None) -> None:
            loop.call_soon_threadsafe(inbox.put_nowait, snapshot)

        if streams[0] >= MAX_STREAMS:
            return JSONResponse({"result": "busy"}, status_code=503,
                                headers={"Retry-After": "5"})
        streams[0] += 1
        unsubscribe = hub.subscribe(push)

        def closed() -> None:
            streams[0] -= 1
            unsubscribe()

        return StreamingResponse(_stream(inbox, closed), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store",
                                          "X-Accel-Buffering": "no"})

    async def press(request: Request) -> Response:
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            return JSONResponse({"result": "too large"}, status_code=413)
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BODY_BYTES:
                return JSONResponse({"result": "too large"}, status_code=413)
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            body = None
        key = body.get("key") if isinstance(body, dict) else None
        version = body.get("options_version") if isinstance(body, dict) else None
        if not isinstance(key, str) or not (version is None or isinstance(version, int)):
            return JSONResponse({"result": "invalid"}, status_code=400)
        result = hub.press(key, version)
        return JSONResponse({"result": result}, status_code=STATUS[result])

    return Starlette(routes=[
        Route("/", index),
        Route("/state", state),
        Route("/events", events),
        Route("/press", press, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ], middleware=[Middleware(BaseHTTPMiddleware, dispatch=check)])


async def _stream(inbox: asyncio.Queue[Snapshot | None],
                  unsubscribe: Callable[[], None]) -> AsyncIterator[str]:
    """Server-sent events: the newest snapshot whenever it changes (older ones that
    queued up meanwhile are skipped), a keep-alive comment when nothing changes."""
    try:
        yield "retry: 1000\n\n"
        while True:
            try:
                snapshot = await asyncio.wait_for(inbox.get(), KEEPALIVE_S)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            while snapshot is not None and not inbox.empty():
                snapshot = inbox.get_nowait()
            if snapshot is None:
                return
            data = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))
            yield f"id: {snapshot['version']}\ndata: {data}\n\n"
    finally:
        unsubscribe()


def _bind(host: str, port: int) -> socket.socket:
    try:
        return socket.create_server((host, port))
    except OSError as exc:
        if port and exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise ScreenError(
                f"screen: port {port} on {host} is in use (another kiosk or program): "
                f"start with --screen-port N for another port, or stop the other program"
            ) from exc
        raise ScreenError(
            f"screen: cannot listen on {host}:{port} ({exc.strerror or exc}): check "
            "--screen-host (an address of this machine, default 127.0.0.1) and --screen-port"
        ) from exc


class Screen(ScreenHub):
    """The screen: its state (:class:`ScreenHub`) and the web server showing it.

    ``Screen(port=0)`` picks a free port (tests).  Use :meth:`start` / :meth:`stop`, or
    ``with Screen() as screen:``.
    """

    def __init__(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
                 on_press: Callable[[str], None] | None = None,
                 wake_key: str | None = None) -> None:
        super().__init__(on_press, wake_key=wake_key)
        self.host = host
        self.port = port
        self.token = None if is_loopback(host) else secrets.token_urlsafe(16)
        """Required in the page URL when the server is reachable beyond this machine."""
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def url(self) -> str:
        """Where the page is (``http://127.0.0.1:8765/``)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        query = f"?token={self.token}" if self.token else ""
        return f"http://{host}:{self.port}/{query}"

    def start(self) -> Screen:
        """Listen and serve in a background thread; returns when the page can be loaded.

        Raises :class:`ScreenError` (saying which flag to change) if the port is taken.
        """
        import uvicorn

        sock = _bind(self.host, self.port)
        self._socket = sock
        self.port = sock.getsockname()[1]
        if self.token is not None:
            print(f"screen: WARNING — serving beyond this machine on {self.host}: anyone on "
                  "the network who has the address can watch a citizen's screen; open "
                  f"{self.url} (the token is required), or use --screen-host 127.0.0.1",
                  file=sys.stderr)
        config = uvicorn.Config(create_app(self, Guard(self.host, self.token)),
                                log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2, limit_concurrency=64)
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                        name="kiosk-screen", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ScreenError(f"screen: the web server did not start on {self.url} "
                                  "(see the log above); try another --screen-port")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Clear the screen, close the event streams and stop the server (idempotent)."""
        self.close()
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        self._server = None

    def __enter__(self) -> Screen:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
