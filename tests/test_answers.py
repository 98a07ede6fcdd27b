"""Yes / no / correction parsing (issue 11 item 4): every case of the table, one module."""

from __future__ import annotations

import pytest

from assistant.nlu.answers import WORDS, Kind, parse_answer, parse_yes_no
from assistant.nlu.slots import parse_yes_no as slots_parse_yes_no


@pytest.mark.parametrize("text", [
    "没错", "没有错", "不错", "对对对", "是个", "是个是个", "对个", "对头", "好嘞", "一点没错",
    "是的", "是啊", "好的，谢谢", "行行行", "可以的", "没问题", "嗯", "嗯嗯", "嗯，对",
    "嗯嗯，好的好的", "是，是", "要的", "需要啊", "好的我要", "OK", "在的",
    "嗯，就这么办吧", "那就照这样办",
])
def test_yes(text: str) -> None:
    assert parse_answer(text).value is True


@pytest.mark.parametrize("text", [
    "不", "不是", "不对", "不要", "不用了，谢谢", "没有", "错了", "算了", "不不不", "不不是",
    "嗯，不是", "不是的", "勿要", "弗对",
    "勿是个", "勿对", "勿是个，侬听错了", "弗用",  # Wu 勿 = 不 (it was no answer at all)
])
def test_no(text: str) -> None:
    assert parse_answer(text).value is False


@pytest.mark.parametrize("text", [
    # 嗯 with more words: the rest decides, and these are no answer (a plate read-back was
    # confirmed by "嗯，等一下" and went on to payment)
    "嗯，等一下", "嗯那个我想想", "嗯，我找一下", "嗯，浙L12345",
    # 不 inside a word is not "no"
    "听不见", "我弄不来", "不晓得", "勿晓得", "不好意思", "我看不清", "找不到了", "不会弄",
    "不舒服",
    # questions, A-not-A, don't know, double negatives, contradictions
    "要多少钱啊", "是吗", "要不要带照片", "是不是", "我不知道", "不是不要", "没有不对",
    "对，不要了",
    # requests and other words
    "我要交违章罚款", "身份证到期了我要换新的", "行驶证补办", "你好", "", "那我自己去拿好了",
    # an answer word inside a statement is an adjective or a verb, and a question no answer
    "我眼睛不好，看不清屏幕", "照相的地方在哪里啊，我眼睛不好", "我觉得可以",
])
def test_neither(text: str) -> None:
    assert parse_answer(text).value is None


@pytest.mark.parametrize(("text", "rest"), [
    ("不对，是浙L二三四五六", "浙L二三四五六"),
    ("不是，是行驶证", "行驶证"),
    ("不对，最后一位是五", "最后一位是五"),
    ("不对不对，应该是浙L12346", "浙L12346"),
    ("不是的，我说的是驾驶证", "驾驶证"),
])
def test_correction_carries_the_new_value(text: str, rest: str) -> None:
    answer = parse_answer(text)
    assert answer.value is False and answer.correction and answer.rest == rest


@pytest.mark.parametrize("text", ["不是", "不用了，谢谢", "不对啊", "不对不对"])
def test_a_plain_no_is_no_correction(text: str) -> None:
    assert not parse_answer(text).correction


def test_a_value_with_a_yes_is_kept() -> None:
    answer = parse_answer("对，浙L12345")
    assert answer.value is True and answer.rest == "浙L12345"
    assert parse_answer("是浙L12345") == parse_answer("是浙L12345")  # copula, not a yes
    assert parse_answer("是浙L12345").value is None
    assert parse_answer("是浙L12345").rest == "浙L12345"


@pytest.mark.parametrize(("text", "flag"), [
    ("嗯，等一下", "hold"), ("我想想", "hold"), ("在的在的，慢慢来", "hold"),
    ("要几天拿到", "question"), ("户口本要带吗", "question"), ("眼镜要摘吗", "question"),
    ("不晓得", "unsure"), ("要不要", "unsure"),
])
def test_why_it_is_no_answer(text: str, flag: str) -> None:
    answer = parse_answer(text)
    assert answer.value is None and getattr(answer, flag)


