"""Answers to a yes/no question: yes, no, a correction carrying a new value, or neither.

One table (:data:`WORDS`) says what each answer-like word means; :func:`parse_answer`
scans an utterance for the longest table word at each position and judges the whole:

- yes: 是 是的 对 对对对 好 可以 行 没错 没有错 不错 没问题 确认, Wu 是个/对个; 要/需要
  only in a short answer (要的), never in a request (我要交罚款);
- no: 不 不是 不对 不要 不用 不行 没有 错了 算了 …;
- 嗯 alone is yes; 嗯 with more words is judged by the rest ("嗯，对" yes, "嗯，等一下"
  not an answer, "嗯，不是" no);
- 不 inside a word is no answer: 听不见 弄不来 不好意思 不客气, and any verb-不-result
  form (看不清, 找不到, 拿不动); 不晓得/不知道 and A-not-A questions (是不是) are "unsure";
- "等一下", "我想想", "我找一下" hold the answer back (``hold``); a question ("要多少钱")
  is no answer either (``question``);
- "不对，是浙L二三四五六" / "不是，是行驶证" / "不对，最后一位是五": no, with the new value in
  ``rest`` (:attr:`Answer.correction`).  是 followed by more words is a copula ("是行驶证"),
  not a yes;
- an answer word counts only at the head of its clause ("我眼睛不好" is no "no"), and a
  question is never an answer;
- without punctuation (a recogniser's words) a yes followed by 不对/说错了 is taken back
  and what follows is the answer ("是 我 开 的 哦 不对 不是 我 开的 …" is no).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise
from types import MappingProxyType
from typing import Final


class Kind(Enum):
    """What a table word means in an answer."""

    YES = "yes"
    NO = "no"
    WEAK = "weak"
    """嗯: yes when said alone, otherwise the rest decides."""
    UNSURE = "unsure"
    """A-not-A questions and "I don't know": neither yes nor no."""
    HOLD = "hold"
    """"等一下", "我想想": not answering yet."""
    QUESTION = "question"
    """A question word: the user asks something instead of answering."""
    NEUTRAL = "neutral"
    """Contains an answer character but is no answer (行驶证, 听不见, 不好意思)."""
    FILLER = "filler"
    """Hesitation and particles, ignored (那个, 啊, 吧)."""


_TABLE: Final[dict[Kind, tuple[str, ...]]] = {
    Kind.YES: (
        "是的", "是", "是啊", "是个", "在的", "我在", "是额", "对的", "对", "对了", "对个", "对头",
        "好的", "好",
        "好嘞", "好个", "可以", "可以的", "行", "行的", "要", "需要", "没错", "没有错", "一点没错",
        "没问题", "没什么问题", "不错", "确认", "确定", "ok", "yes", "嗯呐",
        "就这样办", "就这么办", "这样办", "照这样办", "就照这样办", "按这样办", "就按这样办",
        "就这么定了", "就这个", "就这样", "就是这个", "就这项", "就它",
        # a no denied ("我又没讲不要")
        "没说不要", "没讲不要", "没有说不要", "没有讲不要", "又没说不要", "又没讲不要",
    ),
    Kind.NO: (
        "不是", "不对", "不要", "不用", "不行", "不好", "不可以", "不需要", "不必", "不了", "没有",
        "错了", "错", "算了", "否", "不", "no", "不是的", "勿要", "覅", "弗是", "弗对",
        "勿是", "勿对", "勿是个", "勿对个", "勿用", "弗要", "弗用", "听错了", "讲错了",
        "要的不是", "我要的不是", "要办的不是", "我要的勿是",  # "我要的不是这个"
    ),
    Kind.WEAK: ("嗯", "恩", "嗯嗯", "嗯哪"),
    Kind.UNSURE: (
        "是不是", "对不对", "好不好", "要不要", "行不行", "可不可以", "有没有", "用不用",
        "需不需要", "不知道", "不晓得", "弗晓得", "勿晓得", "勿清楚", "不清楚", "不明白", "不懂",
        "不确定", "不一定",
        "说不好", "说不准", "搞不清", "记不得", "记不清", "想不起来", "忘记了", "忘了",
    ),
    Kind.HOLD: (
        "等一下", "等一等", "等等", "等会", "等会儿", "稍等", "等下", "我想想", "想一想", "想想",
        "等一歇", "等歇", "等一息",
        "让我想", "我再想", "找一下", "找找", "我找", "我看看", "看一下", "慢慢来", "别急",
        "不急", "不要急", "别催", "不要催",
    ),
    Kind.QUESTION: (
        "多少", "什么", "几天", "几点", "几号", "哪里", "哪儿", "哪个", "在哪", "怎么", "为什么",
        "多久", "多长", "几时", "几个", "几岁", "几钿", "几块", "哪天", "多大",
        "啥", "吗", "是吗", "对吗", "好吗", "行吗", "可以吗", "要吗",
    ),
    Kind.NEUTRAL: (
        # a double negative is a hedge: the rest decides ("不是不要，要的要的" yes; "不是不要，
        # 就是钞票勿够" no answer)
        "不是不要", "不是不想", "不是不办", "不是不交", "不是不换", "不是不肯", "勿是勿要",
        "还是", "可是", "但是", "要是", "于是", "只是", "总是", "老是", "凡是", "真是", "像是",
        "是否", "你好", "您好", "好像", "好几", "好多", "最好", "只好", "好意思", "不好意思",
        "对面", "对象", "对于", "核对", "面对", "对不起", "重要", "主要", "只要", "要求", "行驶",
        "银行", "进行", "执行", "自行", "行李", "行人", "出行", "旅行", "流行", "行程", "行为",
        "运行", "步行", "不客气", "没关系", "没事", "没办法", "不舒服", "不得了", "差不多",
        "不会", "不太会", "不方便", "不用谢", "要紧", "不要紧", "正好", "刚好", "中间",
        "中心", "中国", "没用", "没人", "不见了", "要命", "谢谢", "麻烦", "需要带", "要带",
        "不过", "不然", "要不然", "不管",
        "要钱",
    ),
    Kind.FILLER: (
        "啊", "呀", "吧", "呢", "哦", "噢", "哎", "诶", "唉", "哈", "嘛", "啦", "咯", "喔", "呐",
        "那个", "这个", "就是", "然后", "那", "我", "的", "了", "呃", "额", "哎呀",
    ),
}
"""Every answer-like word by meaning (scanned longest first; a later kind never replaces
an earlier listing of the same word)."""

WORDS: Final = MappingProxyType(
    {w: kind for kind, words in reversed(_TABLE.items()) for w in words}
    | {w: Kind.YES for w in _TABLE[Kind.YES]}
    | {w: Kind.NO for w in _TABLE[Kind.NO]}
)
"""Word → meaning (yes and no win over the other lists)."""

# verb + 不 + result, "can't …" (听不见, 弄不来, 找不到), and verb + 好 (拿好了, 办好) — no
# answer, whatever the verb
_CANNOT: Final = re.compile(
    "[听看弄搞找拿走站记想说读写认吃睡打开关做办学买寻寄收念讲算来去起上下出进跑等]"
    "不[见清到来懂了住动着起出会好上下开进过完全成掉牢及]"
    "|[拿弄办做备想放坐拍写填搞收存记看听]好"
)
_COPULAS: Final = ("我说的是", "我讲的是", "应该是", "就是", "是")
"""Words that introduce the right value in a correction ("不对，是浙L…")."""
_POLITE: Final = ("谢谢你啊", "谢谢你", "谢谢", "麻烦你了", "麻烦了")
_WANT: Final = frozenset({"要", "需要"})
_WANT_ANSWER_MAX: Final = 4
"""Longest utterance (characters) in which 要/需要 alone still means yes (要的, 需要啊)."""
_DOUBLE_NEGATIVE_HEADS: Final = frozenset({"不是", "没有"})
_SPACE: Final = re.compile(r"\s+")
_MARKS: Final = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_EDGE_MARKS: Final = re.compile(r"^[^0-9A-Za-z\u3400-\u9fff]+|[^0-9A-Za-z\u3400-\u9fff]+$")
_MAX_WORD: Final = max(len(w) for w in WORDS)


@dataclass(frozen=True)
class Answer:
    """What an utterance answers to a yes/no question."""

    value: bool | None
    """``True`` yes, ``False`` no, ``None`` neither (unclear, unsure, a question, holding)."""
    rest: str = ""
    """What was said besides the answer words, as said (fillers, punctuation and a leading
    是 removed): the new value of a correction ("浙L二三四五六"), a value given with a yes,
    or the question asked instead."""
    hold: bool = False
    """"等一下", "我想想": the user is not ready to answer."""
    question: bool = False
    """The user asks something instead of answering ("要多少钱啊")."""
    unsure: bool = False
    """"不晓得", "是不是": neither yes nor no, and says so."""

    @property
    def correction(self) -> bool:
        """"不对，是……": a no that carries the right value in :attr:`rest`."""
        return self.value is False and bool(self.rest)


@dataclass(frozen=True)
class _Token:
    kind: Kind
    word: str
    start: int
    end: int


def _scan(low: str) -> list[_Token]:
    """Table words of ``low`` (lower-cased, marks kept), longest match at each position;
    characters in no table word are content (not returned)."""
    out: list[_Token] = []
    i = 0
    while i < len(low):
        best: _Token | None = None
        for size in range(min(_MAX_WORD, len(low) - i), 0, -1):
            word = low[i:i + size]
            kind = WORDS.get(word)
            if kind is not None and (not word.isascii() or _ascii_word_at(low, i, size)):
                best = _Token(kind, word, i, i + size)
                break
        cannot = _CANNOT.match(low, i)
        if cannot is not None and (best is None or cannot.end() > best.end):
            best = _Token(Kind.NEUTRAL, cannot.group(0), i, cannot.end())
        if best is None:
            i += 1
            continue
        out.append(best)
        i = best.end
    return out


def _ascii_word_at(low: str, i: int, size: int) -> bool:
    before = low[i - 1] if i > 0 else " "
    after = low[i + size] if i + size < len(low) else " "
    return not (before.isascii() and before.isalpha()) and not (
        after.isascii() and after.isalpha())


def _content(piece: str) -> bool:
    """Whether ``piece`` holds more than marks."""
    return bool(_MARKS.sub("", piece))


def _is_copula(low: str, tok: _Token, tokens: list[_Token]) -> bool:
    """是 (or 对/好) followed by content words is a copula ("是行驶证"), not a yes."""
    if tok.word not in ("是", "就是", "应该是"):
        return False
    nxt = next((t for t in tokens if t.start >= tok.end and t.kind != Kind.NEUTRAL), None)
    gap = low[tok.end:nxt.start if nxt is not None else len(low)]
    head = re.split(r"[^0-9a-z\u3400-\u9fff]", gap, maxsplit=1)[0]
    return bool(head)


def _rest(text: str, tokens: list[_Token]) -> str:
    """The words after the last yes/no word (or, without one, all of them), with
    marks, fillers and polite words stripped from both ends and a leading 是 removed."""
    answers = [t for t in tokens if t.kind in (Kind.YES, Kind.NO, Kind.WEAK)]
    rest = text[answers[-1].end if answers else 0:]
    edge = sorted((*_TABLE[Kind.FILLER], *_POLITE), key=len, reverse=True)
    changed = True
    while changed and rest:
        before = rest
        rest = _EDGE_MARKS.sub("", rest)
        for copula in _COPULAS:
            if rest.startswith(copula) and len(rest) > len(copula):
                rest = rest[len(copula):]
                break
        for word in edge:
            if rest.lower().startswith(word):
                rest = rest[len(word):]
            if rest.lower().endswith(word) and len(rest) > len(word):
                rest = rest[: -len(word)]
        changed = rest != before
    return rest if _content(rest.lower()) else ""


TRAILS_OFF = re.compile(r"(?:…|\.{2,}|。{2,})$")
"""A hesitation that trails off ("嗯……"): no answer yet."""
_ASKED_BACK = re.compile(r"[啊呀吗伐][？?]$")
"""A "yes" word asked back with a particle and a question mark ("要交的啊？", "是吗？")."""


def parse_answer(text: str) -> Answer:
    """How ``text`` answers a yes/no question (see the module docstring)."""
    raw = unicodedata.normalize("NFKC", _SPACE.sub("", text))
    low = raw.lower()
    tokens = _scan(low)
    back = [t for t in tokens if t.kind == Kind.NO and t.word in _TAKE_BACK]
    if back and not _PUNCTUATED.search(raw) and _content(low[back[-1].end:]) and any(
            t.kind == Kind.YES and t.end <= back[-1].start for t in tokens):
        # "是 我 开 的 哦 不对 不是 我 开的 是 我 女婿 开的" (a recogniser's words, no
        # punctuation): the yes is taken back — what follows is the answer
        return parse_answer(raw[back[-1].end:])
    tokens = [t for t in tokens if not (t.kind == Kind.YES and _is_copula(low, t, tokens))]
    tokens = [t for t in tokens if t.kind not in _ANSWERING or _opens_clause(low, t, tokens)]
    rest = _rest(raw, tokens)
    kinds = {t.kind for t in tokens}
    if Kind.UNSURE in kinds:
        return Answer(None, rest, unsure=True)
    if Kind.HOLD in kinds:
        return Answer(None, rest, hold=True)
    strong = [t for t in tokens if t.kind in (Kind.YES, Kind.NO)]
    said = {t.kind for t in strong}
    if Kind.QUESTION in kinds:  # "我眼睛不好，照相在哪里": a question, never a "no"
        return Answer(None, rest, question=True)
    if not strong:
        weak = any(t.kind == Kind.WEAK for t in tokens)
        if weak and TRAILS_OFF.search(raw):
            return Answer(None, rest, hold=True)  # "嗯……": still thinking, no yes yet
        if weak and not rest and not _other_content(low, tokens):
            return Answer(True)
        return Answer(None, rest)
    if _ASKED_BACK.search(raw) and said == {Kind.YES}:
        return Answer(None, rest, question=True)  # "要交的啊？": asked back, no yes
    if len(said) > 1:
        return Answer(None, rest)
    if said == {Kind.NO}:
        for a, b in pairwise(strong):
            if a.word in _DOUBLE_NEGATIVE_HEADS and a.end == b.start and b.word != a.word:
                return Answer(None, rest)  # 不是不要: a double negative
        return Answer(False, rest)
    if {t.word for t in strong} <= _WANT and len(_MARKS.sub("", low)) > _WANT_ANSWER_MAX:
        return Answer(None, rest)  # 要 answers "要寄到家里吗？"; "我要交违章罚款" is a request
    return Answer(True, rest)


_ANSWERING: Final = (Kind.YES, Kind.NO, Kind.WEAK)
_PUNCTUATED: Final = re.compile(r"[，,。.！!？?；;、…]")
"""Punctuation (typed, or a recogniser's): its clauses tell what is taken back."""
_TAKE_BACK: Final = frozenset({"不对", "说错了", "讲错了", "听错了", "错了"})
"""No words that take back what was said before them, wherever they stand."""
_LEAD: Final = (Kind.YES, Kind.NO, Kind.WEAK, Kind.FILLER)


def _opens_clause(low: str, tok: _Token, tokens: list[_Token]) -> bool:
    """An answer word counts only at the head of its clause, after nothing but fillers and
    other answer words ("不对，…", "我不要", "嗯，好的"); inside a statement it is an
    adjective or a verb ("我眼睛不好", "浙L12345对的" is read back, not answered)."""
    start = max(low.rfind(m, 0, tok.start) for m in "，,。.！!？?；;、 ") + 1
    covered = [False] * (tok.start - start)
    for t in tokens:
        if t.kind in _LEAD and t.end <= tok.start and t.start >= start:
            for k in range(t.start, t.end):
                covered[k - start] = True
    return all(c or not _content(ch) for ch, c in zip(low[start:tok.start], covered,
                                                          strict=True))


def _other_content(low: str, tokens: list[_Token]) -> bool:
    """Characters outside every table word (besides marks)."""
    covered = [False] * len(low)
    for t in tokens:
        for k in range(t.start, t.end):
            covered[k] = True
    return any(not c and _content(ch) for ch, c in zip(low, covered, strict=True))


def parse_yes_no(text: str) -> bool | None:
    """``True`` yes, ``False`` no, ``None`` neither (:func:`parse_answer`'s value)."""
    return parse_answer(text).value


__all__ = ["WORDS", "Answer", "Kind", "parse_answer", "parse_yes_no"]
