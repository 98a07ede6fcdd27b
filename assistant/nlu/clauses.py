"""Splitting long, story-like speech into clauses.

Elderly users tell a story before they ask: "我孙子下礼拜要去香港读书，他的通行证要签一下".
Understood as a whole, the request is drowned in the story; understood clause by clause,
one clause carries it.  A clause ends at punctuation (typed text, or a recogniser that
punctuates) and before a spoken connective (然后, 所以, 就是, 那个, 但是 ...) that
starts a new thought.  The matcher understands the whole utterance and each clause, and
keeps the clause that carries a request (:meth:`assistant.nlu.matcher.Matcher.understand`).
A clause that denies ("不是补驾照，是换") is left out: it names what the user does *not*
want.  A recogniser writes no commas: a spoken 不对 or 讲错了, and a denial followed by its
correction ("不是台湾 是澳门"), also end a clause (session 12).
"""

from __future__ import annotations

import re

CONNECTIVES: tuple[str, ...] = (
    "然后", "所以", "就是说", "就是", "那个", "但是", "可是", "不过", "因为", "结果",
    "后来", "现在", "反正", "还有", "另外",
)  # fmt: skip
"""Spoken words that begin a new clause (only when something stands before them)."""

MIN_CLAUSE = 2
"""Characters (after removing spaces and punctuation) a clause needs to count on its own."""

_PUNCT = re.compile(r"[，,。.！!？?；;：:、…\n]+")
_AFTER_A_MODAL = "能以要想就先是"
"""现在 right after one of these is part of the request ("能不能现在先换掉", "我想现在就
办") or of its denial ("勿是现在领"), not the start of a new thought."""
_CONNECTIVE = re.compile(
    "(?=" + "|".join(sorted((c for c in CONNECTIVES if c != "现在"), key=len, reverse=True))
    + f")|(?<![{_AFTER_A_MODAL}])(?=现在)")
_SPACE = re.compile(r"\s+")


_NEGATED = re.compile(
    r"^(?:我|阿拉|我们)?(?:也|并|又)?先?(?:不是|勿是|弗是|不要|覅|勿要|没有要|并不是|不去|勿去|不交|勿交"
    r"|不查|不换|不补|不问|勿问|(?:没|没有)(?:讲|说)过?要"
    r"|(?:不用|勿用|用不着|不需要)再?(?:拍|照|换|补|交|签|查|办))(?![不勿没])"
    r"|^[\u4e00-\u9fff]{1,3}?(?:先|就|今天|今朝|现在|暂时)*(?:不|勿|弗)(?:交|缴|付|查|换|补|签)了?$"
    r"|^[\u4e00-\u9fff]{0,3}?(?:不是|勿是|弗是)(?:今天|今朝|现在|马上)(?:来|要)?(?:交|缴|付|查|换|补|签)了?$"
)
"""A clause that says what the user does *not* want ("不是补驾照", "我不要交钱", "我不去台湾",
"先不问多少钱了", "我没讲要交罚款", "罚款先不交", "罚款勿是今朝交", "不用再拍照了"); not a double
negative ("不是不交": 交).
Not 不办: the recogniser writes 不办 for 补办."""


_NEGATED_AFTER = re.compile(r"(?:不要|勿要|覅)了?$")
"""A clause that names something, then refuses it: "港澳的不要", "补驾照我不要了"."""


def negated(clause: str) -> bool:
    """``clause`` denies something ("不是身份证，是驾驶证丢了": the first clause;
    "港澳的不要，我要台湾的")."""
    bare = _bare(clause)
    return bool(_NEGATED.match(bare) or (len(bare) > 3 and _NEGATED_AFTER.search(bare)))


_DENIES = re.compile(r"^(?:我|阿拉|我们)?(?:不|勿|弗|没|覅)")
"""A clause that starts by saying no: a denial when a correction follows ("我不办港澳，是台湾")."""
_CORRECTS = re.compile(r"^(?:而|就|应该)?是(?!不是)")
"""A clause that corrects the one before it: "是台湾", "而是换"."""


_STILL_HELD = re.compile(
    r"^(?:我|阿拉|我的|阿拉的)?[\u4e00-\u9fff]{1,3}[证照本](?:倒是|倒|还|都|也|是|也是|也还|就)?"
    r"(?:在|在的|在呢|好好的|好的|没事|没丢|没掉|没坏"
    r"|(?:不用|不要|勿用|覅|用不着|不需要)(?:补|换|办|弄)?(?:了|的)?)$")
