"""What the user said, in the state the dialog is in: text → an answer, a command, a
service, or "not understood".

Words of ``common.yaml`` first (exact commands and yes/no), then the options of the
current question, then the intent matcher — restricted to what the state can accept, or
free at the menu.  A clear request for another service in the middle of a flow is offered
as a switch (:mod:`assistant.dialog.switching`).  A helper of
:class:`~assistant.dialog.core.Dialog` (``dialog.understanding``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.dialog import machine as m
from assistant.dialog import permits
from assistant.dialog.answering import (
    HEARD_IT,
    do_or_not,
    last_clause,
    option_named,
    said_verbs,
)
from assistant.dialog.behalf import for_someone_away, needs_holder
from assistant.dialog.commands import PAST_IS_NOT
from assistant.dialog.flows import FINE_PAYMENT
from assistant.dialog.meanings import (
    ANSWER_INTENTS,
    BYE_INTENTS,
    HK_MACAU,
    INFO_INTENTS,
    TAIWAN,
    UNIVERSAL,
    candidate_item,
    endorsement_unclear,
    taiwan_on_ones_own,
)
from assistant.dialog.menus import HEARD_BACK
from assistant.dialog.priority import REQUEST_MIN
from assistant.dialog.states import State
from assistant.dialog.steps import ConfirmStep
from assistant.dialog.words import (
    DIGIT_WORDS,
    Answer,
    WordTable,
    norm,
    ordinal,
    parse_answer,
    parse_yes_no,
)
from assistant.nlu.answers import TRAILS_OFF
from assistant.nlu.cues import (
    ANY_DOCUMENT,
    document_words,
    names_only_a_document,
    sounds_like_question,
    told_as_past,
)
from assistant.nlu.matcher import ASKS_NO_DOCUMENT, ASKS_PAST, ASKS_QUESTION
from assistant.nlu.normalize import normalize

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog
    from assistant.nlu.types import Match


GUIDE_ANSWER_AT = 0.4
"""A question read unsurely whose guide holds the detail it asks is answered from this
probability on; under it, "您是想问……吗？" first."""
_ASIDE = re.compile(
    r"^(?:喂[，,。\s]*(?:喂[，,。\s]*)?(?=\S)"
    r"|(?:老头子|老太婆|老伴|老公|老婆|儿子|女儿|囡囡|阿囡|孙子|孙女|姆妈|阿爸|阿妈|外婆|外公|奶奶|爷爷|阿娘|阿爷|阿婆|妈妈|爸爸|乖乖|宝宝|宝贝|小囡|小鬼)"
    r"[呀啊哎]?[，,\s]+(?!.*(?:我要|我想|要办|(?:帮|给|替)我(?:办|交|换|补|查|签|拍|弄))))")
"""Words said to someone else in the booth or on the phone: a family word called out, or a
phone's 喂, first ("老头子，身份证拿出来"; "喂，我在机器这里，等一歇再打给你") — not to the
kiosk ("老公，帮我看看" asks the husband, but "儿子，我要交罚款" is no aside: a request)."""
PROGRESS = ".progress"
"""The ending of the look-ups of an application."""
SWAPPED = "换补"
"""Actions said for one another's items: "换吧" is no yes to 补领 (nor "补吧" to 换领)."""

_CARD_HERE = re.compile(
    r"^(?:我|阿拉|喏|喏喏|你看|侬看|好的|好)?(?:的)?(?:身份证|证件|卡)(?:在这里|在这儿|在这|带来了|带了|带着的?"
    r"|有的|拿出来了|在手上|在我手上)(?:的|了|呀|啊|喏)*$")
"""The card held out, told ("我身份证在这里", "喏，身份证带来了"): where to put it is said."""
_ONLY_ASKING = re.compile(r"(?:不是|勿是|不|没有)?[，,。.…]*(?:我|阿拉|侬)?(?:只|就|就是|只是|是)?"
                          r"(?:想)?问(?!题)(?:问|一声|一下|的是|个事)?(?:啊|呀|呢)?[，,。.…:：]*")
"""How a citizen says they are only asking ("我是问，……", "我就是问一声，……", "不是，我问的是
……"): what follows is a question."""
_NO_THANKS = re.compile(r"(?:那|那么|哦|噢|嗯|恩)?(?:就|还是)?"
                        r"(?:不用|不要|勿要|覅|勿用|用不着|不办|不弄|勿弄)"
                        r"(?:了|啦|吧)*(?:谢谢(?:你|侬|您)?)?")
"""A number asked for, and no thanks ("那不用了，谢谢"): the transaction is not wanted."""
_WILL_SAY = re.compile(r"(?:号码|号头|号子|车牌)[^，。,.!?！？]{0,4}?"
                       r"(?:背得出|背得出来|记得|记牢|晓得|我说|我讲|我报|我念|报给你|念给你|讲给你|说给你)"
                       r"|(?:我|我来)(?:说|讲|报|念)(?:号码|给你听|给侬听)")
"""At a number step, the number announced, not said ("身份证没带，号码我背得出"): heard, and
the question again (it was "没听懂")."""
_WHICH_OPTION = re.compile(r"第([一二三四五六1-6两])(?:个|项|种|样)?(?:是)?"
                           r"(?:啥|什么|哪个|哪样|啥意思|什么意思)")
"""Asking what one of the options read out is ("第二个是啥")."""
_BYE = re.compile(r"再见|拜拜|byebye|走了|回去了")
"""Words of a goodbye (said mid-flow, the model is asked whether that is all)."""
_SOCIAL_SAID = (
    (re.compile(r"(?:再会|再见|拜拜|我走了|先走了)[啊呀了哦噢啦吧]*$"), "goodbye"),
    (re.compile(r"^(?:谢谢|多谢|交关谢谢|非常感谢|太感谢)|(?:谢谢|多谢)(?:侬|你|您|了|啊|哦)*$"),
     "thanks"),
    (re.compile(r"^(?:早上好|早啊|早安|中午好|下午好|晚上好|你好|侬好|您好)"), "greet"),
)
"""Politeness that closes or opens what was said ("……我要去菜场收摊了，再会", "早上好啊，今朝
第一个来", "交关谢谢"): the social intent, when nothing else was understood."""


def social_said(text: str) -> str:
    """The social intent ``text`` opens or closes with (:data:`_SOCIAL_SAID`), or ""."""
    said = norm(text)
    return next((intent for words, intent in _SOCIAL_SAID if words.search(said)), "")


ACK_STATES = ("card", "face", "photo", "finger", "slot", "payment", "busy")
"""Steps that ask no yes/no question: a plain "好的/嗯" is an acknowledgement."""

_ACK = re.compile(r"(?:嗯|哦|噢|喔)*(?:好的?|好嘞|好好|行|晓得了?|知道了?|明白了?|懂了|是的|对的?)+"
                  r"[啊呀了的啦哦]*")
"""An acknowledgement alone ("好的", "嗯，晓得了"; not a bare 嗯/哦)."""
_HEARD_ONLY = re.compile(r"(?:嗯|哦|噢|喔|好的?|晓得了?|知道了?|明白了?|懂了|清楚了|"
                         r"谢谢(?:你|侬|您|了)?|多谢|[啊呀了的啦])+")
