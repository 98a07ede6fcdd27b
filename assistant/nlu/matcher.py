"""The intent matcher: a calibrated intent model decides, clause by clause.

An utterance is normalised (:mod:`assistant.nlu.normalize`) and the trained model
(:mod:`assistant.nlu.model`) gives a calibrated probability for every intent.  What the
intent's examples cannot explain at all ("拍婚纱照": no example has 婚纱) is moved to
``out_of_scope`` — "none of these" — so a request for something else is not forced onto
the nearest service.  Long, story-like speech is split into clauses
(:mod:`assistant.nlu.clauses`) and the clause that carries a request wins over the story
around it.

The decision (accept / confirm / clarify / out_of_scope) follows the thresholds in
:class:`assistant.config.MatcherConfig`.  Questions *about* a service ("补办身份证要带什么")
are ``guide.ask`` with slots ``aspect`` and ``service``: the question word is removed and
the rest is classified among the self-service intents; a question about something else
("护照在哪里办") gets its guide from the optional :class:`GuideFinder`.  rapidfuzz only
finds the closest example to show (``kiosk nlu``).

Next to it: :mod:`assistant.nlu.topics` (what a question is about),
:mod:`assistant.nlu.slot_words` (slot values in what was said) and :mod:`assistant.nlu.cues`
(cues in the wording that ask for a confirmation; the documents named).
"""


from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from assistant.config import MatcherConfig
from assistant.nlu.clauses import affirmed, clauses, first_of_two, first_said_last, negated
from assistant.nlu.cues import (
    ANY_DOCUMENT,
    HOW_TO_LOOK_UP,
    IDENTITY_CARD,
    LOST_WHERE,
    NEGATION,
    PENDING,
    PENDING_ASPECTS,
    SPACES,
    SUPPOSED,
    Documents,
    asks_after,
    declines,
    document_words,
    looks_up_own_application,
    names_only_a_document,
    other_offices_thing,
    sounds_like_question,
    told_as_past,
    told_only_as_past,
)
from assistant.nlu.features import describe
from assistant.nlu.intents import Intent, IntentSet
from assistant.nlu.likeness import Likeness
from assistant.nlu.model import IntentModel, train, without_time_phrases
from assistant.nlu.normalize import normalize
from assistant.nlu.second_look import named_topic, which_book
from assistant.nlu.slot_words import ASKED_WHETHER, GUIDE_ASK, SlotWords
from assistant.nlu.topics import NEVER_DONE, QuestionTopics
from assistant.nlu.types import (
    OUT_OF_SCOPE,
    Candidate,
    Decision,
    GuideFinder,
    GuideRef,
    Match,
)

REQUEST_KINDS = ("service", "query", "guide", "info", "staff", "command")
"""Kinds of intent a clause can carry a request with (not greetings or bare yes/no)."""
CLAUSE_MARGIN = 0.05
"""How much more clearly a clause must carry a request than the whole utterance."""
# Why a reading the model is sure of is still confirmed (``Match.asks``, shown by
# ``kiosk nlu`` to staff; see :meth:`Matcher._caution`).
ASKS_QUESTION = "收钱或提交的业务，话却像在提问"
"""A paid service put as a question ("可以在这里补吗")."""
ASKS_NO_QUESTION = "像是提问，但话里没有提问的词"
ASKS_PAST = "讲的是过去的事"
ASKS_FOREIGN = "说到了别的部门的证件（{}）"
ASKS_NEGATED = "命令前面有“不要/别”，可能是反过来的意思"
ASKS_PENDING = "说的是已经办过的申请，可能是要查进度"
ASKS_HOW = "问的是怎么查，可能只是打听"
ASKS_DOCUMENT = "说到的证件（{}）和这项业务对不上"
ASKS_RIVAL = "还说到了另一种证件（{}），要问清是哪一种"
ASKS_NO_PHOTO = "没说要拍照"
ASKS_REQUESTED = "先问了一句，后面又要办事"
ASKS_DECLINED = "话里说了先不办/算了"
ASKS_FIRST_TIME = "说是第一次办，要先到窗口申请证件本身"
ASKS_BARE = "只说了证件，没说要办什么"
ASKS_WHICH_PAPER = "查进度，但没说是哪种证件"
ASKS_STORY = "先讲了别的事，最后问了一句证件的事"
"""A story read as nothing, then a question about a document ("……护照办一本要多少钱")."""
ASKS_PHOTO_FOR = "要拍照，说到的业务只是照片的用处"
ASKS_USED_UP = "说的是证件或签注用完、过期了，不是查进度"
ASKS_OTHER_THING = "说到了别的部门管的东西（{}）"
ASKS_DAMAGED = "身份证是坏了，不是丢了：坏了的要换领"
ASKS_FINE_SAID = "说了罚款和交钱，但没说业务的名字"
ASKS_POLITE = "客气地问能不能办，就是要办"
ASKS_PERMIT = "说的是通行证本身，没说签注"
ASKS_SUPPOSED = "问的是万一/如果怎么样，不是要查自己的申请"
ASKS_LOOK_UP_FEE = "问的是查询要不要钱，不一定要现在查"
ASKS_LOST = "“掉到哪里去了”是在讲丢了，不是问地方"
ASKS_NO_DOCUMENT = "说了换/补，没说是哪种证件"
"""A replacement or renewal that names no document ("到期了要换", "我勿补，我是换"): the
身份证's or the 驾驶证's is a guess."""
ID_PROGRESS, EXIT_PROGRESS = "id_card.progress", "exit_entry.progress"
REGISTRATION_REPLACE = "vehicle.registration_replace"
_INSPECTION_SAID = re.compile(r"年检|检验标志|年审|检验合格标志")
_LOST_OR_DAMAGED = re.compile(r"补|丢|掉|坏|破|烂|寻不着|寻勿着|找不到|找不着|没了|不见|被偷|偷了")
"""What a replacement of the 行驶证 is for; without it, a 行驶证 said with 年检 may be the
inspection mark."""
_EXIT_ENTRY_SAID = re.compile(r"签|通行|护照|港澳|香港|澳门|台湾|出入境|出国|出境|旅游|团")
"""Words of an exit-entry document or trip."""
_ID_WORK_SAID = re.compile(r"补(?!偿|贴|助|充)|换|身份证|新证|拍照")
"""Words of the ID card's services (补领, 换领, the photo taken for them)."""
_WRAPPED_REQUEST = re.compile(r"(?:不晓得|不知道|勿晓得|不清楚)"
                              r"(?:可以|可不可以|行不行|能不能|好不好|行|能|好)(?:办)?(?:伐|吗|不|么)?")
"""A polite doubt after a request ("我是想换驾照，不晓得可以伐"): no question of its own."""
_FORMAL_REQUEST = re.compile(r"(?:烦请|劳驾|麻烦|请)(?:您|你|侬)?(?:为|帮|给|替)(?:我|本人|阿拉)"
                             r"(?:办理|办|换|补|签|查|交|缴)")
"""A request in formal words ("烦请为我办理换领手续"): its 手续 is what is to be done, not asked."""
STORY_QUESTION = 0.9
"""Probability at which the last clause of such a story is read as the question it asks."""
"""A bare document ("那个身份证"): the dialog offers that document's services."""
REQUEST_SHARE = 0.2
"""Share of the services' probability in the whole utterance that the service of a request
after a question needs (the whole must lean to it too)."""
REQUEST_AFTER_QUESTION = 0.6
"""Probability at which a clause after a question is taken as a request of its own (the
service is then confirmed, not the question answered)."""
FINE_PAY, FINE_QUERY = "traffic.fine_payment", "traffic.violation_query"
_TO_LOOK_UP = re.compile(r"查(?!好|过|了)|看看|有几条|有没有|多少条")
"""A look-up still to be done ("查查违章 有的话交掉"), not one done ("违章查好了")."""
PAYING_CONTEXT = 6
"""Characters before the words that pay which are judged with them as a question or not
(not the whole story: "凭啥罚我……快点帮我交掉" asks nothing of the kiosk)."""
_A_FINE = re.compile(r"违章|违法|罚款|罚单|罚我|罚了|贴了?条|吃了?(?:张)?罚单|被拍")
"""A traffic fine said in everyday words (:meth:`Matcher._fine_to_pay`)."""
_PAID_NOW = re.compile(
    r"交掉|交了吧|交就交|去交|来交|帮我交|帮他交|帮伊交|帮她交|把钱交|把钞票交|付掉|缴掉")
"""Paying it, said as what is to be done now."""
ID_REPLACE, ID_RENEW = "id_card.replace", "id_card.renew"
"""补领 and 换领 of the ID card (:meth:`Matcher._damaged_card`)."""
_GONE = re.compile(
    r"丢|(?<![磨啃烂糊焦花咬])掉|落脱|落在|寻不着|寻勿着|找不到|找不着|不见|偷|抢|没了|没有了"
    r"|(?:不是|勿是|没|没有)(?:坏|损坏)")
