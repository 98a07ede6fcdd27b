"""A dialog that listens like a person (issue 12): urgent words anywhere, corrections,
values for a yes, no accidental switches, side questions, ending well."""

from __future__ import annotations

import pytest

from assistant.dialog import Action, Dialog, Key, Silence, UserText
from assistant.dialog.events import Event

from .helpers import (
    PATHS,
    POSTED_CONFIRM,
    RENEW,
    calls,
    demo_card,
    end,
    feed,
    listen,
    make_dialog,
    said,
)


def _at(state: str, posted: bool = False):  # type: ignore[no-untyped-def]
    d, _ = make_dialog()
    feed(d, *(POSTED_CONFIRM if posted else PATHS[state]))
    assert d.state == state
    return d


# ---------------------------------------------------------------- priority listening
@pytest.mark.parametrize("state", ["menu", "card", "photo", "choice", "confirm", "slot",
                                   "readback", "payment"])
@pytest.mark.parametrize("text", ["救命啊，有人抢我包", "快来人，我老伴摔倒了", "我头好晕，心口痛",
                                  "门口有人拿着刀在追人", "对面楼烧起来了，快叫人",
                                  "我孙子刚刚还在这里，一转身没了，快帮帮我",
                                  "超市门口有人喝醉了在砸东西", "楼道里一股煤气味，煤气漏了",
                                  "老伴在外头晕过去了，喊也不应",
                                  "河边有个小孩掉到水里去了",
                                  "阿拉老头子倒在门口了，叫不应了",
                                  "快点快点 有个小姑娘被人拖上车了",
                                  "我外孙被一个不认识的男的抱走了",
                                  "快点叫警察！我老伴刚刚在门口一头栽下去了，脸煞白",
                                  "哎，我儿子呢？刚刚还在门口玩的，现在哪里都看勿到他了！",
                                  "哎呀囡囡跑到马路上去了，快帮我看看",
                                  "我老公打我，现在还在外面守着"])
def test_an_emergency_inside_a_sentence_calls_the_duty_office_at_once(state: str,
                                                                      text: str) -> None:
    d = _at(state)
    a = feed(d, UserText(text))
    staff = [c for c in calls(a) if c.name == "staff"]
    assert staff and staff[0].args["urgent"] is True
    assert d.state == "waiting_staff" and ("110" in said(a) or "120" in said(a))
    assert "您是要" not in said(a)  # no quiz


@pytest.mark.parametrize("text", ["我老伴摔倒了", "救命啊，我老公在外面倒下去了",
                                  "外头有个老头倒下来了，快点", "救命啊，我胸口好痛"])
def test_a_fall_is_told_to_call_120(text: str) -> None:
    a = feed(_at("photo"), UserText(text))
    assert "120" in said(a)


def test_someone_not_back_is_asked_about_once() -> None:
    d = _at("menu")
    a = feed(d, UserText("阿拉外孙放学到现在还没回来，打电话也不接"))
    assert d.state == "offer_staff" and "值班民警" in said(a)
    d = _at("menu")
    feed(d, UserText("我的新身份证到现在还没回来"))  # a document: a look-up, no emergency
    assert d.state not in ("offer_staff", "waiting_staff")


def test_an_unclear_emergency_is_asked_once_and_silence_calls() -> None:
    d = _at("confirm")
    a = feed(d, UserText("我头有点晕"))
    assert d.state == "offer_staff" and "民警" in said(a) and not calls(a)
    a = feed(d, Silence())
    assert d.state == "waiting_staff" and calls(a)[0].args["urgent"] is True


def test_no_to_the_emergency_question_goes_back_to_the_question() -> None:
    d = _at("confirm")
    feed(d, UserText("我头有点晕"))
    a = feed(d, UserText("不用不用"))
    assert d.state == "confirm" and not calls(a)


@pytest.mark.parametrize("state", ["menu", "photo", "slot", "confirm"])
@pytest.mark.parametrize("text", ["老伴摔倒了住院了", "上个月我被人打了，现在好了",
                                  "去年我老公打我，现在已经离婚了",
                                  "我前几天头晕，看过医生了", "刚才摔了一跤，现在没事了"])
