"""The runtime's parts without audio: grammars per state, results → events, the phrase
matcher, the keypad reader, a microphone that goes away and comes back, and a session
that keeps serving by keys without a microphone."""

from __future__ import annotations

import io
import logging
import threading
import time
from datetime import date
from typing import Any

import pytest

from assistant.adapters.devices import simulate
from assistant.dialog import DialogConfig, Listen, load_texts, new_dialog
from assistant.dialog.events import Key, NoMatch, UserText
from assistant.dialog.keypad import DEFAULT_KEYPAD
from assistant.errors import AudioDeviceError
from assistant.nlu.types import Decision
from assistant.speech.asr import Result, Word
from assistant.store import Store
from assistant.voice.hearing import Interpreter, PhraseMatcher
from assistant.voice.io import KeyReader
from assistant.voice.mic import Microphone
from assistant.voice.phrases import GrammarCompiler, PhraseBook
from assistant.voice.session import VoiceConfig, VoiceSession
from voice.fakes import NoMic, SilentSpeaker

BOOK = PhraseBook({"yes": ("是", "对"), "no": ("不是",), "repeat": ("再说一遍",),
                   "cancel": ("取消",), "id_card.renew": ("换身份证",)})
VOCAB = {"是", "对", "不", "再", "说", "一", "遍", "取消", "换", "身份证", "幺", "洞", "三",
         "<UNK>", "第", "个", "二"}


def compiler() -> GrammarCompiler:
    return GrammarCompiler(None, BOOK, known=VOCAB.__contains__)


def result(*words: str, conf: float = 0.9) -> Result:
    ws = tuple(Word(w, conf, 0.0, 0.1) for w in words)
    text = "".join(w for w in words if w != "<UNK>")
    return Result(text, conf, ws, unknown="<UNK>" in words)


CONFIRM = Listen("confirm", keys=DEFAULT_KEYPAD.yes_no())
MENU = Listen("intent", options=("household", "traffic"),
              keys=DEFAULT_KEYPAD.options(("household", "traffic"), back=False))
SLOT = Listen("slot", slot="plate_number", keys=DEFAULT_KEYPAD.digits())


def test_confirm_grammar_has_yes_no_universal_commands_and_the_unknown_token() -> None:
    exp = compiler().compile(CONFIRM)
    assert exp.grammar[-1] == "<UNK>"
    assert {"是", "对", "不 是", "再 说 一 遍", "取消"} <= set(exp.grammar)
    assert "换 身份证" not in exp.grammar  # a service is not an answer to yes/no
    assert exp.lexicon["不 是"] == "no" and "yes" in exp.allowed
    assert compiler().compile(CONFIRM).grammar == exp.grammar


def test_menu_grammar_has_services_option_words_and_ordinals() -> None:
    comp = compiler()
    exp = comp.compile(MENU, {"household": ("换身份证",)})
    assert exp.lexicon["一"] == "household" and exp.lexicon["第 二 个"] == "traffic"
    assert exp.lexicon["换 身份证"] == ""  # an intent example and an option word: ambiguous
    assert comp.compile(MENU, {"household": ("换身份证",)}) is exp  # cached


def test_slot_grammar_is_the_digit_vocabulary() -> None:
    exp = compiler().compile(SLOT)
    assert exp.slot and {"幺", "洞", "三"} <= exp.vocabulary


def test_results_become_events() -> None:
    comp, interp = compiler(), Interpreter(PhraseMatcher(BOOK))
    confirm = comp.compile(CONFIRM)
    assert interp.interpret(result("是"), confirm, CONFIRM).event == Key("1")
    assert interp.interpret(result("不", "是"), confirm, CONFIRM).event == Key("2")
    # no key means cancel here (function key only): the dialog gets the words
    assert interp.interpret(result("取消"), confirm, CONFIRM).event == UserText("取消", 0.9)
    for bad in (result("是", "是"), result("<UNK>"), result("是", "<UNK>", "<UNK>")):
        heard = interp.interpret(bad, confirm, CONFIRM)
        assert isinstance(heard.event, NoMatch) and not heard.understood
    weak = interp.interpret(result("是", conf=0.2), confirm, CONFIRM)
    assert weak.event == UserText("是", 0.2)  # the dialog asks again / confirms
    slot = comp.compile(SLOT)
    assert interp.interpret(result("幺", "三", "洞"), slot, SLOT).event == UserText("幺三洞", 0.9)
    menu = comp.compile(MENU)
    assert interp.interpret(result("第", "二", "个"), menu, MENU).event == Key("2")
    assert interp.interpret(result("换", "身份证"), menu, MENU).event == UserText("换身份证", 0.9)


def test_phrase_matcher() -> None:
    m = PhraseMatcher(PhraseBook({"yes": ("네",), "no": ("아니요",)}))
    assert m.understand("네", allowed={"yes", "no"}).decision == Decision.ACCEPT
    assert m.understand("네", allowed={"no"}).intent == "out_of_scope"
    assert m.understand("네", asr_confidence=0.1).decision == Decision.CONFIRM


def test_phrase_file_reads_unquoted_yes_no(tmp_path: Any) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("yes: [네]\nno: [아니요]\n", encoding="utf-8")
    assert PhraseBook.from_yaml(path).phrases == {"yes": ("네",), "no": ("아니요",)}


def test_key_reader() -> None:
    reader = KeyReader(io.StringIO("12#\n<card:expired>\nabc*\nlouder\n")).start()
    time.sleep(0.2)
    got = []
    while (item := reader.get()) is not None:
        got.append(item)
    assert got == [("key", "1"), ("key", "2"), ("key", "#"), ("event", "<card:expired>"),
                   ("key", "*"), ("key", "louder"), ("eof", "")]


