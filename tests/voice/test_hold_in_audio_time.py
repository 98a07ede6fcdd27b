"""The wait after "那个……" is counted in audio read, not wall-clock time.

On a busy machine the audio after a pause can still be waiting to be read when the clock
says the pause is over; counted by the clock, the kiosk cut the citizen off after the
filler (a full-suite run heard only "어" of "저기…… 주민등록증").  Here the clock runs four
times faster than the audio is read: the hold must still wait for 1.5 s *of audio*.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from assistant.adapters.devices import simulate
from assistant.dialog import DialogConfig, load_texts, new_dialog
from assistant.speech.asr import Partial, Result, Word
from assistant.voice.hearing import Interpreter
from assistant.voice.io import KeyReader
from assistant.voice.phrases import GrammarCompiler, PhraseBook
from assistant.voice.session import VoiceConfig, VoiceSession
from voice.fakes import SilentSpeaker

CHUNK_S = 0.05
LAG = 4.0
"""Wall-clock seconds that pass per second of audio read (a loaded machine)."""


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _Mic:
    """Quiet audio, read at once; each chunk read moves the clock on by LAG × its length."""

    available = True

    def __init__(self, clock: _Clock) -> None:
        self.clock = clock

    def read(self, timeout: float = 0.1) -> bytes:
        self.clock.now += LAG * CHUNK_S
        return b"\0\0" * int(16000 * CHUNK_S)

    def drain(self) -> int:
        return 0

    def mute(self, on: bool = True) -> None:
        pass


class _Rec:
    """"那个" ends at the first chunk; "补办身份证" after 1.0 s of audio (20 chunks)."""

    unk_tokens = ("<UNK>",)

    def __init__(self) -> None:
        self.chunks = 0

    def set_grammar(self, grammar: Any) -> None:
        pass

    def accept(self, chunk: bytes) -> Result | Partial:
        self.chunks += 1
        if self.chunks == 1:
            return Result("那个", 0.9, (Word("那个", 0.9, 0.0, 0.4),))
        if self.chunks == 21:
            return Result("补办身份证", 0.9, (Word("补办身份证", 0.9, 1.4, 2.4),))
        return Partial("")

    def finish(self) -> Result:
        return Result("", 0.0)

    def join(self, first: Result, then: Result) -> Result:
        words = (*first.words, *then.words)
        return Result(" ".join(w.word for w in words), 0.9, words)


class _Speaker(SilentSpeaker):
    """Ends the session once the first utterance has been answered."""

    def __init__(self, keys: KeyReader, rec: _Rec) -> None:
        super().__init__()
        self.keys = keys
        self.rec = rec

    def render(self, say: Any) -> tuple[bytes, float]:
        rendered = super().render(say)
        if self.rec.chunks:  # a reply to what was heard: the citizen is done
            self.keys.inbox.put(("key", "cancel"))
        return rendered


def test_the_hold_after_a_filler_waits_for_audio_not_the_clock() -> None:
    clock = _Clock()
    texts = load_texts()
    keys = KeyReader(io.StringIO(""))
    dialog = new_dialog(texts, nlu=None, today=date(2026, 1, 5),
                        config=DialogConfig(inactivity_s=600))
    rec = _Rec()
    session = VoiceSession(
        dialog, simulate(date(2026, 1, 5)), recognizer=rec,  # type: ignore[arg-type]
        compiler=GrammarCompiler(None, PhraseBook({"yes": ("是",)}), known=lambda w: True),
        interpreter=Interpreter(None), speaker=_Speaker(keys, rec),  # type: ignore[arg-type]
        mic=_Mic(clock), keys=keys,  # type: ignore[arg-type]
        config=VoiceConfig(listen_s=30.0, speculate=False, hesitation_s=1.5), clock=clock)
    session.run()
    heard = [h.text for h in session.trace.heard]
    assert heard[:1] == ["补办身份证"], heard  # one utterance, the filler before it dropped
    assert session.trace.held == 1
