"""Earcons: the short sounds around listening, generated so they can be rebuilt exactly.

- ``listening.wav``: rising two-tone (E5 → A5), 150 ms — "speak now".
- ``done.wav``: falling two-tone (A5 → E5), 200 ms — "got it, stop talking".

Soft sines with raised-cosine fades (no clicks), peak -10 dBFS, 22 050 Hz like the TTS
output.  Regenerate with ``python -m assistant.audio.earcons [DIR]`` (default
``audio/``); the output is byte-for-byte deterministic, and a test checks that the
committed files match this script.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.audio.wav import write_wav
from assistant.config import audio_dir

RATE = 22050
"""Sample rate of the earcons (same as espeak output)."""
PEAK = 0.316
"""Peak amplitude (-10 dBFS): clearly audible, never louder than speech."""
FADE = 0.008
"""Fade-in/out of each tone in seconds."""


@dataclass(frozen=True)
class Tone:
    """One segment of an earcon."""

    freq: float
    """Frequency in Hz."""
    seconds: float
    """Duration in seconds."""


EARCONS: dict[str, tuple[Tone, ...]] = {
    "listening.wav": (Tone(659.25, 0.070), Tone(880.0, 0.080)),
    "done.wav": (Tone(880.0, 0.090), Tone(659.25, 0.110)),
}
"""File name → tones played one after the other."""


def tone(t: Tone, rate: int = RATE) -> npt.NDArray[np.float64]:
    """A faded sine segment, floats in [-PEAK, PEAK]."""
    n = round(t.seconds * rate)
    x = np.sin(2 * np.pi * t.freq * np.arange(n) / rate) * PEAK
    fade = min(round(FADE * rate), n // 2)
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, fade))
    x[:fade] *= ramp
    x[n - fade :] *= ramp[::-1]
    return x


def render(name: str, rate: int = RATE) -> bytes:
    """The WAV bytes of earcon ``name`` (a key of :data:`EARCONS`)."""
    return write_wav(np.concatenate([tone(t, rate) for t in EARCONS[name]]), rate)


def main(argv: Sequence[str] | None = None) -> int:
    """Write every earcon into DIR (default: the audio directory)."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else audio_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in EARCONS:
        (target / name).write_bytes(render(name))
        print(target / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