def test_an_event_told_as_past_calls_nobody(state: str, text: str) -> None:
    d = _at(state)
    a = feed(d, UserText(text))
    assert not [c for c in calls(a) if c.name == "staff"]
    assert d.state not in ("waiting_staff", "offer_staff") and "民警" not in said(a)


@pytest.mark.parametrize("state", ["menu", "photo", "slot", "confirm"])
@pytest.mark.parametrize("text", ["我老伴摔倒了起不来", "我以前摔过，现在又摔倒了",
                                  "救命，上个月打我的人又来了"])
def test_an_emergency_happening_now_still_calls_at_once(state: str, text: str) -> None:
    d = _at(state)
    a = feed(d, UserText(text))
    staff = [c for c in calls(a) if c.name == "staff"]
    assert staff and staff[0].args["urgent"] is True and d.state == "waiting_staff"


def test_a_stolen_card_is_a_request_not_an_emergency() -> None:
    d = _at("menu")
    feed(d, UserText("我身份证被偷了"))
    assert d.state != "offer_staff" and d.state != "waiting_staff"


@pytest.mark.parametrize("text", ["驾驶证跟钱包一道给小偷扒掉了，派出所报过案了，来补一本",
                                  "身份证给小偷偷走了，要补一张"])
def test_a_card_taken_by_a_pickpocket_calls_nobody(text: str) -> None:
    """小偷 with a document (or a theft already reported) is a replacement: nobody is called
    (小偷 called the duty officer at once, whatever was said with it)."""
    d = _at("menu")
    a = feed(d, UserText(text))
    assert not [c for c in calls(a) if c.name == "staff"]
    assert d.state not in ("offer_staff", "waiting_staff")


@pytest.mark.parametrize("text", ["有小偷！刚刚摸我口袋", "抓小偷啊"])
def test_a_thief_here_now_calls_at_once(text: str) -> None:
    d = _at("menu")
    a = feed(d, UserText(text))
    staff = [c for c in calls(a) if c.name == "staff"]
    assert staff and staff[0].args["urgent"] is True and d.state == "waiting_staff"


@pytest.mark.parametrize("state", ["menu", "card", "choice"])
@pytest.mark.parametrize("text", ["行使证掉到海里去了，捞勿起来了，要补一本",
                                  "出海的时候身份证掉到海里了"])
def test_a_document_lost_in_the_sea_is_no_emergency(state: str, text: str) -> None:
    """A fisherman's card "掉到海里" is a replacement, not a person in the water (it called
    the duty office)."""
    d = _at(state)
    a = feed(d, UserText(text))
    assert d.state not in ("offer_staff", "waiting_staff") and not calls(a), said(a)


def test_a_machine_that_does_not_react_is_no_emergency() -> None:
    """"通行证放上去了，一点反应都没有，侬喊个人过来看看": a person for the permit reader,
    not the duty office with the 120 advice."""
    d = _at("card")
    a = feed(d, UserText("通行证放上去了，一点反应都没有，侬喊个人过来看看"))
    staff = [c for c in calls(a) if c.name == "staff"]
    assert d.state == "waiting_staff" and staff and staff[0].args["urgent"] is False, said(a)
    assert "120" not in said(a)


def test_asking_for_a_person_at_a_number_step_is_not_a_no() -> None:
    d = _at("slot")
    a = feed(d, UserText("叫个人来帮帮我"))
    assert d.state == "waiting_staff" and calls(a)[0].args["urgent"] is False


@pytest.mark.parametrize(("text", "waits"), [("好的", True), ("嗯，晓得了", True),
                                           ("继续", False), ("不用等了，我自己来", False)])
def test_ok_while_waiting_for_a_person_keeps_the_wait(text: str, waits: bool) -> None:
    d = _at("slot")
    feed(d, UserText("叫个人来帮帮我"))
    assert d.state == "waiting_staff"
    a = feed(d, UserText(text))
    assert (d.state == "waiting_staff") is waits, said(a)


