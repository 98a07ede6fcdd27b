"""Slot parsers: plate, ID number, phone, date, amount, yes/no, and extract()."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assistant.nlu.slots import (
    SLOT_TYPES,
    IdNumberProblem,
    explain_id_number,
    extract,
    id_check_digit,
    id_number_problem,
    is_valid_id_number,
    parse_amount,
    parse_date,
    parse_id_number,
    parse_phone,
    parse_plate,
    parse_yes_no,
)

# --- plates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("浙L12345", "浙L12345"),
        ("浙l12345", "浙L12345"),
        ("浙Ｌ１２３４５", "浙L12345"),
        ("浙L·12345", "浙L12345"),
        ("浙L-12345", "浙L12345"),
        ("浙 l 幺 二 三 四 五", "浙L12345"),
        ("浙L幺二三四洞", "浙L12340"),
        ("浙江L12345", "浙L12345"),
        ("浙 江 L 12345", "浙L12345"),
        ("L12345", "浙L12345"),
        ("l 幺 二 三 四 五", "浙L12345"),
        ("这 l 幺 二 三 四 五", "浙L12345"),  # homophone of 浙
        ("浙艾勒幺二三四五", "浙L12345"),
        ("浙艾尔12345", "浙L12345"),
        ("浙比12345", "浙B12345"),
        ("浙吉12345", "浙G12345"),
        ("浙LA1234", "浙LA1234"),
        ("浙L1A23B", "浙L1A23B"),
        ("浙LD12345", "浙LD12345"),
        ("浙LF12345", "浙LF12345"),
        ("浙L迪12345", "浙LD12345"),
        ("浙LDA1234", "浙LDA1234"),
        ("浙L12345D", "浙L12345D"),
        ("沪A12345", "沪A12345"),
        ("吉A12345", "吉A12345"),
        ("我的车牌是浙L12345，帮我查一下违章", "浙L12345"),
        ("查一下浙L12345的违章", "浙L12345"),
    ],
)
def test_parse_plate(text: str, plate: str) -> None:
    assert parse_plate(text) == plate


@pytest.mark.parametrize(
    "text",
    [
        "",
        "浙LI2345",  # I is never used
        "浙LO1234",  # O is never used
        "浙IL2345",
        "浙L1234",  # too short
        "浙L1234567",  # too long
        "浙L123456",  # 6 characters but not a new-energy serial
        "浙LA12345",  # 6 characters, A is not D/F
        "浙LABC12",  # three letters
        "浙12345",  # no city letter
        "12345",
        "幺二三四五",
        "吉12345",
        "我要查违章",
        "13812345678",
    ],
)
def test_parse_plate_rejects(text: str) -> None:
    assert parse_plate(text) is None


def test_parse_plate_assume_prefix() -> None:
    assert parse_plate("幺二三四五", assume_prefix="浙L") == "浙L12345"
    assert parse_plate("12345D", assume_prefix="浙L") == "浙L12345D"
    assert parse_plate("1234", assume_prefix="浙L") is None
    assert parse_plate("浙B54321", assume_prefix="浙L") == "浙B54321"  # a full plate wins
    with pytest.raises(ValueError, match="assume_prefix"):
        parse_plate("12345", assume_prefix="L")


# --- ID numbers ----------------------------------------------------------------------

STANDARD_EXAMPLES = ("11010519491231002X", "440524188001010014")
"""The two worked examples printed in GB 11643-1999."""
ZHOUSHAN_VALID = ("330902195001010093", "330902198512311238", "330921200002290026")
"""Pinned numbers with Zhoushan (定海 330902, 岱山 330921) region codes."""


def with_check_digit(first17: str) -> str:
    """A valid number from 17 digits (trusted because the constants above are pinned)."""
    return first17 + id_check_digit(first17)


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("11010519491231002", "X"),
        ("44052418800101001", "4"),
        ("33090219500101009", "3"),
        ("33090219851231123", "8"),
        ("33092120000229002", "6"),
    ],
)
def test_id_check_digit(first17: str, check: str) -> None:
    assert id_check_digit(first17) == check


def test_id_check_digit_by_hand() -> None:
    # GB 11643 worked example: weighted sum of 11010519491231002 is 167, 167 mod 11 = 2 → X
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    assert sum(int(d) * w for d, w in zip("11010519491231002", weights, strict=True)) == 167
    assert id_check_digit("11010519491231002") == "10X98765432"[167 % 11]


@pytest.mark.parametrize("first17", ["1101051949123100", "110105194912310021", "1101051949123100a"])
def test_id_check_digit_needs_17_digits(first17: str) -> None:
    with pytest.raises(ValueError, match="17"):
        id_check_digit(first17)


@pytest.mark.parametrize("number", [*STANDARD_EXAMPLES, *ZHOUSHAN_VALID, "11010519491231002x"])
def test_valid_id_numbers(number: str) -> None:
    assert is_valid_id_number(number)
    assert explain_id_number(number) is None
    assert parse_id_number(number) == number.upper()


def test_every_wrong_check_digit_is_rejected() -> None:
    first17 = ZHOUSHAN_VALID[0][:17]
    good = with_check_digit(first17)
    assert good == ZHOUSHAN_VALID[0]
    for check in "0123456789X":
        assert is_valid_id_number(first17 + check) is (check == good[-1])


def test_a_single_wrong_digit_is_caught() -> None:
    number = ZHOUSHAN_VALID[1]
    for i in range(14, 17):  # serial digits: a change keeps region and birth date valid
        for d in "0123456789":
            if d != number[i]:
                changed = number[:i] + d + number[i + 1 :]
                assert not is_valid_id_number(changed), changed


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一一零一零五一九四九一二三一零零二叉", "11010519491231002X"),
        ("幺幺洞幺洞五幺九四九幺二三幺洞洞二X", "11010519491231002X"),
        ("110105 19491231 002x", "11010519491231002X"),
        ("3309-0219-5001-0100-93", "330902195001010093"),
        ("我的身份证号码是三三零九零二一九五零零一零一零零九三，谢谢", "330902195001010093"),
        ("３３０９０２１９５００１０１００９３", "330902195001010093"),
        (
            f"号码 {with_check_digit('33090220100615004')} 对吗",
            with_check_digit("33090220100615004"),
        ),
    ],
)
def test_parse_id_number_spoken_and_grouped(text: str, number: str) -> None:
    assert parse_id_number(text) == number


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", IdNumberProblem.NOT_HEARD),
        ("你好", IdNumberProblem.NOT_HEARD),
        ("11010519491231002", IdNumberProblem.WRONG_LENGTH),  # 17 digits
        ("1101051949123100211", IdNumberProblem.WRONG_LENGTH),  # 19 digits
        ("110105491231002", IdNumberProblem.WRONG_LENGTH),  # old 15-digit number
        ("1101051949123100X2", IdNumberProblem.MISPLACED_X),
        ("110105194912310021", IdNumberProblem.BAD_CHECK_DIGIT),
        ("330902195001010094", IdNumberProblem.BAD_CHECK_DIGIT),
        (with_check_digit("11010519490231002")[:17] + "0", IdNumberProblem.BAD_BIRTH_DATE),
        (with_check_digit("11010519490231002"), IdNumberProblem.BAD_BIRTH_DATE),  # 2月31日
        (with_check_digit("11010519491301002"), IdNumberProblem.BAD_BIRTH_DATE),  # month 13
        (with_check_digit("11010517491231002"), IdNumberProblem.BAD_BIRTH_DATE),  # 1749
        (with_check_digit("00010519491231002"), IdNumberProblem.BAD_REGION),
        (with_check_digit("99010519491231002"), IdNumberProblem.BAD_REGION),
    ],
)
def test_id_number_problems(text: str, problem: IdNumberProblem) -> None:
    assert id_number_problem(text) is problem
    assert parse_id_number(text) is None
    assert not is_valid_id_number(text)


def test_birth_date_after_today_is_rejected_only_when_today_is_given() -> None:
    number = with_check_digit("33090220300101001")  # born 2030-01-01
    assert is_valid_id_number(number)
    assert not is_valid_id_number(number, today=dt.date(2026, 3, 10))
    assert parse_id_number(number, today=dt.date(2026, 3, 10)) is None
    assert id_number_problem(number, today=dt.date(2026, 3, 10)) is IdNumberProblem.BAD_BIRTH_DATE


def test_explain_id_number_says_what_was_wrong() -> None:
    assert explain_id_number("11010519491231002") == "号码是17位，身份证号码应该是18位"
    assert explain_id_number("110105194912310021") == IdNumberProblem.BAD_CHECK_DIGIT.message
    assert "校验" in IdNumberProblem.BAD_CHECK_DIGIT.message
    assert explain_id_number("") == "没有听到身份证号码"


def test_parse_id_number_skips_invalid_and_takes_the_valid_one() -> None:
    text = "110105194912310021 不对，是 11010519491231002X"
    assert parse_id_number(text) == "11010519491231002X"


# --- phone ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("13812345678", "13812345678"),
        ("幺三八幺二三四五六七八", "13812345678"),
        ("一三八一二三四五六七八", "13812345678"),
        ("幺 三 八 幺 二 三 四 五 六 七 八", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("８６１３８１２３４５６７８", "13812345678"),
        ("我的手机是幺九九洞洞洞洞幺幺幺幺，谢谢", "19900001111"),
        ("电话 15912345678 身份证 11010519491231002X", "15912345678"),
    ],
)
def test_parse_phone(text: str, phone: str) -> None:
    assert parse_phone(text) == phone


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12812345678",  # 12x is not a mobile prefix
        "23812345678",
        "11010519491231002X",  # an ID number contains 11 digits but is not a phone
        "330902195001010093",
        "0580-2021234",  # landline
        "我要办身份证",
    ],
)
def test_parse_phone_rejects(text: str) -> None:
    assert parse_phone(text) is None


# --- dates ---------------------------------------------------------------------------

TODAY = dt.date(2026, 3, 10)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("今天", "2026-03-10"),
        ("明天", "2026-03-11"),
        ("明天上午", "2026-03-11"),
        ("后天", "2026-03-12"),
        ("大后天", "2026-03-13"),
        ("昨天", "2026-03-09"),
        ("前天", "2026-03-08"),
        ("大前天", "2026-03-07"),
        ("下周三", "2026-03-18"),
        ("下个星期三", "2026-03-18"),
        ("下礼拜天", "2026-03-22"),
        ("下周一", "2026-03-16"),
        ("这周五", "2026-03-13"),
        ("本周一", "2026-03-09"),
        ("上周日", "2026-03-08"),
        ("下下周二", "2026-03-24"),
        ("周二", "2026-03-10"),  # today is not past
        ("星期一", "2026-03-16"),  # already past this week → next Monday
        ("星期天", "2026-03-15"),
        ("下个月三号", "2026-04-03"),
        ("下月3号", "2026-04-03"),
        ("这个月二十号", "2026-03-20"),
        ("上个月五号", "2026-02-05"),
        ("三号", "2026-04-03"),  # past this month → next month
        ("十号", "2026-03-10"),
        ("二十号", "2026-03-20"),
        ("三十一号", "2026-03-31"),
        ("15日", "2026-03-15"),
        ("3月15日", "2026-03-15"),
        ("三月十五号", "2026-03-15"),
        ("十二月二十五日", "2026-12-25"),
        ("三月五号", "2027-03-05"),  # past this year → next year
        ("3月5", "2027-03-05"),
        ("2026年3月5日", "2026-03-05"),
        ("二零二六年三月五号", "2026-03-05"),
        ("2025年12月31日", "2025-12-31"),
        ("明年3月5号", "2027-03-05"),
        ("今年三月五号", "2026-03-05"),
        ("2026年3月", "2026-03-01"),
        ("二零二六年三月", "2026-03-01"),
        ("二〇二六年十月", "2026-10-01"),
        ("2026-03-05", "2026-03-05"),
        ("2026/3/5", "2026-03-05"),
        ("2026.3.5", "2026-03-05"),
        ("２０２６－０３－０５", "2026-03-05"),
        ("2026-04", "2026-04-01"),
        ("我想约 下 周 三 去办", "2026-03-18"),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text, TODAY) == dt.date.fromisoformat(iso)


@pytest.mark.parametrize(
    ("text", "iso"),
    [("三号", "2026-03-03"), ("三月五号", "2026-03-05"), ("星期一", "2026-03-09")],
)
def test_parse_date_without_future_preference(text: str, iso: str) -> None:
    assert parse_date(text, TODAY, prefer_future=False) == dt.date.fromisoformat(iso)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "我要补办身份证",
        "三月",  # a month alone
        "三月份",
        "2026年",
        "三个月",
        "下个月",
        "2026-02-30",
        "2026年13月",
        "二月三十号",
        "下个月三十一号",  # April has 30 days
        "三十二号",
        "1850-01-01",
        "三号窗口",
        "五号线",
        "身份证号码",
        "二十元",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text, TODAY) is None


def test_parse_date_rolls_over_the_year_end() -> None:
    new_years_eve = dt.date(2026, 12, 31)
    assert parse_date("明天", new_years_eve) == dt.date(2027, 1, 1)
    assert parse_date("下个月三号", new_years_eve) == dt.date(2027, 1, 3)
    assert parse_date("五号", new_years_eve) == dt.date(2027, 1, 5)


# --- amounts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("二十元", "20"),
        ("20块", "20"),
        ("20元", "20"),
        ("两百块钱", "200"),
        ("一百五", "150"),
        ("一百五十块", "150"),
        ("20", "20"),
        ("一百五。", "150"),
        ("12.5元", "12.5"),
        ("¥12.5", "12.5"),
        ("￥20", "20"),
        ("十二点五元", "12.5"),
        ("十块五毛", "10.5"),
        ("十块五", "10.5"),
        ("两元五角", "2.5"),
        ("三块二毛五", "3.25"),
        ("三块二毛五分", "3.25"),
        ("一块零五分", "1.05"),
        ("五毛", "0.5"),
        ("五毛钱", "0.5"),
        ("八分钱", "0.08"),
        ("交二十块钱罚款", "20"),
        ("二十元一张", "20"),
        ("换领要二十元，补领要四十元", "20"),
        ("两千元", "2000"),
        ("零元", "0"),
    ],
)
def test_parse_amount(text: str, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "我要交罚款",
        "13812345678",  # a phone number is not an amount
        "1234567",
        "三号",
        "二十四小时",
        "我们一块儿去",
        "一下",
        "十二点五",  # a time or a decimal without 元: not an amount
    ],
)
def test_parse_amount_rejects(text: str) -> None:
    assert parse_amount(text) is None


# --- yes / no ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("是", True),
        ("是的", True),
        ("对", True),
        ("对对对", True),
        ("好", True),
        ("好的", True),
        ("好的，谢谢", True),
        ("可以", True),
        ("行", True),
        ("要", True),
        ("需要", True),
        ("嗯", True),
        ("嗯嗯", True),
        ("没错", True),
        ("没问题", True),
        ("确认", True),
        ("OK", True),
        ("是的 没问题", True),
        ("不", False),
        ("不是", False),
        ("不对", False),
        ("不要", False),
        ("不用", False),
        ("不用了，谢谢", False),
        ("不行", False),
        ("没有", False),
        ("错了", False),
        ("不需要", False),
        ("算了", False),
        ("不不不", False),
        ("不不是", False),  # a stutter
        ("不是不是", False),
        ("不，不是", False),
        ("嗯，不是", False),  # 嗯 is hesitation here
        ("no", False),
    ],
)
def test_parse_yes_no(text: str, answer: bool) -> None:
    assert parse_yes_no(text) is answer


@pytest.mark.parametrize(
    "text",
    [
        "",
        "身份证",
        "不是不要",  # double negative
        "没有不对",
        "对，不要了",  # contradictory
        "是不是",
        "要不要带照片",
        "可不可以",
        "我不知道",
        "你好",
        "不好意思",
        "对不起",
        "行驶证补办",
        "还是",
    ],
)
def test_parse_yes_no_unclear(text: str) -> None:
    assert parse_yes_no(text) is None


# --- extract -------------------------------------------------------------------------


def test_extract_returns_canonical_values() -> None:
    text = "是的，浙 l 幺 二 三 四 五 明天 交二十元 电话 幺三八幺二三四五六七八"
    assert extract(text, SLOT_TYPES, today=TODAY) == {
        "plate_number": "浙L12345",
        "phone": "13812345678",
        "date": "2026-03-11",
        "amount": "20",
        "yes_no": True,
    }


def test_extract_only_requested_and_found() -> None:
    assert extract("11010519491231002X", ["id_number", "phone"]) == {
        "id_number": "11010519491231002X"
    }
    assert extract("浙L12345", ["phone"]) == {}
    assert extract("十二点五元", ["amount"]) == {"amount": "12.5"}
    assert extract("下个月三号", ["date"], today=TODAY) == {"date": "2026-04-03"}
    assert extract("不用了", ["yes_no"]) == {"yes_no": False}


def test_extract_without_today_uses_the_system_date() -> None:
    assert extract("今天", ["date"]) == {"date": dt.date.today().isoformat()}


def test_extract_unknown_type() -> None:
    with pytest.raises(ValueError, match="unknown slot type 'colour'"):
        extract("红色", ["colour"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("要", True),
        ("要的", True),
        ("需要啊", True),
        ("我要交违章罚款", None),  # a request, not an answer (found by the dialog fuzz run)
        ("身份证到期了我要换新的", None),
        ("我要找工作人员", None),
        ("好的我要", True),  # 好的 is a yes whatever follows
    ],
)
def test_want_means_yes_only_in_a_short_answer(text: str, expected: bool | None) -> None:
    assert parse_yes_no(text) is expected


@pytest.mark.parametrize(("said", "plate"), [
    ("年检，车牌浙L、呃、幺幺二八八", "浙L11288"),  # session 18: enumeration commas
    ("绿牌子，浙L、D、洞二七五幺，违章查一查", "浙LD02751"),
    ("车牌浙L，额，一二三……四五", "浙L12345"),
])
def test_a_plate_said_with_commas_and_fillers_between(said: str, plate: str) -> None:
    assert extract(said, ["plate_number"]) == {"plate_number": plate}
