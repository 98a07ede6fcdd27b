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
