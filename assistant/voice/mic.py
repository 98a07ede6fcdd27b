"""The kiosk microphone, kept open for the whole run, surviving unplugging.

A background thread owns the :class:`~assistant.audio.capture.Capture` stream and puts
100 ms PCM chunks into a queue.  When the device stops delivering audio (unplugged, USB
reset) or cannot be opened, :attr:`Microphone.available` turns False, one warning is
logged for staff, and the thread tries to reopen it every :data:`RETRY_S` seconds; the
session keeps going by keys meanwhile and voice resumes by itself.  ``mute()`` drops
audio (half-duplex mode while the kiosk speaks).  PortAudio's device list is not
re-scanned here (that would tear down the speaker stream); behind PulseAudio/PipeWire the
``pulse`` device survives unplugging and follows the new source.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Protocol

from assistant.errors import AudioDeviceError

log = logging.getLogger(__name__)

RETRY_S = 2.0
"""Seconds between attempts to reopen a lost microphone."""
STALL_S = 1.5
"""No audio for this long from an open stream counts as a lost microphone."""


class Source(Protocol):
    """What the microphone thread reads from (``Capture`` satisfies it)."""

    def start(self) -> object: ...
    def read(self, timeout: float = 1.0) -> bytes | None: ...
    def close(self) -> None: ...


def _default_source(device: int | str | None) -> Callable[[], Source]:
    def make() -> Source:
        from assistant.audio.capture import Capture

        return Capture(device)

    return make


class Microphone:
    """Background capture; read chunks with :meth:`read`."""

    def __init__(self, device: int | str | None = None,
                 factory: Callable[[], Source] | None = None) -> None:
        self._factory = factory or _default_source(device)
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=400)  # 20 s of 50 ms blocks
        self._muted = threading.Event()
        self._stop = threading.Event()
        self._up = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiosk-mic", daemon=True)
        self.losses = 0
        """How many times the microphone was lost (for staff logs and tests)."""
        self.first_open = threading.Event()
        """Set after the first open attempt (successful or not)."""

    @property
    def available(self) -> bool:
        return self._up.is_set()

    def start(self) -> Microphone:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def mute(self, on: bool = True) -> None:
        """Drop incoming audio while ``on`` (half-duplex prompts)."""
        if on:
            self._muted.set()
        else:
            self._muted.clear()

    def read(self, timeout: float = 0.1) -> bytes | None:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def drain(self) -> int:
        n = 0
        while True:
            try:
                self._queue.get_nowait()
                n += 1
            except queue.Empty:
                return n

    def _put(self, chunk: bytes) -> None:
        if self._muted.is_set():
            return
        try:
            self._queue.put_nowait(chunk)
        except queue.Full:  # the consumer is not listening: keep the newest audio
            with contextlib.suppress(queue.Empty):
                self._queue.get_nowait()
            self._queue.put_nowait(chunk)

    def _run(self) -> None:
        reported = False
        while not self._stop.is_set():
            source: Source | None = None
            try:
                source = self._factory()
                source.start()
                chunk = source.read(timeout=5.0)  # PulseAudio's first stream is slow
                if chunk is None:
                    raise AudioDeviceError("the microphone delivers no audio")
                if reported:
                    log.warning("microphone is back: voice input resumed")
                reported = False
                self._up.set()
                self.first_open.set()
                self._pump(source, chunk)
            except AudioDeviceError as exc:
                if not reported:
                    self.losses += 1
                    log.warning("microphone unavailable (%s): serving by keys; "
                                "retrying every %.0f s — staff: check the cable", exc, RETRY_S)
                    reported = True
            finally:
                self._up.clear()
                self.first_open.set()
                if source is not None:
                    try:
                        source.close()
                    except Exception:  # a vanished device may fail to close
                        log.debug("closing the lost microphone failed", exc_info=True)
            if self._stop.wait(RETRY_S):
                break

    def _pump(self, source: Source, first: bytes) -> None:
        self._put(first)
        last = time.monotonic()
        while not self._stop.is_set():
            chunk = source.read(timeout=0.5)
            if chunk is None:
                if time.monotonic() - last > STALL_S:
                    raise AudioDeviceError("the microphone stopped delivering audio")
                continue
            last = time.monotonic()
            self._put(chunk)
