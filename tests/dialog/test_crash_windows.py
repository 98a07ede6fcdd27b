"""Crash windows and a second process (issue 17 items 4-7): recovery in every runtime, an
order journalled but never created, a fine payment cut in half, two kiosks on one var/."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.adapters.devices import simulate
from assistant.adapters.runner import recover
from assistant.errors import StoreError
from assistant.store import Store
from assistant.voice import RUN_SIM_DB, open_store

from .helpers import TODAY


def _journal(store: Store, txn: str, order: str, amount: float = 20.0) -> None:
    store.journal_order(txn, session_id="s", flow="id_card.renew", order_id=order,
                        amount=amount, submit={"adapter": "household", "op": "renew_id_card",
                                               "args": {"id_number": "330902195304121241"}})


def test_order_journalled_but_never_created_is_closed_and_masked(tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    _journal(store, "t-1", "t-1-p1")  # killed before the terminal saw the order
    done = recover(store, simulate(TODAY, tmp_path / "sim.db").devices)
    assert [(d.txn_id, d.action, d.detail) for d in done] == [
        ("t-1", "cancelled", "order never created")]
    assert store.unfinished() == []
    entry = store.journal_get("t-1")
    assert entry is not None and "330902195304121241" not in str(entry.submit)


def test_kiosk_run_settles_what_a_crash_left_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path))
    store = Store(tmp_path / "kiosk.db")
    sim = simulate(TODAY, tmp_path / RUN_SIM_DB)
    _journal(store, "v-1", "v-1-p1")
    sim.payment.create_order("v-1-p1", "v-1", 20.0, "换领身份证")  # the QR was shown, unpaid
    store.close()
    reopened, sim_db = open_store(TODAY)
    assert sim_db == tmp_path / RUN_SIM_DB
    assert reopened.unfinished() == []
    entry = reopened.journal_get("v-1")
    assert entry is not None and entry.status == "cancelled"
    assert simulate(TODAY, sim_db).payment.status("v-1-p1").status == "cancelled"


def test_fine_payment_is_all_or_nothing(tmp_path: Path) -> None:
    sim = simulate(TODAY, tmp_path / "sim.db")
    plate = "浙L12345"
    ids = [v["id"] for v in sim.traffic.violations(txn_id="q", plate=plate)["violations"]]
    assert ids
    # the back end dies while writing the receipt: nothing of the payment may stay
    sim.db.db.execute("create trigger crash before insert on applications "
                      "begin select raise(abort, 'power cut'); end")
    with pytest.raises(Exception, match="power cut"):
        sim.traffic.pay_fines(txn_id="f-1", plate=plate, ids=ids, order_id="f-1-p1")
    unpaid = [v["id"] for v in sim.traffic.violations(txn_id="q", plate=plate)["violations"]]
    assert unpaid == ids
    sim.db.db.execute("drop trigger crash")
    first = sim.traffic.pay_fines(txn_id="f-1", plate=plate, ids=ids, order_id="f-1-p1")
    # asked again after a crash, the back end answers with the same receipt
    again = sim.traffic.pay_fines(txn_id="f-1", plate=plate, ids=ids, order_id="f-1-p1")
    assert first == again


def test_a_second_kiosk_process_on_the_same_var_is_refused(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from assistant.store import Store; "
         f"Store({str(tmp_path / 'kiosk.db')!r}); print('ready', flush=True); "
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=rf"another kiosk process \(pid {holder.pid}\)"):
            Store(tmp_path / "kiosk.db")
    finally:
        holder.communicate("", timeout=30)
    # once it has stopped, the folder is free again
    deadline = time.monotonic() + 10
    while True:
        try:
            Store(tmp_path / "kiosk.db").close()
            break
        except StoreError:
            assert time.monotonic() < deadline
            time.sleep(0.1)


def test_stores_of_one_process_share_the_lock(tmp_path: Path) -> None:
    a = Store(tmp_path / "kiosk.db")
    b = Store(tmp_path / "kiosk.db")
    a.close()
    b.journal_order("x", session_id="s", flow="f", order_id="o", amount=1.0, submit=None)
    b.close()