"""Words that say a card is gone, not damaged ("坏了又弄丢了" is a replacement), or deny the
damage ("身份证没有了，不是坏了")."""
_ASKS_FOR = re.compile(
    r"(?:帮|给|替|让)(?:我|阿拉|伊|他|她|俺)|我(?:要|想|来)(?!问)"
    r"|(?:补|换|签|交|办|拍|领|查|弄|缴)(?:一|掉|好|了吧|个|张|本|下)"
    r"|(?:现在|马上|今天|今朝)就(?:补|换|签|交|办|拍|领|查|弄|缴)"
)
"""A clause that asks for something to be done (帮我…, 我要…, 交掉, 补一张), not only names
a topic ("去香港的")."""
_WANTS_DONE = re.compile(r"就要[交补换签办拍领查缴]|把[^，。,.]{0,4}?[交补换缴]了"
                         r"|先[交补换签办拍领缴]了|了再说|顺便")
"""Besides a question, what is wanted done now ("罚款在哪交，我现在就要交", "我赶紧过来把钱交
了", "先交了再说") or done first ("查违章，顺便问问……")."""
_DONE_LAST = re.compile(r"(?:来|直接|就)(?:换|补|签|交|缴|办|拍|领)"
                        r"|(?:交|缴|换|补|签)掉(?:算了|拉倒|好了)?"
                        r"|(?:换|补|签|交|缴|办|拍|领)(?:吧|了吧|一下吧)|多少都认|就交"
                        r"|(?:赶紧|赶快|马上|快点|今天就|现在就)(?:来|去)?(?:换|补|签|交|缴|办|拍|领)")
"""After the question, the service itself asked for ("交掉算了", "来换证", "直接签吧", "今朝赶紧
换")."""
_FEE_BROUGHT = re.compile(r"(?:工本费|钞票|钱|现金|罚款|费用)[^，。,.!?！？]{0,3}?"
                          r"(?:带好了|带来了|带了|带着|准备好了|备好了|都有)")
"""The fee said as brought along ("十块工本费带好了"): no question about it."""
_ASKED_AT_END = re.compile(r"[伐吗么呢]$|(?:不|没)$|几[天年个时]|多少|几钿")
"""What is said last is itself put as a question ("还要再来换伐")."""
_ENDORSING = re.compile("签|注")
"""Words of an endorsement (签注, 签一下, and a recogniser's 前注 once normalised)."""
ENDORSE = "exit_entry.endorse"
HK_MACAU_ENDORSE, TAIWAN_ENDORSE = "exit_entry.endorse_hk_macau", "exit_entry.endorse_taiwan"
_SIGNED_FOR = re.compile(r"(?:帮|替|代)[^，。,.!?！？]{0,6}?签(?!好|了|过|出来)")
"""An endorsement done for someone ("我好帮伊签伐", "帮屋里人一道签")."""
_LOOKED_UP = re.compile(r"好了|好没|好勿好|到哪|进度|批下来|做好|出来了|查|签好")
"""Words of a look-up (its progress asked)."""
"""The endorsements' names start so (港澳, 台湾): asked for with 签."""
_TELL_ME = re.compile(r"(?:给|帮)(?:我|阿拉)(?:讲|说|介绍|解释)|讲讲|说说|介绍一下")
"""Asked to be told ("你给我讲讲"): a question, whatever else asks for something."""
_ASKS_FOR_FIRST = re.compile(
    r"(?:帮|给|替)(?:我|阿拉)|(?:补|换|签|交|办|拍|领|查|缴|弄)(?:一下|一签|一张|一本|掉)")
"""A request said *before* a question, plainly ("签注要签一下，还有顺便问问……"): not a wish
("想办个去香港的证，第一次办到哪里去办") nor a state ("身份证补办好，寄到屋里要多久")."""
_ONLY_ASKS = re.compile(
    r"(?:不|勿|覅|别|先不)(?:办|交|补|换|签|弄|拍|领|用|要)|问问|问一下|打听|讲|说说|介绍|告诉|解释"
)
"""A clause that declines or only asks ("今天不办", "我先问问", "给我讲讲"): no request."""
_NOT_ASKED = re.compile(r"(?:免得|省得|不然|要不然|否则)[^，。,.!?！？]{0,6}"
                        r"|(?:超过|过了|逾期|拖)[^，。,.!?！？]{0,8}?(?:要|会|得|就)[^，。,.!?！？]{0,2}?"
                        r"滞纳金")
"""A fee or a time named as what is to be avoided ("现在交掉，免得滞纳金", "超过十五天要滞纳
金的，赶紧今天交了") asks nothing."""

_HOW_DONE = re.compile(r"(?:怎么|咋|哪能|如何)(?:样)?办(?!理|好|掉|的|了)")
""""要怎么办" of a topic no kiosk service has ("居住证要怎么办"): how it is done, its overview
(of a service it may be a request: "身份证丢了怎么办")."""
_TROUBLE = re.compile(r"丢|掉|寻勿着|寻不着|找不到|找不着|不见|被偷|被抢|坏|过期|到期|错")
"""Something happened to a document ("护照寻勿着了，哪能办"): which guide answers "怎么办"
(the replacement's, the new application's) is asked, never guessed."""
_NAMED_NOT_ASKED = re.compile(r"资格证|资格考试|条件反射")
"""A question word inside a name ("教师资格证"): asks nothing."""
_MAYBE_ASKED = re.compile(r"还是|能不能|可不可以|可以不|行不行|好不好|[吗伐么呢?？]|哪|几|多少"
                          r"|啥|什么|怎么|怎样|如何|是否|要不要|有没有|需不需要")
"""Anything that may put a sentence as a question ("补身份证是在这台机器上办，还是要去窗口",
"我能不能替她换"): a question read there is never turned into its service."""
_POLITE = re.compile(r"(?:能不能|可不可以|能否|可以|好不好)(?:帮|给|替)(?:我|阿拉|我们|伊|他|她)?")
"""A request put politely ("你这边能不能帮我查查看"): no question about whether it can be done."""
CLAUSE_ALONE = 3
"""Characters a clause needs to be understood on its own ("同志" alone asks for nobody)."""
EVIDENCE = 6
"""Features shown as "the words that drove the decision"."""


@dataclass(frozen=True)
class Reading:
    """One utterance or clause as the model reads it."""

    text: str
    norm: str
    probs: NDArray[np.float64]
    """Probability per intent (index as :attr:`Matcher.names`), restricted to ``allowed``."""
    topic: dict[str, Any]
    """``aspect`` / ``service`` slots of a question (empty unless ``guide.ask`` is best)."""
    guide: GuideRef | None = None
    """A catalogue guide the question is about (for services outside the 13)."""
    topic_sure: bool = True
    """False when the question's topic was found only weakly (then confirm, naming it)."""


