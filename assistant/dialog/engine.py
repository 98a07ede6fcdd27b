"""The generic step engine: runs any flow's step list (one engine, thirteen flows)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.dialog.actions import Listen
from assistant.dialog.events import DeviceResult
from assistant.dialog.paying import Paying
from assistant.dialog.plate_keys import PlateLetters
from assistant.dialog.states import State
from assistant.dialog.steps import (
    CallStep,
    CardStep,
    CheckStep,
    ChoiceStep,
    ConfirmStep,
    DeviceStep,
    FinishStep,
    Flow,
    FlowContext,
    InformStep,
    PayStep,
    PriceStep,
    PrintStep,
    SlotStep,
    Step,
    Stop,
)
from assistant.dialog.words import (
    LOCAL_PLATE_PREFIX,
    YES_OPTION,
    parse_id_number,
    parse_phone,
    parse_plate,
    patch_places,
    patch_value,
    read_out,
    spoken_digits,
    spoken_serial,
    swap_digit,
)
from assistant.domain.idcard import IdCard, id_check_digit
from assistant.domain.money import amount_text
from assistant.domain.operations import (
    BACKENDS,
    CancelOrder,
    Operation,
    PrintReceipt,
    QueryBackend,
    SubmitApplication,
    operation_of,
)
from assistant.domain.plate import SERIAL
from assistant.nlu.clauses import affirmed_text

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

PLATE_AGAIN = "plate_again"
"""``FlowContext.retries`` key: the plate was asked for again after an unknown plate."""
PARSERS = {"plate_number": parse_plate, "id_number": parse_id_number, "phone": parse_phone}
_PAUSES = re.compile(r"[\s，,。.…、]+|嗯|呃|额|那个|啊")
"""What a pause leaves inside a number said in pieces ("浙L一二三，嗯，四五")."""


DIGIT_SAID = "[0-9零〇洞一幺二两三四五六七八九拐勾]"
"""One digit as a number is read out (洞 for 0, 幺 for 1, 拐 for 7, 勾 for 9)."""
_TAIL_SAID = re.compile(rf"(?:是|应该是|改成|该是|后面是)?(?P<v>{DIGIT_SAID}{{1,4}})[吧啊呀的]*")
"""The last digits of a number said again after 不对 ("……，不对，是五")."""
_LAST_CLAUSE = re.compile(r"[，,。.：:！!…]+")
"""Where the words said before a number's first part end ("号码我背得出的，三三零九零三")."""
_RETRACTED = re.compile(r"(?:不|勿|弗)\s*对|(?:讲|说)\s*错\s*了")
"""Where a number said in pieces is taken back ("一九九零 不对 一九九六")."""
PLATE_LENGTH = len(LOCAL_PLATE_PREFIX) + SERIAL
"""Characters of a local plate: a plate said in pieces is complete at this length."""
ID_LENGTH = 18
"""Characters of an ID number."""
_GOES_ON = re.compile(r"^(?:后面|后头|后边|接下来|下面|然后|剩下)的?(?:么|是|呢|嘛|啊)*")
"""How the next part of a number is begun ("后面么……洞二洞三"): no part of it."""
_ID_PART = re.compile(r"[0-9]{1,17}X?", re.IGNORECASE)
"""Part of an ID number typed or written in figures."""


def _refused_digits(text: str) -> str:
    """The 18 characters of an ID number said in ``text`` that was refused, or ""."""
    digits = spoken_digits(text) or re.sub(r"[^0-9X]", "", text.upper())
    return digits if len(digits) == ID_LENGTH else ""


