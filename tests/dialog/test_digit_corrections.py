"""A read-back digit corrected with the one it replaces, by its place, or all at once
(session 11): "是五，不是六", "第三位", "五个都是六"."""

from __future__ import annotations

import re

import pytest

from assistant.dialog.words import PLACE_ANSWER, at_place, patch_places, patch_value, swap_digit


@pytest.mark.parametrize(
    ("value", "said", "plate", "expected"),
    [
        ("浙L12346", "不对，最后一个是五，不是六", True, ("浙L12345", "")),
        ("浙L12346", "不对 是五 不是六", True, ("浙L12345", "")),
        ("浙L12346", "最后那个不是六，是五", True, ("浙L12345", "")),
        ("浙L12346", "不是四，是五", True, ("浙L12356", "")),
        ("浙L12446", "不是四是五", True, (None, "5")),  # two 4s: which one? asked
        ("浙L12446", "最后那个不是四是五", True, (None, "5")),  # the last is no 4
        ("浙L66669", "不对 五个都是六", True, ("浙L66666", "")),
        ("浙L12345", "对的", True, (None, "")),
        ("330902195304121241", "不是四是五", False, (None, "5")),
    ],
)
def test_swap_digit(value: str, said: str, plate: bool,
                    expected: tuple[str | None, str]) -> None:
    assert swap_digit(value, said, plate=plate) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [("第三位", "浙L12545"), ("倒数第二个", "浙L12355"), ("第一个", "浙L52345"),
     ("第六位", None), ("第9位", None)],
)
def test_place_by_its_number(said: str, expected: str | None) -> None:
    m = PLACE_ANSWER.fullmatch(said)
    assert m is not None
    assert at_place("浙L12345", m, "5", plate=True) == expected


def test_place_of_an_id_number_counts_from_its_first_digit() -> None:
    m = PLACE_ANSWER.fullmatch("第十八位")
    assert isinstance(m, re.Match)
    assert at_place("33090219530412124X", m, "1", plate=False) == "330902195304121241"


@pytest.mark.parametrize(
    ("said", "expected"),
    [("第四个是三", "浙L12336"), ("倒数第二个是四", "浙L12346"), ("第一位应该是七", "浙L72346"),
     ("第六个是三", None), ("最后一位是五", "浙L12345")],
)
def test_a_digit_corrected_by_its_place(said: str, expected: str | None) -> None:
    """"不对 第四个是三" at the read-back of 浙L12346 (places counted after 浙L)."""
    assert patch_value("浙L12346", said) == expected


def test_an_id_number_is_counted_from_its_first_digit() -> None:
    assert patch_value("33090219530412124X", "第十八位是一") == "330902195304121241"
    assert patch_value("330902195304121241", "第十八位是叉") == "33090219530412124X"
    assert patch_value("330902195304121241", "倒数第一个是二") == "330902195304121242"


@pytest.mark.parametrize(
    ("value", "said", "expected"),
    [
        # two places mended in one breath: "两个", "第四位" are no digits of the plate
        ("浙L12354", "不对，后面两个反了，第四位是四，第五位是五", "浙L12345"),
        ("浙L12354", "哎呀，最后两个讲反了", "浙L12345"),
        ("浙L12344", "不对不对，结尾是五，幺二三四五", "浙L12345"),
        ("浙L12346", "嗯，倒数第一个应该是五", "浙L12345"),
        ("浙L12345", "对的，就是这个", None),
        ("浙L12345", "两个人一道来的", None),
        # a recogniser's spaced words: cut at the next place, not at every space
        ("浙L12354", "不对 后面 两个 反了 第四 位 是 四 第五 位 是 五", "浙L12345"),
        ("浙L12346", "哦 不对 最后 一个 是 五", "浙L12345"),
    ],
)
def test_every_place_said_is_mended(value: str, said: str, expected: str | None) -> None:
    """Session 18: "后面两个反了，第四位是四，第五位是五" read the digits of the whole sentence
    as the plate 浙L24455."""
    assert patch_places(value, said) == expected
