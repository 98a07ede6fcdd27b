"""The screen's web server over real HTTP: page, snapshot, event stream, touches, port."""

from __future__ import annotations

import http.client
import json
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.screen import ChatFeed, Screen, ScreenError
from assistant.screen.server import STATIC_DIR

from .helpers import chat_session

PRESSED: list[str] = []


@pytest.fixture()
def screen() -> Iterator[Screen]:
    PRESSED.clear()
    with Screen(port=0, on_press=PRESSED.append) as s:
        yield s


def request(screen: Screen, method: str, path: str, body: Any = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(screen.host, screen.port, timeout=5)
    data = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=data, headers={"Content-Type": "application/json",
                                                   **(headers or {})})
    response = conn.getresponse()
    out = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    conn.close()
    return out


def test_the_page_and_its_files_load_nothing_from_outside(screen: Screen) -> None:
    status, headers, body = request(screen, "GET", "/")
    assert status == 200
    page = body.decode()
    assert '<html lang="zh-CN">' in page and 'aria-live="polite"' in page
    assert "default-src 'none'" in headers["content-security-policy"]
    for name in ("screen.css", "screen.js"):
        status, _, _ = request(screen, "GET", f"/static/{name}")
        assert status == 200
    for path in STATIC_DIR.iterdir():
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path.name


def test_state_and_event_stream(screen: Screen) -> None:
    status, _, body = request(screen, "GET", "/state")
    assert status == 200 and json.loads(body)["mode"] == "idle"
    conn = http.client.HTTPConnection(screen.host, screen.port, timeout=5)
    conn.request("GET", "/events")
    response = conn.getresponse()
    assert response.getheader("content-type", "").startswith("text/event-stream")
    first = read_event(response)
    assert first["mode"] == "idle"
    session = chat_session()
    ChatFeed(screen).attach(session)
    session.start()
    while (event := read_event(response))["mode"] != "session" or not event["caption"]:
        pass
    assert "您好" in event["caption"]
    screen.stop()
    response.read()  # the stream ends (no time-out) when the screen stops
    conn.close()


def read_event(response: http.client.HTTPResponse) -> dict[str, Any]:
    while True:
        line = response.readline().decode()
        if line.startswith("data: "):
            snapshot: dict[str, Any] = json.loads(line[6:])
            return snapshot


def test_touches_become_keys(screen: Screen) -> None:
    assert request(screen, "POST", "/press", {"key": "1"})[0] == 409  # idle
    session = chat_session()
    ChatFeed(screen).attach(session)
    session.start()
    version = screen.snapshot()["options_version"]
    assert request(screen, "POST", "/press", {"key": "1", "options_version": version})[0] == 200
    assert PRESSED == ["1"]
    assert request(screen, "POST", "/press", {"key": "2", "options_version": version})[0] == 409
    assert request(screen, "POST", "/press", {"key": 1})[0] == 400
    assert request(screen, "POST", "/press", {"key": "8"})[0] == 400
    status, _, _ = request(screen, "POST", "/press", {"key": "2"},
                           {"Origin": "http://example.invalid"})
    assert status == 403
    assert PRESSED == ["1"]


def test_a_port_in_use_says_which_and_how_to_change_it() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(ScreenError, match=f"port {port} on 127.0.0.1 is in use.*--screen-port"):
            Screen(port=port).start()


def test_stop_frees_the_port() -> None:
    screen = Screen(port=0).start()
    port = screen.port
    screen.stop()
    screen.stop()
    with socket.create_server(("127.0.0.1", port)):
        pass
