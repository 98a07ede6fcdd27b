"""Decision rules of the matcher, on a small intent set built here."""

from pathlib import Path

import pytest

from assistant.config import MatcherConfig
from assistant.nlu.intents import read_intent_files
from assistant.nlu.matcher import Matcher
from assistant.nlu.types import Decision

INTENTS = """\
intents:
  id_card.replace:
    title: 补领身份证
    kind: service
    guide: id_card.replace
    examples:
      - 身份证丢了
      - 我要补办身份证
      - 补领身份证
    prompts:
      confirm: 您是要补领身份证吗？
  id_card.renew:
    title: 换领身份证
    kind: service
    guide: id_card.renew
    examples:
      - 身份证过期了
      - 我要换身份证
      - 换领身份证
    slots:
      reason:
        type: enum
        values:
          expired: [过期, 到期]
          damaged: [坏了, 破了]
    prompts:
      confirm: 您是要换领身份证吗？
  traffic.fine_payment:
    title: 交罚款
    kind: service
    examples:
      - 交罚款
      - 我要交违章罚款
    slots:
      plate_number:
        type: plate_number
    prompts:
      confirm: 您是要交罚款吗？
  guide.ask:
    title: 问办事指南
    kind: guide
    examples:
      - 要带什么材料
      - 怎么收费
    slots:
      aspect:
        type: enum
        values:
          materials: [带什么, 材料]
          fees: [多少钱, 收费]
      service:
        type: intent
    prompts:
      confirm: 您是想问办事指南吗？
  yes:
    title: 是
    kind: answer
    examples: [是的, 对, 好的]
  no:
    title: 不是
    kind: answer
    examples: [不是, 不对, 不要]
  out_of_scope:
    title: 不在服务范围
    kind: reject
    examples:
      - 社保卡丢了
      - 交电费
      - 结婚证
"""


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    path: Path = tmp_path_factory.mktemp("intents") / "test.yaml"
    path.write_text(INTENTS, encoding="utf-8")
    intents, problems = read_intent_files([path])
    assert all("examples, a" in p.message for p in problems)  # a deliberately small set
    # a deliberately small vocabulary: scores run lower than with the real intent files
    config = MatcherConfig(reject_below=0.35, accept_at=0.7, clarify_margin=0.04, clarify_floor=0.5)
    return Matcher(intents, config)


def test_exact_example_is_accepted(matcher: Matcher) -> None:
    m = matcher.understand("身份证丢了")
    assert (m.intent, m.decision, m.score) == ("id_card.replace", Decision.ACCEPT, 1.0)
    assert m.guide is not None and m.guide.id == "id_card.replace"
    assert m.runner_up is not None and m.runner_up.score < 1.0


def test_homophone_error_still_matches(matcher: Matcher) -> None:
    m = matcher.understand("我要不办身份证")  # 补办 misheard as 不办
    assert m.intent == "id_card.replace"
    assert m.decision == Decision.ACCEPT


def test_vosk_spaces_and_fillers_are_ignored(matcher: Matcher) -> None:
    m = matcher.understand("嗯 那个 身份证 丢 了 啊")
    assert (m.intent, m.score) == ("id_card.replace", 1.0)


def test_example_inside_a_longer_sentence(matcher: Matcher) -> None:
    m = matcher.understand("同志你好我身份证丢了")
    assert m.intent == "id_card.replace"
    assert m.decision in (Decision.ACCEPT, Decision.CONFIRM)


def test_weak_match_is_confirmed(matcher: Matcher) -> None:
    m = matcher.understand("同志我那身份证丢了")
    assert m.intent == "id_card.replace"
    assert 0.35 <= m.score < 1.0
    strict = Matcher(matcher.intents, MatcherConfig(reject_below=0.35, accept_at=m.score + 0.01))
    assert strict.understand("同志我那身份证丢了").decision == Decision.CONFIRM
    lenient = Matcher(matcher.intents, MatcherConfig(reject_below=0.35, accept_at=m.score))
    assert lenient.understand("同志我那身份证丢了").decision == Decision.ACCEPT


