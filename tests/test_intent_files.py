"""The shipped intent files: clean, self-consistent, and understood as the issue demands.

Each intent's own ``examples`` (against the model trained on all of them) and
``not_examples`` are checked by :func:`example_problems`; the cases below pin behaviour the
kiosk promises.
"""

import pytest

from assistant.config import intents_dir
from assistant.nlu.evaluate import example_problems
from assistant.nlu.intents import catalogue_problems, intent_files, load_intents, read_intent_files
from assistant.nlu.matcher import Matcher
from assistant.nlu.types import Decision


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_intents(intents_dir()))


def test_files_are_structurally_clean() -> None:
    directory = intents_dir()
    intents, problems = read_intent_files(intent_files(directory), relative_to=directory.parent)
    problems += catalogue_problems(intents, directory.name)
    assert [str(p) for p in problems] == []


def test_every_example_and_not_example_holds(matcher: Matcher) -> None:
    assert [str(f.problem()) for f in example_problems(matcher)] == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("阿拉身份证过期了 换一张新的", "id_card.renew"),
        ("不办身份证", "id_card.replace"),  # recogniser heard 不办 for 补办
        ("我 的 身份证 丢 了", "id_card.replace"),  # vosk spaces
        ("我要交罚款", "traffic.fine_payment"),
        ("查一下我的车有没有违章", "traffic.violation_query"),
        ("我想去香港 办个签注", "exit_entry.endorse_hk_macau"),
        ("叫个民警过来", "call_staff"),
        ("再说一遍", "repeat"),
        ("是的", "yes"),
        ("不是", "no"),
    ],
)
def test_core_requests_are_understood(matcher: Matcher, text: str, intent: str) -> None:
    m = matcher.understand(text)
    assert m.intent == intent, m
    assert m.decision in (Decision.ACCEPT, Decision.CONFIRM)


@pytest.mark.parametrize(
    ("text", "aspect", "service"),
    [
        ("补办身份证要带什么", "materials", "id_card.replace"),
        ("换驾照多少钱", "fees", "driver_license.renew"),
        ("港澳签注要几天", "duration", "exit_entry.endorse_hk_macau"),
    ],
)
def test_questions_about_a_service_are_guide_questions(
    matcher: Matcher, text: str, aspect: str, service: str
) -> None:
    m = matcher.understand(text)
    assert m.intent == "guide.ask"
    assert m.slots["aspect"] == aspect
    assert m.slots["service"] == service
    assert m.guide is not None


@pytest.mark.parametrize("text", ["社保卡补办", "交电费", "结婚证", "我要买火车票"])
def test_near_misses_are_out_of_scope(matcher: Matcher, text: str) -> None:
    m = matcher.understand(text)
    assert (m.intent, m.decision) == ("out_of_scope", Decision.OUT_OF_SCOPE)


def test_slots_come_with_the_intent(matcher: Matcher) -> None:
    m = matcher.understand("浙L12345交罚款")
    assert m.intent == "traffic.fine_payment"
    assert m.slots.get("plate_number") == "浙L12345"
    m = matcher.understand("身份证坏了想换一张")
    assert (m.intent, m.slots.get("reason")) == ("id_card.renew", "damaged")


def test_every_intent_guide_link_resolves() -> None:
    from assistant.config import guides_dir
    from assistant.guides.loader import load_catalogue

    guides = load_catalogue(guides_dir()).guides
    intents = load_intents(intents_dir())
    links = {i.name: i.guide for i in intents if i.guide is not None}
    assert len(links) == 13  # every self-service item links its guide
    assert {name: g for name, g in links.items() if g not in guides} == {}


@pytest.mark.parametrize(
    ("text", "guide"),
    [
        ("护照在哪里办", "churujing.passport"),
        ("办居住证要带什么", "huzheng.residence_permit"),
        ("无犯罪记录证明怎么开", "qita.criminal_record"),
    ],
)
def test_questions_about_other_police_services_find_their_guide(text: str, guide: str) -> None:
    from assistant.guides.finder import CatalogueGuides
    from assistant.nlu import load_nlu

    m = load_nlu(guides=CatalogueGuides()).understand(text)
    assert m.intent == "guide.ask"
    assert m.guide is not None and m.guide.id == guide


@pytest.mark.parametrize(
    ("text", "guide"),
    [
        ("办护照多少钱", "churujing.passport"),  # not the progress query's "不收费"
        ("护照要几天", "churujing.passport"),  # not the progress query's time limit
        ("临时身份证多少钱", "huzheng.temporary_id_card"),  # not 补领身份证
        ("第一次办港澳通行证多少钱", "churujing.hk_macau_permit"),  # not the endorsement fee
        ("第一次办港澳通行证要带什么", "churujing.hk_macau_permit"),
    ],
)
def test_a_guide_question_gets_the_topic_the_user_named(text: str, guide: str) -> None:
    """Issue 11 item 5: the topic guide is found apart from the aspect words and from the
    self-service intents; when unsure the kiosk confirms, naming that guide."""
    from assistant.guides.finder import CatalogueGuides
    from assistant.nlu import load_nlu

    m = load_nlu(guides=CatalogueGuides()).understand(text)
    assert m.intent == "guide.ask"
    assert m.guide is not None and m.guide.id == guide
    assert "service" not in m.slots


def test_new_id_card_duration_is_not_the_progress_query() -> None:
    from assistant.guides.finder import CatalogueGuides
    from assistant.nlu import load_nlu

    m = load_nlu(guides=CatalogueGuides()).understand("新身份证几天能拿")
    assert m.intent == "guide.ask"
    assert m.guide is None or m.guide.id != "id_card.progress"
    assert m.slots.get("service") != "id_card.progress"


@pytest.mark.parametrize("text", ["驾照要几天", "通行证在哪里办"])
def test_an_unsure_topic_is_confirmed_naming_the_guide(text: str) -> None:
    """Several guides fit ("驾照": renewal, replacement, first licence): the kiosk does not
    answer from one of them silently; it asks, naming the guide ("您是想问……吗？")."""
    from assistant.guides.finder import CatalogueGuides
    from assistant.nlu import load_nlu

    m = load_nlu(guides=CatalogueGuides()).understand(text)
    assert m.intent == "guide.ask"
    assert m.decision != Decision.ACCEPT
    assert m.guide is not None
