"""Chinese numerals both ways, digit reading, digit runs and normalize_digits."""

from __future__ import annotations

import pytest

from assistant.nlu.numbers import (
    DigitRun,
    chinese_to_int,
    find_digit_runs,
    int_to_chinese,
    normalize_digits,
    read_digits,
)

# --- chinese_to_int ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("二十五", 25),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百十", 110),
        ("一百五", 150),
        ("两百五", 250),
        ("两千", 2000),
        ("二千", 2000),
        ("两千三", 2300),
        ("一千零一十", 1010),
        ("一千零五", 1005),
        ("三万五", 35000),
        ("三万五千", 35000),
        ("三万零五", 30005),
        ("十万", 100000),
        ("十五万", 150000),
        ("十五万五", 155000),
        ("一百万", 1000000),
        ("两千万", 20000000),
        ("一亿", 100000000),
        ("一亿零五百", 100000500),
        ("三亿五千万", 350000000),
        ("一万亿", 10**12),
        ("俩", 2),
        ("两", 2),
        ("零", 0),
        ("〇", 0),
        ("洞", 0),
        ("幺", 1),
        ("幺三八", 138),
        ("二零二六", 2026),
        ("二〇二六", 2026),
        ("幺洞洞", 100),
        ("12", 12),
        ("１２", 12),
        ("007", 7),
        ("3万", 30000),
        ("12万", 120000),
        ("3千5", 3500),
        ("负五", -5),
        ("二 十", 20),
        (" 幺 三 八 ", 138),
    ],
)
def test_chinese_to_int(text: str, value: int) -> None:
    assert chinese_to_int(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "负",
        "百",
        "千",
        "万",
        "十十",
        "二二十",
        "三四百",  # a range, not a number
        "十二三",
        "一两千",
        "二十五点五",  # decimals are not integers
        "2.5",
        "一千零",
        "一百五零",
        "万一",
        "千万",
        "一万二千万",
        "三百千",
        "12十",
        "第一",
        "二十元",
        "abc",
    ],
)
def test_chinese_to_int_rejects(text: str) -> None:
    assert chinese_to_int(text) is None


# --- int_to_chinese ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "零"),
        (1, "一"),
        (2, "二"),
        (10, "十"),
        (11, "十一"),
        (15, "十五"),
        (20, "二十"),
        (22, "二十二"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (200, "两百"),
        (222, "两百二十二"),
        (1005, "一千零五"),
        (1200, "一千二百"),
        (2000, "两千"),
        (2200, "两千二百"),
        (10010, "一万零一十"),
        (20000, "两万"),
        (22000, "两万二千"),
        (100000, "十万"),
        (120000, "十二万"),
        (150000, "十五万"),
        (1000000, "一百万"),
        (1010000, "一百零一万"),
        (10000001, "一千万零一"),
        (100000000, "一亿"),
        (100000500, "一亿零五百"),
        (200000000, "两亿"),
        (123456789, "一亿二千三百四十五万六千七百八十九"),
        (-20, "负二十"),
    ],
)
def test_int_to_chinese(value: int, text: str) -> None:
    assert int_to_chinese(value) == text


@pytest.mark.parametrize(
    ("value", "text"), [(200, "二百"), (2000, "二千"), (20000, "二万"), (2222, "二千二百二十二")]
)
def test_int_to_chinese_formal_two(value: int, text: str) -> None:
    assert int_to_chinese(value, liang=False) == text


def test_int_to_chinese_round_trips() -> None:
    values = [*range(0, 3000), *range(3000, 2_000_000, 997), 10**8 + 7, 2 * 10**8 + 20_000]
    wrong = [n for n in values if chinese_to_int(int_to_chinese(n)) != n]
    assert wrong == []
    wrong_formal = [n for n in values if chinese_to_int(int_to_chinese(n, liang=False)) != n]
    assert wrong_formal == []


# --- read_digits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "kwargs", "spoken"),
    [
        ("13812345678", {}, "幺三八幺二三四五六七八"),
        ("13812345678", {"one_as_yao": False}, "一三八一二三四五六七八"),
        ("11010519491231002X", {}, "幺幺零幺零五幺九四九幺二三幺零零二叉"),
        ("2x", {}, "二叉"),
        ("１０", {}, "幺零"),
        ("138 1234", {}, "幺三八 幺二三四"),
        ("浙L12345", {}, "浙L幺二三四五"),
        ("", {}, ""),
    ],
)
def test_read_digits(digits: str, kwargs: dict[str, bool], spoken: str) -> None:
    assert read_digits(digits, **kwargs) == spoken


