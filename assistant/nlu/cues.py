"""Cues in the wording besides the intent, for the matcher (:mod:`assistant.nlu.matcher`).

A reading the model is sure of is still confirmed when the words speak against acting on
it: put as a question (:func:`sounds_like_question`), told as the past
(:func:`told_as_past`), about an application already made
(:func:`looks_up_own_application`), or naming a document the intent is not about.  The
documents are found here too: the names an utterance says (:func:`document_words`), and
which documents each intent file's examples name (:class:`Documents`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from assistant.nlu.clauses import clauses
from assistant.nlu.features import SOUND_PREFIX
from assistant.nlu.features import mask as mask_slot_values
from assistant.nlu.intents import IntentSet
from assistant.nlu.model import HANDED_IN, IntentModel, without_time_phrases
from assistant.nlu.normalize import normalize
from assistant.nlu.phonetic import sound_key, syllables

OTHER_OFFICES_THINGS = re.compile(
    r"燃气|煤气|液化气|钢瓶|气瓶|电梯|锅炉|灭火器|补贴|补助|养老金|公积金|医保|社保|快递"
    r"|包裹|寄东西|驾校|报名|城管|摆摊|环保|物业|停车费|税务|电费|水费|宽带|有线电视|电表|水表")
"""Things of other offices a question may share words of a guide with ("燃气瓶到期要检验" and
机动车安全技术检验, "人才落户的补贴" and 户口迁入, "寄快递到香港要多少钱" and 港澳签注, "学驾照
报名要多少钱" and 驾驶证初次申领, "被城管罚了两百块，罚款交到哪里" and the traffic fine): a
guide whose names do not hold the thing is only named in a question, never answered at once."""


def other_offices_thing(said: str, names: Iterable[str]) -> str:
    """The thing of another office ``said`` names (:data:`OTHER_OFFICES_THINGS`) when none of a
    guide's ``names`` holds it; "" otherwise."""
    found = OTHER_OFFICES_THINGS.search(said)
    if found is None or any(found.group() in name for name in names):
        return ""
    return found.group()


DOCUMENT_HEADS = frozenset("证卡照票费币")
"""Last characters of a document, card, ticket, fee or currency ("港币": changing money is the
bank's, "换点港币去香港用" no endorsement)."""
OTHER_OFFICES_KIND = re.compile(
    r"(?:(?:游艇|快艇|摩托艇)的?|船舶|轮机|渔船|渔业|海船|船员|内河船|叉车|铲车|吊车|塔吊|挖掘机)"
    r"(?:驾驶证|驾照|执照|证书|操作证)"
    r"|(?:驾驶证|驾照)(?:是|就是)?开?(?:叉车|铲车|吊车|塔吊|挖掘机)的?")
"""One of the kiosk's documents of another office's kind ("游艇驾驶证" is the maritime
bureau's, "叉车驾驶证", "驾驶证是开叉车的" the market regulator's special-equipment licence;
the text is normalised, without its commas, so "我开船的，驾驶证丢了" must not match): another
office's document, not the kiosk's."""
"""Last character of the name of a document, ticket or fee (身份证, 社保卡, 驾照, 机票,
话费): see :meth:`Documents.named`."""
_QUESTION_FORM = re.compile(
    r"是不是|是否|可不可以|能不能|会不会|要不要|行不行|有没有|用不用|需不需要"
    r"|(?:可以|能|要|需要|行|用|得)[^，。,.!?！？]{0,8}[吗伐么嘛]"
    r"|[吗伐呢][，。,.!?！？]?$|[?？]|怎么|怎样|咋|为什么|什么|啥|哪里|哪儿|哪个|哪些|多少|几[点天块个钿时日钱]"
    r"|第几|哪能|万一|想问|问问|问一下|问一问|打听|是[^，。,.!?！？]{1,12}还是"
    r"|(?<![勿弗不])([是要能好有会用对])[勿弗]\1")
"""Spoken question forms (not the aspect words): 是不是, 可以…吗, …伐, 怎么, 多少, 我想问问,
是在这里弄还是要到车管所去, Wu 哪能 (怎么) and 是勿是 / 要勿要, a case supposed (万一……), 几钱 (几钿
misheard) …"""


SUPPOSED = re.compile(r"万一|假如|假使|要是(?!有)|如果(?!有)|倘若")
"""A case supposed ("万一新证寄丢了，哪能办"): a question about the case, never a look-up of
one's own application to start (not "要是有就一起交了": a request on a condition)."""
_DAYS_TO_COLLECT = re.compile(r"几(?:日|天|个工作日)(?:以后|之后)?(?:能|好|可以)?(?:拿|领|取)")
"""How many days until it can be had ("行驶证补好几日好拿"), a question even where 好几日 reads
as "several days"."""


DOCUMENT_SHARE = 0.1
"""A document counts as an intent's when this share of its examples names it."""
DOCUMENT_COVERAGE = 0.5
"""...and an intent is about its documents when this share of its examples names one (the
ID-card, licence and registration items; not 拍照, whose examples name the document the
photo is for, nor 签注 or 罚款)."""
NOT_IN_A_NAME = "的了我你他她要来去换办补领拍照张个本一是在这那把被给帮签件寸术助也都就还和跟"
"""Characters that are no part of a document's name ("拍张证件照", "身份证上的照片")."""
_NAME_CHAR = f"(?![{NOT_IN_A_NAME}])[\u4e00-\u9fff]"
_DOCUMENT = re.compile(f"(?:{_NAME_CHAR}){{2}}证|{_NAME_CHAR}照")
"""A document's name: two characters and 证 (身份证, 驾驶证, 行驶证, 通行证), or a character
and 照 (驾照, 护照)."""


def document_words(norm: str) -> set[str]:
    """The documents a normalised utterance names ("驾照丢了，身份证还在" → 驾照, 身份证)."""
    return set(_DOCUMENT.findall(mask_slot_values(norm)))


_HESITATION = re.compile(r"[我想要就是那个这个的了啊呀嗯呃哦噢唉哎吧呢么嘛伐]")
"""What is said around a word while thinking ("我想……就是……那个"): no request of its own."""


def names_only_a_document(norm: str) -> bool:
    """A normalised utterance that is a document and nothing else ("我想……那个身份证……"):
    what is wanted done with it is not said."""
    named = document_words(norm)
    if not named:
        return False
    rest = norm
    for word in sorted(named, key=len, reverse=True):
        rest = rest.replace(word, "")
    return not _HESITATION.sub("", rest)


class Documents:
    """The documents the intent files name: per intent (compared by sound) and which
    the kiosk deals with; implements :meth:`assistant.nlu.matcher.Matcher.documents`
    and :meth:`~assistant.nlu.matcher.Matcher.other_document`."""

    def __init__(
        self, intents: IntentSet, model: IntentModel, in_scope: NDArray[np.bool_], oos: int
    ) -> None:
        self.model = model
        self._in_scope = in_scope
        """Intents whose examples name documents the kiosk deals with (all but out_of_scope)."""
        self._oos = oos
        """Index of ``out_of_scope`` in the model's classes, -1 without one."""
        self._intents = intents
        self._sets: tuple[dict[str, frozenset[str]], frozenset[str]] | None = None
        """Intent → sound keys of the documents its examples name, and the sound keys of
        every document the intent files name (see :meth:`other`): made on first use (the
        warm-up after the greeting), not before the kiosk's first prompt — they need
        pypinyin (0.2 s to import)."""

    def _document_sets_now(self) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
        sets = self._sets
        if sets is None:
            sets = self._sets = self._document_sets(self._intents)
        return sets

    @staticmethod
    def _document_sets(intents: IntentSet) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
        """``(per intent, all)``: per service or look-up, the documents its examples name
        — when they almost always name one (:data:`DOCUMENT_COVERAGE`): 身份证 for the
        three ID-card items, 驾驶证 and 驾照 for the licence, 行驶证 for the registration;
        and every document two or more example lines of any intent name (护照, 居住证,
        结婚证 …).  Derived from the staff's examples (:func:`document_words`), compared
        by sound (身分证 = 身份证)."""
        words = {
            intent.name: [document_words(normalize(e.text)) for e in intent.examples]
            for intent in intents
        }
        keys = {w: sound_key(w) for lines in words.values() for line in lines for w in line}
        lines_naming: dict[str, int] = {}
        for lines in words.values():
            for line in lines:
                for key in {keys[w] for w in line}:
                    lines_naming[key] = lines_naming.get(key, 0) + 1
        known = frozenset(k for k, n in lines_naming.items() if n >= 2)
        out: dict[str, frozenset[str]] = {}
        for name, lines in words.items():
            if intents[name].kind not in ("service", "query"):
                continue
            said = [{keys[w] for w in line} for line in lines]
            counts: dict[str, int] = {}
            for line in said:
                for key in line:
                    counts[key] = counts.get(key, 0) + 1
            common = {k for k, n in counts.items() if n >= DOCUMENT_SHARE * len(said)}
            covered = sum(1 for line in said if line & common)
            if said and common and covered >= DOCUMENT_COVERAGE * len(said):
                out[name] = frozenset(common)
        return out, known

    def other(self, service: object, said: str) -> str | None:
        """A document ``said`` names when it names none of ``service``'s: see
        :meth:`assistant.nlu.matcher.Matcher.other_document`."""
        documents, all_documents = self._document_sets_now()
        own = documents.get(service) if isinstance(service, str) else None
        if not own:
            return None
        named = document_words(normalize(said))
        if not named:
            return None
        keys = {sound_key(w): w for w in named}
        if own.intersection(keys):
            return None
        others = [w for k, w in keys.items() if k in all_documents]
        # a 证 the intent files never name ("图书馆的借书证过期了") is no document of ours either
        unknown = sorted(w for w in named if w.endswith("证"))
        return others[0] if others else (unknown[0] if unknown else None)

    def rival(self, service: object, said: str) -> str | None:
        """Another of the kiosk's documents ``said`` names besides one of ``service``'s own
        ("行驶证在车上，驾驶证不见了，我要补的是驾驶证" read as 补领行驶证: 驾驶证), never the
        identity card everything is done with; None when there is none."""
        documents, all_documents = self._document_sets_now()
        own = documents.get(service) if isinstance(service, str) else None
        if not own:
            return None
        naming = [k for c in clauses(said) if (k := document_words(normalize(c)))]
        if not naming:
            return None
        # the last clause that names a document says which one is meant ("驾驶证还在，行驶证
        # 不见了": only 行驶证)
        if not own.intersection(sound_key(w) for words in naming for w in words):
            return None
        keys = {sound_key(w): w for w in naming[-1]}
        card = sound_key(IDENTITY_CARD)  # (pypinyin: never at import)
        rivals = [w for k, w in keys.items() if k not in own and k in all_documents and k != card]
        return rivals[0] if rivals else None

    def has_own(self, service: str) -> bool:
        """``service`` is about documents of its own (the fine payment is about none)."""
        return bool(self._document_sets_now()[0].get(service))

    def names_own(self, service: str, said: str) -> bool:
        """``said`` names a document of ``service``'s own, by sound ("森份证" for the ID-card
        items): see :meth:`_document_sets`."""
        own = self._document_sets_now()[0].get(service)
        if not own:
            return False
        return any(sound_key(w) in own for w in document_words(normalize(said)))

    def named(self, norm: str) -> tuple[list[str], list[str]]:
        """``(other offices' documents, the kiosk's own documents)`` named in ``norm``.

        A document (or ticket, fee, currency) is a character of :data:`DOCUMENT_HEADS` with
        the character before it ("员证" of 船员证, "份证" of 身份证, "纱照" of 婚纱照, "机票",
        "话费", "港币").  It is the kiosk's own when that pair occurs in an example of one of
        the kiosk's intents; another office's when it occurs only in ``out_of_scope``
        examples (staff list other offices' documents in ``out_of_scope.yaml``); else the
        kiosk's own when its sound does (身分证 for 身份证).  A pair no example has (照 in
        想照一张) is neither."""
        text = mask_slot_values(norm)
        foreign: list[str] = [m.group() for m in OTHER_OFFICES_KIND.finditer(text)]
        own: list[str] = []
        text = OTHER_OFFICES_KIND.sub(lambda m: "·" * len(m.group()), text)
        if not any(c in DOCUMENT_HEADS for c in text[1:]):
            return foreign, own
        sounds = syllables(text)
        vocabulary, known = self.model.vocabulary, self.model.known
        for i in range(1, min(len(text), len(sounds))):
            pair = text[i - 1 : i + 1]
            if pair[1] not in DOCUMENT_HEADS or not "\u4e00" <= pair[0] <= "\u9fff":
                continue
            sound = f"{SOUND_PREFIX}{sounds[i - 1]}_{sounds[i]}"
            exact, alike = vocabulary.get(pair), vocabulary.get(sound)
            if exact is not None and bool(known[exact, self._in_scope].any()):
                own.append(pair)
            elif exact is not None and self._oos >= 0 and known[exact, self._oos]:
                foreign.append(pair)  # the very characters of another office's document
                # beat a sound-alike of ours ("残疾证": 疾证 sounds like 籍证 of 户籍证明)
            elif alike is not None and bool(known[alike, self._in_scope].any()):
                own.append(pair)
        return foreign, own


IDENTITY_CARD = "身份证"
"""The card every service is done with: named beside another document, no rival of it."""

NEGATION = re.compile(r"不要|别|不用|莫|甭")
"""A negation that turns a command into its opposite ("声音不要那么响" is not 大声点)."""
PENDING_ASPECTS = frozenset({"duration", "location", None})
"""Aspects of a question that, about the user's own application, ask for its progress
("什么时候能拿到", "到哪里了")."""
_AFTER_APPLYING = r"批下来|批没批|批了没|(?:办|弄|做)到(?:什么|啥|哪)"
"""Asking after an application, which both says one was made and asks for its progress
("签注批下来没有", "办到啥地方了")."""
PENDING = re.compile(
    r"还在办|在办了|已经(?:办|交|申请|签|换|补|拍)|(?:办|交|申请|签|换|补)(?:好|过)?了(?:好)?几[天个]"
    r"|(?:上个?月|上个?礼拜|上个?星期|上周|前几天|前两天|昨天|前天|去年|上回|上次|那天)"
    r"[^，。,.!?！？]{0,12}?(?:办|换|补|签|交|申请|拍|领)[^，。,.!?！？]{0,6}?的"
    rf"|我的新|{_AFTER_APPLYING}|批好了没|回执|申请了[^，。,.!?！？]{{0,6}}?(?:天|礼拜|星期|月)"
    r"|(?:前天|昨天|上礼拜|上星期|上个月)[^，。,.!?！？]{0,4}?(?:签|办|换|补|交|申请)的"
    rf"|{HANDED_IN}"
    r"|(?:上趟|上次|上回|前两日|前两天|前几天|前几日|前日|前天)[^，。,.!?！？]{0,8}?"
    r"(?:弄|办|换|补|签|申请)(?:了)?个"
)
"""The user speaks of an application already made: "还在办", "上个月换的", "我的新…"."""


_PAST = re.compile(
    r"以前|从前|去年|前年|前几年|前些年|早几年|几年前|上个月|上礼拜|上星期|上周|年轻(?:的)?时候"
    r"|小时候|老早|那时候|那辰光|那次|那一次|那回|上回|上次|上趟|年初|年头上|那年|那一年|早些年"
    r"|前阵子|前一阵|早就(?:[^想要]{0,4})(?:了|过)|后来"
    r"|[\d一二三四五六七八九十两几]+(?:个)?(?:年|月|礼拜|星期)(?:以)?前"
    r"|(?:骗|摔|偷|抢|打|晕倒|跌|撞|病)过|(?<![没未])(?<!重新)(?<!再)(?:去|签|办|补|换|交|领|拍)过(?!没|吗|伐)"
)
_NOW = re.compile(r"刚才|刚刚|正在|马上|赶紧|立刻|救命|快(?:点|些)?(?:来|报警|帮|救|打)|现在又"
                  r"|到现在|还没(?:找到|寻着|寻到|回来|回家|回屋)")


_LOOK_UP = re.compile(
    rf"查|好了没|好了伐|好没好|到哪|来了没|下来没|还没来|还没到|还没好|还没下来|{_AFTER_APPLYING}"
    r"|能不能拿|可不可以拿|能拿了|可以拿了|什么时候能拿|几时能拿|啥辰光能拿|到底什么时候"
    r"|做好没|做出来没|好没有|出来没有|有没有做出来|有没有做好|好了勿|好勿|好了吗|进度"
)
"""Words of a look-up ("帮我查查", "好了没有", "还没来")."""


HOW_TO_LOOK_UP = re.compile(
    r"(?:怎么|怎样|如何|哪里|哪儿|在哪|到哪)(?:个)?查|查[^，。]{0,2}(?:方法|办法)"
)
"""Asking *how* to look something up ("进度怎么查", "违章在哪里查"): maybe a question about
the look-up, so the look-up is confirmed, not started."""


def looks_up_own_application(text: str) -> bool:
    """``text`` speaks of an application already made and asks after it ("上礼拜签了去澳门
    的，我的短信还没来，帮我查查"): a service read there is confirmed, never started —
    the user may want its progress, not a second application."""
    said = SPACES.sub("", text)
    return PENDING.search(said) is not None and _LOOK_UP.search(said) is not None


_RECENT = re.compile(r"昨天|昨日|昨晚|昨夜|前天|前日")
"""Yesterday: over for an emergency ("电瓶车昨日夜到……被人偷了，去哪里报案"), but no story of
a service done ("身份证昨天被人偷了" asks for the replacement)."""


def told_as_past(text: str, *, recent: bool = False) -> bool:
    """``text`` tells of something past ("去年摔了一跤", "以前被人骗过钱"; with ``recent``,
    also "昨天……") and nothing happening now ("刚才", "快来人", "救命")."""
    said = SPACES.sub("", text)
    past = _PAST.search(said) is not None or (recent and _RECENT.search(said) is not None)
    return past and _NOW.search(said) is None


_REQUEST = re.compile(
    r"要|想(?!骂|讲|说|吵|发牢骚|出气|问)|帮|给我|再|能不能|可以|麻烦|请|来[换补办交领拍签查弄]"
    r"|[交换补办签领拍弄查](?:掉|一下|一张|一本|一个|了吧|吧)|一张|一本"
    r"|(?:今天|今朝|现在)(?:来)?(?:把[^，。,.!?！？]{1,5}?)?[交换补办签领拍弄查]")
"""Words that ask for something now ("要", "帮我", "来换", "交掉", "补一张", "今天来把罚款交了",
"现在补证"; not "想骂两句": a complaint)."""


_DONE = re.compile(
    r"已经[^，。,.!?！？]{0,4}?[交换补办签领拍弄查](?:掉|好|过)?了"
    r"|(?:就|早就|早|都)[交换补办签领拍弄查](?:掉|好|过)了"
    r"|(?:上回|上次|上趟)(?:来|去)[交换补办签领拍弄查]"
    r"|是[^，。,.!?！？]{0,6}?来[交换补办签领拍弄查]的")
"""Words of a service done, not asked for: "罚款上个月已经交掉了", "上回来拍照片", "年检标志是我
儿子来领的" (taken out before :data:`_REQUEST` is looked for)."""


def asks_after(text: str) -> bool:
    """``text`` asks after something (:data:`_LOOK_UP`: "查", "好了没", "还没到")."""
    return _LOOK_UP.search(SPACES.sub("", text)) is not None


def told_only_as_past(text: str) -> bool:
    """``text`` tells of a service done in the past (:func:`told_as_past`: "身份证是前年在这里
    换的，那个小姑娘态度蛮好的", "罚款上个月已经交掉了，现在没事了") and asks for nothing now
    (:data:`_REQUEST`, once the words of a service done are taken out): a story, not a
    request — that service is confirmed, never started."""
    said = SPACES.sub("", text)
    return told_as_past(said) and _REQUEST.search(_DONE.sub("，", said)) is None


ANY_DOCUMENT = re.compile(r"[证正症争整政照卡驾]|本子|本本|身份|身分|行驶|开车|车")
"""Anything that may name or describe a document, as a recogniser writes it (身份正, 驾使正,
"开车个本子", "芯片坏了" of a 卡): without any, a document-bound service is a guess."""


LOST_WHERE = re.compile(r"[掉丢塞放搁摆落弄跑藏甩](?:到|在|了)?(?:哪里|哪儿|哪|啥地方|什么地方)"
                        r"(?:去)?了(?![吗伐么呢])")
"""Where a thing went, told ("小人把驾照塞到哪里去了，屋里翻遍了没有"): lost, not asked."""


def sounds_like_question(text: str) -> bool:
    """``text`` is put as a question ("补办是不是一定要本人来", "可以在这里补吗"): a service
    the model is sure of is then confirmed ("您是要补领身份证吗？"), not started — the
    question may be *about* the service (a guide answer), and a wrong start is worse than
    one more question.  Question words that ask nothing ("前几天掉了", "不晓得掉到哪里去了",
    "拍一张好伐": :func:`assistant.nlu.model.without_time_phrases`; "塞到哪里去了",
    :data:`LOST_WHERE`) do not count."""
    said = without_time_phrases(LOST_WHERE.sub("·", SPACES.sub("", text)))
    return _QUESTION_FORM.search(said) is not None or (
        _DAYS_TO_COLLECT.search(SPACES.sub("", text)) is not None)


_DECLINES = re.compile(
    r"(?:先|今天|今朝|现在|暂时|还是)(?:不|勿|覅|别)(?:办|弄|换|补|交|签|拍|领|查)了?"
    r"|(?:不|勿|覅)(?:办|弄|换|补|交|签|拍|领)了(?!吗|伐|么)|停掉|(?:那就|还是|就)算了|算了算了"
    r"|(?:不|勿|覅)(?:去|出门|出去)了(?!吗|伐|么)"
    r"|改天再|下次再|下回再|过两天再|明天再|先回去|回去[^，。,.!?！？]{0,8}?再来"
    r"|(?:不用|不需要|用不着|勿用|覅)再?(?:换|补|交|签|拍|领)")
"""Words that put the service off ("今天先不弄了，你停掉吧", "覅补了", "算了", "我先回去弄弄
清爽再来", "一辈子不用换了", the trip itself off: "现在走不动了，不去了" — not "不用办新的,
驾照不用弄": what is not needed is named after 办/弄, and the rest of the sentence may ask
for another thing): whatever else
the sentence names, nothing is started without asking."""


_OTHER_THINGS = re.compile(r"(?:别的|其他|其它|另外的)[^，。,.!?！？]{0,2}$")


def declines(text: str) -> bool:
    """``text`` puts the service off or drops it (:data:`_DECLINES`) in its last two clauses
    (what one says last counts: "算了……还是拍一张吧" does it), and not something else
    ("别的下回再弄")."""
    parts = [p for p in re.split(r"[，。,.!?！？；;…]+", SPACES.sub("", text)) if p]
    for part in parts[-2:]:
        hit = _DECLINES.search(part)
        if hit is not None and not _OTHER_THINGS.search(part[: hit.start()]):
            return True
    return False


SPACES = re.compile(r"\s+")


def mask_values(norm: str) -> str:
    """``norm`` with slot values replaced by stand-ins: "浙l12345交罚款" → "<plate>交罚款".

    Which plate or phone number someone says tells nothing about what they want.
    """
    return mask_slot_values(norm)
