"""A bare topic goes to its base guide; the replace/amendment guides only when their
distinguishing words are said (issue 11, item 5; brief nlu2 item 4)."""

from __future__ import annotations

import pytest

from assistant.config import MatcherConfig
from assistant.guides.finder import CatalogueGuides
from assistant.nlu.matcher import Matcher
from assistant.nlu.types import Decision


@pytest.fixture(scope="module")
def finder() -> CatalogueGuides:
    return CatalogueGuides()


@pytest.mark.parametrize(
    ("topic", "guide"),
    [
        # bare topics, with question words and particles left by the matcher
        ("护照在哪里办呢", "churujing.passport"),
        ("护照怎么办", "churujing.passport"),
        ("护照啊", "churujing.passport"),
        ("居住证呢", "huzheng.residence_permit"),
        ("居住证怎么办理", "huzheng.residence_permit"),
        ("行驶证呢", "vehicle.registration_replace"),
        # the distinguishing words choose the special guides
        ("护照丢了", "churujing.passport_replace"),
        ("护照找不到了补一本", "churujing.passport_replace"),
        ("护照改名", "churujing.passport_amendment"),
        ("护照加注", "churujing.passport_amendment"),
        ("居住证签注", "huzheng.residence_permit_endorse"),
        ("户口迁出去怎么办呢", "huzheng.move_out"),
    ],
)
def test_topic_picks_the_right_guide(finder: CatalogueGuides, topic: str, guide: str) -> None:
    found = finder.find(topic)
    assert found is not None and found.id == guide


def test_bare_driver_license_is_not_the_vehicle_licence(finder: CatalogueGuides) -> None:
    """驾驶证 (the driver's) and 行驶证 (the car's) are different guides."""
    drivers = {ref.id for ref, _ in finder.hits("驾驶证呢", 3)}
    vehicles = {ref.id for ref, _ in finder.hits("行驶证呢", 3)}
    assert "vehicle.registration_replace" not in drivers
    assert vehicles and all(not g.startswith("driver_license") for g in vehicles)


# -- the whole understanding: a guide question gets the guide whose topic was named ----------


@pytest.fixture(scope="module")
def matcher(finder: CatalogueGuides) -> Matcher:
    from assistant.config import intents_dir, var_dir
    from assistant.nlu.intents import intent_files, load_intents
    from assistant.nlu.model import cached_model, digest

    intents = load_intents(intents_dir())
    model = cached_model(intents, digest(intent_files(intents_dir())), var_dir() / "nlu-model")
    return Matcher(intents, MatcherConfig(), guides=finder, model=model)


@pytest.mark.parametrize(
    ("text", "guide", "decisions"),
    [
        # a bare topic with a general base guide (申领 in its title): that guide, answered
        ("护照在哪里办呢", "churujing.passport", {Decision.ACCEPT}),
        ("居住证在哪里办啊", "huzheng.residence_permit", {Decision.ACCEPT}),
        ("还有那个居住证，居住证在哪里办啊", "huzheng.residence_permit", {Decision.ACCEPT}),
        ("我想弄个居住证，要带点啥", "huzheng.residence_permit", {Decision.ACCEPT}),
        # a bare topic whose base guide is a first application: named, and asked about
        ("驾驶证在哪里办", "jiashizheng.first_apply", {Decision.CONFIRM}),
        ("办驾驶证要带什么", "jiashizheng.first_apply", {Decision.CONFIRM}),
        ("同志，我想问一下，驾驶证在哪里办", "jiashizheng.first_apply", {Decision.CONFIRM}),
        ("驾照要几天", "jiashizheng.first_apply", {Decision.CONFIRM}),
        # no base guide: the question names one, never answers by guess
        ("户口在哪里办", None, {Decision.CONFIRM, Decision.CLARIFY}),
        ("行驶证在哪里办", "vehicle.registration_replace", {Decision.CONFIRM}),
        ("签注在哪里办", "exit_entry.endorse_hk_macau", {Decision.CONFIRM}),
        # the words of a specialised guide still choose it
        ("身份证到期了要带什么", "id_card.renew", {Decision.ACCEPT}),
        ("居住证到期怎么办", "huzheng.residence_permit_endorse",
         {Decision.ACCEPT, Decision.CONFIRM}),
        ("临时身份证几天能拿", "huzheng.temporary_id_card", {Decision.ACCEPT}),
        ("护照丢了要带什么去补", "churujing.passport_replace",
         {Decision.ACCEPT, Decision.CONFIRM}),
        ("港澳通行证要带什么", "churujing.hk_macau_permit", {Decision.ACCEPT}),
        ("换驾照多少钱", "driver_license.renew", {Decision.ACCEPT}),
        ("我的驾照掉了，补一本要几天", "driver_license.replace",
         {Decision.ACCEPT, Decision.CONFIRM}),
    ],
)
def test_a_guide_question_gets_the_guide_of_the_topic_named(
    matcher: Matcher, text: str, guide: str | None, decisions: set[Decision]
) -> None:
    m = matcher.understand(text)
    assert m.intent == "guide.ask", (text, m.intent)
    assert m.guide is not None and m.decision in decisions, (text, m.guide, m.decision)
    if guide is not None:
        assert m.guide.id == guide, (text, m.guide)