def test_not_remembering_the_number_offers_a_person() -> None:
    d = _at("slot")
    a = feed(d, UserText("号码我记勿清了，在我儿子手机里"))
    assert d.state == "offer_staff" and "没听懂" not in said(a)


def test_i_cannot_do_it_offers_a_person_in_short() -> None:
    d = _at("readback")
    a = feed(d, UserText("我弄不来"))
    assert d.state == "offer_staff" and "要我帮您叫工作人员吗" in said(a)
    feed(d, UserText("好的"))
    assert d.state == "waiting_staff"


def test_the_number_said_after_a_person_is_offered_is_the_number() -> None:
    """"我弄不来" at the plate, then "浙L12345" at "要我帮您叫工作人员吗？": the plate, read
    back — not a yes to a person (it called one)."""
    d = _at("slot")
    feed(d, UserText("我弄不来"))
    assert d.state == "offer_staff"
    a = feed(d, UserText("浙L12345"))
    assert d.state == "readback" and not calls(a), said(a)


def test_where_the_camera_is_is_answered_at_the_face_step() -> None:
    """"我眼睛不好，摄像头在哪里啊" at the face check: where to look (it was "没听懂")."""
    d = _at("face")
    a = feed(d, UserText("我 眼睛 不 好 摄像头 在 哪里 啊"))
    assert d.state == "face" and "屏幕正上方" in said(a) and "没听懂" not in said(a), said(a)


def test_posting_to_someone_elses_home_asked_is_answered_not_chosen() -> None:
    """"寄到我女儿家里可以伐" at the delivery choice asks: the registered address only is
    said, and the choice asked again (it chose the post to the registered address)."""
    d = _at("choice")
    a = feed(d, UserText("寄 到 我 女儿 家 里 可以 伐"))
    assert d.state == "choice" and "登记的地址" in said(a), said(a)


def test_no_person_needed_is_not_a_call() -> None:
    d = _at("slot")
    a = feed(d, UserText("不用叫人，我自己来"))
    assert d.state != "waiting_staff" and not calls(a)


@pytest.mark.parametrize("state", ["slot", "readback", "choice", "confirm"])
@pytest.mark.parametrize("text", ["算了算了，我不办了", "哦哟，头发乱糟糟的，我先回去弄弄清爽再来",
                                  "户口本没带，明天再来", "啊？寻着了？哦，那不用补了",
                                  "等一下，照片是不是要到窗口去拍？算了，我先去问问清楚再来"])
def test_giving_up_inside_a_sentence_cancels(state: str, text: str) -> None:
    d = _at(state)
    a = feed(d, UserText(text))
    e = end(a)
    assert e is not None and e.outcome == "cancelled"


def test_going_to_a_studio_after_a_failed_photo_cancels() -> None:
    d = _at("photo")
    a = feed(d, UserText("算了算了，拍出来难看，我还是去照相馆弄"))
    e = end(a)
    assert e is not None and e.outcome == "cancelled"


@pytest.mark.parametrize("state", ["menu", "photo", "choice"])
@pytest.mark.parametrize("text", ["我之前去照相馆拍过照片了", "去照相馆拍的照片能用吗",
                                  "我明天再来拿可以伐",
                                  "我 之前 去 照相馆 拍过 照片 了"])  # the recogniser's spaces
def test_a_cancel_word_told_as_past_or_asked_cancels_nothing(state: str, text: str) -> None:
    """"……去照相馆拍过照片了" tells, "……能用吗" asks: the words of a cancel in them
    ("去照相馆", "明天再来") end nothing (at the menu "之前去照相馆拍过" ended the session)."""
    d = _at(state)
    a = feed(d, UserText(text))
    assert end(a) is None and d.state != "ended", said(a)


@pytest.mark.parametrize("state", ["slot", "readback", "confirm", "menu"])
def test_settings_said_in_a_sentence_are_applied_not_quizzed(state: str) -> None:
    d = _at(state)
    a = feed(d, UserText("你说得太快了，慢一点，声音也大一点"))
    assert d.rate < 1.0 and d.volume_db > 0 and d.state == state
    assert "您是要" not in said(a)
    first = next(x for x in a if hasattr(x, "rate"))
    assert first.rate == d.rate  # confirmed in the new voice


