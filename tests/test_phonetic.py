import pytest

from assistant.nlu.phonetic import fold, sound_key, syllables


@pytest.mark.parametrize(
    ("syllable", "folded"),
    [
        ("zhen", "zen"),
        ("chang", "can"),
        ("shen", "sen"),
        ("nan", "lan"),
        ("hua", "fa"),
        ("hui", "fei"),
        ("hun", "fen"),
        ("hu", "fu"),
        ("he", "he"),
        ("ying", "yin"),
        ("ban", "ban"),
        ("n", "n"),
        ("1", "1"),
    ],
)
def test_fold(syllable: str, folded: str) -> None:
    assert fold(syllable) == folded


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("补办", "不办"),  # recogniser homophone
        ("身份证", "森份正"),  # Wu accent: sh→s, -n/-ng, zh→z
        ("驾驶证", "驾死证"),
        ("罚款", "发款"),
        ("签注", "前注"),
        ("南", "蓝"),  # n / l
        ("换", "饭"),  # f / hu
        ("会", "费"),
    ],
)
def test_confusable_pairs_sound_the_same(a: str, b: str) -> None:
    assert sound_key(a) == sound_key(b)


@pytest.mark.parametrize(("a", "b"), [("补办", "换领"), ("身份证", "驾驶证"), ("交", "查")])
def test_different_words_stay_different(a: str, b: str) -> None:
    assert sound_key(a) != sound_key(b)


def test_one_symbol_per_character() -> None:
    assert len(sound_key("浙l12345身份证")) == len("浙l12345身份证")
    assert syllables("l1身") == ["l", "1", "sen"]


def test_syllables_are_those_of_lazy_pinyin() -> None:
    """The word-cached conversion gives what pypinyin's ``lazy_pinyin`` gives, polyphonic
    characters read in their words included (行驶证 xing, 银行 hang; 还 hai/huan; 长
    chang/zhang)."""
    from pypinyin import Style, lazy_pinyin

    from assistant.nlu.phonetic import _one_per_character, fold, syllables

    for text in ["行驶证丢了，到银行去取钱", "还要还钱吗", "队长说长大了", "重新办一张，重量不重",
                 "我要补办身份证 abc 12，好伐", "勿晓得掉到啥地方去了", "觉得睡觉好"]:
        expected = [fold(s) for s in lazy_pinyin(text, style=Style.NORMAL,
                                                  errors=_one_per_character)]
        assert syllables(text) == expected, text
