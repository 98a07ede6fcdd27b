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


def test_other_partials_never_end_early() -> None:
    early = EarlyFinal(frozenset({"네"}), quiet_s=0.25)
    assert not any(early.feed("네 아니", QUIET) for _ in range(20))
    assert not any(early.feed("", QUIET) for _ in range(20))


def test_off_when_open_or_disabled() -> None:
    assert not any(EarlyFinal(frozenset()).feed("네", QUIET) for _ in range(20))
    assert not any(EarlyFinal(frozenset({"네"}), quiet_s=0).feed("네", QUIET) for _ in range(20))
