"""The sentence of a guide that answers the detail a question asks (issue 11, item 5).

"我上礼拜补了身份证，老的那张又寻着了，还好用伐" asks neither the fee nor the materials of
居民身份证补领 but one of its notes; "低保户换身份证要不要钞票" one of its fee notes.  A guide's
short answer for an aspect (:func:`assistant.guides.speech.answer`) leaves such details to the
full reading, so a question that shares enough rare words with one sentence of the guide (its
conditions, notes, steps, fee notes and material notes) gets that sentence first.  Words that
name the guide itself (its title and aliases), question and filler words, and words found in
many guides ("办理", "身份") count for nothing: only what distinguishes the detail does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from assistant.guides.model import Guide

_ASKING = re.compile(
    r"请问|一下|我想|我要|怎么|怎样|如何|哪里|哪儿|什么|多少|能不能|可不可以|可以|要不要|是不是"
    r"|有没有|还能|还好|好不好|行不行|[吗伐呢吧啊呀的了我你侬他她要能会好个张本去来在是有]"
)
"""Question, filler and pronoun characters: no detail is asked with them."""
_SAID_AS = (("寻着", "找回"), ("寻到", "找回"), ("寻回", "找回"), ("找着", "找回"),
            ("老的", "旧证"), ("老证", "旧证"), ("旧的", "旧证"), ("钞票", "钱"),
            ("几钿", "多少钱"), ("低保", "最低生活保障"), ("违章", "违法"), ("两百", "二百"),
            ("百块", "百元"), ("没处理", "未处理"), ("还能用", "能再用"), ("还好用", "能再用"),
            ("交警扣", "扣押"), ("被扣", "被扣押"), ("勿及", "来不及"), ("不及换", "来不及换"),
            ("交还", "交回"), ("还回去", "交回"), ("当场开", "现场开具"), ("本子", "本式旧证"),
            ("老早那种", "旧证"), ("车牌", "号牌"), ("落在家", "没带"), ("落在屋里", "没带"),
            ("忘在家", "没带"), ("忘记带", "没带"), ("忘带", "没带"),
            ("回老家", "异地全国通办"), ("外地", "异地全国通办"), ("外省", "非本省全国通办"),
            ("户口在", "户籍异地全国通办"), ("户口是", "户籍异地全国通办"),
            ("快递", "邮寄"), ("纸头", "纸质标志"), ("纸的", "纸质标志"),
            ("多次往返", "多次有效签注请到出入境窗口"),
            ("多次的", "多次有效签注请到出入境窗口"),
            ("一道用", "用于多项业务"), ("一起用", "用于多项业务"), ("都能用", "用于多项业务"),
            ("都好用", "用于多项业务"), ("通用", "用于多项业务"),
            ("交罚款才", "交罚款才以缴纳社会抚养费为前提"), ("超生罚款", "社会抚养费"),
            ("免检", "免于上线检验"), ("在外国", "在境外"), ("在国外", "在境外"), ("弄丢", "丢失"),
            ("哪能晓得", "会通知"), ("怎么晓得", "会通知"), ("怎么知道", "会通知"),
            ("打印出来", "自动上传打印"), ("要打印", "自动上传打印"),
            ("要不要打印", "自动上传打印"),
            *((f"{stay}几{day}", "逗留不超过几天") for stay in ("住", "待", "呆", "逗留")
              for day in "天日"),
            *((f"{by}{whom}{go}领", "委托他人领取") for by in "替代帮" for whom in "伊他她"
              for go in ("去", "")), ("代领", "委托他人领取"),
            *((f"{by}{whom}", "本人到场代办委托") for by in "替代" for whom in "伊他她"))
"""Everyday and Wu words as the guides write them ("老的那张又寻着了": the old card found; "替伊
拍好伐": whether someone else may do it — the sentences on being there in person or an agent;
"我好替伊去领伐": whether someone else may collect it, the sentence on 委托他人领取;
"照片要打印出来交到窗口去伐": the photo is uploaded by itself;
"要先交罚款才好上户口": a fine as a condition, kept and read as the social maintenance fee;
"到香港最多好住几天": how long a stay is allowed, not how long the endorsement takes)."""
_CHILD = re.compile(r"小囡|小孩|孩子|小人|儿童|小朋友|(?<![一二三四五六七八九十\d])"
                    r"(?:十[一二三四五]?|[一二三四五六七八九]|1[0-5]|[1-9])(?:周)?岁")
"""A child asked about ("小囡十二岁", "孩子8岁"): the guides' sentences on minors (未满十六周岁
…监护人)."""
_DOCUMENTS = re.compile(r"身份证|通行证|驾驶证|驾照|行驶证|护照|户口本|户口簿|居住证|签注|证件")
"""Names of documents: what a question is about, never the detail it asks."""
_CJK = re.compile(r"[\u4e00-\u9fff]+")
MIN_SHARED = 2
"""Distinct rare character pairs a question must share with a sentence to be answered by it."""
COMMON_SHARE = 0.15
"""A character pair in the sentences of more than this share of guides is common (办理, 身份)."""


def pairs(text: str) -> set[str]:
    """The two-character pairs of the Chinese runs of ``text``."""
    return {run[i:i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}


def sentences(guide: Guide) -> Iterator[str]:
    """What a detail may be read from: conditions, notes, steps, the fee note, the notes of
    the materials."""
    yield from guide.conditions
    yield from guide.notes
    yield from guide.steps
    if guide.fees_note:
        yield guide.fees_note
    for material in guide.materials:
        if material.note:
            yield f"{material.name}：{material.note}"


def common_pairs(guides: Iterable[Guide]) -> frozenset[str]:
    """Character pairs found in the sentences of many guides (:data:`COMMON_SHARE`)."""
    counts: dict[str, int] = {}
    n = 0
    for guide in guides:
        n += 1
        for pair in set().union(*(pairs(s) for s in sentences(guide)), pairs(guide.summary)):
            counts[pair] = counts.get(pair, 0) + 1
    return frozenset(p for p, c in counts.items() if c > COMMON_SHARE * max(n, 1))


_AHEAD_ASKED = re.compile(
    r"提前(?:多少|几|多久|多长|啥辰光)|(?:多少|几)(?:个)?(?:天|日|月)(?:以)?前")
"""How long before something to apply ("要提前多少天去申请", "到期前几天去办")."""
_AHEAD_SAID = re.compile(r"[零一二三四五六七八九十百两\d]+(?:个)?(?:工作)?(?:日|天|月)(?:以)?前"
                         r"|提前[零一二三四五六七八九十百两\d]")
"""A guide's sentence that says how long before ("活动日二十日前", "期满七日前")."""


