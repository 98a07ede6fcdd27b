"""Synthesis with the real pyttsx3 + espeak-ng (no mocks)."""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from pathlib import Path

import pytest

from assistant.audio.wav import read_wav, rms_dbfs
from assistant.errors import SynthesisError
from assistant.speech.engine_process import EngineProcess
from assistant.speech.tts import (
    Synthesizer,
    TtsCache,
    VoiceInfo,
    choose_voice,
    engine_process,
    list_voices,
    rate_for_step,
    volume_for_step,
)

TEXT = "您好，欢迎来到舟山自助警务超市。"  # 16 characters


@pytest.fixture(scope="module")
def synth() -> Synthesizer:
    return Synthesizer(use_cache=False)


def test_mandarin_voice_is_cmn_latn_pinyin(synth: Synthesizer) -> None:
    assert synth.voice.rsplit("/", 1)[-1] == "cmn-latn-pinyin"
    assert any(v.id.endswith("/cmn") for v in list_voices())  # present, but never chosen


def test_choose_voice_never_takes_plain_cmn_and_finds_sapi_locales() -> None:
    cmn = VoiceInfo("sit/cmn", "Chinese", ("cmn",))
    with pytest.raises(SynthesisError, match="espeak-ng"):
        choose_voice([cmn, VoiceInfo("gmw/en", "English", ("en",))])
    huihui = VoiceInfo("HKLM\\...\\TTS_MS_ZH-CN_HUIHUI_11.0", "Microsoft Huihui", ("zh_CN",))
    assert choose_voice([cmn, huihui]) == huihui
    assert choose_voice([VoiceInfo("ko", "Korean", ("ko",))], "ko").id == "ko"


def test_synthesises_mandarin_with_a_plausible_duration(synth: Synthesizer) -> None:
    audio = read_wav(synth.synth(TEXT, rate=150))
    assert audio.rate == 22050
    assert 0.15 * len(TEXT) < audio.duration < 0.6 * len(TEXT)
    assert rms_dbfs(audio.samples) > -40


def test_slower_rate_is_longer_every_time(synth: Synthesizer) -> None:
    # Alternating rates used to lose the new rate (or the whole utterance) about one
    # time in three, when pyttsx3's stop() cancelled espeak's queue: see tts.py.
    slow, fast = rate_for_step(0), rate_for_step(99)
    for text in ("您好，欢迎来到舟山。", "请稍候。", "谢谢。"):
        durations: dict[int, list[float]] = {slow: [], fast: []}
        for rate in (slow, fast) * 6:
            durations[rate].append(read_wav(synth.synth(text, rate=rate)).duration)
        assert min(durations[slow]) > 1.5 * max(durations[fast]) > 0, (text, durations)
        assert max(durations[slow]) - min(durations[slow]) < 0.05, (text, durations)


def test_volume_changes_amplitude(synth: Synthesizer) -> None:
    loud = rms_dbfs(read_wav(synth.synth(TEXT, volume=1.0)).samples)
    quiet = rms_dbfs(read_wav(synth.synth(TEXT, volume=0.25)).samples)
    assert loud - quiet == pytest.approx(12.0, abs=2.0)  # 20*log10(4)
    assert volume_for_step(0) / volume_for_step(99) == pytest.approx(10 ** (-18 / 20), rel=0.05)


def test_numbers_are_normalised_before_synthesis(tmp_path: Path) -> None:
    cached = Synthesizer(cache_dir=tmp_path)
    cached.synth("费用20元")
    assert cached.is_cached("费用二十元")  # same spoken text, same cache entry
    assert not Synthesizer(cache_dir=tmp_path, normalize=False).is_cached("费用20元")


def test_no_espeak_noise_on_stdout(synth: Synthesizer, capsys: pytest.CaptureFixture[str]) -> None:
    synth.synth("你好")
    assert "Audio saved" not in capsys.readouterr().out


def test_empty_text_is_an_error(synth: Synthesizer) -> None:
    with pytest.raises(SynthesisError, match="empty"):
        synth.synth("  ")


