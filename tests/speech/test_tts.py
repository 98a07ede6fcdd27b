"""Synthesis with the real pyttsx3 + espeak-ng (no mocks)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.audio.wav import read_wav, rms_dbfs
from assistant.errors import SynthesisError
from assistant.speech.tts import (
    Synthesizer,
    TtsCache,
    VoiceInfo,
    choose_voice,
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


def test_cache_hit_is_fast_and_identical(tmp_path: Path) -> None:
    cached = Synthesizer(cache_dir=tmp_path)
    text = "请把身份证放在读卡区。"
    start = time.perf_counter()
    first = cached.synth(text)
    miss = time.perf_counter() - start
    start = time.perf_counter()
    second = cached.synth(text)
    hit = time.perf_counter() - start
    assert second == first
    assert hit <= 0.05 and hit < miss
    fresh = Synthesizer(cache_dir=tmp_path)  # new process: served from disk
    start = time.perf_counter()
    assert fresh.synth(text) == first
    assert time.perf_counter() - start <= 0.05
    assert len(list(tmp_path.rglob("*.wav"))) == 1
    assert cached.synth(text, rate=190) != first  # rate is part of the key


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