"""A clause saying a document is fine ("驾照在", "身份证倒是在的") or needs nothing ("驾驶证
不用补"): it names no document the user wants anything done with ("驾照在，行驶证不见了", "行驶证
补一本，驾驶证不用补" are about the 行驶证)."""


_DONE_ALREADY = re.compile(
    r"^[\u4e00-\u9fff]{0,4}?(?:已经|早就|都)?(?:交|缴|付|查)(?:是)?过(?:了|的|好几遍|好几次|一遍|一次)*"
    r"[的了啦]*$|^[\u4e00-\u9fff]{1,3}是(?:交|缴|付|查)过了的?$")
"""A clause saying a fine was paid or looked up already ("罚款是交过了的", "查过好几遍了"): no
request of its own while another clause says what is wanted."""


_HELD_THEN = re.compile(
    r"^((?:我|阿拉)?的?[\u4e00-\u9fff]{1,3}[证照本](?:倒是|倒|还|都|也)?"
    r"(?:在|在的|在呢|好好的|没丢|没掉|没坏))\s+(\S.*)$")
"""A document said to be fine, then a pause and more ("驾照还在 车本子没了 补车本"): two
clauses, so the fine one names nothing wanted (:data:`_STILL_HELD`)."""
_OH_IT_IS = re.compile(r"^(?:哦|噢|哦哟|哎呀|啊|唉)+(?:不|勿)?是(?!不是|勿是)")
"""A clause that corrects the one before it by naming the right thing ("驾照丢了……哦 是行驶
证")."""


def _bare(clause: str) -> str:
    return _SPACE.sub("", _PUNCT.sub("", clause)).lstrip("嗯呃啊那个")


_DENIED_STATE = re.compile(
    r"(?:还|并|又|也|都)?(?:没有|没|呒没|勿曾|不曾|未)(?:有)?"
    r"(?:过期|到期|过时|坏|丢|掉|落脱|破|弄丢|弄坏|被偷|被人偷)(?:掉|脱|了|过)*"
)
"""A state that is denied ("身份证没过期", "证还没坏"): the clause is about the document,
not about that state, so the words are left out and the document stays."""


def without_denied_state(clause: str) -> str:
    """``clause`` without a denied state: "身份证没过期" → "身份证" ("" when nothing else
    is left)."""
    rest = _DENIED_STATE.sub("", clause)
    return rest if len(_bare(rest)) >= MIN_CLAUSE else ""


_RETRACTS = re.compile(
    r"^(?:哦|噢|哎|唉|啊|哎呀|嗯)?我?(?:不对|不是|勿对|勿是|弗对|说错了|讲错了|搞错了|弄错了|错了|不)+"
    r"(?:了|的|啦)?$")
"""A clause that only takes back the one before it ("我行驶证……不对不对，是驾驶证", "驾驶……
哦不，行驶证")."""
_PLACE_FIXED = re.compile(
    r"^(?:最后|末尾|结尾|倒数|第[一二两三四五六七八九十\d]+)[^，,]{0,8}?(?:是|改成|改为|应该是|换成)"
    r"[0-9a-z零〇洞一幺二两三四五六七八九拐勾]+$")
"""A place of a number put right ("最后一个是五", "第四位应该是三"): after a retraction, the
number is mended — the request said before it stands."""
_DENIED_TAIL = re.compile(r"(?:不是|勿是|弗是)")
"""Where a clause starts to deny ("丢的不是行驶证，是驾驶证": 丢的 stays)."""


def _denied_thing(denial: str) -> str:
    """What a denial denies ("不是驾驶证" → 驾驶证; "" when it names nothing of two
    characters or more)."""
    bare = _bare(denial)
    cut = _DENIED_TAIL.search(bare)
    what = bare[cut.end():] if cut is not None else ""
    return what if len(what) >= 2 else ""


def _take_back(kept: list[str], denial: str) -> None:
    """What ``denial`` denies ("不是驾驶证") taken out of the clause before it too ("我驾驶证
    丢了……哦不是驾驶证，是行驶证": 丢了 stays, 驾驶证 goes)."""
    what = _denied_thing(denial)
    if not what or not kept or what not in kept[-1]:
        return
    rest = kept[-1].replace(what, "")
    if len(_bare(rest)) >= MIN_CLAUSE:
        kept[-1] = rest
    else:
        kept.pop()


