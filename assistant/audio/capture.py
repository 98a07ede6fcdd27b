"""Microphone capture: a 16 kHz mono 16-bit stream yielding PCM chunks.

The PortAudio callback only copies bytes into a bounded queue; the consumer (the
recogniser) reads chunks at its own pace.  If the consumer falls behind, the oldest
chunks are dropped and counted in :attr:`Capture.dropped`.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from types import TracebackType
from typing import Any

import numpy as np

from assistant.audio.devices import open_error, port_audio_errors, select_device, sounddevice
from assistant.audio.wav import Audio

CAPTURE_RATE = 16000
"""Sample rate delivered to the recogniser."""
BLOCK_SECONDS = 0.05
"""Chunk length (50 ms: the end of speech is heard half a block sooner on average than
with 100 ms blocks; 20 callbacks a second cost nothing measurable)."""


class Capture:
    """An open microphone stream; use as a context manager and iterate :meth:`chunks`.

    ``device``: PortAudio index or name substring; default ``KIOSK_MIC``, else the
    system default input.  Raises :class:`AudioDeviceError` when it cannot be opened.
    """

    def __init__(
        self,
        device: int | str | None = None,
        rate: int = CAPTURE_RATE,
        block_seconds: float = BLOCK_SECONDS,
        max_seconds_buffered: float = 10.0,
    ) -> None:
        self.rate = rate
        self.blocksize = max(1, round(rate * block_seconds))
        self.dropped = 0
        """Chunks thrown away because the consumer was too slow."""
        self.status_flags: list[str] = []
        """PortAudio status messages seen (overflows...)."""
        size = max(1, round(max_seconds_buffered / block_seconds))
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=size)
        self._device = device if isinstance(device, int) else select_device("input", device)
        self._stream: Any = None

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        if status:
            self.status_flags.append(str(status))
        data = bytes(indata)
        while True:
            try:
                self._queue.put_nowait(data)
                return
            except queue.Full:
                try:
                    self._queue.get_nowait()
                    self.dropped += 1
                except queue.Empty:
                    pass

    def start(self) -> Capture:
        """Open and start the stream."""
        sd = sounddevice()
        try:
            self._stream = sd.RawInputStream(
                samplerate=self.rate,
                blocksize=self.blocksize,
                device=self._device,
                channels=1,
                dtype="int16",
                callback=self._callback,
            )
            self._stream.start()
        except port_audio_errors() as exc:
            self._stream = None
            raise open_error("input", exc) from exc
        return self

    def close(self) -> None:
        """Stop and close the stream (idempotent)."""
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
            finally:
                stream.close()

    def __enter__(self) -> Capture:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def read(self, timeout: float = 1.0) -> bytes | None:
        """The next chunk of PCM, or None if nothing arrived within ``timeout``."""
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def drain(self) -> int:
        """Throw away buffered chunks (e.g. the tail of our own prompt); return how many."""
        count = 0
        while True:
            try:
                self._queue.get_nowait()
                count += 1
            except queue.Empty:
                return count

    def chunks(
        self, seconds: float | None = None, timeout: float = 1.0, first_timeout: float = 5.0
    ) -> Iterator[bytes]:
        """Yield PCM chunks, for ``seconds`` of audio (None: until the caller stops).

        Stops early when no audio arrives within ``timeout`` (the device went away).  The
        first chunk may take longer: PulseAudio's first stream in a process took 2.1 s
        to deliver audio here (later ones 0.2 s), hence ``first_timeout``.
        """
        wanted = None if seconds is None else round(seconds * self.rate) * 2
        got = 0
        wait = first_timeout
        while wanted is None or got < wanted:
            chunk = self.read(wait)
            if chunk is None:
                return
            wait = timeout
            if wanted is not None:
                chunk = chunk[: wanted - got]
            got += len(chunk)
            yield chunk


def record(seconds: float, device: int | str | None = None, rate: int = CAPTURE_RATE) -> Audio:
    """Record ``seconds`` of audio from the microphone."""
    deadline = time.monotonic() + seconds + 5.0
    parts: list[bytes] = []
    with Capture(device, rate) as capture:
        for chunk in capture.chunks(seconds):
            parts.append(chunk)
            if time.monotonic() > deadline:
                break
    return Audio(np.frombuffer(b"".join(parts), "<i2").astype(np.int16), rate)
