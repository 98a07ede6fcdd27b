"""Guide answers: the offer to read the guide in full, and reading it section by section."""

from __future__ import annotations

from collections.abc import Collection

import pytest

from assistant.dialog import DeviceResult, Dialog, Key, Silence, Tick, UserText, new_dialog
from assistant.dialog.keypad import DEFAULT_KEYPAD
from assistant.dialog.reading import GuideSource
from assistant.nlu.types import Candidate, Decision, GuideRef, Match

from .helpers import TODAY, end, feed, listen, said, texts
from .keyword_nlu import KeywordUnderstander

SECTIONS = [("概况", "概况的话。"), ("材料", "材料的话。"), ("费用", "费用的话。"),
            ("咨询", "咨询的话。")]
ANSWER = "补领要带户口簿。"
SELF_SERVICE = "id_card.replace"
"""A guide with the name of a transaction the kiosk does: offered to be done at once."""
HINT = "下一段按6，上一段按4，不听了按9。"


class FakeGuides:
    """A guide source with one guide, ``g``."""

    def __call__(self, guide_id: str, aspect: str | None) -> str | None:
        return ANSWER if guide_id in ("g", SELF_SERVICE) else None

    def sections(self, guide_id: str) -> list[tuple[str, str]] | None:
        return list(SECTIONS) if guide_id in ("g", SELF_SERVICE) else None


class GuideNlu(KeywordUnderstander):
    """The keyword matcher, plus "要带什么" → ``guide.ask`` about guide ``g``."""

    def understand(self, text: str, *, allowed: Collection[str] | None = None,
                   asr_confidence: float | None = None) -> Match:
        if "要带什么" in text and allowed is None:
            return Match(text, text, "guide.ask", 0.95, Decision.ACCEPT,
                         slots={"aspect": "materials"}, guide=GuideRef("g", "补领"))
        if "怎么弄" in text and allowed is None:  # torn: how to do it, or doing it
            return Match(text, text, "guide.ask", 0.40, Decision.CLARIFY,
                         runner_up=Candidate(SELF_SERVICE, 0.33, ""),
                         guide=GuideRef("id_card.progress", "身份证办理进度查询"))
        if "掉了" in text and allowed is None:  # a self-service item's own guide
            return Match(text, text, "guide.ask", 0.95, Decision.ACCEPT,
                         guide=GuideRef(SELF_SERVICE, "补领身份证"))
        return super().understand(text, allowed=allowed, asr_confidence=asr_confidence)


def _dialog(guides: object | None = None) -> Dialog:
    d = new_dialog(texts(), nlu=GuideNlu(), today=TODAY, session_id="t",
                   guide_answers=FakeGuides() if guides is None else guides)  # type: ignore[arg-type]
    d.start()
    return d


def _offered() -> Dialog:
    d = _dialog()
    feed(d, UserText("补办身份证要带什么"))
    assert d.state == "guide_offer"
    return d


def _reading() -> Dialog:
    d = _offered()
    feed(d, Key("1"))
    assert d.state == "reading"
    return d


def _at(d: Dialog) -> str:
    assert d.reader.reading is not None
    return d.reader.reading.names[d.reader.reading.index]


def test_fake_is_a_guide_source() -> None:
    assert isinstance(FakeGuides(), GuideSource)
    assert not isinstance(lambda g, a: "x", GuideSource)


# ---------------------------------------------------------------------- the offer
def test_answer_then_offer_with_keys() -> None:
    d = _dialog()
    a = feed(d, UserText("补办身份证要带什么"))
    text = said(a)
    assert text == ANSWER + "要我把所需材料完整读一遍吗？说'是'或按1，说'不用'或按2。"
    lst = listen(a)
    assert lst is not None and lst.kind == "confirm"
    assert lst.keys == {"1": "yes", "2": "no", "#": "yes", "*": "repeat", "9": "back",
                        "0": "call_staff"}


