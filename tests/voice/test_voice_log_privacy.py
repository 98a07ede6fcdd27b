"""Privacy of the voice runtime's terminal and log (issue 15 item 6): what the citizen
said ("听到：…") and the prompts ("机：…") are masked like the store masks turns — an ID
number said to the kiosk, and the name read from an ID card, never appear in clear."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from assistant.speech.asr import Partial, Result, Word
from assistant.store import Store
from assistant.voice.io import KeyReader
from assistant.voice.session import VoiceConfig
from voice.fakes import QuietMic, SilentSpeaker, no_keys, text_voice_session

ID_NUMBER = "330902195001010093"
SAID = f"我的身份证号是{ID_NUMBER}"
CARD_NAME = "王秀英"
"""The holder of the demo card ``expired``."""


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
    keys = no_keys()
    speaker = _Speaker(keys)
    session = text_voice_session(_Rec(), QuietMic(), speaker, keys,
                                 config=VoiceConfig(listen_s=5.0, speculate=False),
                                 store=Store(memory=True))
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
