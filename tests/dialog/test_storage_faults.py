"""Full or read-only disks and damaged databases (issue 17 items 9 and 11): a one-line
reason, the kiosk keeps answering, payments are refused politely, ``kiosk doctor`` says
what to do, and nothing is silently recreated."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.adapters.devices import simulate
from assistant.chat import new_session
from assistant.cli import main
from assistant.doctor import check_database
from assistant.errors import StoreError
from assistant.store import DamagedStore, Store, open_or_refuse

from .helpers import TODAY, texts
from .keyword_nlu import KeywordUnderstander

ROOT = Path(__file__).resolve().parents[2]
TO_PAYMENT = ["<key:1>", "<key:1>", "<card:expired>", "<face:ok>", "<photo:ok>", "<key:2>",
              "<key:1>"]


def _renew_to_payment(store: Store) -> list[dict[str, object]]:
    session = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY, store=store)
    turns = [session.start()]
    turns += [session.step(line) for line in TO_PAYMENT]
    orders = list(session.sim.db.db.table("orders").rows)
    assert orders == [], "no payment order may be created without a journal"
    return turns


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_payment_refused_politely_when_the_disk_refuses(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fault: str) -> None:
    store = Store(tmp_path / "kiosk.db")
    if fault == "full":  # SQLite's own page limit: every table filled up to it
        pages = store.db.execute("pragma page_count").fetchone()[0]
        store.db.execute(f"pragma max_page_count = {pages + 4}")
        for table, column in (("journal", "txn_id"), ("sessions", "id"),
                              ("turns", "heard"), ("unrecognised", "text"),
                              ("staff_calls", "reason")):
            for i in range(10_000):
                try:
                    store.db.execute(f"insert into {table} ({column}) values (?)",
                                     [f"{i}-" + "x" * 300])
                except sqlite3.OperationalError as exc:
                    assert "full" in str(exc)
                    break
        store.db.conn.commit()
    else:
        store.db.execute("pragma query_only = 1")
    turns = _renew_to_payment(store)
    last = turns[-1]
    assert last["done"] and last["outcome"] == "failed"
    assert "付款设备暂时不能用" in str(last["say"]) and "没有收取费用" in str(last["say"])
    err = capsys.readouterr().err
    assert err.count("kiosk: the kiosk database cannot be written") == 1
    assert "refuses payments" in err


def _damage(file: Path) -> None:
    data = bytearray(file.read_bytes())
    data[100:4096 * 2] = b"\x00" * (4096 * 2 - 100)  # the schema page zeroed
    file.write_bytes(bytes(data))


def _filled(file: Path) -> None:
    store = Store(file)
    for i in range(50):
        store.log_unrecognised(f"第{i}句", state="menu", flow=None)
    store.db.execute("pragma wal_checkpoint(truncate)")
    store.close()


def test_damaged_database_is_reported_with_what_to_do(tmp_path: Path) -> None:
    file = tmp_path / "kiosk.db"
    _filled(file)
    _damage(file)
    with pytest.raises(DamagedStore, match="kiosk doctor"):
        Store(file)


def test_bad_header_says_damaged_not_disk_full(tmp_path: Path) -> None:
    file = tmp_path / "kiosk.db"
    file.write_bytes(b"this is not a database" * 300)
    with pytest.raises(DamagedStore) as err:
        Store(file)
    assert "damaged" in str(err.value) and "free space" not in str(err.value)


def test_emptied_database_with_a_log_is_not_silently_recreated(tmp_path: Path) -> None:
    file = tmp_path / "kiosk.db"
    file.write_bytes(b"")
    (tmp_path / "kiosk.db-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 60)
    with pytest.raises(DamagedStore, match="empty but its write-ahead log is not"):
        Store(file)


def test_a_damaged_store_still_answers_but_refuses_payments(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "kiosk.db"
    file.write_bytes(b"garbage" * 1000)
    store = open_or_refuse(file)
    assert "damaged" in capsys.readouterr().err
    assert store.refuse is not None
    turns = _renew_to_payment(store)
    assert "付款设备暂时不能用" in str(turns[-1]["say"])


def test_chat_starts_with_a_damaged_database(tmp_path: Path) -> None:
    (tmp_path / "kiosk.db").write_bytes(b"garbage" * 1000)
    run = subprocess.run([sys.executable, "-m", "assistant", "chat", "--no-nlu"],
                         input="<key:cancel>\n", capture_output=True, text=True, timeout=120,
                         cwd=ROOT, env={**os.environ, "KIOSK_VAR": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    assert "is damaged" in run.stderr and "Traceback" not in run.stderr
    assert "机：" in run.stdout


def test_damaged_simulator_file(tmp_path: Path) -> None:
    file = tmp_path / "chat-sim.db"
    file.write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreError, match="delete it to reset the demo data"):
        simulate(TODAY, file)


def test_report_notices_damage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "kiosk.db"
    _filled(file)
    _damage(file)
    assert main(["report", "--db", str(file)]) == 1
    assert "damaged" in capsys.readouterr().err


def test_doctor_finds_damage_and_sets_it_aside(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _filled(tmp_path / "kiosk.db")
    assert main(["doctor", "--var", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "ok   kiosk.db: integrity check passed" in out
    assert "ok   payments: none left open" in out
    _damage(tmp_path / "kiosk.db")
    assert main(["doctor", "--var", str(tmp_path)]) == 1
    assert "FAIL kiosk.db: damaged" in capsys.readouterr().out
    assert main(["doctor", "--var", str(tmp_path), "--set-aside"]) == 0
    assert "set aside:" in capsys.readouterr().out
    assert not (tmp_path / "kiosk.db").exists()
    assert list(tmp_path.glob("kiosk.db.damaged-*"))
    Store(tmp_path / "kiosk.db").close()  # the next start makes a new one


def test_doctor_lists_old_open_payments(tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db", clock=lambda: 0.0)
    store.journal_order("t", session_id="s", flow="f", order_id="o", amount=20, submit=None)
    store.close()
    checks = check_database(tmp_path / "kiosk.db", now=3 * 86400.0)
    payments = [c for c in checks if c.what == "payments"]
    assert payments and not payments[0].ok and "t (ordered)" in payments[0].detail


def test_integrity_check_is_sqlite_s(tmp_path: Path) -> None:
    file = tmp_path / "x.db"
    sqlite3.connect(file).execute("create table t (x)").connection.commit()
    assert check_database(file, now=0.0)[0].ok
