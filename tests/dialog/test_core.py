"""The dialog core: universal commands, escalation, timeouts, card removal, decisions."""

from __future__ import annotations

import pytest

from assistant.dialog import DeviceResult, DialogConfig, Key, Silence, Tick, UserText
from assistant.dialog.meanings import UNIVERSAL

from .helpers import (
    PATHS,
    RENEW,
    calls,
    demo_card,
    end,
    feed,
    keys_said,
    listen,
    make_dialog,
    ok,
    said,
)


def _reach(state: str):  # type: ignore[no-untyped-def]
    d, _ = make_dialog()
    if state in PATHS:
        feed(d, *PATHS[state])
    elif state == "offer_staff":
        feed(d, Silence(), Silence(), Silence())
    elif state == "still_there":
        feed(d, Silence(), Silence(), Silence(), Silence())
    elif state == "confirm_intent":
        feed(d, UserText("罚单怎么办"))
    elif state == "clarify_intent":
        feed(d, UserText("身份证的事"))
    assert d.state == state
    return d


ALL_STATES = [*PATHS, "offer_staff", "still_there", "confirm_intent", "clarify_intent"]


@pytest.mark.parametrize("state", ALL_STATES)
def test_every_state_is_reachable(state: str) -> None:
    _reach(state)


@pytest.mark.parametrize("state", ALL_STATES)
def test_cancel_ends_from_every_state(state: str) -> None:
    d = _reach(state)
    actions = feed(d, UserText("取消"))
    if state == "busy":  # not yet paid: cancelling a pending payment order is allowed
        assert end(actions) is not None
    e = end(actions)
    assert e is not None and e.outcome == "cancelled"
    assert d.done and d.ctx is None and d.card is None


@pytest.mark.parametrize("state", ALL_STATES)
def test_call_staff_and_emergency_from_every_state(state: str) -> None:
    d = _reach(state)
    actions = feed(d, Key("0") if state != "slot" else UserText("找工作人员"))
    # the duty office is notified and the kiosk stays with the user until staff arrive
    assert end(actions) is None and d.state == "waiting_staff"
    assert "马上过来" in said(actions)
    assert [(c.args["urgent"], c.args["reason"]) for c in calls(actions)
            if c.name == "staff"] == [(False, "asked")]
    actions = feed(d, DeviceResult("staff", "ok", "arrived"))
    e = end(actions)
    assert e is not None and e.outcome == "staff" and d.ctx is None and d.card is None
    d = _reach(state)
    actions = feed(d, UserText("救命"))
    assert d.state == "waiting_staff" and "民警" in said(actions) and "110" in said(actions)
    assert [c.args["urgent"] for c in calls(actions) if c.name == "staff"] == [True]


@pytest.mark.parametrize("state", ["menu", "slot", "confirm", "payment"])
def test_waiting_for_staff_keeps_company_and_the_user_can_go_on(state: str) -> None:
    d = _reach(state)
    question = d.prompt.text if d.prompt is not None else ""
    feed(d, Key("0") if state != "slot" else UserText("找工作人员"))
    start = d.now
    actions = feed(d, Tick(start + 31))
    assert "马上就到" in said(actions) and d.state == "waiting_staff"
    actions = feed(d, Key("0"))
    assert "已经叫过" in said(actions) and not calls(actions)
    actions = feed(d, UserText("不用了"))
    assert d.state == state and question in said(actions)
    feed(d, Key("0") if state != "slot" else UserText("找工作人员"))
    actions = feed(d, UserText("继续"))  # as the waiting prompt says
    assert d.state == state and question in said(actions)


def test_staff_who_never_come_end_the_session_and_wipe_it() -> None:
    d = _reach("confirm")
    feed(d, Key("0"))
    start = d.now
    for t in range(30, 600, 30):
        assert end(feed(d, Tick(start + t))) is None
    e = end(feed(d, Tick(start + 601)))
    assert e is not None and e.outcome == "staff" and d.ctx is None and d.card is None


@pytest.mark.parametrize("state", ALL_STATES)
def test_repeat_help_and_voice_settings_keep_the_state(state: str) -> None:
    d = _reach(state)
    assert d.prompt is not None
    question = d.prompt.text
    actions = feed(d, UserText("再说一遍"))
    assert question in said(actions) and d.state == state and listen(actions) is not None
    actions = feed(d, UserText("帮助"))
    assert said(actions) and d.state == state and listen(actions) is not None
    actions = feed(d, UserText("慢一点"))
    assert "慢" in said(actions) and d.state == state
    assert all(a.rate < 1.0 for a in actions if hasattr(a, "rate"))
    actions = feed(d, UserText("大声点"))
    assert d.volume_db == 3 and d.state == state