class Matcher:
    """Understands utterances against an :class:`IntentSet`; implements ``Understander``."""

    def __init__(
        self,
        intents: IntentSet,
        config: MatcherConfig | None = None,
        guides: GuideFinder | None = None,
        model: IntentModel | None = None,
    ) -> None:
        self.intents = intents
        self.config = config or MatcherConfig.from_env()
        self.guides = guides
        """Resolves questions about services outside the catalogue to a guide (optional)."""
        self.names: list[str] = sorted(intents.intents)
        if model is None or model.classes != self.names:
            model = train(intents)
        self.model = model
        self._index = {name: i for i, name in enumerate(self.names)}
        self._oos = self._index.get(OUT_OF_SCOPE, -1)
        kinds = [intents[n].kind for n in self.names]
        self._request = np.array([k in REQUEST_KINDS for k in kinds], dtype=bool)
        self._service = np.array([k in ("service", "query") for k in kinds], dtype=bool)
        self._in_scope = np.array([k not in ("reject",) for k in kinds], dtype=bool)
        """Intents whose examples name documents the kiosk deals with (all but out_of_scope)."""
        self._never_negated = frozenset(
            intent.name
            for intent in intents
            if intent.kind == "command"
            and not any(NEGATION.search(normalize(ex.text)) for ex in intent.examples)
        )
        """Commands no example of which says 不要/别 ("大声点"): said with a negation
        ("声音不要那么响") they may mean the opposite, so they are confirmed."""
        self._documents = Documents(intents, model, self._in_scope, self._oos)
        """The documents the intent files name (see :meth:`other_document`)."""
        self.slot_words = SlotWords(intents)
        """Enum slot words, built once (not per utterance)."""
        self.topics = QuestionTopics(
            intents,
            self.names,
            self._service,
            self._oos,
            self.config,
            guides,
            self.probabilities,
            self.slot_words,
            self._documents.names_own,
        )
        """Finds what a question is about (:meth:`_question`)."""
        self.likeness = Likeness(intents)
        """How much an utterance sounds like each intent's examples (:meth:`closest`)."""

    def warm(self) -> None:
        """Build the examples' sound keys of every intent now (a warm-up thread, a bench)."""
        self.likeness.warm(self.names)

    # -- probabilities ---------------------------------------------------------------

    def probabilities(
        self, norm: str, explained: NDArray[np.float64] | None = None
    ) -> NDArray[np.float64]:
        """Calibrated probability per intent, what no example explains moved to out_of_scope.

        ``explained`` (per intent, default: that of ``norm``) may come from the clause
        that explains the most: a story around a clear request is not out of scope.
        """
        p = self.model.probabilities(norm)
        if self._oos < 0:
            return p
        if explained is None:
            explained = self.model.explained(norm)
        floor = self.config.explained_floor
        power = self.config.explained_power
        factor = floor + (1.0 - floor) * np.clip(explained, 0.0, 1.0) ** power
        q = p * factor
        q[self._oos] = 0.0
        q[self._oos] = max(0.0, 1.0 - float(q.sum()))
        return q

    def _restrict(
        self, probs: NDArray[np.float64], allowed: Collection[str] | None
    ) -> NDArray[np.float64]:
        """Only ``allowed`` intents keep their probability; the rest is "none of these"."""
        if allowed is None:
            return probs
        keep = np.array([n in allowed for n in self.names], dtype=bool)
        q = np.where(keep, probs, 0.0)
        if self._oos >= 0:
            q[self._oos] = 0.0
            q[self._oos] = max(0.0, 1.0 - float(q.sum()))
        return q

    # -- understanding ----------------------------------------------------------------

    def understand(
        self,
        text: str,
        *,
        allowed: Collection[str] | None = None,
        asr_confidence: float | None = None,
    ) -> Match:
        """Understand one utterance (see :class:`assistant.nlu.types.Understander`).

        Only the first :data:`MAX_UTTERANCE_CHARS` characters are read: nobody says more
        in one breath, and no input may stall the kiosk."""
        text = text[:MAX_UTTERANCE_CHARS]
        norm = normalize(text)
        if not norm:
            return Match(text, norm, OUT_OF_SCOPE, 1.0, Decision.OUT_OF_SCOPE)
        first = first_of_two(text)
        if first is not None and (first_norm := normalize(first)):
            # "先把罚款交掉再帮我港澳通行证签一签": the first of two requests, read alone
            match = replace(self._understand(first, first_norm, allowed, asr_confidence),
                            text=text, normalized=norm, clause=first)
        else:
            match = self._understand(text, norm, allowed, asr_confidence)
            last = first_said_last(text)
            if last is not None and (last_norm := normalize(last)):
                # "补身份证，补好了我还要去把驾照也换了，先补身份证": the one said to be
                # first, when it is another service, read at least as surely (not "囡囡要办
                # 港澳通行证，先帮伊拍张照片": the photo, its purpose kept from the whole)
                alone = self._understand(last, last_norm, allowed, asr_confidence)
                surer = alone.decision == Decision.ACCEPT or (
                    alone.decision == Decision.CONFIRM and alone.intent != match.intent)
                if alone.intent in self.intents and (
                        self.intents[alone.intent].kind in TRANSACTION_KINDS) and surer and (
                        match.decision != Decision.ACCEPT or alone.intent != match.intent):
                    kept = match.slots if alone.intent == match.intent else {}
                    match = replace(alone, text=text, normalized=norm, clause=last,
                                    slots={**kept, **alone.slots})
        match = self._photo_for_a_service(match, allowed)
        match = self._damaged_card(match, allowed)
        match = self._polite_request(match, allowed)
        match = self._request_said_last(match, allowed)
        match = self._request_read_as_question(match, allowed)
        match = self._whose_progress(match, allowed)
        match = self._endorsed_for_someone(match, allowed)
        match = self._fine_to_pay(match, allowed)
        match = self._permit_not_endorsement(match)
        if match.intent == CALL_STAFF and GREET in self.intents and (
                allowed is None or GREET in allowed) and _GREETING.fullmatch(norm):
            # "警察同志早": a greeting to whoever is there, nobody called
            match = replace(match, intent=GREET, decision=Decision.ACCEPT, slots={},
                            runner_up=Candidate(CALL_STAFF, match.score, match.example))
        if allowed is not None and GUIDE_ASK not in allowed:
            return which_book(match, allowed) or match
        return (named_topic(match, self.topics, self.slot_words, self._asks,
                            self.config.accept_at, self.config.alias_answer_at)
                or which_book(match, allowed) or match)

    def _photo_for_a_service(self, match: Match, allowed: Collection[str] | None) -> Match:
        """A service read where the photo is what is asked for and the service only what it
        is for ("不是给我拍，是给我老公拍，他要换驾照用"; a guide read where nothing is asked:
        "我想先照个相，等下去窗口申请护照要用的"): the photo booth, confirmed."""
        intent = self.intents.intents.get(match.intent)
        if intent is not None and intent.name == GUIDE_ASK and not self._asks(
                match.text, match.normalized):
            intent = self.intents.intents.get(PHOTO)  # (judged as a request for the photo)
        if (intent is None or intent.kind not in TRANSACTION_KINDS or match.intent == PHOTO
                or PHOTO not in self.intents or (allowed is not None and PHOTO not in allowed)
                or _PHOTO_TAKEN.search(match.normalized) is None
                or _FOR_USE.search(SPACES.sub("", match.text)) is None):
            return match
        return self._confirmed_as(match, PHOTO, ASKS_PHOTO_FOR)

    def _permit_not_endorsement(self, match: Match) -> Match:
        """An endorsement read surely where the permit itself is named and neither 签 nor 注
        is said ("我要办港澳通行证": the permit's application is the window's): confirmed —
        "您是要办港澳签注吗？" — never started at once."""
        if (match.decision != Decision.ACCEPT or not match.intent.startswith(ENDORSE)
                or "通行证" not in match.normalized or _ENDORSING.search(match.normalized)):
            return match
        return replace(match, decision=Decision.CONFIRM, asks=ASKS_PERMIT)

    def _fine_to_pay(self, match: Match, allowed: Collection[str] | None) -> Match:
        """A fine and its paying said without the service's words, read as nothing or unsurely
        as the look-up ("违章查过了，一共两条……一道交掉", "被贴了条，叫我帮伊把钞票交掉",
        "凭啥罚我两百块……交就交，快点帮我交掉"): the fine payment, confirmed — not another
        office's fine ("被城管罚了"), nor a question about paying it (the words that pay are
        judged: "凭啥罚我" asks nothing of the kiosk)."""
        unsure_query = match.intent == FINE_QUERY and match.decision != Decision.ACCEPT
        if ((match.intent != OUT_OF_SCOPE and not unsure_query) or FINE_PAY not in self.intents
                or (allowed is not None and FINE_PAY not in allowed)
                or not _PAID_NOW.search(match.normalized)):
            return match  # (most utterances: nothing more is read)
        split = clauses(match.text)
        kept = affirmed(split)  # not "我不是来交罚款的，我是来交电费的"
        said = normalize("，".join(p for p in split if not negated(p)))
        paid = normalize("，".join(kept))
        at = _PAID_NOW.search(paid)
        if (at is None or not _A_FINE.search(said) or other_offices_thing(said, ())
                or (unsure_query and _TO_LOOK_UP.search(said))):  # "查查违章 有的话交掉":
            return match  # the look-up, which offers to pay what it finds
        paying = paid[max(0, at.start() - PAYING_CONTEXT):]
        if self._asks(paying, paying):  # "罚款交掉要几天销掉"
            return match
        slots = self.slot_words.extract(self.intents[FINE_PAY], match.text, match.normalized)
        return replace(match, intent=FINE_PAY, decision=Decision.CONFIRM,
                       runner_up=Candidate(OUT_OF_SCOPE, match.score, match.example), slots=slots,
                       guide=None, asks=ASKS_FINE_SAID)

    def _damaged_card(self, match: Match, allowed: Collection[str] | None) -> Match:
        """A replacement of the ID card asked for a card that is damaged, not lost ("身份证
        坏了要补一张", "身份证烧焦了要补"): a damaged card is renewed (换领, handed in), so
        the renewal for damage is confirmed — the fee and what happens to the old card
        differ (it was accepted as 补领)."""
        if (match.intent != ID_REPLACE or ID_RENEW not in self.intents
                or (allowed is not None and ID_RENEW not in allowed)
                or _GONE.search(match.normalized)):
            return match
        slots = self.slot_words.extract(self.intents[ID_RENEW], match.text, match.normalized)
        if slots.get("reason") != "damaged":
            return match
        return self._confirmed_as(match, ID_RENEW, ASKS_DAMAGED, slots)

    def _whose_progress(self, match: Match, allowed: Collection[str] | None) -> Match:
        """A look-up of an exit-entry application read where nothing exit-entry is said but
        a replacement or renewal is ("补已经补过了，我就想晓得新证到哪里了", "换证的时候留了
        手机号……一直没短信"): the ID card's look-up — 补 and 换 are the ID card's here, a
        permit is applied for or endorsed (still confirmed)."""
        if (match.intent != EXIT_PROGRESS or ID_PROGRESS not in self.intents
                or (allowed is not None and ID_PROGRESS not in allowed)
                or _EXIT_ENTRY_SAID.search(match.normalized)
                or not _ID_WORK_SAID.search(match.normalized)):
            return match
        runner = Candidate(match.intent, match.score, match.example)
        return replace(match, intent=ID_PROGRESS, decision=Decision.CONFIRM, runner_up=runner,
                       guide=self._guide_for(self.intents[ID_PROGRESS], {}))

    def _endorsed_for_someone(self, match: Match, allowed: Collection[str] | None) -> Match:
        """A look-up of an exit-entry application read where an endorsement is to be done
        for someone and nothing is looked up ("我老婆的签注我好帮伊签伐", "签注好帮屋里人一
        道签伐"): the endorsement, confirmed (whose holder is then asked for) — never "您是要
        查出入境证件的办理进度吗？"."""
        wanted = TAIWAN_ENDORSE if "台" in match.normalized else HK_MACAU_ENDORSE
        if (match.intent != EXIT_PROGRESS or wanted not in self.intents
                or (allowed is not None and wanted not in allowed)
                or _SIGNED_FOR.search(match.normalized) is None
                or _LOOKED_UP.search(match.normalized) is not None):
            return match
        runner = Candidate(match.intent, match.score, match.example)
        return replace(match, intent=wanted, decision=Decision.CONFIRM, runner_up=runner,
                       guide=self._guide_for(self.intents[wanted], {}))

    def _request_said_last(self, match: Match, allowed: Collection[str] | None) -> Match:
        """A question about a service accepted where the last thing said asks for the
        service itself ("罚款要交几钿，交掉算了", "我七十岁了，驾照到期了……来换证"): the
        service, confirmed — a request with a question is the request."""
        service = self._service_asked(match, allowed)
        if service is None or match.decision != Decision.ACCEPT or not self._own_named(
                service, match.normalized):
            return match  # (not "户口簿被老鼠咬坏了，要换一本，到哪里去换": no licence)
        parts = [(p, n) for p in clauses(match.text) if (n := normalize(p))]
        asking = [i for i, (p, n) in enumerate(parts) if _FEE_BROUGHT.search(n) is None
                  and (self._asks(p, n) or self.slot_words.aspect_of(n) is not None)]
        if not asking and any(_FEE_BROUGHT.search(n) for _, n in parts):
            # "十块工本费带好了，驾驶证换证": the fee brought along, nothing asked
            return self._confirmed_as(match, service, ASKS_REQUESTED)
        after = parts[asking[-1] + 1:] if asking else []
        if not any(_DONE_LAST.search(n) and _ASKED_AT_END.search(n) is None
                   for _, n in after):  # "……几钿嗰，算了勿问了，直接签吧，去香港跟团"
            return match
        return self._confirmed_as(match, service, ASKS_REQUESTED)

    def _request_read_as_question(self, match: Match, allowed: Collection[str] | None
                                  ) -> Match:
        """A question about a service read unsurely, asking nothing but how it is done, where
        the speaker asks for it ("……口袋里的身份证被人偷走了，你帮我补一张", "……现在就在
        这里交掉"): the service, confirmed ("您是要……吗？" — one yes starts it)."""
        service = self._service_asked(match, allowed)
        if (service is None or match.decision == Decision.ACCEPT
                or match.slots.get("aspect") not in (None, "overview")
                or (_ASKS_FOR.search(match.normalized) is None
                    and _WANTS_DONE.search(match.normalized) is None)
                or _TELL_ME.search(match.normalized) is not None
                or not self._own_named(service, match.normalized)
                or (service.startswith(ENDORSE) and "签" not in match.normalized)):
            # (not "通行证本子到期了，要换本新的": no licence; not "户口簿丢掉了补一本": its own
            # document unnamed; not "……通行证找不着了，要重新办一本": a new permit is no
            # endorsement)
            return match
        return self._confirmed_as(match, service, ASKS_REQUESTED)

    def _own_named(self, service: str, norm: str) -> bool:
        """``norm`` names ``service``'s own document when it has one, and no other document
        of the kiosk's."""
        return not self._names_others(service, norm) and not self._own_unnamed(service, norm)

    def _own_unnamed(self, service: str, norm: str) -> bool:
        """``service`` has a document of its own and ``norm`` does not name it."""
        return self._documents.has_own(service) and not self._documents.names_own(service, norm)

    def _polite_request(self, match: Match, allowed: Collection[str] | None) -> Match:
        """A request wrapped in a polite doubt ("我是想补个身份证，不晓得可以伐"), read as a
        question about the service it names and asking nothing else (no question word of
        ``guide.ask``), or put in formal words and asking nothing (:data:`_FORMAL_REQUEST`):
        that service, confirmed — a "can it be done" is the service."""
        service = self._service_asked(match, allowed)
        if service is not None and _FORMAL_REQUEST.search(match.normalized) and (
                not sounds_like_question(match.text)):
            # "劳驾，……有效期已满……烦请为我办理换领手续，谢谢": asked for, formally
            return self._confirmed_as(match, service, ASKS_POLITE)
        if (service is None or not _WRAPPED_REQUEST.search(match.normalized)
                or self.slot_words.aspect_of(_WRAPPED_REQUEST.sub("", match.normalized))):
            return match
        return self._confirmed_as(match, service, ASKS_POLITE)

    def _service_asked(self, match: Match, allowed: Collection[str] | None) -> str | None:
        """The transaction a question (``guide.ask``) is about, when one is and it may be
        started here (``allowed``); else ``None``."""
        service = match.slots.get("service")
        if (match.intent != GUIDE_ASK or not isinstance(service, str)
                or service not in self.intents
                or self.intents[service].kind not in TRANSACTION_KINDS
                or (allowed is not None and service not in allowed)):
            return None
        return service

    def _confirmed_as(self, match: Match, intent: str, asks: str,
                      slots: dict[str, Any] | None = None) -> Match:
        """``match`` read instead as ``intent`` — its slots from the utterance (or
        ``slots``), the first reading kept as runner-up — and confirmed, saying why
        (``asks``)."""
        if slots is None:
            slots = self.slot_words.extract(self.intents[intent], match.text, match.normalized)
        runner = Candidate(match.intent, match.score, match.example)
        return replace(match, intent=intent, decision=Decision.CONFIRM, runner_up=runner,
                       slots=slots, guide=None, asks=asks)

    def _understand(
        self, text: str, norm: str, allowed: Collection[str] | None, asr_confidence: float | None
    ) -> Match:
        """:meth:`understand` of a non-empty ``text``."""
        split = clauses(text)
        kept = with_document_kept(split, affirmed(split))
        parts = [(p, n) for p in kept if (n := normalize(p))]
        if len(split) <= 1 or not parts:
            return self._finish(text, norm, self.read(text, norm, allowed), asr_confidence)
        said = "，".join(p for p, _ in parts)  # the utterance without what it denies
        # nothing denied: slots are read from the sentence as said ("车牌浙L，嗯，一二三……四
        # 五": its pause joins the plate, which the clauses joined by commas broke)
        spoken = text if kept == split and len(parts) == len(split) else None
        said_norm = normalize(said)
        explained = [self.model.explained(n) for _, n in parts]
        most = np.max(explained, axis=0)
        best = self.read(
            said, said_norm, allowed, np.maximum(most, self.model.explained(said_norm))
        )
        # the clause that carries a request, if it carries it better than the whole
        # carries anything (a greeting or thanks around "同志" stays a greeting)
        whole = best
        if self.names[int(np.argmax(whole.probs))] == GUIDE_ASK and self._asks(said, said_norm):
            # a question is about the whole story ("身份证丢了，补办是不是要本人来"):
            # its clauses are not requests of their own — unless a request follows the
            # question ("罚款多少钱，我来交掉"): then the request, confirmed
            after, bare = self._request_after_question(parts, explained, allowed, whole)
            if after is not None:
                asked = self._finish(text, norm, whole, asr_confidence, said=said, spoken=spoken)
                return replace(self._finish(
                    text, norm, after, asr_confidence, confirm=ASKS_REQUESTED, said=said,
                    spoken=spoken), asked=asked)
            return self._finish(text, norm, whole, asr_confidence, requested=bare, said=said,
                                spoken=spoken)
        story = self._question_after_story(parts, explained, allowed, whole)
        if story is not None:
            return self._finish(text, norm, story, asr_confidence, confirm=ASKS_STORY, said=said,
                                spoken=spoken)
        bar = max(self._request_strength(whole) + CLAUSE_MARGIN, self._best_in_scope(whole))
        for (part, part_norm), part_explained in zip(parts, explained, strict=True):
            if len(part_norm) < CLAUSE_ALONE:
                continue
            reading = self.read(part, part_norm, allowed, part_explained, context=whole.probs)
            strength = self._request_strength(reading)
            if strength > bar:
                best, bar = reading, strength
        return self._finish(text, norm, best, asr_confidence, said=said, spoken=spoken)

    def _request_after_question(
        self,
        parts: list[tuple[str, str]],
        explained: list[NDArray[np.float64]],
        allowed: Collection[str] | None,
        whole: Reading,
    ) -> tuple[Reading | None, bool]:
        """``(reading, requested)``: the reading of a clause that asks for a service
        *after* the last clause that asks a question ("交罚款要多少钱，我现在交掉") or before
        the first ("签注要签一下，还有顺便问问，护照办一本要几钿"), if
        one reads as a service or look-up at :data:`REQUEST_AFTER_QUESTION` — one the
        ``whole`` utterance leans to besides the question (:data:`REQUEST_SHARE`: "护照
        什么时候好，查一下" is no violation look-up, however much "查一下" alone is one);
        and whether such a clause asks for something at all ("…，帮我交了吧" names no
        service: the question's own service is meant).  Such an utterance is a question
        *and* a request: answered as a question, the request is lost without a word; the
        kiosk asks whether the service is meant."""
        asked = [i for i, (p, n) in enumerate(parts) if self._asks(p, n)]
        if not asked:
            return None, False
        found: Reading | None = None
        requested = False
        services = np.where(self._service, whole.probs, 0.0)
        total = float(services.sum())
        around = [*range(asked[0]), *range(asked[-1] + 1, len(parts))]
        for i in around:
            (part, part_norm), part_explained = parts[i], explained[i]
            if (
                len(part_norm) < CLAUSE_ALONE
                or (_ASKS_FOR if i > asked[-1] else _ASKS_FOR_FIRST).search(part_norm) is None
                or _ONLY_ASKS.search(part_norm) is not None
            ):
                continue  # "签注要带啥，去香港的": the topic of the question, not a request
            requested = True
            reading = self.read(part, part_norm, allowed, part_explained)
            best = int(np.argmax(reading.probs))
            # "签注要签一下" is 港澳 or 台湾: a request of the family all the same
            family = self.names[best].split(".", 1)[0] + "."
            strength = sum(float(p) for j, p in enumerate(reading.probs)
                           if self._service[j] and self.names[j].startswith(family))
            if (
                self._service[best]
                and total > 0
                and float(services[best]) / total >= REQUEST_SHARE
                and strength >= REQUEST_AFTER_QUESTION
                and (found is None or strength > float(found.probs.max()))
                and not self._own_unnamed(self.names[best], "".join(n for _, n in parts))
            ):  # (not "屋里户口簿被老鼠咬坏了，要换一本，到哪里去换": no licence's)
                found = reading
        return found, requested

    def _question_after_story(
        self,
        parts: list[tuple[str, str]],
        explained: list[NDArray[np.float64]],
        allowed: Collection[str] | None,
        whole: Reading,
    ) -> Reading | None:
        """A story the model reads as nothing, then a question about one of the kiosk's own
        documents ("我孙女明年要去英国读书，护照办一本要多少钱"): the reading of the last such
        clause, if it is a question at :data:`STORY_QUESTION` — confirmed, naming its guide
        (the story may be about another office's business)."""
        if self._oos < 0 or int(np.argmax(whole.probs)) != self._oos:
            return None
        for (part, part_norm), part_explained in reversed(list(zip(parts, explained,
                                                                   strict=True))):
            foreign, own = self.documents(part_norm)
            if len(part_norm) < CLAUSE_ALONE or foreign or not own or not self._asks(
                    part, part_norm):
                continue
            reading = self.read(part, part_norm, allowed, part_explained)
            if self.names[int(np.argmax(reading.probs))] == GUIDE_ASK and float(
                    reading.probs.max()) >= STORY_QUESTION:
                return reading
            return None
        return None

    def _best_in_scope(self, reading: Reading) -> float:
        """The probability of the best intent other than out_of_scope."""
        probs = reading.probs.copy()
        if self._oos >= 0:
            probs[self._oos] = 0.0
        return float(probs.max()) if probs.size else 0.0

    def _request_strength(self, reading: Reading) -> float:
        """How clearly a reading asks for something the kiosk does."""
        probs = reading.probs[self._request] if self._request.any() else reading.probs
        return float(probs.max()) if probs.size else 0.0

    def read(
        self,
        text: str,
        norm: str,
        allowed: Collection[str] | None = None,
        explained: NDArray[np.float64] | None = None,
        context: NDArray[np.float64] | None = None,
    ) -> Reading:
        """The model's reading of one utterance or clause (the topic of a question is
        looked up only for the reading finally chosen: see :meth:`_question`).

        ``context`` (the whole utterance's probabilities) is combined with a clause's
        (geometric mean, not renormalised: an intent only the clause believes in loses
        its share to out_of_scope): "查一下" after a story about a passport is not a
        violation query.
        """
        probs = self._restrict(self.probabilities(norm, explained), allowed)
        if context is not None:
            probs = np.sqrt(probs * context)  # both must agree; the rest is "none of these"
            if self._oos >= 0:
                probs[self._oos] = 0.0
                probs[self._oos] = max(0.0, 1.0 - float(probs.sum()))
        return Reading(text, norm, probs, {})

    def _question(self, text: str, norm: str, probs: NDArray[np.float64]) -> Reading:
        """A question: its aspect, and its topic — one of our services or a guide
        (:class:`assistant.nlu.topics.QuestionTopics`)."""
        topic = self.topics.of(norm, text)
        return Reading(text, norm, probs, topic.slots, topic.guide, topic.sure)

    def _finish(
        self,
        text: str,
        norm: str,
        reading: Reading,
        asr: float | None,
        *,
        confirm: str = "",
        requested: bool = False,
        said: str | None = None,
        spoken: str | None = None,
    ) -> Match:
        """The decision on ``reading`` (``confirm``: why it is never accepted without asking;
        ``requested``: a question followed by a request — "补行驶证几钿，我今天就补掉" —
        is its service, confirmed; ``said``: the utterance without the clauses that deny
        something, default ``text``; ``spoken``: the utterance as said when it denies nothing,
        for its slots)."""
        said = text if said is None else said
        cfg = self.config
        probs = reading.probs
        if self.names[int(np.argmax(probs))] == GUIDE_ASK:
            clause_read = reading
            reading = self._question(reading.text, reading.norm, probs)
            if reading.guide is None and "service" not in reading.topic and (
                    clause_read.norm != norm and self.topics.names_nothing(clause_read.norm)
                    and self.topics.by_alias(norm) is None):
                # "……银行叫我去解押，这个到哪里去弄": the clause that asks names nothing — the
                # topic is the story's (a guide's alias in it is found later, by the second look)
                whole = self._question(text, norm, probs)
                if whole.topic_sure and (whole.guide is not None or "service" in whole.topic):
                    reading = Reading(clause_read.text, clause_read.norm, probs,
                                      {**whole.topic, **reading.topic}, whole.guide)
            pending, why = self._own_application(text, reading), ASKS_PENDING
            service = reading.topic.get("service")
            if (
                pending is None
                and isinstance(service, str)
                and self._service[self._index[service]]
            ):
                if requested:
                    pending, why = service, ASKS_REQUESTED
                elif self._told_not_asked(service, text, norm):
                    pending, why = service, (ASKS_LOST if LOST_WHERE.search(norm)
                                             else ASKS_NO_QUESTION)
            if pending is not None and probs[self._index[pending]] > 0.0:  # and allowed
                # "上个月换的身份证什么时候能拿到": the user's own application, not the
                # service's time limit — the look-up, confirmed ("补行驶证几钿，我今天就
                # 补掉": the service, confirmed); the question runs up
                probs = probs.copy()
                at, ask = self._index[pending], self._index[GUIDE_ASK]
                probs[at], probs[ask] = probs[ask], probs[at]
                reading = Reading(reading.text, reading.norm, probs, {})
                confirm = why
        else:
            probs, swapped = self._look_up_instead(text, probs)
            if swapped:
                reading = Reading(reading.text, reading.norm, probs, {})
                confirm = ASKS_PENDING
            probs, swapped = self._service_instead(text, probs)
            if swapped:
                reading = Reading(reading.text, reading.norm, probs, {})
                confirm = ASKS_USED_UP
        order = [int(i) for i in np.argsort(-probs, kind="stable")]
        near = [self.closest(self.names[i], reading.norm) for i in order[:3]]
        top = [
            Candidate(self.names[i], float(probs[i]), example)
            for i, (example, _) in zip(order[:3], near, strict=True)
        ]
        best, runner = top[0], (top[1] if len(top) > 1 else None)
        evidence = self.evidence(reading.norm, order)
        clause = reading.text if reading.norm != norm else ""
        if best.intent == OUT_OF_SCOPE or best.score < cfg.reject_below or (
                best.intent == EMERGENCY and best.score < cfg.emergency_at):
            score = best.score if best.intent == OUT_OF_SCOPE else 1.0 - best.score
            alternative = runner if best.intent == OUT_OF_SCOPE else best
            return Match(
                text, norm, OUT_OF_SCOPE, score, Decision.OUT_OF_SCOPE,
                runner_up=alternative, candidates=tuple(top), evidence=evidence, clause=clause,
            )  # fmt: skip
        intent = self.intents[best.intent]
        foreign, own = (self.documents(normalize(said)) if intent.kind in DOCUMENT_KINDS
                        else ([], []))  # not what a clause denies ("不要那种艺术照")
        if foreign and intent.name == GUIDE_ASK and self._topic_without(reading, foreign):
            foreign = []  # "电瓶车上牌要带些什么，发票要不要": a material of our guide's topic
        if foreign and not own:
            # "船员证丢了补一本", "去台湾的机票多少钱": another office's document and none of
            # ours — out of scope, however much the rest sounds like a service
            return Match(
                text, norm, OUT_OF_SCOPE, 1.0 - best.score, Decision.OUT_OF_SCOPE,
                runner_up=best, candidates=tuple(top), evidence=evidence, clause=clause,
            )  # fmt: skip
        # slots come from the whole utterance (a plate may be said in another clause) but
        # what it denies ("不是过期，是坏了": damaged; "不是浙L…，是浙L…": the second plate)
        heard = spoken or said
        slots = {**self.slot_words.extract(intent, heard, normalize(heard)), **reading.topic}
        asked = self._service_asked_about(best, runner, said)
        if asked is not None:
            # "拍证件照要钞票伐": a service read unsurely, and the utterance asks about it and
            # asks for nothing — the question about it
            slots = {"aspect": asked, "service": best.intent}
            best = Candidate(GUIDE_ASK, best.score, "")
            intent = self.intents[GUIDE_ASK]
        asks = ""
        if (
            runner is not None
            and runner.intent != OUT_OF_SCOPE
            and runner.score >= cfg.clarify_floor
            and best.score - runner.score < cfg.clarify_margin
            and not (runner.intent == GUIDE_ASK and not self._asks(said, normalize(said)))
            and not (runner.intent.endswith(".progress") and NEVER_DONE.search(norm))
        ):  # a story that asks nothing ("…寻勿着，只好来补") is no question to offer, nor a
            # look-up of a document "从来没办过"
            decision = Decision.CLARIFY
        elif (
            not (self._sure_enough(best.score, near[0][1], runner.score if runner else 0.0)
                 or self._asked_about(best, runner, slots)
                 or self._plainly_asked(best, runner, reading, slots, said)
                 or self._named_and_clear(best, runner, text, said))
            or not reading.topic_sure
            or (asr is not None and asr < cfg.low_asr_confidence)
        ):
            decision = Decision.CONFIRM
        else:
            asks = confirm or self._caution(intent, text, norm, reading.norm, said, slots, foreign)
            decision = Decision.CONFIRM if asks else Decision.ACCEPT
        first = (self.topics.first_application(intent.name, norm)
                 if intent.kind in DOCUMENT_KINDS and intent.name != GUIDE_ASK else None)
        if first is not None:  # "我要办个港澳通行证，第一次办": not the endorsement — how
            # the permit is applied for, asked first
            return Match(
                text, norm, GUIDE_ASK, best.score, Decision.CONFIRM, runner_up=best,
                slots={"aspect": "overview"}, guide=first, candidates=tuple(top),
                evidence=evidence, clause=clause, asks=ASKS_FIRST_TIME,
            )  # fmt: skip
        guide = reading.guide or self._guide_for(intent, slots)
        if decision == Decision.ACCEPT and intent.name == GUIDE_ASK and guide is not None and (
                thing := other_offices_thing(normalize(said), self.topics.names_of(guide))):
            # "寄快递到香港要多少钱": the endorsement's fee is no parcel's — named, not answered
            decision, asks = Decision.CONFIRM, ASKS_OTHER_THING.format(thing)
        return Match(
            text, norm, best.intent, best.score, decision,
            runner_up=runner, slots=slots, guide=guide, example=best.example,
            candidates=tuple(top), evidence=evidence, clause=clause, asks=asks,
        )  # fmt: skip

    def _told_not_asked(self, service: str, text: str, norm: str) -> bool:
        """A question about ``service`` read where nothing is asked ("小人把驾照塞到哪里去了……
        只好补": where it went is told; "赶紧拍个照……教师资格证注册要用照片": 资格 of a
        certificate's name): the service is meant — unless a document not its own is named
        ("通行证本子到期了，要换本新的" is no licence's) or the permit itself, not an
        endorsement ("通行证……要重新办"), or anything may still put it as a question
        ("……还是去窗口", "我能不能替她换")."""
        return not self._asks(text, norm) and self._documents.other(service, text) is None and (
            not service.startswith(ENDORSE) or "签" in norm) and _MAYBE_ASKED.search(
            LOST_WHERE.sub("·", _NAMED_NOT_ASKED.sub("·", norm))) is None

    def _topic_without(self, reading: Reading, foreign: list[str]) -> bool:
        """A question about what to bring whose topic is one of ours, surely, and stays the
        same without the other offices' papers it names ("电动车上牌要带啥，发票要伐": the
        invoice is a material of the e-bike registration; "社保卡补办要带什么" has no topic
        without 社保卡; "去台湾的机票多少钱" asks about the ticket itself)."""
        if not reading.topic_sure or (reading.guide is None and "service" not in reading.topic):
            return False
        if reading.topic.get("aspect") != "materials":
            return False  # "去台湾的机票多少钱": the ticket is what is asked about
        text = reading.text
        for paper in foreign:
            text = text.replace(paper, "")
        again = self.topics.of(normalize(text), text)
        return again.sure and again.guide == reading.guide and (
            again.slots.get("service") == reading.topic.get("service"))

    def _plainly_asked(
        self,
        best: Candidate,
        runner: Candidate | None,
        reading: Reading,
        slots: dict[str, Any],
        said: str,
    ) -> bool:
        """A question with its topic found surely, what it asks and a question word ("照相的
        地方在哪"): sure enough at ``question_accept_at`` — unless it may as well be a
        request for the service it asks about ("……寻不着，你帮我看看怎么弄": 补领 itself is
        the runner-up)."""
        if not (
            best.intent == GUIDE_ASK
            and (runner is None or runner.intent != slots.get("service"))
            and best.score >= self.config.question_accept_at
            and reading.topic_sure
            and (reading.guide is not None or slots.get("service") is not None)
        ):
            return False
        said_norm = normalize(said)
        how = (slots.get("aspect") is None and "service" not in slots  # "居住证要怎么办": its
               and reading.guide is not None and _HOW_DONE.search(said_norm) is not None
               and _TROUBLE.search(said_norm) is None)  # overview
        return (slots.get("aspect") is not None or how) and self._asks(said, said_norm)

    def _service_asked_about(self, best: Candidate, runner: Candidate | None,
                             said: str) -> str | None:
        """The aspect a question about a service asks, when the model reads the service
        first and the question about it second, together at ``accept_at``, and the
        utterance asks (an aspect word and a question form) and asks for nothing ("拍证件照
        要钞票伐", "驾照过期两个多月了，还好在机器上换伐"; not "驾照到期了，帮我换，要几钿":
        a request with a question is the request)."""
        norm = normalize(said)
        intent = self.intents.intents.get(best.intent)
        if (intent is None or intent.kind not in TRANSACTION_KINDS
                or runner is None or best.score >= self.config.accept_at
                or _ASKS_FOR.search(norm) is not None or _WANTS_DONE.search(norm) is not None
                or not self._asks(said, norm)):
            return None
        aspect = self.slot_words.aspect_of(norm)
        if aspect is None:
            return None  # "还好在机器上换伐": whether it can be done here is the service
        # "补领身份证以后旧证还能用吗": whether is what the summary and notes say, not only
        # the conditions
        return "overview" if aspect[0] == "conditions" else aspect[0]

    def _asked_about(
        self, best: Candidate, runner: Candidate | None, slots: dict[str, Any]
    ) -> bool:
        """A question torn only with doing what it asks about ("身分证落脱了，补一张要几钿":
        the fee question, or 补领 itself): sure enough together — the guide's answer is
        followed by the offer to do it here, which serves both."""
        return (
            best.intent == GUIDE_ASK
            and runner is not None
            and runner.intent == slots.get("service")
            and slots.get("aspect") is not None
            and best.score + runner.score >= self.config.accept_at
        )

    def _caution(
        self,
        intent: Intent,
        text: str,
        norm: str,
        read: str,
        said: str,
        slots: dict[str, Any],
        foreign: list[str],
    ) -> str:
        """Why a reading the model is sure of is still confirmed, never acted on ("" when
        nothing speaks against acting): ``text`` as said, ``norm`` normalised, ``read`` the
        normalised clause understood, ``said`` without what it denies."""
        name = intent.name
        if intent.kind in TRANSACTION_KINDS and sounds_like_question(text):
            return ASKS_QUESTION
        if intent.kind == "query" and SUPPOSED.search(norm) and sounds_like_question(text):
            return ASKS_SUPPOSED  # "万一补办的新证寄过来路上寄丢了，哪能办": no look-up
        if intent.kind == "query" and (asked := self.slot_words.aspect_of(norm)) is not None and (
                asked[0] == "fees" and sounds_like_question(text)):
            return ASKS_LOOK_UP_FEE  # "查身份证办好没有，要收钞票伐": what it costs
        if intent.kind in ("query", *TRANSACTION_KINDS) and ASKED_WHETHER.search(norm) is not None:
            # "……老的那张又寻着了，还好用伐": whether, not how far; "去澳门的签注，上礼拜弄
            # 的，现在可以用了没有": whether, no second endorsement
            return ASKS_QUESTION
        if name == GUIDE_ASK and not self._asks(text, norm):
            return ASKS_NO_QUESTION
        if (name in PRESENT_ONLY and told_as_past(text, recent=True)) or (
                intent.kind in TRANSACTION_KINDS and told_only_as_past(text)) or (
                intent.kind == "query" and told_only_as_past(text) and not asks_after(text)):
            return ASKS_PAST  # "护照去年办好了，一直放着没用过": a story, no look-up asked
        if intent.kind in ("query", *TRANSACTION_KINDS) and declines(text):
            return ASKS_DECLINED  # ("算了，签注今天不弄了……下回再来": no look-up either)
        if intent.kind in TRANSACTION_KINDS and names_only_a_document(normalize(said)):
            return ASKS_BARE  # "嗯……那个……我想……就是……那个身份证……": what about it?
        if foreign:  # and one of ours: which one is meant? ask
            return ASKS_FOREIGN.format(foreign[0])
        if intent.kind in TRANSACTION_KINDS and ANY_DOCUMENT.search(norm) is None and (
                self._own_unnamed(name, norm)):
            return ASKS_NO_DOCUMENT  # "我勿补，我是换，到期了": whose document? asked
        if name in self._never_negated and NEGATION.search(read) is not None:
            return ASKS_NEGATED
        if intent.kind in TRANSACTION_KINDS and looks_up_own_application(text):
            return ASKS_PENDING
        if intent.kind == "query" and HOW_TO_LOOK_UP.search(norm) is not None:
            return ASKS_HOW
        if name.endswith(PROGRESS) and _PAPERS.search(norm) is None:
            return ASKS_WHICH_PAPER  # "我的快递到了没有": a parcel, not an application
        other = self.other_document(name, slots, said)
        if other is not None:
            return ASKS_DOCUMENT.format(other)
        if name == PHOTO and _PHOTO_SAID.search(norm) is None:
            return ASKS_NO_PHOTO  # "我想办个护照": a 照 of a document, no photo taken
        rival = self._documents.rival(name, said) if intent.kind in TRANSACTION_KINDS else None
        if rival is not None:  # "行驶证在车上，驾驶证不见了，要补驾驶证": which one? asked
            return ASKS_RIVAL.format(rival)
        if name == REGISTRATION_REPLACE and _INSPECTION_SAID.search(said) and (
                _LOST_OR_DAMAGED.search(said) is None):
            return ASKS_RIVAL.format("年检")  # "不是驾驶证，是行驶证上那个年检": the mark?
        return ""

    def other_document(self, intent: str, slots: dict[str, Any], said: str) -> str | None:
        """A document ``said`` names when it names none of ``intent``'s ("行驶证丢了" read
        as 补领驾驶证, "护照过期了" as 驾驶证换证; for ``guide.ask``, the question's
        service): that reading is confirmed, never acted on.  None when the documents
        agree, when ``said`` names no document the intent files know, or when ``intent``
        is not about one document."""
        service = slots.get("service") if intent == GUIDE_ASK else intent
        return self._documents.other(service, said)

    def _look_up_instead(
        self, text: str, probs: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], bool]:
        """A service read where the user asks after an application already made ("上回申请
        的去澳门的签注，批下来没有啊", "前两日补个身份证，现在弄好勿啦": :func:`looks_up_own_
        application`): the look-up of that service's family takes its place (and is
        confirmed) — "您是要查询……进度吗？", not a second application.  ``(probabilities,
        swapped)``."""
        best = int(np.argmax(probs))
        name = self.names[best]
        if self.intents[name].kind not in TRANSACTION_KINDS or not looks_up_own_application(
                text):
            return probs, False
        look_up = self._look_up_of(name)
        if look_up is None or probs[self._index[look_up]] <= 0.0:  # (and allowed)
            return probs, False
        probs = probs.copy()
        at = self._index[look_up]
        probs[at], probs[best] = probs[best], probs[at]
        return probs, True

    def _service_instead(
        self, text: str, probs: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], bool]:
        """A look-up read where the user says the document or endorsement is used up or
        expired, or asks for the service again (:data:`_REDO`), and asks after no application
        ("卡是有的，就是里面签注没了，再签一个": 签注没了 is no 签注好了没): the service of that
        family the model reads best takes its place (and is confirmed).  ``(probabilities,
        swapped)``."""
        best = int(np.argmax(probs))
        name = self.names[best]
        plain = SPACES.sub("", text)
        redo = _redo(text)
        if not name.endswith(PROGRESS) or (not redo and (_USED_UP.search(plain) is None or (
                _ASKS_AFTER.search(plain) is not None or PENDING.search(plain) is not None))):
            return probs, False
        family = name.split(".", 1)[0] + "."
        kin = [i for i, n in enumerate(self.names) if n.startswith(family)
               and self.intents[n].kind in TRANSACTION_KINDS and probs[i] > 0.0]
        if not kin:
            return probs, False
        at = max(kin, key=lambda i: float(probs[i]))
        probs = probs.copy()
        probs[at], probs[best] = probs[best], probs[at]
        return probs, True

    def _look_up_of(self, service: str) -> str | None:
        """The one look-up (``query`` intent) of ``service``'s family (``id_card.renew`` →
        ``id_card.progress``); None for a family without one (驾驶证)."""
        family = service.split(".", 1)[0] + "."
        same = [n for n in self.names if n.startswith(family) and self.intents[n].kind == "query"]
        return same[0] if len(same) == 1 else None

    def _own_application(self, text: str, reading: Reading) -> str | None:
        """The look-up (``query`` intent) a question about time or place is really about
        when the user speaks of an application already made ("上个月换的身份证什么时候能
        拿到", "还在办，几时好"), or None.  The look-up is the one of the family of the
        question's service, or of the service the model leans to (``id_card.renew`` →
        ``id_card.progress``); None for a family without one (驾驶证)."""
        if reading.topic.get("aspect") not in PENDING_ASPECTS:
            return None
        if PENDING.search(SPACES.sub("", text)) is None:
            return None
        service = reading.topic.get("service")
        if not isinstance(service, str):  # the service the model leans to
            best = int(np.argmax(np.where(self._service, reading.probs, 0.0)))
            service = self.names[best] if self._service[best] else None
        if service is None:
            return None
        if self.intents[service].kind == "query":
            return service
        return self._look_up_of(service)  # 驾驶证 has no look-up: no guess

    def _asks(self, text: str, norm: str) -> bool:
        """The utterance is put as a question: a question word of ``guide.ask`` or a spoken
        question form.  A "question" with neither ("罚了两百块，我来帮他交") is a story the
        model found question-like: confirmed, never answered as if asked."""
        asked = _POLITE.sub("", _NOT_ASKED.sub("", without_time_phrases(LOST_WHERE.sub(
            "·", _NAMED_NOT_ASKED.sub("·", norm)))))
        return sounds_like_question(_POLITE.sub("", text)) or any(
            w in asked for w in self.model.question_words)

    def documents(self, norm: str) -> tuple[list[str], list[str]]:
        """``(other offices' documents, the kiosk's own documents)`` named in ``norm``
        (:meth:`assistant.nlu.cues.Documents.named`)."""
        return self._documents.named(norm)

    def _named_and_clear(self, best: Candidate, runner: Candidate | None, text: str,
                         said: str) -> bool:
        """A request for a self-service item that names the item's own document (by sound)
        and no other of the kiosk's, read with ``named_accept_at`` or more and no rival over
        ``named_runner_below``, and put as no question, nothing in ``text`` denied or taken
        back: accepted ("丈人驾照下个月到期……陪他来换一本新的" at 0.80 was asked "您是要换驾驶证
        吗？"; ``said``: ``text`` without what it denies)."""
        cfg = self.config
        intent = self.intents.intents.get(best.intent)
        if (intent is None or intent.kind != "service"  # (not a look-up: 补 or its progress?)
                or best.score < cfg.named_accept_at
                or (runner is not None and runner.score >= cfg.named_runner_below)):
            return False
        split = clauses(text)
        if affirmed(split) != split:  # something denied or taken back: asked
            return False
        norm = normalize(said)
        own = any(self._documents.names_own(best.intent, w) for w in document_words(norm))
        return own and not self._names_others(best.intent, norm) and not self._asks(said, norm)

    def _names_others(self, service: str, norm: str) -> bool:
        """``norm`` names a document that is not ``service``'s own (the identity card aside:
        "带身份证" goes with anything)."""
        named = document_words(norm)
        own = {w for w in named if self._documents.names_own(service, w)}
        return bool(named - own - {IDENTITY_CARD})

    def _sure_enough(self, probability: float, likeness: float, runner: float) -> bool:
        """Probable enough to act without asking: ``accept_at``, or ``near_accept_at`` when
        the utterance sounds almost exactly like an example (``near_example_at``) and no
        other answer is credible (the runner-up, out_of_scope included, under
        ``clarify_floor``: a bare "身份证" is as much 补领 as 换领)."""
        cfg = self.config
        return probability >= cfg.accept_at or (
            probability >= cfg.near_accept_at
            and likeness >= cfg.near_example_at
            and runner < cfg.clarify_floor
        )

    # -- explanation --------------------------------------------------------------------

    def closest(self, intent: str, norm: str) -> tuple[str, float]:
        """The example of ``intent`` that sounds most like ``norm``, and how alike (0-1)
        (:meth:`assistant.nlu.likeness.Likeness.closest`)."""
        return self.likeness.closest(intent, norm)

    def evidence(self, norm: str, order: list[int]) -> tuple[tuple[str, float], ...]:
        """Features that most favoured the best intent over the runner-up (readable)."""
        if len(order) < 2:
            return ()
        gains = self.model.contributions(norm, order[0], order[1])
        return tuple((describe(f), round(g, 3)) for f, g in gains[:EVIDENCE] if g > 0)

    # -- slots and guides ---------------------------------------------------------------

    def _guide_for(self, intent: Intent, slots: dict[str, Any]) -> GuideRef | None:
        """The guide of the intent, or of the service a question is about."""
        target = intent
        service = slots.get("service")
        if intent.name == GUIDE_ASK:
            if not (isinstance(service, str) and service in self.intents):
                return None
            target = self.intents[service]
        if target.guide is None:
            return None
        return GuideRef(target.guide, target.title)