@pytest.mark.parametrize("answer", [Key("2"), UserText("不用"), UserText("不要"), Key("9"),
                                    Key("cancel"), UserText("取消")])
def test_no_back_or_cancel_at_the_offer_returns_to_the_menu(answer: object) -> None:
    d = _offered()
    a = feed(d, answer)  # type: ignore[arg-type]
    assert d.state == "menu" and not d.done and end(a) is None
    assert said(a).startswith("好的。还要办什么？")  # in short, not the whole menu again
    assert d.reader.reading is None


def test_repeat_at_the_offer_says_the_answer_again() -> None:
    d = _offered()
    a = feed(d, Key("*"))
    assert said(a).startswith(ANSWER) and d.state == "guide_offer"


def test_silence_at_the_offer_asks_only_the_offer_again() -> None:
    d = _offered()
    a = feed(d, Silence())
    assert said(a) == "我没有听到您说话。要我把所需材料完整读一遍吗？说'是'或按1，说'不用'或按2。"
    feed(d, Silence())
    feed(d, Silence())
    assert d.state == "offer_staff"
    a = feed(d, Key("2"))
    assert d.state == "guide_offer" and ANSWER in said(a)


def test_another_question_or_thanks_at_the_offer() -> None:
    d = _offered()
    feed(d, UserText("我要交罚款"))
    assert d.flow == "traffic.fine_payment" and d.state != "guide_offer"
    d = _offered()
    a = feed(d, UserText("补领身份证要带什么"))
    assert d.state == "guide_offer" and said(a).startswith(ANSWER)
    d = _offered()
    a = feed(d, UserText("谢谢"))
    e = end(a)
    assert e is not None and e.outcome == "cancelled"


def test_without_sections_the_answer_is_followed_by_the_menu_in_short() -> None:
    d = _dialog(lambda guide, aspect: ANSWER)
    a = feed(d, UserText("补办身份证要带什么"))
    assert d.state == "menu" and said(a).startswith(ANSWER + "还要办什么？")
    assert "说'一'或按1" in said(feed(d, UserText("再说一遍")))  # repeat: the whole menu


# ---------------------------------------------------------------------- reading
def test_yes_reads_the_materials_with_the_full_hint() -> None:
    d = _offered()
    a = feed(d, UserText("要"))
    assert d.state == "reading" and _at(d) == "材料"
    text = said(a)
    assert text.startswith("材料。材料的话。下一段，说'下一段'或按6；上一段，说'上一段'或按4")
    lst = listen(a)
    assert lst is not None and lst.kind == "choice" and lst.slot == "reading"
    assert lst.keys == DEFAULT_KEYPAD.reading()
    assert lst.keys["6"] == "next" and lst.keys["4"] == "previous" and lst.keys["1"] == "from_start"
    assert {"*", "9", "#", "0"} <= set(lst.keys)
    assert set(lst.options) >= {"next", "previous", "from_start", "stop", "材料", "费用"}


@pytest.mark.parametrize("event", [Key("6"), UserText("下一段"), UserText("下一个"),
                                   UserText("继续")])
def test_next(event: object) -> None:
    d = _reading()
    a = feed(d, event)  # type: ignore[arg-type]
    assert _at(d) == "费用" and said(a) == "费用。费用的话。" + HINT


@pytest.mark.parametrize("event", [Key("4"), UserText("上一段"), UserText("上一个")])
def test_previous(event: object) -> None:
    d = _reading()
    a = feed(d, event)  # type: ignore[arg-type]
    assert _at(d) == "概况" and said(a) == "概况。概况的话。" + HINT


@pytest.mark.parametrize("event", [Key("*"), UserText("再说一遍"), UserText("重复")])
def test_repeat_reads_the_section_again(event: object) -> None:
    d = _reading()
    feed(d, Key("6"))
    a = feed(d, event)  # type: ignore[arg-type]
    assert _at(d) == "费用" and said(a) == "费用。费用的话。" + HINT


