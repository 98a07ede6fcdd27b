"""The speech sub-commands, driven through argparse as ``kiosk`` will drive them."""

from __future__ import annotations

import argparse
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from assistant.audio.wav import Audio, read_wav
from assistant.errors import ModelError
from assistant.speech import cli

from .conftest import Pulse


def run(argv: list[str], loader: cli.PhraseLoader = cli.intent_phrases) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    cli.register(parser.add_subparsers(dest="command"), phrase_loader=loader)
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


@pytest.mark.model
def test_listen_wav_with_grammar_prints_json(
    ko_model_dir: Path, ko_no: Audio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wav = tmp_path / "no.wav"
    wav.write_bytes(ko_no.to_wav())
    argv = ["listen", "--wav", str(wav), "--model", str(ko_model_dir), "--json"]
    assert run([*argv, "--grammar", '["네", "아니요"]']) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text"] == "아니요"
    assert out["confidence"] > 0.5
    assert [w["word"] for w in out["words"]] == ["아니요"]


def test_listen_without_a_model_explains_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_MODEL", str(tmp_path / "missing"))
    with pytest.raises(ModelError, match="kiosk model install"):
        run(["listen", "--wav", str(tmp_path / "x.wav")])


def test_grammar_must_be_a_json_list(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["listen", "--wav", "x.wav", "--grammar", "是,不是"])
    assert "JSON" in capsys.readouterr().err


@pytest.mark.model
def test_model_check_lists_missing_words(
    ko_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def loader(directory: Path) -> Iterable[str]:
        assert directory == Path("intents-here")
        return ["아니요", "고양이개구리"]

    argv = ["model", "check", "--model", str(ko_model_dir), "--grammar", '["네"]']
    assert run([*argv, "--intents", "intents-here"], loader) == 1
    out = capsys.readouterr().out
    assert "loaded in" in out
    assert "2 phrase(s) recognisable, 1 not" in out
    assert "고양이개구리" in out
    assert "<UNK>" in out


def test_model_install_refuses_what_is_not_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_MODELS", str(tmp_path / "models"))
    archive = tmp_path / "fake.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("fake/README", "not a model")
    with pytest.raises(ModelError, match="no vosk model"):
        run(["model", "install", str(archive)])
    with pytest.raises(ModelError, match="does not exist"):
        run(["model", "install", str(tmp_path / "nothing")])
    assert list((tmp_path / "models").iterdir()) == []  # nothing left behind


@pytest.mark.model
def test_model_install_copies_and_verifies(
    ko_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_MODELS", str(tmp_path))
    assert run(["model", "install", str(ko_model_dir), "--name", "ko-small"]) == 0
    assert (tmp_path / "ko-small" / "am" / "final.mdl").is_file()
    with pytest.raises(ModelError, match="already exists"):
        run(["model", "install", str(ko_model_dir), "--name", "ko-small"])


def test_say_writes_a_wav(tmp_path: Path) -> None:
    out = tmp_path / "say.wav"
    assert run(["say", "营业时间9:00-17:30", "--out", str(out), "--no-cache"]) == 0
    assert read_wav(out).duration > 1.0


@pytest.mark.audio
def test_audio_devices_lists_pulse(pulse: Pulse, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["audio", "devices"]) == 0
    assert "pulse" in capsys.readouterr().out


def test_bench_speech_is_registered() -> None:
    parser = argparse.ArgumentParser(prog="kiosk")
    bench = parser.add_subparsers(dest="command").add_parser("bench")
    cli.register_bench(bench.add_subparsers(dest="what", required=True))
    args = parser.parse_args(["bench", "speech", "--model", "m"])
    assert args.model == "m" and callable(args.func)