MAX_UTTERANCE_CHARS = 500
"""Longest utterance understood (a long spoken request is ~60 characters)."""
DOCUMENT_KINDS = frozenset({"service", "query", "guide"})
"""Intents about a document: out of scope when the utterance names only another office's
document ("船员证丢了补一本"), confirmed when it names one of theirs and one of ours."""


_EVENT = re.compile(r"丢|掉|坏|偷|过期|到期|补|换|落脱|寻不着")
"""What happened to a document, which a denial may be about ("我不是丢了驾照")."""
_OTHER_THING = re.compile(r"[卡单照牌本]|(?<![换补办领发拿])证|标志|签注|违章|罚款|进度")
"""Words of a thing of its own in the kept clauses."""


def with_document_kept(split: list[str], kept: list[str]) -> list[str]:
    """``kept`` (the clauses of ``split`` not denied) with the one document the denied
    clauses named put before it, when it names none itself ("我不是丢了驾照，就是日期到了"
    → "驾照就是日期到了": the denial was of what happened to it, not of the document)."""
    if kept == split or not kept or any(
            document_words(normalize(k)) or _OTHER_THING.search(k) for k in kept):
        return kept  # the kept words name their own thing ("……是社保卡掉了", "是年检标志")
    denied = [normalize(c) for c in split if c not in kept]
    named = set().union(*(document_words(c) for c in denied))
    if len(named) != 1:
        return kept
    document = named.pop()
    itself = re.compile(f"(?:不是|勿是|不)(?:我的|问|办|查)?{re.escape(document)}")
    if not any(_EVENT.search(c) and not itself.search(c) for c in denied):
        return kept  # "不是行驶证，是……": the document itself was denied
    return [document + kept[0], *kept[1:]]


