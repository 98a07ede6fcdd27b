"""Payment methods of the site (issue 14): QR code, card on the POS reader, cash at the
window — simulators, the journal across methods, the dialog's offers and refunds."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from assistant.adapters.devices import simulate
from assistant.adapters.runner import Executor
from assistant.chat import ChatSession, new_session
from assistant.dialog.actions import CallAdapter
from assistant.dialog.paying import PaySetup
from assistant.domain.operations import JsonValue
from assistant.errors import DeviceRejected, DeviceTimeout
from assistant.guides.nodes import Reader
from assistant.guides.site import read_network
from assistant.store import Store

from .helpers import TODAY, texts
from .keyword_nlu import KeywordUnderstander

KEYS_TO_FINE_PAYMENT = ["<key:3>", "<key:1>", *(f"<key:{c}>" for c in "12345"), "<key:#>",
                        "<key:1>", "<key:1>", "<card:valid>", "<key:1>"]
"""Fine payment for 浙L12345 by keys (the 3 points on the card holder's licence), up to
the payment step (317.5 元)."""


def _session(store: Store | None = None, setup: PaySetup | None = None) -> ChatSession:
    t = texts()
    if setup is not None:
        t = dataclasses.replace(t, payment=setup)
    return new_session(t, nlu=KeywordUnderstander(), today=TODAY, store=store,
                       announcements=False)


def _orders(session: ChatSession) -> list[dict[str, Any]]:
    return list(session.sim.db.db.table("orders").rows)


# ---------------------------------------------------------------------- simulators
def test_card_pin_refused_then_paid_and_refunded_by_card() -> None:
    sim = simulate(TODAY)
    pay = sim.payment
    assert pay.create_order("o1", "t1", 20.0, "换领身份证", "card").method == "card"
    pay.script("pin")
    with pytest.raises(DeviceRejected) as err:
        pay.wait("o1")
    assert err.value.reason == "pin" and pay.status("o1").status == "created"
    assert pay.wait("o1").charges == 1
    assert pay.refund("o1").status == "refunded" and pay.status("o1").method == "card"


def test_methods_take_their_own_time_and_expire() -> None:
    sim = simulate(TODAY)
    sim.payment.create_order("c1", "t1", 20.0, "x", "cashier")
    sim.payment.script("timeout")
    with pytest.raises(DeviceTimeout):
        sim.payment.wait("c1")
    assert sim.clock.now >= 900  # the window had 15 minutes
    with pytest.raises(DeviceRejected):
        sim.payment.create_order("c1", "t1", 20.0, "x", "qr")  # same number, other method
    with pytest.raises(DeviceRejected):
        sim.payment.create_order("x1", "t2", 20.0, "x", "cheque")


# ---------------------------------------------------------------------- journal
def test_a_new_order_closes_the_earlier_one_of_the_transaction() -> None:
    sim, store = simulate(TODAY), Store(memory=True)
    ex = Executor(sim.devices, store, "s1")
    args: dict[str, JsonValue] = {"txn_id": "s1-1", "amount": 20.0, "flow": "id_card.renew",
                                  "then": None}
    assert ex.execute(CallAdapter("payment", "create_order",
                                  {**args, "order_id": "s1-1-p1"})).outcome == "ok"
    result = ex.execute(CallAdapter("payment", "create_order",
                                    {**args, "order_id": "s1-1-p2", "method": "card"}))
    assert result.outcome == "ok" and result.data["method"] == "card"
    assert sim.payment.status("s1-1-p1").status == "cancelled"


def test_an_earlier_order_paid_meanwhile_is_the_payment() -> None:
    """The QR code was paid just as the citizen pressed 2 for the card: no second order."""
    sim, store = simulate(TODAY), Store(memory=True)
    ex = Executor(sim.devices, store, "s1")
    args: dict[str, JsonValue] = {"txn_id": "s1-1", "amount": 20.0, "flow": "id_card.renew",
                                  "then": None}
    ex.execute(CallAdapter("payment", "create_order", {**args, "order_id": "s1-1-p1"}))
    sim.payment.wait("s1-1-p1")  # paid on the phone; the kiosk has not heard yet
    result = ex.execute(CallAdapter("payment", "create_order",
                                    {**args, "order_id": "s1-1-p2", "method": "card"}))
    assert result.data["already_paid"] and result.data["order_id"] == "s1-1-p1"
    assert [o["order_id"] for o in _orders_of(sim)] == ["s1-1-p1"]
    entry = store.journal_get("s1-1")
    assert entry is not None and entry.status == "paid"


def _orders_of(sim: Any) -> list[dict[str, Any]]:
    return list(sim.db.db.table("orders").rows)


# ---------------------------------------------------------------------- the dialog
def test_the_qr_prompt_names_the_other_methods_and_blind_users_hear_where() -> None:
    s = _session()
    s.start()
    for line in KEYS_TO_FINE_PAYMENT:
        turn = s.step(line)
    assert turn["state"] == "payment"
    assert "二维码在屏幕下方，键盘正上方" in turn["say"]  # keys only so far
    assert "刷卡按2" in turn["say"] and "交现金按3" in turn["say"]
    assert turn["awaiting"]["keys"]["2"] == "pay_card"


def test_a_speaking_user_hears_where_only_when_asking() -> None:
    s = _session()
    s.start()
    for line in ("交罚款", "浙L12345", "是", "是我开的", "<card:valid>", "是"):
        turn = s.step(line)
    assert turn["state"] == "payment" and "二维码在" not in turn["say"]
    turn = s.step("我眼睛看不见，二维码在哪里")
    assert turn["say"].startswith("二维码在屏幕下方") and turn["state"] == "payment"
    turn = s.step("我没有微信，老人机")
    assert "还有别的办法" in turn["say"] and "按0叫工作人员" in turn["say"]


def test_changing_to_the_card_keeps_one_live_order_and_refunds_by_card() -> None:
    store = Store(memory=True)
    s = _session(store)
    s.start()
    for line in KEYS_TO_FINE_PAYMENT:
        s.step(line)
    turn = s.step("<key:2>")
    assert "刷卡器在键盘右边" in turn["say"]
    orders = _orders(s)
    assert [(o["method"], o["status"]) for o in orders] == [("qr", "cancelled"),
                                                          ("card", "created")]
    turn = s.step("<pos:pin>")
    assert "密码不对" in turn["say"]
    s.step("<key:1>")
    s.sim.traffic.fail_next("pay_fines")  # paid, then the back end refuses: refund
    turn = s.step("<pos:ok>")
    assert "退回到您付款的卡上" in turn["say"] and turn["outcome"] == "failed"
    assert [o["status"] for o in _orders(s)] == ["cancelled", "refunded"]
    assert sum(o["charges"] for o in _orders(s)) == 1


def test_a_card_put_on_the_reader_while_the_code_is_shown_changes_to_the_card() -> None:
    """The card stays in the slot while the kiosk changes to the card: the reader, armed
    now, reads it — one charge, on the card, the QR order closed."""
    s = _session()
    s.start()
    for line in KEYS_TO_FINE_PAYMENT:
        s.step(line)
    turn = s.step("<pos:ok>")
    assert "改成刷卡付款" in turn["say"] and "已收到付款" in turn["say"]
    assert turn["outcome"] == "completed"
    orders = _orders(s)
    assert [(o["method"], o["status"]) for o in orders] == [("qr", "cancelled"),
                                                          ("card", "paid")]
    assert sum(o["charges"] for o in orders) == 1


def test_a_card_put_in_again_after_a_wrong_pin_is_read_once_the_reader_is_armed() -> None:
    """"密码不对……要再试一次吗？" answered by putting the card in again: the retry, and the
    card in the slot is read then (before, the reader asked for it once more)."""
    s = _session()
    s.start()
    for line in KEYS_TO_FINE_PAYMENT:
        s.step(line)
    s.step("<key:2>")  # the bank card
    assert "密码不对" in s.step("<pos:pin>")["say"]
    turn = s.step("<pos:ok>")
    assert "已收到付款" in turn["say"] and turn["outcome"] == "completed"
    orders = _orders(s)
    assert [o["status"] for o in orders][-1] == "paid"
    assert sum(o["charges"] for o in orders) == 1


def test_a_citizen_who_walks_away_from_the_code_is_timed_out_and_wiped() -> None:
    """Nobody scans: the order expires when its time is up (the terminal's timeout), the
    kiosk says so and asks, then ends the session — never waiting at the code for ever
    with the citizen's data on it."""
    s = _session()
    s.start()
    for line in KEYS_TO_FINE_PAYMENT:
        s.step(line)
    turn = s.step("<wait:100>")
    assert turn["state"] == "payment"  # a QR order lives 120 s
    turn = s.step("<wait:60>")
    assert "付款超时" in turn["say"] and "没有扣款" in turn["say"]
    turn = s.step("<wait:200>")
    assert turn["outcome"] == "timed_out" and "信息已经清除" in turn["say"]
    assert [(o["status"], o["charges"]) for o in _orders(s)] == [("expired", 0)]


def test_an_order_expires_when_its_time_is_up_not_later() -> None:
    sim = simulate(TODAY)
    sim.payment.create_order("q1", "t1", 20.0, "x", "qr")
    sim.clock.advance(100)
    sim.payment.script("timeout")
    with pytest.raises(DeviceTimeout):
        sim.payment.wait("q1")
    assert sim.clock.now == pytest.approx(sim.payment.expires_at("q1"))


def test_cash_prints_a_slip_and_a_cancel_refunds_at_the_window() -> None:
    s = _session()
    s.start()
    for line in KEYS_TO_FINE_PAYMENT:
        s.step(line)
    turn = s.step("<key:3>")
    assert "收费窗口在进门右手边的值班窗口" in turn["say"]
    prints = list(s.sim.db.db.table("prints").rows)
    assert prints and "缴费单" in prints[-1]["title"]


def test_a_site_with_the_qr_code_only_offers_a_person() -> None:
    s = _session(setup=PaySetup(("qr",), {}))
    s.start()
    for line in KEYS_TO_FINE_PAYMENT:
        turn = s.step(line)
    assert "按2" not in turn["say"] and "2" not in turn["awaiting"]["keys"]
    turn = s.step("我没有微信")
    assert "这里只能扫码付款" in turn["say"] and "按0叫工作人员" in turn["say"]
    assert s.step("<key:2>")["state"] == "payment"  # not a key of this site


# ---------------------------------------------------------------------- site.yaml
def test_site_payment_problems_have_positions(tmp_path: Path) -> None:
    site = Path(__file__).resolve().parents[2] / "guides" / "site.yaml"
    text = site.read_text(encoding="utf-8").replace(
        "methods: [qr, card, cashier]", "methods: [qr, crad]", 1)
    bad = tmp_path / "site.yaml"
    bad.write_text(text, encoding="utf-8")
    reader = Reader(str(bad))
    assert read_network(bad, reader) is None
    messages = [str(p) for p in reader.problems]
    assert any("unknown payment method 'crad'" in m and "did you mean 'card'" in m
               for m in messages), messages
    assert any("where describes 'cashier'" in m for m in messages), messages
    assert all(m.startswith(f"{bad}:") for m in messages)


def test_a_code_paid_just_before_going_back_is_refunded() -> None:
    store = Store(memory=True)
    s = _session(store)
    s.start()
    for line in KEYS_TO_FINE_PAYMENT:
        s.step(line)
    order = next(iter(s.sim.db.db.table("orders").rows))
    s.sim.payment.wait(order["order_id"])  # paid on the phone as "返回" was said
    turn = s.step("返回")
    assert "会原路退回" in turn["say"] and turn["state"] == "confirm"
    assert [o["status"] for o in _orders(s)] == ["refunded"]
    s.step("<key:1>")  # pays again after all: a fresh order of a fresh journal entry
    assert s.step("<pay:ok>")["outcome"] == "completed"
    assert [o["status"] for o in _orders(s)] == ["refunded", "paid"]
    assert not [e for e in store.unfinished() if e.session_id == s.session_id]