def test_take_time_at_are_you_there_keeps_the_session() -> None:
    d = _at("card")
    feed(d, Silence(), Silence(), Silence(), Silence())
    assert d.state == "still_there"
    feed(d, UserText("在的在的，慢慢来"))
    assert d.state == "card" and d.take_time


def test_wait_then_the_answer_at_the_confirmation_is_the_answer() -> None:
    d = _at("confirm")
    feed(d, UserText("等一下，我想想……那就换掉吧"))
    assert not d.take_time and d.state in ("payment", "busy")
    d = _at("confirm")
    feed(d, UserText("等一下，我想想"))
    assert d.take_time and d.state == "confirm"


def test_hm_wait_does_not_confirm_a_read_back() -> None:
    d = _at("readback")
    a = feed(d, UserText("嗯，等一下"))
    assert d.state == "readback" and d.take_time and not calls(a)
    assert d.ctx is not None and "plate_number" not in d.ctx.values


# ---------------------------------------------------------------- corrections and values
@pytest.mark.parametrize("text", ["不对，最后一位是六", "不对的，最后那个字是六",
                                  "最后一个数字我讲错了，应该是六"])
def test_not_right_the_last_digit_is_five_corrects_and_reads_back(text: str) -> None:
    d = _at("readback")
    a = feed(d, UserText(text))
    assert d.state == "readback" and "1 2 3 4 6" in said(a)
    feed(d, UserText("对的"))
    assert d.ctx is not None and d.ctx.values["plate_number"] == "浙L12346"


@pytest.mark.parametrize(("text", "read"), [
    ("浙L六六六六五，不对不对，是六六六六六", "6 6 6 6 6"),   # what is said after 不对
    ("浙L幺二三四五，嗯，对的", "1 2 3 4 5"),                 # the value, not an "OK"
    ("车牌是浙L一二，嗯……三四五", "1 2 3 4 5"),              # one number in two breaths
])
def test_a_number_said_the_way_people_say_it(text: str, read: str) -> None:
    d = _at("slot")
    a = feed(d, UserText(text))
    assert d.state == "readback" and read in said(a), said(a)


def test_a_refused_id_number_is_mended_by_its_last_digit() -> None:
    d, _ = make_dialog()
    feed(d, UserText("身份证丢了"))
    assert d.state == "slot"
    a = feed(d, UserText("三三零九零二一九五三零四一二一二四二"))  # check digit wrong
    assert d.state == "slot" and "不对" in said(a)
    a = feed(d, UserText("哦，不对，最后一位是一"))
    assert d.state == "readback" and "1 2 4 1" in said(a), said(a)
    a = feed(d, UserText("最后一位是五"))  # a mend into a wrong number: not taken
    assert d.state == "readback" and "1 2 4 5" not in said(a)


def test_a_new_plate_at_the_read_back_replaces_it() -> None:
    d = _at("readback")
    a = feed(d, UserText("不对，是浙L六六六六六"))
    assert d.state == "readback" and "6 6 6 6 6" in said(a)


def test_the_same_plate_again_is_a_yes() -> None:
    d = _at("readback")
    feed(d, UserText("浙L12345"))
    assert d.state == "busy"


def test_a_plate_said_at_do_you_want_is_yes_with_the_plate() -> None:
    d, _ = make_dialog()
    feed(d, UserText("罚单怎么办"))
    assert d.state == "confirm_intent"
    a = feed(d, UserText("浙L12345"))
    assert d.state == "readback" and "1 2 3 4 5" in said(a)
    assert d.ctx is not None and d.ctx.flow == "traffic.fine_payment"