TRANSACTION_KINDS = frozenset({"service"})
"""Intents that start a paid transaction: never started on a question without asking (a
look-up — "我的车有没有违章" — is asked as a question and harms nothing)."""
EMERGENCY = "emergency"
PROGRESS = ".progress"
"""The ending of the look-ups of an application's progress."""
_PAPERS = re.compile("证|照|签|出入境|出入竟|身份|身分|户籍|户口")
"""Words that say which application a look-up is about (a document, an endorsement, the
office): "我的快递到了没有" names none — a parcel, confirmed, never looked up as a passport."""
PHOTO = "photo.id_photo"
_PHOTO_SAID = re.compile(r"拍|照片|照相|相片|证件照|件照|寸|相|白底|底色|找片|正面照|大头照|半身照")
"""Words that say a photo is to be taken: without one, the photo booth is only confirmed
("我想办个护照" has the 照 of 护照, "像" is no 相)."""
_USED_UP = re.compile(
    r"(?:签注|证|卡)[^，。,.！!？?]{0,3}?(?:用完|用光|用掉|没了|没有了|到期|过期)")
"""A document or endorsement said to be used up or expired ("里面签注没了", "签注用完了")."""
_REDO = re.compile(r"(?<![不没别勿])(?<!不用|不要|没要|别给|不给|不是)"
                   r"(?<!不用给|不要给|没有要|没讲要|不是要)(?<!给我)重新(?:换|补|办|签|拍|弄)(?!的)")