@pytest.mark.parametrize("state", ALL_STATES)
def test_back_and_start_over_never_end(state: str) -> None:
    d = _reach(state)
    actions = feed(d, UserText("返回"))
    assert end(actions) is None and not d.done
    d = _reach(state)
    actions = feed(d, UserText("重新开始"))
    assert end(actions) is None and d.state in ("menu", "still_there", "offer_staff")


def test_universal_list_covers_the_catalogue_commands() -> None:
    from assistant.nlu.catalogue import UNIVERSAL_COMMANDS

    assert set(UNIVERSAL_COMMANDS) <= set(UNIVERSAL)


def test_noinput_escalates_to_choices_then_staff_then_presence_then_end() -> None:
    d, _ = make_dialog()
    a1 = feed(d, Silence())
    assert "没有听到" in said(a1) and d.state == "menu"
    a2 = feed(d, Silence())
    assert "您可以这样选" in said(a2) and "说'一'或按1" in said(a2)
    a3 = feed(d, Silence())
    assert d.state == "offer_staff" and "工作人员" in said(a3)
    assert listen(a3) is not None and listen(a3).keys["1"] == "yes"  # type: ignore[union-attr]
    a4 = feed(d, Silence())
    assert d.state == "still_there" and "还在吗" in said(a4)
    # a recogniser's listening window ending early does not cut the 30 s of the warning
    asked = d.now
    a5 = feed(d, Tick(asked + 8), Silence(), Tick(asked + 16), Silence())
    assert end(a5) is None and d.state == "still_there" and said(a5) == ""
    a6 = feed(d, Tick(asked + 30))
    e = end(a6)
    assert e is not None and e.outcome == "timed_out" and "信息已经清除" in said(a6)


def test_nomatch_in_confirm_spells_out_keys_then_offers_staff() -> None:
    d = _reach("confirm")
    a1 = feed(d, UserText("香蕉"))
    assert "没听懂" in said(a1)
    a2 = feed(d, UserText("苹果"))
    assert "说'是'或按1，说'不是'或按2" in said(a2)
    feed(d, UserText("橘子"))
    assert d.state == "offer_staff"
    a4 = feed(d, Key("2"))
    assert d.state == "confirm" and d.prompt is not None and d.prompt.nomatch == 0
    assert "确认办理吗" in said(a4)


def test_offer_staff_yes_calls_staff() -> None:
    d = _reach("offer_staff")
    actions = feed(d, UserText("是"))
    assert d.state == "waiting_staff" and [c.args["reason"] for c in calls(actions)] == [
        "offered"]


def test_inactivity_by_injected_clock() -> None:
    d, _ = make_dialog(DialogConfig(inactivity_s=60, presence_s=15))
    feed(d, Tick(0.0), *RENEW, demo_card("expired"))
    assert d.state == "face"
    assert feed(d, Tick(59.0)) == []
    a = feed(d, Tick(61.0))
    assert d.state == "still_there" and "还在吗" in said(a)
    assert feed(d, Tick(70.0)) == []
    a = feed(d, Tick(76.5))
    e = end(a)
    assert e is not None and e.outcome == "timed_out"
    assert d.ctx is None and d.card is None and d.prompt is None


def test_answer_to_still_there_resumes_the_question() -> None:
    d, _ = make_dialog(DialogConfig(inactivity_s=60))
    feed(d, Tick(0.0), *RENEW)
    feed(d, Tick(100.0))
    a = feed(d, Key("1"))
    assert d.state == "card" and "读卡区" in said(a)


def test_no_inactivity_prompt_while_waiting_for_payment() -> None:
    d, _ = make_dialog(DialogConfig(inactivity_s=60))
    feed(d, Tick(0.0), *PATHS["payment"])
    assert feed(d, Tick(500.0)) == [] and d.state == "payment"


def test_card_removed_mid_flow_cancels_without_charge() -> None:
    d = _reach("face")
    a = feed(d, UserText("x") if False else Silence())
    a = d.handle(__import__("assistant.dialog", fromlist=["CardRemoved"]).CardRemoved())
    e = end(a)
    assert e is not None and e.outcome == "cancelled" and "没有收取费用" in said(a)
    assert not [c for c in calls(a) if c.name == "payment"]


