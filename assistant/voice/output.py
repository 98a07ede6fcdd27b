"""One output stream open for the whole run; sounds are queued into it.

Opening a PortAudio output stream per sound stalled ~1.6-2 s through PulseAudio before
the first samples were consumed (measured: a 0.15 s earcon took 1.95 s to play), which
would add that much to every reply.  So the runtime keeps one stream open that plays
silence between sounds, and :meth:`Output.play` hands it the next sound.  ``stop()`` on a
:class:`Sound` (barge-in) takes effect at the next audio block (~20 ms).
"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np

from assistant.audio.devices import open_error, port_audio_errors, select_device, sounddevice
from assistant.audio.wav import Audio, read_wav

RATE = 22050
"""Stream rate (espeak output and the earcons); other sounds are resampled."""
BLOCK = 441
"""Frames per callback (20 ms)."""
END_MARGIN = 0.1
"""Seconds after the last sample's expected output time before a sound counts as heard."""


class Sound:
    """A sound queued on an :class:`Output`: ``stop()``, ``wait()``, ``active``."""

    def __init__(self, samples: np.ndarray[Any, np.dtype[np.int16]], latency: float) -> None:
        self.samples = samples
        self.pos = 0
        self.latency = latency
        self.started_at = 0.0
        """``time.monotonic()`` when its first sample was handed to the device."""
        self.stopped = False
        self.feeding = False
        """True while more samples are still to come (:meth:`extend`, a long prompt whose
        later sentences are synthesised while its first plays)."""
        self._done = threading.Event()

    @property
    def duration(self) -> float:
        return len(self.samples) / RATE

    @property
    def played(self) -> float:
        return self.pos / RATE

    @property
    def active(self) -> bool:
        return not self._done.is_set()

    def stop(self) -> None:
        """Cut the sound off (barge-in); idempotent."""
        if not self._done.is_set():
            self.stopped = True
            self._done.set()

    def extend(self, samples: np.ndarray[Any, np.dtype[np.int16]], more: bool) -> None:
        """Append samples to a sound that may be playing; ``more``: others will follow."""
        if self.started_at and self.pos >= len(self.samples):
            # it ran dry while the rest was synthesised (a loaded machine): the device
            # played silence meanwhile, so the sound ends that much later (:meth:`wait`)
            starved = time.monotonic() - (self.started_at + self.duration)
            if starved > 0:
                self.started_at += starved
        self.samples = np.concatenate([self.samples, samples])
        self.feeding = more

    def wait(self, timeout: float | None = None) -> bool:
        """Until the sound has left the speaker (or was stopped); False on timeout."""
        began = time.monotonic()
        while True:
            if self._done.is_set():
                return True
            if not self.feeding and self.pos >= len(self.samples) and self.started_at and (
                    time.monotonic() >= (self.started_at + self.duration + self.latency
                                         + END_MARGIN)):
                self._done.set()
                return True
            limit = self.duration + 5.0 if timeout is None else timeout
            if time.monotonic() >= began + limit:
                return False
            time.sleep(0.005)


def samples(wav: bytes | Audio, gain: float = 1.0) -> np.ndarray[Any, np.dtype[np.int16]]:
    """``wav`` as stream samples (resampled to :data:`RATE`, ``gain`` applied)."""
    audio = wav if isinstance(wav, Audio) else read_wav(wav)
    if audio.rate != RATE:
        audio = audio.resampled(RATE)
    return np.clip(audio.samples.astype(np.float64) * gain, -32768, 32767).astype(np.int16)


class Output:
    """The kiosk speaker: one stream, one sound at a time (a new one replaces the old)."""

    def __init__(self, device: int | str | None = None) -> None:
        self._device = device if isinstance(device, int) else select_device("output", device)
        self._current: Sound | None = None
        self._lock = threading.Lock()
        self._stream: Any = None

    def start(self) -> Output:
        sd = sounddevice()
        try:
            self._stream = sd.OutputStream(samplerate=RATE, blocksize=BLOCK, device=self._device,
                                           channels=1, dtype="int16", latency="low",
                                           callback=self._callback)
            self._stream.start()
        except port_audio_errors() as exc:
            self._stream = None
            raise open_error("output", exc) from exc
        return self

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.abort()
            stream.close()

    def play(self, wav: bytes | Audio, gain: float = 1.0, *, more: bool = False) -> Sound:
        """Queue ``wav`` now (stopping the sound playing, if any); returns at once.
        ``more``: the sound goes on with :meth:`Sound.extend` (:func:`samples` of the
        next parts)."""
        latency = float(self._stream.latency) if self._stream is not None else 0.0
        sound = Sound(samples(wav, gain), latency)
        sound.feeding = more
        with self._lock:
            if self._current is not None:
                self._current.stop()
            self._current = sound
        return sound

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        outdata.fill(0)
        with self._lock:
            sound = self._current
        if sound is None or not sound.active or sound.pos >= len(sound.samples):
            return
        if not sound.started_at:
            sound.started_at = time.monotonic()
        chunk = sound.samples[sound.pos : sound.pos + frames]
        outdata[: len(chunk), 0] = chunk
        sound.pos += len(chunk)
