"""Speaker output: play WAV bytes in the background, stoppable mid-way (barge-in).

Playback uses its own output stream, separate from the capture stream: full-duplex
``playrec`` underruns on PulseAudio.  A WAV whose rate the device refuses is resampled
to the device's native rate.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np

from assistant.audio.devices import open_error, port_audio_errors, select_device, sounddevice
from assistant.audio.wav import Audio, read_wav

LEAD_IN = 0.05
"""Silence played before every sound (PortAudio primes the stream's first blocks)."""
TAIL = 0.15
"""Silence played after every sound: through PulseAudio the end of a sound was lost when
the stream finished (0.12 s of a 0.15 s earcon reached the sink; paplay: all of it)."""
END_MARGIN = 0.25
"""Seconds added to the stream's reported latency before a finished sound counts as heard
(PulseAudio's real output delay measured ~0.1 s over the reported 0.035 s)."""


class Playback:
    """One sound being played.  ``stop()`` cuts it off; ``wait()`` blocks until it ends.

    ``device``: PortAudio index or name substring; default ``KIOSK_SPEAKER``, else the
    system default output.  ``gain`` scales the samples (1.0 = as rendered).
    """

    def __init__(self, wav: bytes | Audio, device: int | str | None = None, gain: float = 1.0):
        audio = wav if isinstance(wav, Audio) else read_wav(wav)
        lead, tail = np.zeros(round(LEAD_IN * audio.rate)), np.zeros(round(TAIL * audio.rate))
        samples = np.concatenate([lead, audio.samples.astype(np.float64) * gain, tail])
        self.audio = Audio(np.clip(samples, -32768, 32767).astype(np.int16), audio.rate)
        self._device = device if isinstance(device, int) else select_device("output", device)
        self._pos = 0
        self._done = threading.Event()
        self._stopped = False
        self._stream: Any = None
        self._lock = threading.Lock()
        self.started_at = 0.0
        """``time.monotonic()`` when playback started."""

    @property
    def duration(self) -> float:
        """Length of the sound in seconds."""
        return self.audio.duration

    @property
    def played(self) -> float:
        """Seconds of audio handed to the device so far."""
        return self._pos / self.audio.rate

    @property
    def stopped(self) -> bool:
        """True when :meth:`stop` cut the sound off."""
        return self._stopped

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        chunk = self.audio.samples[self._pos : self._pos + frames]
        outdata[: len(chunk), 0] = chunk
        outdata[len(chunk) :, 0] = 0
        self._pos += len(chunk)
        if len(chunk) < frames:
            raise sounddevice().CallbackStop

    def _open(self, audio: Audio) -> Any:
        sd = sounddevice()
        return sd.OutputStream(
            samplerate=audio.rate,
            device=self._device,
            channels=1,
            dtype="int16",
            callback=self._callback,
            finished_callback=self._done.set,
        )

    def start(self) -> Playback:
        """Start playing (returns at once)."""
        errors = port_audio_errors()
        try:
            try:
                self._stream = self._open(self.audio)
            except errors:
                native = int(
                    sounddevice().query_devices(self._device, "output")["default_samplerate"]
                )
                if native == self.audio.rate:
                    raise
                self.audio = self.audio.resampled(native)
                self._stream = self._open(self.audio)
            self.started_at = time.monotonic()
            self._stream.start()
        except errors as exc:
            self._done.set()
            raise open_error("output", exc) from exc
        return self

    def stop(self) -> None:
        """Cut the sound off now (barge-in); idempotent."""
        if self._stream is not None and not self._done.is_set():
            self._stopped = True
        self._close()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the sound has been heard to the end (or was stopped); False on
        timeout.

        Returns :data:`END_MARGIN` after the last sample should have left the speaker,
        without waiting for the host API's drain: through PulseAudio the stream reported
        "finished" up to ~1.9 s after a sound ended, which would delay listening.
        """
        deadline = time.monotonic() + (self.duration + 5.0 if timeout is None else timeout)
        while not self._done.wait(0.01):
            stream = self._stream
            if stream is not None and self.started_at:
                heard_by = self.started_at + self.duration + float(stream.latency) + END_MARGIN
                if self._pos >= len(self.audio.samples) and time.monotonic() >= heard_by:
                    self._close()
                    return True
            if time.monotonic() >= deadline:
                return False
        self._close()
        return True

    def _close(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()
            finally:
                stream.close()
        self._done.set()

    @property
    def active(self) -> bool:
        """True while the sound is playing."""
        return self._stream is not None and not self._done.is_set()


def play(
    wav: bytes | Audio, device: int | str | None = None, *, gain: float = 1.0, block: bool = True
) -> Playback:
    """Play a sound; with ``block`` wait until it has finished."""
    playback = Playback(wav, device, gain).start()
    if block:
        playback.wait()
    return playback