@pytest.mark.parametrize(
    ("text", "special"),
    [
        ("驾驶证在哪里办", {"driver_license.replace", "driver_license.renew"}),
        ("户口在哪里办", {"huzheng.household_book", "huzheng.move_out"}),
        ("还有那个居住证，居住证在哪里办啊", {"huzheng.residence_permit_endorse"}),
        ("身份证在哪里办", {"id_card.replace", "id_card.renew"}),
    ],
)
def test_no_specialised_guide_is_answered_for_a_bare_topic(
    matcher: Matcher, text: str, special: set[str]
) -> None:
    """Never accepted on a guide whose distinguishing words (补, 换, 签注…) were not said."""
    m = matcher.understand(text)
    assert m.guide is not None
    assert m.decision != Decision.ACCEPT or m.guide.id not in special, (text, m.guide)
    assert m.decision != Decision.ACCEPT or m.guide.id not in {
        "huzheng.birth_registration", "huzheng.id_card_collect"}


def test_a_distinguishing_word_is_no_bare_topic(finder: CatalogueGuides) -> None:
    """What else is said besides the topic noun picks a special guide: no base guess."""
    assert finder.topic("驾驶证丢了") is None
    assert finder.topic("港澳台居住证") is None
    assert finder.topic("临时身份证") is None
    assert finder.topic("换驾照") is None  # an action said with the noun is no bare topic
    assert finder.topic("报户口") is None
    bare = finder.topic("还有那个驾驶证")
    assert bare is not None and bare.noun == "驾驶证" and not bare.sure
    assert "driver_license.replace" in bare.guides


@pytest.mark.parametrize(
    "text",
    [
        "我从来没办过港澳通行证，第一次办，在哪里办",
        "阿拉孙子头一次办港澳通行证，要带点啥",
        "我以前没有办过港澳通行证，首次办要多少钱",
    ],
)
def test_a_first_time_question_is_about_the_document_not_a_service_on_it(
    matcher: Matcher, text: str
) -> None:
    """Asking where to get a permit for the first time is no question about endorsing one
    ("本机就能办，请到签注机" would send them to a machine that cannot help)."""
    m = matcher.understand(text)
    assert m.intent == "guide.ask", (text, m.intent)
    assert m.slots.get("service") != "exit_entry.endorse_hk_macau", (text, m.slots)
    assert m.guide is None or m.guide.id != "exit_entry.endorse_hk_macau", (text, m.guide)


def test_a_first_endorsement_is_still_about_the_endorsement(matcher: Matcher) -> None:
    m = matcher.understand("第一次来签注要带什么")
    assert m.guide is not None and m.guide.id == "exit_entry.endorse_hk_macau"


def test_an_e_bike_plate_question_is_a_guide_question(matcher: Matcher) -> None:
    """"新买的电瓶车要上牌，到哪里去上" was refused as another office's business."""
    m = matcher.understand("新买的电瓶车要上牌，到哪里去上")
    assert m.intent == "guide.ask" and m.guide is not None
    assert m.guide.id == "diandongche.registration"


def test_a_tour_group_in_a_story_fills_the_tour(matcher: Matcher) -> None:
    """"跟老年大学的团去香港玩" is a team tour: the kiosk does not ask "团队还是个人？"."""
    m = matcher.understand("我跟老年大学的团去香港玩，通行证要签一下")
    assert m.intent == "exit_entry.endorse_hk_macau" and m.slots.get("tour") == "team"


@pytest.mark.parametrize(
    ("text", "intent", "guide"),
    [
        # the first application of a document is not a service on one already held
        ("我要办个港澳通行证，第一次办", "guide.ask", "churujing.hk_macau_permit"),
        ("我从来没去过香港，通行证也还没有，给我签一个", "guide.ask",
         "churujing.hk_macau_permit"),
        # ... but the first visit, or doing it again, is no first application
        ("我第一次来这里，补驾驶证", "driver_license.replace", "driver_license.replace"),
        ("驾驶证寻不着了，要重新办一本", "driver_license.replace", "driver_license.replace"),
    ],
)
def test_a_first_application_asked_as_a_service(
    matcher: Matcher, text: str, intent: str, guide: str
) -> None:
    m = matcher.understand(text)
    assert m.intent == intent and m.guide is not None and m.guide.id == guide, m
    if intent == "guide.ask":
        assert m.decision == Decision.CONFIRM, m  # asked, naming the guide


def test_how_long_one_must_live_here_is_a_condition(matcher: Matcher) -> None:
    """"居住证要住满多久才好办" asks the condition (居住半年), not the processing time: it was
    answered "十五日内发放"."""
    from assistant.guides.finder import GuideAnswers

    m = matcher.understand("我在舟山打工两年了，外地人居住证要住满多久才能办")
    assert m.intent == "guide.ask" and m.slots.get("aspect") == "conditions", m
    assert m.guide is not None and m.guide.id == "huzheng.residence_permit", m
    said = GuideAnswers()("huzheng.residence_permit", "conditions")
    assert said is not None and "半年" in said, said


@pytest.mark.parametrize(
    ("text", "guide", "says", "never"),
    [
        # how long a document is good for is not how long it takes to get it
        ("临时身份证能用多久", "huzheng.temporary_id_card", "三个月", "三日"),
        ("我那个临时身份证管多长时间啊", "huzheng.temporary_id_card", "三个月", "三日"),
        ("港澳通行证有效期多久", "churujing.hk_macau_permit", "十年", "工作日"),
    ],
)
def test_validity_is_answered_with_the_validity(
    matcher: Matcher, finder: CatalogueGuides, text: str, guide: str, says: str, never: str
) -> None:
    from assistant.guides.finder import GuideAnswers

    m = matcher.understand(text)
    assert m.intent == "guide.ask" and m.slots.get("aspect") == "validity", (text, m.slots)
    assert m.guide is not None and m.guide.id == guide, (text, m.guide)
    said = GuideAnswers()(guide, "validity")
    assert said is not None and says in said and never not in said, said


