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
    ],
)
def test_past_story_is_not_an_emergency(nlu: Understander, text: str) -> None:
    """Told as the past, an emergency is at most confirmed ("您是遇到紧急情况要报警吗？")."""
    got = nlu.understand(text)
    assert not (got.intent == "emergency" and got.decision == Decision.ACCEPT), got


@pytest.mark.parametrize(
    "text", ["有人晕倒了", "救命啊，快来人", "我包被抢了", "去年被骗过一次，刚才又被骗了，快帮帮我"]
)
def test_present_emergency_is_accepted(nlu: Understander, text: str) -> None:
    got = nlu.understand(text)
    assert got.intent == "emergency" and got.decision == Decision.ACCEPT, got


@pytest.mark.parametrize(
    "text",
    [
        "年初车子被人撞了，对方赔过钱了，早就修好了",
        "那年家里被偷过一回，后来也没找回来",
    ],
)
def test_a_story_of_earlier_this_year_is_no_emergency(nlu: Understander, text: str) -> None:
    """年初, 那年, 早就……了 tell of the past too (session 11: a crash settled months ago
    called the duty office)."""
    got = nlu.understand(text)
    assert not (got.intent == "emergency" and got.decision == Decision.ACCEPT), got


@pytest.mark.parametrize(
    "text",
    [
        "护照去年办好了，一直放在抽屉里没用过",
        "违章罚款上礼拜就交掉了，现在太平了",
        "上次年检标志就是在这台机器上领的，蛮快的",
    ],
)
def test_a_service_told_as_done_is_never_started(nlu: Understander, text: str) -> None:
    """A look-up or service told as done, with nothing asked after it, is at most confirmed."""
    got = nlu.understand(text)
    assert got.intent == "out_of_scope" or got.decision != Decision.ACCEPT, got
