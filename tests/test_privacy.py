"""Masking ID numbers, phones, names and free text before logging or showing them."""

from __future__ import annotations

import pytest

from assistant.privacy import mask_id_number, mask_name, mask_phone, mask_text


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("330902195001010093", "3309**********0093"),
        ("11010519491231002X", "1101**********002X"),
        ("11010519491231002x", "1101**********002X"),
        ("3309 0219 5001 0100 93", "3309**********0093"),
        ("330902500101009", "3309*******1009"),  # old 15-digit number
        ("123456789", "1234*6789"),
        ("12345678", "********"),
        ("", ""),
    ],
)
def test_mask_id_number(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


def test_mask_id_number_shape() -> None:
    masked = mask_id_number("330902195001010093")
    assert len(masked) == 18
    assert masked.count("*") == 10
    assert "19500101" not in masked  # the birth date is hidden


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("8613812345678", "861******5678"),
        ("2021234", "*****34"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask_phone(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三明", "张*明"),
        ("张三", "张*"),
        ("欧阳娜娜", "欧**娜"),
        ("买买提·艾力", "买****力"),
        (" 李四 ", "李*"),
        ("张", "*"),
        ("", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我的身份证号是330902195001010093", "我的身份证号是3309**********0093"),
        ("身份证 11010519491231002x 办好了吗", "身份证 1101**********002X 办好了吗"),
        ("三三零九零二一九五零零一零一零零九三", "3309**********0093"),
        ("幺幺零幺零五幺九四九幺二三幺零零二叉", "1101**********002X"),
        ("电话幺三八幺二三四五六七八", "电话138****5678"),
        ("电话 幺 三 八 幺 二 三 四 五 六 七 八 谢谢", "电话 138****5678 谢谢"),
        ("138-1234-5678", "138****5678"),
        ("138，1234，5678", "138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        (
            "号码330902195001010093，电话13812345678",
            "号码3309**********0093，电话138****5678",
        ),
        ("卡号6222021234567890123", "卡号6222***********0123"),
        ("座机2021234", "座机*****34"),
        ("电话1381234567", "电话********67"),  # 10 digits: still hidden
    ],
)
def test_mask_text_masks_numbers(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "",
        "我要补办身份证",
        "浙L12345的违章",
        "罚款200元",
        "2026年3月5日",
        "打110",
        "我要办一张身份证，二次签注",
        "123456",  # six digits are not personal data
    ],
)
def test_mask_text_leaves_other_text(text: str) -> None:
    assert mask_text(text) == text


def test_mask_text_hides_every_digit_of_a_full_number() -> None:
    secret = "330902198512311238"
    masked = mask_text(f"身份证{secret}")
    assert secret not in masked
    assert secret[4:14] not in masked