def test_last_section_then_next_at_the_end() -> None:
    d = _reading()
    feed(d, Key("6"))
    a = feed(d, Key("6"))
    assert _at(d) == "咨询"
    assert said(a) == "咨询。咨询的话。这是最后一段。从头再读，说'从头读'或按1；不听了，按9。"
    a = feed(d, Key("6"))
    assert _at(d) == "咨询" and d.state == "reading"
    assert said(a).startswith("已经是最后一段了。这是最后一段。") and "咨询的话" not in said(a)
    assert listen(a) is not None


@pytest.mark.parametrize("event", [Key("1"), UserText("从头读"), UserText("从头开始")])
def test_from_the_start(event: object) -> None:
    d = _reading()
    feed(d, Key("6"), Key("6"))
    a = feed(d, event)  # type: ignore[arg-type]
    assert _at(d) == "概况" and said(a).startswith("概况。概况的话。") and d.state == "reading"


def test_previous_at_the_first_section() -> None:
    d = _reading()
    feed(d, Key("1"))
    a = feed(d, Key("4"))
    assert _at(d) == "概况" and said(a) == "已经是第一段了。" + HINT and listen(a) is not None


@pytest.mark.parametrize("text", ["费用", "费用呢", "我想听费用", "多少钱"])
def test_jump_to_a_section_by_name(text: str) -> None:
    d = _reading()
    a = feed(d, UserText(text))
    assert _at(d) == "费用" and said(a).startswith("费用。费用的话。")
    assert d.heard_intent == "费用"


def test_a_section_the_guide_does_not_have() -> None:
    d = _reading()
    a = feed(d, UserText("注意事项"))
    assert _at(d) == "材料" and d.state == "reading"
    assert said(a) == "这份指南没有注意这一段，有：概况、材料、费用、咨询。" + HINT
    assert d.prompt is not None and d.prompt.nomatch == 1


def test_not_understood_then_choices_then_staff() -> None:
    d = _reading()
    a = feed(d, UserText("香蕉苹果"))
    assert said(a) == "不好意思，我没听懂。" + HINT
    a = feed(d, Key("2"))
    assert said(a).startswith("现在按2没有用。您可以这样选：下一段，说'下一段'或按6")
    feed(d, UserText("橘子"))
    assert d.state == "offer_staff"


def test_noinput_inside_reading_escalates_without_rereading() -> None:
    d = _reading()
    a1 = feed(d, Silence())
    assert said(a1) == "我没有听到您说话。" + HINT and d.state == "reading"
    a2 = feed(d, Silence())
    assert said(a2).startswith("您可以这样选：下一段") and "材料的话" not in said(a2)
    a3 = feed(d, Silence())
    assert d.state == "offer_staff" and "工作人员" in said(a3)
    a4 = feed(d, UserText("不用"))
    assert d.state == "reading" and _at(d) == "材料" and "材料的话" in said(a4)
    assert d.prompt is not None and d.prompt.noinput == 0


def test_still_there_resumes_the_reading() -> None:
    d = _reading()
    feed(d, Key("6"))
    feed(d, Tick(1000.0))
    assert d.state == "still_there"
    a = feed(d, Key("1"))
    assert d.state == "reading" and _at(d) == "费用" and "费用的话" in said(a)


@pytest.mark.parametrize("event", [UserText("不听了"), UserText("停"), UserText("别读了"),
                                   Key("cancel"), UserText("取消"), Key("9"), UserText("返回")])
def test_stop_returns_to_the_menu_without_ending(event: object) -> None:
    d = _reading()
    a = feed(d, event)  # type: ignore[arg-type]
    assert d.state == "menu" and not d.done and end(a) is None
    assert said(a).startswith("好的，不读了。还要办什么？")
    assert d.reader.reading is None


