"""One loop for every input: terminal lines, script lines and screen touches.

Touch = key = voice: a touch on a button becomes the line ``<key:N>``, exactly what a
keypad press is in a ``kiosk chat`` script, and goes through the same
:meth:`Host.step`.  Lines from every source wait in one :class:`Inputs` queue and
are handled one at a time by the thread running :func:`run_turns` / :func:`serve`, so the
session is only ever touched by that thread.  ``kiosk chat --screen`` and the screen
tests both use this code.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from assistant.errors import KioskError
from assistant.screen.feeds import ChatFeed
from assistant.session import script
from assistant.session.host import Host, next_turn, write_turn


@dataclass(frozen=True)
class Input:
    """One user turn waiting to be handled."""

    line: str
    """Script syntax: text, ``<key:N>``, ``<card:NAME>``, ``<pay:ok>`` …"""
    source: str = "terminal"
    """``terminal``, ``script`` or ``touch``."""
    where: tuple[str, int] = ("-", 0)
    """File and line number (for error messages)."""


class Inputs:
    """Thread-safe queue of user turns from any number of sources; closed = end of input."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Input | None] = queue.Queue()

    def put(self, line: str, source: str = "terminal", where: tuple[str, int] = ("-", 0)) -> None:
        self._queue.put(Input(line.rstrip("\r\n"), source, where))

    def touch(self, key: str) -> None:
        """A touch on the screen's button of ``key`` (the hub's ``on_press``)."""
        self.put(script.key_line(key), "touch")

    def close(self) -> None:
        """No more input (end of the script or of the terminal)."""
        self._queue.put(None)

    def get(self, timeout: float | None = None) -> Input | None:
        """The next turn, waiting for it; ``None`` once closed.  Raises ``queue.Empty``
        after ``timeout`` seconds without input."""
        return self._queue.get(timeout=timeout)

    def read_from(self, lines: Iterable[str], *, source: str = "terminal",
                  path: str = "-") -> threading.Thread:
        """Feed ``lines`` in from a background thread, then :meth:`close`."""

        def run() -> None:
            try:
                for number, line in enumerate(lines, start=1):
                    self.put(line, source, (path, number))
            except (OSError, ValueError, KioskError) as exc:
                print(f"kiosk: input stopped: {exc}", file=sys.stderr)
            finally:
                self.close()

        thread = threading.Thread(target=run, name="kiosk-input", daemon=True)
        thread.start()
        return thread


Emit = Callable[[dict[str, Any], Input | None], None]
"""Writes one turn object; gets the input that caused it (``None``: the greeting)."""


def run_turns(session: Host, inputs: Inputs, emit: Emit, *,
              feed: ChatFeed | None = None, between: Callable[[], None] | None = None,
              on_error: Callable[[KioskError], None] | None = None) -> Host:
    """Greet, then handle inputs one at a time until they end; returns the last session.

    As ``kiosk chat --script`` does, an input after a session has ended is the next person:
    :meth:`Host.next_session` greets them (:meth:`Host.wake`; a key or a
    touch only wakes the kiosk).  ``feed`` is attached to each session before its
    greeting; ``between`` is called when a session ends; ``on_error`` gets an input the
    session rejects (an unknown ``<event>``) instead of raising, so that an interactive
    kiosk keeps going.
    """
    if feed is not None:
        feed.attach(session)
    emit(session.start(), None)
    while True:
        item = inputs.get()
        if item is None:
            return session
        try:
            session, turn = next_turn(session, item.line, item.where,
                                      feed.attach if feed is not None else None)
        except KioskError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        emit(turn, item)
        if turn["done"] and between is not None:
            between()


def json_emitter(out: IO[str]) -> Emit:
    """Writes each turn as the ``kiosk chat --json`` line (flushed)."""

    def emit(turn: dict[str, Any], item: Input | None) -> None:
        write_turn(out, turn, as_json=True)

    return emit


def script_emitter(out: IO[str]) -> Emit:
    """Writes each turn as ``kiosk chat --script`` does without ``--json``."""

    def emit(turn: dict[str, Any], item: Input | None) -> None:
        write_turn(out, turn, as_json=False)

    return emit


def text_emitter(out: IO[str]) -> Emit:
    """Writes each turn for a person at the terminal (touches are echoed as ``> <key:1>``)."""

    def emit(turn: dict[str, Any], item: Input | None) -> None:
        if item is not None and item.source == "touch":
            out.write(f"> {item.line}（触屏）\n")
        out.write(f"机：{turn['say']}\n")
        keys = " ".join(f"{k}={v}" for k, v in turn["awaiting"].get("keys", {}).items()
                        if v != "digits")
        status = f"[{turn['state']} · 等待 {turn['awaiting']['kind']}"
        status += f" · 键 {keys}" if keys else ""
        out.write(status + (f" · 结束 {turn['outcome']}]\n" if turn["done"] else "]\n"))
        out.flush()

    return emit