# --- find_digit_runs -----------------------------------------------------------------


def test_find_digit_runs_spoken_and_grouped() -> None:
    text = "电话 幺 三 八 1234-5678，号码浙L12345"
    runs = find_digit_runs(text)
    assert [r.digits for r in runs] == ["13812345678", "12345"]
    assert text[runs[0].start : runs[0].end] == "幺 三 八 1234-5678"


def test_find_digit_runs_x_only_when_allowed() -> None:
    assert [r.digits for r in find_digit_runs("11010519491231002叉")] == ["11010519491231002"]
    assert find_digit_runs("11010519491231002 x", allow_x=True) == [
        DigitRun(0, 19, "11010519491231002X")
    ]


def test_find_digit_runs_loose_joins_punctuation() -> None:
    assert [r.digits for r in find_digit_runs("138，1234。5678")] == ["138", "1234", "5678"]
    assert [r.digits for r in find_digit_runs("138，1234。5678", loose=True)] == ["13812345678"]


def test_find_digit_runs_units_end_a_run() -> None:
    assert [r.digits for r in find_digit_runs("三十五")] == ["3", "5"]


# --- normalize_digits ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        # digit strings
        ("幺三八幺二三四五六七八", "13812345678"),
        ("电话幺 三 八 幺 二 三 四 五 六 七 八", "电话13812345678"),
        ("浙 l 幺 二 三 四 五", "浙 l 12345"),
        ("打幺幺零", "打110"),
        ("二零二六年", "2026年"),
        ("二〇二六年", "2026年"),
        ("幺二", "12"),
        ("洞幺", "01"),
        ("１２３", "123"),
        ("138 一二三四", "1381234"),
        # counted numbers
        ("二十元", "20元"),
        ("一百零五", "105"),
        ("三万五", "35000"),
        ("两千块", "2000块"),
        ("十二次", "12次"),
        ("二十四小时", "24小时"),
        ("十一月", "11月"),
        ("一千零一夜", "1001夜"),
        ("十元", "10元"),
        ("十点", "10点"),
        ("十个", "10个"),
        ("十分钟", "10分钟"),
        ("十二点五元", "12.5元"),
        ("一点五块", "1.5块"),
        # one digit before a unit of money, date, age, time
        ("三月五号", "3月5号"),
        ("五元", "5元"),
        ("两块钱", "2块钱"),
        ("两年", "2年"),
        ("三岁", "3岁"),
        ("扣三分", "扣3分"),
        ("五分钟", "5分钟"),
        ("二零二六年三月五号", "2026年3月5号"),
        # quantity phrases: Chinese words, made consistent
        ("二次签注", "两次签注"),
        ("两次签注", "两次签注"),
        ("2次签注", "两次签注"),
        ("1张", "一张"),
        ("第2次", "第二次"),
    ],
)
def test_normalize_digits_converts(text: str, normalized: str) -> None:
    assert normalize_digits(text) == normalized


@pytest.mark.parametrize(
    "text",
    [
        "一下",
        "一张",
        "一次",
        "一个",
        "两个",
        "三个月",
        "统一",
        "万一",
        "唯一",
        "十分",
        "十分感谢",
        "十足",
        "十字路口",
        "三轮车",
        "星期三",
        "下周一",
        "第二次",
        "第一",
        "说慢一点",
        "三点",
        "一起",
        "一样",
        "大洞岙",
        "零钱",
        "几十万",
        "数十",
        "十几",
        "二十多岁",
        "一百来",
        "三四百",
        "十二三岁",
        "一两个",
        "三四天",
        "五一",
        "三三两两",
        "七七八八",
        "千万别",
        "老百姓",
        "三分之一",
        "我们一块儿去",
        "2026 3",
        "12345",
        "",
    ],
)
def test_normalize_digits_keeps(text: str) -> None:
    assert normalize_digits(text) == text


@pytest.mark.parametrize(
    "spellings",
    [
        ("一次签注", "1次签注"),
        ("二次签注", "两次签注", "2次签注"),
        ("十二次", "12次"),
        ("补办一张身份证", "补办1张身份证"),
        ("交二十元", "交20元", "交２０元"),
        ("三月五号", "3月5号"),
    ],
)
def test_normalize_digits_one_form_per_meaning(spellings: tuple[str, ...]) -> None:
    assert len({normalize_digits(s) for s in spellings}) == 1


def test_normalize_digits_keeps_text_around_numbers() -> None:
    assert normalize_digits("我要交 二十 元，谢谢！") == "我要交 20 元，谢谢！"
