"""The voice runtime's screen hook: prompts shown as they start, touches read as keys.

A real :class:`VoiceSession` with stand-ins for the speaker, microphone and recogniser
(no audio here; ``tests/voice`` covers the audio path).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from voice.fakes import NoMic, SilentSpeaker

from assistant.adapters.devices import simulate
from assistant.dialog import DialogConfig, load_texts, new_dialog
from assistant.screen import ScreenHub, VoiceFeed
from assistant.voice.hearing import Interpreter
from assistant.voice.phrases import GrammarCompiler, PhraseBook
from assistant.voice.session import VoiceConfig, VoiceSession

from .helpers import TODAY


class _Model:
    def find_word(self, word: str) -> int:
        return 1


class _Rec:
    def set_grammar(self, grammar: Any) -> None:
        pass


def wait_until(check: Any, what: str) -> None:
    deadline = time.monotonic() + 5
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def test_voice_session_on_screen_and_touch_as_key() -> None:
    hub = ScreenHub()
    feed = VoiceFeed(hub)
    made: dict[str, Any] = {}
    ready = threading.Event()

    def serve() -> None:  # the simulators' SQLite stays in this thread
        dialog = new_dialog(load_texts(), nlu=None, today=TODAY,
                            config=DialogConfig(inactivity_s=600))
        session = VoiceSession(
            dialog, simulate(TODAY), recognizer=_Rec(),  # type: ignore[arg-type]
            compiler=GrammarCompiler(_Model(), PhraseBook({})),
            interpreter=Interpreter(None), speaker=SilentSpeaker(),  # type: ignore[arg-type]
            mic=NoMic(), config=VoiceConfig(listen_s=0.2), observer=feed)  # type: ignore[arg-type]
        made["session"] = session
        ready.set()
        made["outcome"] = session.run()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(5)
    session = made["session"]
    wait_until(lambda: session.listening.is_set(), "the session listens")
    menu = hub.snapshot()
    assert "您好" in menu["caption"] and menu["buttons"][0]["label"] == "办理身份证业务"
    assert hub.press("1", menu["options_version"]) == "ok"
    wait_until(lambda: hub.snapshot()["heard"] == "按键 1", "the touch is heard as key 1")
    wait_until(lambda: "换领身份证" in hub.snapshot()["caption"], "the submenu is said")
    assert [b["label"] for b in hub.snapshot()["buttons"][:2]] == ["换领身份证", "补领身份证"]
    session.stop.set()
    thread.join(5)
    assert not thread.is_alive()
    assert hub.snapshot()["mode"] == "idle" and hub.snapshot()["caption"] == ""