def test_cache_hit_is_identical_and_never_reaches_the_engine(tmp_path: Path) -> None:
    engine = engine_process()
    cached = Synthesizer(cache_dir=tmp_path)
    text = "请把身份证放在读卡区。"
    before = engine.renders
    first = cached.synth(text)
    assert engine.renders == before + 1
    second = cached.synth(text)
    assert second == first and engine.renders == before + 1  # from memory
    fresh = Synthesizer(cache_dir=tmp_path)  # a new kiosk process: served from disk
    assert fresh.synth(text) == first and engine.renders == before + 1
    assert len(list(tmp_path.rglob("*.wav"))) == 1
    assert cached.synth(text, rate=190) != first  # rate is part of the key
    assert engine.renders == before + 2


def test_prerender_renders_only_what_is_missing(tmp_path: Path) -> None:
    cached = Synthesizer(cache_dir=tmp_path)
    assert cached.prerender(["请稍候。", "谢谢。", "请稍候。"]) == 2
    assert cached.prerender(["请稍候。", "谢谢。"]) == 0
    assert cached.is_cached("谢谢。") and not cached.is_cached("再见。")


def test_cache_key_covers_every_parameter() -> None:
    keys = {
        TtsCache.key("a", "v", 150, 1.0),
        TtsCache.key("b", "v", 150, 1.0),
        TtsCache.key("a", "w", 150, 1.0),
        TtsCache.key("a", "v", 170, 1.0),
        TtsCache.key("a", "v", 150, 0.5),
    }
    assert len(keys) == 5


def test_an_unknown_voice_is_reported_not_swallowed() -> None:
    with pytest.raises(SynthesisError, match="no-such-voice"):
        Synthesizer(voice="no-such-voice", use_cache=False).synth("你好")
    assert read_wav(Synthesizer(use_cache=False).synth("你好")).duration > 0.3  # recovers


# -- the engine in its own process (an espeak-ng crash must not take the kiosk down) ------


def test_a_crashed_engine_is_replaced_and_the_prompt_still_spoken() -> None:
    engine = EngineProcess()
    try:
        voice = Synthesizer(use_cache=False).voice
        assert read_wav(engine.render("您好。", voice, 150, 0.7)).duration > 0
        first = engine.pid
        assert first is not None
        os.kill(first, signal.SIGSEGV)  # what espeak-ng did once in espeak_Synth
        wav = engine.render("请稍候。", voice, 150, 0.7)
        assert read_wav(wav).duration > 0
        assert engine.restarts == 1 and engine.pid not in (None, first)
    finally:
        engine.close()


def test_an_engine_that_dies_mid_answer_is_asked_again() -> None:
    # The first child dies as soon as it reads the request (a crash inside synthesis);
    # the second one answers.
    marker_dir = tempfile.mkdtemp()
    script = (
        "import os, sys\n"
        f"flag = os.path.join({marker_dir!r}, 'crashed')\n"
        "if not os.path.exists(flag):\n"
        "    open(flag, 'w').close(); sys.stdin.buffer.readline(); os.abort()\n"
        "from assistant.speech.engine_process import serve; serve()\n"
    )
    engine = EngineProcess(command=(sys.executable, "-c", script))
    try:
        voice = Synthesizer(use_cache=False).voice
        assert read_wav(engine.render("谢谢。", voice, 150, 0.7)).duration > 0
        assert engine.restarts == 1
    finally:
        engine.close()


def test_an_engine_that_never_works_gives_a_clear_error() -> None:
    dead = EngineProcess(command=(sys.executable, "-c", "import sys; sys.exit(3)"))
    with pytest.raises(SynthesisError, match=r"failed twice \(exited with status 3\).*espeak-ng"):
        dead.render("你好", "sit/cmn-latn-pinyin", 150, 0.7)
    hung = EngineProcess(command=(sys.executable, "-c", "import time; time.sleep(120)"),
                         timeout=0.3)
    with pytest.raises(SynthesisError, match="no answer in time"):
        hung.render("你好", "sit/cmn-latn-pinyin", 150, 0.7)
    assert hung.pid is None  # the hung child was killed, not left behind


def test_engine_errors_come_back_as_synthesis_errors() -> None:
    engine = EngineProcess()
    try:
        with pytest.raises(SynthesisError, match="voice"):
            engine.render("你好", "no/such-voice", 150, 0.7)
        assert engine.restarts == 0  # an engine error is not a crash
    finally:
        engine.close()
