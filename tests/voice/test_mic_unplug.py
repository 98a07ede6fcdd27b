"""A microphone that disappears mid-run (its PulseAudio source suspended) and returns."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from speech.conftest import Pulse

pytestmark = [pytest.mark.audio]


def _until(cond: Any, timeout: float, what: str) -> float:
    start = time.monotonic()
    while not cond():
        assert time.monotonic() - start < timeout, f"timed out waiting for {what}"
        time.sleep(0.05)
    return time.monotonic() - start


def test_microphone_suspended_and_resumed(pulse: Pulse, voice_runtime: Any,
                                          caplog: pytest.LogCaptureFixture) -> None:
    runtime, _ = voice_runtime
    mic = runtime.mic
    caplog.set_level(logging.WARNING, "assistant.voice.mic")
    _until(lambda: mic.available, 10, "the microphone")
    losses = mic.losses
    pulse.run("pactl", "suspend-sink", "micfeed", "1")
    try:
        lost = _until(lambda: not mic.available, 10, "the loss to be noticed")
    finally:
        pulse.run("pactl", "suspend-sink", "micfeed", "0")
    back = _until(lambda: mic.available, 20, "the microphone to come back")
    assert mic.losses == losses + 1
    assert "serving by keys" in caplog.text and "microphone is back" in caplog.text
    mic.drain()
    assert mic.read(2.0) is not None
    print(f"loss noticed after {lost:.1f} s, back {back:.1f} s after resuming")
