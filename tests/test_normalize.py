import pytest

from assistant.nlu.normalize import normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我 的 身份证 丢 了", "我的身份证丢了"),  # vosk puts spaces between words
        ("身份证，丢了！", "身份证丢了"),  # punctuation
        ("ＡＢＣ１２３", "abc123"),  # full width → half width, lower case
        ("浙Ｌ１２３４５", "浙l12345"),
        ("嗯，那个，身份证过期了啊", "身份证过期了"),  # fillers
        ("阿拉身份证过期了", "我身份证过期了"),  # Wu: 阿拉 = 我/我们
        ("侬帮我查查违章伐", "你帮我查查违章吗"),  # 侬 = 你, 伐 = 吗
        ("啥辰光好", "什么辰光好"),
        ("覅了", "不要了"),
        ("浙L幺二三四五", "浙l12345"),  # spoken digits
        ("交二十元", "交20元"),
        ("我要办一下", "我要办一下"),  # 一 inside words stays
        ("不要那么小声", "大声点"),  # a denied manner is its opposite
        ("覅讲那么快", "讲慢点"),
        ("你不要讲那么急", "你不要讲那么急"),  # only the manners of OPPOSITES
        ("嗯", "嗯"),  # a filler that is the whole answer is kept (it means yes)
        ("？？！", ""),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_is_idempotent() -> None:
    for text in ("阿拉身份证过期了 换一张新的", "浙L 幺 二 三 四 五 交 罚款", "嗯 那个 再说一遍",
                 "别讲得这么轻"):
        once = normalize(text)
        assert normalize(once) == once


@pytest.mark.parametrize(("text", "expected"), [
    ("罚两百，肉痛也没办法，交掉算了", "罚200肉痛交掉算了"),  # a sigh: no 办法 asked
    ("有没有办法补", "有没有办法补"),                          # asked: kept
    ("我是开出租的，驾照丢了", "我是驾照丢了"),                # a trade, no rental
])
def test_words_that_ask_nothing_are_left_out(text: str, expected: str) -> None:
    """Session 17: "没办法" read as a question about how (办法), "开出租" as a rental."""
    assert normalize(text) == expected