_SAME_KIND = (
    re.compile(r"身份证|驾驶证|驾照|行驶证|通行证|护照|户口本|户口簿|居住证"),
    re.compile(r"台湾|香港|澳门|港澳"),
)
"""Words one of which a correction puts in place of another (a document, a place to go)."""


def _put_right(before: str, correction: str) -> str | None:
    """``before`` with the word a ``correction`` replaces put right ("签台湾" corrected by
    "是澳门 跟团的" → "签澳门"; "驾照丢了" by "哦 是行驶证" → "行驶证丢了"); None when the
    correction names nothing of the same kind."""
    said = _bare(correction)
    for kind in _SAME_KIND:
        old, new = kind.search(_bare(before)), kind.search(said)
        if old is not None and new is not None and old.group() != new.group():
            return before.replace(old.group(), new.group())
    return None


_RESIGNED = re.compile(r"(?:哎|唉|嗯|哎呀)?(?:算了|算啦|拉倒|认倒霉|倒霉|好吧|行吧|罢了|认了)+")
"""A clause that only gives in ("算了，认倒霉，……"): not a cancel when more is said after it."""
_PUT_OFF = re.compile(r"(?:不|勿|弗|别|覅)(?:要|用|想)?[办补换交缴签拍查弄领搞]|再讲|再说|回去")
"""After a "算了", words that put the matter off: then 算了 is the cancel it says."""
_MIND_CHANGED = re.compile(r"(?:想想|想了想|想一想|再想想|转念一想|不过)?(?:那|我)?还是")
"""A clause that starts by changing the mind ("想想还是先查查看"): the wish before it goes."""
_WANTED = re.compile(r"(?:想|要|准备|打算)[^，,]{0,6}?[交缴办换补签查拍领]")
"""A wish said with its action ("我想把罚款交掉")."""
_WANTED_NOW = re.compile(r"[交缴办换补签查拍领看]")
"""The action the changed mind names instead ("还是先看看有几条违章")."""


def affirmed(parts: list[str]) -> list[str]:
    """``parts`` without the clauses that deny something (all of them if all do): those
    that say what the user does not want (:func:`negated`), and a clause that starts with
    no when the next one corrects it ("我不办港澳，是台湾": 不办 alone is no denial — the
    recogniser writes 不办 for 补办), what a clause denies before a correction ("丢的不是
    行驶证，是驾驶证" keeps 丢的), a clause taken back ("我行驶证……不对不对，是驾驶
    证") and a wish the mind changed from ("我想把罚款交掉……想想还是先看看有几条违章").
    A denied state is left out of its clause ("我不是要换，身份证没过期，就是丢掉了": the
    user names the card, not that it expired).  A retraction followed by a digit put right
    ("……浙L幺二三四六 嗯 不对 最后一个是五") takes back nothing: both are left out and the
    number is mended by the dialog (:data:`_PLACE_FIXED`)."""
    kept: list[str] = []
    denied: list[str] = []
    mended = {i + 1 for i, part in enumerate(parts[:-1])
              if i > 0 and _RETRACTS.match(_bare(part)) and _PLACE_FIXED.match(_bare(parts[i + 1]))}
    for i, part in enumerate(parts):
        if i in mended or i + 1 in mended:
            continue  # "……浙L幺二三四六 嗯 不对 最后一个是五": a digit mended, not the request
        if i > 0 and _RETRACTS.match(_bare(part)):
            if kept and kept[-1] == parts[i - 1]:
                taken = kept.pop()  # "我行驶证……不对不对，是驾驶证": taken back
                following = next((p for p in parts[i + 1:] if not _RETRACTS.match(_bare(p))), "")
                right = _put_right(taken, following) if _CORRECTS.match(_bare(following)) else None
                if right is not None:  # "签台湾……不对不对，是澳门": 签 stays
                    kept.append(right)
            continue  # ("……不对不对，我讲错了": once)
        if not kept and i < len(parts) - 1 and _RESIGNED.fullmatch(_bare(part)) and (
                not _PUT_OFF.search("".join(parts[i + 1:]))):
            continue  # "算了，认倒霉，交掉拉倒": giving in first, then the request (but "算了
            # 算了，……今天不弄了" cancels, and "二次的吧……算了算了，一次好了" changes the mind)
        if kept and kept[-1] == parts[i - 1] and _MIND_CHANGED.match(_bare(part)) and (
                _WANTED.search(_bare(kept[-1])) and _WANTED_NOW.search(_bare(part))):
            kept.pop()  # "我想把罚款交掉……想想还是先看看有几条违章": the first wish dropped
        if negated(part):
            _take_back(kept, part)
            if thing := _denied_thing(part):
                denied.append(thing)
            continue
        if kept and _OH_IT_IS.match(_bare(part)) and (
                right := _put_right(kept[-1], part)) is not None:
            kept[-1] = right  # "驾照丢了……哦 是行驶证": 行驶证丢了
        if len(parts) > 1 and (_STILL_HELD.match(_bare(part)) or _DONE_ALREADY.match(_bare(part))):
            continue  # "驾照在，行驶证不见了": the licence is fine; "罚款是交过了的": done
        # what corrects this clause may come after a document said to be fine ("丢的不是身份
        # 证，身份证好好的，是驾驶证丢了")
        following = next((_bare(p) for p in parts[i + 1:] if not _STILL_HELD.match(_bare(p))),
                         "")
        if following and _CORRECTS.match(following) and _DENIES.match(_bare(part)):
            continue
        tail = _DENIED_TAIL.search(part) if following and _CORRECTS.match(following) else None
        if tail is not None:  # "丢的不是行驶证，是驾驶证": what is denied is left out
            _take_back(kept, part)
            part = part[: tail.start()]
            if len(_bare(part)) < MIN_CLAUSE:
                continue
        if _DENIED_STATE.search(part):
            part = without_denied_state(part)
            if not part:
                continue
        kept.append(part)
    for thing in denied:  # "不是台湾，台湾去年去过了，今年去澳门": not 台湾 again
        kept = [rest if thing in k and len(_bare(rest := k.replace(thing, ""))) >= MIN_CLAUSE
                else k for k in kept]
    return kept or parts


