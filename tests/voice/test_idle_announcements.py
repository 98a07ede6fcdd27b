"""Idle announcements through the real speaker path (PulseAudio null sink, espeak-ng):
they play while nobody is there and stop at once when someone presses a key or speaks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import time as dtime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from speech.conftest import Pulse

from assistant.audio.wav import Audio
from assistant.bench.voice import Recorder
from assistant.dialog.texts import FlowTexts
from assistant.idle import Announcement, IdleAnnouncer, IdleConfig
from assistant.voice.wake import wait_for_user
from voice.conftest import play

pytestmark = [pytest.mark.audio, pytest.mark.model]

LONG = "防范电信网络诈骗，公检法机关不会通过电话办案，不会让您转账到安全账户。"


def _announcer(**config: Any) -> IdleAnnouncer:
    item = Announcement("fraud_test", "fraud", LONG, "测试")
    return IdleAnnouncer([item], IdleConfig(first_after_s=0.0, interval_s=600.0, **config))


def _waiting(runtime: Any, local: dtime = dtime(10, 0)) -> tuple[threading.Thread, list[bool]]:
    woke: list[bool] = []
    thread = threading.Thread(
        target=lambda: woke.append(wait_for_user(runtime, local_time=lambda: local)),
        daemon=True)
    thread.start()
    return thread, woke


def _wait_playing(idle: IdleAnnouncer, rec: Recorder | None = None,
                  timeout: float = 20.0) -> None:
    """Until an announcement is due (and, with ``rec``, heard on the speaker)."""
    deadline = time.monotonic() + timeout
    while idle.playing is None or (rec is not None and not rec.loud_spans()):
        assert time.monotonic() < deadline, "no announcement started"
        time.sleep(0.05)


def test_a_key_stops_the_announcement_at_once(
    make_runtime: Callable[..., tuple[Any, Any]], speaker_recorder: Recorder,
) -> None:
    runtime, keys = make_runtime()
    runtime.idle = idle = _announcer()
    try:
        thread, woke = _waiting(runtime)
        _wait_playing(idle, speaker_recorder)
        time.sleep(1.5)  # it is being heard on the speaker
        pressed = time.monotonic()
        keys.write("5\n")
        thread.join(timeout=10)
        assert woke == [True] and idle.playing is None and idle.in_session
        time.sleep(0.5)
        speaker_recorder.stop()
        spans = speaker_recorder.loud_spans()
        assert spans, "the announcement was not heard"
        assert spans[-1][1] < pressed + 0.6, "the announcement went on after the key"
        assert spans[-1][1] - spans[0][0] > 1.0
        assert runtime.keys.get() is None  # the key only woke the kiosk
    finally:
        runtime.idle = None


def _speech_dbfs(rec: Recorder) -> float:
    """RMS level of the recording's non-silent 20 ms blocks."""
    samples = np.frombuffer(bytes(rec.data), "<i2").astype(np.float64)
    blocks = samples[: samples.size // 320 * 320].reshape(-1, 320)
    rms = np.sqrt(np.mean(blocks**2, axis=1))
    loud = rms[rms > 32768 * 10 ** (-50 / 20)]
    assert loud.size, "nothing heard"
    return float(20 * np.log10(np.sqrt(np.mean(loud**2)) / 32768))


def test_quiet_hours_play_quieter(make_runtime: Callable[..., tuple[Any, Any]],
                                  pulse: Pulse) -> None:
    levels = []
    for local in (dtime(10, 0), dtime(23, 30)):
        runtime, keys = make_runtime()
        runtime.idle = idle = _announcer()
        rec = Recorder(pulse.env, "spk.monitor")
        try:
            thread, _ = _waiting(runtime, local)
            _wait_playing(idle, rec)
            time.sleep(2.0)
            keys.write("5\n")
            thread.join(timeout=10)
        finally:
            rec.stop()
            runtime.idle = None
        levels.append(_speech_dbfs(rec))
    day, night = levels
    assert 7.0 <= day - night <= 11.0, (day, night)  # night_volume_db is -9 dB


def test_a_card_wakes_the_kiosk_and_is_read_by_the_session(
    make_runtime: Callable[..., tuple[Any, Any]],
) -> None:
    runtime, keys = make_runtime()
    runtime.idle = idle = _announcer()
    try:
        thread, woke = _waiting(runtime)
        _wait_playing(idle)
        keys.write("<card:valid>\n")
        thread.join(timeout=10)
        assert woke == [True] and idle.playing is None
        assert runtime.keys.get() == ("event", "<card:valid>")
    finally:
        runtime.idle = None


def test_speech_during_an_announcement_wakes_the_kiosk(
    pulse: Pulse, make_runtime: Callable[..., tuple[Any, Any]], ko_yes: Audio,
    tmp_path: Path,
) -> None:
    """The user says 네 (a word of the menu grammar of the Korean test set) while the
    Mandarin announcement plays: the kiosk's own voice does not wake it, the user does."""
    runtime, _ = make_runtime()
    runtime.idle = idle = _announcer()
    try:
        thread, woke = _waiting(runtime)
        _wait_playing(idle)
        time.sleep(1.0)
        assert woke == [], "the kiosk's own announcement woke it"
        play(pulse, ko_yes, tmp_path)
        thread.join(timeout=15)
        assert woke == [True] and idle.playing is None
    finally:
        runtime.idle = None


def test_what_woke_the_kiosk_is_heard_by_the_session(
    pulse: Pulse, make_runtime: Callable[..., tuple[Any, Any]], ko_yes: Audio,
    tmp_path: Path, long_greeting_texts: FlowTexts,
) -> None:
    """Someone says 네 to the idle kiosk: it wakes, skips the long greeting and hears 네
    from the audio that woke it — nobody has to say it twice."""
    runtime, keys = make_runtime(long_greeting_texts)
    thread, woke = _waiting(runtime)
    time.sleep(0.5)
    play(pulse, ko_yes, tmp_path)
    thread.join(timeout=15)
    assert woke == [True] and runtime.wake_audio
    session = runtime.session()
    assert runtime.wake_audio == b""  # handed to this session only
    runner = threading.Thread(target=session.run, daemon=True)
    runner.start()
    deadline = time.monotonic() + 20
    while not session.trace.heard:
        assert time.monotonic() < deadline, "the waking speech was not recognised"
        time.sleep(0.05)
    assert session.trace.heard[0].text == "네"
    assert session.trace.said[0][3], "the greeting was not skipped"
    keys.write("cancel\n")
    runner.join(timeout=20)
    assert session.dialog.outcome == "cancelled"