@pytest.mark.parametrize(
    ("text", "service", "says"),
    [
        ("身份证补办好，寄到屋里大概要多长辰光？", "id_card.replace", "工作日"),
        ("签注在机器上签好要等几天才能拿？", "exit_entry.endorse_hk_macau", "现场"),
    ],
)
def test_how_long_a_service_takes_is_never_asked_of_its_look_up(
    matcher: Matcher, text: str, service: str, says: str
) -> None:
    """"……补办好，寄到屋里要多长辰光" asks how long the replacement takes: it was read as a
    question about the progress look-up (whose answer is "当场查询")."""
    from assistant.guides.finder import GuideAnswers

    m = matcher.understand(text)
    assert m.intent == "guide.ask" and m.slots.get("aspect") == "duration", m
    assert m.slots.get("service") == service and m.guide is not None, m
    said = GuideAnswers()(m.guide.id, "duration")
    assert said is not None and says in said and "当场查询" not in said, said


@pytest.mark.parametrize(
    ("text", "guide", "aspect"),
    [
        ("驾照扣了六分，有啥办法好减掉一点伐？", "jiashizheng.study_reduce_points", None),
        ("驾照到期换证，体检证明要几个月以内的才作数？", "driver_license.renew", "conditions"),
        ("我是安徽来的，在沈家门船厂做电焊，想办个居住证，要在这边住多久才好办？",
         "huzheng.residence_permit", "conditions"),
    ],
)
def test_questions_said_the_way_people_ask_them(
    matcher: Matcher, text: str, guide: str, aspect: str | None
) -> None:
    """Points taken off ("减掉一点") are the study guide, not the full-score one; how recent a
    medical certificate must be asks a condition of the renewal (it was confirmed as the
    renewal itself); how long one must live here asks a condition, not the time it takes."""
    m = matcher.understand(text)
    assert m.intent == "guide.ask" and m.decision == Decision.ACCEPT, m
    assert m.guide is not None and m.guide.id == guide, m.guide
    if aspect is not None:
        assert m.slots.get("aspect") == aspect, m.slots


def test_a_wu_how_is_a_question(matcher: Matcher) -> None:
    """"户口本落脱了哪能弄": 哪能 is 怎么 — a question, answered (it was confirmed: "像是提问，
    但话里没有提问的词")."""
    m = matcher.understand("户口本落脱了哪能弄")
    assert (m.intent, m.decision) == ("guide.ask", Decision.ACCEPT), m
    assert m.guide is not None and m.guide.id == "huzheng.household_book", m.guide


@pytest.mark.parametrize(("text", "guide"), [
    ("阿拉老头子走了，户口要去销掉伐", "huzheng.death_cancellation"),  # was 新生儿出生登记
    ("囡囡刚生出来，户口哪能报", "huzheng.birth_registration"),  # was 分户
])
def test_household_questions_told_the_way_people_say_them(
    finder: CatalogueGuides, text: str, guide: str
) -> None:
    from assistant.nlu.normalize import normalize

    hit = finder.find(normalize(text))
    assert hit is not None and hit.id == guide, hit


def test_moving_a_household_here_is_moving_in(matcher: Matcher) -> None:
    """"我孙子的户口要迁到舟山来要啥东西" is 迁入 (it was answered with 户口迁出)."""
    m = matcher.understand("同志 我 想 问 问 看 我 孙子 的 户口 要 迁 到 舟山 来 要 啥 东西")
    assert m.intent == "guide.ask" and m.guide is not None, m
    assert m.guide.id == "huzheng.move_in", m.guide


def test_whether_an_endorsement_can_still_be_had_is_never_its_look_up(
    matcher: Matcher,
) -> None:
    """"我的通行证快过期了，还能签注吗" asks a condition; it started the exit-entry look-up."""
    m = matcher.understand("我的通行证快过期了，还能签注吗")
    assert m.intent == "guide.ask" and m.slots.get("aspect") == "conditions", m


def test_validity_is_never_a_question_about_a_look_up(matcher: Matcher) -> None:
    """"护照有效期几年" was read as a question about the progress query of exit-entry."""
    m = matcher.understand("护照有效期几年")
    assert m.guide is not None and m.guide.id == "churujing.passport", m.guide
    assert m.slots.get("service") != "exit_entry.progress"


def test_a_guide_without_a_validity_says_so() -> None:
    from assistant.guides.finder import GuideAnswers

    said = GuideAnswers()("traffic.fine_payment", "validity")
    assert said is not None and "没有写有效期" in said
    assert "办理时限" not in said


@pytest.mark.parametrize(
    ("text", "guide"),
    [
        ("第一次换身份证要带什么", "id_card.renew"),
        ("我头一回补驾驶证，要多少钱", "driver_license.replace"),
        ("第一次办身份证要带什么", "huzheng.first_id_card"),
    ],
)
def test_first_renewal_versus_first_application(matcher: Matcher, text: str, guide: str) -> None:
    """"第一次换身份证要带什么" was answered from the first application's guide (户口簿)."""
    m = matcher.understand(text)
    assert m.guide is not None and m.guide.id == guide, (text, m.guide)