def affirmed_text(text: str) -> str | None:
    """``text`` without the clauses it denies or takes back, joined with "，" ("两次的……不对，
    一次就够了" → "一次就够了", :func:`affirmed`); None when it takes nothing back."""
    split = clauses(text)
    kept = affirmed(split)
    return "，".join(kept) if kept != split else None


_SPOKEN_RETRACT = re.compile(
    r"(?:[哦噢啊哎呃唉]\s*)?(?:(?:不|勿|弗)\s*对\s*(?:了\s*|的\s*)?)+"
    r"|(?:我\s*)?(?:讲|说|搞|弄)\s*错\s*了")
"""A retraction said without punctuation, as a recogniser writes it ("浙 L 六 六 六 六 九 哦
勿 对 勿 对 是 浙 L 六 六 六 六 六"): a clause of its own."""
_NOT_AFTER = "对是不勿弗"
"""A 不对 right after one of these asks or denies something else ("对不对", "是不对的")."""
_ONLY_PARTICLES = re.compile(r"[吗伐呢吧啊呀的了\s]*")
"""What may follow a retraction that ends the clause (then it is no clause of its own)."""
_DENY_THEN_SAY = re.compile(
    r"^((?:我|阿拉|伊)?(?:不是|勿是|弗是)[^是，]{1,8}?(?<![不勿弗没]))((?:而|就)?是(?!不是|勿是).+)$")
"""A denial and its correction said in one breath ("不是台湾 是澳门 跟团去的", "勿是补是换"):
two clauses, so the denied one is left out (:func:`affirmed`)."""


_DENIAL_THEN = re.compile(
    r"^((?:我|阿拉)?(?:也|并|又)?(?:不是|勿是|弗是|(?:没|没有)(?:讲|说)过?要)(?![不勿没])\S{1,6})"
    r"\s+(\S.*)$")
"""A denial said first and then a pause ("我不是来补的 就问一声 补身份证啥辰光好拿"): the
denial is a clause of its own, not the whole sentence."""