def test_yes_to_a_choice_asked_as_a_yes_no_question() -> None:
    d, _ = make_dialog()
    feed(d, *RENEW, demo_card("valid"))
    assert d.state == "choice" and d.prompt is not None and "证件坏了要换吗" in d.prompt.text
    feed(d, UserText("是的"))
    assert d.ctx is not None and d.ctx.values.get("reason") == "damaged"


def test_no_to_a_choice_asked_as_a_yes_no_question() -> None:
    d, _ = make_dialog()
    feed(d, *RENEW, demo_card("valid"))
    a = feed(d, UserText("不是"))
    assert d.done or (d.ctx is not None and d.ctx.values.get("reason") == "none"), said(a)


@pytest.mark.parametrize(("text", "delivery"), [
    ("寄到屋里……不对不对，我自己过来拿", "collect"),   # what is said after "不对" counts
    ("自己来拿，嗯……还是寄过来吧", "post"),             # the mind changed to the last one
    ("寄回去……那个，自己拿也行", None),                 # two options, no word for which: ask
    # the post named with its drawback ("要好几天" asks nothing), then what the speaker will do
    ("阿拉住在岛上，寄过来要好几天，我下午自己来拿", "collect"),
    ("阿拉 住在 岛上，寄过来 要 好几天，我 下午 自己 来拿", "collect"),  # recogniser spaces
])
def test_an_option_taken_back_or_changed_is_the_last_one(text: str, delivery: str | None) -> None:
    d = _at("choice")
    feed(d, UserText(text))
    assert d.ctx is not None and d.ctx.values.get("delivery") == delivery


def test_putting_the_card_down_at_do_you_want_is_yes() -> None:
    d, _ = make_dialog()
    feed(d, UserText("我想去香港"))
    assert d.state == "confirm_intent" and d.candidate[0] == "exit_entry.endorse_hk_macau"
    a = feed(d, demo_card("valid"))
    assert d.ctx is not None and d.ctx.flow == "exit_entry.endorse_hk_macau", said(a)
    assert d.state == "face" and "陈建国" in said(a)


@pytest.mark.parametrize("state", ["face", "photo", "choice"])
def test_correcting_renew_to_replace_mid_flow_offers_the_switch(state: str) -> None:
    d = _at(state)
    assert d.ctx is not None and d.ctx.flow == "id_card.renew"
    a = feed(d, UserText("不对不对，我是要补，不是换"))
    assert d.state == "confirm_intent" and "改成补领身份证" in said(a), said(a)
    feed(d, UserText("不是"))
    assert d.state == state and d.ctx is not None and d.ctx.flow == "id_card.renew"
    feed(d, UserText("搞错了，是补，身份证丢了"))
    feed(d, UserText("是的"))
    assert d.ctx is not None and d.ctx.flow == "id_card.replace"


def test_a_word_about_changing_something_else_is_no_switch() -> None:
    d = _at("photo")
    feed(d, UserText("要换个姿势伐"))
    assert d.state == "photo" and d.ctx is not None and d.ctx.flow == "id_card.renew"


def test_changing_the_delivery_at_the_confirmation() -> None:
    d = _at("confirm", posted=True)
    a = feed(d, UserText("那我自己去拿好了"))
    assert d.state == "confirm" and "改成" in said(a) and "自己领" in said(a)
    assert d.ctx is not None and d.ctx.values["delivery"] == "collect"


# ---------------------------------------------------------------- switching policy
def test_where_am_i_in_a_sentence_is_never_a_switch() -> None:
    d = _at("confirm")
    a = feed(d, UserText("我现在到哪一步了"))
    assert d.state == "confirm" and "第" in said(a) and "改成" not in said(a)


def test_a_switch_after_the_final_confirmation_needs_a_second_yes() -> None:
    d = _at("confirm")
    a = feed(d, UserText("不对，我要办港澳签注"))
    assert d.state == "confirm_intent" and "改成" in said(a)
    a = feed(d, UserText("是"))
    assert d.state == "confirm_intent" and "确定" in said(a)
    assert d.ctx is not None and d.ctx.flow == "id_card.renew"
    feed(d, UserText("不是"))
    assert d.state == "confirm" and d.ctx is not None and d.ctx.flow == "id_card.renew"


