"""In-memory WAV helpers: read, write, convert (mono, 16-bit, sample rate), measure.

Everything works on ``bytes`` and numpy arrays so tests and the runtime never need
temporary files.  Samples are ``int16`` mono unless a function says otherwise.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.errors import SpeechError

Samples = npt.NDArray[np.int16]
"""Mono 16-bit PCM samples."""


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit PCM audio."""

    samples: Samples
    """The samples, one channel, ``int16``."""
    rate: int
    """Sample rate in Hz."""

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.rate if self.rate else 0.0

    @property
    def pcm(self) -> bytes:
        """Raw little-endian 16-bit PCM (what vosk and PortAudio take)."""
        return self.samples.astype("<i2").tobytes()

    def to_wav(self) -> bytes:
        """The audio as a complete WAV file."""
        return write_wav(self.samples, self.rate)

    def resampled(self, rate: int) -> Audio:
        """The audio at another sample rate."""
        return Audio(resample(self.samples, self.rate, rate), rate)


def read_wav(source: bytes | str | Path) -> Audio:
    """Read a PCM WAV (file path or bytes) as mono 16-bit audio.

    Stereo is averaged to mono; 8/24/32-bit samples are converted.  Raises
    :class:`SpeechError` for anything that is not a PCM WAV.
    """
    name = "<bytes>" if isinstance(source, bytes) else str(source)
    try:
        stream: io.BufferedIOBase | str
        stream = io.BytesIO(source) if isinstance(source, bytes) else str(source)
        with wave.open(stream, "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            raw = w.readframes(w.getnframes())
    except FileNotFoundError as exc:
        raise SpeechError(f"WAV file not found: {name} — check the path") from exc
    except (wave.Error, EOFError) as exc:
        raise SpeechError(
            f"{name} is not a PCM WAV file ({exc}) — convert it, e.g. "
            "`sox IN -r 16000 -c 1 -b 16 OUT.wav`"
        ) from exc
    data = _to_float(raw, width).reshape(-1, channels).mean(axis=1)
    return Audio(_to_int16(data), rate)


def _to_float(raw: bytes, width: int) -> npt.NDArray[np.float64]:
    """PCM bytes → floats in the int16 range."""
    if width == 1:
        return (np.frombuffer(raw, np.uint8).astype(np.float64) - 128.0) * 256.0
    if width == 2:
        return np.frombuffer(raw, "<i2").astype(np.float64)
    if width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        v = np.where(v >= 1 << 23, v - (1 << 24), v)
        return v.astype(np.float64) / 256.0
    if width == 4:
        return np.frombuffer(raw, "<i4").astype(np.float64) / 65536.0
    raise SpeechError(f"unsupported WAV sample width {width} bytes — use 16-bit PCM")


def _to_int16(data: npt.NDArray[np.float64]) -> Samples:
    return np.clip(np.round(data), -32768, 32767).astype(np.int16)


def write_wav(samples: npt.NDArray[np.generic], rate: int) -> bytes:
    """Mono 16-bit WAV bytes from samples (floats in [-1, 1] or int16)."""
    arr = np.asarray(samples)
    if np.issubdtype(arr.dtype, np.floating):
        pcm = _to_int16(arr.astype(np.float64) * 32767.0)
    else:
        pcm = arr.astype(np.int16)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2").tobytes())
    return out.getvalue()


def resample(samples: Samples, src: int, dst: int) -> Samples:
    """Resample by band-limited (FFT) interpolation; good enough for speech and earcons."""
    if src == dst or len(samples) == 0:
        return samples
    n_out = max(1, round(len(samples) * dst / src))
    spectrum = np.fft.rfft(samples.astype(np.float64))
    keep = min(len(spectrum), n_out // 2 + 1)
    out = np.fft.irfft(spectrum[:keep], n_out) * (n_out / len(samples))
    return _to_int16(out)


def rms_dbfs(samples: Samples) -> float:
    """Loudness as RMS in dB relative to full scale (-120 for silence)."""
    if len(samples) == 0:
        return -120.0
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))
    return max(-120.0, 20.0 * float(np.log10(max(rms, 1e-9) / 32768.0)))


def silence(seconds: float, rate: int = 16000) -> Samples:
    """Digital silence."""
    return np.zeros(round(seconds * rate), np.int16)


def trim_leading_silence(audio: Audio, threshold_dbfs: float = -50.0,
                         keep_s: float = 0.005) -> Audio:
    """``audio`` without the silence before its first sample louder than
    ``threshold_dbfs`` (``keep_s`` of it kept, so the onset is not clipped).  espeak-ng
    starts its output with up to ~45 ms of silence, which every reply would wait through."""
    if audio.samples.size == 0:
        return audio
    level = 32768.0 * 10 ** (threshold_dbfs / 20)
    loud = np.flatnonzero(np.abs(audio.samples.astype(np.int32)) > level)
    if loud.size == 0:
        return audio
    start = max(0, int(loud[0]) - int(keep_s * audio.rate))
    return audio if start == 0 else Audio(audio.samples[start:], audio.rate)
