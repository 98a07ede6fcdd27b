"""A story about a past fall, illness or theft is no emergency; a present one is."""

from __future__ import annotations

import pytest

from assistant.nlu import load_nlu
from assistant.nlu.types import Decision, Understander


@pytest.fixture(scope="module")
def nlu() -> Understander:
    return load_nlu()


@pytest.mark.parametrize(
    "text",
    [
        "去年摔了一跤，身份证也不知道放哪了",
        "上个月我晕倒过一次，现在好了，来拍张照片",
        "以前家里被偷过，驾驶证那时候就没了，来补一本",
        "前几年我中风过，手脚不灵活，身份证要换了",
        "以前被人骗过钱，后来就当心了",
        "去年我摔过一跤，现在好多了",
        "前年家里遭过贼",
        "年初车子被人撞了，对方赔过钱了，早就修好了",  # session 11: it called the duty office
        "那年家里被偷过一回，后来也没找回来",
    ],
)
def test_past_story_is_not_an_emergency(nlu: Understander, text: str) -> None:
    """Told as the past (年初, 那年, 早就……了 too), an emergency is at most confirmed
    ("您是遇到紧急情况要报警吗？")."""
    got = nlu.understand(text)
    assert not (got.intent == "emergency" and got.decision == Decision.ACCEPT), got


@pytest.mark.parametrize(
    "text", ["有人晕倒了", "救命啊，快来人", "我包被抢了", "去年被骗过一次，刚才又被骗了，快帮帮我"]
)
def test_present_emergency_is_accepted(nlu: Understander, text: str) -> None:
    got = nlu.understand(text)
    assert got.intent == "emergency" and got.decision == Decision.ACCEPT, got