def ahead(guide: Guide, question: str) -> str | None:
    """The one sentence of ``guide`` (its summary's included) that says how long before to
    apply, when ``question`` asks that; ``None`` otherwise, or when sentences say
    different times."""
    if not _AHEAD_ASKED.search("".join(question.split())):
        return None
    said = [part for part in guide.summary.split("。") if part]
    found = [s for s in dict.fromkeys((*said, *sentences(guide))) if _AHEAD_SAID.search(s)]
    times = {m.group() for s in found for m in _AHEAD_SAID.finditer(s)}
    return found[0] if len(times) == 1 else None  # the same time said twice: the first


def detail(guide: Guide, question: str, common: frozenset[str]) -> str | None:
    """The one sentence of ``guide`` that shares the most rare pairs (at least
    :data:`MIN_SHARED`) with ``question`` (or says how long before, :func:`ahead`, when
    that is asked); of several that tie, the one condition; ``None`` when none does, or
    sentences tie and not one of them is a condition."""
    before = ahead(guide, question)
    if before is not None:
        return before
    named = set().union(*(pairs(name) for name in guide.names))
    question = "".join(question.split())  # "驾驶证 被 交警 扣 了": as a recogniser writes it
    for said, written in _SAID_AS:
        question = question.replace(said, written)
    question = _CHILD.sub("未满十六周岁监护人", question)
    asked = pairs(_ASKING.sub("，", _DOCUMENTS.sub("，", question))) - named - common
    if len(asked) < MIN_SHARED:
        return None
    scored = sorted(((len(asked & pairs(s)), s) for s in dict.fromkeys(sentences(guide))),
                    key=lambda row: -row[0])
    if not scored or scored[0][0] < MIN_SHARED:
        return None
    top = [sentence for shared, sentence in scored if shared == scored[0][0]]
    if len(top) > 1:
        # two sentences as likely: the one condition among them ("儿子十四岁……好在机器上补
        # 伐": who may do it here, not how long a child's card lasts), else the short answer
        conditions = [sentence for sentence in top if sentence in guide.conditions]
        return conditions[0] if len(conditions) == 1 else None
    return top[0]