def test_the_table_is_the_only_source() -> None:
    assert WORDS["没有错"] is Kind.YES and WORDS["没有"] is Kind.NO and WORDS["嗯"] is Kind.WEAK
    assert WORDS["不晓得"] is Kind.UNSURE and WORDS["等一下"] is Kind.HOLD
    # the slot parser and the dialog both delegate here
    for text in ("没有错", "嗯，等一下", "听不见", "不对，是浙L12345"):
        assert slots_parse_yes_no(text) is parse_yes_no(text)


def test_the_dialog_word_list_comes_first() -> None:
    from assistant.dialog.words import WordTable
    from assistant.dialog.words import parse_answer as dialog_answer

    table = WordTable({"yes": ("继续",), "no": ()})
    assert dialog_answer("继续", table).value is True
    assert dialog_answer("嗯，等一下", table).value is None


@pytest.mark.parametrize(("text", "value", "rest"), [
    # a recogniser's words, no punctuation: the yes is taken back by 不对 wherever it stands
    ("是 我 开 的 哦 不对 不是 我 开的 是 我 女婿 开的", False, "开的是我女婿开"),
    ("对 哦 不对 是 浙L12346", None, "浙L12346"),
    ("是的 是的 说错了 不是", False, ""),
])
def test_an_unpunctuated_yes_taken_back_is_not_a_yes(text: str, value: bool | None,
                                                      rest: str) -> None:
    got = parse_answer(text)
    assert got.value is value and got.rest == rest, got


def test_a_punctuated_take_back_is_left_to_its_clauses() -> None:
    """"是我开的……哦不对，是我儿子开的": the clauses say it (someone else drove); the
    whole-sentence take-back applies only where there is no punctuation."""
    assert parse_answer("是我开的……哦不对，是我儿子开的").value is None


@pytest.mark.parametrize("said", ["嗯 就这个", "就这个吧", "就是这个", "就这样吧"])
def test_this_one_is_yes(said: str) -> None:
    """"嗯 就这个" at "现在缴纳317.5元吗？" is the yes (it was not understood)."""
    assert parse_yes_no(said) is True


@pytest.mark.parametrize("said", ["要多久", "要几个", "好的 要多久"])
def test_a_question_with_yao_is_no_yes(said: str) -> None:
    """"要多久" after a guide's answer asks its time; its 要 started the renewal."""
    assert parse_yes_no(said) is None


@pytest.mark.parametrize("text", ["我又没讲不要", "对 就这样办 我又没说不要", "我没说不要啊"])
def test_never_having_said_no_is_yes(text: str) -> None:
    """"我又没讲不要" is a yes (session 12; "不是不要" stays a hedge: the rest decides)."""
    assert parse_answer(text).value is True


@pytest.mark.parametrize("text", ["不是不要，就是钞票不够", "不是不想办，就是没带钱"])
def test_a_hedged_double_negative_is_no_yes(text: str) -> None:
    assert parse_answer(text).value is not True


@pytest.mark.parametrize("text", ["勿是 我要的不是这个", "我要的不是这一项"])
def test_what_i_want_is_not_this_is_no(text: str) -> None:
    """"我要的不是……" is a no, however much 要 is a yes alone."""
    assert parse_answer(text).value is False


@pytest.mark.parametrize("text", ["嗯……", "嗯嗯...", "嗯。。。"])
def test_a_hesitation_that_trails_off_is_no_yes(text: str) -> None:
    """Session 13: "嗯……" said while thinking is held, not the yes a plain "嗯" is."""
    answer = parse_answer(text)
    assert answer.value is None and answer.hold


@pytest.mark.parametrize("text", ["要交的啊？", "是的呀？"])
def test_a_yes_word_asked_back_is_a_question(text: str) -> None:
    """Session 13: "要交的啊？" at the offer to pay asks whether it must be paid."""
    answer = parse_answer(text)
    assert answer.value is None and answer.question
