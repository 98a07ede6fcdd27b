"""Pre-rendering the fixed prompts at start, and ``kiosk bench soak`` (simulated hours of
sessions through the real voice parts, watching RSS)."""

from __future__ import annotations

import json
import logging
import math
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.adapters.clock import SimClock
from assistant.bench.soak import SimKeys, SimMic, SimSpeaker, SimUser, rss_mb
from assistant.dialog import Say, load_texts
from assistant.dialog.keypad import DEFAULT_KEYPAD
from assistant.speech.tts import Synthesizer
from assistant.voice import Runtime, build_runtime, fixed_prompts


def test_fixed_prompts_are_the_user_independent_texts() -> None:
    texts = load_texts(None)
    prompts = fixed_prompts(texts)
    common = texts.common.texts
    assert len(prompts) == len(set(prompts)) > 100
    assert not [p for p in prompts if "{" in p or "}" in p]
    keys = DEFAULT_KEYPAD.text_fields()
    for key in ("yes_no_keys", "still_there", "help", "slower", "louder", "cancelled",
                "goodbye", "noinput_1", "nomatch_1", "staff_called", "take_time"):
        assert common[key].format(**keys) in prompts, key
    assert "随时可以说'重复'或按星号键" in common["help"].format(**keys)
    assert any(p.startswith("办理身份证业务：") for p in prompts)  # a sub-menu, filled in
    greeting, menu = prompts[-2:]  # said first: rendered last (freshest in the cache)
    assert greeting == common["greeting"]
    assert menu.startswith("请说您要办理的业务") and "按1" in menu and "{" not in menu
    assert all(t.format(**keys) in prompts for f in texts.flows.values()
               for t in f.texts.values() if "{" not in t.replace("{key_confirm}", ""))


def test_prerender_at_start_makes_the_greeting_a_cache_hit(
    ko_model_dir: Path, ko_phrases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """build_runtime synthesises the fixed prompts (fresh TTS cache): the session's first
    prompts — the greeting and the menu — then come from the cache in well under 50 ms."""
    monkeypatch.delenv("KIOSK_PRERENDER", raising=False)
    clock, keys = SimClock(), SimKeys()
    mic = SimMic(clock, SimUser(clock, keys, {}, random.Random(0)))
    speaker = SimSpeaker(clock, synth=Synthesizer(cache_dir=tmp_path / "tts"))
    with caplog.at_level(logging.INFO, logger="assistant.voice"):
        runtime = build_runtime(ko_model_dir, phrases=ko_phrases, mic=mic, speaker=speaker)
    try:
        assert runtime.prerendered is not None and runtime.prerendered > 100
        assert runtime.prerender_s > 0
        assert any("pre-rendered" in r.getMessage() for r in caplog.records)
        assert speaker.renders == 0
        session = runtime.session(clock=clock)
        says = [a for a in session.dialog.start() if isinstance(a, Say)]
        assert [s.key for s in says] == ["greeting", "menu"]
        for say in says:
            wav, _ = speaker.render(say)  # from the cache: counted below, not timed
            assert len(wav) > 44
        assert speaker.cache_hits == speaker.renders == 2
        assert runtime.prerender() == 0  # everything is cached now
    finally:
        runtime.close()


def test_kiosk_prerender_0_skips_it(voice_runtime: tuple[Runtime, Any]) -> None:
    """The shared test runtime is built with KIOSK_PRERENDER=0 (see conftest)."""
    assert voice_runtime[0].prerendered is None


def test_rss_is_measured() -> None:
    mb = rss_mb()
    assert 10 < mb < 100_000


def test_bench_soak_smoke(ko_model_dir: Path, tmp_path: Path) -> None:
    """A few simulated minutes of ``kiosk bench soak --json`` (its own process)."""
    env = dict(os.environ, KIOSK_VAR=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "bench", "soak", "--hours", "0.1", "--seed", "3",
         "--model", str(ko_model_dir), "--json"],
        env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    for key in ("hours", "seed", "simulated_s", "wall_s", "sessions", "turns", "utterances",
                "outcomes", "prompts", "prompt_cache_hits", "prerendered", "rss",
                "rss_start_mb", "rss_warm_mb", "rss_end_mb", "growth_mb", "growth_pct",
                "bound_pct", "ok", "tts_memory_mb", "tts_memory_items"):
        assert key in report, key
    assert report["simulated_s"] >= 360 and report["sessions"] >= 1 and report["turns"] > 0
    assert report["prompts"] > 0 and report["prerendered"] > 100
    labels = [label for label, _, _ in report["rss"]]
    assert labels[0] == "start" and labels[-1].startswith("end")
    assert any(label.startswith("after warm-up") for label in labels)
    for value in (report["rss_start_mb"], report["rss_warm_mb"], report["rss_end_mb"]):
        assert math.isfinite(value) and value > 10
    assert report["rss_warm_mb"] > report["rss_start_mb"]  # the model is loaded
    assert report["ok"] is True and report["growth_pct"] <= report["bound_pct"]
    assert "RSS" in proc.stderr  # progress lines


def test_soak_fails_beyond_the_bound_or_without_rss() -> None:
    from assistant.bench.soak import SoakReport

    assert SoakReport(1.0, 0, growth_pct=5.0).ok
    assert not SoakReport(1.0, 0, growth_pct=25.0).ok
    assert not SoakReport(1.0, 0, growth_pct=25.0, bound_pct=20.0).ok
    assert SoakReport(1.0, 0, growth_pct=25.0, bound_pct=30.0).ok
    assert not SoakReport(1.0, 0).ok  # RSS not measured (NaN)