# ---------------------------------------------------------------- side questions
def test_a_question_about_the_fee_at_the_confirmation_is_answered() -> None:
    d = _at("confirm")
    a = feed(d, UserText("要多少钱啊"))
    assert d.state == "confirm" and "20元" in said(a) and "没听懂" not in said(a)


def test_a_question_about_glasses_at_the_photo_is_answered() -> None:
    d = _at("photo")
    a = feed(d, UserText("眼镜要摘吗"))
    assert d.state == "photo" and "眼镜" in said(a) and "没听懂" not in said(a)


# ---------------------------------------------------------------- ending well
def test_thanks_right_after_the_end_gets_a_short_reply_and_no_session() -> None:
    d, _ = make_dialog()
    d2 = type(d)(d.texts, d.flows, nlu=d.nlu, today=d.today)
    a = d2.start(read_menu=False)
    assert not a
    a = feed(d2, UserText("谢谢"))
    assert d2.done and "不客气" in said(a) and "您好" not in said(a)


def test_a_woken_kiosk_greets_with_the_reply() -> None:
    d, _ = make_dialog()
    d2 = type(d)(d.texts, d.flows, nlu=d.nlu, today=d.today)
    d2.start(read_menu=False)
    a = feed(d2, Key("1"))
    assert said(a).startswith("您好") and listen(a) is not None


def test_face_failed_needs_no_key_after_the_end() -> None:
    d = _at("face")
    for _ in range(3):
        a = feed(d, _fail_face())
    assert d.done and "按0" not in said(a)


def _fail_face() -> Event:
    from .helpers import fail

    return fail("face", "verify", reason="mismatch")


def test_an_unknown_plate_is_not_told_it_has_no_fines() -> None:
    from assistant.dialog import DeviceResult

    d = _at("readback")
    unknown = DeviceResult("backend", "ok", "violations", {"violations": [], "registered": False})
    feed(d, UserText("对"))
    assert d.state == "busy"
    a = feed(d, unknown)  # misheard more often than not: the plate is asked for once more
    assert end(a) is None and d.state == "slot" and d.ctx is not None
    assert "plate_number" not in d.ctx.values
    assert "没有查到这辆车" in said(a) and "没有未处理" not in said(a)
    feed(d, UserText("浙L98878"))
    feed(d, UserText("对"))
    assert d.state == "busy"
    a = feed(d, unknown)  # a second unknown plate ends the look-up
    e = end(a)
    assert e is not None and e.outcome == "failed"
    assert "没有查到这辆车" in said(a) and "没有未处理" not in said(a)


def test_the_staff_key_twice_in_a_number_step_offers_a_person() -> None:
    d = _at("slot")
    feed(d, Key("0"))
    a = feed(d, Key("0"))
    assert d.state == "offer_staff" and "工作人员" in said(a)
    feed(d, Key("2"))  # no: back to the number, and 00 can now be typed
    assert d.state == "slot"
    feed(d, Key("0"), Key("0"))
    assert d.state == "slot" and d.ctx is not None and d.ctx.digits == "00"


def test_the_help_in_a_number_step_says_how_to_reach_a_person() -> None:
    d = _at("slot")
    a = feed(d, Key("help"))
    assert "两下0" in said(a)


# ---------------------------------------------------------------- human wording
def test_no_at_do_you_want_asks_what_in_one_line() -> None:
    d, _ = make_dialog()
    feed(d, UserText("罚单怎么办"))
    a = feed(d, UserText("不是"))
    assert d.state == "menu" and "您要办什么" in said(a) and "说'一'或按1" not in said(a)
    a = feed(d, Key("*"))  # the list only when asked for
    assert "说'一'或按1" in said(a)


def test_a_person_is_offered_in_words_people_use() -> None:
    d, _ = make_dialog()
    d.propose_intent("call_staff", {})
    assert d.prompt is not None and d.prompt.text.startswith("要我帮您叫工作人员吗")