"""A service asked for again ("卡拔出来了，我还没弄好，身份证重新换过"; not "不用重新办")."""


def _redo(text: str) -> bool:
    """``text`` asks for a service again (:data:`_REDO`) and asks after no application from
    the word or clause that says so on ("卡拔出来了 我还没弄好 身份证重新换过"; not "……要重新办，
    上个月交了材料……办到哪了")."""
    if _REDO.search(SPACES.sub("", text)) is None:
        return False
    parts = [p for p in _BREAKS.split(text) if p]
    for start in range(len(parts) - 1, -1, -1):
        rest = "".join(parts[start:])
        if _REDO.search(rest) is not None:
            return _ASKS_AFTER.search(rest) is None and PENDING.search(rest) is None
    return False


_BREAKS = re.compile(r"[，。,.！!？?；;\s]+")
_ASKS_AFTER = re.compile(r"进度|好了没|好没|好了伐|好了吗|好勿|办好|做好|到哪|批|寄|拿到|几时好"
                         r"|什么时候好|出来了|下来了|查")
"""Words that ask after an application (what a look-up is for)."""
CALL_STAFF, GREET = "call_staff", "greet"
_GREETING = re.compile(
    r"(?:警察|民警|交警|警官|同志|师傅|领导|小伙子|小姑娘|阿姐|阿哥)+(?:同志)?"
    r"(?:早|早上好|上午好|中午好|下午好|晚上好|你好|侬好|好|辛苦了|辛苦)[啊呀哦嘛的了]*"
    r"(?:(?:我|阿拉)?(?:来|想|要)?(?:办|弄)(?:点|个|一点|一个)?(?:事|事情|事体|业务)[啊呀的了]*)?")
"""Words for a policeman and a greeting only, normalised ("警察同志早", "民警同志辛苦了"), or
with a vague "我来办点事体" after it: a greeting (then the menu), never a call for a person."""
_PHOTO_TAKEN = re.compile(r"拍[^，。,.]{0,6}?(?:照|相)|照[个张一]?相|证件照")
"""A photo to be taken ("拍 拍一张照片", "给我老公拍个照")."""
_FOR_USE = re.compile(
    r"(?:换|办|补|领|签|申请)[^，。,.！!？?]{0,8}?用(?:的|嘅)?(?:[，。,.！!？?]|$)")
"""A service named as what something is for, at the end of its clause ("他要换驾照用",
"是换驾照用的")."""
PRESENT_ONLY = frozenset({EMERGENCY, "call_staff"})
"""Intents about something happening now: told as the past ("以前被人骗过钱", "去年摔了
一跤"), they are confirmed, never acted on without asking."""