def test_staff_and_goodbye_while_reading() -> None:
    d = _reading()
    feed(d, Key("0"))
    assert d.state == "waiting_staff"
    e = end(feed(d, DeviceResult("staff", "ok", "arrived")))
    assert e is not None and e.outcome == "staff"
    d = _reading()
    e = end(feed(d, UserText("谢谢")))
    assert e is not None and e.outcome == "cancelled"


def test_a_new_request_while_reading_leaves_the_reading() -> None:
    d = _reading()
    feed(d, UserText("我身份证丢了"))
    assert d.flow == "id_card.replace" and d.state != "reading"


def test_help_while_reading_spells_out_the_keys() -> None:
    d = _reading()
    a = feed(d, UserText("帮助"))
    assert said(a).startswith("正在为您读办事指南") and "按6" in said(a)
    assert d.state == "reading"


# ---------------------------------------------------------------- a self-service item's guide
def _offered_here() -> Dialog:
    d = _dialog()
    a = feed(d, UserText("我身份证不晓得掉了哪里，你帮我看看怎么弄"))
    assert d.state == "guide_offer" and said(a).startswith(ANSWER)
    assert "要现在就在这里办吗" in said(a) and "材料" in said(a)
    return d


@pytest.mark.parametrize("answer", [UserText("好的"), UserText("那就在这里办吧"), Key("1"),
                                    Key("#")])
def test_a_yes_after_a_self_service_answer_starts_the_transaction(answer: object) -> None:
    d = _offered_here()
    feed(d, answer)  # type: ignore[arg-type]
    assert d.ctx is not None and d.ctx.flow == SELF_SERVICE and d.state == "slot"


@pytest.mark.parametrize("answer", [UserText("先听听材料"), UserText("要带什么"), Key("2")])
def test_materials_after_a_self_service_answer_reads_them(answer: object) -> None:
    d = _offered_here()
    a = feed(d, answer)  # type: ignore[arg-type]
    assert d.state == "reading" and said(a).startswith("材料。") and d.ctx is None


def test_no_after_a_self_service_answer_starts_nothing() -> None:
    d = _offered_here()
    feed(d, UserText("不用了，我不办"))
    assert d.state == "menu" and d.ctx is None


def test_the_first_answer_said_at_the_offer_is_a_yes_with_it() -> None:
    d = _offered_here()
    a = feed(d, UserText("三三零九零二一九五三零四一二一二四一"))
    assert d.ctx is not None and d.ctx.flow == SELF_SERVICE and d.state == "readback"
    assert "3 3 0 9 0 2" in said(a)


def test_a_guide_of_no_transaction_offers_only_the_reading() -> None:
    a = feed(_dialog(), UserText("补办身份证要带什么"))
    assert "要我把所需材料完整读一遍吗" in said(a) and "这里办" not in said(a)


def test_torn_between_how_to_and_doing_it_answers_and_offers_it() -> None:
    """"身份证掉了，你帮我看看怎么弄": not "办事指南 or 补领身份证?" but the 补领 answer
    (its own guide, whatever guide the search found) and the offer to do it here."""
    d = _dialog()
    a = feed(d, UserText("身份证不见了，你帮我看看怎么弄"))
    assert d.state == "guide_offer" and said(a).startswith(ANSWER)
    assert "要现在就在这里办吗" in said(a) and "哪一项" not in said(a)
    feed(d, Key("1"))
    assert d.ctx is not None and d.ctx.flow == SELF_SERVICE


def test_torn_but_the_service_not_named_asks_which() -> None:
    """"户口本丢了，你帮我看看怎么弄": the model is torn between a question and 补领身份证,
    but nothing said names an ID card — answering from that guide would be a wrong answer,
    so the kiosk asks which one is meant."""
    d = _dialog()
    a = feed(d, UserText("户口本丢了，你帮我看看怎么弄"))
    assert d.state == "clarify_intent" and "哪一项" in said(a)
    assert ANSWER not in said(a)