def test_a_greeting_is_answered_not_quizzed() -> None:
    d, _ = make_dialog()
    a = feed(d, UserText("你好呀"))
    d.propose_intent("greet", {})
    assert d.state == "menu" and "您是要" not in said(a)


@pytest.mark.parametrize("text", ["不对，我自己去拿", "好的，不过我自己来拿吧"])
def test_a_yes_or_no_that_changes_the_delivery_is_neither(text: str) -> None:
    d = _at("confirm", posted=True)
    a = feed(d, UserText(text))
    assert d.state == "confirm" and not d.done and "改成" in said(a)
    assert d.ctx is not None and d.ctx.values["delivery"] == "collect"


def test_a_yes_with_a_but_at_the_confirmation_does_not_pay() -> None:
    d = _at("confirm")
    a = feed(d, UserText("好的，不过我还要问一下"))
    assert d.state == "confirm" and not calls(a)


# ---------------------------------------------------------------- plates with letters by keys
def _keys(d: Dialog, text: str) -> list[Action]:
    return feed(d, *(Key(c) for c in text))


def test_a_plate_with_a_letter_is_keyed_digits_then_letter() -> None:
    d = _at("slot")
    a = _keys(d, "8888#")
    assert d.state == "choice" and "第几位" in said(a) and "按1到5" in said(a)
    assert "A到H按1" in said(_keys(d, "1"))
    assert "按1是A" in said(_keys(d, "1"))
    a = _keys(d, "1")
    assert d.state == "readback" and "浙 L A 8 8 8 8" in said(a)
    assert not [c for c in calls(a) if c.name == "traffic"]  # looked up only after the yes
    feed(d, Key("1"))
    assert d.ctx is not None and d.ctx.values["plate_number"] == "浙LA8888"


def test_two_letters_are_chosen_left_to_right() -> None:
    d = _at("slot")
    _keys(d, "888#1")  # first letter in position 1
    _keys(d, "11")  # A
    a = _keys(d, "1")  # position 1 is taken: not a place for the next letter
    assert d.state == "choice" and "按2到5" in said(a)
    _keys(d, "2")  # second letter in position 2
    _keys(d, "2")  # J..R
    a = _keys(d, "5")  # J K L M N: N
    assert d.state == "readback" and "浙 L A N 8 8 8" in said(a)


def test_back_at_a_letter_prompt_types_the_plate_again() -> None:
    d = _at("slot")
    _keys(d, "8888#")
    a = _keys(d, "9")
    assert d.state == "slot" and d.ctx is not None and d.ctx.digits == ""
    assert "字母不用输" in said(a)
    a = _keys(d, "12345#")
    assert d.state == "readback" and "浙 L 1 2 3 4 5" in said(a)


def test_the_plate_said_at_a_letter_prompt_is_read_back() -> None:
    d = _at("slot")
    _keys(d, "8888#")
    a = feed(d, UserText("浙LA八八八八"))
    assert d.state == "readback" and "浙 L A 8 8 8 8" in said(a)


@pytest.mark.parametrize("typed", ["88#", "888888#"])
def test_too_few_or_too_many_digits_are_still_not_a_plate(typed: str) -> None:
    d = _at("slot")
    a = _keys(d, typed)
    assert d.state == "slot" and "不对" in said(a)


# ---------------------------------------------------------------- another service asked about
@pytest.mark.parametrize(("text", "title", "named"), [
    ("护照在哪里办呢", "普通护照遗失补发", True),
    ("还有那个居住证，居住证在哪里办啊", "居住证签注", True),
    ("要几天能拿到啊", "查询出入境证件进度", False),  # names no service: no guess answered
    ("新身份证寄到哪里", "身份证办理进度查询", False),  # the transaction in progress
    ("在哪里办理啊", "护照办理", False),  # 办理 names nothing
])
def test_a_likely_guide_is_answered_mid_flow_only_when_named(text: str, title: str,
                                                             named: bool) -> None:
    from assistant.dialog.side import names_other

    assert names_other(text, title, "换领身份证") is named


