"""Turning short answers into values: command words, ordinals, yes/no, digits, plates, IDs.

The dialog first tries these small, exact parsers (the words come from
``intents/flows/common.yaml``), and only then asks the intent matcher.  Plates, ID numbers
and phone numbers are read by the slot parsers of :mod:`assistant.nlu.slots` first; what
they leave, a short answer to the kiosk's own question may still be: digit words read one
by one (radio style 幺/洞/拐/勾 too, :func:`spoken_digits`), digits with anything between
them, or a bare five-character serial for a local plate — the lenient second reading of
:func:`parse_plate`, :func:`parse_id_number` and :func:`parse_phone`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from assistant.domain.idcard import id_number_valid
from assistant.domain.plate import LOCAL_PLATE_PREFIX as LOCAL_PLATE_PREFIX
from assistant.nlu.answers import TRAILS_OFF
from assistant.nlu.answers import Answer as Answer
from assistant.nlu.answers import parse_answer as _parse_answer
from assistant.nlu.normalize import normalize
from assistant.nlu.numbers import chinese_to_int
from assistant.nlu.phonetic import sound_key
from assistant.nlu.slots import parse_id_number as _slot_id_number
from assistant.nlu.slots import parse_phone as _slot_phone
from assistant.nlu.slots import parse_plate as _slot_plate

DIGIT_WORDS: dict[str, str] = {
    "零": "0", "〇": "0", "洞": "0", "一": "1", "幺": "1", "壹": "1", "二": "2", "两": "2",
    "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "拐": "7", "八": "8", "九": "9",
    "勾": "9", "叉": "X", "x": "X",
}
"""Spoken digit words (radio style 幺/洞/拐/勾 included) → digits."""

CHINESE_NUMERALS = "一二三四五六七八九"
_NON_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_ORDINAL = re.compile(r"^(?:第)?([1-9一二三四五六七八九幺两])(?:个|项|号|种)?$")
_TRAILING = "吧了吗呢的啦嘛"
_NEGATIONS = "不别没勿弗覅"
YES_OPTION, NO_OPTION = "是", "不是"
"""Words that mark the options of a choice asked as a yes/no question."""
_ALONE_ONLY = frozenset({"是", "对", "是我"})
"""Option words that choose only when said alone, never found inside a sentence: the yes of
a choice asked as a yes/no question ("车是您本人开的吗？" — "是" — but "车子是我男人开的"
holds 是 and means someone else; "是我女婿开的" holds 是我)."""
_NOT_NEGATIONS = re.compile("不过|不然|不管|不好意思|没关系|没事")
"""Words with 不/没 that negate nothing ("好的，不过我自己来拿吧")."""


def _plain(text: str) -> str:
    """``text`` in NFKC, lower case, letters and digits only (no filler words removed)."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def norm(text: str) -> str:
    """Normalised text: the matcher's normaliser (:func:`assistant.nlu.normalize.normalize`)."""
    return normalize(text)


def _strip_particles(s: str) -> str:
    while len(s) > 1 and s[-1] in _TRAILING:
        s = s[:-1]
    return s


def ordinal(text: str) -> int | None:
    """``一`` / ``1`` / ``第二个`` → 1-based number; ``None`` otherwise."""
    m = _ORDINAL.match(_strip_particles(_plain(text)))
    if not m:
        return None
    ch = m.group(1)
    if ch.isdigit():
        return int(ch)
    if ch in ("幺",):
        return 1
    if ch == "两":
        return 2
    return CHINESE_NUMERALS.index(ch) + 1


def spoken_digits(text: str) -> str | None:
    """The digits of an utterance made only of digit words ("幺三五七" → ``1357``)."""
    return _spoken(text, letters=False)


def spoken_serial(text: str) -> str | None:
    """The letters and digits of an utterance made only of letters and digit words, as a
    part of a plate's serial is said ("A八八" → ``A88``)."""
    return _spoken(text, letters=True)


def _spoken(text: str, *, letters: bool) -> str | None:
    s = _plain(text)
    out = []
    for ch in s:
        if ch.isdigit():
            out.append(ch)
        elif ch in DIGIT_WORDS:
            out.append(DIGIT_WORDS[ch])
        elif letters and "a" <= ch <= "z":
            out.append(ch.upper())
        else:
            return None
    return "".join(out) or None


_REFUSED = re.compile(r"(?:不要|不用|别|勿要|覅|不|勿|弗)(?:再)?$")
"""A negation right before an option's words ("不要寄", "覅寄")."""