class FlakySource:
    """Delivers audio, then stops (unplugged), then fails to open once, then works."""

    opened = 0

    def __init__(self) -> None:
        FlakySource.opened += 1
        self.n = FlakySource.opened
        self.reads = 0

    def start(self) -> object:
        if self.n == 2:
            raise AudioDeviceError("no microphone found")
        return self

    def read(self, timeout: float = 1.0) -> bytes | None:
        self.reads += 1
        if self.n == 1 and self.reads > 3:
            time.sleep(timeout)
            return None
        time.sleep(0.01)
        return b"\0\0" * 160

    def close(self) -> None:
        pass


def test_microphone_lost_and_back(monkeypatch: pytest.MonkeyPatch,
                                  caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr("assistant.voice.mic.RETRY_S", 0.1)
    monkeypatch.setattr("assistant.voice.mic.STALL_S", 0.2)
    caplog.set_level(logging.WARNING, "assistant.voice.mic")
    FlakySource.opened = 0
    mic = Microphone(factory=FlakySource).start()
    try:
        deadline = time.monotonic() + 10
        while FlakySource.opened < 3 or not mic.available:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert mic.losses == 1
        assert mic.read(1.0) is not None
    finally:
        mic.close()
    text = caplog.text
    assert "serving by keys" in text and "microphone is back" in text


class _Speaker(SilentSpeaker):
    def __init__(self) -> None:
        super().__init__()
        self.forgotten = False

    def end_session(self) -> None:
        self.forgotten = True


class _Rec:
    def set_grammar(self, grammar: Any) -> None:
        pass


def test_without_a_microphone_the_session_waits_for_keys() -> None:
    """No no-input timeouts while the microphone is gone; keys still work; the session
    is recorded.  (SQLite objects stay in the thread that made them, as on the kiosk.)"""
    texts = load_texts()
    keys = KeyReader(io.StringIO(""))
    speaker = _Speaker()
    made: dict[str, Any] = {}
    ready = threading.Event()

    def serve() -> None:
        dialog = new_dialog(texts, nlu=None, today=date(2026, 1, 5),
                            config=DialogConfig(inactivity_s=600))
        store = Store(memory=True)
        session = VoiceSession(
            dialog, simulate(date(2026, 1, 5)), recognizer=_Rec(),  # type: ignore[arg-type]
            compiler=compiler(), interpreter=Interpreter(None), speaker=speaker,  # type: ignore[arg-type]
            mic=NoMic(), keys=keys, config=VoiceConfig(listen_s=0.2), store=store)  # type: ignore[arg-type]
        made.update(dialog=dialog, session=session)
        ready.set()
        session.run()
        made["row"] = store.db.table("sessions").get(dialog.session_id)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(5)
    dialog, session = made["dialog"], made["session"]
    assert session.listening.wait(5)
    time.sleep(0.6)  # three listening windows: still no Silence event
    assert dialog.state == "menu" and dialog.prompt is not None and dialog.prompt.noinput == 0
    keys.inbox.put(("key", "cancel"))
    thread.join(timeout=5)
    assert dialog.outcome == "cancelled"
    assert speaker.said[-1] == texts.text(None, "goodbye")
    assert speaker.forgotten  # the session's renderings are dropped when it ends
    assert made["row"]["outcome"] == "cancelled" and made["row"]["turns"] == 1


def test_urgent_words_are_heard_in_every_state() -> None:
    """The ``listen_for`` words of common.yaml are in every grammar (issue 12), and one of
    them inside an otherwise unknown sentence still reaches the dialog as text."""
    from assistant.voice.phrases import listen_words

    book = PhraseBook({**BOOK.phrases, **listen_words(
        {"emergency": ("救命",), "slower": ("慢一点",), "not_urgent_with": ("证",)})})
    comp = GrammarCompiler(None, book, known=(VOCAB | {"救命", "慢", "一点", "证"}).__contains__)
    interp = Interpreter(PhraseMatcher(book))
    for listen in (CONFIRM, MENU, SLOT):
        exp = comp.compile(listen)
        assert exp.lexicon["救命"] == "listen:emergency", listen.kind
        assert "证" not in exp.lexicon  # a qualifier, not a phrase of its own
        heard = interp.interpret(result("救命", "<UNK>", "<UNK>"), exp, listen)
        assert heard.event == UserText("救命", 0.9) and heard.understood


def test_kiosk_texts_give_the_grammar_their_listen_words() -> None:
    from assistant.voice.phrases import listen_words

    words = listen_words(load_texts(None).listen_for)
    assert "救命" in words["listen:emergency"] and "listen:not_urgent_with" not in words


def test_voice_sessions_feed_the_misunderstanding_queue() -> None:
    """The voice session records through the same helper as ``kiosk chat`` (issue 19)."""
    from assistant.staff.misunderstood import before

    dialog = new_dialog(load_texts(), nlu=None, today=date(2026, 1, 5))
    store = Store(memory=True)
    session = VoiceSession(
        dialog, simulate(date(2026, 1, 5)), recognizer=_Rec(),  # type: ignore[arg-type]
        compiler=compiler(), interpreter=Interpreter(None), speaker=_Speaker(),  # type: ignore[arg-type]
        mic=NoMic(), keys=None, config=VoiceConfig(listen_s=0.2), store=store)  # type: ignore[arg-type]
    dialog.start()
    store.open_session(dialog.session_id)
    was = before(dialog)
    event = UserText("我叫张三明，证掉了")
    session._record(event, dialog.handle(event), was)
    assert session.misunderstood is not None
    session.misunderstood.close("cancelled")
    [row] = store.misunderstood()
    assert (row["text"], row["kind"], row["outcome"]) == ("我叫张*明，证掉了", "refused",
                                                          "cancelled")