@pytest.mark.parametrize(
    ("text", "guide"),
    [
        # a long story before the question: the clause that asks names the topic
        ("我孙女明年要去英国读书，护照办一本要多少钱", "churujing.passport"),
        # ... or the story names the document and the clause that asks says what is done
        ("我驾驶证去年刚换的，前两天又寻不着了，补一本要几钿", "driver_license.replace"),
        # never having held the document: its application, not an endorsement on it
        ("我这辈子没出过国，想去香港玩玩，通行证也还没有，去哪里办", "churujing.hk_macau_permit"),
        # the document named by where it goes, inside a first-time story
        ("我从来没出过门，想办张去澳门的证，第一次办要到哪里办", "churujing.hk_macau_permit"),
        # "护照还没有" is holding none: its application's fee, not the look-up's "不收费"
        ("女儿要去日本读书，护照还没有，办一本要多少钞票", "churujing.passport"),
    ],
)
def test_the_clause_that_asks_names_the_topic(matcher: Matcher, text: str, guide: str) -> None:
    m = matcher.understand(text)
    assert m.intent == "guide.ask" and m.guide is not None, (text, m)
    assert m.guide.id == guide, (text, m.guide)


def test_a_clause_is_never_read_as_another_document(matcher: Matcher) -> None:
    """"第一次办要多少钱" after a story about a permit is never the ID card's first
    application (the clause names no document; the story's one must be in the title)."""
    m = matcher.understand("我没办过台湾通行证，头一回办要多少钱")
    assert m.guide is None or "身份证" not in m.guide.title, m.guide


def test_a_service_named_is_not_answered_from_a_guide_that_only_sounds_close(
    matcher: Matcher,
) -> None:
    """"身份证补办要几天能拿到": 拿到 brings up the 居民身份证领取 guide (its time: "当场领取",
    a wrong answer); the model reads 补领 and its guide is nearly as close — 补领 is meant,
    named in a question when unsure, never the other guide's answer."""
    m = matcher.understand("身份证补办要几天能拿到")
    assert m.guide is None or m.guide.id != "huzheng.id_card_collect", m.guide
    assert m.slots.get("service") == "id_card.replace", m


def test_stolen_plates_get_the_plate_replacement_guide(matcher: Matcher) -> None:
    """"车牌号码被人偷了怎么办" was answered from the guide on choosing a plate number (号码);
    the replacement guide's aliases name a stolen plate."""
    m = matcher.understand("车牌号码被人偷了怎么办")
    assert m.guide is not None and m.guide.id == "jidongche.plate_replace", m.guide


@pytest.mark.parametrize(
    ("text", "guide"),
    [
        # the new card is in the post: a temporary card, not the look-up of the new one
        ("我的身份证寄出来还没到，有没有临时证可以先用", "huzheng.temporary_id_card"),
        ("能不能先开张临时身份证", "huzheng.temporary_id_card"),
        ("新身份证要等十来天才寄到，可我后天要坐飞机去北京出差，没证怎么办",
         "huzheng.temporary_id_card"),  # was the look-up of the new card, started at once
        # a driver over seventy: the yearly check, not a licence service or the car's
        ("我外公七十五了还开车，每年要去做什么检查", "jiashizheng.over70_check"),
    ],
)
def test_a_topic_named_by_words_no_service_holds(matcher: Matcher, text: str, guide: str) -> None:
    got = matcher.understand(text)
    assert (got.intent, got.decision) == ("guide.ask", Decision.ACCEPT), got
    assert got.guide is not None and got.guide.id == guide, got.guide


def test_a_named_topic_does_not_take_a_clear_request(matcher: Matcher) -> None:
    """"我七十五了还在开车，驾照到期了要换" is the licence renewal, however old the driver."""
    got = matcher.understand("我七十五了还在开车，驾照到期了要换")
    assert (got.intent, got.decision) == ("driver_license.renew", Decision.ACCEPT), got


def test_the_only_application_guide_found_is_answered(matcher: Matcher) -> None:
    """A first-time story that finds one application guide, and only one, is answered from
    it ("……头一回办要交多少钱" was asked "您是想问……吗？" first)."""
    got = matcher.understand("我从来没去过澳门，通行证也没有，第一次办要多少钱")
    assert (got.intent, got.decision) == ("guide.ask", Decision.ACCEPT), got
    assert got.guide is not None and got.guide.id == "churujing.hk_macau_permit"


def test_a_guide_that_does_not_name_the_document_asked_about_is_not_answered(
    matcher: Matcher,
) -> None:
    """"通行证也没有，第一次办多少钱" finds only 居民身份证首次申领 (its 第一次 and 申领): a
    permit is asked about, so the ID card's fee is never answered — which one is asked."""
    got = matcher.understand("我从来没出过门，通行证也没有，第一次办多少钱")
    assert got.decision != Decision.ACCEPT, got
    assert got.guide is None or "通行证" in got.guide.title, got.guide


@pytest.mark.parametrize("text", ["照相亭在哪边", "电瓶车被偷了到哪里报案"])
def test_a_plain_question_with_a_sure_topic_is_answered(
    matcher: Matcher, finder: CatalogueGuides, text: str
) -> None:
    """A question with its topic found surely, what it asks and a question word is answered
    from ``question_accept_at`` (0.75), not only from ``accept_at``: one turn less."""
    got = matcher.understand(text)
    assert (got.intent, got.decision) == ("guide.ask", Decision.ACCEPT), got
    assert MatcherConfig().question_accept_at <= got.score < MatcherConfig().accept_at, got
    strict = Matcher(matcher.intents, MatcherConfig(question_accept_at=0.85, alias_answer_at=0.85),
                     guides=finder, model=matcher.model)
    assert strict.understand(text).decision == Decision.CONFIRM


