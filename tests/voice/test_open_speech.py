"""Open speech with real parts (issue 13): a complete request ends early, a hesitation
never ends the utterance, and a speculative reply is only ever prepared, never played.

The "user" speaks espeak-ng Korean into ``micfeed`` (the test language: 주민등록증 = the ID
card service, 저기 = "um…"); the kiosk runs the real dialog, vosk and TTS.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from speech.conftest import Pulse, espeak_wav

from assistant.audio.wav import Audio, silence
from assistant.dialog import DialogConfig, Listen, Say, Tick
from assistant.dialog.events import Key
from assistant.speech.asr import Result, Word
from assistant.voice.session import _Stopped
from voice.conftest import play

pytestmark = [pytest.mark.audio, pytest.mark.model]


def _start(session: Any) -> threading.Thread:
    thread = threading.Thread(target=session.run, daemon=True)
    thread.start()
    return thread


def _at_menu(session: Any) -> None:
    deadline = time.monotonic() + 30
    while not (session.dialog.state == "menu" and session.listening.is_set()):
        assert time.monotonic() < deadline, f"stuck in {session.dialog.state}"
        time.sleep(0.05)
    time.sleep(0.2)


def _replied(session: Any, replies: int = 0) -> None:
    deadline = time.monotonic() + 20
    while len(session.trace.replies) <= replies:
        assert time.monotonic() < deadline, "no reply"
        time.sleep(0.05)


def _words(*parts: str | float) -> Audio:
    """Speech with pauses: ``("저기", 1.5, "주민등록증")``."""
    pieces = []
    for part in parts:
        if isinstance(part, float):
            pieces.append(silence(part))
        else:
            audio = espeak_wav(part)
            pieces.append(audio.samples[int(0.3 * 16000): -int(0.6 * 16000)])
    return Audio(np.concatenate([silence(0.3), *pieces, silence(0.6)]), 16000)


def test_a_complete_request_ends_without_the_models_wait(
    pulse: Pulse, make_runtime: Callable[..., tuple[Any, Any]], tmp_path: Path,
) -> None:
    """주민등록증 at the menu is understood as the ID card service from the partial result
    and finalised after a short quiet, not the model's trailing silence."""
    runtime, _ = make_runtime(listen_s=30)
    session = runtime.session(DialogConfig(inactivity_s=600))
    thread = _start(session)
    _at_menu(session)
    play(pulse, _words("주민등록증"), tmp_path)
    _replied(session)
    heard = session.trace.heard[-1]
    assert heard.text == "주민등록증" and heard.understood
    assert session.trace.requests == 1 and session.trace.held == 0
    assert session.dialog.flow == "id_card.renew"
    session.stop.set()
    thread.join(timeout=20)


def test_a_pause_after_a_filler_does_not_end_the_utterance(
    pulse: Pulse, make_runtime: Callable[..., tuple[Any, Any]], tmp_path: Path,
) -> None:
    """"저기…… (1.5 s) 주민등록증": the model's endpoint fires in the pause, after a filler;
    the kiosk keeps listening and hears one request, not "저기" and then another."""
    runtime, _ = make_runtime(listen_s=30)
    session = runtime.session(DialogConfig(inactivity_s=600))
    thread = _start(session)
    _at_menu(session)
    play(pulse, _words("저기", 1.5, "주민등록증"), tmp_path)
    _replied(session)
    assert [h.text for h in session.trace.heard] == ["주민등록증"]
    assert session.trace.held >= 1  # the endpoint after 저기 was ignored
    assert session.dialog.flow == "id_card.renew"
    session.stop.set()
    thread.join(timeout=20)


def test_a_discarded_speculation_never_reaches_the_speaker(
    make_runtime: Callable[..., tuple[Any, Any]],
) -> None:
    """At "您还在吗？" the partial 아니요 (no) prepares the goodbye; the final is 네 (yes):
    the goodbye is dropped and what is played is the reply to yes.  A speculation that
    matches the final is used."""
    runtime, _ = make_runtime()
    session = runtime.session(DialogConfig(inactivity_s=1.0))
    dialog = session.dialog
    dialog.start()
    actions = dialog.handle(Tick(5.0))
    listen = next(a for a in actions if isinstance(a, Listen))
    assert dialog.state == "still_there" and listen.kind == "confirm"
    exp = session.compiler.compile(listen, session._prompt_words())

    session._speculate(("아니요",), exp, listen)
    spec = session._spec
    assert spec is not None
    spec.wait()  # the copy, the dialog and the synthesis run in their own thread
    assert spec.say is not None
    goodbye = spec.say.text
    yes = Result("네", 1.0, (Word("네", 1.0, 0.1, 0.4),), in_grammar=True)
    event = session._understood(yes, exp, listen)
    assert event == Key("1")
    assert session.trace.speculation_discarded == 1 and session.trace.speculation_used == 0
    reply = dialog.handle(event)
    session.stop.set()
    with pytest.raises(_Stopped):  # the session stops at its next listening step
        session._perform(reply)
    said = [text for text, *_ in session.trace.said]
    assert said and goodbye not in said
    assert said[0] == next(a.text for a in reply if isinstance(a, Say))

    session._speculate(("네",), exp, listen)  # now the partial and the final agree
    session._understood(yes, exp, listen)
    assert session.trace.speculation_used == 1
