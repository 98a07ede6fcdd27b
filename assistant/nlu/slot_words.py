"""Slot values in what was said, for the matcher (:mod:`assistant.nlu.matcher`).

Typed values (plates, phone numbers, dates …) come from :mod:`assistant.nlu.slots`; an
``enum`` slot's value is found by the words the intent file lists for it — written
exactly as listed, or only sounding alike (身分证 for 身份证) — the longest word first.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.nlu.intents import Intent, IntentSet
from assistant.nlu.model import WU_ASKED, without_time_phrases
from assistant.nlu.normalize import WU_NOT, normalize
from assistant.nlu.phonetic import sound_key
from assistant.nlu.slots import extract

GUIDE_ASK = "guide.ask"
"""The intent of a question about a service (slots ``aspect`` and ``service``)."""
ASKED_WHETHER = re.compile(
    r"提前(?:多久|几个月|几天|多少天|多长时间|多长辰光)|最早(?:什么时候|几时|啥时候|啥辰光)"
    r"|还好[换办签补用领开](?=[^，。,.!?！？]{0,3}(?:伐|吗|哦|不|勿))|还能(?:再)?用(?=吗|伐|不)"
    r"|(?:就|现在|马上)(?:好|能|可以)用了?(?=吗|伐|不|没)|来得及|来不来得及|来勿来得及")
"""Questions of whether (and from when) something can be done, put in words that hold
another aspect's word or in Wu: "最早提前多久好来领" (not how long it takes), "驾照过期一年多
了，还好换伐" (好 is 能), "签好了，我这个证现在就好用了伐", "现在去还来得及伐".  Here, not in
the staff's ``conditions`` list: words added there change what the model learns from the
question words."""
ASKED_MORE = re.compile(
    r"多罚(?:多少|几钿|几块)?|加(?:多少|几钿|几块)|要加钱|加收多少|滞纳金(?:多少|几钿)")
"""How much is added to a fine paid late ("过了半个月还没交，要多罚多少", "一天加多少"): its fee."""
ASKED_WHICH = re.compile(
    r"(?:办|弄|领|要)(?:点|个|一个|一张|一本)?(?:啥|什么|哪种|哪个)(?:证件|证)")
"""Which document to get ("老婆是越南人……以后要一直住在舟山，要去办点啥证件", "开宾馆要办什么证"):
the guide's overview, not its materials (证件 is no list of things to bring)."""
ASKED_HOW = re.compile(r"(?:怎么|咋|哪能|如何)(?:样)?(?:弄|搞)(?!丢|掉|坏|脱)")
"""How it is done, in everyday words ("驾驶证要去注销吗，怎么弄", "哪能搞"): the overview, when
no other aspect is asked (not "怎么弄丢的": a story)."""
ASKED_HOW_LONG = re.compile(
    r"(?:多少日子|多少日脚)(?!里|内|之内|以内)|(?<!前)(?<!这)(?<!过)要?几日(?:好|能|可以|才能|才好)?拿"
    r"|要几日(?=[，。,.!?！？]|$|啊|呀|伐|吗)")
"""How long it takes, in Wu days ("补一块要多少日子", "几日好拿"; not "前几日": a few days
ago, nor "多少日子里去报": by when)."""
ASKED_BY_WHEN = re.compile(
    r"(?:过了|超过|过)几[天日](?:就|以后|之后)?(?:不好|不能|不可以|不行|来不及|勿好)"
    r"|几[天日]之?(?:内|以内|里)(?:要|得|必须|一定要)?(?:申请|去|办|报)|(?:申请|办|报)的?期限")
"""By when it must be done ("过了几天就不好申请了", "几日之内要去报"): a condition, not how long
it takes."""
ASKED_PAID = re.compile(
    r"(?:要|收|付|交)(?:不要|勿要)?收?(?:钞票|钱|铜钿)(?:吗|伐|么|嘛|哦|不|勿|的吗)")
"""Whether it costs anything, put as a question ("查进度要收钞票伐", "查违章要收钱吗"; not "我要
交钱")."""
ASKED_ON_THE_SPOT = re.compile(
    r"(?:当场|当时|马上|立马|当天)(?:就)?(?:好|能|可以)?(?:拿|领|取)(?:到|得到|走)?"
    r"(?=[^，。,.!?！？]{0,2}(?:伐|吗|不|么|哦|勿))")
"""Whether it is handed over at once ("补驾照当场好拿伐", "当天能拿走吗"): how long it takes."""
ASKED_DEAR = re.compile(r"贵(?:伐|吗|不贵|勿贵|么)|便宜(?:伐|吗|点伐|一点伐)")
"""Whether it costs much ("换一本贵伐"): its fee."""
ASKED_IN_PERSON = re.compile(
    r"(?:一定|非得|必须|非要)要?[^，。,.!?！？]{0,4}?本人(?:亲自)?(?:来|到场|去|在)"
    r"|本人(?:一定)?要(?:来|到场|在)(?=[^，。,.!?！？]{0,2}(?:伐|吗|不|么|勿))")