def test_near_tie_is_clarified(matcher: Matcher) -> None:
    m = matcher.understand("身份证")  # as much renewal as replacement
    assert m.runner_up is not None
    assert {m.intent, m.runner_up.intent} == {"id_card.replace", "id_card.renew"}
    gap = m.score - m.runner_up.score
    assert gap < 0.2
    wide = MatcherConfig(reject_below=0.3, accept_at=0.5, clarify_margin=gap + 0.01)
    assert Matcher(matcher.intents, wide).understand("身份证").decision == Decision.CLARIFY
    weak = MatcherConfig(
        reject_below=0.3,
        accept_at=0.99,
        clarify_margin=gap + 0.01,
        clarify_floor=m.runner_up.score + 0.01,
    )
    assert Matcher(matcher.intents, weak).understand("身份证").decision == Decision.CONFIRM
    narrow = MatcherConfig(reject_below=0.3, accept_at=0.5, clarify_margin=gap)
    assert Matcher(matcher.intents, narrow).understand("身份证").decision != Decision.CLARIFY


def test_out_of_scope_examples_win(matcher: Matcher) -> None:
    m = matcher.understand("我社保卡丢了")
    assert (m.intent, m.decision) == ("out_of_scope", Decision.OUT_OF_SCOPE)


def test_nothing_like_any_example_is_out_of_scope(matcher: Matcher) -> None:
    m = matcher.understand("今天天气怎么样")
    assert (m.intent, m.decision) == ("out_of_scope", Decision.OUT_OF_SCOPE)
    assert m.runner_up is not None and m.runner_up.score < 0.35


def test_empty_and_noise_are_out_of_scope(matcher: Matcher) -> None:
    for text in ("", "  ", "？？！", "…"):
        assert matcher.understand(text).intent == "out_of_scope"


def test_low_asr_confidence_turns_accept_into_confirm(matcher: Matcher) -> None:
    assert matcher.understand("身份证丢了", asr_confidence=0.9).decision == Decision.ACCEPT
    assert matcher.understand("身份证丢了", asr_confidence=0.3).decision == Decision.CONFIRM


def test_allowed_restricts_candidates(matcher: Matcher) -> None:
    m = matcher.understand("好的", allowed={"yes", "no"})
    assert (m.intent, m.decision) == ("yes", Decision.ACCEPT)
    m = matcher.understand("身份证丢了", allowed={"yes", "no"})
    assert m.intent == "out_of_scope"


def test_enum_slot_is_extracted(matcher: Matcher) -> None:
    m = matcher.understand("身份证坏了我要换身份证")
    assert m.intent == "id_card.renew"
    assert m.slots == {"reason": "damaged"}


def test_typed_slot_is_extracted(matcher: Matcher) -> None:
    m = matcher.understand("我要交罚款 浙L12345")
    assert m.intent == "traffic.fine_payment"
    assert m.slots == {"plate_number": "浙L12345"}


def test_question_about_a_service_is_guide_ask(matcher: Matcher) -> None:
    m = matcher.understand("补办身份证要带什么")
    assert m.intent == "guide.ask"
    assert m.slots == {"aspect": "materials", "service": "id_card.replace"}
    assert m.guide is not None and m.guide.id == "id_card.replace"
    m = matcher.understand("换身份证多少钱")
    assert (m.intent, m.slots["aspect"], m.slots["service"]) == (
        "guide.ask",
        "fees",
        "id_card.renew",
    )


def test_aspect_word_without_a_service_is_not_forced(matcher: Matcher) -> None:
    m = matcher.understand("结婚证要带什么")
    assert m.intent != "guide.ask" or "service" not in m.slots


def test_json_contract(matcher: Matcher) -> None:
    data = matcher.understand("身份证丢了").to_json()
    assert set(data) >= {"text", "intent", "score", "slots", "guide"}
    assert data["guide"] == {"id": "id_card.replace", "title": "补领身份证"}
    assert data["intent"] == "id_card.replace"
