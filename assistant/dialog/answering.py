"""Answers that carry more than yes or no: corrections, values given instead of a yes,
yes/no to a question asked as a choice, and changing an earlier choice at the end.

- Read-back ("您说的是：浙 L 1 2 3 4 5，对吗？"): "不对，是浙L12346" or "不对，最后一位是五"
  replaces the value and reads the new one back; the same value said again is a yes; a
  different value alone is a correction.
- "您是要查违章吗？" answered with a plate ("浙L12345"): yes, and the plate is taken.
- A choice asked as a yes/no question ("证件坏了要换吗？"): yes/no (and their colloquial
  forms, :mod:`assistant.nlu.answers`) pick the option whose ``words:`` hold 是 / 不是.
- At the final confirmation, naming the other option of an earlier choice ("还是寄到家里
  吧") changes it and asks the confirmation again — when nothing but questions lies between.

A helper of :class:`~assistant.dialog.core.Dialog` (``dialog.answering``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.dialog.delivery import FOLLOW_UP
from assistant.dialog.engine import DIGIT_SAID, PARSERS
from assistant.dialog.states import State
from assistant.dialog.steps import (
    CardStep,
    ChoiceStep,
    ConfirmStep,
    InformStep,
    PriceStep,
    SlotStep,
)
from assistant.dialog.texts import heard_form
from assistant.dialog.words import (
    DIGIT_WORDS,
    NO_OPTION,
    PLACE_ANSWER,
    YES_OPTION,
    WordTable,
    at_place,
    parse_answer,
    patch_places,
    patch_value,
    swap_digit,
)
from assistant.nlu.clauses import affirmed_text, clauses

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

_BUT = re.compile("不过|但是|可是|还是|就是|不|别|没|改")
"""After a yes, these make it no plain yes ("好的，不过我自己来拿吧")."""
_LONE = re.compile(r"(?:是|应该是|改成|该是)?"
                   rf"(?P<v>{DIGIT_SAID})[吧啊呀的]*")
""""不对，是五": one digit and no place — which one is asked (``readback_which``)."""
_TAIL = re.compile(r"(?:是|应该是|改成|该是|后面是|后头是)?"
                   rf"(?P<v>{DIGIT_SAID}{{2,4}})[吧啊呀的]*")
""""不对，是四六": the last two to four digits said again."""
_AT_LAST = re.compile(r"(?:是|就是|改)?(?:最后|末尾|最末|最后面|后面)(?:一|1)?"
                      r"(?:位|个|个字|个数|个号|那个|那位|那一个)?(?:数字|号码)?[吧啊呀的]*")
"""The answer to "哪一位是5？": the last one."""
REFUSED_ACTION = r"(?:不|勿|弗)(?:要|用|想)?([办补换交缴签拍查弄领])"
"""An action refused, its verb caught ("不补了", "勿办了": 补, 办)."""
_DO_VERBS = "交缴付办签换补拍弄领"
"""What the kiosk asks to do ("现在缴纳317.5元吗？", "确认办理吗？")."""
_OBJECT = r"(?:(?:这|那)?(?:[两几一二三四五六七八九]|些)?(?:张|条|笔|个)?(?:罚款|罚单|钱|钞票)?)?"
"""What the action is on, said before it ("这两张现在不交", "罚款交掉")."""
_FEE_HEARD = r"(?:(?:[零一二两三四五六七八九十百千\d.]+|免费|不要钱|勿要钱)(?:块|元)?(?:钱|钞票)?)?"
"""The fee just heard, said back before the answer ("十块，那就补吧", "十五块啊，好的，帮我签
一次")."""
_THOUGHT = r"(?:(?:让|等)?(?:我|阿拉)?(?:再)?(?:考虑|想想|想一想|想|看看|看)(?:一下|一歇|下)?)?"
"""A moment's thought said before the answer ("让我考虑一下，嗯，好的，换吧")."""
_DO_IT = re.compile(rf"{_FEE_HEARD}{_THOUGHT}{_OBJECT}"
                    r"(?:那|那么|好的|好|行|可以|就|还是|顺便|一道|一起|都|全部|马上|现在|今天|今朝|再"
                    r"|啊|呀|噢|哦|嗯|恩|额|侬?帮(?:我|阿拉|我们)|给我|替我)*"
                    rf"[{_DO_VERBS}](?:掉|了|吧|呀|啊|的|好了|一下|上|一张|一次|一个|一本|一只|个|本|伊|它)*")
""""交掉好了", "那就交了吧", "办吧", "那帮我领一个", "十块，那就补吧", "那就补一本", "恩 交 吧"
(a recogniser's 嗯), "还是办掉伊": the action itself said as the answer — yes."""
_NOT_NOW = re.compile(rf"{_OBJECT}(?:那|那么)?(?:我)?(?:现在|今天|今朝|先|暂时|还是|就)*"
                      rf"(?:不|勿|别|覅|弗)(?:要|想)?[{_DO_VERBS}](?:了|吧|啦|的|掉)*"
                      r"(?:谢谢|谢谢你|谢谢侬)?")
""""现在不交，谢谢", "先不办", "勿签了": the action refused — no."""
_PUT_OFF = re.compile(
    r"(?:问问|商量|想想|讲一声|考虑)[^，,。]{0,8}?再(?:讲|说|来|交|办|弄)|回(?:去|屋里|家)[^，,。]{0,10}?再"
    r"|下(?:次|趟|回|礼拜|星期|个礼拜|个星期|个月)再?(?:来|交|办|弄|讲|说)"
    r"|(?:下(?:次|趟|回|礼拜|星期|个礼拜|个星期|个月)|明天|明朝|后天|发了工资|有了钱)"
    r"[^，,。]{0,10}?再来?(?:交|缴|付|办|弄|签)"
    r"|改天|过(?:两|几)天(?:再)?|回头[^，,。]{0,10}?(?:讲|说|再|来)"
    r"|(?:叫|让|喊)[^，,。]{0,4}?(?:自己|自家)(?:来|去|过来)?[交缴付办弄签]"
    r"|(?:今天|今朝|这次|这趟)(?:就|先)?算了|(?:钱|钞票|卡里的?钱|余额)(?:不|勿|弗)够"
    r"|(?:钱|钞票|现金|洋钿)(?:没|没有)带够"
    r"|等[^，,。]{1,8}?(?:好|完|出来|回来)了?(?:以后|之后|再讲)?再来?(?:交|缴|付|办|弄|签|领|换|补|拍)"
    r"|回(?:去|屋里|家)(?:跟|和|同|问)[^，,。]{0,8}?(?:商量|问问|讲讲|讲一声)"
    r"|(?:钱|钞票|罚款)(?:先|就|今天|今朝)?(?:不|勿|弗)(?:交|付|缴)了"
    r"|先(?:回去)?(?:问问|问一下|问一声|商量)[^，,。]{0,2}?"
    r"(?:老公|老婆|老伴|老头子|老太婆|儿子|女儿|家里|屋里)")
""""我回去问问老婆再讲", "下趟再来交", "改天吧", "我回头跟老陈讲", "叫他自己来交", "下礼拜发了
工资再来交", "今朝算了", "卡里钞票勿够", "等修好再来领",
"今 朝 钞 票 勿 付 了 我 回 去 跟 老 婆 商 量 商 量":
the action put off — no (not "再讲一遍")."""
_CLAUSES = re.compile(r"[，,。.！!？?；;…]+")
_FILLERS = re.compile(r"^(?:嗯|呃|啊|哦|噢|唔|恩|额|摁)+")
_EXCLAIMED = re.compile(r"(?:嗯|呃|额|啊|哦|噢|喔|唔|哟|呦|哎|唉|呀)+")
"""A clause that is only an exclamation ("哦哟，勿对勿对……"): not the first words said."""
_PLAIN_NO = re.compile(r"(?:哦|噢|啊|嗯|呃|那)*"
                       r"(?:不对|不是|勿对|勿是|弗对|弗是|错了|说错了|讲错了|不不|算了)+"
                       r"(?:的|了|啊|呀|吧)*")
"""A clause that is only a "不对" or "算了算了": the option named next is the one meant."""
HEARD_IT = re.compile(r"知道了|晓得了|明白了|懂了|清楚了|听到了|听见了")
"""Words that say something was heard, not what is answered ("好的，我知道了")."""
_TAKEN_BACK = re.compile(r"不对|说错了|讲错了|弄错了|搞错了")
"""Words that take back what was said before them."""
CHANGED_MIND = re.compile(r"还是|改成|换成|算了|就要|那就")
"""Words that make the option named after them the one chosen ("两次……还是一次吧")."""


def _plain(said: str) -> str:
    """``said`` without spaces, case and the punctuation a recogniser or keyboard adds."""
    return re.sub(r"[\s，,。.！!？?、]", "", said.lower())


def do_or_not(said: str) -> bool | None:
    """The answer to "现在缴纳317.5元吗？" said with its verb: "交掉好了", "嗯，办掉", "签的签的",
    "有两条
    好在这里交的啊？那就顺便交掉" → ``True``; "现在不交，谢谢", "现在勿交，我回去跟他讲一声",
    "好的晓得了，今天先不弄" → ``False``; ``None`` for anything else.  Each clause is
    judged; a refusal anywhere and no "do it" is no; of both, the last one said counts."""
    heard: list[bool] = []
    for clause in clauses_of(said.lower()):
        s = _FILLERS.sub("", _plain(clause))
        half = len(s) // 2
        if half and s[:half] == s[half:]:
            s = s[:half]  # "签的签的", "交掉交掉": said twice
        if _NOT_NOW.fullmatch(s) or _PUT_OFF.search(s):
            heard.append(False)
        elif _DO_IT.fullmatch(s):
            heard.append(True)
    return heard[-1] if heard else None


def puts_off(said: str) -> bool:
    """``said`` ends putting the action off ("罚款……算了，今天钞票用得差不多了，下趟再来交"):
    nothing asked for after the last put-off (not "身份证下个月再来换，今天先交罚款")."""
    s = _plain(said)
    found = list(_PUT_OFF.finditer(s))
    return bool(found) and len(_FILLERS.sub("", s[found[-1].end():])) < 3


def clauses_of(said: str) -> list[str]:
    """``said`` cut at its punctuation (a recogniser's or a keyboard's)."""
    return _CLAUSES.split(said)


def last_clause(said: str) -> str:
    """The last clause of ``said`` that holds anything ("等一下，让我对对……嗯，对的" → 对的)."""
    return next((c for c in reversed(clauses_of(said)) if c.strip()), "")


def said_verbs(said: str) -> set[str]:
    """The action characters said ("换吧" → {"换"}): to check they are the offered item's."""
    return {ch for ch in said if ch in _DO_VERBS}


_DECIDED = re.compile(r"(?:嗯|那)?(?:(?:我|阿拉|我们)(?:明天|明朝|今天|今朝|下午|等下|还是|就)?"
                      r"(?:自己|自家|亲自)|不过|但是|可是|其实|算(?:是)?(?:我|阿拉))")
"""The last clause says what the speaker will do ("……快递要好几天，我明朝自己过来拿"), or what
holds after all ("平常是儿子在开的……不过拍到那天是我自己开的，算我开的"): of the options named
in the sentence, that one is chosen."""


def option_in_clauses(table: WordTable, text: str) -> tuple[bool, str | None]:
    """``(several, option)``: the one option the clauses of ``text`` name, with Wu
    negations heard as Mandarin ("勿是我开的，是阿拉儿子开的" → 不是我开的; "寄到屋里好了，
    我脚头不灵便，跑勿动" → post); when clauses name different options (``several``),
    the last one the mind changed to ("自己来拿……还是寄过来吧", "一次……不对，还是两次吧，年底
    还要去一趟"), else None."""
    exact: set[str] = set()
    found: set[str] = set()
    decided: str | None = None  # the last option the mind changed to
    after_no = False
    for clause in clauses_of(text):
        for form in dict.fromkeys((heard_form(clause), clause)):
            if not form:
                continue
            hit = table.lookup(form)
            if hit is not None:  # a clause that is an option's words exactly
                exact.add(hit)
            hit = hit or table.find_within(form)
            if hit is not None:
                found.add(hit)
                if after_no or CHANGED_MIND.search(clause) or _DECIDED.match(heard_form(clause)):
                    decided = hit
                break
        after_no = _PLAIN_NO.fullmatch(_plain(clause)) is not None
    if len(found) > 1:  # "两次……嗯，还是一次吧": the mind changed to the last one;
        # so is a decision said last ("快递要好几天，我明朝自己过来拿"), or one said after a
        # "不对" and followed only by a reason ("一次……不对，还是两次吧，年底还要去一趟");
        # two different options and no word for which: ask again
        return True, decided
    for hits in (exact, found):
        if len(hits) == 1:
            return False, hits.pop()
    return False, None


def option_named(table: WordTable, text: str, *, within: bool) -> str | None:
    """The option of ``table`` that ``text`` names: what follows a "不对" ("两次的……不对，
    一次就够了"), Wu negations heard as Mandarin ("勿是我开的" is 不是我开的, never 是我开的
    within it); ``within`` (a flow's choice, or the change of one): also found inside a
    longer sentence, clause by clause (:func:`option_in_clauses`), or by its sound."""
    text = affirmed_text(text) or text
    heard = heard_form(text)
    found = table.lookup(heard) or table.lookup(text)
    if found is None and within:
        several, picked = option_in_clauses(table, text)
        if several:
            return picked
        taken_back = list(_TAKEN_BACK.finditer(_plain(heard)))
        if taken_back and picked is None:
            # unpunctuated ("是 我 开 的 哦 不对 不是 我 开的 是 我 女婿 开的"): what is said
            # after the last 不对, its beginning first — never what was taken back
            after = _plain(heard)[taken_back[-1].end():]
            return table.starts(after) or table.lookup(after) or table.find_within(after)
        found = table.find_within(heard) or picked or table.find_by_sound(heard)
    return found


class Answering:
    """Understands the richer answers of ``dialog`` (see the module docstring)."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog
        self.lone_digit = ""
        """"不对，是五" at a read-back: the digit whose place was just asked."""

    def on_text(self, text: str) -> bool:
        """``True`` when ``text`` was taken as one of the answers above."""
        state = self.d.state
        if state == State.READBACK:  # (also "不是我开的，是我儿子开的" at the plate's
            return self.readback(text) or self.later_choice(text)  # read-back: noted)
        if state == State.CONFIRM_INTENT:
            return self.value_as_yes(text)
        if state == State.CHOICE and self.d.engine.letters.active():
            return self.d.engine.letters.on_text(text)  # the plate said at a letter prompt
        if state == State.CHOICE:
            return self.yes_no_choice(text) or self.later_choice(text)
        if state == State.CONFIRM:
            return self.change_choice(text) or self.later_choice(text) or self.unsure_yes(text)
        if state == State.CARD:  # "不是我开的，是我儿子开的" at "请把身份证……"; "寄到屋里"
            return self.change_choice(text) or self.later_choice(text)  # (noted for its step)
        return False

    # ------------------------------------------------------------------ read-back
    def readback(self, text: str) -> bool:
        d = self.d
        ctx = d.ctx
        if ctx is None or ctx.pending_value is None:
            return False
        step = d.engine.step
        if not isinstance(step, SlotStep):
            return False
        parse = PARSERS[step.type]
        answer = parse_answer(text, d.words)
        pending = str(ctx.pending_value)
        lone, self.lone_digit = self.lone_digit, ""
        placed = patch_places(pending, text)  # ("第四位是四，第五位是五": not 4, 4, 5, 5)
        new = parse(placed) if placed is not None else None
        new = new or parse(text) or (parse(answer.rest) if answer.rest else None)
        if new is None and answer.rest:
            patched = patch_value(pending, answer.rest)
            new = parse(patched) if patched is not None else None
        if new is None:  # "是五，不是六", "五个全是六": the digit it replaces named
            swapped, which = swap_digit(pending, text, plate=step.type == "plate_number")
            new = parse(swapped) if swapped is not None else None
            if which:  # a digit the value has several times (or not at all): which place?
                return self.ask_which(which)
        if new is None and lone and _AT_LAST.fullmatch(_plain(text)):
            new = parse(pending[:-1] + lone)  # "哪一位是5？" — "最后一位"
        if new is None and lone and (m := PLACE_ANSWER.fullmatch(_plain(text))):
            placed = at_place(pending, m, lone, plate=step.type == "plate_number")
            new = parse(placed) if placed is not None else None
        if new is None and lone and answer.value is not None:
            d.engine.read_back(step, pending)  # "对" to "哪一位是5？" is no yes to the plate
            return True
        if new is None and answer.value is False and answer.rest and (
                m := _LONE.fullmatch(_plain(answer.rest))):
            # "不对，是五": which place? asked, not guessed; the whole plate again also does
            return self.ask_which(DIGIT_WORDS.get(m.group("v"), m.group("v")))
        if new is None and answer.value is False and answer.rest and (
                m := _TAIL.fullmatch(_plain(answer.rest))) and len(m.group("v")) < len(pending):
            # "不对，是四六": the last digits said again — replaced and read back (the read-back
            # is the check; one digit alone is asked about, above)
            tail = "".join(DIGIT_WORDS.get(c, c) for c in m.group("v"))
            new = parse(pending[:-len(tail)] + tail)
        if new is None:
            return False
        if new == pending and answer.value is not False:
            d.heard_intent = "yes"
            d.engine.on_yes_no(True)
            return True
        d.heard_intent = "correction"
        d.say("corrected")
        d.engine.read_back(step, new)
        return True

    def ask_which(self, digit: str) -> bool:
        """"哪一位是5？": the place of a corrected digit asked, not guessed."""
        d = self.d
        self.lone_digit = digit
        d.heard_intent = "correction"
        d.say("readback_which", value=digit)
        d.reprompt(say=False)
        return True

    # ------------------------------------------------------------------ "您是要……吗？" + value
    def value_as_yes(self, text: str) -> bool:
        """A value the candidate service asks for, said instead of yes ("浙L12345" at
        "您是要查违章吗？"): yes, with the value."""
        d = self.d
        intent, slots = d.candidate
        kept = self.mended(text)
        if intent not in d.flows or (kept is None and parse_answer(text, d.words).value is False):
            return False
        found = self.slot_values(intent, kept or text)
        if not found:
            return False
        d.candidate = (intent, {**slots, **found})
        d.apply_answer("yes")
        return True

    def mended(self, text: str) -> str | None:
        """What ``text`` says once it has taken back its own first words ("浙L一二三四六，啊
        不对，……浙L一二三四五"; "寄到家里……哦不对，……还是自己来拿吧"): its 不对 is no "no"
        to the question asked.  None when nothing is taken back, or when ``text`` starts
        with a yes or no ("不是，浙L……" is a no)."""
        said = clauses(text)
        first = next((c for c in said if not _EXCLAIMED.fullmatch(c)), said[0])
        if parse_answer(first, self.d.words).value is not None:
            return None  # "哦哟，勿对勿对，……" starts with its no (it was "没听懂")
        return affirmed_text(text)

    def slot_values(self, intent: str, text: str) -> dict[str, str]:
        """The values of ``intent``'s number steps that ``text`` holds (a plate, an ID
        number), unless ``text`` is a no."""
        d = self.d
        flow = d.flows.get(intent)
        if flow is None or parse_answer(text, d.words).value is False:
            return {}
        found: dict[str, str] = {}
        for step in flow.steps:
            if isinstance(step, SlotStep) and step.slot not in found:
                value = PARSERS[step.type](text)
                if value is not None:
                    found[step.slot] = value
        return found

    def choices_said(self, flow: str, text: str) -> dict[str, str]:
        """The answers to ``flow``'s choices that ``text`` already gives (its tour, its
        times …; never by a bare yes, and not the delivery's follow-up questions)."""
        d = self.d
        spec = d.texts.flows.get(flow)
        if spec is None:
            return {}
        found: dict[str, str] = {}
        for step in d.flows[flow].steps:
            if not isinstance(step, ChoiceStep) or step.id in FOLLOW_UP or step.slot in found:
                continue
            table = WordTable({o.id: tuple(w for w in (*o.words, o.title)
                                           if w not in (YES_OPTION, NO_OPTION))
                               for o in spec.options.get(step.options, ())})
            several, picked = option_in_clauses(table, text)
            option = picked if several else picked or table.find_within(heard_form(text))
            if option is not None:
                found[step.slot] = option
        return found

    # ------------------------------------------------------------------ yes/no to a choice
    def yes_no_choice(self, text: str) -> bool:
        d = self.d
        prompt = d.prompt
        if prompt is None:
            return False
        answer = parse_answer(text, d.words)
        if answer.value is not False and HEARD_IT.search(text) and (
                WordTable(prompt.words).find_within(heard_form(text)) is None):
            # "好的，我知道了", "那条一千块的要去窗口弄，晓得了" to "车是您本人开的吗？" say it
            # was heard, not who drove: the question again (a yes would put the points on the
            # speaker's licence; "晓得了，是我儿子开的" names an option and is that option)
            d.heard_intent = "ack"
            d.reprompt(reask=True)
            return True
        if answer.value is None or (answer.value is False and self.mended(text) is not None):
            return False  # "寄到家里……哦不对，……": no "不换了"
        mark = YES_OPTION if answer.value else NO_OPTION
        chosen = [o for o, words in prompt.words.items() if mark in words]
        if len(chosen) != 1:
            return False
        if answer.rest:  # "是的，坏掉了": the rest must not name another option (nor the
            # whole: "是我老公开的" is 是 + 我老公开的, someone else)
            table = WordTable({o: w for o, w in prompt.words.items() if o != chosen[0]})
            other = (table.lookup(answer.rest) or table.find_within(answer.rest)
                     or table.find_within(text))
            if other is not None and other != chosen[0]:
                return False
        d.apply_answer(chosen[0])
        return True

    # ------------------------------------------------------------------ the final confirmation
    def unsure_yes(self, text: str) -> bool:
        """A yes with a "but" at the final confirmation ("好的，不过……", "对，但是……") is
        not a yes to paying: not understood, asked again — or a no when the rest refuses
        the action ("好的晓得了，今天先不弄")."""
        d = self.d
        answer = parse_answer(text, d.words)
        if answer.value is not True or not _BUT.search(answer.rest) or (
                d.ctx is not None and d.switching.sibling_meant(d.ctx.flow, text)):
            return False  # ("对的，改成补办" in 换领: the other item, offered by the switch)
        if do_or_not(answer.rest) is False:  # "好的晓得了，今天先不弄": heard, and not now
            d.heard_intent = "no"
            d.apply_answer("no")
            return True
        d.no_match()
        return True

    def change_choice(self, text: str) -> bool:
        """"还是自己来拿吧" (also "不对，我自己去拿", "好的，不过寄到家里", "还是改成两次吧")
        at the confirmation: change that earlier answer and confirm again — with the fee
        of the new answer when the fee depends on it — never a plain yes or no then."""
        d = self.d
        ctx = d.ctx
        change = self.changed_choice(text)
        if change is None and ctx is not None and (d.state == State.CARD or (
                d.state == State.CONFIRM and parse_answer(text, d.words).value is None)) and (
                kept := self.changed_choice(text, same=True)) is not None:
            # "到窗口拿" when that is already the answer: heard, and the confirmation again
            # ("对，两次" is the yes); "是我自己开的" said again at the card the answer asks
            # for (after a "嗯" taken as the answer): heard, and the card asked for again (it
            # was "没听懂")
            d.heard_intent = kept[2]
            title = str(ctx.fields.get(f"{kept[1].slot}_title", kept[2]))
            # ("好的，就是我开的。", not "就是是我开的")
            d.say("choice_kept", option=title.removeprefix(YES_OPTION) or title)
            if d.state == State.CONFIRM:
                d.say("side_again_confirm")
                d.reprompt(say=False)
            else:
                d.reprompt()
            return True
        if change is None or ctx is None:
            return False
        index, step, found = change
        steps = d.flows[ctx.flow].steps
        confirm = steps[ctx.index]
        ctx.values[step.slot] = found
        d.engine.set_choice_fields(step, found)
        d.heard_intent = found
        d.say("choice_changed", option=ctx.fields.get(f"{step.slot}_title", found))
        if isinstance(confirm, CardStep):  # the card the first answer asked for: the steps
            ctx.index = index  # after the new answer, from there
            d.engine.advance()
            return True
        between = [s for s in steps[index + 1:ctx.index] if s.when is None or s.when(ctx)]
        if any(s.id in FOLLOW_UP for s in between):
            ctx.values.pop("address", None)  # posted now: read the address back first
        if any(s.id in FOLLOW_UP or isinstance(s, PriceStep) for s in between):
            ctx.index = index  # the address read back, or the fee of the new answer
            d.engine.advance()
            return True
        d.engine.start_step(confirm)
        return True

    def later_choice(self, text: str) -> bool:
        """A question still to come answered at a confirmation ("不是我开的" at "现在就在这里缴
        这2条……吗？", before "车是您本人开的吗？"), at another choice ("两次的" at "办哪种签
        注？") or at a read-back (the plate's): noted, and the question asked again — never
        read as its no (it ended the look-up unpaid), nor as "没听懂"."""
        d = self.d
        ctx = d.ctx
        if ctx is None or parse_answer(text, d.words).value is True:
            return False
        steps = d.flows[ctx.flow].steps
        later = {s.slot for s in steps[ctx.index + 1:]
                 if isinstance(s, ChoiceStep) and s.slot not in ctx.values}
        said = self.choices_said(ctx.flow, text)
        now = steps[ctx.index]
        if isinstance(now, ChoiceStep) and now.slot in said:
            return False  # "两次的，跟团": this question's answer first (the other is kept)
        found = {k: v for k, v in said.items() if k in later}
        if not found:
            return False
        titles = []  # ("个人旅游的，嗯……签两趟好了" at the card: both kept)
        for step in steps[ctx.index + 1:]:
            if isinstance(step, ChoiceStep) and step.slot in found:
                option = found.pop(step.slot)
                ctx.values[step.slot] = option
                d.engine.set_choice_fields(step, option)
                d.heard_intent = option
                titles.append(ctx.fields.get(f"{step.slot}_title", option))
        d.say("choice_noted", option="，".join(titles))
        d.reprompt()
        return True

    def changed_choice(self, text: str, *, same: bool = False
                       ) -> tuple[int, ChoiceStep, str] | None:
        """The earlier choice that ``text``, said at the final confirmation, changes:
        ``(its step's index, the step, the new option)``; ``None`` when it names none, or
        when a device or a back end has acted on that answer since (then it is not
        changed here).  ``same``: the earlier choice whose answer ``text`` says again."""
        d = self.d
        ctx = d.ctx
        answer = parse_answer(text, d.words)
        said = answer.rest or text
        if answer.value is not None and not answer.rest:  # "两次，确认": what the yes is to
            said = "，".join(c for c in clauses_of(text)
                            if c.strip() and parse_answer(c, d.words).value is None)
        card = d.state == State.CARD  # no yes/no asked there: "不是我开的" is the option
        if ctx is None or not said:
            return None
        steps = d.flows[ctx.flow].steps
        if not ((ctx.question == "confirm" and isinstance(steps[ctx.index], ConfirmStep))
                or (card and isinstance(steps[ctx.index], CardStep))):
            return None  # at the final confirmation, or at the card an answer asked for
        spec = d.texts.flows.get(ctx.flow)
        for index in reversed(ctx.history):
            step = steps[index]
            if not isinstance(step, ChoiceStep) or spec is None:
                continue
            if any(not isinstance(s, ChoiceStep | InformStep | PriceStep)
                   and s.id not in FOLLOW_UP
                   for s in steps[index + 1:ctx.index] if s.when is None or s.when(ctx)):
                return None  # a device or a back end depends on it: not here
            if step.id in FOLLOW_UP:
                continue  # "地址对吗？" is asked again when the delivery changes to post
            options = spec.options.get(step.options, ())
            table = WordTable({o.id: (*o.words, o.title) for o in options})
            if card:  # as at the choice itself ("哦 不对 不是 我 开的 是 我 女婿 开的")
                found = option_named(table, text, within=True)
            else:
                changed = list(CHANGED_MIND.finditer(said))
                found = (table.first_within(said[changed[-1].end():]) if changed else None) or (
                    table.lookup(said) or table.find_within(said))
            if found is None or (found == ctx.values.get(step.slot)) != same:
                continue
            return index, step, found
        return None