class WordTable:
    """Exact phrase → meaning lookup built from ``common.yaml`` ``words:``."""

    def __init__(self, words: Mapping[str, Iterable[str]]) -> None:
        self._map: dict[str, str] = {}
        for meaning, phrases in words.items():
            for phrase in phrases:
                for form in {_plain(phrase), norm(phrase)}:
                    if form:
                        self._map.setdefault(form, meaning)
        self._longest = max(map(len, self._map), default=0)
        self._longest_first = sorted(self._map.items(), key=lambda item: -len(item[0]))
        """(phrase, meaning), longest phrase first."""

    def lookup(self, text: str) -> str | None:
        """Meaning of ``text`` if it is one of the listed phrases (after normalisation)."""
        plain_form = _plain(text)
        norm_form = norm(text)
        candidates: list[str] = []  # in order, each once: the same form is not tried twice
        for form in (plain_form, norm_form):
            for cand in (form, _strip_particles(form)):
                if cand not in candidates:
                    candidates.append(cand)
        for cand in candidates:
            if cand in self._map:
                return self._map[cand]
        for cand in candidates:
            found = self._pair(cand)
            if found is not None:
                return found
        return None

    def starts(self, text: str) -> str | None:
        """The meaning of the longest listed phrase ``text`` begins with ("不是我开的是我女婿
        开的" → the option of 不是我开的), if any."""
        form = _plain(text)
        for size in range(min(len(form), self._longest), 1, -1):
            found = self._map.get(form[:size])
            if found is not None:
                return found
        return None

    def _pair(self, form: str) -> str | None:
        """Two listed phrases of the same meaning in a row ("算了不办了" → cancel)."""
        if len(form) > 2 * (self._longest + len(_TRAILING)):
            return None  # longer than two phrases with particles: no pair (and stay linear)
        table = self._map
        for cut in range(1, len(form)):
            head = table.get(form[:cut]) or table.get(_strip_particles(form[:cut]))
            if head is None:
                continue  # the tail is looked up only after a head
            tail = table.get(form[cut:]) or table.get(_strip_particles(form[cut:]))
            if tail == head:
                return head
        return None

    def find_within(self, text: str) -> str | None:
        """Meaning of the longest listed phrase *inside* ``text`` ("寄到家里" → post).

        ``None`` when two meanings tie for the longest phrase, or when a negation
        (不/别/没) outside the phrase may reverse it ("不要寄" is not "寄").
        """
        best: dict[str, int] = {}
        for gap in (False, True):  # exact first; then one word inserted ("自己去拿" → 自己拿)
            for form in {_plain(text), norm(text)}:
                for phrase, meaning in self._map.items():
                    if phrase in _ALONE_ONLY:
                        continue
                    span = _find(form, phrase, gap=gap)
                    if span is None:
                        continue
                    rest = _NOT_NEGATIONS.sub("", form[:span[0]] + " " + form[span[1]:])
                    for other, same in self._longest_first:  # "不是 我搬家了 地址不对": its
                        if same == meaning and other in rest:  # 不 is in the same meaning's
                            rest = rest.replace(other, " ")  # words, reversing nothing
                    if any(ch in rest for ch in _NEGATIONS):
                        continue
                    best[meaning] = max(best.get(meaning, 0), len(phrase))
            if best:
                break
        if not best:
            return None
        longest = max(best.values())
        winners = [m for m, n in best.items() if n == longest]
        return winners[0] if len(winners) == 1 else None

    def refused_within(self, text: str) -> str | None:
        """The one meaning whose listed phrases are said right after a negation ("不要寄",
        "覅寄了", "别寄到屋里"); ``None`` when none is, or phrases of two meanings are."""
        form = _plain(text)
        refused: set[str] = set()
        for phrase, meaning in self._longest_first:
            if phrase in _ALONE_ONLY or any(ch in phrase for ch in _NEGATIONS):
                continue
            for m in re.finditer(re.escape(phrase), form):
                before = form[max(0, m.start() - 3):m.start()]
                if _REFUSED.search(before):
                    refused.add(meaning)
        return refused.pop() if len(refused) == 1 else None

    def first_within(self, text: str) -> str | None:
        """Meaning of the listed phrase that starts first in ``text`` (the longest there):
        what is said right after "改成/还是" ("改成两次吧，下个月还要去一趟" → 两次, not the
        一趟 of the reason that follows).  ``None`` when none is in it."""
        form = _plain(text)
        best: tuple[int, int, str] | None = None  # (start, -length, meaning)
        for phrase, meaning in self._map.items():
            if phrase in _ALONE_ONLY:
                continue
            at = form.find(phrase)
            if at >= 0 and (best is None or (at, -len(phrase)) < best[:2]):
                best = (at, -len(phrase), meaning)
        return best[2] if best is not None else None

    def find_by_sound(self, text: str) -> str | None:
        """Meaning of the longest listed phrase of two characters or more that ``text``
        *sounds* like inside, accent folds included ("驾死证用的" → 驾驶证: a misheard or
        Wu-accented word).  The last resort of an option question: ``None`` when two
        meanings tie, or when ``text`` holds a negation (不/别/没) anywhere."""
        form = _plain(text)
        if any(ch in _NOT_NEGATIONS.sub("", form) for ch in _NEGATIONS):
            return None
        heard = sound_key(form)
        best: dict[str, int] = {}
        for phrase, meaning in self._map.items():
            if len(phrase) >= 2 and sound_key(phrase) in heard:
                best[meaning] = max(best.get(meaning, 0), len(phrase))
        if not best:
            return None
        longest = max(best.values())
        winners = [m for m, n in best.items() if n == longest]
        return winners[0] if len(winners) == 1 else None


