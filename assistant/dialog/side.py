"""Questions asked in the middle of a transaction ("要多少钱啊", "眼镜要摘吗", "要几天拿到",
"户口本要带吗"): answered briefly, then the current question is asked again in short; a
clear question about another service gets its guide's answer and "我们接着……".

What is asked comes from ``common.yaml`` ``listen_for:`` (``ask_fees``, ``ask_duration``,
``ask_materials``, ``ask_photo``, ``ask_delivery``, ``ask_proxy``), said as a question; the
answer from the transaction itself (the amount already worked out) or the service's guide
(the injected ``guide_answers``; the guide of a self-service item has the intent's name),
or a text of ``common.yaml`` (``side_photo``, ``side_delivery``, ``side_proxy``: who may
collect at the window).  Nothing is answered that the data does not say.  A helper of
:class:`~assistant.dialog.core.Dialog`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.dialog import fines
from assistant.dialog.answering import do_or_not
from assistant.dialog.fines import late_fees
from assistant.dialog.meanings import candidate_item
from assistant.dialog.states import State
from assistant.dialog.steps import CallStep, CardStep, ChoiceStep
from assistant.dialog.texts import heard_form
from assistant.dialog.words import parse_answer
from assistant.domain.money import amount_text
from assistant.nlu.model import without_time_phrases

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

ASKS = {"ask_fees": "fees", "ask_duration": "duration", "ask_materials": "materials",
        "ask_photo": "photo", "ask_delivery": "delivery", "ask_options": "options",
        "ask_location": "location", "ask_proxy": "proxy", "ask_hours": "hours",
        "ask_retake": "retake", "ask_collect": "collect", "ask_privacy": "privacy"}
"""``listen_for`` list → what the question is about."""
BEFORE_STARTING = ("ask_fees", "ask_duration", "ask_materials", "ask_hours")
"""What "您是要……吗？" may be answered with a question about (its guide answers)."""
FLOW_STATES = ("card", "face", "photo", "finger", "slot", "readback", "choice", "confirm",
               "payment", "busy")
"""States whose questions are answered (``busy``: only a step that waits for the user, such as
the permit reader — :meth:`SideQuestions.waits_for_user`)."""
PHOTO_GUIDE = "photo.id_photo"
"""The photo rules are the ID-photo guide's conditions."""
_WU_QUESTION = re.compile(r"(?:伐|哦伐|勿啦|啊伐)[啊呀的\s,，.。?？!！]*$")
"""A question ended the Wu way ("帽子要摘伐", "要钞票伐"): 伐 is 吗."""
_QUESTION_WORDS = re.compile(r"[?？][\s啊呀]*$|几钿|多少|几块|几天|几日|多久|多长时间"
                             r"|几时|啥辰光|啥时候|什么时候|哪天|会不会|是不是|要不要|有没有"
                             r"|伐[，,。.…]")
"""Words that are a question by themselves ("换一张几钿", "照片会不会给别人看到", "安全伐，……"),
and a question mark."""


_FREE = "免费"
"""An option said to cost nothing ("免费邮寄到家"): its title answers what it costs."""


def _asked(text: str) -> bool:
    """``text`` is put as a question the Wu way ("帽子要摘伐") or with a word that asks by
    itself ("换一张几钿？"; not a time that asks nothing: "快递要好几天，我自己过来拿"), also as a
    recogniser writes it ("要 多 长 时间 能 拿 到")."""
    said = "".join(text.split())
    return bool(_WU_QUESTION.search(said) or _QUESTION_WORDS.search(without_time_phrases(said)))


_OTHER_KIND = re.compile(r"探亲|探望|看(?:女儿|儿子|亲戚|孙子|外孙|老人)|商务|出差|逗留|读书"
                         r"|留学|上学|工作|坐月子")
"""Endorsements other than a tour ("探亲", "去读书的"), said at the tour question."""
_WHERE_OR_WHETHER = re.compile(r"哪|有没有|有伐|有吗|能不能|可不可以|好不好|借")
"""Asking where or whether ("厕所在哪里", "有没有开水", "借把伞"), with no question mark."""


YES_HEAD = 4
"""Longest yes looked for at the start of a question said with one ("好的好的，要多久")."""
_NOT_PLAIN = re.compile("不过|但是|可是|还是|就是|不|别|没|勿|覅|改|算了")
"""Words after a yes that make it no plain one ("好的，不过……", "好的，要不要……")."""

OTHER_SERVICE = "这项业务"
"""How a guide's answer names its service (replaced by the guide's title mid-flow, where
"这项业务" would sound like the transaction in progress)."""


