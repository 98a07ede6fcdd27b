"""Sessions that cost nothing to start (issue 13): one shared state machine, a copied
simulator, the keypad parsed once per file version, a warm-up that loads the first
question's libraries — and sessions that stay independent of each other."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from assistant.chat import new_session
from assistant.dialog import loader
from assistant.dialog.core import _shared_machine
from assistant.warmup import warm_up

from .helpers import TODAY, texts
from .keyword_nlu import KeywordUnderstander


def test_sessions_share_one_machine_but_not_their_state() -> None:
    a = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY, announcements=False)
    b = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY, announcements=False)
    assert a.dialog.machine is b.dialog.machine is _shared_machine()
    a.start()
    b.start()
    a.step("<key:1>")
    assert a.dialog.state == "submenu" and b.dialog.state == "menu"
    b.step("<key:cancel>")
    assert b.dialog.done and not a.dialog.done
    assert _shared_machine().models == []  # it keeps no session alive


def test_simulators_are_copies_not_shared() -> None:
    a = new_session(texts(), nlu=None, today=TODAY, announcements=False)
    b = new_session(texts(), nlu=None, today=TODAY, announcements=False)
    a.sim.db.db.execute("update violations set paid = 1")
    a.sim.db.db.conn.commit()
    unpaid = b.sim.db.db.execute("select count(*) from violations where paid = 0").fetchone()
    assert unpaid[0] > 0


def test_keypad_is_parsed_once_per_file_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from assistant.config import PROJECT_ROOT

    folder = tmp_path / "intents"
    folder.mkdir()
    shutil.copy(PROJECT_ROOT / "intents" / "keypad.yaml", folder / "keypad.yaml")
    monkeypatch.setenv("KIOSK_INTENTS", str(folder))
    calls: list[int] = []
    from assistant.dialog.keypad import load_keypad as real

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(folder / "keypad.yaml")

    monkeypatch.setattr(loader, "load_keypad", counting)
    first = loader.current_keypad()
    assert loader.current_keypad() is first and len(calls) == 1
    (folder / "keypad.yaml").write_text(
        (folder / "keypad.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    loader.current_keypad()
    assert len(calls) == 2  # a staff edit is read at the next session


def test_warm_up_loads_what_the_first_question_needs() -> None:
    asked: list[str] = []

    class Recording:
        def understand(self, text: str, **kw: Any) -> None:
            asked.append(text)

    answered: list[tuple[str, str | None]] = []
    took = warm_up(Recording(), lambda g, a: answered.append((g, a)), background=False)
    assert isinstance(took, float)
    assert asked == ["护照在哪里办", "临时身份证要带什么"]
    assert answered == [("id_card.renew", "fees")]


def test_after_the_warm_up_no_question_loads_the_guide_search() -> None:
    """In a fresh process: after the warm-up, jieba's dictionary is loaded and a question
    that takes the guide search ("临时身份证能用多久") loads nothing more (it took 0.93 s
    when the warm-up asked only a bare-topic question)."""
    import subprocess
    import sys

    code = (
        "import jieba\n"
        "from assistant.nlu import load_nlu\n"
        "from assistant.guides.finder import CatalogueGuides, GuideAnswers\n"
        "from assistant.warmup import warm_up\n"
        "finder = CatalogueGuides()\n"
        "nlu = load_nlu(guides=finder)\n"
        "warm_up(nlu, GuideAnswers(), background=False)\n"
        "ready = bool(jieba.dt.initialized) and finder._index is not None\n"
        "index = finder._index\n"
        "nlu.understand('临时身份证能用多久')\n"
        "print(ready, finder._index is index)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split() == ["True", "True"], out.stderr[-2000:]


def test_warm_up_never_raises() -> None:
    class Broken:
        def understand(self, text: str, **kw: Any) -> None:
            raise RuntimeError("model file missing")

    assert isinstance(warm_up(Broken(), background=False), float)


def test_a_session_that_uses_no_device_opens_no_database() -> None:
    """The simulators' in-memory database is made at the first device call, so starting a
    session (and saying the first prompt) costs no SQLite copy; it then holds the demo data."""
    a = new_session(texts(), nlu=None, today=TODAY, announcements=False)
    a.start()
    a.step("<key:cancel>")
    assert a.dialog.done and not a.sim.db.opened
    b = new_session(texts(), nlu=None, today=TODAY, announcements=False)
    b.start()
    b.step("<card:valid>")
    assert b.sim.db.person(b.sim.db.people["valid"].number) is not None  # opened and seeded
    assert b.sim.db.opened


def test_fixed_prompts_are_masked_once_and_personal_texts_are_not_remembered() -> None:
    from assistant import store

    assert store.mask("请说业务。") == "请说业务。"
    assert "请说业务。" in store._CLEAN
    read_back = "您的手机号是13912345678，对吗？"
    assert "13912345678" not in store.mask(read_back)
    name = store.mask("已读取王秀英的身份证", ["王秀英"])
    assert "秀英" not in name
    assert not any("13912345678" in t or "王秀英" in t for t in store._CLEAN)


# ---------------------------------------------------------------------- per-turn costs
def test_the_dialogs_own_trigger_does_what_the_library_does() -> None:
    """Every trigger from every state: the same state, output and result (or the same
    error) as :mod:`transitions` firing it on an identical dialog."""
    from transitions import MachineError

    from assistant.dialog import machine as m
    from assistant.dialog.actions import Listen
    from assistant.dialog.core import _plain_machine
    from assistant.dialog.prompts import Prompt
    from assistant.dialog.states import State

    assert _plain_machine()
    machine = _shared_machine()
    fired = 0
    for state in m.STATES:
        for name in machine.events:
            for target in ("", "menu", "slot"):
                outcomes = []
                for library in (False, True):
                    d = loader.new_dialog(texts(), nlu=None, today=TODAY)
                    d.start()
                    d.out = []
                    machine.set_state(state, model=d)
                    d.prompt = Prompt(State.MENU, "greeting", "问题。", Listen("choice"))
                    d.resume_target = target
                    try:
                        result: object = (machine._get_trigger(d, name) if library
                                          else d.trigger(name))
                    except MachineError as exc:
                        result = ("error", str(exc))
                    outcomes.append((result, d.state, [repr(a) for a in d.out], d.outcome))
                assert outcomes[0] == outcomes[1], (state, name, target)
                fired += outcomes[0][0] is True
    assert fired > 100  # most pairs do fire


def test_the_misunderstanding_queue_reuses_the_dialogs_understanding() -> None:
    """Speech not understood is guessed for the queue with the understanding the dialog
    already has of it in this turn, not by asking the understander again."""
    from assistant.store import Store

    nlu = KeywordUnderstander()
    store = Store(memory=True)
    s = new_session(texts(), nlu=nlu, today=TODAY, store=store, announcements=False)
    s.start()
    s.step("我要买飞机票")
    assert nlu.calls.count(("我要买飞机票", None)) == 1
    s.step("<key:cancel>")
    rows = list(store.db.table("misunderstood").rows)
    assert [(r["text"], r["kind"], r["guess"]) for r in rows] == [
        ("我要买飞机票", "refused", "out_of_scope")]


def test_the_guide_catalogue_is_listed_once_per_session() -> None:
    from assistant.dialog import Key

    from .test_browsing import FakeGuides

    class Counting(FakeGuides):
        asked = 0

        def catalogue(self) -> Any:
            Counting.asked += 1
            return super().catalogue()

    guides = Counting()
    d = loader.new_dialog(texts(), nlu=None, today=TODAY, guide_answers=guides)
    d.start()
    for key in ("6", "1", "8", "9", "9", "2", "9"):
        d.handle(Key(key))
    assert d.state == "browse" and Counting.asked == 1
    d = loader.new_dialog(texts(), nlu=None, today=TODAY, guide_answers=guides)
    d.start()
    d.handle(Key("6"))
    assert Counting.asked == 2  # the next person's session asks again (staff edits)


SAMPLES = ("救命啊", "我不用叫人", "叫个人来帮帮我", "你别说得太快", "算了算了不办了", "声音大点",
           "我头有点晕", "老伴摔倒了住院了", "嗯等一下我找一下", "我弄不来", "好的", "",
           "我现在到哪一步了", "有人抢我包快来人", "没有不舒服", "不要那么小声", "慢慢来",
           "是的是的", "算了不办了", "对对对", "取消吧", "不对不对", "交罚款", "12345",
           "大点声，轻一点小声一点", "轻一点小声一点，大点声")
"""(The last two: of two settings said, the one said with the longer word wins — the
longest word of each list must be found first.)"""


def test_listening_for_urgent_words_finds_what_every_word_would() -> None:
    """:meth:`Priority.heard` compares a sentence only with the words that can be in it
    (by first character); it finds what comparing every word finds."""
    from assistant.dialog.priority import _PLAIN, NOT_REAL, PAST, STILL, URGE, URGENT, Priority
    from assistant.dialog.texts import heard_form

    d = loader.new_dialog(texts(), nlu=None, today=TODAY)
    lists = d.texts.heard_lists
    words = [w for ws in lists.values() for w in ws]
    pairs = zip(words, reversed(words), strict=True)
    samples = [*SAMPLES, *words, *(a + "，" + b for a, b in pairs)]

    def every_word(text: str) -> set[str]:
        s = heard_form(text)
        longest: dict[str, int] = {}
        for name, ws in lists.items():
            for w in ws:
                if Priority._said(s, w, name not in _PLAIN):
                    longest[name] = len(w)
                    break
        for a, b in (("slower", "faster"), ("louder", "quieter")):
            if a in longest and b in longest:
                del longest[a if longest[a] < longest[b] else b]
        if longest.keys() & set(URGENT) and (NOT_REAL in longest or d.priority.past(s)):
            for name in URGENT:
                longest.pop(name, None)
        longest.pop(PAST, None)
        longest.pop(STILL, None)
        longest.pop(NOT_REAL, None)
        if not longest.keys() - {URGE}:
            longest.pop(URGE, None)
        return set(longest)

    found = [d.priority.heard(t) for t in samples]
    assert found == [every_word(t) for t in samples]
    assert d.priority.heard("大点声，轻一点小声一点") == {"quieter"}
    assert sum(bool(f) for f in found) > len(samples) // 2


def test_word_table_lookup_tries_each_form_once_with_the_same_answers() -> None:
    from assistant.dialog.words import _TRAILING, WordTable, _plain, _strip_particles, norm

    table = texts().word_table
    phrases = [p for ps in texts().words.values() for p in ps]
    samples = [*SAMPLES, *phrases, *(a + b for a, b in itertools.pairwise(phrases)),
               *(p + "吧" for p in phrases)]

    def reference(t: WordTable, text: str) -> str | None:
        for form in (_plain(text), norm(text)):
            for cand in (form, _strip_particles(form)):
                if cand in t._map:
                    return t._map[cand]
        for form in (_plain(text), norm(text)):
            for cand in (form, _strip_particles(form)):
                if len(cand) > 2 * (t._longest + len(_TRAILING)):
                    continue
                for cut in range(1, len(cand)):
                    head = t._map.get(cand[:cut]) or t._map.get(_strip_particles(cand[:cut]))
                    tail = t._map.get(cand[cut:]) or t._map.get(_strip_particles(cand[cut:]))
                    if head is not None and tail == head:
                        return head
        return None

    answers = [table.lookup(t) for t in samples]
    assert answers == [reference(table, t) for t in samples]
    assert table.lookup("算了不办了") == "cancel"


def test_speech_time_counts_the_pronounced_characters() -> None:
    import re

    from assistant.session.host import CHARS_PER_SECOND, speech_seconds

    spoken = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
    for text in ("", "好的。", "浙 L 1 2 3 4 5", "您好，欢迎！说'一'或按1……", "——", "ok 123"):
        assert speech_seconds(text, 0.8) == len(spoken.findall(text)) / (CHARS_PER_SECOND * 0.8)


def test_mid_flow_words_naming_no_other_service_are_not_understood_as_a_switch() -> None:
    """A switch of service mid-flow needs words naming another service (``service_names``):
    without them the intent model is not asked whether it is one; with them it is, and
    the switch is offered."""
    from assistant.dialog import UserText

    nlu = KeywordUnderstander()
    d = loader.new_dialog(texts(), nlu=nlu, today=TODAY)
    d.start()
    d.handle(UserText("我身份证过期了"))
    assert d.state == "card" and d.flow == "id_card.renew"
    nlu.calls.clear()
    d.handle(UserText("东西在包里"))
    assert ("东西在包里", None) not in nlu.calls
    d.handle(UserText("我要交罚款"))
    assert ("我要交罚款", None) in nlu.calls
    assert d.state == "confirm_intent" and d.candidate[0] == "traffic.fine_payment"


def test_keys_and_device_results_are_recorded_as_said_and_free_words_masked() -> None:
    """Inputs of a fixed vocabulary skip the free-speech masking, which can find nothing in
    them; speech and any line with a free part (a card or permit name, an unknown event)
    still get it."""
    from assistant.session.host import FIXED_EVENTS
    from assistant.session.script import parse
    from assistant.store import Store, mask

    fixed = ["<key:1>", "<key:help>", "<key:a1234567>", "<silence>", "", "<card-removed>",
             "<face:ok>", "<pay:timeout>", "<pos:pin>", "<staff:arrived>", "<nomatch>"]
    for line in fixed:
        assert isinstance(parse(line), FIXED_EVENTS), line
        assert mask(line, speech=True) == mask(line), line
    store = Store(memory=True)
    s = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY, store=store,
                    announcements=False)
    s.start()
    free = ["我叫王小明", "<card:住在解放西路>", "<permit:住在解放西路>", "<hello:住在解放西路>"]
    for line in free:
        assert mask(line, speech=True) != mask(line), line  # (speech masking finds a part)
    for line in ("<key:1>", *free, "<face:ok>"):
        s.step(line)
    heard = [t["heard"] for t in store.turns(s.session_id)]
    assert heard[1:] == ["<key:1>", "我叫王*明", "<card:住在***", "<permit:住在***",
                         "<hello:住在***", "<face:ok>"]


def test_an_utterance_is_read_as_an_answer_once_per_event() -> None:
    """The dialog's helpers share one reading of the words of an utterance per event (and
    keep nothing of it for the next one)."""
    from assistant.dialog import UserText
    from assistant.dialog.words import EventWords, WordTable, parse_answer

    d = loader.new_dialog(texts(), nlu=KeywordUnderstander(), today=TODAY)
    d.start()
    d.handle(UserText("我身份证过期了"))
    assert isinstance(d.words, EventWords) and isinstance(d.words, WordTable)
    d.handle(UserText("嗯，是的吧，我想想"))
    first = parse_answer("嗯，是的吧，我想想", d.words)
    assert parse_answer("嗯，是的吧，我想想", d.words) is first
    assert first == parse_answer("嗯，是的吧，我想想", texts().word_table)
    assert d.words.lookup("算了不办了") == texts().word_table.lookup("算了不办了") == "cancel"
    d.handle(UserText("好的"))
    assert "嗯，是的吧，我想想" not in d.words._answers  # forgotten at the next event


def test_loading_the_intent_model_imports_no_pypinyin() -> None:
    """The first prompt comes before pypinyin (0.2 s to import): the documents the intent
    files name, compared by sound, are worked out on first use or in the warm-up."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from assistant.nlu import load_nlu\n"
        "load_nlu()\n"
        "print('pypinyin' in sys.modules)\n"
    )
    # a first run trains and caches the model if this checkout has none yet (training
    # needs pypinyin; a kiosk's start with a cached model does not)
    subprocess.run([sys.executable, "-c", "from assistant.nlu import load_nlu; load_nlu()"],
                   capture_output=True, check=True, timeout=300)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split() == ["False"], out.stderr[-2000:]
