"""Fixtures for the voice runtime tests: the speech tests' private PulseAudio and Korean
model (imported from ``tests/speech/conftest.py``), plus a Korean test language, short
flow texts, a spk.monitor recorder and a runtime factory."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from speech import conftest as speech_fixtures
from speech.conftest import Pulse

from assistant.audio.wav import Audio
from assistant.bench.voice import Recorder
from assistant.config import data_dir
from assistant.dialog import load_texts
from assistant.dialog.texts import FlowTexts
from assistant.voice import Runtime, build_runtime
from assistant.voice.session import VoiceConfig

# the speech tests' fixtures, shared (session-scoped: one PulseAudio for this directory)
pulse = speech_fixtures.pulse
ko_model_dir = speech_fixtures.ko_model_dir
ko_yes = speech_fixtures.ko_yes
ko_no = speech_fixtures.ko_no
private_var = speech_fixtures.private_var

KOREAN = {"yes": ["네"], "no": ["아니요"], "id_card.renew": ["주민등록증"],
          "_slot_words": ["네"], "_fillers": ["저기", "어", "음"]}
"""The test language: words the Korean model and espeak-ng agree on (주민등록증: the ID
card service; 저기/어/음: hesitations)."""
SHORT_TEXTS = {"greeting": "您好。", "menu": "请说业务。"}
LONG_GREETING = "您好，我是自助警务语音助手，可以办理身份证、出入境签注、交通违法和车辆业务。"


@pytest.fixture(scope="session")
def ko_phrases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lang") / "ko.yaml"
    path.write_text(yaml.safe_dump(KOREAN, allow_unicode=True), encoding="utf-8")
    return path


def _flows(base: Path, texts: dict[str, str]) -> Path:
    """A copy of ``intents/flows`` with some ``common.yaml`` texts replaced."""
    target = base / "flows"
    shutil.copytree(data_dir("intents", "KIOSK_INTENTS") / "flows", target)
    common = target / "common.yaml"
    lines = common.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        for key, text in texts.items():
            if line.startswith(f"  {key}: "):
                lines[i] = f"  {key}: {text}"
    common.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def short_texts(tmp_path_factory: pytest.TempPathFactory) -> FlowTexts:
    """Flow texts with a short greeting and menu (the tests wait for prompts)."""
    return load_texts(_flows(tmp_path_factory.mktemp("short"), SHORT_TEXTS))


@pytest.fixture(scope="session")
def long_greeting_texts(tmp_path_factory: pytest.TempPathFactory) -> FlowTexts:
    """A greeting of ~6 s to barge in on, and a short menu."""
    return load_texts(_flows(tmp_path_factory.mktemp("long"), {**SHORT_TEXTS,
                                                               "greeting": LONG_GREETING}))


@pytest.fixture
def speaker_recorder(pulse: Pulse) -> Iterator[Recorder]:
    """What the kiosk says, recorded from ``spk.monitor`` with monotonic timestamps."""
    rec = Recorder(pulse.env, "spk.monitor")
    yield rec
    rec.stop()


@pytest.fixture(scope="session")
def voice_runtime(pulse: Pulse, ko_model_dir: Path, ko_phrases: Path
                  ) -> Iterator[tuple[Runtime, Any]]:
    """One runtime on the Korean model for all tests (model, microphone and recogniser
    load once, as on the kiosk); yields (runtime, write end of its keypad)."""
    read_fd, write_fd = os.pipe()
    keys_in = os.fdopen(read_fd, "r", encoding="utf-8")
    keys_out = os.fdopen(write_fd, "w", encoding="utf-8", buffering=1)
    saved = os.environ.get("KIOSK_PRERENDER")
    os.environ["KIOSK_PRERENDER"] = "0"  # these tests do not need the fixed prompts
    try:
        runtime = build_runtime(ko_model_dir, phrases=ko_phrases, keys=keys_in)
    finally:
        if saved is None:
            os.environ.pop("KIOSK_PRERENDER", None)
        else:
            os.environ["KIOSK_PRERENDER"] = saved
    yield runtime, keys_out
    keys_out.close()
    runtime.close()


@pytest.fixture
def make_runtime(voice_runtime: tuple[Runtime, Any], short_texts: FlowTexts
                 ) -> Callable[..., tuple[Runtime, Any]]:
    """The shared runtime set up for one test: flow texts and :class:`VoiceConfig`."""

    def make(texts: FlowTexts | None = None, **config: Any) -> tuple[Runtime, Any]:
        runtime, keys = voice_runtime
        runtime.texts = texts or short_texts
        runtime.config = VoiceConfig(**config)
        assert runtime.keys is not None
        while runtime.keys.get() is not None:  # keys left over from another test
            pass
        runtime.mic.drain()
        return runtime, keys

    return make


def play(pulse: Pulse, audio: Audio, tmp: Path) -> float:
    """Play the user's utterance into micfeed (blocking); returns when its speech ended
    (``time.monotonic()``, the 0.6 s trailing silence of :func:`espeak_wav` excluded)."""
    proc = pulse.paplay(audio.to_wav(), tmp)
    proc.wait(timeout=30)
    return time.monotonic() - 0.6


def wait_for(flag: threading.Event, timeout: float, what: str) -> None:
    if not flag.wait(timeout):
        raise AssertionError(f"timed out waiting for {what}")
