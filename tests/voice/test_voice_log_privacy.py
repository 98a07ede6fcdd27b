"""Privacy of the voice runtime's terminal and log (issue 15 item 6): what the citizen
said ("听到：…") and the prompts ("机：…") are masked like the store masks turns — an ID
number said to the kiosk, and the name read from an ID card, never appear in clear."""

from __future__ import annotations

import io
import logging
import threading
from datetime import date
from typing import Any

import pytest

from assistant.adapters.devices import simulate
from assistant.dialog import DialogConfig, load_texts, new_dialog
from assistant.speech.asr import Partial, Result, Word
from assistant.store import Store
from assistant.voice.hearing import Interpreter
from assistant.voice.io import KeyReader
from assistant.voice.phrases import GrammarCompiler, PhraseBook
from assistant.voice.session import VoiceConfig, VoiceSession
from voice.fakes import SilentSpeaker

ID_NUMBER = "330902195001010093"
SAID = f"我的身份证号是{ID_NUMBER}"
CARD_NAME = "王秀英"
"""The holder of the demo card ``expired``."""


class _Mic:
    """A microphone delivering quiet audio (what is "said" comes from :class:`_Rec`)."""

    available = True

    def read(self, timeout: float = 0.1) -> bytes:
        threading.Event().wait(0.01)
        return b"\0\0" * 160

    def drain(self) -> int:
        return 0

    def mute(self, on: bool = True) -> None:
        pass


class _Rec:
    """Hears :data:`SAID` once, when first listened to; then nothing."""

    unk_tokens = ("<UNK>",)

    def __init__(self) -> None:
        self.said = False

    def set_grammar(self, grammar: Any) -> None:
        pass

    def accept(self, chunk: bytes) -> Result | Partial:
        if self.said:
            return Partial("")
        self.said = True
        return Result(SAID, 0.9, (Word("我的身份证号是", 0.9, 0.0, 0.5),
                                  Word(ID_NUMBER, 0.9, 0.5, 3.0)))

    def finish(self) -> Result:
        return Result("", 0.0)


class _Speaker(SilentSpeaker):
    def __init__(self, keys: KeyReader) -> None:
        super().__init__()
        self.keys = keys

    def render(self, say: Any) -> tuple[bytes, float]:
        rendered = super().render(say)
        if CARD_NAME in say.text:  # the card was read back: the citizen is done
            self.keys.inbox.put(("key", "cancel"))
        elif len(self.said) == 3:  # the ID number was not understood: insert the card
            self.keys.inbox.put(("event", "<card:expired>"))
        return rendered


def test_voice_terminal_and_log_mask_what_the_citizen_said(
        capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    texts = load_texts()
    keys = KeyReader(io.StringIO(""))
    speaker = _Speaker(keys)
    store = Store(memory=True)
    dialog = new_dialog(texts, nlu=None, today=date(2026, 1, 5),
                        config=DialogConfig(inactivity_s=600))
    book = PhraseBook({"yes": ("是",), "no": ("不是",)})
    session = VoiceSession(
        dialog, simulate(date(2026, 1, 5)), recognizer=_Rec(),  # type: ignore[arg-type]
        compiler=GrammarCompiler(None, book, known=lambda w: True),
        interpreter=Interpreter(None), speaker=speaker,  # type: ignore[arg-type]
        mic=_Mic(), keys=keys, config=VoiceConfig(listen_s=5.0, speculate=False),  # type: ignore[arg-type]
        store=store)
    assert session.run() == "cancelled"

    out = capsys.readouterr().out
    assert "听到：我的身份证号是3309**********0093" in out  # the citizen was heard (masked)
    assert any(CARD_NAME in said for said in speaker.said)  # the kiosk said the name aloud
    assert "机：已读取王**的身份证" in out  # … and showed it masked
    logged = caplog.text
    assert "3309**********0093" in logged
    for where in (out, logged):
        assert ID_NUMBER not in where
        assert ID_NUMBER[4:14] not in where
        assert CARD_NAME not in where
