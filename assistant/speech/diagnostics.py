"""Checks staff and CI run on a kiosk: model check, microphone listening, audio self-test.

These back ``kiosk model check``, ``kiosk listen`` (microphone) and ``kiosk audio
selftest``; each returns data (steps with ok/detail/timing) that the CLI prints.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.audio.wav import Audio, read_wav, rms_dbfs
from assistant.errors import KioskError
from assistant.speech.asr import Recognizer, Result, recognize_pcm
from assistant.speech.grammar import Grammar, build_grammar, model_lookup
from assistant.speech.models import Endpointing, load_model, resolve_model_dir

SILENCE_DBFS = -60.0
"""Captured audio quieter than this counts as silence (nothing reached the microphone)."""


@dataclass(frozen=True)
class ModelCheck:
    """What ``kiosk model check`` found."""

    model_dir: Path
    """The model directory checked."""
    load_seconds: float
    """Time to load the model."""
    endpointing: Endpointing
    """Endpointing written into the private copy of the model configuration."""
    grammar: Grammar | None = None
    """Compiled phrases (None when no phrases were given)."""

    @property
    def ok(self) -> bool:
        """True when every phrase can be recognised."""
        return self.grammar is None or not self.grammar.dropped


def check_model(
    model_dir: str | Path | None = None, phrases: Iterable[str] | None = None
) -> ModelCheck:
    """Load the model, time it, and (with ``phrases``) check they are in its vocabulary.

    ``phrases`` can come from anywhere (a grammar list, a file, the intent loader).
    """
    path = resolve_model_dir(model_dir)
    endpointing = Endpointing.from_env()
    start = time.perf_counter()
    model = load_model(model_dir, endpointing)
    seconds = time.perf_counter() - start
    grammar = None if phrases is None else build_grammar(phrases, model_lookup(model))
    return ModelCheck(path, seconds, endpointing, grammar)


def listen_once(
    model: Any,
    grammar: list[str] | None = None,
    seconds: float = 10.0,
    device: int | str | None = None,
    on_partial: Callable[[str], None] | None = None,
) -> Result:
    """Listen on the microphone until the first endpoint (or ``seconds``) and recognise."""
    from assistant.audio.capture import Capture

    recognizer = Recognizer(model, grammar)
    with Capture(device, recognizer.sample_rate) as capture:
        for chunk in capture.chunks(seconds):
            event = recognizer.accept(chunk)
            if isinstance(event, Result):
                return event
            if on_partial is not None and event.text:
                on_partial(event.text)
    return recognizer.finish()


@dataclass
class Step:
    """One step of the audio self-test."""

    name: str
    """What was tried."""
    ok: bool
    """Whether it worked."""
    detail: str
    """What was measured, or what went wrong and how to fix it."""
    seconds: float = 0.0
    """How long it took."""


@dataclass
class SelfTest:
    """Result of :func:`selftest`."""

    steps: list[Step] = field(default_factory=list)
    """Steps in order; the test stops at the first failed step."""
    heard: Result | None = None
    """What the recogniser made of the recording (None if not reached)."""

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)


def _step(report: SelfTest, name: str, action: Callable[[], str]) -> bool:
    start = time.perf_counter()
    try:
        detail, ok = action(), True
    except KioskError as exc:
        detail, ok = str(exc), False
    report.steps.append(Step(name, ok, detail, time.perf_counter() - start))
    return ok


def selftest(
    text: str = "您好，这是语音自检。",
    *,
    voice: str | None = None,
    model_dir: str | Path | None = None,
    grammar: Iterable[str] | None = None,
    mic: str | None = None,
    speaker: str | None = None,
    tail_seconds: float = 1.0,
) -> SelfTest:
    """Speak ``text``, record it back through the microphone, recognise it.

    On a kiosk the microphone hears the speaker through the air; in a PulseAudio test
    set-up point the source at the sink's monitor (``PULSE_SOURCE=spk.monitor``).
    Recognition is skipped (and reported) when no model is installed.
    """
    from assistant.audio.capture import Capture
    from assistant.audio.devices import list_devices, select_device
    from assistant.audio.playback import Playback
    from assistant.speech.tts import Synthesizer

    report = SelfTest()
    state: dict[str, Any] = {}

    def devices() -> str:
        state["out"] = select_device("output", speaker)
        state["in"] = select_device("input", mic)
        names = {d.index: d.name for d in list_devices()}

        def label(index: int | None) -> str:
            return "system default" if index is None else f"{index} {names.get(index, '?')}"

        return f"speaker: {label(state['out'])}; microphone: {label(state['in'])}"

    def synthesize() -> str:
        state["wav"] = Synthesizer(voice, use_cache=False).synth(text)
        return f"{read_wav(state['wav']).duration:.2f} s of speech for {text!r}"

    def loop() -> str:
        audio = read_wav(state["wav"])
        parts: list[bytes] = []
        with Capture(state["in"]) as capture:
            if capture.read(5.0) is None:  # the first stream can take ~2 s to deliver
                raise KioskError(
                    "the microphone delivers no audio — check that it is plugged in and "
                    "not used by another program"
                )
            capture.drain()
            playback = Playback(audio, state["out"]).start()
            hard_deadline = time.monotonic() + audio.duration + tail_seconds + 5.0
            tail_end: float | None = None
            while time.monotonic() < hard_deadline:
                chunk = capture.read(0.5)
                if chunk is not None:
                    parts.append(chunk)
                if not playback.active:
                    tail_end = tail_end or time.monotonic() + tail_seconds
                    if time.monotonic() >= tail_end:
                        break
            playback.stop()
        recorded = Audio(np.frombuffer(b"".join(parts), "<i2").astype(np.int16), capture.rate)
        state["recorded"] = recorded
        level = rms_dbfs(recorded.samples)
        if level < SILENCE_DBFS:
            raise KioskError(
                f"recorded {recorded.duration:.1f} s of silence ({level:.0f} dBFS) — the "
                "microphone does not hear the speaker: check cables, mute and volume"
            )
        return f"recorded {recorded.duration:.1f} s at {level:.0f} dBFS"

    def recognize() -> str:
        path = resolve_model_dir(model_dir)
        if not path.is_dir():
            return f"skipped: no model in {path} (install one with `kiosk model install`)"
        model = load_model(path)
        compiled = None
        if grammar is not None:
            compiled = build_grammar(grammar, model_lookup(model)).to_list()
        result = recognize_pcm(Recognizer(model, compiled), state["recorded"].pcm)
        report.heard = result
        return f"heard {result.text!r} (confidence {result.confidence:.2f})"

    for name, action in (
        ("devices", devices),
        ("synthesis", synthesize),
        ("play and record", loop),
        ("recognition", recognize),
    ):
        if not _step(report, name, action):
            break
    return report
