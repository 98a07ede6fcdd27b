"""Priority listening: urgent words anywhere in a sentence, in every state.

Before a sentence is taken as a number, a yes/no, an option or a request, it is scanned
for the words of ``common.yaml`` ``listen_for:`` (staff-editable) and acted on at once:

1. ``emergency`` / ``emergency_medical`` ("救命", "有人抢我包", "我老伴摔倒了", "心口痛"):
   the duty office is notified urgently and the user told what to do (110 / 120);
2. ``staff`` ("叫个人来帮帮我", "找民警"): a staff member is called;
3. ``emergency_maybe`` ("我头有点晕"): one short question "要我马上叫值班民警吗？" — yes,
   silence or anything unclear calls urgently; not when the sentence names a document
   (``not_urgent_with``: "身份证被偷了" is a 补领 request);
4. ``staff_maybe`` ("我弄不来"): "要我帮您叫工作人员吗？";
5. ``cancel`` ("算了算了，不办了"), ``where_am_i`` inside a transaction ("我现在到哪一步了");
6. speech settings (``slower faster louder quieter``, all of those said, each confirmed in
   the new voice) and ``take_time`` ("在的在的，慢慢来", "嗯，等一下，我找一下").

A word right after a negation (不/别/没/勿) does not count ("不用叫人", "没有不舒服"),
except for the speech settings and "慢慢来" ("你别说得太快").  An event told as past
(``past_event``: "老伴摔倒了住院了", "上个月我被人打了，现在好了") is no emergency, unless
the sentence also says it is still going on (``still_happening``: "以前摔过，现在又摔倒了起
不来") — see :meth:`Priority.past`; nor is one seen on television, in a film or in a dream
(``not_real``: "电视里那个人喊救命，吓得我跳起来，还好是演戏").
In a number step the staff key pressed twice before any digit offers a person (the keys
are digits there).  A helper of :class:`~assistant.dialog.core.Dialog` (``dialog.priority``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.dialog import machine as m
from assistant.dialog.actions import Listen
from assistant.dialog.answering import (
    REFUSED_ACTION,
    clauses_of,
    do_or_not,
    last_clause,
    puts_off,
)
from assistant.dialog.commands import SETTINGS
from assistant.dialog.engine import PARSERS
from assistant.dialog.prompts import Prompt
from assistant.dialog.states import State
from assistant.dialog.steps import SlotStep
from assistant.dialog.switching import RESUMABLE_STEPS
from assistant.dialog.texts import heard_form as _norm
from assistant.dialog.words import WordTable, parse_answer

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

EMERGENCY = ("emergency_medical", "emergency")
"""Lists acted on at once, with the text of the same name (a fall or a faint first)."""
_NEGATION = re.compile(r"(?:不|别|没|勿|不用|不要|没有)(?:用|要|有|必)?$")
_BODY = ("晕", "舒服", "难受", "痛", "疼", "闷", "喘")
"""Words of an unclear emergency that is about the body (then the 120 advice)."""
_PLAIN = (*SETTINGS, "take_time")
"""Lists whose words count even after a negation ("你别说得太快")."""
_CLAUSE = re.compile(r"[,，.。!！?？;；、\s]")
URGENT = (*EMERGENCY, "emergency_maybe")
"""Lists that call or ask for the duty office — not for an event told as past."""
REQUEST_MIN = 4
_FILLERS = re.compile(r"[我侬你再那个就是嗯啊呃哦噢呀吧呢伐了的吗一下看]")
"""Pronouns, fillers and particles said around a list word ("侬讲啥，我没听清爽")."""
"""Characters besides the pause that make a sentence at the menu a request said around
"等一下" ("我要交罚款，车牌是……等一下……"), not just "等一下，我想想"."""
ASKED_AFTER_A_WAIT = ("ask_fees", "ask_duration")
"""Questions that, said after "等一下", are what the sentence is about ("等一下，换一张要多少
钱啊"): answered, not "慢慢来" (not a photo word: "等一下，我找找老花眼镜")."""
_NOT_A_CANCEL = re.compile(r"过|以前|之前|上次|上回|[吗伐]$|能不能|可不可以|能用|行不行|好不好")
"""A clause with a cancel word that tells of the past or asks, cancelling nothing."""
URGE = "urgent_now"
"""``listen_for`` list of words that make an unclear emergency urgent ("快帮我"): then the
duty office is called at once instead of asked about."""
PAST, STILL, NOT_REAL = "past_event", "still_happening", "not_real"
"""``listen_for`` lists of the past-event rule (time words, "住院了", "现在好了"; and the
words that say it is happening now: "现在", "起不来", "救命")."""


_ALSO = re.compile(r"也|还要|顺便|再[办补换交缴签拍查领]|[交缴补换签拍办查领](?:掉|一下|一张|一本)")
"""Words of another service wished for with a "wait" ("等一歇罚款也帮我交掉"; not "等一下我看看
行驶证": a look, no wish)."""
_WHEN_DONE = re.compile(r"等(?:一)?(?:歇|下|会儿?)[^，,。.!?！？]{0,4}?(?:好|完)(?:了|以后|之后)")
"""A wait word that says when something will be done ("等歇签好了，我还要拍张照片", "等一下交完
了"): a time, not a wish for more time."""
_REFUSED = re.compile(REFUSED_ACTION)
"""A cancel word that refuses the service's own action ("不补了"), not "算了"."""
_CANNOT_SEE = re.compile(
    r"眼睛(?:(?:不|勿|弗)(?:大)?(?:好|行|灵|灵光))?|看(?:不|勿|弗)(?:大)?(?:见|清|懂)(?:的|了)?"
    r"|(?:不|勿|弗)?识字|字|几个|一步一步|慢慢|不好意思|对不起|麻烦|同志|师傅"
    r"|屏幕上?(?:写)?的?|[我侬你您的了啊呀，,。.…！!？?]")
"""Words about not seeing or reading, and polite and filler words, said with the wish to be
read to: what is left, if anything, is a request ("我眼睛勿好 驾照到期了要换 侬讲给我听")."""
READ_IT_OUT = re.compile(
    r"(?:讲|念|读|说)(?:给|拨)(?:我|阿拉)听|(?:不|勿|弗)(?:大)?识字|字(?:也)?(?:不|勿|弗)识|不认得字"
    r"|(?:屏幕|屏上|屏里)[^，,。]{0,6}看(?:不|勿|弗)(?:懂|清|见|出)")
"""Can't read the screen and asks to be told ("侬讲给我听听", "我勿识字", "屏幕上写的看勿懂"):
the question read out in full (not "身份证上的字看不清": a worn card)."""


class Priority:
    """Finds and acts on the ``listen_for`` words of ``dialog``'s texts."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog
        self.lists = dialog.texts.heard_lists
        self.index = dialog.texts.heard_index
        """Per list: first character → places of its words (:attr:`FlowTexts.heard_index`)."""
        self.told_past = False
        """The sentence of this event told of something past that would have been urgent
        ("老伴摔倒了住院了"): when nothing else in it is understood, the kiosk says it has
        heard it ("好的，我知道了。") instead of "没听懂" (reset by every event)."""
        self.only_seen = False
        """...and it was only seen on television, in a film or in a dream (``not_real``): no
        person is offered for it either (reset by every event)."""

    def heard(self, text: str) -> set[str]:
        """The ``listen_for`` lists with a word in ``text`` (not right after a negation);
        of two opposite settings, the one said with the longer word ("别那么大声")."""
        s = _norm(text)
        chars = set(s)
        longest: dict[str, int] = {}
        for name, words in self.lists.items():
            by_first = self.index[name]
            if chars.isdisjoint(by_first):
                continue  # no word of the list can be in the sentence
            places = sorted(i for c in chars if c in by_first for i in by_first[c])
            for i in places:  # longest first (the list's order)
                w = words[i]
                if self._said(s, w, name not in _PLAIN):
                    longest[name] = len(w)
                    break
        if "take_time" in longest and _WHEN_DONE.search(s):
            rest = _WHEN_DONE.sub("，", s)
            if not any(w in rest for w in self.lists.get("take_time", ())):
                del longest["take_time"]  # "等歇签好了，我还要拍张照片": a time, no wait
        for a, b in (("slower", "faster"), ("louder", "quieter")):
            if a in longest and b in longest:
                del longest[a if longest[a] < longest[b] else b]
        if longest.keys() & set(URGENT) and (NOT_REAL in longest or self.past(s)):
            for name in URGENT:
                longest.pop(name, None)
            self.told_past = True
            self.only_seen = NOT_REAL in longest
        longest.pop(PAST, None)
        longest.pop(STILL, None)
        longest.pop(NOT_REAL, None)
        if not longest.keys() - {URGE}:
            longest.pop(URGE, None)  # "快帮我换身份证": only a qualifier
        return set(longest)

    def only_seen_or_told(self, text: str) -> bool:
        """``text`` tells of something seen on television or in a film ("电视里讲舟山出了个大
        案子"): nothing happening here."""
        s = _norm(text)
        return any(w in s for w in self.lists.get(NOT_REAL, ()))

    def past(self, text: str) -> bool:
        """``text`` tells of an event that is over ("上个月我被人打了，现在好了", "老伴摔倒了
        住院了"): a ``past_event`` word, and no ``still_happening`` word once the past words
        are taken out ("现在好了" holds 现在; "以前摔过，现在又摔倒了起不来" is urgent)."""
        s = _norm(text)
        rest = s
        for w in self.lists.get(PAST, ()):  # longest first
            rest = rest.replace(w, "，")
        if rest == s:
            return False
        return not any(w in rest for w in self.lists.get(STILL, ()))

    @staticmethod
    def _said(s: str, word: str, guard: bool) -> bool:
        start = s.find(word)
        while start >= 0:
            if not guard:
                return True
            clause = _CLAUSE.split(s[max(0, start - 3):start])[-1]
            if not _NEGATION.search(clause):
                return True
            start = s.find(word, start + 1)
        return False

    def read_out(self, text: str) -> bool:
        """"我字勿识几个，屏幕上写的看勿懂，侬讲给我听听": the question read out in full
        again (it was the offer of a person, for 看勿懂); ``False`` when ``text`` does not ask
        that, or in a guide, the payment or while waiting for staff."""
        d = self.d
        said = "".join(text.split())
        if d.state in (*m.GUIDE_STATES, State.BROWSE, State.PAYMENT, State.WAITING_STAFF) or (
                not READ_IT_OUT.search(said)):
            return False
        rest = _CANNOT_SEE.sub("", READ_IT_OUT.sub("", said))
        if len(_norm(rest)) >= REQUEST_MIN:
            return False  # "我眼睛看不大见的，身份证到期了要换，侬一步一步讲给我听": the request
        d.heard_intent = "repeat"
        d.say("read_out")
        d.reprompt()
        return True

    def on_text(self, text: str) -> bool:
        """Act on the most urgent thing ``text`` says; ``False`` when it says none."""
        d = self.d
        heard = self.heard(text)
        if ((d.ctx is None and d.state in (State.MENU, State.SUBMENU)) or d.state == State.PAYMENT
                ) and puts_off(text) and heard.isdisjoint((*URGENT, "staff", "staff_maybe")):
            # "罚款……算了，今天钞票用得差不多了，下趟再来交": no service started — goodbye, as
            # for "下次再来"; while paying ("现金只带了十块，勿够，下趟再来吧") the order is
            # cancelled and nothing is charged
            d.heard_intent = "cancel"
            d.commands.run("cancel")
            return True
        if not heard:
            return self.read_out(text)
        urgent = next((k for k in EMERGENCY if k in heard), None)
        if urgent is not None:
            d.heard_intent = "emergency"
            d.commands.call_staff("emergency", urgent)
            return True
        maybe = "emergency_maybe" in heard and "not_urgent_with" not in heard
        kind = "emergency_medical" if any(w in text for w in _BODY) else "emergency"
        if maybe and URGE in heard:  # "我囡囡呢？……寻勿到了！快帮我找找！": asked at once
            d.heard_intent = "emergency"
            d.commands.call_staff("emergency", kind)
            return True
        if "staff" in heard:
            d.heard_intent = "call_staff"
            if maybe:
                d.commands.call_staff("emergency", kind)
            else:
                d.commands.call_staff("asked")
            return True
        if maybe:
            self.offer("emergency_confirm", urgent=kind)
            return True
        if self.read_out(text):
            return True
        if "staff_maybe" in heard and not (
                "cancel" in heard and self.said_last(text, "cancel", "staff_maybe")) and not (
                d.ctx is not None and d.engine.paying.about_paying(text)):
            # not "微信我不会弄" at the payment: the other ways to pay are said
            self.offer("staff_offer")  # not when it ends "……想勿起来了，先不弄了"
            return True
        if "cancel" in heard and not self.cancel_not_meant(text) and not self.answered_after(
                text, "cancel"):  # not "两次……算了算了，还是一次吧": the option
            d.commands.run("cancel")
            return True
        if "repeat" in heard and heard.isdisjoint(SETTINGS) and self.only(text, "repeat") and (
                not any(name.startswith("ask_") for name in heard)):  # ("再讲一遍多少钱": the fee)
            # "侬讲啥，我没听清爽", "刚刚讲的啥，再讲一遍": the question again (it was "没听懂"
            # when the words were more than one list word)
            d.commands.run("repeat")
            return True
        if "where_am_i" in heard and d.ctx is not None:
            d.commands.run("where_am_i")
            return True
        settings = [s for s in SETTINGS if s in heard]
        if not settings and "take_time" not in heard:
            return False
        said = self.without_pauses(text)
        if not settings and self.number_around_a_pause(said):
            return True  # "浙L一二三四……等一下我看看行驶证……五": the plate
        if not settings and _ALSO.search(text) and d.switching.note_later(text):
            return True  # "等一歇罚款也帮我交掉": 等一歇 is "later" here, not "wait for me"
        if not settings and d.understanding.aside(text):
            return False  # "喂，我在机器这里，等一歇再打给你": said to the phone, not to us
        asked = self.clauses_after(text, "take_time") if not settings else ""
        if asked and d.ctx is not None and d.side.asked_about_the_step(asked) and (
                d.side.on_text(asked)):
            return True  # "等一下，这个滞纳金是怎么回事": the question, answered
        if not settings and d.state == State.MENU and len(_norm(said)) >= REQUEST_MIN:
            # "我要交罚款，车牌是浙L一二三四……等一下我看看行驶证……五": the request
            d.understanding.understand_menu(said, None)
            return True
        if not settings and self.answered_after(text, "take_time"):
            return False  # "等一下，我想想……还是寄过来方便": the answer, not "慢慢来"
        for name in settings:
            d.heard_intent = name
            d.commands.adjust(name)
        if "take_time" in heard:
            if settings:
                d.take_time = True
                d.say("take_time")
            else:
                d.commands.run("take_time")
                return True
        d.reprompt()
        return True

    def only(self, text: str, name: str) -> bool:
        """``text`` says nothing but words of list ``name`` and fillers ("我再说一遍，浙L一二
        三四五" says a plate too)."""
        rest = _norm(text)
        for w in self.lists.get(name, ()):  # longest first
            rest = rest.replace(w, "")
        return len(_FILLERS.sub("", rest)) < REQUEST_MIN

    def cancel_not_meant(self, text: str) -> bool:
        """Every clause with a ``cancel`` word tells of the past or asks ("之前去照相馆拍过照
        片了", "去照相馆拍的照片能用吗", "明天再来拿可以伐"): no cancel."""
        clauses = [c for part in clauses_of(text) if (c := _norm(part))]
        said = [c for c in clauses if any(w in c for w in self.lists.get("cancel", ()))]
        return bool(said) and (all(_NOT_A_CANCEL.search(c) for c in said)
                               or self.d.switching.old_one_dropped(text))

    def said_last(self, text: str, first: str, other: str) -> bool:
        """A word of list ``first`` comes after every word of list ``other`` in ``text``
        ("车牌号想勿起来了……先不弄了": the cancel is what was decided)."""
        s = _norm(text)

        def last(name: str) -> int:
            return max((s.rfind(w) for w in self.lists.get(name, ())), default=-1)

        return last(first) > last(other)

    def without_pauses(self, text: str) -> str:
        """``text`` without its clauses that hold a ``take_time`` word ("浙L一二三四……等一下
        我看看行驶证……五" → "浙L一二三四五")."""
        words = self.lists.get("take_time", ())
        return "".join(c for c in clauses_of(text) if not any(w in _norm(c) for w in words))

    def number_around_a_pause(self, said: str) -> bool:
        """At a number step, the number said around a pause of its own ("浙L一二三四……等一下
        我看看行驶证……五"; ``said``: the sentence :meth:`without_pauses`): taken as the
        number said without the pause."""
        d = self.d
        ctx = d.ctx
        step = d.engine.step if ctx is not None else None
        if ctx is None or d.state != State.SLOT or not isinstance(step, SlotStep):
            return False
        if not said or (PARSERS[step.type](said) is None
                        and not (ctx.piece and d.engine.is_piece(step, said))):
            return False  # (a next part: "让我看看外婆的户口本……洞二洞三洞幺六七")
        return d.engine.on_slot_text(said)

    def clauses_after(self, text: str, name: str) -> str:
        """The clauses of ``text`` after the last one holding a word of list ``name``."""
        parts = clauses_of(text)
        words = self.lists.get(name, ())
        at = max((i for i, c in enumerate(parts) if any(w in _norm(c) for w in words)),
                 default=len(parts))
        return "，".join(parts[at + 1:])

    def answered_after(self, text: str, name: str) -> bool:
        """After the last word of list ``name`` — "等一下" / "我想想" (``take_time``), "算了"
        (``cancel``) — the same sentence goes on to answer the question now asked: one of
        the options of a choice ("两次……算了算了，还是一次吧"), the value a number step asks
        for, a yes or no at a read-back or confirmation ("算了，还是办吧")."""
        d = self.d
        s = _norm(text)
        ends = [s.rfind(w) + len(w) for w in self.lists.get(name, ()) if w in s]
        rest = s[max(ends):] if ends else ""
        if not rest:
            return False
        if name == "take_time" and any(
                w in rest for asked in ASKED_AFTER_A_WAIT for w in self.lists.get(asked, ())):
            return True  # "等一下，换一张要多少钱啊": the question, answered
        if name == "take_time" and d.ctx is not None and d.state in RESUMABLE_STEPS and (
                d.switching.sibling_meant(d.ctx.flow, rest)):
            return True  # "等一下，我讲错了，勿是到期换，……要补一本": the other item
        if name == "cancel" and d.ctx is None and d.state in m.MENU_STATES and (
                len(_norm(rest)) >= REQUEST_MIN and d.nlu is not None):
            # "换驾照先不弄了 拍张驾照用的照片": one service put off, another asked for (it
            # ended the session)
            match = d.understand(rest)
            return match.intent in d.flows and str(match.decision) in ("accept", "confirm")
        if d.state == State.CHOICE and d.prompt is not None:
            last = max((w for w in self.lists.get(name, ()) if w in s), key=s.rfind)
            if name == "cancel" and _REFUSED.search(last):
                return False  # "今朝勿补了，我直接去车管所窗口": the service refused here
            return WordTable(d.prompt.words).find_within(rest) is not None
        # after a cancel word only what goes on with it counts ("算了，不弄了" cancels)
        meant = (True,) if name == "cancel" else (True, False)
        if d.state in (State.READBACK, State.CONFIRM, State.CONFIRM_INTENT) and (
                parse_answer(last_clause(text), d.words).value in meant):
            return True  # "等一下，让我对对户口本……嗯，对的": the yes after the check
        if d.state in (State.CONFIRM, State.CONFIRM_INTENT):  # "等一下……那今天不领了"
            # or "等一下，还是改成两次吧": an earlier choice changed; "算了勿签了……勿勿勿，
            # 签的签的": the clauses after the cancel's own
            after = self.clauses_after(text, name)
            return do_or_not(rest) in meant or do_or_not(after) in meant or (
                d.state == State.CONFIRM and d.answering.changed_choice(rest) is not None)
        step = d.engine.step if d.ctx is not None else None
        if d.state == State.SLOT and isinstance(step, SlotStep):
            return PARSERS[step.type](rest) is not None
        return False

    def offer(self, key: str, *, urgent: str = "") -> None:
        """Ask whether to call a person ("要我帮您叫工作人员吗？"); ``urgent``: the emergency
        text to say when calling (then silence or an unclear answer calls too)."""
        d = self.d
        if d.state == State.WAITING_STAFF or d.state not in m.RESUMABLE:
            if d.state == State.OFFER_STAFF and not urgent:
                d.call_offered()  # "我弄不来" while a person is offered: a yes
            else:
                d.commands.call_staff("emergency" if urgent else "asked", urgent or None)
            return
        d.heard_intent = "emergency" if urgent else "call_staff"
        d.save_resume()
        yn = d.text("yes_no_keys")
        d.prompt = Prompt(State.OFFER_STAFF, key, d.text(key) + yn,
                          Listen("confirm", keys=d.keypad.yes_no(back=False)), yn)
        d.trigger("offer_help")
        d.urgent_offer = urgent

    def staff_keys_twice(self, key: str) -> bool:
        """In a number step the staff key is a digit; pressed twice before anything else
        it offers a person ("要我帮您叫工作人员吗？") — once per step, so that a number
        that really starts with 00 can still be typed after a "no"."""
        d = self.d
        ctx = d.ctx
        if ctx is None or key != d.keypad.staff or ctx.digits != key or (
                ctx.data.get("staff_keys_offered") == ctx.index):
            return False
        ctx.digits = ""
        ctx.data["staff_keys_offered"] = ctx.index
        self.offer("staff_offer")
        return True
