"""The screen server refuses what is not the kiosk's own page (issue 17 item 12): DNS
rebinding, foreign origins, huge or deeply nested bodies, too many event streams, and —
bound beyond loopback — anyone without the token; the page blanks itself when the kiosk
stops answering."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.screen import ChatFeed, Screen
from assistant.screen.server import MAX_BODY_BYTES, MAX_STREAMS

from .helpers import chat_session

PRESSED: list[str] = []


@pytest.fixture()
def screen() -> Iterator[Screen]:
    PRESSED.clear()
    with Screen(port=0, on_press=PRESSED.append) as s:
        yield s


def call(screen: Screen, method: str, path: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", screen.port, timeout=5)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    out = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    conn.close()
    return out


def press_body(key: str = "1") -> bytes:
    return json.dumps({"key": key}).encode()


def test_dns_rebinding_host_is_refused(screen: Screen) -> None:
    evil = {"Host": f"evil.example:{screen.port}", "Origin": f"http://evil.example:{screen.port}"}
    assert call(screen, "GET", "/state", headers=evil)[0] == 403
    assert call(screen, "GET", "/", headers=evil)[0] == 403
    assert call(screen, "POST", "/press", press_body(), headers=evil)[0] == 403
    assert PRESSED == []
    local = {"Host": f"localhost:{screen.port}"}
    assert call(screen, "GET", "/state", headers=local)[0] == 200


def test_a_touch_from_another_origin_is_refused(screen: Screen) -> None:
    status, _, _ = call(screen, "POST", "/press", press_body(), headers={
        "Host": f"127.0.0.1:{screen.port}", "Origin": "http://evil.example"})
    assert status == 403 and PRESSED == []


def test_body_size_is_limited(screen: Screen) -> None:
    big = b'{"key": "1", "x": "' + b"a" * (MAX_BODY_BYTES * 4) + b'"}'
    status, _, _ = call(screen, "POST", "/press", big)
    assert status == 413 and PRESSED == []


def test_chunked_body_size_is_limited(screen: Screen) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", screen.port, timeout=5)
    conn.putrequest("POST", "/press")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    chunk = b"a" * 4096
    for _ in range(4):
        conn.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
    conn.send(b"0\r\n\r\n")
    assert conn.getresponse().status == 413
    conn.close()


def test_deep_json_is_a_bad_request_not_a_crash(screen: Screen) -> None:
    deep = b"[" * 500 + b"]" * 500  # as deep as fits under the size limit
    status, _, _ = call(screen, "POST", "/press", deep)
    assert status == 400


def test_event_streams_are_capped(screen: Screen) -> None:
    conns: list[http.client.HTTPConnection] = []
    try:
        for _ in range(MAX_STREAMS):
            conn = http.client.HTTPConnection("127.0.0.1", screen.port, timeout=5)
            conn.request("GET", "/events")
            response = conn.getresponse()
            assert response.status == 200
            response.readline()  # "retry: 1000"
            conns.append(conn)
        assert call(screen, "GET", "/events")[0] == 503
        assert call(screen, "GET", "/state")[0] == 200  # the page itself still works
    finally:
        for conn in conns:
            conn.close()


def test_beyond_loopback_a_token_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with Screen(host="0.0.0.0", port=0) as screen:
        err = capsys.readouterr().err
        assert "WARNING" in err and "token" in err
        assert screen.token and f"?token={screen.token}" in screen.url
        assert screen.url in err
        host = {"Host": f"0.0.0.0:{screen.port}"}
        assert call(screen, "GET", "/state", headers=host)[0] == 401
        assert call(screen, "GET", "/?token=wrong", headers=host)[0] == 401
        status, headers, _ = call(screen, "GET", f"/?token={screen.token}", headers=host)
        assert status == 200
        cookie = headers["set-cookie"].split(";", 1)[0]
        status, _, body = call(screen, "GET", "/state", headers={**host, "Cookie": cookie})
        assert status == 200 and json.loads(body)["mode"] == "idle"


def test_loopback_needs_no_token() -> None:
    with Screen(port=0) as screen:
        assert screen.token is None and "token" not in screen.url


def test_page_blanks_itself_when_the_kiosk_stops_answering(browser: Any) -> None:
    page = browser.new_page()
    screen = Screen(port=0).start()
    try:
        screen.idle("公告")
        page.goto(screen.url)
        page.wait_for_function("() => document.body.dataset.version !== undefined")
        assert page.locator("#main").is_visible()
    finally:
        screen.stop()
    page.wait_for_function("() => document.body.classList.contains('offline')",
                           timeout=15_000)
    assert not page.locator("#main").is_visible()
    page.close()



def test_a_press_without_options_version_keeps_the_double_tap_guard(screen: Screen) -> None:
    session = chat_session()
    ChatFeed(screen).attach(session)
    session.start()
    assert call(screen, "POST", "/press", press_body("1"))[0] == 200
    assert call(screen, "POST", "/press", press_body("1"))[0] == 409  # the second tap
    assert PRESSED == ["1"]
