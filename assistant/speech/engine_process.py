"""The text-to-speech engine in its own process, restarted when it dies.

espeak-ng runs inside pyttsx3 as C code with a Python callback on espeak's own thread.  Deep
into one long test run it crashed once with a segmentation fault in ``espeak_Synth`` — which,
in the kiosk process, would take the microphone, the dialog and the open payment down with
it.  A kiosk runs for weeks, so the engine runs in a child process instead
(``python -m assistant.speech.engine_process``): if it crashes or hangs, the parent kills it,
logs one line, starts a fresh one and asks again; only a second failure in a row becomes a
:class:`~assistant.errors.SynthesisError` (the dialog then shows the text and goes on).

Protocol (private to this module): one JSON line per request on the child's stdin
(``{"op": "render", "text", "voice", "rate", "volume"}`` or ``{"op": "voices"}``); one JSON
line per answer on the child's stdout (``{"ok": true, "size": N}`` followed by N bytes of WAV,
``{"ok": true, "voices": [...]}``, or ``{"ok": false, "error": "..."}``).  Everything the
engine itself prints goes to stderr, so it can never corrupt an answer.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from assistant.errors import SynthesisError

log = logging.getLogger(__name__)

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 20.0
"""Seconds the child may take to start and answer its first request (imports, espeak init)."""


def _answer_timeout(text: str) -> float:
    return 15.0 + 0.2 * len(text)


@dataclass
class EngineProcess:
    """A child process that renders speech; restarted once per request when it fails.

    ``command``: how to start the child (default: this module under the running Python).
    ``timeout``: seconds to wait for an answer before the child counts as hung
    (default: 15 s + 0.2 s per character, plus :data:`START_TIMEOUT` for a fresh child).
    """

    command: Sequence[str] = (sys.executable, "-m", "assistant.speech.engine_process")
    """Command line of the child."""
    timeout: float | None = None
    """Fixed answer timeout in seconds (``None``: by the length of the text)."""
    restarts: int = 0
    """How many times a dead or hung child was replaced (for logs and tests)."""
    renders: int = 0
    """How many renderings were asked of the engine (a cached prompt asks none)."""
    _proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _fresh: bool = field(default=True, repr=False)
    _voices: list[dict[str, Any]] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def pid(self) -> int | None:
        """Process id of the running child (``None`` before the first request)."""
        return None if self._proc is None else self._proc.pid

    def render(self, text: str, voice: str, rate: int, volume: float) -> bytes:
        """WAV bytes of ``text`` (raises :class:`SynthesisError`)."""
        request = {"op": "render", "text": text, "voice": voice, "rate": rate, "volume": volume}
        self.renders += 1
        head, data = self._ask(request, _answer_timeout(text))
        if int(head.get("size", -1)) != len(data):
            raise SynthesisError("text-to-speech answered without audio — see the log")
        return data

    def voices(self) -> list[dict[str, Any]]:
        """The engine's voices as ``{"id", "name", "languages"}`` dicts (asked once)."""
        if self._voices is None:
            head, _ = self._ask({"op": "voices"}, 15.0)
            self._voices = list(head.get("voices", []))
        return list(self._voices)

    def close(self) -> None:
        """Stop the child (it also stops by itself when this process ends)."""
        with self._lock:
            self._stop()

    # -- internals -------------------------------------------------------------

    def _ask(self, request: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        with self._lock:
            try:
                return self._exchange(request, timeout)
            except _Died as first:
                self._stop()
                self.restarts += 1
                log.warning("text-to-speech engine %s; restarting it (%d so far)",
                            first, self.restarts)
            try:
                return self._exchange(request, timeout)
            except _Died as second:
                self._stop()
                raise SynthesisError(
                    f"the text-to-speech engine failed twice ({second}) — check that espeak-ng "
                    "works: `espeak-ng -v cmn-latn-pinyin 你好`, and pyttsx3 is installed"
                ) from None

    def _exchange(self, request: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        proc = self._ensure()
        assert proc.stdin is not None and proc.stdout is not None
        limit = (self.timeout if self.timeout is not None else timeout) + (
            START_TIMEOUT if self._fresh else 0.0)
        deadline = time.monotonic() + limit
        try:
            proc.stdin.write(json.dumps(request, ensure_ascii=False).encode() + b"\n")
            proc.stdin.flush()
        except OSError as exc:
            raise _Died(f"could not be reached ({exc.__class__.__name__})") from None
        line = _read_line(proc, proc.stdout, deadline)
        try:
            head = json.loads(line)
        except ValueError:
            raise _Died(f"answered garbage ({line[:60]!r})") from None
        if not isinstance(head, dict):
            raise _Died(f"answered garbage ({line[:60]!r})")
        self._fresh = False
        if not head.get("ok"):
            raise SynthesisError(str(head.get("error", "text-to-speech failed")))
        data = _read_exact(proc, proc.stdout, int(head.get("size", 0)), deadline)
        return head, data

    def _ensure(self) -> subprocess.Popen[bytes]:
        if self._proc is not None:
            if self._proc.poll() is None:
                return self._proc
            self.restarts += 1
            log.warning("text-to-speech engine %s; restarting it (%d so far)",
                        _describe_exit(self._proc), self.restarts)
        self._stop()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p)
        try:
            self._proc = subprocess.Popen(
                list(self.command), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=None, env=env, bufsize=0)
        except OSError as exc:
            raise SynthesisError(
                f"cannot start the text-to-speech engine ({exc}) — check the Python "
                "installation (`kiosk doctor`)") from exc
        self._fresh = True
        return self._proc

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        if proc.poll() is None:
            proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):  # a kill cannot be refused
            proc.wait(5.0)


