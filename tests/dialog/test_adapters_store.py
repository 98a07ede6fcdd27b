"""Simulators, the executor, the store journal and crash recovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.adapters.devices import simulate
from assistant.adapters.runner import Executor, recover
from assistant.dialog import CallAdapter
from assistant.domain.idcard import id_number_valid
from assistant.domain.operations import JsonValue
from assistant.errors import DeviceRejected, DeviceTimeout
from assistant.store import Store, mask

from .helpers import TODAY


def test_demo_cards_have_valid_id_numbers_and_expected_validity() -> None:
    sim = simulate(TODAY)
    for name in ("expired", "valid", "soon", "child", "official"):
        sim.card.insert(name)
        card = sim.card.read()
        assert id_number_valid(card.number), name
    sim.card.insert("expired")
    old = sim.card.read()
    assert old.birth_date.year // 10 == 195 and old.expired_on(TODAY)
    sim.card.insert("nobody")
    with pytest.raises(DeviceRejected) as err:
        sim.card.read()
    assert err.value.reason == "unreadable" and "expired" in str(err.value)


def test_clock_advances_by_device_durations() -> None:
    sim = simulate(TODAY)
    sim.card.insert("valid")
    sim.card.read()
    sim.face.verify("chip-valid", "x")
    assert sim.clock.now == pytest.approx(4.5)


def test_photo_quality_failures_give_reasons() -> None:
    sim = simulate(TODAY)
    sim.photo.script("fail")
    sim.photo.script("fail")
    reasons = []
    for _ in range(2):
        with pytest.raises(DeviceRejected) as err:
            sim.photo.capture("id_card")
        reasons.append(err.value.reason)
    assert reasons == ["glasses_glare", "eyes_closed"]
    assert sim.photo.capture("id_card").receipt_code.startswith("ZP")


def test_payment_is_idempotent_and_never_charges_twice() -> None:
    sim = simulate(TODAY)
    pay = sim.payment
    a = pay.create_order("o1", "t1", 20.0, "换领身份证")
    b = pay.create_order("o1", "t1", 20.0, "换领身份证")
    assert a == b
    assert pay.wait("o1").charges == 1
    assert pay.wait("o1").charges == 1  # a second "paid" signal changes nothing
    assert pay.refund("o1").status == "refunded"
    assert pay.refund("o1").status == "refunded"


def test_payment_timeout_closes_the_order() -> None:
    sim = simulate(TODAY)
    sim.payment.create_order("o2", "t2", 15.0, "签注")
    sim.payment.script("timeout")
    with pytest.raises(DeviceTimeout):
        sim.payment.wait("o2")
    assert sim.payment.status("o2").status == "expired"
    assert sim.clock.now >= 120


def test_traffic_violations_late_fee_and_window_rules() -> None:
    sim = simulate(TODAY)
    data = sim.traffic.violations(txn_id="q", plate="浙L12345")
    fees = {v["id"]: v["late_fee"] for v in data["violations"]}
    assert fees == {"V1001": 0.0, "V1002": 67.5, "V1003": 0.0}
    assert data["current_points"] == 4
    first = sim.traffic.pay_fines(txn_id="t9", plate="浙L12345", ids=["V1001"], order_id="o")
    again = sim.traffic.pay_fines(txn_id="t9", plate="浙L12345", ids=["V1001"], order_id="o")
    assert first == again
    with pytest.raises(DeviceRejected):
        sim.traffic.pay_fines(txn_id="t10", plate="浙L12345", ids=["V1001"], order_id="o")


def test_exit_entry_eligibility_rules() -> None:
    sim = simulate(TODAY)
    people = sim.db.people

    def check(who: str, region: str, tour: str) -> str:
        r = sim.exit_entry.eligibility(txn_id="q", id_number=people[who].number, region=region,
                                       tour=tour)
        return "ok" if r["eligible"] else str(r["reason"])

    assert check("valid", "hk_macau", "individual") == "ok"
    assert check("soon", "hk_macau", "individual") == "not_g_eligible"
    assert check("official", "hk_macau", "team") == "official"
    assert check("expired", "hk_macau", "team") == "no_permit"
    assert check("valid", "taiwan", "individual") == "suspended"


def test_executor_turns_errors_into_results() -> None:
    sim = simulate(TODAY)
    ex = Executor(sim.devices)
    sim.household.fail_next("progress", "timeout")
    r = ex.run(CallAdapter("household", "progress", {"txn_id": "t", "id_number": "x"}))
    assert r is not None and r.kind == "backend" and r.outcome == "timeout"
    assert ex.run(CallAdapter("face", "verify", {"reference": "r"})) is None  # waits for user
    sim.face.script("fail")
    r = ex.resolve("face")
    assert r is not None and r.outcome == "fail" and r.data["reason"] == "no_match"


def _pay_then_crash(tmp_path: Path, *, submit_ok: bool, pay: bool = True) -> tuple[Store, object]:
    sim = simulate(TODAY, tmp_path / "sim.db")
    store = Store(tmp_path / "kiosk.db")
    ex = Executor(sim.devices, store, "s1")
    number = sim.db.people["expired"].number
    then: JsonValue = {"adapter": "household", "op": "submit_application",
            "args": {"id_number": number, "photo_id": "P1", "delivery": "post"}}
    ex.run(CallAdapter("payment", "create_order", {"txn_id": "s1-1", "order_id": "s1-1-p1",
                                                   "amount": 20.0, "flow": "id_card.renew",
                                                   "then": then}))
    if pay:
        ex.run(CallAdapter("payment", "wait", {"txn_id": "s1-1", "order_id": "s1-1-p1"}))
        assert ex.resolve("payment") is not None
    # --- crash: the executor and dialog are gone; a new process opens the same files
    if not submit_ok:
        sim.household.fail_next("submit_application")
    return Store(tmp_path / "kiosk.db"), sim


def test_recovery_finishes_a_paid_transaction(tmp_path: Path) -> None:
    store, sim = _pay_then_crash(tmp_path, submit_ok=True)
    assert [e.status for e in store.unfinished()] == ["paid"]
    done = recover(store, sim.devices)  # type: ignore[attr-defined]
    assert [(r.txn_id, r.action) for r in done] == [("s1-1", "submitted")]
    entry = store.journal_get("s1-1")
    assert entry is not None and entry.status == "submitted" and store.unfinished() == []
    assert entry.submit is not None and "1953" not in str(entry.submit)  # masked once finished
    assert recover(store, sim.devices) == []  # type: ignore[attr-defined]


def test_recovery_refunds_when_submission_fails(tmp_path: Path) -> None:
    store, sim = _pay_then_crash(tmp_path, submit_ok=False)
    done = recover(store, sim.devices)  # type: ignore[attr-defined]
    assert [r.action for r in done] == ["refunded"]
    assert sim.payment.status("s1-1-p1").status == "refunded"  # type: ignore[attr-defined]


def test_recovery_closes_unpaid_orders(tmp_path: Path) -> None:
    store, sim = _pay_then_crash(tmp_path, submit_ok=True, pay=False)
    done = recover(store, sim.devices)  # type: ignore[attr-defined]
    assert [r.action for r in done] == ["cancelled"]
    assert sim.payment.status("s1-1-p1").status == "cancelled"  # type: ignore[attr-defined]


def test_paid_transaction_is_not_charged_again_by_a_new_order(tmp_path: Path) -> None:
    sim = simulate(TODAY)
    store = Store(memory=True)
    ex = Executor(sim.devices, store, "s1")
    args: dict[str, JsonValue] = {"txn_id": "s1-1", "order_id": "s1-1-p1", "amount": 20.0,
                                  "flow": "f"}
    ex.run(CallAdapter("payment", "create_order", args))
    ex.run(CallAdapter("payment", "wait", args))
    ex.resolve("payment")
    r = ex.run(CallAdapter("payment", "create_order", {**args, "order_id": "s1-1-p2"}))
    assert r is not None and r.data.get("already_paid") is True
    orders = list(sim.db.db.table("orders").rows)
    assert [o["order_id"] for o in orders] == ["s1-1-p1"] and orders[0]["charges"] == 1


def test_store_masks_turns_and_wipes_them_at_session_end() -> None:
    store = Store(memory=True)
    store.open_session("s1")
    store.log_turn("s1", 1, heard="330902195304121241", intent=None, state="slot",
                   say="已读取王秀英的身份证。", known=["王秀英"])
    turn = store.turns("s1")[0]
    assert "195304" not in turn["heard"] and "王秀英" not in turn["say"]
    store.log_unrecognised("我的车浙L12345被拖走了", state="menu", flow=None)
    assert "12345" not in store.unrecognised()[0]["text"]
    store.end_session("s1", "completed", "id_card.renew")
    assert store.turns("s1") == []
    row = store.db.table("sessions").get("s1")
    assert row["outcome"] == "completed"


def test_mask_phone() -> None:
    assert "1381234" not in mask("电话13812345678")
