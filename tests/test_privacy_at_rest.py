"""What the kiosk keeps on disk (issue 17 item 13): free speech masked, a retention
period with ``kiosk purge``, crashed sessions' turns removed, ``kiosk say`` never cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main
from assistant.errors import ConfigError
from assistant.privacy import mask_free_speech
from assistant.store import Store, retention_days

DAY = 86400.0


@pytest.mark.parametrize(("said", "kept"), [
    ("我叫张三明，我的身份证坏了", "我叫张*明，我的身份证坏了"),
    ("我住在定海区东瀛路226号，寄过来", "我住在***，寄过来"),
    ("东瀛路226号那边", "***那边"),
    ("我搬家了，搬到普陀区沈家门街道", "我搬家了，搬到***"),
    ("车牌是浙L12345", "车牌是浙L***45"),
    ("电话13812345678", "电话138****5678"),
    ("寄到家里", "寄到家里"),
    ("我是来办身份证的", "我是来办身份证的"),
])
def test_free_speech_is_masked(said: str, kept: str) -> None:
    assert mask_free_speech(said) == kept


def test_unrecognised_and_turns_are_stored_masked(tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    store.open_session("s")
    store.log_unrecognised("我叫李四海，住在东瀛路226号", state="menu", flow=None)
    store.log_turn("s", 1, heard="我的车浙L54321", intent=None, state="slot", say="好")
    text = store.unrecognised()[0]["text"]
    assert "李四海" not in text and "226" not in text and text.startswith("我叫李*海")
    assert "54321" not in store.turns("s")[0]["heard"]


def test_crashed_sessions_are_closed_and_their_turns_deleted(tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    store.open_session("crashed")
    store.log_turn("crashed", 1, heard="幺二三四五", intent=None, state="slot", say="")
    assert store.close_interrupted() == 1
    assert store.turns("crashed") == []
    assert store.sessions()[0]["outcome"] == "interrupted"


def test_purge_keeps_the_retention_period_and_open_payments(tmp_path: Path) -> None:
    now = [1_000 * DAY]
    store = Store(tmp_path / "kiosk.db", clock=lambda: now[0])
    store.open_session("old")
    store.end_session("old", "completed", "id_card.renew")
    store.log_unrecognised("买菜", state="menu", flow=None)
    store.log_misunderstood("old", "我叫张三明，证掉了", kind="refused", guess="out_of_scope",
                            score=0.66, second="id_card.replace", state="menu")
    store.log_staff_call("old", urgent=False, flow=None, reason="asked")
    store.journal_order("t-done", session_id="old", flow="f", order_id="o1", amount=20,
                        submit=None)
    store.journal_set("t-done", "submitted")
    store.journal_order("t-open", session_id="old", flow="f", order_id="o2", amount=20,
                        submit=None)
    now[0] += 29 * DAY
    store.open_session("new")
    store.end_session("new", "cancelled", None)
    assert store.purge() == {"sessions": 0, "unrecognised": 0, "misunderstood": 0,
                             "staff_calls": 0, "journal": 0, "turns": 0}
    assert store.misunderstood()[0]["text"] == "我叫张*明，证掉了"  # masked like the rest
    now[0] += 2 * DAY
    assert store.purge() == {"sessions": 1, "unrecognised": 1, "misunderstood": 1,
                             "staff_calls": 1, "journal": 1, "turns": 0}
    assert store.misunderstood() == []
    assert [s["id"] for s in store.sessions()] == ["new"]
    assert [e.txn_id for e in store.unfinished()] == ["t-open"]  # money may be held


def test_retention_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert retention_days() == 30
    monkeypatch.setenv("KIOSK_RETENTION_DAYS", "7")
    assert retention_days() == 7
    monkeypatch.setenv("KIOSK_RETENTION_DAYS", "forever")
    with pytest.raises(ConfigError, match="KIOSK_RETENTION_DAYS='forever' is not a positive"):
        retention_days()


def test_kiosk_purge_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "kiosk.db"
    store = Store(db, clock=lambda: 0.0)
    store.log_unrecognised("很久以前的话", state="menu", flow=None)
    store.close()
    assert main(["purge", "--db", str(db), "--days", "1"]) == 0
    assert "unrecognised 1" in capsys.readouterr().out
    assert Store(db).unrecognised() == []


def test_kiosk_say_never_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyttsx3")
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path))
    out = tmp_path / "x.wav"
    assert main(["say", "王秀英 330902195304121241", "--out", str(out)]) == 0
    assert out.stat().st_size > 1000
    cached = [p for p in tmp_path.rglob("*") if p.is_file() and p != out]
    assert cached == []


def test_receipt_and_order_numbers_are_not_mangled() -> None:
    from assistant.store import mask, new_session_id

    txn = new_session_id("chat") + "-1"
    said = f"受理编号HJ000003，流水号{txn}，订单{txn}-p1，身份证330902195304121241"
    assert mask(said) == (f"受理编号HJ000003，流水号{txn}，订单{txn}-p1，"
                          "身份证3309**********1241")
    assert mask("车牌浙L12345") == "车牌浙L***45"