class EventWords(WordTable):
    """One dialog's view of the staff word table (:class:`WordTable`, shared, not copied):
    the meaning of a text and how it answers a yes/no question (:func:`parse_answer`) are
    worked out once per event, however many of the dialog's helpers look at the same
    utterance (an answer? a command? a side question? a switch?).  :meth:`clear` at every
    event: nothing is kept from one input to the next."""

    def __init__(self, table: WordTable) -> None:  # (no WordTable.__init__: shared map)
        self._map = table._map
        self._longest = table._longest
        self._lookups: dict[str, str | None] = {}
        self._answers: dict[str, Answer] = {}

    def clear(self) -> None:
        """Forget the texts of the last event."""
        self._lookups.clear()
        self._answers.clear()

    def lookup(self, text: str) -> str | None:
        if text not in self._lookups:
            self._lookups[text] = super().lookup(text)
        return self._lookups[text]

    def answer(self, text: str) -> Answer:
        """:func:`parse_answer` of ``text`` with this table, once per event."""
        found = self._answers.get(text)
        if found is None:
            found = self._answers[text] = _answer(text, self)
        return found


def _find(form: str, phrase: str, *, gap: bool) -> tuple[int, int] | None:
    """Where ``phrase`` is in ``form`` (start, end); with ``gap``, a phrase of three or
    more characters may have one character inserted after its second ("自己去拿")."""
    if not gap:
        at = form.find(phrase)
        return None if at < 0 else (at, at + len(phrase))
    if len(phrase) < 3:
        return None
    head, tail = phrase[:2], phrase[2:]
    at = form.find(head)
    while at >= 0:
        if form.startswith(tail, at + 3):
            return at, at + 3 + len(tail)
        at = form.find(head, at + 1)
    return None


def parse_answer(text: str, table: WordTable) -> Answer:
    """How ``text`` answers a yes/no question: the staff's ``yes``/``no`` words of
    ``common.yaml`` (the whole utterance), else :func:`assistant.nlu.answers.parse_answer`
    (negation- and filler-aware; "不对，是……" carries the corrected value)."""
    if isinstance(table, EventWords):
        return table.answer(text)
    return _answer(text, table)


def _answer(text: str, table: WordTable) -> Answer:
    if TRAILS_OFF.search(text.strip()) and (held := _parse_answer(text)).hold:
        return held  # "嗯……": still thinking (the table's 嗯 is a yes said plainly)
    meaning = table.lookup(text)
    if meaning in ("yes", "no"):
        return Answer(meaning == "yes")
    return _parse_answer(text)


def parse_yes_no(text: str, table: WordTable) -> bool | None:
    """``True``/``False`` for a yes or no answer, else ``None``."""
    return parse_answer(text, table).value


def parse_plate(text: str) -> str | None:
    """Canonical plate (``浙L12345``) from speech or typed text; ``None`` if not a plate.

    The slot parser's plate (:func:`assistant.nlu.slots.parse_plate`), else the lenient
    reading of an answer: digit words mapped, a province character and a letter before five
    or six letters and digits, or five letters and digits alone (with at least one digit)
    as a local plate (``幺二三四五`` → ``浙L12345``)."""
    value = _slot_plate(text)
    if value:
        return value
    s = unicodedata.normalize("NFKC", text).upper()
    s = "".join(DIGIT_WORDS.get(ch, ch) for ch in s if not ch.isspace())
    m = re.search(r"([\u4e00-\u9fff])([A-Z])[·.\-]?([A-Z0-9]{5,6})(?![A-Z0-9])", s)
    if m:
        return m.group(1) + m.group(2) + m.group(3)
    m = re.fullmatch(r"[A-Z0-9]{5}", re.sub(r"[^A-Z0-9]", "", s))
    if m and any(c.isdigit() for c in m.group(0)):
        return LOCAL_PLATE_PREFIX + m.group(0)
    return None


