"""Devices, capture and playback through a private PulseAudio (null sinks), no mocks."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.audio import earcons
from assistant.audio.capture import Capture
from assistant.audio.devices import list_devices, select_device
from assistant.audio.playback import LEAD_IN, TAIL, Playback, play
from assistant.audio.wav import Audio, read_wav, rms_dbfs
from assistant.config import PROJECT_ROOT
from assistant.errors import AudioDeviceError
from assistant.speech.asr import Recognizer, compile_grammar, recognize_pcm
from assistant.speech.diagnostics import listen_once, selftest
from assistant.speech.tts import Synthesizer

from .conftest import Pulse

pytestmark = pytest.mark.audio


def test_devices_are_listed_through_pulseaudio(pulse: Pulse) -> None:
    devices = list_devices()
    pulse_devices = [d for d in devices if d.name in ("pulse", "default")]
    assert pulse_devices, [d.describe() for d in devices]
    assert all(d.inputs > 0 and d.outputs > 0 for d in pulse_devices)
    assert any(d.default_input for d in devices) and any(d.default_output for d in devices)


def test_device_selection_by_name(pulse: Pulse, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_MIC", raising=False)
    assert select_device("input") is None  # system default
    index = select_device("input", "PULS")
    assert index is not None and "pulse" in list_devices()[index].name
    monkeypatch.setenv("KIOSK_SPEAKER", "no-such-speaker")
    with pytest.raises(AudioDeviceError, match="KIOSK_SPEAKER") as err:
        select_device("output")
    assert "'pulse'" in str(err.value)


def _capture_while_playing(pulse: Pulse, wav: bytes, tmp_path: Path, seconds: float) -> Audio:
    with Capture() as capture:
        player = pulse.paplay(wav, tmp_path)
        pcm = b"".join(capture.chunks(seconds))
        player.wait(timeout=10)
    return Audio(np.frombuffer(pcm, "<i2").astype(np.int16), capture.rate)


def test_capture_hears_the_user_through_micfeed(
    pulse: Pulse, ko_model: Any, ko_yes: Audio, tmp_path: Path
) -> None:
    recorded = _capture_while_playing(pulse, ko_yes.to_wav(), tmp_path, ko_yes.duration + 1.0)
    assert recorded.rate == 16000
    assert recorded.duration == pytest.approx(ko_yes.duration + 1.0, abs=0.01)
    assert rms_dbfs(recorded.samples) > -45
    recognizer = Recognizer(ko_model, compile_grammar(["네", "아니요"], ko_model))
    assert recognize_pcm(recognizer, recorded.pcm).text == "네"


def test_capture_is_silent_when_nobody_speaks(pulse: Pulse) -> None:
    with Capture() as capture:
        pcm = b"".join(capture.chunks(0.5))
    assert len(pcm) == 0.5 * 16000 * 2
    assert rms_dbfs(np.frombuffer(pcm, "<i2").astype(np.int16)) < -90


def test_playback_into_the_null_sink_plays_to_the_end(pulse: Pulse) -> None:
    wav = earcons.render("done.wav")
    start = time.monotonic()
    playback = play(wav)
    elapsed = time.monotonic() - start
    assert not playback.stopped and not playback.active
    assert playback.duration == pytest.approx(LEAD_IN + 0.2 + TAIL, abs=0.001)
    assert playback.played == pytest.approx(playback.duration, abs=0.001)
    assert playback.duration <= elapsed < 3.0  # PulseAudio's first stream starts slowly


def _loud_span(samples: np.ndarray[Any, Any], rate: int, block: float = 0.02) -> float:
    """Seconds from the first to the last loud 20 ms block."""
    n = round(rate * block)
    loud = [
        i
        for i in range(len(samples) // n)
        if rms_dbfs(samples[i * n : (i + 1) * n].astype(np.int16)) > -60
    ]
    return (loud[-1] - loud[0] + 1) * block if loud else 0.0


def test_playback_is_heard_whole_and_wait_returns_promptly(
    pulse: Pulse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_SOURCE", "spk.monitor")  # record what the speaker plays
    wav = Synthesizer(use_cache=False).synth("您好，欢迎来到舟山。")
    sent = read_wav(wav)
    with Capture(block_seconds=0.02) as capture:
        assert capture.read(5.0) is not None
        capture.drain()
        start = time.monotonic()
        assert play(wav).wait()
        waited = time.monotonic() - start
        parts: list[bytes] = []
        while time.monotonic() < start + waited + 0.4:  # what is queued, then 0.4 s more
            parts.append(capture.read(0.1) or b"")
        heard = np.frombuffer(b"".join(parts), "<i2")
    assert waited < sent.duration + 0.6
    assert _loud_span(heard, 16000) >= _loud_span(sent.samples, sent.rate) - 0.1


def test_playback_goes_to_the_speaker_not_the_microphone(pulse: Pulse) -> None:
    tone = earcons.render("listening.wav")
    with Capture(rate=22050) as capture:
        capture.drain()
        monitor = pulse.run("pactl", "get-default-source").stdout.strip()
        assert monitor == "micfeed.monitor"
        play(tone)  # goes to spk, not micfeed: the "microphone" must stay silent
        quiet = b"".join(capture.chunks(0.3))
    assert rms_dbfs(np.frombuffer(quiet, "<i2").astype(np.int16)) < -90


def test_stopping_playback_midway_stops_it(pulse: Pulse) -> None:
    text = "您好，欢迎来到舟山自助警务超市。请问您要办理什么业务？"
    wav = Synthesizer(use_cache=False).synth(text)
    duration = read_wav(wav).duration
    assert duration > 5
    playback = Playback(wav).start()
    time.sleep(0.5)
    start = time.monotonic()
    playback.stop()
    assert playback.wait(timeout=2.0)
    assert time.monotonic() - start < 0.5
    assert playback.stopped and not playback.active
    assert playback.played < 2.0


def test_selftest_speaks_records_and_recognises(
    pulse: Pulse, ko_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_SOURCE", "spk.monitor")  # the "microphone" hears the speaker
    report = selftest("네", voice="ko", model_dir=ko_model_dir, grammar=["네", "아니요"])
    assert [s.name for s in report.steps] == [
        "devices",
        "synthesis",
        "play and record",
        "recognition",
    ], report.steps
    assert report.ok, report.steps
    assert report.heard is not None and report.heard.text == "네"


def test_selftest_reports_a_deaf_microphone(pulse: Pulse, tmp_path: Path) -> None:
    report = selftest("네", voice="ko", model_dir=tmp_path / "none")  # mic = micfeed.monitor
    assert not report.ok
    assert report.steps[-1].name == "play and record"
    assert "silence" in report.steps[-1].detail


def test_earcons_match_the_generator() -> None:
    for name, tones in earcons.EARCONS.items():
        committed = read_wav(PROJECT_ROOT / "audio" / name)
        fresh = read_wav(earcons.render(name))
        assert committed.rate == fresh.rate == earcons.RATE
        assert np.abs(committed.samples.astype(int) - fresh.samples).max() <= 1
        assert committed.duration == pytest.approx(sum(t.seconds for t in tones), abs=0.001)
    listening = read_wav(PROJECT_ROOT / "audio" / "listening.wav").duration
    assert listening == pytest.approx(0.15, abs=0.001)
    assert read_wav(PROJECT_ROOT / "audio" / "done.wav").duration == pytest.approx(0.2, abs=0.001)


def _dominant(samples: np.ndarray[Any, Any], rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(float)))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[np.argmax(spectrum)])


def test_listening_earcon_rises_and_done_falls() -> None:
    for name, rising in (("listening.wav", True), ("done.wav", False)):
        audio = read_wav(earcons.render(name))
        half = len(audio.samples) // 2
        first = _dominant(audio.samples[:half], audio.rate)
        second = _dominant(audio.samples[half:], audio.rate)
        assert (second > first) is rising
        assert abs(audio.samples[0]) < 50 and abs(audio.samples[-1]) < 50  # faded: no click


def test_listen_once_returns_at_the_first_endpoint(
    pulse: Pulse, ko_model: Any, ko_yes: Audio, tmp_path: Path
) -> None:
    with Capture() as warm_up:  # PulseAudio's first stream in a process starts slowly
        assert warm_up.read(5.0) is not None
    timer = threading.Timer(0.5, lambda: pulse.paplay(ko_yes.to_wav(), tmp_path))
    timer.start()
    start = time.monotonic()
    result = listen_once(ko_model, compile_grammar(["네", "아니요"], ko_model), seconds=8.0)
    timer.join()
    assert result.text == "네" and result.in_grammar
    assert time.monotonic() - start < 5.0  # ended by the endpoint, not by the 8 s limit