@pytest.mark.parametrize(("text", "claims"), [
    ("我已经扫过了呀", True), ("钱付了呀，怎么还不动", True), ("扣了钱了，你看看", True),
    ("我还没付好", False), ("等一下，我还没扫", False),
])
def test_saying_it_was_paid_before_the_terminal_confirmed(text: str, claims: bool) -> None:
    """"我已经扫过了" while paying: not received yet, goes on by itself, no second charge
    — never "没听懂"; a "not yet" is no such claim."""
    d = _at("payment")
    a = feed(d, UserText(text))
    assert d.state == "payment" and not [c for c in calls(a) if c.name == "payment"]
    assert ("不会重复收费" in said(a)) is claims
    assert "没听懂" not in said(a) or not claims


def test_asking_what_there_is_reads_the_menu() -> None:
    """A blind citizen's "你说一下有哪些" at the menu: the services are read out, with their
    keys (it was "要我说一下怎么用吗？")."""
    d = _at("menu")
    a = feed(d, UserText("我眼睛不好，你讲讲都有什么业务"))
    assert d.state == "menu" and "办理身份证业务" in said(a) and "按1" in said(a), said(a)


@pytest.mark.parametrize("state", ["menu", "card", "choice"])
@pytest.mark.parametrize("text", ["麻烦帮我喊一下值班的", "叫你们领导来",
                                  "我勿要跟机器讲，寻个活人",
                                  "我勿要跟电脑讲话，有事体要反映，我要寻民警同志当面讲",
                                  "一千块那条我不认的，叫个交警过来，我当面跟他讲清爽",
                                  "侬 这个 机器 讲 不 清 的 我 要 跟 人 讲"])
def test_a_person_asked_for_in_other_words_is_called(state: str, text: str) -> None:
    d = _at(state)
    a = feed(d, UserText(text))
    assert d.state == "waiting_staff" and [c for c in calls(a) if c.name == "staff"], said(a)


@pytest.mark.parametrize("state", ["menu", "card"])
@pytest.mark.parametrize("text", ["人呢，怎么一个人都没有",
                                  "叫我来开一张啥个证明，我也讲勿清爽，侬搿里哪个好帮我看看"])
def test_nobody_around_offers_a_person(state: str, text: str) -> None:
    d = _at(state)
    a = feed(d, UserText(text))
    assert d.state == "offer_staff" and not calls(a), said(a)


def test_wait_for_me_while_i_tidy_up_is_time_taken() -> None:
    """"我要先去把头发梳一下，等我一下啊" at the photo: time given (it was "没听懂")."""
    d = _at("photo")
    a = feed(d, UserText("我 要 先 去 把 头发 梳 一下 等 我 一下 啊"))
    assert d.state == "photo" and "慢慢来" in said(a) and "没听懂" not in said(a), said(a)


@pytest.mark.parametrize("state", ["card", "photo", "choice"])
def test_a_bag_gone_just_now_is_asked_about(state: str) -> None:
    """"我的包刚刚放在这里，一转身就没了": a theft now may be — the duty office offered (it was
    "没听懂"); a card gone the same way is a replacement, no emergency."""
    d = _at(state)
    a = feed(d, UserText("我 的 包 刚刚 放 在 这里 一 转 身 就 没 了"))
    assert d.state == "offer_staff" and "值班民警" in said(a), said(a)
    d = _at(state)
    feed(d, UserText("身份证一转身就没了"))
    assert d.state not in ("offer_staff", "waiting_staff")



@pytest.mark.parametrize("text", ["电视里一个老头喊救命，吓我一跳，原来是拍戏",
                                  "昨天夜里做梦，梦到屋里着火了，吓煞了"])
def test_an_emergency_seen_on_television_calls_nobody(text: str) -> None:
    """Urgent words of a television drama or a dream ("not_real") call nobody and, at the
    menu, offer nobody: "好的，我知道了。" and the menu again (救命 called the duty officer)."""
    d = _at("menu")
    a = feed(d, UserText(text))
    assert not [c for c in calls(a) if c.name == "staff"]
    assert d.state == "menu" and "我知道了" in said(a), said(a)
