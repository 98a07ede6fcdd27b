"""``kiosk run --site-devices`` in voice mode (issue 15): the runtime builds every session's
dialog for the site's terminals, as ``kiosk chat --site-devices`` does — a fine paid by
keys at a convenience site without the traffic terminal is sent elsewhere."""

from __future__ import annotations

import argparse
import io
import threading
from datetime import date
from typing import Any

from assistant.dialog import load_texts
from assistant.run import register, site_argv
from assistant.voice import Runtime
from assistant.voice.io import KeyReader
from assistant.voice.phrases import GrammarCompiler, PhraseBook
from assistant.voice.session import VoiceConfig
from voice.fakes import NoMic, SilentSpeaker


class _Speaker(SilentSpeaker):
    """Records the prompts; when the plate is asked for (the fine is paid here), the
    citizen cancels."""

    def __init__(self, keys: KeyReader) -> None:
        super().__init__()
        self.keys = keys

    def render(self, say: Any) -> tuple[bytes, float]:
        if "车牌号" in say.text:
            self.keys.inbox.put(("key", "cancel"))
        return super().render(say)


class _Rec:
    def set_grammar(self, grammar: Any) -> None:
        pass


def _runtime(site_devices: frozenset[str] | None) -> tuple[Runtime, KeyReader, _Speaker]:
    keys = KeyReader(io.StringIO(""))
    speaker = _Speaker(keys)
    book = PhraseBook({"yes": ("是",)})
    runtime = Runtime(
        model=None, nlu=None, texts=load_texts(), book=book,
        compiler=GrammarCompiler(None, book, known=lambda w: True),
        recognizer=_Rec(), speaker=speaker, mic=NoMic(), keys=keys,  # type: ignore[arg-type]
        config=VoiceConfig(listen_s=0.2, speculate=False), today=date(2026, 1, 5),
        site_devices=site_devices)
    return runtime, keys, speaker


def _pay_a_fine(site_devices: frozenset[str] | None) -> tuple[str | None, list[str]]:
    runtime, keys, speaker = _runtime(site_devices)
    for key in ("3", "1"):
        keys.inbox.put(("key", key))
    result: dict[str, str | None] = {}

    def serve() -> None:
        session = runtime.session()
        assert session.dialog.config.site_devices == site_devices
        result["outcome"] = session.run()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    thread.join(timeout=20)
    return result.get("outcome"), speaker.said


def test_voice_sessions_follow_the_site_devices() -> None:
    outcome, _ = _pay_a_fine(frozenset({"household"}))
    assert outcome == "redirected"
    outcome, said = _pay_a_fine(None)
    assert outcome == "cancelled"
    assert any("车牌号" in text for text in said)


def test_kiosk_run_takes_site_devices() -> None:
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["run", "--site-devices", "household, exit_entry"])
    assert args.site_devices == frozenset({"household", "exit_entry"})
    assert site_argv(args) == ["--site-devices", "exit_entry,household"]
    assert site_argv(parser.parse_args(["run"])) == []