class _Died(Exception):
    """The child crashed, hung or broke the protocol (internal; retried once)."""


def _describe_exit(proc: subprocess.Popen[bytes]) -> str:
    code = proc.poll()
    if code is None:
        return "stopped answering"
    if code < 0:
        return f"crashed (signal {-code})"
    return f"exited with status {code}"


def _wait_readable(proc: subprocess.Popen[bytes], stream: IO[bytes], deadline: float) -> None:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _Died(f"gave no answer in time ({_describe_exit(proc)})")
    if os.name == "posix":
        ready, _, _ = select.select([stream], [], [], left)
        if not ready:
            raise _Died(f"gave no answer in time ({_describe_exit(proc)})")


def _read_line(proc: subprocess.Popen[bytes], stream: IO[bytes], deadline: float) -> bytes:
    buf = bytearray()
    while not buf.endswith(b"\n"):
        _wait_readable(proc, stream, deadline)
        chunk = os.read(stream.fileno(), 1)
        if not chunk:
            proc.wait(2.0) if proc.poll() is None else None
            raise _Died(_describe_exit(proc))
        buf += chunk
    return bytes(buf)


def _read_exact(proc: subprocess.Popen[bytes], stream: IO[bytes], size: int,
                deadline: float) -> bytes:
    buf = bytearray()
    while len(buf) < size:
        _wait_readable(proc, stream, deadline)
        chunk = os.read(stream.fileno(), min(1 << 16, size - len(buf)))
        if not chunk:
            raise _Died(_describe_exit(proc))
        buf += chunk
    return bytes(buf)


def serve() -> None:
    """The child's loop: answer requests until stdin closes."""
    from assistant.speech import tts

    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything espeak or pyttsx3 prints goes to stderr, never into an answer
    sys.stdout = sys.stderr
    for raw in sys.stdin.buffer:
        try:
            request = json.loads(raw)
            if request.get("op") == "voices":
                voices = [{"id": v.id, "name": v.name, "languages": list(v.languages)}
                          for v in tts.engine_voices()]
                out.write(json.dumps({"ok": True, "voices": voices}).encode() + b"\n")
            else:
                wav = tts.render_here(str(request["text"]), str(request["voice"]),
                                      int(request["rate"]), float(request["volume"]))
                out.write(json.dumps({"ok": True, "size": len(wav)}).encode() + b"\n" + wav)
        except (SynthesisError, KeyError, TypeError, ValueError) as exc:
            out.write(json.dumps({"ok": False, "error": str(exc)},
                                 ensure_ascii=False).encode() + b"\n")
        out.flush()


if __name__ == "__main__":
    serve()
