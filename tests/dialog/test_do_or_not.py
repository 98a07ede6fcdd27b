"""The asked action said as the answer ("交掉", "今天先不弄"), clause by clause: how
citizens answer "现在就在这里缴这2条，一共317.5元吗？" and "确认办理吗？"."""

from __future__ import annotations

import pytest

from assistant.dialog.answering import do_or_not, puts_off


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("交掉好了", True),
        ("嗯，那就办掉", True),
        ("呃，补吧", True),
        ("这两条都好在这里交？那就一道交掉", True),
        ("现在不交，谢谢", False),
        ("今天先勿交，我回去问问我老公", False),
        ("晓得了，今朝先不弄", False),
        ("交吧？算了，先不交", False),
        ("先不交……哦，还是交掉吧", True),  # the last thing said counts
        ("罚款交掉", True),                       # the fine named before the verb
        ("这几张今天不交", False),
        ("钞票没带够，下礼拜再来交", False),      # put off, said as when
        ("我回去跟儿子商量商量再讲", False),
        ("改天吧", False),
        ("你再讲一遍", None),                     # 再讲 asks for the question again
        ("交吧，下回注意", True),
        ("伊眼睛闭牢了，再拍一张", True),          # after a failed photo: go on
        ("好，交掉", True),
        ("我想一想", None),
        ("要多少钱", None),
        ("不收钱的啊，那侬帮我领一张", True),   # the fee restated, then the request
        ("勿要钞票，帮阿拉办了", True),
        ("换的", True),                          # the verb and 的: "换的" is a yes
        ("不换的", False),
        # session 10: left to someone else, put off to payday, today dropped
        ("行，我回头跟老陈讲，叫他自己来交", False),
        ("卡里钞票勿够，下礼拜发了工资再来交", False),
        ("今朝算了", False),
        ("行 我 回头 跟 老陈 讲 叫 他 自己 来 交", False),  # the recogniser's spaces
        ("好，明天再来拿证", None),  # collecting later is no refusal of the payment
        ("噢 十块 那 就 补 吧", True),  # the fee just heard said back first
        ("十五块啊，好的，帮我签一次", True),
        ("那就补一本", True),
        ("二十块", None),                 # the fee alone is no answer
        # session 13: refused and put off in Wu, as a recogniser writes it
        ("今 朝 钞 票 勿 付 了 我 回 去 跟 老 婆 商 量 商 量", False),
        ("罚款今朝勿交了", False),
        ("我回去跟儿子问问", False),
    ],
)
def test_the_action_itself_is_the_answer(said: str, meant: bool | None) -> None:
    assert do_or_not(said) is meant


@pytest.mark.parametrize("said", ["好的好的，我先问问老公", "好，我先回去问一声屋里"])
def test_asking_the_family_first_is_no(said: str) -> None:
    """Session 13: asking the family first puts the payment off (it was a yes)."""
    assert do_or_not(said) is False


@pytest.mark.parametrize(("said", "meant"), [
    ("恩 缴 吧", True),                       # a recogniser's 恩 for 嗯
    ("额，签掉", True),
    ("让 我 想 一 下 恩 好 的 补 吧", True),  # a moment's thought, then the verb
    ("我再考虑一下，行，办", True),
    ("我考虑考虑再交", False),               # the thought puts it off
    ("让我想想", None),                      # only thinking: no answer yet
])
def test_a_filler_or_a_thought_before_the_verb_is_still_the_answer(said: str,
                                                                   meant: bool | None) -> None:
    """Session 17: "恩 交 吧" and "让我考虑一下，嗯，好的，换吧" were "没听懂" at the payment."""
    assert do_or_not(said) is meant


@pytest.mark.parametrize(("said", "meant"), [
    ("罚款……算了，钞票带得不多，下礼拜再来交", True),
    ("我回去跟老太婆商量商量再讲", True),
    ("驾照下个月再来换，今朝先交罚款", False),  # a request after the put-off
    ("交罚款", False),
])
def test_a_sentence_that_ends_putting_the_action_off(said: str, meant: bool) -> None:
    assert puts_off(said) is meant