@pytest.mark.parametrize(
    ("said", "guide"),
    [
        ("房子租给外地人要登记伐", "zhian.rental_registration"),
        ("我驾照过期1年多了还好换吗", "jiashizheng.restore"),
        ("我家里有间房子租出去了要登记吗", "zhian.rental_registration"),
    ],
)
def test_a_guides_own_alias_names_it(finder: CatalogueGuides, said: str, guide: str) -> None:
    """The staff's alias (normalised, at least four characters) found inside a sentence."""
    found = finder.by_alias(said)
    assert found is not None and found.id == guide


def test_no_alias_of_a_self_service_guide_or_of_two_guides(finder: CatalogueGuides) -> None:
    assert finder.by_alias("我身份证丢了要补") is None  # 补领's own guide: the model decides
    assert finder.by_alias("今天天气蛮好") is None


@pytest.mark.parametrize(
    ("said", "aspect"),
    [
        ("年检标志最早提前多久可以来领", "conditions"),
        ("身份证提前几个月好换", "conditions"),
        ("驾照过期了还好换伐", "conditions"),
        ("年检标志领一下要多久", "duration"),
        ("罚单过了半个月还没交，要多罚多少", "fees"),
        ("罚款晚交了一天加多少", "fees"),
        # session 17: which document to get, and "how" in everyday words, ask the overview
        ("女婿是日本人，想在这里长住，要去办个啥证", "overview"),
        ("驾驶证不想要了，要去注销，怎么弄", "overview"),
        ("驾驶证注销要带啥，哪能弄", "materials"),  # another aspect asked comes first
    ],
)
def test_whether_and_from_when_is_a_condition(matcher: Matcher, said: str, aspect: str) -> None:
    """"提前多久" holds 多久 but asks from when it can be done; Wu 还好换伐 is 还能换吗;
    "要多罚多少" asks the late fee."""
    from assistant.nlu.normalize import normalize

    found = matcher.slot_words.aspect_of(normalize(said))
    assert found is not None and found[0] == aspect, found


def test_an_alias_said_with_a_word_or_two_inside(finder: CatalogueGuides) -> None:
    """"刚生出来户口怎么报" holds the alias 刚生出来户口报 with 怎么 said inside it."""
    from assistant.guides.finder import said_within

    assert said_within("刚生出来户口报", "囡囡刚生出来户口怎么报")
    assert not said_within("刚生出来户口报", "刚生出来的小孩要去医院打针户口报")
    found = finder.by_alias("囡囡刚生出来户口怎么报")
    assert found is not None and found.id == "huzheng.birth_registration"


def test_an_alias_taken_back_names_nothing(matcher: Matcher) -> None:
    """"外国人来我家住要登记吗，不对，我是想问……签证": the registration was taken back."""
    got = matcher.understand("外国人来我家住要登记吗，不对，我是想问我去泰国要不要签证")
    assert got.guide is None or "住宿" not in got.guide.title, got


@pytest.mark.parametrize(
    ("said", "guide"),
    [
        ("阿拉孙子下个月去香港读书，通行证签注要弄一下", "churujing.stay_endorsement"),
        ("我要去澳门打工，签注怎么弄", "churujing.stay_endorsement"),
    ],
)
def test_going_to_study_or_work_is_the_stay_endorsement(matcher: Matcher, said: str,
                                                        guide: str) -> None:
    """Studying or working in Hong Kong or Macau needs the window's stay endorsement, never
    the kiosk's tourist one (a trip to visit a student is a tourist trip)."""
    got = matcher.understand(said)
    assert got.intent == "guide.ask" and got.guide is not None and got.guide.id == guide, got
    visit = matcher.understand("我孙子在澳门读大学，我一个人过去看看他，签个个人旅游的")
    assert visit.intent == "exit_entry.endorse_hk_macau", visit


@pytest.mark.parametrize("text", ["卫生间在哪里啊", "开出租车的从业资格证要年审，是不是在这里弄"])
def test_a_guide_found_alone_but_not_named_is_never_answered(matcher: Matcher, text: str) -> None:
    """The catalogue's search finds one guide alone, weakly, for words it does not hold
    (卫生间 → 集会游行示威许可 at 0.65; 从业资格证年审 → 居住证签注 at 0.70): that is no
    topic named (session 12) — never answered from it without asking."""
    m = matcher.understand(text)
    assert m.decision != Decision.ACCEPT or m.intent != "guide.ask", m
    assert m.guide is None or m.guide.id != "zhian.assembly", m.guide


def test_a_person_word_names_no_topic(matcher: Matcher) -> None:
    """"护工一天几钿，我老头子住院要人陪": 老头子 is in an alias of 死亡注销户口 ("老头子走了"),
    but a word for a person names no topic (session 12) — never that guide's answer."""
    m = matcher.understand("请个护工一天要几钿，阿拉老头子住院了要人陪")
    assert m.decision != Decision.ACCEPT or m.guide is None or (
        m.guide.id != "huzheng.death_cancellation"), m


def test_another_offices_paper_is_no_topic_of_a_guide(matcher: Matcher) -> None:
    """A 证 the kiosk's intent files never name, and the guide's names do not hold either
    ("从业资格证"), keeps a guide found by the search from being answered at once."""
    m = matcher.understand("开出租车的从业资格证要年审，是不是在这里弄")
    assert m.decision != Decision.ACCEPT, m


