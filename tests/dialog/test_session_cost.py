"""Sessions that cost nothing to start (issue 13): one shared state machine, a copied
simulator, the keypad parsed once per file version, a warm-up that loads the first
question's libraries — and sessions that stay independent of each other."""

from __future__ import annotations

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
    assert asked == ["护照在哪里办"] and answered == [("id_card.renew", "fees")]


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
