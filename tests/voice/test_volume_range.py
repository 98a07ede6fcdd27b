"""The session volume steps really span ≥ 18 dB of speech (ADA 707 / EN 301 549), measured
on what espeak-ng synthesises plus the playback gain — not just the numbers in config."""

from __future__ import annotations

import io
import wave
from itertools import pairwise

import numpy as np
import pytest

from assistant.dialog import DialogConfig
from assistant.dialog.actions import Say
from assistant.voice.io import Speaker

pytestmark = pytest.mark.audio


def _level(speaker: Speaker, volume_db: int) -> float:
    wav, gain = speaker.render(Say("您好，请说您要办理的业务。", volume_db=volume_db))
    with wave.open(io.BytesIO(wav)) as w:
        x = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float64)
    return float(20 * np.log10(np.sqrt(np.mean(x**2)) * gain / 32768))


def test_volume_steps_span_at_least_18_db_and_rise_with_each_step() -> None:
    cfg = DialogConfig()
    low, high = cfg.volume_range_db
    speaker = Speaker()
    steps = range(low, high + 1, cfg.volume_step_db)
    levels = [_level(speaker, db) for db in steps]
    assert all(b - a >= 1.5 for a, b in pairwise(levels)), levels
    assert levels[-1] - levels[0] >= 18.0, levels