def test_an_alias_of_another_object_names_nothing(finder: CatalogueGuides) -> None:
    """"电瓶车牌照掉了" holds the car plate's alias 车牌掉了, but an e-bike is no car
    (session 13): an alias counts only for a guide whose names hold the objects said."""
    ebike = finder.by_alias("电瓶车牌照掉了要补车子要骑过去伐")
    assert ebike is None or ebike.id == "diandongche.plate_replace", ebike
    assert finder.by_alias("电瓶车的车牌掉了要补") is None  # 车牌掉了 is the car plate's alias
    found = finder.by_alias("车牌照掉了要补")
    assert found is not None and found.id == "jidongche.plate_replace"


def test_the_document_asked_about_after_a_story_is_searched(matcher: Matcher) -> None:
    """"外孙女户口在衢州，人在舟山读大学，护照好在舟山办伐": the household registration told
    first threw the catalogue's search (no guide at all); the passport asked about last is
    what the question is about (session 13)."""
    m = matcher.understand("外孙女户口在衢州，人在舟山读大学，护照好在舟山办伐？")
    assert m.guide is not None and m.guide.id == "churujing.passport", m


# session 15: questions about people in special situations, each to its own guide
@pytest.mark.parametrize(("said", "guide"), [
    ("侄女户口在河南 在定海读书 从来没办过身份证 好在这边办伐", "huzheng.first_id_card"),
    ("我舅舅在澳门住院 开刀了 我要过去看 签注要签哪种", "churujing.other_endorsement"),
    ("我爸走了 户口本户主是他 现在户主要换给我妈 怎么办", "huzheng.householder_change"),
    ("我在日本考的驾照 回国了换成国内的 要带啥", "jiashizheng.foreign_license"),
    ("儿子媳妇都是美国人 在舟山生的宝宝 要到哪里登记", "churujing.foreign_baby"),
    ("抱养了个小孩 手续都弄好了 户口怎么上", "huzheng.adoption_settle"),
    ("女儿七岁了一直没上户口 要先交罚款吗", "huzheng.unregistered"),
    ("我老公入了外国国籍 他的户口要注销 带啥材料", "huzheng.abroad_cancellation"),
])
def test_a_special_situation_reaches_its_guide(matcher: Matcher, said: str, guide: str) -> None:
    m = matcher.understand(said)
    assert m.intent == "guide.ask" and m.guide is not None and m.guide.id == guide, m


@pytest.mark.parametrize("said", ["电费单上的户主要改成我的名字",
                                  "刚生出来的小孩还没上户口 要带什么"])
def test_words_of_a_special_situation_in_another_context_are_not_it(matcher: Matcher,
                                                                       said: str) -> None:
    """The power company's account holder is no householder; a newborn is registered at
    birth, not as someone never registered."""
    m = matcher.understand(said)
    assert m.guide is None or m.guide.id not in ("huzheng.householder_change",
                                                 "huzheng.unregistered")


def test_a_weak_reading_of_nothing_is_looked_up_when_the_catalogue_is_sure(
        matcher: Matcher) -> None:
    """"……腿残疾的，想考驾照好考伐" read weakly as nothing: the catalogue finds the disabled
    drivers' guide strongly — answered; a reminiscence that names a licence finds nothing
    strongly and stays nothing."""
    m = matcher.understand("阿拉侄子左手小时候受过伤 残疾的 他想考驾照 能考伐")
    assert m.guide is not None and m.guide.id == "jiashizheng.disabled"
    assert matcher.understand("我们那个年代哪有什么驾驶证，开拖拉机谁管你").intent == "out_of_scope"


def test_a_weak_service_reading_of_a_question_names_the_guide_found_strongly(
        matcher: Matcher) -> None:
    """An army licence to be changed, read weakly as 补领驾驶证: the army-licence guide,
    confirmed (never answered, never the replacement started)."""
    m = matcher.understand("当兵的时候部队发的驾驶证 退伍回来换成地方的 要不要考试")
    assert (m.intent, m.decision) == ("guide.ask", Decision.CONFIRM)
    assert m.guide is not None and m.guide.id == "jiashizheng.military_license"


def test_a_doubtful_reading_of_nothing_names_the_guide_found_strongly(matcher: Matcher) -> None:
    """A police question read doubtfully as nothing, naming none of the kiosk's documents:
    the guide the catalogue finds strongly is named in the question (it was "这个我办不了");
    another office's business stays nothing."""
    m = matcher.understand("电瓶车前天在菜场门口被人偷走了 报案到哪里去报")
    assert (m.intent, m.decision) == ("guide.ask", Decision.CONFIRM)
    assert m.guide is not None and m.guide.id == "diandongche.theft_report"
    assert matcher.understand("医保卡掉了要到哪里去补").intent == "out_of_scope"


def test_a_past_harm_asked_about_names_its_guide_not_an_emergency(matcher: Matcher) -> None:
    """"上个月……被骗了……要去哪里报案" read unsurely as an emergency: the fraud report's
    guide, named in the question; a harm happening now stays the emergency."""
    m = matcher.understand("上个月被人在电话里骗了一万块 现在去报案还来得及吗")
    assert (m.intent, m.decision) == ("guide.ask", Decision.CONFIRM)
    assert m.guide is not None and m.guide.id == "wangan.fraud_report"
    assert matcher.understand("刚刚被人骗了三万 快帮我报警").intent == "emergency"