class SideQuestions:
    """Answers a question about the transaction in progress, then asks again."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog

    def on_text(self, text: str) -> bool:
        d = self.d
        ctx = d.ctx
        if d.state == State.CONFIRM_INTENT:
            return self.before_starting(text)
        if ctx is None or d.state not in FLOW_STATES or (
                d.state == State.BUSY and not self.waits_for_user()):
            return False
        answer = parse_answer(text, d.words)
        told = self.records_told(text)  # ("哪几条违章": a question about the records looked up)
        if not (answer.question or answer.unsure or _asked(text) or told):
            return False
        if d.state == State.CONFIRM and do_or_not(text) is False:
            return False  # "还有滞纳金？……先勿交，我到窗口去讲清爽": the no, not the question
        heard = d.priority.heard(text)
        topic = next((ASKS[k] for k in ASKS if k in heard), None)
        # "办护照要多少钱", "护照在哪里办呢": another service's guide, never this one's fee
        # or the way to this step's device; what to bring, photo rules, delivery and the
        # options are about this one
        own = topic in ("materials", "photo", "delivery", "options", "proxy", "retake",
                        "collect", "privacy")
        reply = self.other_guide(text) if not own else None
        priced = self.priced_choices(text) if topic == "fees" and not reply else None
        if priced is not None:  # "签两次的多少钱" at a choice that sets the fee: its price
            reply = priced  # (the options all read again: not asked again after them)
            topic = "options" if priced.startswith(d.text("side_options")) else topic
        if not reply and topic is not None:
            reply = self.reply(topic, text)
        if not reply and own:
            reply = self.other_guide(text)
        if not reply and topic is None:
            reply = told  # "这个一千块的是啥事体" at a fine's step
        if not reply and topic is None:
            # "万一老的那张又寻着了，还好用伐" at the confirmation: the sentence of this
            # service's own guide that says it (it was "没听懂")
            reply = d.understanding.detail_of(ctx.flow, text)
        if not reply:
            return False
        d.heard_intent = "guide.ask"
        d.say_text(reply)
        if ((d.state == State.CONFIRM and ctx.question == "confirm")
                or d.state == State.READBACK) and self.yes_first(text):
            d.apply_answer("yes")  # "没错，多久能寄到？": answered, and the yes taken
        elif self.value_said(text):
            pass  # "浙L一二三四五，要多少钱？": answered, and the plate read back
        elif topic == "options":  # the options were just read, with their keys
            d.reprompt(say=False)
        elif d.state == State.CONFIRM and ctx.question == "confirm":
            d.say("side_again_confirm")
            d.reprompt(say=False)
        else:
            d.reprompt(reask=True)
        return True

    def value_said(self, text: str) -> bool:
        """At a number step, ``text`` also says the number asked for ("浙L一二三四五，要多少
        钱？"): taken (read back) after the question's answer, not asked for again."""
        d = self.d
        return (d.state == State.SLOT and d.ctx is not None and d.engine.value_in(text)
                and d.engine.on_slot_text(text))

    def yes_first(self, text: str) -> bool:
        """``text`` starts with a plain yes of two characters or more, and its question has no
        "but" and refuses nothing ("没错，多久能寄到？", "好 的 要 多 久"; not "要多久" or "嗯 要
        交多少来着" — 要 asks there —, "好的，不过要多久", "好的，要不要带户口本")."""
        bare = "".join(text.split())
        for k in range(min(YES_HEAD, len(bare) - 1), 1, -1):
            head = bare[:k]
            answer = parse_answer(head, self.d.words)
            if answer.value is True and not answer.rest and "要" not in head.replace("要的", ""):
                return _NOT_PLAIN.search(bare[k:]) is None
        return False

    def amenity(self, text: str) -> bool:
        """A question about something the kiosk does not keep ("厕所在哪里", "有地方充电伐"),
        asked at the menu or in a step: said so in one line, with the way to a person,
        then the open question again — never the camera's place or a guide's answer.  Not
        when the sentence names a document or police business (``not_urgent_with``: "在厕所
        里把身份证掉了" is a 补领 story)."""
        d = self.d
        lists = d.priority.lists
        said = heard_form(text)
        if not any(w in said for w in lists.get("amenity", ())) or any(
                w in said for w in lists.get("not_urgent_with", ())):
            return False
        if not (_asked(text) or _WHERE_OR_WHETHER.search(said)
                or parse_answer(text, d.words).question):
            return False
        return self._tell("out_of_scope", "side_amenity")

    def before_starting(self, text: str) -> bool:
        """"换一张几钿？" to "您是要换领身份证吗？": the fee (time, materials) of the service
        (or catalogue guide) asked about, from its guide — or the photo rules ("眼镜要拿下来
        伐？") when it takes a photo — then the same question again: the answer decides
        whether it is wanted."""
        d = self.d
        # "您是想问拍证件照怎么办吗？": that guide's item (or catalogue guide)
        intent, guide = candidate_item(d.candidate)
        if not intent or (intent not in d.flows and not guide) or d.guide_answers is None:
            return False
        heard = self._question_heard(text)
        if heard is None:
            return False
        if "ask_photo" in heard and (intent == PHOTO_GUIDE or intent not in d.flows
                                     or self.takes_photo(intent)):
            # "眼镜要拿下来伐？" before a photo — or about a document applied for at a window
            # ("您是想问普通护照申领换发怎么办吗？"), whose photo follows the same rules
            reply: str | None = d.text("side_photo")
        else:
            topic = next((ASKS[k] for k in BEFORE_STARTING if k in heard), None)
            reply = d.guide_answers(intent, topic) if topic is not None else None
        return self._answer_and_ask_again(reply)

    def topic_asked(self, text: str) -> str | None:
        """What a question about a service asks ("要收钞票伐" → fees; its time, its
        materials), or ``None`` when ``text`` is no such question."""
        heard = self._question_heard(text)
        return next((ASKS[k] for k in BEFORE_STARTING if k in heard), None) if heard else None

    def posted_elsewhere(self, text: str) -> bool:
        """"寄到我女儿家里去" at the way to collect: posting goes only to the registered
        address — said (``side_delivery``), and the question again; it was taken as "post" and
        the citizen's own address read back as if it were the daughter's."""
        d = self.d
        step = d.engine.step if d.ctx is not None else None
        if d.state != State.CHOICE or not isinstance(step, ChoiceStep) or step.slot != "delivery":
            return False
        if "ask_delivery" not in d.priority.heard(text) or (
                d.understanding.option_from_text(text) != "post"):
            return False
        return self._tell("guide.ask", "side_delivery")

    def other_kind(self, text: str) -> bool:
        """"探亲" (or 商务, 读书 …) at "办哪种签注？", which offers only the tours: where that
        kind is done, and that a tour endorsement does for a visit (text ``tour_other``), then
        the question again — it was "没听懂"."""
        d = self.d
        ctx = d.ctx
        step = d.engine.step if ctx is not None else None
        if ctx is None or d.state != State.CHOICE or not isinstance(step, ChoiceStep) or (
                step.slot != "tour" or not d.texts.has(ctx.flow, "tour_other")):
            return False
        if not _OTHER_KIND.search("".join(text.split())) or (
                d.understanding.option_from_text(text) is not None):
            return False
        return self._tell("guide.ask", "tour_other")

    def _tell(self, intent: str, key: str) -> bool:
        """Say text ``key`` (heard as ``intent``), then the question that was open."""
        d = self.d
        d.heard_intent = intent
        d.say(key)
        d.reprompt(reask=True)
        return True

    def asked_about_the_step(self, text: str) -> bool:
        """``text`` is a question of the kinds answered mid-flow (:data:`ASKS`): "等一下，这个
        滞纳金是怎么回事" is no wish for time but this question (so is "等一歇，这个一千块的
        是啥事体" about a record looked up)."""
        heard = self._question_heard(text) if text else None
        return heard is not None and (not heard.isdisjoint(ASKS) or bool(self.records_told(text)))

    def records_told(self, text: str) -> str:
        """The violation records looked up that ``text`` asks about, one sentence each
        (:func:`assistant.dialog.fines.records_asked`); "" for none."""
        d = self.d
        ctx = d.ctx
        if ctx is None or not d.texts.has(ctx.flow, "record_here"):
            return ""
        return "".join(
            d.text("record_window" if v["window"] else "record_here", date=v.get("date", ""),
                   what=v.get("what", ""), fine=amount_text(float(v.get("fine", 0))))
            for v in fines.records_asked(ctx, text))

    def _question_heard(self, text: str) -> set[str] | None:
        """The ``listen_for`` lists ``text`` holds when it is a question and no yes/no."""
        d = self.d
        answer = parse_answer(text, d.words)
        if answer.value is not None or not (answer.question or answer.unsure or _asked(text)):
            return None
        # ("驾驶证不晓得掉哪里去了，寻了好几天": 好几天 asks no time — it answered the time limit)
        return d.priority.heard(without_time_phrases("".join(text.split())))

    def _answer_and_ask_again(self, reply: str | None) -> bool:
        """Say ``reply`` (a question's answer), then the question that was open."""
        if not reply:
            return False
        d = self.d
        d.heard_intent = "guide.ask"
        d.say_text(reply)
        d.reprompt(reask=True)
        return True

    def about_this_guide(self, text: str) -> bool:
        """"换一张几钿？" right after a guide's answer ("要现在就在这里办吗？"): asked about
        that guide when the question names no other one — answered (with the guide's
        sentence that holds the detail asked, when one does), then the offer again."""
        d = self.d
        guide = d.reader.guide_id
        if guide is None or d.guide_answers is None or d.nlu is None:
            return False
        heard = self._question_heard(text)
        topic = next((ASKS[k] for k in (*BEFORE_STARTING, "ask_location") if k in heard),
                     None) if heard else None
        # "那找回来的旧证还能用吗", "低保户要钱伐": the sentence of this guide that says it
        asked = d.understanding.detail_of(guide, text) if heard is not None else None
        if topic is None and asked is None:
            return False
        match = d.understand(text)
        guessed = str(match.decision) != "accept" and match.intent in d.flows and not (
            d.switching.names(match.intent, text))  # "交上去几天好批下来" read unsurely as
        # the traffic look-up, whose words are not said: this guide's
        if (match.intent not in ("guide.ask", "out_of_scope", guide) and asked is None
                and not guessed) or (
                match.guide is not None and match.guide.id != guide
                and str(match.decision) == "accept"):
            return False  # another guide named clearly: the general understanding takes it
        # (read as nothing — "查一趟要钞票伐？" — or as its own service, it is this guide's)
        if asked is not None:
            return self._answer_and_ask_again(asked)
        return self._answer_and_ask_again(d.guide_answers(guide, topic))

    def other_guide(self, text: str) -> str | None:
        """A clear question about another service ("办护照要多少钱"): its guide's answer
        in one line, then "我们接着……"."""
        d = self.d
        ctx = d.ctx
        if d.nlu is None or d.guide_answers is None or ctx is None:
            return None
        match = d.understand(text)
        # a question about a named guide: taken when sure, and when only likely if the
        # question names that service (the answer names the guide too, so a wrong guess
        # is heard as such); never this flow's own guide or the guide of a device it uses
        # (the photo booth: the way there)
        if match.intent != "guide.ask" or str(match.decision) not in ("accept", "confirm") or (
                match.guide is None or match.guide.id in (ctx.flow, *self.device_guides())):
            return None
        title = match.guide.title
        if str(match.decision) != "accept" and not names_other(text, title,
                                                               d.title_of(ctx.flow)):
            return None  # "要几天能拿到啊" names no service: a guess, not an answer
        aspect = match.slots.get("aspect")
        answer = d.guide_answers(match.guide.id, str(aspect) if aspect else None)
        if not answer:
            return None
        if title and title not in answer:  # "这项业务不能在自助机上办理" → which one
            answer = (answer.replace(OTHER_SERVICE, title, 1) if OTHER_SERVICE in answer
                      else f"{title}：{answer}")
        return answer + d.text("side_continue", title=d.title_of(ctx.flow))

    def waits_for_user(self) -> bool:
        """The busy step waits for the user to act (the permit reader), not for a back end."""
        step = self.d.engine.step
        return isinstance(step, CallStep) and bool(step.answers)

    def amount_known(self) -> bool:
        """What this transaction will cost is settled: at the confirmation and the payment,
        once the fines to be paid here were read out ("一共317.5元", then "车是您本人开的
        吗？ … 要多少钱啊"), and once a fee that depends on an answer was priced — then
        "要多少钱" is answered with that amount, not with the guide's general rule."""
        d = self.d
        ctx = d.ctx
        if ctx is None or ctx.amount <= 0:
            return False
        if d.state in (State.CONFIRM, State.PAYMENT) or "payable" in ctx.values:
            return True
        spec = d.texts.flows.get(ctx.flow)
        return spec is not None and bool(spec.fee_by) and spec.fee_by in ctx.values \
            and ctx.fee == spec.fees.get(str(ctx.values[spec.fee_by]))

    def device_guides(self) -> tuple[str, ...]:
        """Guides of the devices this flow uses (the ID-photo guide for a photo step)."""
        ctx = self.d.ctx
        if ctx is None:
            return ()
        return (PHOTO_GUIDE,) if self.takes_photo(ctx.flow) else ()

    def takes_photo(self, flow: str) -> bool:
        """Flow ``flow`` has a photo step."""
        return any(getattr(s, "device", "") == "photo" for s in self.d.flows[flow].steps)

    def priced_choices(self, text: str) -> str | None:
        """At a choice whose options carry their fee ("一次有效，15元；……二次有效，30元"):
        the fee of the option ``text`` names ("签两次的多少钱" → "二次有效，30元。"), else the
        options read again with their prices — not the guide's whole fee table; at any
        choice, an option named whose title says it is free ("寄到家里要钱伐" → "免费邮寄到
        家。"); ``None`` elsewhere."""
        d = self.d
        prompt = d.prompt
        step = d.engine.step if d.ctx is not None else None
        if d.state != State.CHOICE or prompt is None or not isinstance(step, ChoiceStep) or (
                d.ctx is None):
            return None
        option = d.understanding.option_from_text(text)
        if option is not None and option in prompt.listen.options and _FREE in (
                said := d.engine.option_said(step, option)):
            return said + "。"  # "寄到家里要钱伐": "免费邮寄到家。" (it was the service's fee)
        if d.texts.flows[d.ctx.flow].fee_by != step.slot:
            return None
        if option is None or option not in prompt.listen.options:
            return d.text("side_options") + prompt.choices
        return d.engine.option_said(step, option) + "。"

    def reply(self, topic: str, text: str = "") -> str | None:
        d = self.d
        ctx = d.ctx
        assert ctx is not None
        if topic == "fees" and self.amount_known():
            if late_fees(ctx.values.get("payable", ())) <= 0:
                return d.text("side_amount", amount=amount_text(ctx.amount))
            # fines with a late fee: both parts as the fines were read out (fines.set_payable),
            # and what a late fee is when asked ("要罚多少钱啊，那个滞纳金是啥")
            said = d.text("side_amount_fines", amount=amount_text(ctx.amount),
                          fine=ctx.fields["fine"], late=ctx.fields["late"])
            return said + (d.text("side_late_fee") if _LATE_FEE.search(text) else "")
        if topic == "photo":
            return d.text("side_photo")
        if topic == "collect":  # "到哪里拿？" at the way to collect: the window, and when
            step = d.engine.step
            if d.state != State.CHOICE or not isinstance(step, ChoiceStep) or (
                    "collect" not in (d.prompt.listen.options if d.prompt else ())):
                return None
            return d.text("side_collect", option=d.engine.option_said(step, "collect"))
        if topic == "privacy":  # "我的信息会不会存起来": used for this only, then wiped
            return d.text("side_privacy")
        if topic == "retake":  # "照出来难看好重拍伐": when a photo is taken here
            photo = d.state == State.PHOTO or self.takes_photo(ctx.flow)
            return d.text("side_retake") if photo else None
        if topic == "location":  # "照相的地方在哪": the way to the device of this step
            step = d.engine.step
            if getattr(step, "device", "") == "face":  # "摄像头在哪里啊": on this kiosk
                return d.text("side_camera")
            if isinstance(step, CardStep) or self.waits_for_user():
                return d.text("side_reader")  # "通行证放哪里啊": the reader of this kiosk
            device = getattr(step, "device", "") or d.device_of(ctx.flow)
            return d.direction_to(str(device)) if device else None  # never the guide's
        if topic == "options":  # "一次跟两次有什么区别": each option with its price
            prompt = d.prompt
            if d.state != State.CHOICE or prompt is None or not prompt.choices:
                return None
            return d.text("side_options") + prompt.choices
        if topic == "delivery":
            return d.text("side_delivery")
        if topic == "proxy":  # "让我妈帮我去窗口拿行不行？": who may collect
            return d.text("side_proxy")
        if d.guide_answers is None:
            return None
        return d.guide_answers(ctx.flow, topic)


_LATE_FEE = re.compile(r"滞纳金|滞纳|加收|加罚|多罚|多收|罚息|加钱")
"""Words asking about the late fee of a fine."""


GENERIC = frozenset({"办理", "查询", "证件", "业务", "进度", "自助", "申请", "领取", "补发",
                     "换发", "签注", "遗失", "收费", "时限", "材料", "地点"})
"""Two-character words of guide titles that name no service by themselves."""


def names_other(text: str, title: str, current: str) -> bool:
    """``text`` names the service of guide ``title`` ("护照在哪里办" — 普通护照遗失补发: 护照),
    with a word that is not in ``current`` (the title of the transaction in progress)."""
    said = {text[i:i + 2] for i in range(len(text) - 1)}
    named = {title[i:i + 2] for i in range(len(title) - 1)}
    mine = {current[i:i + 2] for i in range(len(current) - 1)}
    return bool((said & named) - mine - GENERIC)


