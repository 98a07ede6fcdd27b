"""The sentence of a guide that answers the detail asked (session 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guides.detail import common_pairs, detail, pairs
from assistant.guides.loader import Catalogue, load_catalogue

GUIDES = Path(__file__).resolve().parents[2] / "guides"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(GUIDES)


@pytest.fixture(scope="module")
def common(catalogue: Catalogue) -> frozenset[str]:
    return common_pairs(catalogue.guides.values())


@pytest.mark.parametrize(
    ("guide", "question", "holds"),
    [
        ("id_card.replace", "补了新的以后，找回来的旧证还能用吗", "找回的旧证也不能再用"),
        ("id_card.replace", "我补了身份证，老的那张又寻着了，还好用伐", "找回的旧证也不能再用"),
        ("id_card.renew", "身份证换好了以后旧证要交回去吗", "交回旧证"),
        ("traffic.fine_payment", "罚款超过二百元能在机器上交吗", "二百元以下"),
        ("traffic.fine_payment", "罚款超过两百块能在这里交吗", "二百元以下"),
        ("id_card.renew", "低保户换身份证要不要钱", "免收工本费"),
        # session 12: as a recogniser writes it (spaces), and a seized licence said plainly
        ("id_card.replace", "补 了 身份证 老 的 那 张 又 寻 着 了 还 好 用 伐",
         "找回的旧证也不能再用"),
        ("driver_license.replace", "驾驶证 被 交警 扣 了 好 在 机器 上 补 一 本 伐", "扣押"),
        # session 13: everyday words for the guides' ones
        ("driver_license.replace", "补了驾照以后，老的那本又寻着了，还好开车用伐", "找回的旧证"),
        ("id_card.renew", "新身份证拿到了，老的那张要交还伐", "交回旧证"),
        ("traffic.fine_payment", "交警当场开的罚单，好在机器上交伐", "现场开具的罚单"),
        ("exit_entry.endorse_hk_macau", "我的通行证是老早那种本子的，好签伐", "本式旧证"),
        ("photo.id_photo", "儿子的证件照，我替他拍好伐", "本人到场"),
        ("driver_license.renew", "老公在外地回不来，驾照我替他换好伐", "委托代理人"),
        ("traffic.violation_query", "身份证忘在家里了，光报车牌好查伐", "号牌号码"),
    ],
)
def test_the_detail_asked_is_found(catalogue: Catalogue, common: frozenset[str], guide: str,
                                   question: str, holds: str) -> None:
    found = detail(catalogue.guides[guide], question, common)
    assert found is not None and holds in found, found


@pytest.mark.parametrize(
    ("guide", "question"),
    [
        ("id_card.renew", "换身份证要多少钱"),  # the fee: the short answer says it
        ("exit_entry.endorse_hk_macau", "签注要多少钱"),
        ("id_card.replace", "身份证丢了怎么补"),  # only the guide's own words
    ],
)
def test_no_detail_for_a_plain_question(catalogue: Catalogue, common: frozenset[str],
                                        guide: str, question: str) -> None:
    assert detail(catalogue.guides[guide], question, common) is None


def test_common_pairs_are_the_words_of_many_guides(common: frozenset[str]) -> None:
    assert {"办理", "可以"} <= common
    assert "旧证" not in common and "作废" not in common
    assert pairs("旧证，作废") == {"旧证", "作废"}


def test_a_condition_is_said_as_one() -> None:
    """A condition said alone sounds like news ("驾驶证未被扣押……"): it is introduced as the
    condition it is (session 12)."""
    from assistant.guides.finder import CONDITION, GuideAnswers

    said = GuideAnswers(GUIDES).detail("driver_license.replace", "驾驶证被交警扣了，好补伐")
    assert said is not None and said.startswith(CONDITION) and "扣押" in said
    note = GuideAnswers(GUIDES).detail("id_card.replace", "补了以后找回来的旧证还能用吗")
    assert note is not None and not note.startswith(CONDITION)


@pytest.mark.parametrize(
    ("guide", "question", "holds"),
    [
        # session 17: abroad, being told, a child at the kiosk (two sentences tie: the condition)
        ("churujing.passport_replace", "儿子在国外读书，护照弄丢了，伊在那边哪能补", "使领馆"),
        ("jidongche.theft_report", "车子被偷了已经报过案，寻着了我怎么知道", "民警会通知"),
        ("id_card.replace", "孙女十一岁，身份证弄丢了，好在自助机上补伐",
         "未满十六周岁或者比对不通过"),
        # session 19: collecting someone else's new card
        ("huzheng.id_card_collect", "老公的新身份证做好了，伊上班走勿开，我帮伊领好伐",
         "委托他人领取"),
        ("huzheng.id_card_collect", "女儿的身份证到了，我替她去领行不行", "委托他人领取"),
        ("photo.id_photo", "拍好的照片要不要打印出来带到窗口", "自动上传"),
    ],
)
def test_the_detail_asked_in_everyday_words_is_found(catalogue: Catalogue,
                                                     common: frozenset[str], guide: str,
                                                     question: str, holds: str) -> None:
    found = detail(catalogue.guides[guide], question, common)
    assert found is not None and holds in found, found
