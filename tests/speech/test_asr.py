"""Recognition with the real vosk Korean test model (no mocks)."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.audio.wav import Audio, silence
from assistant.errors import ModelError
from assistant.speech.asr import Partial, Recognizer, Result, recognize_pcm, recognize_wav
from assistant.speech.grammar import build_grammar, compile_grammar, model_lookup
from assistant.speech.models import (
    MODEL_ENV,
    Endpointing,
    default_model_dir,
    find_word,
    load_model,
    private_model_dir,
)

pytestmark = pytest.mark.model

YES_NO = ["네", "아니요"]


def test_test_model_is_found_in_its_wheel_and_knows_its_words(ko_model: Any) -> None:
    assert find_word(ko_model, "네") >= 0
    assert find_word(ko_model, "아니요") >= 0
    assert find_word(ko_model, "<UNK>") >= 0
    assert find_word(ko_model, "[unk]") == -1
    assert find_word(ko_model, "고양이개구리") == -1


def test_grammar_appends_the_detected_unknown_token(ko_model: Any) -> None:
    assert compile_grammar(YES_NO, ko_model) == ["네", "아니요", "<UNK>"]
    assert compile_grammar(YES_NO, ko_model, "<UNK>")[-1] == "<UNK>"


def test_grammar_reports_a_word_missing_from_the_vocabulary(
    ko_model: Any, caplog: pytest.LogCaptureFixture
) -> None:
    grammar = build_grammar(["네", "고양이개구리"], model_lookup(ko_model))
    assert grammar.phrases == ("네",)
    assert [d.phrase for d in grammar.dropped] == ["고양이개구리"]
    assert grammar.dropped[0].missing == ("고양이개구리",)
    with caplog.at_level(logging.WARNING, logger="assistant.speech.grammar"):
        compiled = compile_grammar(["네", "고양이개구리"], ko_model)
    assert "고양이개구리" not in compiled
    assert "고양이개구리" in caplog.text


def test_an_unknown_token_the_model_lacks_is_left_out(
    ko_model: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="assistant.speech.grammar"):
        assert compile_grammar(YES_NO, ko_model, "[unk]") == YES_NO
    assert "[unk]" in caplog.text


@pytest.mark.parametrize(("fixture", "expected"), [("ko_yes", "네"), ("ko_no", "아니요")])
def test_grammar_recognition_of_espeak_korean(
    ko_model: Any, request: pytest.FixtureRequest, fixture: str, expected: str
) -> None:
    audio: Audio = request.getfixturevalue(fixture)
    result = recognize_wav(audio.to_wav(), ko_model, compile_grammar(YES_NO, ko_model))
    assert result.text == expected
    assert result.in_grammar is True
    assert result.unknown is False
    assert result.confidence > 0.5
    assert [w.word for w in result.words] == [expected]
    assert 0.2 <= result.words[0].start < result.words[0].end <= audio.duration


def test_free_recognition_returns_text(ko_model: Any, ko_no: Audio) -> None:
    result = recognize_wav(ko_no.to_wav(), ko_model)
    assert isinstance(result.text, str) and result.text.strip()
    assert result.in_grammar is None
    assert all(0.0 <= w.conf <= 1.0 for w in result.words)


def test_recognize_wav_reads_other_rates_and_files(
    ko_model: Any, ko_yes: Audio, tmp_path: Path
) -> None:
    path = tmp_path / "yes22k.wav"
    path.write_bytes(ko_yes.resampled(22050).to_wav())
    assert recognize_wav(path, ko_model, compile_grammar(YES_NO, ko_model)).text == "네"


def test_silence_gives_an_empty_result(ko_model: Any) -> None:
    result = recognize_wav(Audio(silence(1.0), 16000).to_wav(), ko_model)
    assert result == Result("", 0.0, (), unknown=False, in_grammar=None)


def test_streaming_gives_partials_then_a_final_at_the_endpoint(ko_model: Any, ko_no: Audio) -> None:
    rec = Recognizer(ko_model, compile_grammar(YES_NO, ko_model))
    pcm = Audio(np.concatenate([ko_no.samples, silence(2.0)]), 16000).pcm
    events = [rec.accept(pcm[i : i + 3200]) for i in range(0, len(pcm), 3200)]
    finals = [e for e in events if isinstance(e, Result)]
    assert [f.text for f in finals] == ["아니요"]
    assert isinstance(events[0], Partial)
    assert any(isinstance(e, Partial) and e.text == "아니요" for e in events)
    assert rec.finish().text == ""


def _endpoint_after_speech(model: Any, speech: Audio) -> float:
    """Seconds of trailing silence fed before the recogniser declared the endpoint."""
    rec = Recognizer(model, compile_grammar(YES_NO, model))
    rec.accept(speech.pcm)
    chunk = Audio(silence(0.05), 16000).pcm
    for step in range(1, 121):
        if isinstance(rec.accept(chunk), Result):
            return step * 0.05
    return float("inf")


def test_endpointing_is_written_to_a_private_copy(
    ko_model: Any, ko_model_dir: Path, ko_yes: Audio, private_var: Path
) -> None:
    installed_conf = (ko_model_dir / "conf" / "model.conf").read_text()
    slow = Endpointing(rule2=2.0, rule3=2.5, rule4=3.0)
    view = private_model_dir(ko_model_dir, slow)
    assert view.is_relative_to(private_var)
    assert "--endpoint.rule2.min-trailing-silence=2\n" in (view / "conf/model.conf").read_text()
    assert (ko_model_dir / "conf" / "model.conf").read_text() == installed_conf
    assert (view / "am" / "final.mdl").resolve() == (ko_model_dir / "am/final.mdl").resolve()
    speech = Audio(ko_yes.samples[: -int(0.5 * 16000)], 16000)  # keep 0.1 s of the tail
    quick = _endpoint_after_speech(ko_model, speech)  # defaults: rule2 = 0.8 s
    patient = _endpoint_after_speech(load_model(ko_model_dir, slow), speech)
    assert quick == pytest.approx(0.8, abs=0.15)  # rule 2 of the default Endpointing
    assert patient == pytest.approx(2.0, abs=0.15)


def test_missing_model_says_where_it_looked_and_how_to_install(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(ModelError) as err:
        load_model(missing)
    message = str(err.value)
    assert str(missing) in message
    assert "kiosk model install" in message
    assert MODEL_ENV in message


def test_a_directory_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a vosk model"):
        load_model(tmp_path)


def test_model_dir_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert default_model_dir().parts[-2:] == ("models", "vosk-model-small-cn-0.22")
    monkeypatch.setenv(MODEL_ENV, str(tmp_path))
    assert default_model_dir() == tmp_path


def test_endpointing_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_ENDPOINT", "1,2,3")
    assert Endpointing.from_env() == Endpointing(1.0, 2.0, 3.0)
    monkeypatch.setenv("KIOSK_ENDPOINT", "3,2,1")
    with pytest.raises(ModelError, match="rule2 <= rule3"):
        Endpointing.from_env()


def test_grammar_recognition_runs_faster_than_real_time(ko_model: Any, ko_no: Audio) -> None:
    pcm = Audio(np.tile(ko_no.samples, 4), 16000)
    start = time.perf_counter()
    recognize_pcm(Recognizer(ko_model, compile_grammar(YES_NO, ko_model)), pcm.pcm)
    assert (time.perf_counter() - start) / pcm.duration < 0.5


def test_switching_grammars_reuses_the_warm_free_recogniser(
    ko_model: Any, ko_yes: Audio, ko_no: Audio
) -> None:
    rec = Recognizer(ko_model)
    first = recognize_pcm(rec, ko_no.pcm)
    rec.set_grammar(compile_grammar(YES_NO, ko_model))
    assert recognize_pcm(rec, ko_yes.pcm).text == "네"
    rec.set_grammar(None)
    start = time.perf_counter()
    again = recognize_pcm(rec, ko_no.pcm)
    assert time.perf_counter() - start < 0.6  # a fresh free recogniser needs ~1.2 s here
    assert again.text == first.text