def parse_id_number(text: str) -> str | None:
    """An 18-character ID number with a valid check digit, else ``None``.

    The slot parser's number (:func:`assistant.nlu.slots.parse_id_number`), else the
    lenient reading: the utterance's digit words, or all its digits and X together, when
    they make a number with a valid check digit."""
    value = _slot_id_number(text)
    if value is not None and id_number_valid(value):
        return value.upper()
    digits = spoken_digits(text) or re.sub(r"[^0-9X]", "", text.upper())
    return digits if id_number_valid(digits) else None


def parse_phone(text: str) -> str | None:
    """An 11-digit mobile number, else ``None``.

    The slot parser's number (:func:`assistant.nlu.slots.parse_phone`), else the lenient
    reading: the utterance's digit words, or all its digits together, when they make a
    mobile number."""
    value = _slot_phone(text)
    if value:
        return value
    digits = spoken_digits(text) or re.sub(r"\D", "", text)
    return digits if re.fullmatch(r"1[3-9]\d{9}", digits) else None


READ_GROUPS = {18: (6, 8, 4), 11: (3, 4, 4)}
"""How long numbers are grouped when read back: ID numbers as region, birth date and
sequence (6-8-4), mobile numbers 3-4-4 — the way people read them off a card."""


def read_out(value: str) -> str:
    """Character by character for read-back, long numbers in groups with a pause between:
    ``浙L12345`` → ``浙 L 1 2 3 4 5``; an 18-character ID number → ``3 3 0 9 0 2，1 9 5 3
    0 4 1 2，1 2 4 1``."""
    groups = READ_GROUPS.get(len(value)) if value[:1].isdigit() else None
    if groups is None:
        return " ".join(value)
    parts, start = [], 0
    for size in groups:
        parts.append(" ".join(value[start:start + size]))
        start += size
    return "，".join(parts)


_LAST = re.compile(
    r"(?:最后|末尾|结尾|末|后面)(?:那)?(?P<n>[一二两三1-3])?(?:位|个|个字|个数|个号|个数字)?(?:数字|号码|字)?"
    r"(?:(?:我|刚才|刚刚)?(?:讲|说|念|报)?错了|不对)?[，,]?"
    r"(?:是|改成|改为|应该是|换成|该是)(?P<v>[0-9a-z零〇洞一幺二两三四五六七八九拐勾]+)$")


_D = "[0-9零〇洞一幺二两三四五六七八九拐勾叉x]"
_SWAPPED = (
    re.compile(rf"(?:是|应该是|改成|该是|而是)(?P<new>{_D})(?:的|啊|呀)?(?:不是|勿是|弗是)(?P<old>{_D})"),
    re.compile(rf"(?:不是|勿是|弗是)(?P<old>{_D})(?:的|啊|呀)?(?:是|应该是|而是|该是)(?P<new>{_D})"),
)
"""A digit named with the one it replaces: "末尾那个是五，不是六", "最后那个不是六，是五"."""
_AT_END = re.compile(r"最后|末尾|最末|后面那|后头")
_ALL_SAME = re.compile(rf"(?:五个|5个|五位|5位|后面)?(?:全|都|全部|统统)(?:是|都是)(?P<v>{_D})")
""""五个全是六": every digit of a plate the same."""


_PLACE = (r"(?P<back>倒数)?第(?P<n>[一二两三四五六七八九十1-9]|1[0-8]|十[一二三四五六七八])"
          r"(?:位|个|个字|个数|个号)?(?:数字|号码)?")
PLACE_ANSWER = re.compile(rf"(?:是|就是|改)?{_PLACE}[吧啊呀的]*")
"""The answer to "哪一位是5？" by its place: "第三位", "倒数第二个" (a plate's digits after 浙L)."""
_PLACE_IS = re.compile(rf"{_PLACE}(?:(?:我|刚才|刚刚)?(?:讲|说|念|报)?错了|不对)?[，,]?"
                       rf"(?:是|改成|改为|应该是|换成|该是)(?P<v>{_D})$")