"""Whether the holder must come ("补行驶证一定要车主本人来吗"): a condition."""
ASKED_IN_OTHER_WORDS = ((ASKED_WHETHER, "conditions"), (ASKED_BY_WHEN, "conditions"),
                        (ASKED_MORE, "fees"), (ASKED_WHICH, "overview"),
                        (ASKED_HOW_LONG, "duration"), (ASKED_PAID, "fees"),
                        (ASKED_ON_THE_SPOT, "duration"), (ASKED_DEAR, "fees"),
                        (ASKED_IN_PERSON, "conditions"))
"""Question phrases found before the staff's ``aspect`` lists, with the aspect they ask."""


class SlotWords:
    """The enum words of every intent's slots, built once (not per utterance)."""

    def __init__(self, intents: IntentSet) -> None:
        self.intents = intents
        self._names = frozenset(intents.intents)
        self._enums = {
            (intent.name, spec.name): self._enum_words(intent.name, spec.name)
            for intent in intents
            for spec in intent.slots
            if spec.type == "enum"
        }
        """Normalised words of every enum slot, built once (not per utterance)."""
        self.aspects = self._enums.get((GUIDE_ASK, "aspect"), [])
        """``(word, aspect)`` of the question words of ``guide.ask``, longest first."""
        self._word_keys: dict[str, str] = {}
        """Sound key of every enum word met (not recomputed per utterance)."""

    def _enum_words(self, intent: str, slot: str) -> list[tuple[str, str]]:
        """``(normalised word, value)`` pairs of an enum slot, longest word first."""
        if intent not in self._names:
            return []
        spec = self.intents[intent].slot(slot)
        if spec is None:
            return []
        pairs = {(normalize(w), value) for value, words in spec.values.items() for w in words}
        return sorted((p for p in pairs if p[0]), key=lambda p: (-len(p[0]), p[0]))

    def find(self, norm: str, words: list[tuple[str, str]]) -> tuple[str, str] | None:
        """``(value, word as said)`` of the longest enum word in ``norm``, if any.

        Words written exactly as listed win over words that only sound alike (几钿 is
        "how much" in 舟山话, although it sounds like 几点 and 几天).
        """
        for word, value in words:
            if word in norm:
                return value, word
        key = sound_key(norm)
        for word, value in words:
            word_key = self._word_keys.get(word)
            if word_key is None:
                word_key = self._word_keys[word] = sound_key(word)
            at = key.find(word_key)
            if at >= 0:
                if len(key) == len(norm):  # one symbol per character: cut it out directly
                    return value, norm[at : at + len(word_key)]
                return value, _by_sound(norm, word)
        return None

    def aspect_of(self, norm: str) -> tuple[str, str] | None:
        """``(aspect, question word as said)`` of ``norm`` (normalised): the longest
        question word of ``guide.ask`` in :func:`without_time_phrases` (Wu words heard as
        their Mandarin: "多长辰光" is 多长时间), as said ("多长辰光"); without one, "怎么弄"
        (:data:`ASKED_HOW`) asks the overview."""
        for phrase, aspect in ASKED_IN_OTHER_WORDS:
            found = phrase.search(norm)
            if found is not None:
                return aspect, found.group(0)
        hit = self.find(without_time_phrases(norm), self.aspects)
        if hit is None:
            how = ASKED_HOW.search(norm)
            return ("overview", how.group(0)) if how is not None else None
        said = hit[1]
        for wu, mandarin in WU_ASKED:
            if said not in norm:
                said = said.replace(mandarin, wu)
        return hit[0], said

    def extract(self, intent: Intent, text: str, norm: str) -> dict[str, Any]:
        """Slot values of ``intent`` found in the utterance."""
        out: dict[str, Any] = {}
        typed = [s.type for s in intent.slots if s.type not in ("enum", "intent")]
        if typed:
            found = extract(text, typed)
            for spec in intent.slots:
                if spec.type in found:
                    out[spec.name] = found[spec.type]
        heard = norm.translate(WU_NOT)  # "看勿清爽" is 看不清爽: the lists need no Wu copies
        for spec in intent.slots:
            if spec.type == "enum" and spec.name not in out:
                words = self._enums.get((intent.name, spec.name), [])
                # a question's aspect is never a time phrase ("寻了好几天" asks no duration)
                hit = (self.aspect_of(norm) if (intent.name, spec.name) == (GUIDE_ASK, "aspect")
                       else self.find(heard, words))
                if hit is not None:
                    out[spec.name] = hit[0]
        return out


def _by_sound(norm: str, word: str) -> str:
    """The substring of ``norm`` that sounds like ``word`` (same length, same sound key)."""
    target = sound_key(word)
    n = len(word)
    for i in range(len(norm) - n + 1):
        if sound_key(norm[i : i + n]) == target:
            return norm[i : i + n]
    return word
