"""Questions asked in the middle of a transaction ("要多少钱啊", "眼镜要摘吗", "要几天拿到",
"户口本要带吗"): answered briefly, then the current question is asked again in short; a
clear question about another service gets its guide's answer and "现在继续办……".

What is asked comes from ``common.yaml`` ``listen_for:`` (``ask_fees``, ``ask_duration``,
``ask_materials``, ``ask_photo``, ``ask_delivery``), said as a question; the answer from
the transaction itself (the amount already worked out) or the service's guide (the
injected ``guide_answers``; the guide of a self-service item has the intent's name), or
a text of ``common.yaml`` (``side_photo``, ``side_delivery``).  Nothing is answered that
the data does not say.  A helper of :class:`~assistant.dialog.core.Dialog`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.dialog.words import parse_answer

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

ASKS = {"ask_fees": "fees", "ask_duration": "duration", "ask_materials": "materials",
        "ask_photo": "photo", "ask_delivery": "delivery", "ask_options": "options",
        "ask_location": "location"}
"""``listen_for`` list → what the question is about."""
FLOW_STATES = ("card", "face", "photo", "finger", "slot", "readback", "choice", "confirm",
               "payment")
PHOTO_GUIDE = "photo.id_photo"
"""The photo rules are the ID-photo guide's conditions."""


class SideQuestions:
    """Answers a question about the transaction in progress, then asks again."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog

    def on_text(self, text: str) -> bool:
        d = self.d
        ctx = d.ctx
        if ctx is None or d.state not in FLOW_STATES:
            return False
        answer = parse_answer(text, d.words)
        if not (answer.question or answer.unsure):
            return False
        heard = d.priority.heard(text)
        topic = next((ASKS[k] for k in ASKS if k in heard), None)
        # "办护照要多少钱": another service's guide, never this one's fee; what to bring,
        # photo rules, the way to the device, delivery and the options are about this one
        own = topic in ("materials", "photo", "location", "delivery", "options")
        reply = self.other_guide(text) if not own else None
        if not reply and topic is not None:
            reply = self.reply(topic)
        if not reply:
            return False
        d.heard_intent = "guide.ask"
        d.say_text(reply)
        if topic == "options":  # the options were just read, with their keys
            d.reprompt(say=False)
        elif d.state == "confirm" and ctx.question == "confirm":
            d.say("side_again_confirm")
            d.reprompt(say=False)
        else:
            d.reprompt(reask=True)
        return True

    def other_guide(self, text: str) -> str | None:
        """A clear question about another service ("办护照要多少钱"): its guide's answer
        in one line, then "现在继续办……"."""
        d = self.d
        ctx = d.ctx
        if d.nlu is None or d.guide_answers is None or ctx is None:
            return None
        match = d.nlu.understand(text)
        if match.intent != "guide.ask" or str(match.decision) != "accept" or (
                match.guide is None or match.guide.id == ctx.flow):
            return None
        aspect = match.slots.get("aspect")
        answer = d.guide_answers(match.guide.id, str(aspect) if aspect else None)
        if not answer:
            return None
        return answer + d.text("side_continue", title=d.title_of(ctx.flow))

    def reply(self, topic: str) -> str | None:
        d = self.d
        ctx = d.ctx
        assert ctx is not None
        if topic == "fees" and ctx.amount > 0 and d.state in ("confirm", "payment"):
            return d.text("side_amount", amount=_yuan(ctx.amount))
        if topic == "photo":
            return d.text("side_photo")
        if topic == "location":  # "照相的地方在哪": the way to the device of this step
            step = d.engine.step
            device = getattr(step, "device", "") or d.flows[ctx.flow].device
            return d.direction_to(str(device)) if device else None  # never the guide's
        if topic == "options":  # "一次跟两次有什么区别": each option with its price
            prompt = d.prompt
            if d.state != "choice" or prompt is None or not prompt.choices:
                return None
            return d.text("side_options") + prompt.choices
        if topic == "delivery":
            return d.text("side_delivery")
        if d.guide_answers is None:
            return None
        return d.guide_answers(ctx.flow, topic)


def _yuan(amount: float) -> str:
    return f"{amount:.2f}".rstrip("0").rstrip(".")
