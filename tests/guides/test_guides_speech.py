"""Spoken answers: short, numbers in words, the right amounts, and full-reading sections."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from assistant import config
from assistant.guides.loader import Catalogue, load_catalogue
from assistant.guides.model import ASPECTS
from assistant.guides.speech import (
    OFFER_MATERIALS,
    answer,
    chinese_number,
    sections,
    speakable,
    yuan,
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(config.guides_dir())


@pytest.mark.parametrize(
    ("value", "spoken"),
    [
        (0, "零"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (120, "一百二十"),
        (1010, "一千零一十"),
        (20000, "二万"),
        (10050, "一万零五十"),
        (2.5, "二点五"),
    ],
)
def test_chinese_numbers(value: float, spoken: str) -> None:
    assert chinese_number(value) == spoken


def test_speakable_reads_long_digit_runs_digit_by_digit() -> None:
    assert yuan(40) == "四十元"
    assert speakable("罚款200元，电话12345") == "罚款二百元，电话一二三四五"


@pytest.mark.parametrize(
    ("guide_id", "amounts"),
    [
        ("id_card.renew", ["二十元"]),
        ("id_card.replace", ["四十元"]),
        ("huzheng.temporary_id_card", ["十元"]),
        ("exit_entry.endorse_hk_macau", ["十五元", "三十元"]),
        ("exit_entry.endorse_taiwan", ["十五元"]),
        ("driver_license.renew", ["十元"]),
        ("vehicle.registration_replace", ["十元"]),
        ("churujing.passport", ["一百二十元"]),
        ("jidongche.registration", ["一百元"]),
    ],
)
def test_fee_answers_say_the_amount(
    catalogue: Catalogue, guide_id: str, amounts: list[str]
) -> None:
    text = answer(catalogue.guides[guide_id], "fees", catalogue.network)
    for amount in amounts:
        assert amount in text


def test_free_and_case_dependent_fees(catalogue: Catalogue) -> None:
    assert "不收费" in answer(catalogue.guides["traffic.violation_query"], "fees")
    text = answer(catalogue.guides["traffic.fine_payment"], "fees")
    assert "百分之三" in text


def test_every_aspect_of_every_guide_is_short_and_speakable(catalogue: Catalogue) -> None:
    for guide in catalogue.guides.values():
        for aspect in ASPECTS:
            text = answer(guide, aspect, catalogue.network)  # type: ignore[arg-type]
            assert text.endswith(OFFER_MATERIALS), (guide.id, aspect)
            body = text.removesuffix(OFFER_MATERIALS)
            assert 1 <= len(re.findall(r"[。！？]", body)) <= 3, (guide.id, aspect, body)
            assert not re.search(r"[0-9]", body), (guide.id, aspect, body)
            assert len(body) <= 160, (guide.id, aspect, body)


def test_materials_answer_names_what_to_bring(catalogue: Catalogue) -> None:
    text = answer(catalogue.guides["id_card.renew"], "materials")
    assert text.startswith("居民身份证换领需要带：本人居民身份证。")
    assert "系统自动获取" in text


def test_conditions_answer_reads_the_short_ones_and_says_more_remain(
    catalogue: Catalogue,
) -> None:
    """Three short conditions are all said ("……交强险": only two were, and a citizen asking
    what is needed for the inspection mark never heard of the insurance); a long fourth is
    left to the full reading, and the answer says so."""
    text = answer(catalogue.guides["vehicle.inspection_mark"], "conditions")
    assert "交强险" in text and "还有其他条件" in text, text
    assert "免于上线检验" not in text, text
    for guide in catalogue.guides.values():
        said = answer(guide, "conditions")
        if len(guide.conditions) >= 2:
            assert all(c in said for c in guide.conditions[:2]), guide.id


def test_location_uses_this_kiosks_layout(catalogue: Catalogue) -> None:
    net = catalogue.network
    text = answer(catalogue.guides["exit_entry.endorse_hk_macau"], "location", net)
    assert text.startswith(f"本机就能办，请到签注机，{net.here.layout['exit_entry_machine']}。")


def test_location_sends_people_to_a_site_that_has_the_device(catalogue: Catalogue) -> None:
    net = catalogue.network
    shop = next(s for s in net.sites if s.id == "example-store-a")
    elsewhere = replace(net, here=shop)
    text = answer(catalogue.guides["exit_entry.endorse_hk_macau"], "location", elsewhere)
    assert "本店没有签注机" in text
    assert "定海东瀛路二百二十六号" in text  # first flagship, address read in words
    window_only = answer(catalogue.guides["churujing.passport"], "location", net)
    assert window_only.startswith("普通护照申领换发不能在自助机上办理。办理地点：出入境管理窗口")


def test_sections_for_full_reading(catalogue: Catalogue) -> None:
    parts = sections(catalogue.guides["id_card.renew"], catalogue.network)
    names = [p.name for p in parts]
    assert names == ["概况", "条件", "材料", "流程", "地点", "时间", "费用", "时限", "注意", "咨询"]
    by_name = {p.name: p.spoken_text for p in parts}
    assert by_name["材料"].startswith("所需材料共两项：第一，本人居民身份证原件")
    assert "二十元" in by_name["费用"]
    assert by_name["流程"].startswith("办理流程：第一步，")
    for part in parts:
        assert part.spoken_text and not re.search(r"[0-9]", part.spoken_text)


def test_dialog_answerer_gives_sections_for_reading() -> None:
    """``GuideAnswers`` is what the dialog reads from: answers without the offer (the
    dialog asks its own, with keys) and every section as ``(name, text)``."""
    from assistant.dialog.reading import SECTION_NAMES, GuideSource
    from assistant.guides.finder import GuideAnswers

    answers = GuideAnswers()
    assert isinstance(answers, GuideSource)
    text = answers("id_card.replace", "materials")
    assert text and OFFER_MATERIALS not in text
    parts = answers.sections("id_card.replace")
    assert parts is not None and [n for n, _ in parts][:3] == ["概况", "条件", "材料"]
    assert all(n in SECTION_NAMES and t for n, t in parts)
    assert answers.sections("no.such_guide") is None
    assert answers("no.such_guide", None) is None


def test_a_material_named_only_by_kind_says_which(catalogue: Catalogue) -> None:
    """"要带点啥" to a correction of the birth date was answered "证明材料": its note says
    which (session 19)."""
    text = answer(catalogue.guides["huzheng.info_correction"], "materials")
    assert "证明材料（如出生医学证明、档案材料" in text, text


def test_materials_of_some_cases_name_the_guardian(catalogue: Catalogue) -> None:
    """A child's first card: the guardian's card is one of two materials of some cases, and
    both are said (session 19: only the first was)."""
    text = answer(catalogue.guides["huzheng.first_id_card"], "materials")
    assert "居住证或者工作、上学的证明" in text and "监护人居民身份证" in text, text


def test_how_long_a_new_card_takes_is_not_only_its_collection(catalogue: Catalogue) -> None:
    """"新身份证几天能拿" is answered from the collection guide: "当场领取" alone told the citizen
    the card is ready at once (session 19); the time to make it comes first."""
    text = answer(catalogue.guides["huzheng.id_card_collect"], "duration")
    assert "十个工作日" in text and text.index("十个工作日") < text.index("当场领取"), text
