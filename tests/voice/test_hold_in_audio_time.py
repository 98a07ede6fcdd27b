"""The wait after "那个……" is counted in audio read, not wall-clock time.

On a busy machine the audio after a pause can still be waiting to be read when the clock
says the pause is over; counted by the clock, the kiosk cut the citizen off after the
filler (a full-suite run heard only "어" of "저기…… 주민등록증").  Here the clock runs four
times faster than the audio is read: the hold must still wait for 1.5 s *of audio*.
"""

from __future__ import annotations

from typing import Any

from assistant.speech.asr import Partial, Result, Word
from assistant.voice.io import KeyReader
from assistant.voice.session import VoiceConfig
from voice.fakes import QuietMic, SilentSpeaker, no_keys, text_voice_session

CHUNK_S = 0.05
LAG = 4.0
"""Wall-clock seconds that pass per second of audio read (a loaded machine)."""


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


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

    def lag(chunk_s: float) -> None:  # each chunk read: the clock moves on LAG × its length
        clock.now += LAG * chunk_s

    keys = no_keys()
    rec = _Rec()
    session = text_voice_session(
        rec, QuietMic(chunk_s=CHUNK_S, wait_s=0.0, on_read=lag), _Speaker(keys, rec), keys,
        config=VoiceConfig(listen_s=30.0, speculate=False, hesitation_s=1.5), clock=clock)
    session.run()
    heard = [h.text for h in session.trace.heard]
    assert heard[:1] == ["补办身份证"], heard  # one utterance, the filler before it dropped
    assert session.trace.held == 1