"""Only "I see", with thanks ("噢", "晓得了", "噢，晓得了，谢谢侬"): the kiosk was heard."""
THANKED = re.compile(r"谢谢|多谢")
"""Thanks said with an acknowledgement ("好的，晓得了，谢谢"): a goodbye."""
_PAY_SAID = re.compile(r"(?:交|付|缴)(?:掉)?(?:钞票|钱|铜钿|洋钿)|(?:钞票|铜钿|洋钿)(?:交|付|缴)")
"""Money to pay, said with no service ("直接交钞票")."""
_OTHER_BILL = re.compile(r"费|税|保险|社保|医保|房租|电|水|煤气|燃气|话|学|医")
"""Another office's bill ("交电费的钱", "医药费"): no fine."""
_ACTIONS = ("renew", "replace")
"""The actions done to several documents (id_card.renew, driver_license.renew …)."""
_SOME_PAPER = re.compile(r"证件|证(?!明)|本子")
"""A card of no kind ("补个证", "证件丢了")."""
_PAPER_LOST = re.compile(r"补|丢|掉|寻勿着|寻不着|找不到|找不着|不见|没了|被偷|被人偷")
"""It is lost, or to be replaced."""
_VALUE_WORD = re.compile(r"车牌|牌照|号牌|号码|牌子|车号")
"""The value read with the service named ("车牌不对"): the service itself was right."""
_VALUE_WRONG = re.compile(r"(?:" + _VALUE_WORD.pattern + r")(?:号码?)?(?:不对|错了|不是|勿对|弗对"
                          r"|搞错了|弄错了|听错了)[啊了的呀]*")
""""车牌不对", "号码错了": the value read back is wrong — a no."""
_LIST_ASKED = re.compile(
    "有哪些|都有什么|有什么业务|能办什么|能办哪些|办哪些业务|都能办啥|有啥业务")
"""Asking what the kiosk does ("我看不见，你说一下有哪些"): the menu read out."""
_NOTHING_MORE = re.compile(r"(?:嗯|哦|噢|好|好的|好了|行|那)*"
                           r"(?:不用了?|没有了?|没了|没事了?|不要了|不需要了?|不办了|用不着了?"
                           r"|算了)+"
                           r"(?:谢谢(?:你|侬|您|了)?|多谢|再见|拜拜|[啊呀了的啦哦])*")
"""Nothing more wanted, with thanks or a goodbye ("不用了，谢谢", "好了，没事了", "那算了，
谢谢")."""


FAREWELL_SURE = 0.6
"""Thanks and goodbye together at least this likely: only a farewell ("谢谢 那我走了")."""


_ONLY_HESITATION = re.compile(
    r"(?:嗯|啊|呃|额|哦|噢|唉|哎|那个|这个|就是|我想|我要|想|要|呀|吧|呢|嘛|伐|的|了|让我想想|我想想"
    r"|[…．.。，,、!！?？\s])+")
"""What is said while thinking at the menu ("嗯……那个……"): no request yet."""

def guide_asked(match: Match) -> str | None:
    """The guide a question (``guide.ask``) is about: the one found, else its service's."""
    if match.guide is not None:
        return match.guide.id
    service = match.slots.get("service")
    return service if isinstance(service, str) else None