def test_card_removed_after_payment_refunds() -> None:
    from assistant.dialog import CardRemoved

    d = _reach("payment")
    a = feed(d, ok("payment", "wait"))
    assert d.state == "busy" and d.ctx is not None and d.ctx.paid
    a = feed(d, CardRemoved())
    refunds = [c for c in calls(a) if (c.name, c.op) == ("payment", "refund")]
    assert len(refunds) == 1 and end(a) is not None and "退回" in said(a)


def test_cancel_after_submission_is_refused() -> None:
    d = _reach("payment")
    feed(d, ok("payment", "wait"), ok("backend", "submit_application", application_no="HJ1"))
    assert d.state == "busy" and d.ctx is not None and d.ctx.committed
    a = feed(d, UserText("取消"))
    assert end(a) is None and "不能撤回" in said(a)


def test_back_after_payment_is_refused() -> None:
    d = _reach("payment")
    feed(d, ok("payment", "wait"))
    a = feed(d, UserText("返回"))
    assert "不能撤回" in said(a) and not d.done


def test_back_goes_to_previous_question() -> None:
    d = _reach("confirm")
    a = feed(d, Key("9"))
    assert d.state == "choice" and "怎么领取" in said(a)
    assert d.ctx is not None and "delivery" not in d.ctx.values


def test_decision_accept_starts_flow() -> None:
    d, _ = make_dialog()
    a = feed(d, UserText("我身份证过期了"))
    assert d.state == "card" and d.flow == "id_card.renew" and "读卡区" in said(a)


def test_decision_confirm_asks_title_then_starts() -> None:
    d, _ = make_dialog()
    a = feed(d, UserText("罚单怎么办"))
    assert "您是要缴纳交通违法罚款吗？" in said(a) and "按1" in said(a)
    feed(d, UserText("对"))
    assert d.state == "slot" and d.flow == "traffic.fine_payment"


def test_decision_clarify_asks_which_with_keys() -> None:
    d, _ = make_dialog()
    a = feed(d, UserText("身份证的事"))
    lst = listen(a)
    assert lst is not None
    assert lst.keys["1"] == "id_card.renew" and lst.keys["2"] == "id_card.replace"
    assert "说'一'或按1，换领身份证" in said(a)
    feed(d, Key("2"))
    assert d.flow == "id_card.replace"


def test_out_of_scope_is_refused_politely() -> None:
    d, _ = make_dialog()
    a = feed(d, UserText("帮我买张船票"))
    assert "这个我办不了" in said(a) and d.state == "menu" and d.not_understood


def test_digit_slot_keys_and_readback_correction() -> None:
    d = _reach("slot")
    for c in "54321":
        feed(d, Key(c))
    a = feed(d, Key("#"))
    assert d.state == "readback" and "浙 L 5 4 3 2 1" in said(a)
    a = feed(d, UserText("不对"))
    assert d.state == "slot"
    a = feed(d, UserText("浙L12345"))
    assert "浙 L 1 2 3 4 5" in said(a)
    a = feed(d, Key("1"))
    assert d.state == "busy" and calls(a)[0].args["plate"] == "浙L12345"


def test_invalid_id_number_is_reasked() -> None:
    d, _ = make_dialog()
    feed(d, Key("1"), Key("2"))
    assert d.state == "slot"
    a = feed(d, UserText("330902195304121240"))  # wrong check digit
    assert "号码不对" in said(a) and d.state == "slot"


def test_site_without_device_redirects_with_address() -> None:
    d, _ = make_dialog(DialogConfig(site_devices=frozenset({"household"})))
    a = feed(d, UserText("交罚款"))
    e = end(a)
    assert e is not None and e.outcome == "redirected" and "东瀛路226号" in said(a)


def test_settings_reset_after_session() -> None:
    d, _ = make_dialog()
    feed(d, UserText("慢一点"), UserText("大声点"))
    assert d.rate < 1.0 and d.volume_db > 0
    feed(d, UserText("取消"))
    assert d.rate == 1.0 and d.volume_db == 0


def test_ended_dialog_ignores_events() -> None:
    d, _ = make_dialog()
    feed(d, Key("cancel"))
    assert d.done and feed(d, Key("1"), UserText("你好")) == []


def test_say_keys_name_texts() -> None:
    _d, a = make_dialog()
    assert keys_said(a) == ["greeting", "menu"]
