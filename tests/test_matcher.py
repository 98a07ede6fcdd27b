"""Decision rules of the matcher and the model behind it, on the shipped intent files."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.config import MatcherConfig, intents_dir
from assistant.nlu.clauses import affirmed, clauses
from assistant.nlu.cues import sounds_like_question
from assistant.nlu.intents import intent_files, load_intents
from assistant.nlu.matcher import Matcher
from assistant.nlu.model import IntentModel, cached_model, digest, train
from assistant.nlu.types import Decision

CONFIG = MatcherConfig()


@pytest.fixture(scope="module")
def model() -> IntentModel:
    return train(load_intents(intents_dir()))


@pytest.fixture(scope="module")
def matcher(model: IntentModel) -> Matcher:
    return Matcher(load_intents(intents_dir()), CONFIG, model=model)


def with_config(matcher: Matcher, **changes: float) -> Matcher:
    return Matcher(matcher.intents, replace(CONFIG, **changes), model=matcher.model)


def test_exact_example_is_accepted(matcher: Matcher) -> None:
    m = matcher.understand("身份证丢了")
    assert (m.intent, m.decision) == ("id_card.replace", Decision.ACCEPT)
    assert m.guide is not None and m.guide.id == "id_card.replace"
    assert m.runner_up is not None and m.runner_up.score < m.score
    assert m.candidates[0].intent == "id_card.replace"
    assert len(m.candidates) == 3
    assert abs(sum(c.score for c in m.candidates) - 1.0) < 0.2  # probabilities


def test_homophone_error_still_matches(matcher: Matcher) -> None:
    m = matcher.understand("我要不办身份证")  # 补办 misheard as 不办
    assert m.intent == "id_card.replace"


def test_vosk_spaces_and_fillers_are_ignored(matcher: Matcher) -> None:
    a = matcher.understand("嗯 那个 身份证 丢 了 啊")
    b = matcher.understand("身份证丢了")
    assert (a.intent, round(a.score, 6)) == (b.intent, round(b.score, 6))


def test_the_official_words_are_not_silently_wrong(matcher: Matcher) -> None:
    """换领 is renewal although four of its five characters are those of 补领身份证."""
    m = matcher.understand("换领身份证")
    assert m.intent == "id_card.renew"
    m = matcher.understand("身份证坏了要重新办")  # damaged: renewal, not replacement
    assert m.intent == "id_card.renew"
    assert m.slots.get("reason") == "damaged"
    m = matcher.understand("补领身份证")
    assert m.intent == "id_card.replace"


@pytest.mark.parametrize("said", ["身份证坏了要补一张", "身份证断了 补一张", "身份证泡水了 要补办",
                                  "身份证烧焦了要补", "身份证字磨掉了要补"])
def test_a_damaged_card_said_with_bu_is_its_renewal_confirmed(matcher: Matcher,
                                                               said: str) -> None:
    """A damaged ID card is renewed (换领, the card handed in), though people say 补: the
    renewal for damage, confirmed (it was 补领, accepted)."""
    m = matcher.understand(said)
    assert (m.intent, m.decision) == ("id_card.renew", Decision.CONFIRM)
    assert m.slots.get("reason") == "damaged" and m.asks


@pytest.mark.parametrize("said", ["身份证丢了要补", "身份证坏了后来又弄丢了 要补",
                                  "身份证没有了 不是坏了 要补一张"])
def test_a_lost_card_stays_its_replacement(matcher: Matcher, said: str) -> None:
    assert matcher.understand(said).intent == "id_card.replace"


def test_a_bare_document_name_is_not_accepted(matcher: Matcher) -> None:
    """"身份证" sounds like the example "换身份证", but is as much 补领 as 换领."""
    assert matcher.understand("身份证").decision != Decision.ACCEPT


def test_the_words_that_drove_the_decision_are_shown(matcher: Matcher) -> None:
    m = matcher.understand("换领身份证")
    words = [w for w, _ in m.evidence]
    assert words and any("换" in w for w in words)


def test_weak_match_is_confirmed(matcher: Matcher) -> None:
    m = matcher.understand("同志我那身份证丢了")
    assert m.intent == "id_card.replace"
    strict = with_config(matcher, accept_at=min(1.0, m.score + 0.01), named_accept_at=1.0)
    assert strict.understand("同志我那身份证丢了").decision == Decision.CONFIRM
    lenient = with_config(matcher, accept_at=m.score)
    assert lenient.understand("同志我那身份证丢了").decision == Decision.ACCEPT


def test_near_tie_is_clarified(matcher: Matcher) -> None:
    m = matcher.understand("身份证")  # as much renewal as replacement
    assert m.runner_up is not None
    gap = m.score - m.runner_up.score
    wide = with_config(matcher, reject_below=0.01, clarify_margin=gap + 0.01, clarify_floor=0.0)
    assert wide.understand("身份证").decision == Decision.CLARIFY
    weak = with_config(
        matcher,
        reject_below=0.01,
        clarify_margin=gap + 0.01,
        clarify_floor=m.runner_up.score + 0.01,
        accept_at=1.0,
        near_accept_at=1.0,
    )
    assert weak.understand("身份证").decision == Decision.CONFIRM
    narrow = with_config(matcher, reject_below=0.01, clarify_margin=gap, clarify_floor=0.0)
    assert narrow.understand("身份证").decision != Decision.CLARIFY


@pytest.mark.parametrize("text", ["我社保卡丢了", "交电费", "我来取养老金", "外面下雨了吗"])
def test_out_of_scope_is_first_class(matcher: Matcher, text: str) -> None:
    """Other offices' business and small talk about the weather are refused politely,
    not offered a service ("您是要办港澳签注吗？") or a greeting ("您是要打招呼吗？")."""
    m = matcher.understand(text)
    assert (m.intent, m.decision) == ("out_of_scope", Decision.OUT_OF_SCOPE)


def test_nothing_like_any_example_is_out_of_scope(matcher: Matcher) -> None:
    m = matcher.understand("我想买两斤苹果")
    assert (m.intent, m.decision) == ("out_of_scope", Decision.OUT_OF_SCOPE)


def test_chit_chat_about_the_kiosk_is_answered(matcher: Matcher) -> None:
    for text in ("你是谁", "你是机器人吗"):
        assert matcher.understand(text).intent == "kiosk.about"
    assert matcher.understand("谢谢").intent == "thanks"
    assert matcher.understand("再见").intent == "goodbye"


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
    assert all(c.intent in ("yes", "no", "out_of_scope") for c in m.candidates)


def test_enum_slot_is_extracted(matcher: Matcher) -> None:
    m = matcher.understand("身份证坏了我要换身份证")
    assert m.intent == "id_card.renew"
    assert m.slots == {"reason": "damaged"}


def test_typed_slot_is_extracted(matcher: Matcher) -> None:
    m = matcher.understand("我要交罚款 浙L12345")
    assert m.intent == "traffic.fine_payment"
    assert m.slots.get("plate_number") == "浙L12345"


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


def test_a_story_reaches_its_service(matcher: Matcher) -> None:
    m = matcher.understand("我孙子下礼拜要去香港读书，他的通行证要签一下")
    assert m.intent == "exit_entry.endorse_hk_macau"
    assert m.decision in (Decision.ACCEPT, Decision.CONFIRM)


def test_a_denied_clause_does_not_count(matcher: Matcher) -> None:
    m = matcher.understand("不是身份证丢了，是驾驶证丢了")
    assert m.intent == "driver_license.replace"


def test_clauses() -> None:
    assert clauses("我孙子下礼拜要去香港读书，他的通行证要签一下") == [
        "我孙子下礼拜要去香港读书",
        "他的通行证要签一下",
    ]
    assert clauses("身份证丢了然后要补一张") == ["身份证丢了", "然后要补一张"]
    assert clauses("身份证丢了") == ["身份证丢了"]
    assert clauses("嗯，那个我想想") == ["嗯那个我想想"]  # too short alone: joined
    # 现在 after 能/可以/想/要/就/先 is part of the request, not a new thought ("能不能" alone
    # was the clause that asked, and the ID card it was about was lost)
    assert clauses("身份证下个月到期，能不能现在先换掉") == ["身份证下个月到期", "能不能现在先换掉"]
    assert clauses("以前在这里办过现在又来了") == ["以前在这里办过", "现在又来了"]
    assert affirmed(["不是补驾照", "是换"]) == ["是换"]
    assert affirmed(["不是"]) == ["不是"]
    # "不X，是Y" corrects X (but 不办 alone may be the recogniser's 补办)
    assert affirmed(["我不办港澳", "是台湾", "跟团的签注"]) == ["是台湾", "跟团的签注"]
    assert affirmed(["身份证不办", "要带什么"]) == ["身份证不办", "要带什么"]
    assert affirmed(["香港那个不要", "我要去台湾的"]) == ["我要去台湾的"]  # refused after


def test_a_corrected_clause_does_not_count(matcher: Matcher) -> None:
    m = matcher.understand("我不办香港的，是台湾，跟团去的签注")
    assert m.intent == "exit_entry.endorse_taiwan"


def test_json_contract(matcher: Matcher) -> None:
    data = matcher.understand("身份证丢了").to_json()
    assert set(data) >= {"text", "intent", "score", "slots", "guide"}
    assert data["guide"] == {"id": "id_card.replace", "title": "补领身份证"}
    assert data["intent"] == "id_card.replace"
    assert data["candidates"][0]["intent"] == "id_card.replace"
    assert isinstance(data["evidence"], list)


def test_model_cache_round_trip(tmp_path: Path, model: IntentModel) -> None:
    intents = load_intents(intents_dir())
    key = digest(intent_files(intents_dir()))
    path = tmp_path / f"{key}.npz"
    model.save(path)
    loaded = cached_model(intents, key, tmp_path)  # found: not retrained
    for text in ("身份证丢了", "换驾照多少钱", "浙l12345交罚款"):
        assert np.allclose(loaded.probabilities(text), model.probabilities(text), atol=1e-5)
    assert loaded.question_words == model.question_words


def test_cache_key_follows_the_content(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text("intents: {}\n", encoding="utf-8")
    before = digest([a])
    a.write_text("intents: {}\n# edited\n", encoding="utf-8")
    assert digest([a]) != before


@pytest.mark.parametrize("said", [
    "我老伴腿脚不好，身份证丢了，补办是不是一定要本人来",
    "我身份证丢了，我不是舟山户口，可以在这里补吗",
    "驾驶证换证要体检伐",
])
def test_a_question_never_starts_a_transaction_without_asking(matcher: Matcher,
                                                              said: str) -> None:
    """Asked as a question, a paid service is at most confirmed ("您是要补领身份证吗？"):
    the citizen may only want to know (issue 11: never silently wrong)."""
    match = matcher.understand(said)
    service = matcher.intents[match.intent].kind == "service" if (
        match.intent in matcher.intents) else False
    assert not (service and match.decision == Decision.ACCEPT), match


def test_a_look_up_may_be_asked_as_a_question(matcher: Matcher) -> None:
    match = matcher.understand("帮我查一下我的车有没有违章")
    assert (match.intent, match.decision) == ("traffic.violation_query", Decision.ACCEPT)


@pytest.mark.parametrize("said", ["健康证过期了换一本", "退休证落掉了，补一本"])
def test_another_offices_document_alone_is_out_of_scope(matcher: Matcher, said: str) -> None:
    """A near miss shares a service's words (丢了, 补一本) but names a document found only in
    out_of_scope examples: refused, not taken as 补驾照 (issue 11: never silently wrong)."""
    m = matcher.understand(said)
    assert (m.intent, m.decision) == ("out_of_scope", Decision.OUT_OF_SCOPE)
    assert m.runner_up is not None, "the service it resembled is still shown"


def test_another_offices_document_beside_ours_is_confirmed(matcher: Matcher) -> None:
    m = matcher.understand("老年卡和身份证都丢了，补身份证")
    assert m.intent == "id_card.replace"
    assert m.decision == Decision.CONFIRM
    assert matcher.documents(m.normalized) == (["年卡"], ["份证", "份证"])


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("我身份证不晓得掉到哪里去了，要补一张", "id_card.replace"),
        ("先不问多少钱，证件照给我拍一张", "photo.id_photo"),
        ("身份证好几个月前就过期了，换一张", "id_card.renew"),
    ],
)
def test_question_words_that_ask_nothing_do_not_block(
    matcher: Matcher, said: str, intent: str
) -> None:
    """"不晓得掉到哪里去了", "不问多少钱", "好几个月" hold question words but ask nothing:
    only the probability (not a question form) decides whether to ask (the acceptance
    threshold is lowered so that the test is about the question words alone)."""
    m = with_config(matcher, accept_at=0.7).understand(said)
    assert (m.intent, m.decision) == (intent, Decision.ACCEPT)


def test_sounds_like_question() -> None:
    asked = ["可以在这里补吗", "补办是不是要本人来", "补身份证要多少钱", "这里换身份证好伐"]
    told = ["我身份证不晓得掉哪里去了", "我前几天掉了", "给我拍一张好伐", "我不是问多少钱"]
    assert all(sounds_like_question(t) for t in asked)
    assert not any(sounds_like_question(t) for t in told)


def test_a_topic_said_without_a_question_is_confirmed(matcher: Matcher) -> None:
    """"户口迁移" alone names a guide (迁出 or 迁入?) but asks nothing: confirmed, naming it."""
    from assistant.guides.finder import CatalogueGuides

    with_guides = Matcher(matcher.intents, CONFIG, guides=CatalogueGuides(), model=matcher.model)
    m = with_guides.understand("户口迁移")
    assert m.guide is not None
    assert (m.intent, m.decision) == ("guide.ask", Decision.CONFIRM)


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("我老伴补的身份证现在寄到哪里了", "id_card.progress"),
        ("我孙子的港澳通行证办了半个月了，现在到哪一步了", "exit_entry.progress"),
    ],
)
def test_where_is_my_application_is_a_progress_query(
    matcher: Matcher, said: str, intent: str
) -> None:
    assert matcher.understand(said).intent == intent


def test_sound_alike_variants_are_learnt_as_context() -> None:
    """Each example is also learnt with some characters misheard as others of the same
    sound that the intent files use (a recogniser's homophones), as context: those
    variants add no words to the intent's own vocabulary."""
    from assistant.nlu.model import samples
    from assistant.nlu.phonetic import syllables

    data = samples(load_intents(intents_dir()))
    plain = {(s.norm, s.intent) for s in data if not s.context}
    variants = [s for s in data if s.context and (s.norm, s.intent) not in plain]
    by_group = {(s.group, s.intent): s.norm for s in data if not s.context}
    misheard = changes = alike = 0
    for s in variants:
        original = by_group.get((s.group, s.intent))
        if original is None or len(original) != len(s.norm) or original == s.norm:
            continue
        said, heard = syllables(original), syllables(s.norm)
        for i, (a, b) in enumerate(zip(original, s.norm, strict=True)):
            if a != b:
                changes += 1
                alike += said[i] in (heard[i], syllables(b)[0])  # the same sound
        misheard += 1
    assert misheard > 500
    assert alike >= 0.95 * changes


def test_a_question_whose_topic_the_catalogue_confirms_is_answered() -> None:
    """The model leans to a service and the catalogue names that service's guide alone:
    the two agree, so the question is answered without asking which guide is meant."""
    from assistant.guides.finder import CatalogueGuides

    intents = load_intents(intents_dir())
    with_guides = Matcher(intents, CONFIG, guides=CatalogueGuides(), model=train(intents))
    m = with_guides.understand("签注机在哪里")
    assert m.intent == "guide.ask"
    assert m.slots.get("service") == "exit_entry.endorse_hk_macau"
    assert m.decision == Decision.ACCEPT


@pytest.mark.parametrize("said", [
    "违章我都查好了 两条 一道交掉",
    "老公被贴了条 叫我帮他把钞票交掉",
    "凭啥罚我 我就停了一歇 算了算了 快点帮我交掉",
])
def test_a_fine_and_its_paying_said_plainly_is_the_payment_confirmed(matcher: Matcher,
                                                                     said: str) -> None:
    """A fine and paying it, in everyday words the model reads as nothing: the fine payment,
    confirmed (it was "这个我办不了")."""
    m = matcher.understand(said)
    assert (m.intent, m.decision) == ("traffic.fine_payment", Decision.CONFIRM)


@pytest.mark.parametrize("said", ["我不是来交罚款的 是来交水费的", "被城管罚了款 帮我交掉"])
def test_no_traffic_fine_to_pay_is_no_payment(matcher: Matcher, said: str) -> None:
    m = matcher.understand(said)
    assert m.intent != "traffic.fine_payment" or m.decision != Decision.ACCEPT
    assert m.intent != "traffic.fine_payment" or "城管" in said


def test_a_clear_request_naming_its_document_is_accepted_below_accept_at(
        matcher: Matcher) -> None:
    """Under ``accept_at`` a request that names its own document (and no other), with no
    rival reading, is accepted from ``named_accept_at``; put as a question, or naming
    another of the kiosk's documents, it is confirmed."""
    strict = with_config(matcher, accept_at=0.999)
    said = "丈人驾照下个月到期了 我陪他来换一本新的"
    m = strict.understand(said)
    assert (m.intent, m.decision) == ("driver_license.renew", Decision.ACCEPT)
    off = with_config(matcher, accept_at=0.999, named_accept_at=0.999)
    assert off.understand(said).decision == Decision.CONFIRM
    asked = strict.understand("驾照下个月到期了 好在这里换伐")  # a question: asked back
    assert asked.decision != Decision.ACCEPT
    both = strict.understand("驾照到期了 行驶证也要补 先换驾照")  # another book named
    assert both.decision != Decision.ACCEPT


def test_another_offices_document_is_not_ours_by_sound(matcher: Matcher) -> None:
    """残疾证 is the disabled persons' federation's (an ``out_of_scope`` example names it):
    its very characters beat the sound of 籍证 in 户籍证明 — not "您是要换驾驶证吗？"."""
    m = matcher.understand("残疾证到期了，要换本新嗰")
    assert m.intent == "out_of_scope"
    assert matcher.understand("森份证寻勿着了 要补").intent == "id_card.replace"  # by sound


# session 15
@pytest.mark.parametrize(("said", "service"), [
    ("我是想换个身份证 不知道可不可以", "id_card.renew"),
    ("我是想交个罚款 不晓得行不行", "traffic.fine_payment"),
])
def test_a_request_wrapped_in_a_polite_doubt_is_the_service_confirmed(
        matcher: Matcher, said: str, service: str) -> None:
    """"我是想……不晓得可以伐" asks whether it can be done: the service, confirmed (it was a
    question answered from the guide)."""
    m = matcher.understand(said)
    assert (m.intent, m.decision) == (service, Decision.CONFIRM)


def test_a_polite_doubt_with_a_question_word_stays_a_question(matcher: Matcher) -> None:
    assert matcher.understand("我是想换个身份证 不知道可不可以 要多少钱").intent == "guide.ask"


@pytest.mark.parametrize("said", ["驾照就是开铲车的那个 要年审了", "叉车驾驶证丢了要补"])
def test_a_special_equipment_licence_is_another_offices(matcher: Matcher, said: str) -> None:
    assert matcher.understand(said).intent == "out_of_scope"


def test_a_service_asked_for_again_is_no_look_up(matcher: Matcher) -> None:
    """"重新换过" asks for the renewal again, not after one made ("还没弄好" is the
    transaction the card's removal broke off); "不用重新办" stays the look-up."""
    assert matcher.understand("卡抽出来了 还没弄好 身份证重新换一下").intent == "id_card.renew"
    assert matcher.understand("不用重新办 我就问问身份证做好没有").intent == "id_card.progress"


@pytest.mark.parametrize("said", ["补过了的 那张新证到哪一步了 帮我看看",
                                  "上回来换的证 到现在没消息 查查做好没有"])
def test_a_look_up_of_a_replacement_is_the_id_cards(matcher: Matcher, said: str) -> None:
    """补 and 换 with nothing of exit-entry said: the ID card's look-up (it was asked
    "您是要查出入境证件的办理进度吗？")."""
    assert matcher.understand(said).intent == "id_card.progress"


def test_a_look_up_naming_a_permit_stays_exit_entrys(matcher: Matcher) -> None:
    assert matcher.understand("通行证换过了 新的到哪一步了").intent == "exit_entry.progress"


@pytest.mark.parametrize("said", ["罚款是在哪台机器上交的", "年检标领一张要多少钱"])
def test_a_question_about_a_service_read_unsurely_as_it_is_the_question(
        matcher: Matcher, said: str) -> None:
    """A service read unsurely where the utterance asks what (where, the fee) and asks for
    nothing: the question about it (it was "您是要……吗？", and a yes started the service
    with the question unanswered)."""
    m = matcher.understand(said)
    assert m.intent == "guide.ask" and m.slots.get("aspect") in ("location", "fees")


@pytest.mark.parametrize("said", ["罚款在哪里交 我今天就要交掉", "罚款多了是不是要加钱 先交了再说"])
def test_a_question_with_a_request_stays_the_request(matcher: Matcher, said: str) -> None:
    assert matcher.understand(said).intent == "traffic.fine_payment"


def test_a_request_said_after_the_question_is_the_request(matcher: Matcher) -> None:
    """"身份证换一张要几钿，算了不问了，直接换吧": the renewal, confirmed — never only the
    fee answered."""
    m = matcher.understand("身份证换一张要几钿，算了不问了，直接换吧")
    assert (m.intent, m.decision) == ("id_card.renew", Decision.CONFIRM)


def test_a_story_asking_for_the_service_is_not_a_question(matcher: Matcher) -> None:
    """A story read unsurely as a question about a service, in which the speaker asks for it:
    the service, confirmed (it was "您是想问……怎么办吗？", then a second yes)."""
    m = matcher.understand("驾照过期了半年 体检表带来了 你帮我弄一弄")
    assert (m.intent, m.decision) == ("driver_license.renew", Decision.CONFIRM)


def test_asked_to_be_told_stays_a_question(matcher: Matcher) -> None:
    assert matcher.understand("头一回去澳门 签注是怎么弄的 你给我讲讲").intent == "guide.ask"


# session 16
def test_a_request_with_another_document_is_not_a_licence(matcher: Matcher) -> None:
    """"户口簿……要换一本，到哪里去换" names no licence: never 换领驾驶证 (it was confirmed
    as the licence's renewal)."""
    m = matcher.understand("户口本被小囡撕坏了，要换一本，到哪里去换")
    assert not m.intent.startswith("driver_license"), m


def test_the_fee_brought_along_asks_nothing(matcher: Matcher) -> None:
    """"工本费带来了" tells what was brought: the renewal asked for, confirmed — no question
    about the fee answered."""
    m = matcher.understand("工本费十块钱带好了，驾照到期换证")
    assert (m.intent, m.decision) == ("driver_license.renew", Decision.CONFIRM), m


def test_a_request_said_in_a_hurry_after_a_story_is_the_request(matcher: Matcher) -> None:
    """A question, then "赶紧补": the service, confirmed — not only the time answered."""
    m = matcher.understand("身份证补办要几天，赶紧补")
    assert (m.intent, m.decision) == ("id_card.replace", Decision.CONFIRM), m


def test_a_complaint_about_a_fine_paid_long_ago_is_not_paying(matcher: Matcher) -> None:
    """"罚款老早交掉了，就是想骂两句" asks for nothing: never a payment accepted."""
    m = matcher.understand("那张罚单老早交掉了，我就是想讲讲，拍得也太凶了")
    assert not (m.intent == "traffic.fine_payment" and m.decision == Decision.ACCEPT), m


def test_the_permit_named_without_an_endorsement_is_asked(matcher: Matcher) -> None:
    """"我要办港澳通行证" may be the permit's own application (the window's): the endorsement
    is confirmed, never started at once; "港澳通行证签一下" stays accepted."""
    m = matcher.understand("我想办个港澳通行证")
    assert (m.intent, m.decision) == ("exit_entry.endorse_hk_macau", Decision.CONFIRM), m
    assert matcher.understand("港澳通行证帮我签一下").decision == Decision.ACCEPT


# session 17
def test_a_formal_request_is_the_request_not_its_procedure(matcher: Matcher) -> None:
    """"烦请为我办理……手续" asks for the service in formal words: confirmed as that service
    (its 手续 was read as the guide's overview, answered at once)."""
    m = matcher.understand("同志你好，我驾驶证满六年了，体检也做好了，麻烦您为我办理换证手续，谢谢")
    assert (m.intent, m.decision) == ("driver_license.renew", Decision.CONFIRM), m


def test_which_year_asked_is_a_question(matcher: Matcher) -> None:
    """"到底第几年去领" is a question about the mark, never the mark's service started."""
    m = matcher.understand("新车六年免检，那第几年要过来领标志")
    assert not (m.intent == "vehicle.inspection_mark" and m.decision == Decision.ACCEPT), m


def test_a_taxi_drivers_trade_is_no_rental(matcher: Matcher) -> None:
    """"我是开出租的" says who speaks: never the rental registration's guide."""
    m = matcher.understand("我是开出租的，被拍了个压线，肉痛也没办法，交掉算了")
    assert m.guide is None or m.guide.id != "zhian.rental_registration", m
    assert m.intent == "traffic.fine_payment", m


@pytest.mark.parametrize(("said", "intent"), [
    ("驾照跟身份证都寻不着了，两样都要补，先补驾照", "driver_license.replace"),
    ("驾照跟身份证都寻不着了，两样都要补，先补身份证", "id_card.replace"),
    ("身份证要换了，驾照也到期了，先换驾照", "driver_license.renew"),
])
def test_the_one_to_do_first_said_last(matcher: Matcher, said: str, intent: str) -> None:
    """"……，先补驾照" after two wishes: the one said to be first (it was a question)."""
    assert matcher.understand(said).intent == intent


def test_first_said_last_without_its_document_is_not_read_alone(matcher: Matcher) -> None:
    """"……行驶证没了，先补一本" names no document in its last clause: the sentence is read
    whole (alone it was 补领驾驶证)."""
    m = matcher.understand("车子要过户，才发现行驶证不见了，先补一本")
    assert m.intent != "driver_license.replace", m


@pytest.mark.parametrize(("said", "intent"), [
    ("行驶证要补一本，驾照就不用补了", "vehicle.registration_replace"),
    ("驾照换一本，行驶证不要换", "driver_license.renew"),
])
def test_a_document_said_to_need_nothing_is_not_the_one_meant(matcher: Matcher, said: str,
                                                               intent: str) -> None:
    """"……，驾照就不用补了" names the licence only to leave it out (it was read as the
    licence's replacement)."""
    assert matcher.understand(said).intent == intent


@pytest.mark.parametrize("said", ["驾驶证补好几日好领", "身份证换好几天可以拿"])
def test_how_many_days_until_it_can_be_had_is_a_question(matcher: Matcher, said: str) -> None:
    """"补好几日好领" asks how long (好几日 is no "several days" here): never the service
    started at once."""
    m = matcher.understand(said)
    assert m.decision != Decision.ACCEPT or m.intent == "guide.ask", m


# session 18
@pytest.mark.parametrize(("said", "wrong"), [
    ("万一寄过来的新驾照路上寄丢了，哪能弄", "driver_license.replace"),
    ("万一新身份证寄丢了，哪能办", "id_card.progress"),
    ("身份证坏掉了，换张新的要几钱", "id_card.renew"),
    ("不用再拍照了，我今朝是来查签注办到哪里了", "photo.id_photo"),
    ("勿是驾照，是行驶证的年检，车子额", "vehicle.registration_replace"),
    ("查签注进度要收钞票伐", "exit_entry.progress"),  # what it costs
    ("查查身份证做好没有，要钞票伐", "id_card.progress"),
])
def test_a_question_or_another_thing_is_never_acted_on(matcher: Matcher, said: str,
                                                       wrong: str) -> None:
    """A case supposed (万一……哪能办), a fee asked as 几钱 (几钿 misheard), a photo said not to
    be needed, a 行驶证 named for its 年检: never ``wrong`` accepted (each was)."""
    m = matcher.understand(said)
    assert not (m.decision == Decision.ACCEPT and wrong in (m.intent, m.slots.get("service"))), m


def test_a_request_on_a_condition_is_still_the_request(matcher: Matcher) -> None:
    """"……要是有就一起交了": a condition on what is asked, no case supposed."""
    m = matcher.understand("帮我查查有没有违章，要是有就一道交掉")
    assert m.intent in ("traffic.violation_query", "traffic.fine_payment"), m


@pytest.mark.parametrize(("clause", "denies"), [
    ("不用再拍照了", True), ("勿用再换了", True), ("用不着补", True), ("不用急", False),
])
def test_not_needing_an_action_denies_it(clause: str, denies: bool) -> None:
    """"不用再拍照了，……查身份证做到哪里的": the photo is left out of the reading (its guide's
    place was answered)."""
    from assistant.nlu.clauses import negated

    assert negated(clause) is denies


@pytest.mark.parametrize(("said", "asks"), [
    ("户口迁到外地去，是勿是先要回来开证明", True),
    ("驾照好勿好寄到屋里", True),
    ("签台湾……勿对勿对，是去香港嗰签注", False),  # a no said twice asks nothing
    ("身份证坏掉了，帮我换一张", False),
])
def test_wu_question_forms(said: str, asks: bool) -> None:
    """是勿是 / 好勿好 put a question as 是不是 does (a guide question was confirmed as if it
    asked nothing)."""
    from assistant.nlu.cues import sounds_like_question

    assert sounds_like_question(said) is asks


def test_a_plate_said_with_pauses_in_the_request_is_kept(matcher: Matcher) -> None:
    """"我要交罚款，车牌浙L，嗯，一二三……四五": nothing denied, so the slots come from the
    sentence as said (its pause joins the plate; the clauses joined by commas broke it)."""
    m = matcher.understand("我要交罚款，车牌浙L，嗯，一二三……四五")
    assert m.intent == "traffic.fine_payment" and m.slots.get("plate_number") == "浙L12345", m