class FlowEngine:
    """Drives ``dialog.ctx`` through its flow's steps."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog
        self.paying = Paying(self)
        self.letters = PlateLetters(self)

    # ------------------------------------------------------------------ helpers
    @property
    def ctx(self) -> FlowContext:
        ctx = self.d.ctx
        if ctx is None:
            raise RuntimeError("no flow is running")
        return ctx

    @property
    def flow(self) -> Flow:
        return self.d.flows[self.ctx.flow]

    @property
    def step(self) -> Step:
        return self.flow.steps[self.ctx.index]

    def text_key(self, *candidates: str) -> str:
        return next((k for k in candidates if self.d.has_text(k)), candidates[-1])

    def stop_flow(self, stop: Stop) -> None:
        self.d.end(stop.outcome, stop.key, **stop.fields)

    # ------------------------------------------------------------------ moving on
    def advance(self) -> None:
        """Start the next step that applies."""
        ctx = self.ctx
        steps = self.flow.steps
        if ctx.index < 0 and ctx.flow in self.d.texts.not_offered:
            # guides/site.yaml: this site does not offer it — say why before anything else
            what, why = self.d.texts.not_offered[ctx.flow]
            self.stop_flow(Stop("not_offered", "redirected", {"what": what, "reason": why}))
            return
        while True:
            ctx.index += 1
            if ctx.index >= len(steps):
                self.d.end("completed")
                return
            step = steps[ctx.index]
            if step.when is not None and not step.when(ctx):
                continue
            if isinstance(step, CardStep) and ctx.card is not None:
                continue
            if isinstance(step, ChoiceStep) and step.slot in ctx.values:
                self.set_choice_fields(step, str(ctx.values[step.slot]))
                continue
            if isinstance(step, PayStep) and ctx.amount <= 0:
                continue
            self.start_step(step)
            return

    def start_step(self, step: Step) -> None:
        d, ctx = self.d, self.ctx
        if isinstance(step, CardStep):
            d.ask(State.CARD, step.id, Listen("card", keys=d.keypad.common()))
        elif isinstance(step, DeviceStep):
            # the photo booth stands elsewhere: say where first (not again on a retry)
            hint, ask = d.direction_to(step.device), d.text(step.id)
            d.ask(State(step.device), step.id, Listen(step.device, keys=d.keypad.common()),
                  text=hint + ask, reask=ask if hint else "")
            d.call(self._device_operation(step))
        elif isinstance(step, SlotStep):
            ctx.digits = ""
            self.letters.stop()
            ctx.pending_value = ctx.values.pop(step.slot, None)
            if ctx.pending_value is not None and step.slot in ctx.heard_back:
                self.on_yes_no(True)  # read out in "您是要……吗？" and confirmed there
                return
            if ctx.pending_value is not None and step.readback:
                self.read_back(step, str(ctx.pending_value))
                return
            d.ask(State.SLOT, step.id, Listen("slot", slot=step.slot, keys=d.keypad.digits()))
        elif isinstance(step, ChoiceStep):
            self._ask_choice(step)
        elif isinstance(step, PriceStep):
            self._price(step)
        elif isinstance(step, CheckStep):
            stop = step.check(ctx) if step.check is not None else None
            if stop is not None:
                self.stop_flow(stop)
            else:
                self.advance()
        elif isinstance(step, CallStep):
            args = step.args(ctx) if step.args is not None else {}
            keys = d.keypad.common(back=False)
            keys.update(dict(step.answers))  # "没有通行证按2"
            d.ask(State.BUSY, self.text_key(step.id, "busy"), Listen("none", keys=keys))
            d.call(self._call_operation(step, {"txn_id": ctx.txn_id, **args}))
        elif isinstance(step, InformStep):
            if step.each:
                for item in ctx.values.get(step.each, ()):
                    d.say(step.id, **self._item_fields(dict(item)))
            else:
                d.say(step.id)
            self.advance()
        elif isinstance(step, ConfirmStep):
            ctx.question = "confirm"
            yn = d.text("yes_no_keys")
            d.ask(State.CONFIRM, step.id, Listen("confirm", keys=d.keypad.yes_no()),
                  text=d.text(step.id) + yn, choices=yn)
        elif isinstance(step, PayStep):
            self.paying.start()
        elif isinstance(step, PrintStep):
            lines = step.lines(ctx) if step.lines is not None else []
            d.ask(State.BUSY, "printing", Listen("none", keys=d.keypad.common(back=False)))
            d.call(PrintReceipt(ctx.txn_id, d.title_of(ctx.flow), tuple(lines)))
        elif isinstance(step, FinishStep):
            d.end("completed", step.id)

    def close_open_order(self) -> None:
        """Close an order that was created but not paid (no money can be taken after)."""
        d, ctx = self.d, self.ctx
        if ctx.order_id is not None and not ctx.paid and not ctx.committed:
            d.call(CancelOrder(ctx.txn_id, ctx.order_id))
            ctx.order_id = None

    def on_wait_key(self, meaning: str) -> bool:
        """A key that answers while a step waits for the user (``CallStep.answers``)."""
        ctx = self.d.ctx
        if ctx is None or not 0 <= ctx.index < len(self.flow.steps):
            return False
        step = self.step
        if not isinstance(step, CallStep) or meaning not in dict(step.answers).values():
            return False
        self.stop_flow(Stop(meaning, "redirected"))
        return True

    def at_offer(self) -> bool:
        """The question open is an offer that may be declined ("现在就缴这两条吗？")."""
        ctx = self.d.ctx
        if ctx is None or ctx.question != "confirm" or not 0 <= ctx.index < len(
                self.flow.steps):
            return False
        step = self.step
        return isinstance(step, ConfirmStep) and step.declinable

    def _item_fields(self, item: dict[str, Any]) -> dict[str, Any]:
        """An item's values, plus ``{k_text}`` from the text ``k_v`` where there is one."""
        fields = dict(item)
        for k, v in item.items():
            if isinstance(v, str) and self.d.has_text(f"{k}_{v}"):
                fields[f"{k}_text"] = self.d.text(f"{k}_{v}", **item)
        return fields

    def _price(self, step: PriceStep) -> None:
        """The fee for the answer in ``step.slot``, from the flow's fee table."""
        ctx = self.ctx
        spec = self.d.texts.flows.get(ctx.flow)
        value = str(ctx.values.get(step.slot, ""))
        if spec is None or spec.fee_by != step.slot or value not in spec.fees:
            self.stop_flow(Stop("payment_unavailable", "failed"))  # never guess an amount
            return
        ctx.fee = ctx.amount = spec.fees[value]
        ctx.fields.update(fee=amount_text(ctx.fee), amount=amount_text(ctx.amount))
        self.advance()

    @staticmethod
    def _call_operation(step: CallStep, args: dict[str, Any]) -> Operation:
        """A back-end look-up, the submission a payment paid for (``commit``), or a device
        read (the e-permit) as a typed operation."""
        if step.adapter not in BACKENDS:
            return operation_of(step.adapter, step.op, args)
        kind = SubmitApplication if step.commit else QueryBackend
        return kind.build(step.adapter, step.op, args)

    def _device_operation(self, step: DeviceStep) -> Operation:
        """The face check, fingerprint or photo of ``step`` as a typed operation."""
        return operation_of(step.device, step.op,
                            {"txn_id": self.ctx.txn_id, **self._device_args(step)})

    def _device_args(self, step: DeviceStep) -> dict[str, Any]:
        ctx = self.ctx
        args = step.args(ctx) if step.args is not None else {}
        if step.device in ("face", "finger") and ctx.card is not None:
            args.setdefault("reference", ctx.card.photo)
            args.setdefault("id_number", ctx.card.number)
        return args

    def back(self) -> None:
        """Go back one question (before the first: to the sub-menu it was chosen in, else
        the menu)."""
        d, ctx = self.d, self.ctx
        if d.state == State.READBACK:
            self.start_step(self.step)
            return
        if self.letters.active():  # choosing the letters of a plate: type it again
            self.letters.retype()
            return
        if not ctx.history:
            if not d.back_to_submenu():
                d.command("start_over")
            return
        index = ctx.history.pop()
        step = self.flow.steps[index]
        self.close_open_order()  # back from the payment: the code shown is closed
        if isinstance(step, SlotStep | ChoiceStep):
            ctx.values.pop(step.slot, None)
        if isinstance(step, ConfirmStep):
            ctx.values.pop("declined", None)
        ctx.index = index
        d.say("going_back")
        self.start_step(step)

    # ------------------------------------------------------------------ answers
    def card_answers_step(self) -> bool:
        """True when the current question is the ID number, which a card answers."""
        step = self.step
        return isinstance(step, SlotStep) and step.type == "id_number" and self.ctx.card is None

    def on_card(self, card: IdCard) -> None:
        self.ctx.card = card
        self.d.say("card_read", name=card.name)
        self.advance()

    def on_digit_key(self, key: str, meaning: str) -> None:
        """A key in a digit slot: ``digits``, ``done`` (confirm) or ``repeat``."""
        d, ctx = self.d, self.ctx
        step = self.step
        assert isinstance(step, SlotStep)
        if meaning == "digits":
            ctx.digits += key
            d.say_text(key, "digit")
            d.reprompt(say=False)
        elif meaning == "repeat":
            if ctx.digits:
                ctx.digits = ""
                d.say("digits_cleared")
                d.reprompt(say=False)
            else:
                d.command("repeat")
        else:  # done
            typed, ctx.digits = ctx.digits, ""
            if step.type == "plate_number" and self.letters.start(typed):
                return  # 3 or 4 digits of a plate: its letters are chosen next (浙LA8888)
            if step.type == "plate_number" and len(typed) == 5:
                value: str | None = LOCAL_PLATE_PREFIX + typed
            elif step.type == "id_number" and len(typed) == 17 and id_check_digit(typed) == "X":
                value = typed + "X"  # the keypad has no X: 17 digits then confirm (read back)
            else:
                value = PARSERS[step.type](typed) if typed else None
            if value is None:
                self.slot_not_understood()
            else:
                self.read_back(step, value)

    def value_in(self, text: str) -> bool:
        """``text`` holds a value of the number step the flow is at (a plate, an ID
        number), said plainly; ``False`` when no flow is running (at "您是要……吗？")."""
        if self.d.ctx is None:
            return False
        step = self.step
        return isinstance(step, SlotStep) and PARSERS[step.type](text) is not None

    def value_for_later(self, text: str) -> bool:
        """A plate said at the card ("浙L66666" before the owner's card): kept for the plate
        step ahead — "车牌号记下了" and the card asked for again — and read back when that
        step comes (it was "没听懂", and the plate asked for again after the card)."""
        ctx = self.ctx
        for step in self.flow.steps[ctx.index + 1:]:
            if isinstance(step, SlotStep) and step.type == "plate_number" and (
                    step.slot not in ctx.values):
                value = PARSERS[step.type](text)
                if value is None:
                    return False
                ctx.values[step.slot] = value
                self.d.heard_intent = "plate_noted"
                self.d.say("plate_noted")
                self.d.reprompt(reask=True)
                return True
        return False

    def on_slot_text(self, text: str) -> bool:
        """Try ``text`` as the slot value; ``False`` when it is not one."""
        step = self.step
        assert isinstance(step, SlotStep)
        parse = PARSERS[step.type]
        kept = affirmed_text(text)
        later = parse(kept) if kept is not None else None
        # "浙L12345，不对，是12346": what is said after 不对; "浙L一二三，嗯，四五": one number
        value = later or (None if kept is not None and self.ctx.piece else (
            parse(text) or parse(_PAUSES.sub("", text))))  # (not the words taken back
        # joined to the next part of a number said in pieces: "三五……不对，三四五")
        mended = patch_value(self.ctx.refused, text) if self.ctx.refused else None
        if value is None and mended is not None:
            value = parse(mended)  # "不对，最后一位是一" after a number with a wrong digit
        if later is None and kept is not None and not self.ctx.piece and (
                tail := _TAIL_SAID.fullmatch(_PAUSES.sub("", kept))) is not None:
            # "浙L一二三四六，不对，是五", an ID number whose check digit failed and "不对，
            # 是一": its last digits said again — mended, and the read-back is the check
            before = _RETRACTED.split(text)[0]
            first = parse(before) or (
                spoken_digits(before) if step.type == "id_number" else None) or ""
            digits = spoken_digits(tail.group("v")) or ""
            if 0 < len(digits) < len(first):
                value = parse(first[:-len(digits)] + digits) or value
        elif later is None and kept is not None and not self.ctx.piece and (
                said_first := parse(_RETRACTED.split(text)[0])) is not None and (
                placed := patch_places(said_first, kept)) is not None:
            value = parse(placed) or value  # "浙L幺二三四六，哦不对，最后一个是五"
        elif later is not None and (placed := patch_places(later, text)) is not None:
            value = parse(placed) or value  # (the same, the number kept by the clauses)
        if value is None and self.number_piece(step, text):
            return True
        if value is None:
            self.ctx.refused = _refused_digits(text) or self.ctx.refused
            return False
        self.ctx.piece = ""
        swapped, _ = swap_digit(value, text, plate=step.type == "plate_number")
        if swapped is not None and (fixed := parse(swapped)) is not None:
            value = fixed  # "浙L六六六六九……不是，五个全是六": mended inside the answer
        self.ctx.refused = ""
        self.read_back(step, value)
        return True

    def number_piece(self, step: SlotStep, text: str) -> bool:
        """A number said in pieces, one breath at a time ("三三零九零二" — "一九五三零四一二"
        — "一二四一"; "浙L一二" — "三四五"): a first part is kept and read back ("好的，3 3 0 9 0
        2，请接着说。"), the next joined to it; the whole is then read back as if said at once.
        A part that makes the number too long starts it again.  ``False`` when ``text`` is
        no part of a number of ``step``'s kind (then it is not understood as usual)."""
        ctx = self.ctx
        if step.type not in ("plate_number", "id_number"):
            return False
        # "三三零九零二……哦讲错了，三三零九零三": what follows the retraction
        kept = affirmed_text(text)
        part = self._piece(step.type, _PAUSES.sub("", kept or text))
        if not part and kept is None and not ctx.piece:
            # "号码我背得出的，三三零九零三": a first part said after words of its own
            part = self._piece(step.type, _PAUSES.sub("", _LAST_CLAUSE.split(text)[-1]))
        if part and kept is not None:
            # "三三零九二一一九九零 不对 一九九六": the last digits said again, the rest kept
            dropped = _RETRACTED.split(text)[0]
            earlier = self._piece(step.type, _PAUSES.sub("", dropped))
            if earlier and len(part) < len(earlier) and part[0] not in LOCAL_PLATE_PREFIX:
                part = earlier[:-len(part)] + part
        full = PLATE_LENGTH if step.type == "plate_number" else ID_LENGTH
        if not part:
            return False
        joined = ctx.piece + part
        value = PARSERS[step.type](joined)
        if value is not None:
            ctx.piece = ""
            self.read_back(step, value)
            return True
        if len(joined) >= full:
            joined = part  # too long once joined: started again (this part read back alone)
        if len(joined) >= full or (step.type == "plate_number"
                                   and not joined.startswith(LOCAL_PLATE_PREFIX)):
            ctx.piece = ""  # no part of a number: refused as usual, nothing kept
            return False
        ctx.piece = joined
        self.d.heard_intent = "number_piece"
        self.d.say("slot_piece", value=read_out(joined))
        self.d.reprompt(say=False)
        return True

    def is_piece(self, step: SlotStep, said: str) -> bool:
        """``said`` is a part of a number of ``step``'s kind, as :meth:`number_piece` takes
        it."""
        return step.type in ("plate_number", "id_number") and bool(
            self._piece(step.type, _PAUSES.sub("", said)))

    def _piece(self, kind: str, said: str) -> str | None:
        """The part of a plate or ID number ``said`` holds (a plate's first part with 浙L,
        the next ones without), or ``None``."""
        if self.ctx.piece:
            said = _GOES_ON.sub("", said)  # "后面么……洞二洞三洞幺六七"
        if kind == "id_number":
            return spoken_digits(said) or (said.upper() if _ID_PART.fullmatch(said) else None)
        prefix = LOCAL_PLATE_PREFIX
        if self.ctx.piece:
            return spoken_serial(said)
        rest = said[len(prefix):] if said.upper().startswith(prefix) else None
        # "浙L" alone, then "幺二三", then "四五": the prefix is the first part
        digits = "" if rest == "" else spoken_serial(rest) if rest is not None else None
        return f"{prefix}{digits}" if digits is not None else None

    def slot_not_understood(self) -> None:
        step = self.step
        prompt = self.d.prompt
        if prompt is not None and prompt.nomatch >= 1 and self.d.has_text("slot_invalid_2"):
            # the second time: say how, not again (letters only of a plate)
            kind = step.type if isinstance(step, SlotStep) else "slot"
            self.d.no_match(say_key=self.text_key(f"{kind}_invalid_2", "slot_invalid_2"))
            return
        self.d.no_match(say_key=self.text_key(f"{step.id}_invalid", "slot_invalid"))

    def read_back(self, step: SlotStep, value: str) -> None:
        d, ctx = self.d, self.ctx
        ctx.pending_value = value
        if not step.readback:
            self.on_yes_no(True)
            return
        yn = d.text("yes_no_keys")
        text = d.text("readback", value=read_out(value)) + yn
        d.ask(State.READBACK, "readback", Listen("confirm", slot=step.slot, keys=d.keypad.yes_no()),
              text=text, choices=yn)

    def _ask_choice(self, step: ChoiceStep) -> None:
        d = self.d
        spec = d.texts.flows[self.ctx.flow]
        options = spec.options[step.options]
        ids = tuple(o.id for o in options)
        choices = d.options_text([self.option_said(step, o.id) for o in options])
        keys = d.keypad.options(ids)
        yes = [o.id for o in options if YES_OPTION in o.words]
        if len(yes) == 1:  # a yes/no question ("寄到……，对吗？"): the confirm key is its yes
            keys[d.keypad.confirm] = yes[0]
        listen = Listen("choice", slot=step.slot, options=ids, keys=keys)
        d.ask(State.CHOICE, step.id, listen,
              text=d.text(step.id) + choices, choices=choices,
              words={o.id: (*o.words, o.title) for o in options})

    def option_said(self, step: ChoiceStep, option: str) -> str:
        """How option ``option`` of ``step`` is said: its title, with its price when the
        answer sets the fee ("一次有效，15元")."""
        d = self.d
        spec = d.texts.flows[self.ctx.flow]
        title = next(o.title for o in spec.options[step.options] if o.id == option)
        if spec.fee_by != step.slot or option not in spec.fees:
            return title
        return d.text("option_fee", title=title, amount=amount_text(spec.fees[option]))

    def set_choice_fields(self, step: ChoiceStep, value: str) -> None:
        options = self.d.texts.flows[self.ctx.flow].options.get(step.options, ())
        title = next((o.title for o in options if o.id == value), value)
        self.ctx.fields[step.slot] = value
        self.ctx.fields[f"{step.slot}_title"] = title
        for o in options:  # a later rule may change the answer ("搬家了": collect it)
            self.ctx.fields[f"{step.slot}_title_{o.id}"] = o.title

    def on_choice(self, option: str) -> None:
        step = self.step
        if isinstance(step, SlotStep):  # a letter of a plate typed by keys
            self.letters.choose(option)
            return
        assert isinstance(step, ChoiceStep)
        self.ctx.values[step.slot] = option
        self.set_choice_fields(step, option)
        if self.d.text_event and self.d.utterance:
            # "两次的，跟团" at "办哪种签注？": the times said with the tour are kept too
            said = self.d.answering.choices_said(self.ctx.flow, self.d.utterance)
            for later in self.flow.steps[self.ctx.index + 1:]:
                if isinstance(later, ChoiceStep) and later.slot not in self.ctx.values and (
                        value := said.get(later.slot)) is not None:
                    self.ctx.values[later.slot] = value
                    self.set_choice_fields(later, value)
            if self.d.later is None:
                self.d.switching.noted_with_an_answer(self.d.utterance)
        self.ctx.history.append(self.ctx.index)
        self.advance()

    def on_yes_no(self, yes: bool) -> None:
        d, ctx = self.d, self.ctx
        step = self.step
        if isinstance(step, SlotStep):
            if yes:
                ctx.values[step.slot] = ctx.pending_value
                ctx.fields[step.slot] = ctx.pending_value
                ctx.pending_value = None
                ctx.history.append(ctx.index)
                self.advance()
            else:
                ctx.pending_value = None
                d.ask(State.SLOT, self.text_key(f"{step.id}_again", "slot_again"),
                      Listen("slot", slot=step.slot, keys=d.keypad.digits()))
        elif ctx.question == "pay_retry":
            if not yes:
                self.stop_flow(Stop("pay_cancelled", "cancelled"))
            elif ctx.order_id is not None:
                self.paying.await_payment()
            else:
                self.paying.create_order(self.paying.method())
        elif yes:
            ctx.history.append(ctx.index)
            self.advance()
        elif isinstance(step, ConfirmStep) and step.declinable:
            ctx.values["declined"] = True  # "不用了": the offer is declined, the flow goes on
            self.close_open_order()
            ctx.history.append(ctx.index)
            d.say(self.text_key(f"{step.id}_no", "confirm_intent_no"))
            self.advance()
        else:
            self.stop_flow(Stop("not_submitted", "cancelled"))

    # ------------------------------------------------------------------ devices and payment
    def commit_step(self) -> CallStep | None:
        steps = self.flow.steps[self.ctx.index + 1:]
        return next((s for s in steps if isinstance(s, CallStep) and s.commit), None)

    def ask_pay_retry(self, key: str) -> None:
        d, ctx = self.d, self.ctx
        ctx.question = "pay_retry"
        yn = d.text("yes_no_keys")
        d.ask(State.CONFIRM, key, Listen("confirm", keys=d.keypad.yes_no(back=False)),
              text=d.text(key) + yn, choices=yn)

    def on_device(self, result: DeviceResult) -> None:
        d, ctx = self.d, self.ctx
        step = self.step
        if isinstance(step, DeviceStep) and result.kind == step.device:
            self._device_result(step, result)
        elif isinstance(step, PayStep) and result.kind == "payment":
            self.paying.on_device(result)
        elif isinstance(step, CallStep) and result.kind == "backend":
            if result.outcome != "ok":
                reason = str(result.data.get("reason", ""))
                key = self.text_key(f"{step.id}_{reason}", f"{step.id}_failed", "backend_failed")
                self.stop_flow(Stop(key, "failed", {"reason": reason}))
                return
            if result.data.get("registered") is False:  # an unknown plate: never "no fines"
                if not self.plate_again():
                    self.stop_flow(Stop(self.text_key(f"{step.id}_unregistered",
                                                      "plate_unregistered"), "failed"))
                return
            ctx.data[step.id] = result.data
            if step.commit:
                ctx.committed = True
            stop = step.on_result(ctx, result.data) if step.on_result is not None else None
            if stop is not None:
                self.stop_flow(stop)
            else:
                self.advance()
        elif isinstance(step, PrintStep) and result.kind == "print":
            if result.outcome != "ok":
                d.say("print_failed")
            self.advance()
        else:
            d.reprompt(say=False)

    def plate_again(self) -> bool:
        """The back end knows no such plate: misheard or mistyped far more often than
        not, so the plate is asked for once more ("没有查到这辆车…请再说一遍车牌号");
        a second unknown plate ends the transaction as before.  ``False`` when it was
        asked again already or no plate question lies behind."""
        ctx = self.ctx
        if ctx.retries.get(PLATE_AGAIN):
            return False
        steps = self.flow.steps
        at = next((n for n, i in enumerate(ctx.history)
                   if isinstance(step := steps[i], SlotStep) and step.type == "plate_number"),
                  None)
        if at is None:
            return False
        ctx.retries[PLATE_AGAIN] = 1
        index = ctx.history[at]
        del ctx.history[at:]
        ctx.values.pop("plate_number", None)
        ctx.index = index
        self.d.say("plate_unknown_again")
        self.start_step(steps[index])
        return True

    def _device_result(self, step: DeviceStep, result: DeviceResult) -> None:
        d, ctx = self.d, self.ctx
        if result.outcome == "ok":
            ctx.data[step.id] = result.data
            if step.device == "photo" and "photo_id" in result.data:
                ctx.values["photo_id"] = result.data["photo_id"]
            d.say(self.text_key(f"{step.id}_ok", f"{step.device}_ok"))
            self.advance()
            return
        tries = ctx.retries.get(step.id, 0) + 1
        ctx.retries[step.id] = tries
        if tries >= d.config.device_retries:
            failed = self.text_key(f"{step.id}_failed", f"{step.device}_failed")
            self.stop_flow(Stop(failed, "failed"))
            return
        reason = str(result.data.get("reason", "")) if result.outcome == "fail" else "timeout"
        d.say(self.text_key(f"{step.device}_{reason}", f"{step.device}_retry"))
        d.reprompt(reask=True)
        d.call(self._device_operation(step))
