"""Text normalisation for listening: the table of the module docstring, and more."""

from __future__ import annotations

import pytest

from assistant.nlu.numbers import int_to_chinese, read_digits
from assistant.speech.speakable import speakable


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("20元", "二十元"),
        ("换领20元，补领40元，临时身份证10元。", "换领二十元，补领四十元，临时身份证十元。"),
        ("¥2.5", "二点五元"),
        ("1,200元", "一千二百元"),
        ("9:00", "九点"),
        ("下午2:05", "下午两点零五分"),
        ("营业时间9:00-17:30", "营业时间九点到十七点半"),
        ("浙L12345", "浙 L 幺 二 三 四 五"),
        ("车牌浙l·d1234已登记", "车牌浙 L D 幺 二 三 四已登记"),
        ("13812345678", "幺三八，幺二三四，五六七八"),
        ("电话0580-2021234", "电话零五八零，二零二，幺二三四"),
        ("330902198001011234", "三三零九零二，幺九八零零幺零幺，幺二三四"),
        ("33090219800101123x", "三三零九零二，幺九八零零幺零幺，幺二三叉"),
        ("请拨打110", "请拨打幺幺零"),
        ("2024年5月1日", "二零二四年五月一日"),
        ("2024-05-01", "二零二四年五月一日"),
        ("3%", "百分之三"),
        ("15天", "十五天"),
        ("罚款200元", "罚款两百元"),
        ("号牌100元", "号牌一百元"),
        ("2个工作日", "两个工作日"),
        ("订单123456", "订单一二三四五六"),
        ("没有数字", "没有数字"),
    ],
)
def test_speakable(written: str, spoken: str) -> None:
    assert speakable(written) == spoken


def test_uses_the_shared_numerals_of_the_matcher() -> None:
    assert speakable("200元") == int_to_chinese(200) + "元" == "两百元"
    assert speakable("13800000000") == "幺三八，零零零零，零零零零"
    assert read_digits("1101", one_as_yao=False) == "一一零一"


def test_output_has_no_ascii_digits_left() -> None:
    text = "您的车辆浙L88888有2条违法，罚款200元，请于2024-06-30前拨打12345或0580-2021234。"
    assert not any(ch.isdigit() and ch.isascii() for ch in speakable(text))