"""A digit corrected by its place: "第四个是三", "倒数第二个应该是四"."""


def at_place(value: str, m: re.Match[str], digit: str, *, plate: bool) -> str | None:
    """``value`` with the place ``m`` names (:data:`PLACE_ANSWER`) set to ``digit``;
    ``None`` when ``value`` has no such place (a plate's places are counted after 浙L)."""
    n = chinese_to_int(m.group("n"))
    if n is None:
        return None
    head = len(LOCAL_PLATE_PREFIX) if plate else 0
    i = len(value) - n if m.group("back") else head + n - 1
    if not head <= i < len(value):
        return None
    return value[:i] + digit + value[i + 1:]


def swap_digit(value: str, said: str, *, plate: bool) -> tuple[str | None, str]:
    """A correction that names the digit it replaces ("是五，不是六") or says the plate's
    digits are all one ("五个全是六"): ``(new value, "")``; when the replaced digit is not
    in ``value`` once (and no "最后" says where), ``(None, new digit)`` — ask which place;
    ``(None, "")`` when ``said`` is no such correction."""
    s = re.sub(r"[\s，,。.！!？?、…]", "", said.lower())
    head = 2 if plate else 0  # never the 浙L of a plate
    if plate and (m := _ALL_SAME.search(s)):
        return value[:head] + DIGIT_WORDS.get(m.group("v"), m.group("v")) * (len(value) - head), ""
    m = next((found for p in _SWAPPED if (found := p.search(s))), None)
    if m is None:
        return None, ""
    new = DIGIT_WORDS.get(m.group("new"), m.group("new"))
    old = DIGIT_WORDS.get(m.group("old"), m.group("old"))
    if _AT_END.search(s) and value.endswith(old):
        return value[:-1] + new, ""
    places = [i for i in range(head, len(value)) if value[i] == old]
    if len(places) == 1:
        i = places[0]
        return value[:i] + new + value[i + 1:], ""
    return None, new


def patch_value(value: str, said: str) -> str | None:
    """"最后一位是五" → ``value`` with its last character replaced by 5 (also "最后两位是
    六六", "最后一个数字讲错了，应该是五", "第四个是三", "倒数第二个是四"); ``None`` when
    ``said`` is no such correction."""
    s = "".join(said.lower().split()).rstrip("吧啊呀了的。！!")
    m = _LAST.search(s)
    if m is None and (placed := _PLACE_IS.search(s)) is not None:
        # "第四个是三": a plate's places counted after its 浙L (a value starting with a letter
        # or a Chinese character), an ID number's from its first digit
        digit = DIGIT_WORDS.get(placed.group("v"), placed.group("v"))
        return at_place(value, placed, digit, plate=not value[:1].isdigit())
    if m is None:
        return None
    new = "".join(DIGIT_WORDS.get(ch, ch) for ch in m.group("v")).upper()
    n = {"一": 1, "1": 1, "二": 2, "两": 2, "2": 2, "三": 3, "3": 3}.get(m.group("n") or "",
                                                                      len(new))
    if n != len(new) or not 0 < n < len(value):
        return None
    return value[:-n] + new


_REVERSED = re.compile(r"(?:最后|末尾|结尾|后面|后头)(?:那)?(?:两|2)(?:个|位)"
                       r"(?:数字|号码|字)?(?:是)?(?:反了|倒了|颠倒了|弄反了|讲反了|说反了|念反了|报反了|反过来了)")
""""后面两个反了": the last two characters said in the wrong order."""


_PLACE_CLAUSES = re.compile(r"[，,。.！!？?、…；;]+|\s+(?=倒数|第|最后|末尾|结尾|后面|后头)")
"""Where one place correction ends: punctuation, or — in a recogniser's spaced words — the
space before the next place ("不对 最后 一个 是 五")."""


def patch_places(value: str, said: str) -> str | None:
    """Every place correction of ``said``, clause by clause, applied to ``value`` ("后面两个
    反了，第四位是四，第五位是五"; "结尾是五"); ``None`` when ``said`` names no place.  Read
    before the digits of the whole sentence: "两个", "第四位" are no digits of the number."""
    new, found = value, False
    for part in _PLACE_CLAUSES.split(said):
        patched = patch_value(new, part) if part else None
        if patched is not None:
            new, found = patched, True
    if not found and _REVERSED.search("".join(said.split())) and len(value) >= 2:
        return value[:-2] + value[-1] + value[-2]
    return new if found else None
