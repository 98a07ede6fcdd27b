"""Whose service a request is: the speaker's, or a relative's who may not be here."""

from __future__ import annotations

import pytest

from assistant.dialog.behalf import for_someone_away


@pytest.mark.parametrize(
    "said",
    [
        "他的驾驶证到期了，我来帮他换",
        "阿拉孙子下个月去香港玩，签注要弄一下",
        "我老太婆下礼拜要到澳门去，签个注",
    ],
)
def test_someone_elses_service(said: str) -> None:
    assert for_someone_away(said)


@pytest.mark.parametrize(
    "said",
    [
        "我跟老伴下个月去澳门，签个注",  # the speaker goes too
        "老伴下个月要去澳门，她就在旁边，签个注",  # here
        "签注去香港旅游",
        "我孙子在香港读书，我去看看他，签个个人旅游的",  # the speaker's trip
        "阿拉女儿嫁到澳门了，我要过去看她，签个注",  # she lives there (session 12)
    ],
)
def test_the_speakers_own_service(said: str) -> None:
    assert not for_someone_away(said)


@pytest.mark.parametrize(("said", "away"), [
    ("阿拉老太婆讲身份证寻勿着了，叫我来问问", True),  # session 18: her card
    ("我儿子的驾照到期了，要换一本", True),
    ("我跟老伴的身份证都过期了", False),  # the speaker's too
    ("我儿子叫我来换身份证", False),  # the speaker's own, sent by the son
    ("我老婆身份证丢了，她就在旁边", False),
])
def test_a_relatives_document_told_first(said: str, away: bool) -> None:
    assert for_someone_away(said) is away