# session 16
@pytest.mark.parametrize(("said", "guide"), [
    ("我结婚以后名字改过了，身份证要不要重新换，换一张多少钱", "huzheng.name_change"),
    ("新身份证做好了我自己去窗口拿，去拿的时候要带点什么", "huzheng.id_card_collect"),
])
def test_a_question_beside_a_service_reaches_its_own_guide(matcher: Matcher, said: str,
                                                             guide: str) -> None:
    """A new card after a name change is the name change's note (not the renewal's fees by
    expiry or damage); what to bring to collect the card is the collection's (not the
    look-up's)."""
    m = matcher.understand(said)
    assert m.intent == "guide.ask" and m.guide is not None and m.guide.id == guide, m


def test_whether_it_can_still_be_done_is_no_look_up(matcher: Matcher) -> None:
    """"通行证下个月到期了，签注还能不能签" asks whether the endorsement can be had — the
    endorsement's conditions, never the look-up's (nothing is asked after)."""
    m = matcher.understand("我通行证下个月到期了，签注还能不能签")
    assert m.slots.get("service") != "exit_entry.progress", m
    assert m.slots.get("service", "").startswith("exit_entry.endorse"), m


def test_a_first_card_asked_about_in_a_look_up_is_the_first_application(
        matcher: Matcher) -> None:
    """A look-up read unsurely where the first card's guide is named by its alias in a
    question: that guide."""
    m = matcher.understand("孙子第一次办身份证，屋里低保户，好免费伐")
    assert m.intent == "guide.ask" and m.guide is not None, m
    assert m.guide.id == "huzheng.first_id_card"


def test_a_guide_named_by_its_alias_is_answered_from_alias_answer_at(
        matcher: Matcher, finder: CatalogueGuides) -> None:
    """A question read unsurely whose guide its own alias names word for word is answered
    (one turn less) — from ``alias_answer_at`` on, not below."""
    said = "驾驶证审验到底是做啥的，我要不要去"
    m = matcher.understand(said)
    assert (m.intent, m.decision) == ("guide.ask", Decision.ACCEPT), m
    assert m.guide is not None and m.guide.id == "jiashizheng.review"
    strict = Matcher(matcher.intents, MatcherConfig(alias_answer_at=0.99, question_accept_at=0.99),
                     guides=finder, model=matcher.model)
    assert strict.understand(said).decision != Decision.ACCEPT


@pytest.mark.parametrize("said", ["签注还能不能签", "签注要几天好", "签注还可以签吗"])
def test_a_bare_endorsement_question_is_never_the_business_endorsement_surely(
        matcher: Matcher, said: str) -> None:
    """"签注" alone is shared by many guides and none is its base: the kiosk's own endorsement
    is named in the question, never 往来港澳商务签注 answered at once (it was accepted)."""
    m = matcher.understand(said)
    assert m.intent == "guide.ask" and m.decision != Decision.ACCEPT, m
    assert m.slots.get("service") == "exit_entry.endorse_hk_macau", m


# session 17
@pytest.mark.parametrize(("said", "guide"), [
    ("我老伴前年过世了，他那张身份证还在柜子里，要拿去派出所交掉伐", "huzheng.death_cancellation"),
    ("阿拉爹上礼拜走掉了，户口要去销掉伐", "huzheng.death_cancellation"),
    ("我媳妇是菲律宾人，嫁过来三年了，以后就在岱山住下去，要办啥手续",
     "churujing.foreigner_residence"),
    ("护照丢了去补办过了，前两天在衣柜里又翻出来了，老护照还能用吗", "churujing.passport_replace"),
    ("老头子七十五了还每天开车去钓鱼，听说年纪大了每年要考试，考啥", "jiashizheng.over70_check"),
    ("上个礼拜车子在码头停车场被人偷了，要到哪里去报案", "jidongche.theft_report"),
    ("车子乱停被拖走了，到哪里去领回来", "weifa.vehicle_release"),
])
def test_a_situation_told_the_long_way_reaches_its_guide(matcher: Matcher, said: str,
                                                          guide: str) -> None:
    """A relative's death, a foreign spouse who stays, a passport found after its
    replacement, a driver over seventy who drives every day, a car stolen or towed away:
    the guide of that situation (they were the card's look-up, the move of a household
    registration, the look-up of an application, nothing, a lost plate, an inspection)."""
    m = matcher.understand(said)
    assert m.intent == "guide.ask" and m.guide is not None and m.guide.id == guide, m


@pytest.mark.parametrize("said", [
    "老头子走了以后我身份证也寻不着了，帮我补一张",
    "我爸走了以后我补过一次身份证，到现在还没寄到，查一下",
])
def test_a_death_told_only_as_a_time_is_not_the_death_registration(matcher: Matcher,
                                                                    said: str) -> None:
    """"老头子走了以后" only says when: the speaker's own card, never the dead person's
    registration."""
    m = matcher.understand(said)
    assert m.guide is None or m.guide.id != "huzheng.death_cancellation", m


def test_where_a_household_is_registered_does_not_hide_a_guide_named_by_its_alias(
        matcher: Matcher) -> None:
    """"户口在安徽老家" is a circumstance, not 户口 business: the first application its alias
    names (it stayed the card's look-up, confirmed)."""
    m = matcher.understand(
        "孙子户口在安徽老家，在普陀读高中，满十六了，第一次办身份证，好在这边办伐")
    assert m.intent == "guide.ask" and m.guide is not None, m
    assert m.guide.id == "huzheng.first_id_card"


