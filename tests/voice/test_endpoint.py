"""Early finalisation of closed answers (issue 13): the rules, without audio devices."""

from __future__ import annotations

import math

import numpy as np

from assistant.voice.endpoint import EarlyFinal, closed_phrases, level_dbfs

RATE = 16000


def tone(seconds: float, dbfs: float) -> bytes:
    n = int(RATE * seconds)
    amplitude = 32767 * 10 ** (dbfs / 20) * math.sqrt(2)
    wave = amplitude * np.sin(2 * np.pi * 440 * np.arange(n) / RATE)
    return wave.astype("<i2").tobytes()


QUIET = tone(0.05, -60)
LOUD = tone(0.05, -20)


def test_levels() -> None:
    assert abs(level_dbfs(tone(0.1, -20)) + 20) < 0.5
    assert level_dbfs(b"\x00\x00" * 800) == -math.inf


def test_only_phrases_no_longer_phrase_starts_with_end_early() -> None:
    phrases = ["是", "是 的", "不 是", "네", "아니요"]
    assert closed_phrases(phrases) == {"是的", "不是", "네", "아니요"}


def test_a_phrase_and_quiet_audio_end_the_utterance() -> None:
    early = EarlyFinal(frozenset({"네"}), quiet_s=0.25)
    assert not early.feed("네", LOUD)  # still speaking
    assert [early.feed("네", QUIET) for _ in range(5)] == [False, False, False, False, True]


def test_speech_resets_the_quiet_time() -> None:
    early = EarlyFinal(frozenset({"네"}), quiet_s=0.25)
    for _ in range(4):
        early.feed("네", QUIET)
    assert not early.feed("네", LOUD)  # they went on talking
    assert not any(early.feed("네", QUIET) for _ in range(4))
    assert early.feed("네", QUIET)


def test_a_partial_that_catches_up_after_the_speech_is_final_at_once() -> None:
    """The recogniser's partial lags the audio: "네" shown 0.3 s into the quiet is final
    then, not after another 0.25 s."""
    early = EarlyFinal(frozenset({"네"}), quiet_s=0.25)
    assert not early.feed("", LOUD)
    assert not any(early.feed("", QUIET) for _ in range(6))
    assert early.feed("네", QUIET)


def test_other_partials_never_end_early() -> None:
    early = EarlyFinal(frozenset({"네"}), quiet_s=0.25)
    assert not any(early.feed("네 아니", QUIET) for _ in range(20))
    assert not any(early.feed("", QUIET) for _ in range(20))


def test_off_when_open_or_disabled() -> None:
    assert not any(EarlyFinal(frozenset()).feed("네", QUIET) for _ in range(20))
    assert not any(EarlyFinal(frozenset({"네"}), quiet_s=0).feed("네", QUIET) for _ in range(20))


# --------------------------------------------------------------- open speech (adaptive)
from assistant.audio.wav import Audio, trim_leading_silence  # noqa: E402
from assistant.voice.endpoint import OpenEndpoint  # noqa: E402
from assistant.voice.io import sentences  # noqa: E402

REQUESTS = {"补办身份证", "我要补办身份证的", "주민등록증"}


def _open(**kw: object) -> OpenEndpoint:
    return OpenEndpoint(lambda text: text in REQUESTS, **kw)  # type: ignore[arg-type]


def test_a_complete_request_ends_after_a_short_quiet() -> None:
    end = _open(request_s=0.3)
    assert not end.feed("补办身份证", LOUD)
    assert [end.feed("补办身份证", QUIET) for _ in range(6)] == [False] * 5 + [True]


def test_an_incomplete_request_waits_for_the_model() -> None:
    end = _open(request_s=0.3)
    assert not any(end.feed("补办", QUIET) for _ in range(40))


def test_a_clause_ending_in_a_filler_or_particle_is_unfinished() -> None:
    end = _open()
    assert end.unfinished("那个") and end.unfinished("我那个身份证就是")
    assert end.unfinished("身份证的") and end.unfinished("我想")
    assert end.unfinished("저기") is False  # not a filler of this endpoint's list
    assert not end.unfinished("补办身份证")
    assert not end.unfinished("我要补办身份证的")  # trailing 的, but already a request
    assert not any(end.feed("补办身份证那个", QUIET) for _ in range(40))  # never cut


def test_hold_after_an_unfinished_clause_only() -> None:
    end = _open(fillers=frozenset({"저기", "那个"}))
    assert end.hold("저기") and end.hold("那个")
    assert not end.hold("주민등록증") and not end.hold("저기 주민등록증")
    assert not end.hold("주민등록증 저기")  # a request, then a filler (or noise): no hold
    assert end.unfinished("주민등록증 저기")  # … but never finalised early either
    assert end.is_complete("저기 주민등록증")  # fillers do not hide the request
    assert not _open(hold_s=0).hold("那个")


def test_off_when_request_wait_is_zero() -> None:
    end = _open(request_s=0.0)
    assert not any(end.feed("补办身份证", QUIET) for _ in range(40))


def test_leading_silence_is_trimmed_to_a_few_milliseconds() -> None:
    sound = np.frombuffer(tone(0.2, -20), "<i2")
    audio = Audio(np.concatenate([np.zeros(int(0.045 * RATE), np.int16), sound]), RATE)
    trimmed = trim_leading_silence(audio)
    assert 0.2 <= trimmed.duration <= 0.2 + 0.006
    assert trim_leading_silence(trimmed).duration == trimmed.duration  # nothing more to cut
    quiet = Audio(np.zeros(RATE, np.int16), RATE)
    assert trim_leading_silence(quiet) is quiet  # silence stays as it is


def test_sentences() -> None:
    assert sentences("好的。请把身份证放在读卡区！您还在吗？") == [
        "好的。", "请把身份证放在读卡区！", "您还在吗？"]
    assert sentences("请说业务") == ["请说业务"]