def _spoken_breaks(chunk: str) -> list[str]:
    """``chunk`` split where a retraction, a denial's correction, a document said to be fine
    or a denial ends without a pause mark (:data:`_SPOKEN_RETRACT`, :data:`_DENY_THEN_SAY`,
    :data:`_HELD_THEN`, :data:`_DENIAL_THEN`)."""
    out: list[str] = []
    start = 0
    for m in _SPOKEN_RETRACT.finditer(chunk):
        before = chunk[start : m.start()].rstrip()
        if (before and before[-1] in _NOT_AFTER) or _ONLY_PARTICLES.fullmatch(chunk[m.end():]):
            continue  # "对不对", "是不对的"; "你说的不对吗", "不对不对" (nothing after it)
        out.extend((chunk[start : m.start()], m.group(0)))
        start = m.end()
    out.append(chunk[start:])
    split: list[str] = []
    for piece in out:
        bare = _SPACE.sub("", piece)
        said = (_DENY_THEN_SAY.match(bare) or _HELD_THEN.match(piece.strip())
                or _DENIAL_THEN.match(piece.strip()))
        split.extend(said.groups() if said else (piece,))
    return split


def clauses(text: str) -> list[str]:
    """The clauses of ``text`` in order (``[text]`` when it has only one).

    Pieces too short to mean anything alone ("嗯", "那") are joined to the next one.
    """
    parts: list[str] = []
    for chunk in _PUNCT.split(text):
        for spoken in _spoken_breaks(chunk):
            for piece in _CONNECTIVE.split(spoken):
                if _SPACE.sub("", piece):
                    parts.append(piece.strip())
    out: list[str] = []
    carry = ""
    for piece in parts:
        piece = carry + piece
        if len(_SPACE.sub("", piece)) < MIN_CLAUSE:
            carry = piece
            continue
        carry = ""
        out.append(piece)
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out or [text]


_FIRST_THEN = re.compile(
    r"^(?P<first>[^，,。.！!？?；;…]*?先\s*\S[^再]*?)"
    r"(?:[，,。.\s]+(?:然后|接着|回头|等下|等一下|[^，,。.\s再]{0,3}?(?:好|完)了?))?[，,\s]*"
    r"再(?P<then>.+)$")
"""Two requests in one breath, the first marked to be done first ("先把罚款交掉再帮我港澳通行证签
一签", "先签个澳门，签好了再把驾照换掉")."""


_THEN_DECIDE = re.compile(r"\s*(?:讲|说|看|商量|决定|定)(?:吧|啦|了)?(?:[，,。.！!？?；;…\s]|$)")
"""After 再, a decision put off, not a second request ("先看看再讲，……")."""


_FIRST_SAID_LAST = re.compile(
    r"[，,。.；;…](?P<first>\s*(?:那|所以|还是)?\s*(?:先|今天就|今朝就|今天先|今朝先)\s*"
    r"(?!问|看|回|想|等|不|勿|别|算)[^，,。.！!？?；;…]{3,12}?)[。.！!\s]*$")
"""The one to do first said last, after another wish ("补身份证，补好了我还要去把驾照也换了，
先补身份证", "……两样都要补，今天先补驾照"); not "先问问", "先回去"."""


_ITS_OWN_VERB = re.compile(r"[补换交缴签拍查领]")
"""A verb that says which service (not 弄 or 办)."""
_NAMED = re.compile(
    r"身份证|驾照|驾驶证|行驶证|通行证|签注|罚款|违章|照片|照相|相片|年检|标志|进度")
"""What a service is about, named in the clause itself."""


def first_said_last(text: str) -> str | None:
    """The request to be done first said last, after another wish ("……，先补身份证",
    :data:`_FIRST_SAID_LAST`), with its own verb and document; else None."""
    last = _FIRST_SAID_LAST.search(text.strip())
    if last is None or "再" in last.group("first") or not _ITS_OWN_VERB.search(
            last.group("first")) or not _NAMED.search(last.group("first")):
        return None  # (not "今天就弄身份证": 弄 says not which; not "……先补一本": which one?)
    return last.group("first").strip()


def first_of_two(text: str) -> str | None:
    """The request to be done first of two said as "先……再……", or None (the second is asked
    for again once the first is done: "还要办什么？")."""
    found = _FIRST_THEN.match(text.strip())
    if found is None or len(_SPACE.sub("", found.group("then"))) < MIN_CLAUSE + 1 or (
            _THEN_DECIDE.match(found.group("then"))):
        return None  # "先等等再说", "先看看有几条违章再讲，车牌浙L12345": one request
    first = found.group("first").strip()
    return first if len(_SPACE.sub("", first)) > MIN_CLAUSE else None

