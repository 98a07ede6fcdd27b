"""Chinese text for search: jieba words and tone-less pinyin that survives homophone ASR errors.

Speech recognisers often write the right sound with the wrong characters (不办身份证 for
补办身份证, 违张 for 违章).  Matching on tone-less pinyin, with the sounds that Zhejiang
speakers commonly merge folded together (:mod:`assistant.nlu.phonetic`: zh/z, ch/c, sh/s,
n/l, f/hu, -ng/-n), makes those errors harmless.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from itertools import pairwise

import jieba

from assistant.nlu import phonetic

jieba.setLogLevel(logging.WARNING)

DOMAIN_WORDS: tuple[str, ...] = (
    "身份证",
    "临时身份证",
    "户口簿",
    "户口本",
    "居住证",
    "居住登记",
    "签注",
    "港澳通行证",
    "台湾通行证",
    "往来港澳通行证",
    "护照",
    "驾驶证",
    "驾照",
    "行驶证",
    "年检",
    "检验合格标志",
    "电动自行车",
    "电动车",
    "号牌",
    "车牌",
    "违章",
    "罚款",
    "无犯罪记录证明",
    "易制毒化学品",
    "出入境",
    "证件照",
    "过户",
    "上牌",
    "抵押",
    "补办",
    "补领",
    "换领",
    "落户",
    "迁户口",
)
"""Words jieba must keep whole (added to its dictionary once)."""


def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: frozenset[str] = _wordlist(
    "我 你 他 她 的 了 吗 呢 啊 吧 呀 嘛 要 想 去 在 是 有 把 给 个 一 一下 一个 怎么 怎样 如何 "
    "什么 哪里 哪儿 在哪 在哪里 哪 能 能不能 可以 可不可以 需要 办 办理 请问 问 问一下 这 那 "
    "这里 那里 这个 那个 们 我们 我的 就 还 都 也 和 跟 又 得 地 着 过 没 没有 不 好 行 呢 "
    "吗 么 几 到 来 弄 搞 帮 帮我 您 我想 我要 想要 怎么办 要办 一下 咋 咋办 "
    "该 应该 应该怎么"
)
"""Filler words ignored by the full-text part of search (kept in pinyin matching)."""

_ONLY_TEXT = re.compile(r"[^\w]+")


@cache
def _setup() -> None:
    for word in DOMAIN_WORDS:
        jieba.add_word(word, freq=200_000)


def clean(text: str) -> str:
    """Text without spaces and punctuation (ASR output often has spaces between words)."""
    return _ONLY_TEXT.sub("", text)


def words(text: str) -> list[str]:
    """jieba ``cut_for_search`` tokens (whole words plus their sub-words), no filler."""
    _setup()
    return [w for w in jieba.cut_for_search(clean(text)) if w.strip() and w not in STOPWORDS]


@cache
def syllables(text: str) -> tuple[str, ...]:
    """Folded tone-less pinyin, one per character (:func:`assistant.nlu.phonetic.syllables`).

    The same folding as the intent matcher, so a homophone or accent error that the
    matcher forgives is forgiven by guide search too.
    """
    return tuple(phonetic.syllables(clean(text).lower()))


def pinyin_terms(text: str) -> list[str]:
    """Syllable bigrams (``shenfen fenzheng``) for full-text search on sound."""
    syl = syllables(text)
    if len(syl) == 1:
        return list(syl)
    return [a + b for a, b in pairwise(syl)]


def syllable_code(text: str) -> str:
    """``text`` as one private-use character per syllable, for string-distance algorithms."""
    return phonetic.sound_key(clean(text).lower())


CONCEPTS: dict[str, tuple[str, ...]] = {
    "身份证": ("身份证",),
    "户口": ("户口", "户籍", "落户"),
    "居住证": ("居住证", "暂住证"),
    "护照": ("护照",),
    "港澳": ("港澳", "香港", "澳门"),
    "台湾": ("台湾", "赴台", "入台"),
    "驾驶证": ("驾驶证", "驾照", "驾驶人"),
    "行驶证": ("行驶证", "行驶本", "行车证", "车本"),
    "号牌": ("号牌", "车牌", "牌照", "上牌", "挂牌", "临牌"),
    "电动车": ("电动车", "电瓶车", "电动自行车"),
    "出生": ("出生", "新生儿", "宝宝", "婴儿"),
    "进度": ("进度", "办好", "做好", "寄到", "好了没"),
    "签注": ("签注", "加签", "续签", "再签"),
    "罚款": ("罚款", "罚单", "缴款"),
    "年检": ("年检", "年审", "检验"),
    "犬": ("狗", "犬"),
    "户主": ("户主",),
}
"""Objects a request is about, with the words (matched by sound) that name them.

When an utterance names one of these objects and a guide's title and aliases do not,
the guide cannot be what the person means (身份证找不到了 is not 护照找不到了)."""


@cache
def _concept_codes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tuple(syllable_code(w) for w in forms)) for name, forms in CONCEPTS.items())


def concepts(text: str) -> frozenset[str]:
    """Names of the :data:`CONCEPTS` that ``text`` mentions (by sound)."""
    code = syllable_code(text)
    return frozenset(
        name for name, forms in _concept_codes() if any(f and f in code for f in forms)
    )
