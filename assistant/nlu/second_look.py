"""A second look at a reading, for names the intent model cannot know (issue 11).

Some topics are named by words no service's examples hold — a temporary ID card while the
new one is in the post, a driver over seventy (:data:`assistant.nlu.topics.NAMED_TOPICS`) —
and some words name either of two documents ("车本(子)": the licence in some mouths, the
vehicle's registration in others).  The matcher's reading is replaced by the topic's guide,
or by the question which of the two replacements is meant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from assistant.nlu.clauses import affirmed_text
from assistant.nlu.cues import asks_after, document_words, told_as_past
from assistant.nlu.normalize import normalize
from assistant.nlu.slot_words import GUIDE_ASK, SlotWords
from assistant.nlu.topics import QuestionTopics, spelt_right
from assistant.nlu.types import OUT_OF_SCOPE, Candidate, Decision, GuideRef, Match

CALL_STAFF, EMERGENCY = "call_staff", "emergency"
UNSURE_NOTHING = 0.5
"""Below this share a reading of nothing (``out_of_scope``) is unsure: a question in it that
names one of our documents is looked up in the catalogue, and answered from the guide it
finds surely."""
DOUBTFUL_NOTHING = 0.8
"""Below this share a reading of nothing is doubtful: the guide the catalogue finds surely
for a question in it is named in the question ("您是想问……吗？"), never answered at once."""
_NOT_OVERRIDDEN = frozenset({EMERGENCY, CALL_STAFF})
"""Readings never replaced: what is urgent, or asks for a person (a question read unsurely
as one may still be a guide's, by its own alias)."""
_LOST = re.compile("补|丢|落脱|寻不着|寻勿着|找不到|找不着|不见")
"""Words of a document lost or to be replaced ("车本子寻勿着了，要补")."""
_OWN_DOCUMENT = ("service", "query")
"""Kinds of items whose unsure reading gives way to a guide on the same document named by
its alias in a question (a look-up too: "……第一次办身份证……低保户好免费伐" read as the
ID card's look-up is the first application's)."""
BOOK_REPLACEMENTS = ("driver_license.replace", "vehicle.registration_replace")
"""The two replacements a "车本(子)" may be about (:func:`which_book`)."""
_BOOKS_NAMED = ("驾驶证", "驾照", "行驶证")


def named_topic(
    match: Match,
    topics: QuestionTopics,
    words: SlotWords,
    asks: Callable[[str, str], bool],
    accept_at: float,
    answer_at: float = 0.0,
) -> Match | None:
    """A topic named by words no service's examples hold ("有没有临时的证好开") read as a
    question, as nothing, as anything not accepted, or as a service of the family it is
    meant over: that topic's guide — answered when it ``asks`` (a question word or form,
    judged only then: text, normalised text), else confirmed naming it.  Never an
    emergency or a call for a person (but a question read unsurely as one, by an alias)."""
    unsure_person = match.intent == CALL_STAFF and match.decision != Decision.ACCEPT
    if (match.intent == EMERGENCY and match.decision != Decision.ACCEPT
            and told_as_past(match.text, recent=True) and asks(match.text, match.normalized)):
        # "上个月接到电话叫我转钱，被骗了三万，要去哪里报案": a past harm asked about, read
        # unsurely as an emergency — the guide the catalogue finds strongly, named in the
        # question (the dialog calls nobody for what is over)
        found = topics.strong_guide(match.normalized, match.text)
        return _answered(match, found, words, asks, accept_at, Decision.CONFIRM) if (
            found is not None) else None
    if match.intent in _NOT_OVERRIDDEN and not unsure_person:
        return None
    guide = None if unsure_person else topics.named(  # (not in what is taken back)
        _kept(match) if _TOOK_BACK.search(match.normalized) else match.normalized,
        match.intent, match.decision == Decision.ACCEPT)
    by_alias = False
    if guide is None and match.guide is None and (
            match.intent in (GUIDE_ASK, OUT_OF_SCOPE) or unsure_person) and (
            asks(match.text, match.normalized)):
        # a question in a guide's own words (its aliases) read as nothing, without a guide
        # or unsurely as a call for a person ("我要投诉，上回有个民警态度老差，打哪只电话好
        # 投诉": 民警态度) — not a story told with them ("去年我电瓶车被偷了……找回来了"); a
        # guide the reading has already found is kept ("居住证要住满多久": not 居住登记); in
        # what is kept of the sentence ("外国人来我家住要登记吗，不对，我是想问……签证": not the
        # registration taken back)
        guide = topics.by_alias(_kept(match))
        by_alias = True
    elif guide is None and match.decision != Decision.ACCEPT and (
            match.intent in topics.intents and topics.intents[match.intent].kind in _OWN_DOCUMENT
    ) and asks(match.text, match.normalized):
        # "驾照被吊销了，要过几年好重新去考": a guide's alias word for word in a question read
        # unsurely as a service (补领驾驶证) — that guide, when it is about the service's
        # own document (not a look-up of one's application, nor "办居住证要交照片" read as
        # the photo booth)
        guide = topics.by_alias(_kept(match), exact=True)
        if guide is not None and not topics.about_own_document(match.intent, guide):
            guide = None
        by_alias = guide is not None
        if guide is None and match.decision == Decision.CONFIRM and match.score < UNSURE_NOTHING:
            # "儿子在部队有驾驶证的，换成地方的要重新考伐" read weakly as 补领驾驶证: a
            # question the catalogue finds strongly in a guide on the same document
            # (军队武警驾驶证换领地方驾驶证) — that guide, named in the question
            found = topics.strong_guide(match.normalized, match.text, sure=False)
            if found is not None and topics.about_own_document(match.intent, found):
                return _answered(match, found, words, asks, accept_at, Decision.CONFIRM)
            if topics.intents[match.intent].kind == "query" and not asks_after(
                    match.text) and (found := topics.strong_guide(
                        match.normalized, match.text)) is not None:
                # "护照快过期了，在这台机器上换得了伐" read weakly as the look-up: nothing
                # asks after an application — the guide found strongly, named in the question
                return _answered(match, found, words, asks, accept_at, Decision.CONFIRM)
    if guide is None and match.intent == GUIDE_ASK and match.decision == Decision.CONFIRM and (
            match.guide is not None) and (
            match.score >= answer_at and asks(match.text, match.normalized)):
        # "驾照过期一年多了，听讲已经被注销了，回来还好恢复伐": a question read unsurely (but
        # at ``answer_at``, the matcher's ``alias_answer_at``) whose guide is the one named
        # word for word by its own alias — answered, not confirmed; and one read as a
        # service's whose words name another guide by its alias ("外孙女户口在江西老家……
        # 第一次办身份证，好在舟山这边办伐": 居民身份证首次申领, not the card's look-up)
        found = topics.by_alias(_kept(match), exact=True)
        if found is not None and (found.id == match.guide.id or match.slots.get("service")):
            guide, by_alias = found, True
    if guide is None and match.intent == OUT_OF_SCOPE and match.score < DOUBTFUL_NOTHING and (
            asks(match.text, match.normalized)):
        # "我儿子右脚小时候坏掉了，残疾的，伊想考驾照好考伐": read unsurely as nothing, a
        # question whose topic the catalogue finds surely (残疾人申领机动车驾驶证) — that
        # guide, answered when it names one of our documents and nothing was read clearly,
        # else named in the question ("电瓶车昨天夜里被偷了，要去哪里报案")
        found = topics.strong_guide(match.normalized, match.text)
        if found is not None and (match.score >= UNSURE_NOTHING
                                  or not document_words(match.normalized)):
            return _answered(match, found, words, asks, accept_at, Decision.CONFIRM)
        guide = found
        by_alias = guide is not None
    if guide is None:
        return None
    return _answered(match, guide, words, asks, accept_at, None, by_alias)


def _answered(match: Match, guide: GuideRef, words: SlotWords, asks: Callable[[str, str], bool],
              accept_at: float, decision: Decision | None, by_alias: bool = True) -> Match:
    """``match`` read as a question about ``guide`` — ``decision``, or accepted when it
    ``asks`` and confirmed when not."""
    aspect = words.aspect_of(match.normalized)
    # "能不能先开个临时的证": whether it can be had is what its summary says (where, the
    # fee, how long it lasts), not only its conditions — a guide's alias asks what it asks
    said = aspect[0] if aspect is not None and (by_alias or aspect[0] != "conditions") else (
        "overview")
    return Match(
        match.text, match.normalized, GUIDE_ASK, max(match.score, accept_at),
        decision or (Decision.ACCEPT if asks(match.text, match.normalized) else Decision.CONFIRM),
        runner_up=match.runner_up,
        slots={"aspect": said}, guide=guide,
        candidates=match.candidates, evidence=match.evidence, clause=match.clause,
    )  # fmt: skip


_TOOK_BACK = re.compile(r"不对[，,\s]*我?(?:是想问|是问|想问|要问)|(?:我|刚才)?(?:讲错了|说错了)"
                        r"|不是[^，,。]{0,6}?[，,\s]*(?:我)?是(?:想问|问|来)")
"""A question or request said, then taken back ("外国人来我家住要登记吗，不对，我是想问……";
not "出生日期不对 错了一年": wrong is what the date is)."""


def _kept(match: Match) -> str:
    """What ``match``'s utterance keeps of itself (without what it denies or takes back),
    normalised."""
    kept = affirmed_text(match.text)
    return normalize(kept) if kept else match.normalized


def which_book(match: Match, allowed: Collection[str] | None) -> Match | None:
    """"车本(子)" without 驾驶证/驾照/行驶证 is either book — the licence or the vehicle's
    registration (the staff's own examples use it for both): a replacement of it, however
    surely read, is asked as "补领驾驶证 or 补领行驶证?", never guessed ("补 车本" was
    accepted as the licence)."""
    pair = [name for name in BOOK_REPLACEMENTS if allowed is None or name in allowed]
    service = match.slots.get("service") if match.intent == GUIDE_ASK else match.intent
    runner = match.runner_up.intent if match.runner_up is not None else None
    if (len(pair) < 2 or "车本" not in match.normalized
            or not ({service, runner} & set(pair) or _LOST.search(match.normalized))
            or any(d in spelt_right(match.normalized) for d in _BOOKS_NAMED)):
        # (a book named as the recogniser misheard it: "行使证" is 行驶证)
        return None
    first = service if service in pair else runner if runner in pair else pair[0]
    second = next(name for name in pair if name != first)
    return Match(
        match.text, match.normalized, str(first), match.score, Decision.CLARIFY,
        runner_up=Candidate(second, match.score, ""), candidates=match.candidates,
        evidence=match.evidence, clause=match.clause,
    )  # fmt: skip