class Understanding:
    """Turns user text into what it means for ``dialog``."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog
        self.topic: str | None = None
        """The aspect of "您想问哪项业务要多少钱？" while its answer is understood."""

    def on_text(self, text: str, confidence: float | None) -> None:
        d = self.d
        self.topic, d.topic_aspect = d.topic_aspect, None  # for this answer only
        if not text.strip():
            d.no_input()
            return
        if d.priority.on_text(text):  # urgent words, staff, cancel, settings: in any sentence
            return
        if d.state not in (State.OFFER_STAFF, State.WAITING_STAFF) and d.side.amenity(text):
            return  # "厕所在哪里": not kept here — said, and the question again
        if self.aside(text):
            # "老头子，眼镜拿给我", "喂，我在机器这里，等一歇再打给你": said to someone else
            # — not answered (no "没听懂", nor, twice, the offer of a person); the question
            # stands and its timers run as before (a citizen may still walk away)
            d.heard_intent = "aside"
            d.reprompt(say=False)
            return
        if d.state == State.READING:
            said = d.reader.command_from_text(text)
            if said is not None:
                d.apply_answer(said)
                return
        word = d.words.lookup(text)
        if word in UNIVERSAL:
            d.commands.run(word)
            return
        if self.topic is not None and self.answer_topic(text, confidence):
            return
        state = d.state
        if state == State.BROWSE:
            option = self.option_from_text(text)
            if option is not None:
                d.apply_answer(option)
                return
        if state in m.GUIDE_STATES:
            self.on_guide_text(text, confidence)
            return
        if (state == State.PAYMENT or (state == State.CONFIRM and d.ctx is not None
                                   and d.ctx.question == "pay_retry")) and (
                d.engine.paying.on_text(text)):  # "我没有微信", "看不见", "刷卡"
            return
        if state == State.BUSY and permits.on_text(d, text):  # "我没有通行证，第一次办"
            return
        if d.side.on_text(text):  # "要多少钱啊" mid-flow: a short answer, the question again
            return
        if d.answering.on_text(text):  # corrections, a value for a yes, yes/no to a choice
            return
        if state == State.SLOT and d.engine.on_slot_text(text):
            return  # "浙L幺二三四五，嗯，是的": the value, not an acknowledgement
        if d.ctx is not None and state in (State.CHOICE, State.SLOT, *ACK_STATES) and (
                self.is_thanks(text)):
            d.heard_intent = "thanks"  # "谢谢侬" in the middle: thanked, the question again
            d.say("thanks_mid_flow")
            d.reprompt(reask=True)
            return
        if d.ctx is not None and state in (State.CHOICE, State.READBACK, State.CONFIRM,
                                           *ACK_STATES) and self.is_goodbye(text) and not (
                state in (State.READBACK, State.CONFIRM)
                and parse_yes_no(text, d.words) is not None):  # "好的，再见" there: the yes
            d.heard_intent = "goodbye"  # "再见" in the middle: leaving — cancelled, nothing
            d.commands.run("cancel")  # charged, the card given back (it was "没听懂")
            return
        if state == State.CARD and d.ctx is not None and not d.ctx.history and (
                d.card is None and parse_answer(text, d.words) == Answer(False)):
            # a bare "不是" just after a service was started, nothing done: not this
            # service — started over (it was "没听懂")
            d.heard_intent = "no"
            d.command("start_over")
            return
        if state == State.CARD and d.ctx is not None and d.engine.value_for_later(text):
            return  # "浙L66666" before the owner's card: kept for the plate step
        if d.ctx is not None and (state == State.CARD or (
                state == State.SLOT and d.engine.card_answers_step())) and _CARD_HERE.match(
                    re.sub(r"[\s，,。.！!…、]", "", text)):
            d.heard_intent = "yes"  # "我身份证在这里": where the reader is (it was "没听懂")
            d.say("side_reader")
            d.reprompt(say=False)
            return
        if state in ACK_STATES and (parse_answer(text, d.words) == Answer(True)
                                    or do_or_not(text) is True):  # "好，换": go on
            d.heard_intent = "yes"  # "好的" to an instruction: not "没听懂"
            d.reprompt(reask=True)
            return
        if state == State.WAITING_STAFF and self.is_bare_ack(text):
            d.heard_intent = "yes"  # "好的" to "请在这里稍等": an acknowledgement, not "继续"
            d.say("staff_coming")
            return
        if state == State.WAITING_STAFF and parse_yes_no(text, d.words) is not None:
            d.apply_answer("no")  # "继续" / "不用了，我自己来": go on without waiting
            return
        if state == State.CONFIRM and d.ctx is not None and d.ctx.question == "confirm" and (
                d.ctx.amount > 0 and d.engine.paying.at_confirm(text)):
            return  # "我是老人机，没有微信的" / "那我交现金好了" before paying
        if (state == State.OFFER_STAFF and not d.urgent_offer and d.resume_to is not None
                and d.ctx is not None and (
                    (d.resume_to[0] in (State.PAYMENT, State.CONFIRM)
                     and d.engine.paying.names_method(text))
                    or (d.resume_to[0] == State.SLOT and d.engine.value_in(text))
                    or (d.resume_to[0] == State.CHOICE and option_named(
                        WordTable(d.resume_to[1].words), text, within=True) is not None))):
            # "这个我弄不来" at the payment, then "那我交现金好了": no yes to a person — the
            # payment question again, answered with the way to pay; "我弄不来" at the plate,
            # then "浙L12345": the plate (it called a person); "寄到家里" after the offer
            # made at the way to collect: that way
            d.silent_entry = True
            d.resume_question()
            d.silent_entry = False
            self.on_text(text, confidence)
            return
        if state == State.CONFIRM_INTENT and self.only_asking(text, confidence):
            return
        if state in (State.CONFIRM_INTENT, State.READBACK, State.CONFIRM, State.OFFER_STAFF,
                     State.STILL_THERE):
            if d.ctx is not None and state in (State.READBACK, State.CONFIRM) and (
                    d.switching.sibling_meant(d.ctx.flow, text)) and (
                    d.switching.offer(text, confidence)):
                return  # "对的，改成补办" in 换领: the other item offered, never the yes
            yes = parse_yes_no(text, d.words)
            held = yes is None and parse_answer(text, d.words).hold
            if held and not TRAILS_OFF.search(text.strip()):
                # "等一下，让我对对户口本……嗯，对的": the answer after the pause ("嗯……"
                # trails off: no answer after it)
                yes = parse_yes_no(last_clause(text), d.words)
            if yes is None and state in (State.READBACK, State.CONFIRM_INTENT) and (
                    _VALUE_WRONG.fullmatch(norm(text))):
                yes = False  # "车牌不对" to "您说的是：浙 L 6 6 6 6 6，对吗？" (not to "确认办理
                # 吗？": no cancel for a plate to mend)
            if yes is None and state == State.CONFIRM_INTENT and candidate_item(
                    d.candidate)[1] and _HEARD_ONLY.fullmatch(norm(text)):
                yes = True  # "您是想问改名怎么办吗？" — "噢" / "晓得了": the answer, please
            if yes is True and state in (State.CONFIRM, State.CONFIRM_INTENT) and (
                    do_or_not(text) is False):
                yes = False  # "好的晓得了，今天先不弄": heard, and not now
            elif yes is False and state in (State.CONFIRM, State.CONFIRM_INTENT) and (
                    do_or_not(text) is True):
                yes = True  # "算了，还是签吧": the mind changed back, the action said last
            verb = yes is None and state in (State.CONFIRM, State.CONFIRM_INTENT)
            if verb:
                yes = do_or_not(text)  # "交掉好了", "现在不交，谢谢": the asked action itself
            if yes is None and (offered := self.offered()) and (
                    (match := d.understand(text)).intent == offered
                    and str(match.decision) == "accept"):
                yes = True  # "我要交违章罚款" at "现在就在这里缴……吗？": what is offered
            keep_no = yes is False and state == State.CONFIRM_INTENT and d.switch_from is not None
            if (yes is not None and not keep_no and not verb and self.is_request(text)
                    and do_or_not(text) is not yes):
                yes = None  # "我要交违章罚款" holds 要 but is a request, not a yes ("好，交掉"
                # at "确认办理吗？" is the yes, "不交" the no: paying is the action asked)
            if yes and state == State.CONFIRM_INTENT and (
                    flow := self.asked_guide_done(text)) is not None:
                d.heard_intent = flow  # "您是想问补领驾驶证怎么办吗？" — "那就补吧": do it
                d.apply_intent(flow, d.answering.choices_said(flow, text))
                return
            if yes is True and state == State.CONFIRM and not verb and HEARD_IT.search(
                    "".join(text.split())) and do_or_not(text) is None:
                # "好的，我晓得了" to "现在就在这里缴……吗？" or "确认办理吗？" says it was heard,
                # not that it is to be paid: the question again (it went on to pay)
                d.heard_intent = "ack"
                d.reprompt(reask=True)
                return
            if yes is False and state == State.CONFIRM_INTENT and (
                    self.value_corrected(text) or self.no_and_else(text, confidence)):
                return
            if yes is not None:
                if yes and state == State.CONFIRM_INTENT:
                    self.values_with_yes(text)
                d.apply_answer("yes" if yes else "no")
                return
            # "您是想问换领身份证要什么条件吗？": its service
            offered, guide = candidate_item(d.candidate)
            if state == State.CONFIRM_INTENT and d.switch_from is None and offered in d.flows and (
                    self.offered_item_said(offered, text, confidence)):
                if guide:  # its item said by its action, after its guide was asked about:
                    d.heard_intent = offered  # that item, done (not the licence's 期满换证)
                    d.apply_intent(offered, {})
                else:
                    d.apply_answer("yes")  # "到期换领" at "您是要换领身份证吗？"
                return
            if state == State.CONFIRM_INTENT and self.new_request(text, confidence):
                return
            if held and yes is None and do_or_not(text) is None:
                d.commands.take_time()  # "嗯……", "等一歇": no answer yet — waited for
                return
            self.understand_restricted(text, confidence, ("yes", "no"))
            return
        if state == State.CHOICE and (d.side.posted_elsewhere(text) or d.side.other_kind(text)):
            return
        if state in (State.CHOICE, State.SUBMENU) and self.option_asked(text):
            return
        if state in (State.MENU, State.SUBMENU, State.CLARIFY_INTENT, State.CHOICE):
            option = self.option_from_text(text)
            if option is not None:
                d.apply_answer(option)
                return
        if state == State.CHOICE and d.ctx is not None and do_or_not(text) is False:
            d.heard_intent = "cancel"  # "现在不交，我回去跟儿子商量一下" at "车是您本人开的吗？"
            d.commands.run("cancel")
            return
        if state == State.SLOT:
            if d.engine.on_slot_text(text):
                return
            if d.ctx is not None and _NO_THANKS.fullmatch(re.sub(r"[\s，,。.!！…]", "", text)):
                d.heard_intent = "cancel"  # "那不用了，谢谢" at "请说出您的身份证号码": not
                d.commands.run("cancel")  # "不对" (it was "好的，请再说一遍")
                return
            if parse_yes_no(text, d.words) is False and d.ctx is not None:
                # "不对" while giving a number: they are correcting themselves, not failing
                d.ctx.digits = ""
                d.say("slot_again")
                d.reprompt(say=False)
                return
            if _WILL_SAY.search("".join(text.split())) and not d.engine.value_in(text):
                d.heard_intent = "ack"  # "身份证没带，号码我背得出": the number is coming
                d.reprompt(reask=True)
                return
            # "这个号码不对" only for something like a number; other words: not understood
            fallback = "slot" if any(ch in DIGIT_WORDS or ch.isdigit() for ch in text) else ""
            self.understand_restricted(text, confidence, (), fallback=fallback)
            return
        if state == State.MENU:
            self.understand_menu(text, confidence)
            return
        if state == State.CLARIFY_INTENT and d.prompt is not None and (
                valued := [(o, v) for o in d.prompt.listen.options
                           if (v := d.answering.slot_values(o, text))]) and len(valued) == 1:
            # "浙L五四三二一" at "补领驾驶证 or 补领行驶证?": only the registration asks a plate
            option, values = valued[0]
            d.heard_intent = option
            d.apply_intent(option, {**d.candidate[1], **values})
            return
        if state == State.CLARIFY_INTENT and d.prompt is not None and d.nlu is not None:
            # one of two named options: a weak but clear pick ("港澳的") is enough
            options = d.prompt.listen.options
            match = d.understand(text, allowed=set(options), asr_confidence=confidence)
            if match.intent in options and str(match.decision) in ("accept", "confirm"):
                d.apply_answer(match.intent)
                return
        if state == State.SUBMENU and d.prompt is not None and self.item_of_group(text):
            return  # "坏掉了，洗衣机里洗过了" at the ID-card services: 换领
        if state in (State.SUBMENU, State.CLARIFY_INTENT) and d.prompt is not None:
            self.understand_restricted(text, confidence, d.prompt.listen.options)
            return
        self.understand_restricted(text, confidence, ())

    def on_guide_text(self, text: str, confidence: float | None) -> None:
        """An answer to the offer to read a guide, or a command while reading it."""
        d = self.d
        if d.state == State.GUIDE_OFFER:
            said = d.reader.offer_answer_from_text(text)  # "办" / "材料"
            if said is not None:
                d.apply_answer(said)
                return
            flow = d.reader.offered_flow
            found = d.answering.slot_values(flow, text) if flow is not None else {}
            if found:  # the item's first answer said at once ("330902……"): yes, with it
                d.heard_intent = "yes"
                d.reader.on_offer_answer("yes", found)
                return
            verb = do_or_not(text) if flow is not None else None
            if verb and flow is not None and (
                    said_verbs(text) & set(SWAPPED) - set(d.title_of(flow))):
                verb = None  # "换吧" offered 补领: not its action — understood below
            if verb and flow is not None:  # "换吧", "十五块啊，好的，帮我签一次": the
                d.heard_intent = "yes"  # offered item's action itself, with what it says
                d.reader.on_offer_answer("yes", d.answering.choices_said(flow, text))
                return  # (before a yes/no word: "勿要钱啊，那帮我领一个" holds 勿要)
            if verb is not None:  # "今天先不换"
                d.apply_answer("no")
                return
            yes = parse_yes_no(text, d.words)
            if _HEARD_ONLY.fullmatch(norm(text)) and HEARD_IT.search(norm(text)):
                if THANKED.search(text):  # "好的，晓得了，谢谢": heard it, and goodbye
                    d.apply_intent("thanks", {})  # (never the 好的's yes: read it all)
                    return
                yes = False  # "好的，晓得了" after the answer: heard it, nothing more read
            if yes is not None and not self.is_request(text):
                d.apply_answer("yes" if yes else "no")
                return
            if d.side.about_this_guide(text):  # "换一张几钿？": this guide's fee
                return
            if flow is not None and self.offered_item_said(flow, text, confidence):
                d.heard_intent = "yes"  # "到期换领" after the guide of 换领身份证
                d.reader.on_offer_answer("yes")
                return
        else:
            section = d.reader.section_from_text(text)
            if section is not None:
                d.apply_answer(section)
                return
            missing = d.reader.missing_section(text)
            if missing is not None:
                d.heard_intent = missing
                d.no_match(say_key="reading_no_section", name=missing,
                           list=d.reader.listed())
                return
        if d.nlu is None:
            d.no_match()
            return
        extra = ("yes", "no") if d.state == State.GUIDE_OFFER else ("next", "previous")
        allowed = set(extra) | {u for u in UNIVERSAL if u != "start_over"}
        match = d.understand(text, allowed=allowed, asr_confidence=confidence)
        if str(match.decision) == "accept" and match.intent in allowed:
            d.apply_answer(match.intent)
            return
        # Not an answer: another question or a service ("护照在哪里办") leaves the guide.
        match = d.understand(text, asr_confidence=confidence)
        if str(match.decision) in ("accept", "confirm", "clarify") and (
                match.intent in d.flows or match.intent in INFO_INTENTS
                or match.intent in BYE_INTENTS or match.intent.startswith("guide.")):
            self.apply_match(match)
            return
        d.no_match()

    def asked_guide_done(self, text: str) -> str | None:
        """Asked whether a question was about a service's guide ("您是想问补领驾驶证怎么办
        吗？"), the answer says to do it with its own action ("那就补吧"): that service, if it
        is done here; else ``None`` (a plain yes hears the guide's answer)."""
        d = self.d
        flow, guide = candidate_item(d.candidate)
        if not guide or d.switch_from is not None or flow not in d.flows or not (
                d.can_start_here(flow)) or do_or_not(text) is not True:
            return None
        return flow if said_verbs(text) & said_verbs(d.title_of(flow)) else None

    def offered_item_said(self, flow: str, text: str, confidence: float | None) -> bool:
        """Asked whether to do ``flow`` ("要现在就在这里办吗？" after its guide, "您是要换领身份证
        吗？"), ``text`` reads as another document's item of the same action ("到期换领" as
        驾驶证期满换证) while it names no document: ``flow`` itself, said by its action."""
        d = self.d
        match = d.understand(text, asr_confidence=confidence)
        if match.intent not in d.flows or match.intent == flow or str(match.decision) not in (
                "accept", "confirm") or document_words(normalize(text)):
            return False
        same_item = match.intent.rsplit(".", 1)[-1] == flow.rsplit(".", 1)[-1]
        return same_item and bool(said_verbs(text) & said_verbs(d.title_of(flow)))

    def new_request(self, text: str, confidence: float | None) -> bool:
        """Instead of yes or no to "您是要…吗？", the user clearly asked something else
        ("照相的地方在哪"): take that request, from the menu.  Not while a switch of
        service is being confirmed (nothing is dropped without a yes)."""
        d = self.d
        if d.nlu is None or d.switch_from is not None:
            return False
        match = d.understand(text, asr_confidence=confidence)
        wanted = match.intent in d.flows or match.intent in INFO_INTENTS or (
            match.intent.startswith("guide.") and match.guide is not None)
        if str(match.decision) != "accept" or not wanted:
            return False
        d.menus.open_quietly()
        self.apply_match(match)
        return True

    def option_asked(self, text: str) -> bool:
        """"第二个是啥" at a choice: that option said ("第二个是：到户籍窗口自己领。") and the
        question again — never taken as choosing it, nor "没听懂"."""
        d = self.d
        asked = _WHICH_OPTION.search("".join(text.split()))
        prompt = d.prompt
        if asked is None or prompt is None:
            return False
        n = ordinal(asked.group(1))
        options = prompt.listen.options
        if n is None or not 1 <= n <= len(options):
            return False
        option = options[n - 1]
        titles = prompt.words.get(option, ())
        d.heard_intent = "repeat"
        d.say("option_told", value=asked.group(1), option=titles[-1] if titles else option)
        d.reprompt(reask=True)
        return True

    def which_document(self, match: Match) -> tuple[str, ...]:
        """The kiosk's items of one action when what was said names no document of its own:
        a renewal or replacement said with no document at all (``ASKS_NO_DOCUMENT``: "丢了要
        补"), or a card lost said of a card of no kind ("我要补个证", "证件丢了要补") read as
        nothing; else ``()``."""
        d = self.d
        said = norm(match.text)
        if d.ctx is not None or d.state != State.MENU or document_words(normalize(match.text)):
            return ()  # (after a guide, "换吧" is its document's: asked as such)
        if match.intent in d.flows and str(match.decision) == "confirm" and (
                match.asks == ASKS_NO_DOCUMENT or ANY_DOCUMENT.search(said) is None):
            item = next((a for a in _ACTIONS if match.intent.endswith(a)), "")
        elif match.intent == "out_of_scope" and _SOME_PAPER.search(said) and (
                _PAPER_LOST.search(said)):
            item = "replace"
        else:
            return ()
        return tuple(f for f in d.flows if item and f.endswith(item) and d.can_start_here(f))

    def value_corrected(self, text: str) -> bool:
        """"不对，车牌是浙L12345" / "号码不对" at "您是要查交通违法记录，车牌浙L66666，对吗？": the
        service is right and its value is not — started with the new value read back, or
        the value asked for."""
        d = self.d
        intent, slots = d.candidate
        slot = str(slots.get(HEARD_BACK) or "")
        if not slot:
            return False
        new = {k: v for k, v in d.answering.slot_values(intent, parse_answer(
            text, d.words).rest).items() if k == slot}
        if not new and not _VALUE_WORD.search(norm(text)):
            return False
        d.apply_intent(intent, {k: v for k, v in slots.items()
                                if k not in (HEARD_BACK, slot)} | new)
        return True

    def no_and_else(self, text: str, confidence: float | None) -> bool:
        """"不是，我还没有通行证，第一次办" at "您是要办港澳签注吗？": the no, and what follows
        understood as if said at the menu (it was "那您要办什么？" and the rest lost).
        ``False`` when nothing else of use follows, or it is the same reading again."""
        d = self.d
        rest = parse_answer(text, d.words).rest
        if d.nlu is None or d.switch_from is not None or len(norm(rest)) < REQUEST_MIN:
            return False
        match = d.understand(rest, asr_confidence=confidence)
        wanted = match.intent in d.flows or (match.intent == "guide.ask"
                                             and bool(guide_asked(match)))
        if str(match.decision) not in ("accept", "confirm", "clarify") or not wanted or (
                match.intent == d.candidate[0]):
            return False  # (not "不在，他在屋里" at "要办的人本人在这里吗？")
        d.menus.open_quietly()
        self.apply_match(match)
        return True

    def item_of_group(self, text: str) -> bool:
        """At a sub-menu, what is said about its document without naming it ("坏掉了，洗衣机
        里洗过了" at the ID-card services): understood with the document named (from the
        group's title), among the group's items — taken when clear."""
        d = self.d
        prompt = d.prompt
        group = next((g for g in d.texts.menu if prompt is not None
                      and g.id == prompt.listen.slot), None)
        if group is None or d.nlu is None or document_words(normalize(text)):
            return False
        named = sorted(document_words(normalize(group.title)))
        if len(named) != 1:
            return False
        match = d.understand(named[0] + text, allowed=set(group.items))
        if match.intent not in group.items or str(match.decision) != "accept":
            return False
        d.heard_intent = match.intent
        d.apply_intent(match.intent, dict(match.slots))
        return True

    def group_of(self, intent: str) -> str | None:
        """The menu group that lists ``intent`` (its sub-menu), if any."""
        return next((g.id for g in self.d.texts.menu if intent in g.items), None)

    def for_someone_away(self, match: Match) -> bool:
        """A service that needs its holder's face asked for on someone else's behalf, who
        is not said to be here (:func:`assistant.dialog.behalf.for_someone_away`)."""
        flow = self.d.flows.get(match.intent)
        return flow is not None and needs_holder(flow) and for_someone_away(match.text) and (
            self.d.can_start_here(match.intent))  # not asked before "本站暂时不办理……"

    def is_thanks(self, text: str) -> bool:
        """Only thanks ("谢谢侬", "麻烦你了，谢谢"), nothing asked (the model is asked only
        when 谢 is said: words mid-flow cost no understanding otherwise)."""
        d = self.d
        if "谢" not in text:
            return False
        if d.nlu is None:
            return d.words.lookup(text) == "thanks"
        match = d.understand(text)
        return match.intent == "thanks" and str(match.decision) == "accept"

    def is_goodbye(self, text: str) -> bool:
        """Only a goodbye ("再见", "拜拜", "我走了"), nothing asked (the model is asked only
        when a word of one is said)."""
        d = self.d
        if not _BYE.search(text):
            return False
        if d.nlu is None:
            return d.words.lookup(text) == "goodbye"
        match = d.understand(text)
        return match.intent == "goodbye" and str(match.decision) == "accept"

    def is_farewell(self, text: str) -> bool:
        """Only thanks or goodbye ("谢谢你啊", "好的再见"), nothing asked."""
        d = self.d
        if d.nlu is None:
            return d.words.lookup(text) in BYE_INTENTS
        match = d.understand(text)
        if match.intent not in BYE_INTENTS or str(match.decision) not in ("accept", "confirm"):
            return False
        # "谢谢 那我走了": thanks and goodbye share what the model is sure of
        return str(match.decision) == "accept" or sum(
            c.score for c in match.candidates if c.intent in BYE_INTENTS) >= FAREWELL_SURE

    @staticmethod
    def is_nothing_more(text: str) -> bool:
        """Nothing more wanted ("不用了，谢谢", "没有了", "好了，没事了"): at "还要办什么？" or
        to wake the kiosk after a goodbye, the end — not "那您要办什么？" again."""
        return _NOTHING_MORE.fullmatch(norm(text)) is not None

    def is_bare_ack(self, text: str) -> bool:
        """Only an acknowledgement ("好的", "嗯，晓得了", "对"; not a bare 嗯) — the last
        person's answer to the kiosk's goodbye ("请别忘了取回您的身份证。" — "好的"), or to
        "请在这里稍等": nothing asked, nothing to do."""
        return _ACK.fullmatch(norm(text)) is not None  # not a bare 嗯: someone new thinking

    def is_request(self, text: str) -> bool:
        """``text`` asks for another service (not a yes/no word) — checked before taking a
        yes.  The service being confirmed, named again, is a yes ("好，交" to "现在缴纳……
        吗？", "对，补一本" to "您是要补领驾驶证吗？"), and so are a few words after a yes that
        only guess at one."""
        d = self.d
        if d.nlu is None or d.words.lookup(text) is not None:
            return False
        answer = parse_answer(text, d.words)
        match = d.understand(text)
        if str(match.decision) not in ("accept", "confirm") or match.intent not in (
                d.texts.flows) or match.intent in (self.confirming(), self.offered()):
            return False  # "我要交违章罚款" at "现在就在这里缴……吗？": what is offered
        if answer.value is True and answer.rest and len(answer.rest) <= 4:
            rest = d.understand(answer.rest)
            return str(rest.decision) == "accept" and rest.intent != self.confirming()
        return True

    def detail_asked(self, match: Match) -> str | None:
        """The service whose guide holds, in one sentence, the detail ``match`` (a service,
        confirmed) asks when it is put as a question (:meth:`GuideAnswers.detail
        <assistant.guides.finder.GuideAnswers.detail>`): its own, else the one other service
        of its family whose guide does ("上个礼拜刚刚补过身份证……老的那张还好用伐" read as
        the progress look-up: the replacement's guide says the old card is void).  None
        otherwise."""
        if not (match.asks == ASKS_QUESTION or sounds_like_question(match.text)):
            return None
        if self.holds_detail(match.intent, match.text):
            return match.intent
        if match.asks not in (ASKS_QUESTION, ""):
            return None  # ("上个月在出入境窗口办的通行证，好去拿了伐": the look-up's own)
        family = match.intent.split(".", 1)[0] + "."
        kin = [flow for flow in self.d.flows if flow.startswith(family) and flow != match.intent
               and self.d.can_start_here(flow) and self.holds_detail(flow, match.text)]
        if len(kin) == 1:
            return kin[0]
        # or the one service the words name ("身份证落在家里了，光报车牌好查违章伐" read as
        # 补领身份证: the violation look-up's guide says a plate will do)
        return self.named_with_detail(match.text, but=match.intent)

    def aside(self, text: str) -> bool:
        """``text`` is said to someone else during a transaction ("老头子，眼镜拿给我",
        "喂，我在机器这里，等一歇再打给你") and holds no value the step asks for."""
        d = self.d
        return (d.ctx is not None or d.state == State.CONFIRM_INTENT) and bool(
            _ASIDE.match(text)) and not d.engine.value_in(text)

    def only_asking(self, text: str, confidence: float | None) -> bool:
        """"我是问，免检的车子哪几年要去领标志？" at "您是要领取年检标志吗？": no yes and no
        no — the question the citizen says they are asking, answered from the guide it is
        about (the service's own, or the one whose sentence holds its detail), then
        "要现在就在这里办吗？" for a service's.  It was "没听懂" and the same question.
        ``False`` when ``text`` does not begin so or its question names no guide."""
        d = self.d
        said = "".join(text.split())
        lead = _ONLY_ASKING.match(said)
        rest = said[lead.end():] if lead is not None else ""
        if lead is None or len(norm(rest)) < REQUEST_MIN or d.nlu is None:
            return False
        match = d.understand(rest, asr_confidence=confidence)
        aspect = match.slots.get("aspect")
        guide: object = None
        if match.intent == "guide.ask" and str(match.decision) in ("accept", "confirm"):
            guide = guide_asked(match)
        elif match.intent in d.flows and str(match.decision) in ("accept", "confirm"):
            guide = self.detail_asked(match) or match.intent
            aspect = aspect or d.side.topic_asked(rest)
        if not isinstance(guide, str):
            return False
        d.heard_intent = "guide.ask"
        d.apply_intent("guide.ask", {"guide": guide, "guide_title": d.title_of(guide),
                                     **({"aspect": aspect} if aspect else {})})
        return True

    def named_with_detail(self, text: str, but: str = "") -> str | None:
        """The one service (other than ``but``) that ``text`` names (``service_names``) and
        whose guide holds the detail it asks; None when none or several do."""
        named = [flow for flow in self.d.flows if flow != but
                 and self.d.switching.names(flow, text) and self.holds_detail(flow, text)]
        return named[0] if len(named) == 1 else None

    def answer_to_the_other_question(self, match: Match) -> str | None:
        """The answer to a question said with a request for ``match.intent`` about another
        guide (:attr:`Match.asked`, read surely, its aspect known): that guide's short
        answer; None when there is none, or the question is about the request's own
        service (its answer then comes with the offer to do it)."""
        asked = match.asked
        if asked is None or str(asked.decision) != "accept" or asked.intent != "guide.ask":
            return None
        guide = guide_asked(asked)
        aspect = asked.slots.get("aspect")
        if not isinstance(guide, str) or guide == match.intent or not isinstance(aspect, str):
            return None
        return self.d.guide_answers(guide, aspect) if self.d.guide_answers else None

    def detail_of_either(self, match: Match) -> str | None:
        """The service, of the two ``match`` (a clarify) is torn between, whose guide holds the
        detail it asks as a question (:meth:`detail_asked`); None when neither or both do."""
        if match.runner_up is None:
            return None
        found = {asked for name in (match.intent, match.runner_up.intent)
                 if name in self.d.flows
                 and (asked := self.detail_asked(replace(match, intent=name))) is not None}
        return found.pop() if len(found) == 1 else None

    def holds_detail(self, guide: str, text: str) -> bool:
        """One sentence of ``guide`` holds the detail ``text`` asks (:meth:`detail_of`)."""
        return self.detail_of(guide, text) is not None

    def detail_of(self, guide: str, text: str) -> str | None:
        """The sentence of ``guide`` that holds the detail ``text`` asks (:meth:`GuideAnswers.
        detail <assistant.guides.finder.GuideAnswers.detail>`); ``None`` when none does, or
        with answers that cannot tell."""
        detail = getattr(self.d.guide_answers, "detail", None)
        found = detail(guide, text) if callable(detail) else None
        return found if isinstance(found, str) else None

    def question_of_a_guide(self, match: Match) -> str | None:
        """The guide a question read unsurely (``guide.ask``, confirmed for no reason but its
        probability, at :data:`GUIDE_ANSWER_AT` or more) is about, when one sentence of
        that guide holds the detail asked (:meth:`GuideAnswers.detail
        <assistant.guides.finder.GuideAnswers.detail>`): the detail is evidence enough of
        the topic.  None otherwise."""
        if match.intent != "guide.ask" or match.asks or match.score < GUIDE_ANSWER_AT or not (
                sounds_like_question(match.text)):
            return None  # (a service asked about: "您是要……吗？", or its detail: detail_asked)
        guide = guide_asked(match)
        if guide is not None and self.holds_detail(guide, match.text):
            return guide
        if match.guide is not None and match.guide.id not in self.d.flows:
            # a guide of no service found for the question ("驾照过期一年多了，听讲已经被注销
            # 了，回来还好恢复伐": 恢复驾驶资格, by its alias) — never a service's detail
            # instead (it was 换领驾驶证's "超过一年未换证……将被注销")
            return None
        # the topic guessed from a story's clause ("身份证今朝没带出来，光报个车牌好查违章伐"
        # is no question about 身份证's progress): the one service the words name whose
        # guide holds the detail ("驾驶证在哪里办": none — asked first)
        return self.named_with_detail(match.text)

    def offered(self) -> str:
        """The service whose action the open offer is ("现在就在这里缴……吗？" of the violation
        look-up: paying the fines), "" when none."""
        d = self.d
        if d.state != State.CONFIRM or d.ctx is None:
            return ""
        step = d.engine.step
        return step.offers if isinstance(step, ConfirmStep) else ""

    def confirming(self) -> str:
        """The service a yes/no question now asked is about ("" if none)."""
        d = self.d
        if d.state == State.CONFIRM_INTENT:
            return d.candidate[0]
        return d.ctx.flow if d.ctx is not None else ""

    def option_from_text(self, text: str) -> str | None:
        d = self.d
        prompt = d.prompt
        if prompt is None:
            return None
        options = prompt.listen.options
        n = ordinal(text)
        if n is not None and 1 <= n <= len(options):
            return options[n - 1]
        table = WordTable(prompt.words)
        found = option_named(table, text, within=d.state == State.CHOICE)
        if found is None and d.state == State.CHOICE and len(options) == 2 and (
                refused := table.refused_within(text)) in options:
            # "不要寄" of two: the other one (the confirmation still says which)
            return next(o for o in options if o != refused)
        return found

    def understand_menu(self, text: str, confidence: float | None) -> None:
        d = self.d
        if d.nlu is None:
            d.no_match(refuse=True)
            return
        if self.is_nothing_more(text):
            d.heard_intent = "goodbye"  # "还要办什么？" — "不用了，谢谢": goodbye
            d.end("cancelled", "farewell")
            return
        answer = parse_answer(text, d.words)
        if answer.value is False and not answer.rest:
            d.heard_intent = "no"
            d.ask_what()  # "不是": "那您要办什么？", not the whole menu again
            return
        if _ONLY_HESITATION.fullmatch(text):
            # "嗯……那个……": still thinking — waited for (it was "没听懂", or with 那个
            # "这个我办不了")
            d.commands.run("take_time")
            return
        match = d.understand(text, asr_confidence=confidence)
        follows, d.follows = d.follows, None  # the first words only
        answers = d.guide_answers
        reply = (answers(follows, d.side.topic_asked(text)) if answers is not None
                 and follows is not None and self.about_what_was_done(follows, match, text)
                 else None)
        if reply is not None:
            d.heard_intent = "guide.ask"  # "……办好了。" — "那新证几天能寄到啊": that service
            d.say_text(reply)  # (answered — not offered again: it has just been done)
            d.open_menu("menu_short")
            return
        if str(match.decision) != "accept" and match.intent not in d.flows and (
                match.intent != "guide.ask") and _LIST_ASKED.search(norm(text)):
            d.heard_intent = "repeat"  # "我看不见，你说一下有哪些": the services, read out
            d.commands.run("repeat")
            return
        if match.intent in ANSWER_INTENTS:  # a bare "是" chooses nothing at the menu
            d.heard_intent = match.intent
            if match.intent == "no" or parse_yes_no(text, d.words) is False:
                d.ask_what()  # "不是": "那您要办什么？", not the whole menu again
            else:
                d.no_match()
            return
        self.apply_match(match)

    def about_what_was_done(self, done: str, match: Match, text: str) -> bool:
        """``text`` asks the fee, time or materials of no service it names, read as a
        question of no topic, as nothing or as anything not sure ("那新证几天能寄到啊" right
        after a renewal; "那新证几天能到啊" read unsurely as a Taiwan endorsement), and
        names no document but ``done``'s ("我想问问那个驾照要多少钱" after a fine is not
        about the fine)."""
        title = self.d.title_of(done)
        if self.d.side.topic_asked(text) is None or not all(
                w.replace("驾照", "驾驶证") in title for w in document_words(normalize(text))):
            return False
        return match.intent == "out_of_scope" or (match.intent == "guide.ask" and not (
            match.slots.get("guide") or match.slots.get("service"))) or (
            str(match.decision) != "accept")  # "那新证几天能到啊" guessed as another service

    def apply_match(self, match: Match) -> None:
        d = self.d
        decision = str(match.decision)
        d.heard_intent = match.intent
        slots = dict(match.slots)
        if match.guide is not None:
            slots.setdefault("guide", match.guide.id)
            slots.setdefault("guide_title", match.guide.title)
        unsure = (match.intent if decision == "confirm" else TAIWAN
                  if decision == "clarify" and taiwan_on_ones_own(match) else "")
        if unsure in d.texts.not_offered:
            # "……台湾的签注在这里好弄伐" where the site does not offer it: why, at once —
            # not "您是要……吗？" for a "是" that ends in the same refusal (nor which of the
            # guide and the endorsement is meant); the session goes on (the reading was not
            # sure: the citizen may have meant something else)
            what, why = d.texts.not_offered[unsure]
            d.heard_intent = unsure
            d.say("not_offered", what=what, reason=why)
            d.open_menu("menu_short")
            return
        if len(items := self.which_document(match)) >= 2:
            # "我要补个证", "丢了要补": which card? — the kiosk's items of that action, asked
            # (it was "这个我办不了", or a guess at the licence's)
            d.heard_intent = "clarify"
            d.ask_clarify(items[0], items[1], {}, *items[2:])
            return
        if decision in ("accept", "confirm", "clarify") and taiwan_on_ones_own(match):
            # "我想去台湾玩，自己一个人去，这里签得了伐": suspended — said at once; where
            # the site does not endorse for Taiwan at all, that is the whole answer
            if not d.can_start_here(TAIWAN):
                d.apply_intent(TAIWAN, slots)
                return
            d.say_text(d.texts.text(TAIWAN, "team_only"), "team_only")  # then the question
        if decision in ("accept", "confirm") and match.intent == "guide.ask" and not (
                slots.get("guide") or slots.get("service")) and d.guide_answers is not None and (
                decision == "accept" or self.question_of_a_guide(match) is None):
            d.ask_topic(slots.get("aspect"))  # "要多少钱啊": of what? (no "这项业务" guess)
        elif decision in ("accept", "confirm") and endorsement_unclear(match):
            # "我要办个签注": Hong Kong/Macau or Taiwan?  Ask rather than guess.
            d.ask_clarify(HK_MACAU, TAIWAN, slots)
        elif decision in ("accept", "confirm") and names_only_a_document(match.normalized) and (
                group := self.group_of(match.intent)) is not None:
            d.heard_intent = group  # "……那个身份证……": which of the ID-card services?
            d.menus.ask_submenu(group)
        elif decision in ("accept", "confirm") and self.for_someone_away(match) and not (
                match.intent in d.flows and self.detail_asked(match) is not None):
            # ("我好替伊换伐？": whether someone else may do it — its guide's sentence, below)
            d.menus.ask_holder_here(match.intent, slots)  # "我来帮他换": is he here?
        elif decision == "confirm" and match.intent in d.flows and (
                answer := self.answer_to_the_other_question(match)) is not None:
            # "办护照多少钱，我先把罚款交掉": the passport's fee, then "您是要交……罚款吗？" (it
            # was the fine's fee, from the request's guide, and the question lost)
            d.say_text(answer, "guide_answer")
            d.propose_intent(match.intent, slots)
        elif decision == "confirm" and match.intent in d.flows and (
                topic := d.side.topic_asked(match.text)) is not None and not d.switching.names(
                    match.intent, match.text):
            named = [f for f in d.flows if d.switching.names(f, match.text)]
            if len(named) == 1:  # "换额身份证几日好拿到手" read as the look-up: the renewal's
                d.apply_intent("guide.ask", {**slots, "guide": named[0], "aspect": topic,
                                             "guide_title": d.title_of(named[0])})
            else:  # "交上去几天好批下来？": a question whose service is not named — of what?
                d.ask_topic(topic)  # (it was answered from the guess's guide: the traffic
                # look-up's time limit)
        elif decision == "confirm" and match.intent in d.flows and (
                topic := d.side.topic_asked(match.text)) is not None:
            # "领那个年检标志要收钞票伐": the service's fee asked — answered from its guide,
            # then "要现在就在这里办吗？" (not "您是要领取年检标志吗？", the question unanswered)
            d.apply_intent("guide.ask", {**slots, "guide": match.intent, "aspect": topic,
                                         "guide_title": d.title_of(match.intent)})
        elif decision == "confirm" and match.intent in d.flows and (
                asked := self.detail_asked(match)) is not None:
            # "补领身份证以后旧证还能用吗": a question about the service that its guide
            # answers in one sentence — that sentence, then "要现在就在这里办吗？"
            d.apply_intent("guide.ask", {**slots, "guide": asked,
                                         "guide_title": d.title_of(asked)})
        elif decision == "confirm" and (guide := self.question_of_a_guide(match)):
            # "罚款超过两百块的，这台机器上能处理吗？": a detail of the guide the question
            # leans to — its answer (then "要现在就在这里办吗？" for a service's), not
            # "您是想问……吗？" first
            d.apply_intent("guide.ask", {**slots, "guide": guide,
                                         "guide_title": match.guide.title if match.guide
                                         and match.guide.id == guide else d.title_of(guide)})
        elif decision == "accept" and match.intent.endswith(PROGRESS) and (
                asked := self.detail_asked(match)) is not None:
            # "换好新身份证，老的那张要交还伐": a question a guide answers in one sentence,
            # not a look-up of the application (read surely as one)
            d.apply_intent("guide.ask", {**slots, "guide": asked,
                                         "guide_title": d.title_of(asked)})
        elif decision == "accept":
            d.apply_intent(match.intent, slots)
        elif decision == "confirm" and match.intent in PAST_IS_NOT and (
                match.asks == ASKS_PAST or told_as_past(match.text, recent=True)
                or d.priority.only_seen_or_told(match.text)):
            d.priority.told_past = True  # "年初被人撞了车……早就修好了", "电视里讲……出了个大
            # 案子": "好的，我知道了。",
            d.no_match()  # nobody called, nothing asked
        elif decision == "confirm":
            d.propose_intent(match.intent, slots)
        elif decision == "clarify" and (flow := self.how_to_or_do(match)):
            # "身份证掉了，你帮我看看怎么弄": how to 补领 or 补领 itself — its guide's answer
            # and the offer to do it here now serve both (no "办事指南 or 补领身份证?")
            d.apply_intent("guide.ask", {**slots, "guide": flow,
                                         "guide_title": d.title_of(flow)})
        elif decision == "clarify" and (asked := self.detail_of_either(match)) is not None:
            # "换了新身份证以后，老的那张要交还伐？": torn between 换领 and its look-up, but
            # one sentence of the renewal's guide holds what is asked — that sentence
            d.apply_intent("guide.ask", {**slots, "guide": asked,
                                         "guide_title": d.title_of(asked)})
        elif decision == "clarify" and (social := social_said(match.text)) in (
                match.intent, match.runner_up.intent if match.runner_up else ""):
            d.apply_intent(social, {})  # "交关谢谢" (Wu: many thanks) is no fine payment
        elif decision == "clarify" and match.runner_up is not None:
            d.ask_clarify(match.intent, match.runner_up.intent, slots)
        elif d.ctx is None and FINE_PAYMENT.name in d.flows and _PAY_SAID.search(
                said := norm(match.text)) and not _OTHER_BILL.search(said):
            # "查就勿用查了……直接交钞票": money to pay and nothing named — the one thing paid
            # here for itself is a fine, asked (it was "这个我办不了")
            d.propose_intent(FINE_PAYMENT.name, {})
        elif d.ctx is None and (social := social_said(match.text)):
            # "事体都办好了，我要去菜场收摊了，再会", "早上好啊，今朝第一个来": nothing asked of
            # the kiosk, only politeness — answered, never "这个我办不了"
            d.heard_intent = social
            if social in BYE_INTENTS:
                d.apply_intent(social, {})
            else:
                d.menus.propose_intent(social, {})
        else:
            d.heard_intent = "out_of_scope"
            d.no_match(refuse=True)

    def answer_topic(self, text: str, confidence: float | None) -> bool:
        """The answer to "您想问哪项业务要多少钱？" ("护照", "换身份证的"): understood as the
        whole question ("护照要多少钱") — that service's or guide's answer; ``False`` when
        it names none."""
        d = self.d
        if d.nlu is None or self.topic is None or d.state != State.MENU:
            return False
        said = text.strip().rstrip("。.？?！!，, ")
        match = d.understand(said + d.text(f"aspect_{self.topic}"),
                             asr_confidence=confidence)
        topic = self.topic_named(match)
        if topic is None:
            return False
        d.heard_intent = "guide.ask"
        d.apply_intent("guide.ask", {**match.slots, "guide": topic,
                                     "guide_title": d.title_of(topic),
                                     "aspect": match.slots.get("aspect") or self.topic})
        return True

    def topic_named(self, match: Match) -> str | None:
        """The service or guide an answer to "您想问哪项业务……？" names ("换身份证", "护照"),
        or ``None`` (a service read unsurely whose words are not said)."""
        if str(match.decision) not in ("accept", "confirm", "clarify"):
            return None
        if match.intent in self.d.flows:
            # read unsurely, the service must be named ("交上去几天好批下来" names none: it
            # was answered with the traffic look-up's conditions)
            named = str(match.decision) == "accept" or self.d.switching.names(
                match.intent, match.text)
            return match.intent if named else None
        if match.intent == "guide.ask":
            if match.guide is not None:
                return match.guide.id
            service = match.slots.get("service")
            return str(service) if service else None
        return None

    def how_to_or_do(self, match: Match) -> str | None:
        """Torn between a question and a service this kiosk does, whose guide (named as
        the service) can be read, and the words name that service (``service_names``):
        that service — answering from its guide and offering to do it serves both; else
        ``None`` ("户口本丢了怎么补" is torn between 补领驾驶证 and a question, but names no
        驾驶证: answering from the licence guide would be a wrong answer)."""
        d = self.d
        if match.runner_up is None or "guide.ask" not in (match.intent, match.runner_up.intent):
            return None
        flow = match.runner_up.intent if match.intent == "guide.ask" else match.intent
        if not d.can_start_here(flow) or d.guide_answers is None or not (
                d.reader.sections_of(flow)) or not d.switching.names(flow, match.text):
            return None
        return flow

    def values_with_yes(self, text: str) -> None:
        """The candidate service's values said with the yes ("那帮我签一个，自由行的" at
        "您是要办港澳签注吗？" is the individual tour): kept, so their question is not asked."""
        d = self.d
        intent, slots = d.candidate
        if intent in d.flows:
            d.candidate = (intent, {**d.answering.choices_said(intent, text), **slots})

    def understand_restricted(self, text: str, confidence: float | None,
                              extra: tuple[str, ...], fallback: str = "") -> None:
        d = self.d
        if d.switching.note_later(text) or d.switching.offer(text, confidence):
            return
        if d.nlu is not None:
            allowed = set(extra) | {u for u in UNIVERSAL if u != "start_over"}
            match = d.understand(text, allowed=allowed, asr_confidence=confidence)
            if str(match.decision) == "accept" and match.intent in allowed:
                d.apply_answer(match.intent)
                return
        if fallback == "slot":
            d.engine.slot_not_understood()
        else:
            d.no_match()
