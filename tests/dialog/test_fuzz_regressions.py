"""Bugs found by ``kiosk bench dialog``, kept fixed."""

from __future__ import annotations

from assistant.chat import new_session

from .helpers import TODAY, texts
from .keyword_nlu import KeywordUnderstander
from .test_golden import _real_nlu

TO_PAYMENT = ["<key:1>", "<key:1>", "<card:expired>", "<face:ok>", "<photo:ok>", "<key:2>",
              "<key:1>"]


def test_payment_made_while_staff_is_offered_is_taken() -> None:
    """Paying while the kiosk asks "需要工作人员吗？" completes (was: dropped, stuck, charged)."""
    session = new_session(texts(), nlu=KeywordUnderstander(), today=TODAY)
    session.start()
    for line in [*TO_PAYMENT, "<key:5>", "<key:5>", "<key:5>"]:
        turn = session.step(line)
    assert turn["state"] == "offer_staff"
    turn = session.step("<pay:ok>")
    assert turn["done"] and turn["outcome"] == "completed"
    assert turn["say"].startswith("已收到付款20元")
    orders = list(session.sim.db.db.table("orders").rows)
    assert [(o["status"], o["charges"]) for o in orders] == [("paid", 1)]


def test_a_request_is_not_a_yes_to_the_payment_question() -> None:
    """"我要交违章罚款" contains 要 but must not confirm a 20-yuan payment."""
    session = new_session(texts(), nlu=_real_nlu(), today=TODAY)
    session.start()
    for line in TO_PAYMENT[:-1]:
        turn = session.step(line)
    assert turn["state"] == "confirm"
    turn = session.step("我要交违章罚款")  # not a yes: another service, offered as a switch
    assert turn["state"] == "confirm_intent" and not session.executor.pending
    assert "您是要改成" in turn["say"]
    assert session.step("不是")["state"] == "confirm"
    assert session.step("要的")["state"] == "payment"
