"""Switching service in the middle of a flow (issue 12): "不对，我要办台湾的" asks whether to
drop the transaction in progress for the other one (never once paid or submitted); "不对不对，
我是要换，不是补" is the other item of the same document; a yes after the final confirmation
is asked once more; "不是" goes back to the question that was open.  A helper of
:class:`~assistant.dialog.core.Dialog` (``dialog.switching``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.dialog.actions import Listen
from assistant.dialog.answering import REFUSED_ACTION, clauses_of, said_verbs
from assistant.dialog.meanings import SWITCHABLE
from assistant.dialog.states import State
from assistant.dialog.words import parse_answer
from assistant.nlu.cues import sounds_like_question

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

_SIBLINGS = {"renew": "replace", "replace": "renew"}
"""The two items of one document (换领 / 补领), which people correct into each other."""
_ITEM_VERBS = {"renew": "换", "replace": "补"}
_CORRECTION = re.compile(r"不对|不是|勿对|勿是|搞错|弄错|说错|讲错|改成|改为")
_LATER = re.compile(r"等下|等一下|等会|等一会|等一歇|待会|回头|办好了?再|办完了?再|完了再|然后|之后"
                    r"|以后|也要|也帮我|顺便|还要|还有|先把(?:这|搿|该)")
"""Words that put a second service after the one in progress ("等下罚款也要交掉", "搿个办好以后
我还有罚款要交的，先把这个弄好")."""
_REFUSED_VERB = re.compile(REFUSED_ACTION + r"|([办补换交缴签拍查弄领])的?(?:不|勿|弗)(?:要|用)了")
"""A refused action, its verb kept ("补的勿办了": 办; "补的不要了": 补)."""
_ANOTHER_WAY = re.compile(r"换(?:成|个|一个|种|一种|一下)(?!证|本|张|新|驾|身|行)")
"""换 that changes a way, not the document ("不是，不要寄，换成自己拿")."""
RESUMABLE_STEPS = (*SWITCHABLE, "face", "photo")
"""Flow states where a correction to the document's other item offers the switch."""


class Switching:
    """Offers, confirms and takes back a switch of service for ``dialog``."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog
        self.switch_asked = 0
        """How many times the switch of service now being confirmed was asked."""
        self.corrected = False
        """The switch offered is a correction to the other item of the same document ("勿是
        换，是补"): its yes needs no second question."""

    def offer(self, text: str, confidence: float | None) -> bool:
        """A clear request for another service in the middle of a flow ("不对，我要办台湾
        的"): ask whether to drop this one for it (nothing is paid or submitted yet).

        Only when the request (after a leading "不对/不是") is understood as that service
        (accept, or confirm) *and* names it (``common.yaml`` ``service_names``) *and* does
        not name the service in progress; "我现在到哪一步了" never is (priority words)."""
        d = self.d
        ctx = d.ctx
        if d.nlu is None or ctx is None or ctx.paid or ctx.committed or d.prompt is None:
            return False
        sibling = self.sibling_meant(ctx.flow, text) if d.state in RESUMABLE_STEPS else None
        if sibling is not None:  # "不对不对，我是要换，不是补" (also at the face or photo)
            intent, slots = sibling, {}
        else:
            if d.state not in SWITCHABLE:
                return False
            answer = parse_answer(text, d.words)
            said = answer.rest if answer.value is False and answer.rest else text
            if not self.names_another(ctx.flow, said):
                return False  # (what the understanding below would conclude, without it)
            if sounds_like_question(said) and not said_verbs(said):
                return False  # "要不要把行驶证拿出来" at the plate: a question, nothing asked for
            match = d.understand(said, asr_confidence=confidence)
            if str(match.decision) not in ("accept", "confirm") or (
                    match.intent not in d.flows or match.intent == ctx.flow
                    or match.intent == d.understanding.offered()):
                return False  # (paying, asked for at the offer to pay now, is its yes)
            if not self.names(match.intent, said) or self.names(ctx.flow, said):
                return False
            intent, slots = match.intent, dict(match.slots)
        if intent in d.texts.not_offered:
            # "还有个事，我想顺便签个去台湾的签注" where the site does not offer it: why, and
            # this transaction goes on (no "改成……吗？" for a "是" that ends in a refusal)
            what, why = d.texts.not_offered[intent]
            d.heard_intent = intent
            d.say("not_offered", what=what, reason=why)
            d.reprompt()
            return True
        d.switch_from = (d.state, d.prompt)
        self.switch_asked = 1
        self.corrected = sibling is not None
        d.candidate = (intent, slots)
        yn = d.text("yes_no_keys")
        said_text = d.text("switch_confirm", title=d.title_of(intent))
        d.heard_intent = intent
        d.ask(State.CONFIRM_INTENT, "switch_confirm", Listen("confirm", keys=d.keypad.yes_no()),
              text=said_text + yn, choices=yn)
        return True

    def note_later(self, text: str) -> bool:
        """Another service wished for after this one ("等下罚款也要交掉" while the ID card
        is renewed): noted for this session, said back ("好的，缴纳交通违法罚款等这件办完再
        办。"), and this question asked again; the wish is recalled when the session ends
        (:meth:`recall_later`).  Nothing is started, switched or dropped."""
        d = self.d
        if d.prompt is None or not self.noted_with_an_answer(text):
            return False
        d.heard_intent = "later"
        d.reprompt()
        return True

    def noted_with_an_answer(self, text: str) -> bool:
        """The other service ``text`` wishes for after this one (:meth:`note_later`), noted and
        said back — also when ``text`` answers the question too ("一次的，等一下签好了我还要交
        罚款": the times taken, the fine noted before the next question)."""
        d = self.d
        ctx = d.ctx
        if (ctx is None or _LATER.search("".join(text.split())) is None
                or self.names(ctx.flow, text)):
            return False
        wanted = [intent for intent in d.texts.common.service_names
                  if intent != ctx.flow and intent in d.flows and self.names(intent, text)]
        if len(wanted) != 1 or not d.can_start_here(wanted[0]):
            return False
        d.later = wanted[0]
        d.say("later_noted", title=d.title_of(wanted[0]))
        return True

    def recall_later(self) -> None:
        """At the end of the session: the service wished for during it, to ask for again
        ("您刚才说还要缴纳交通违法罚款，请再说一次，就能开始。")."""
        d = self.d
        if d.later is not None and (d.ctx is None or d.ctx.flow != d.later):
            d.say("later_recalled", title=d.title_of(d.later))
        d.later = None

    def sibling_meant(self, flow: str, text: str) -> str | None:
        """The other item of ``flow``'s document when ``text`` corrects 补 to 换 or back
        ("不对不对，我是要换，不是补" in 补领身份证: 换领身份证): a correction word, the
        other item's action said, this one's only denied; else None."""
        family, _, item = flow.partition(".")
        other = _SIBLINGS.get(item)
        if other is None or f"{family}.{other}" not in self.d.flows:
            return None
        s = _ANOTHER_WAY.sub("", "".join(text.split()))
        mine, theirs = _ITEM_VERBS[item], _ITEM_VERBS[other]
        if not _CORRECTION.search(s) or theirs not in s:
            return None
        if mine in s and not re.search(f"(?:不是|勿是|不要|覅|不)[^，,。.!?！？]{{0,4}}?{mine}", s):
            return None
        return f"{family}.{other}"

    def names_another(self, flow: str, text: str) -> bool:
        """Whether ``text`` names a service of the kiosk's flows other than ``flow`` and
        does not name ``flow``: without that, no understanding of it can be a switch
        (:meth:`offer`), and the intent model is not asked (~1 ms an utterance)."""
        s = "".join(text.split())
        names = self.d.texts.common.service_names

        def named(intent: str) -> bool:  # (:meth:`names`, the text split once)
            return any(all(part and part in s for part in word.split("+"))
                       for word in names.get(intent, ()))

        if named(flow):
            return False
        return any(intent != flow and intent in self.d.flows and named(intent)
                   for intent in names)

    def names(self, intent: str, text: str) -> bool:
        """Whether ``text`` names service ``intent`` (``service_names``; ``A+B``: both)."""
        s = "".join(text.split())
        for word in self.d.texts.common.service_names.get(intent, ()):
            if all(part and part in s for part in word.split("+")):
                return True
        return False

    def old_one_dropped(self, text: str) -> bool:
        """At "您是要改成换领身份证吗？" asked during 补领: a yes first, and a refusal of an
        action the offered service does not name — the one being left ("对，是换，补的勿办
        了"): no cancel, and no second question (:meth:`ask_switch_again`)."""
        d = self.d
        clauses = [c for c in clauses_of(text) if c.strip()]
        if d.state != State.CONFIRM_INTENT or d.ctx is None or not clauses or (
                d.candidate[0] in ("", d.ctx.flow)):
            return False
        refused = {m.group(1) or m.group(2)
                   for m in _REFUSED_VERB.finditer("".join(text.split()))}
        return bool(refused) and refused.isdisjoint(d.title_of(d.candidate[0])) and (
            parse_answer(clauses[0], d.words).value is True)

    def ask_switch_again(self) -> bool:
        """A yes to switching after the final confirmation was asked: ask once more, saying
        what is dropped ("改了的话，换领身份证就不办了。确定改吗？"); ``False`` when no
        second question is needed (or it was just answered), as for a correction to the
        other item of the same document ("勿是换，是补！" — "是额是额")."""
        d = self.d
        if d.switch_from is None or d.switch_from[0] != "confirm" or self.switch_asked != 1 or (
                self.corrected or self.old_one_dropped(d.utterance)) or (
                d.ctx is not None and d.candidate[0]
                and self.sibling_meant(d.ctx.flow, d.utterance) == d.candidate[0]):
            return False  # ("对的，改成补办": the change said again in words, not a bare yes)
        self.switch_asked = 2
        yn = d.text("yes_no_keys")
        title = d.title_of(d.ctx.flow) if d.ctx is not None else ""
        d.ask(State.CONFIRM_INTENT, "switch_confirm_again",
              Listen("confirm", keys=d.keypad.yes_no()),
              text=d.text("switch_confirm_again", title=title) + yn, choices=yn)
        return True

    def stay_in_flow(self) -> None:
        """"不是": back to the question the user was answering before asking to switch."""
        d = self.d
        assert d.switch_from is not None
        state, prompt = d.switch_from
        d.switch_from = None
        d.say("switch_no")
        d.prompt = replace(prompt, noinput=0, nomatch=0)
        d.trigger(f"ask_{state}")