# session 18
@pytest.mark.parametrize(("said", "guide"), [
    ("身份证上我的出生日期比真的晚了半年，老早户口登记的时候搞错的，好改伐",
     "huzheng.info_correction"),
    ("户口本上我老娘的名字打错了一个字，改一改要带点啥", "huzheng.info_correction"),
    ("我刚从安徽过来做生活，在东港租了间房子，人家讲外地人要去登记，到哪里登记",
     "huzheng.residence_registration"),
    ("车子还是浙B的牌子，我想换成浙L的，要弄点啥", "jidongche.move_in"),
    ("我那辆车是外省牌照，想迁到舟山来，怎么弄", "jidongche.move_in"),
    ("阿拉女儿要带外孙去澳门，小人第一趟办通行证，到哪里去办", "churujing.hk_macau_permit"),
])
def test_a_situation_in_everyday_words_reaches_its_guide(matcher: Matcher, said: str,
                                                         guide: str) -> None:
    """A wrong birth date or name on the card or household book, a tenant from elsewhere,
    a car from another city, a first permit said the Wu way (第一趟): that guide (they were
    the card's replacement, the landlord's rental registration, the photo booth, nothing,
    the endorsement)."""
    m = matcher.understand(said)
    assert m.intent == "guide.ask" and m.guide is not None and m.guide.id == guide, m


@pytest.mark.parametrize(("said", "guide"), [
    ("我屋里有间房子租给外地来打工的，要去登记伐", "zhian.rental_registration"),
    ("出生医学证明上小人的名字写错了，要去改", None),
    ("年纪大了，身份证到期了，帮我换一张", None),
    ("小时候户口本上我的名字写错了，后来改过来了", None),
])
def test_words_of_those_situations_elsewhere_are_not_them(matcher: Matcher, said: str,
                                                          guide: str | None) -> None:
    """The landlord (not the tenant), a hospital's paper, 年纪大了, a name already corrected:
    not the residence registration or the correction of a registered item."""
    m = matcher.understand(said)
    got = m.guide.id if m.guide is not None else None
    assert got not in ("huzheng.residence_registration", "huzheng.info_correction"), m
    if guide is not None:
        assert got == guide, m


def test_a_question_that_names_nothing_is_about_the_story_before_it(matcher: Matcher) -> None:
    """"……银行叫我去解押，这个到哪里去弄": the asking clause names nothing, so the topic is the
    story's, named in the question (it was the endorsement's place: 去 read alone)."""
    m = matcher.understand("买车的贷款上个月还清了，银行叫我去解押，这个到哪里去弄")
    assert m.guide is not None and m.guide.id == "jidongche.mortgage_release", m
    assert m.slots.get("service") is None, m


@pytest.mark.parametrize(("said", "aspect", "also"), [
    ("阿拉女儿要带外孙去澳门，小人第一次办通行证，到哪里去办，要几钿", "location", "fees"),
    ("护照补一本要多少钞票，要几日好拿", "duration", "fees"),  # (Wu days found first)
    ("护照在哪里办", "location", None),
])
def test_a_second_aspect_asked_is_kept(matcher: Matcher, said: str, aspect: str,
                                       also: str | None) -> None:
    """Two things asked in one question: both kept (``also``) and both answered."""
    m = matcher.understand(said)
    assert m.slots.get("aspect") == aspect and m.slots.get("also") == also, m


@pytest.mark.parametrize(("said", "aspect"), [
    ("车牌掉了补一块要多少日子", "duration"),
    ("新护照几日好拿", "duration"),
    ("小人生好了户口要多少日子里去报", None),  # by when: not how long it takes
    ("前几日拍的照片还好用伐", None),
    ("罚款不服想申请复议，过了几天就不好申请了", "conditions"),  # by when: its deadline
    ("小人生出来几日之内要去报户口", "conditions"),
    ("拍张证件照要收钞票伐", "fees"),  # whether it costs anything
    ("我要交钱", None),
    # session 19: at once, dear, in person
    ("身份证补好当场能拿走吗", "duration"),
    ("换本驾照贵伐", "fees"),
    ("签注签一次贵不贵", "fees"),
    ("查违章一定要车主本人来伐", "conditions"),
    ("当场拿到的罚单，能在这里交吗", None),  # a ticket handed over, not asked when
])
def test_days_said_the_wu_way_ask_how_long(matcher: Matcher, said: str,
                                           aspect: str | None) -> None:
    from assistant.nlu.normalize import normalize

    found = matcher.slot_words.aspect_of(normalize(said))
    if aspect is None:
        assert found is None or found[0] != "duration", found
    else:
        assert found is not None and found[0] == aspect, found


def test_a_weak_look_up_asking_after_nothing_names_the_guide_found(matcher: Matcher) -> None:
    """"护照快过期了，在这台机器上换得了伐" read weakly as the look-up of an application, with
    no word asking after one: the passport's guide, named in the question (it was "您是要查
    出入境证件的办理进度吗？")."""
    m = matcher.understand("我想问一下，护照快过期了，在这台机器上换得了伐")
    assert m.intent == "guide.ask" and m.guide is not None, m
    assert m.guide.id == "churujing.passport", m


def test_how_a_topic_without_a_service_is_done_is_its_overview(matcher: Matcher) -> None:
    """"居住证要怎么办" asks how a residence permit is got (no kiosk service has it): answered
    (session 19: asked "您是想问……吗？" first); "护照寻勿着了，哪能办" is the lost passport's
    replacement (it was asked as the progress look-up's guide)."""
    m = matcher.understand("我在舟山打工，居住证要怎么办")
    assert (m.intent, m.decision) == ("guide.ask", Decision.ACCEPT), m
    assert m.guide is not None and m.guide.id == "huzheng.residence_permit", m.guide
    m = matcher.understand("护照寻勿着了，哪能办")
    assert m.guide is None or m.guide.id == "churujing.passport_replace", m
