"""The payment step: the methods this site has (QR code, card on the POS reader, cash at
the cashier window), offered by voice and keys, and the orders behind them.

A helper of :class:`~assistant.dialog.engine.FlowEngine` (``engine.paying``).  The QR code
is shown first (most people pay so); the same prompt says the key of every other method
the site has (``guides/site.yaml`` ``payment:``).  "我没有微信" / "不会扫码" / "老人机"
lists the other ways and a person; "我眼睛看不见" / "二维码在哪" says where the code (or the
card reader, or the window) is, from the site file.  A user who has only pressed keys so
far hears where the code is in the first prompt.  Changing method closes the open order
first — if it was paid meanwhile, that payment counts and no second order is made — so a
transaction never has two live orders.  A refund goes back by the method paid with.

"我已经扫过了呀" before the terminal confirmed anything: not yet received, it goes on by
itself once it is, never a second charge (``pay_said_paid``).

Words: ``common.yaml`` ``words:`` ``pay_qr pay_card pay_cashier pay_no_phone
pay_cannot_see pay_said_paid`` (heard anywhere in the sentence); texts ``pay_*``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.dialog.actions import Listen
from assistant.dialog.events import DeviceResult
from assistant.dialog.states import State
from assistant.dialog.steps import FlowContext, Stop
from assistant.domain.money import amount_text
from assistant.domain.operations import (
    CancelOrder,
    CreateOrder,
    PrintReceipt,
    Refund,
    SubmitApplication,
    WaitPayment,
)

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog
    from assistant.dialog.engine import FlowEngine

METHODS = ("qr", "card", "cashier")
"""Every payment method the dialog knows (``site.yaml`` lists the site's own)."""
NEGATIONS = ("没有", "没", "不会", "不用", "不要", "不能", "不")
"""Said right before a method's word, the method is the one the user cannot use."""


_AGAIN = re.compile(r"再(?:来|试|付|弄|交)(?:一)?(?:趟|次|遍|下|回)")
"""Asked whether to try the payment again: "再来一趟", "再试一次" are the yes."""


@dataclass(frozen=True)
class PaySetup:
    """The payment methods of this site, in the order offered (key 1, 2, 3)."""

    methods: tuple[str, ...] = ("qr",)
    where: Mapping[str, str] = field(default_factory=dict)
    """Method → where it is ("屏幕下方，键盘正上方"), said to those who cannot see it."""

    def key(self, method: str) -> str:
        return str(self.methods.index(method) + 1)


class Paying:
    """Runs :class:`~assistant.dialog.steps.PayStep` for the engine."""

    def __init__(self, engine: FlowEngine) -> None:
        self.e = engine
        self.card_in = False
        """A card was put into the reader before it was armed (it stays in the slot): the
        reader, armed for it now, asks for the PIN — no "请把银行卡插进刷卡器"."""

    # ------------------------------------------------------------------ helpers
    @property
    def setup(self) -> PaySetup:
        return self.e.d.texts.payment

    @property
    def ctx(self) -> FlowContext:
        return self.e.ctx

    def method(self) -> str:
        method = str(self.ctx.values.get("pay_method") or "")
        return method if method in self.setup.methods else self.setup.methods[0]

    def _set_method(self, method: str) -> None:
        d, ctx = self.e.d, self.ctx
        ctx.values["pay_method"] = method
        ctx.fields["refund_how"] = d.text(f"refund_{method}")

    def _where(self, method: str) -> str:
        where = self.setup.where.get(method)
        return self.e.d.text(f"pay_where_{method}", where=where) if where else ""

    def _others(self, method: str) -> str:
        """"刷银行卡或社保卡按2，到窗口交现金按3。" — the site's other methods."""
        d = self.e.d
        parts = [d.text(f"pay_key_{m}", key=self.setup.key(m))
                 for m in self.setup.methods if m != method]
        return "，".join(parts) + "。" if parts else ""

    def _keys(self) -> dict[str, str]:
        keys = {self.setup.key(m): f"pay_{m}" for m in self.setup.methods}
        keys.update(self.e.d.keypad.common(back=False))
        return keys

    # ------------------------------------------------------------------ orders
    def start(self) -> None:
        """The payment step begins: an order by the first (or chosen) method."""
        self.create_order(self.method())

    def create_order(self, method: str) -> None:
        d, ctx = self.e.d, self.ctx
        self._set_method(method)
        ctx.order_attempt += 1
        ctx.order_id = f"{ctx.txn_id}-p{ctx.order_attempt}"
        then = self.e.commit_step()
        submit = None
        if then is not None:
            args = then.args(ctx) if then.args is not None else {}
            submit = SubmitApplication.build(then.adapter, then.op, {"txn_id": ctx.txn_id,
                                                                      **args})
        # after "改成刷卡" nothing more to say while the reader is armed
        quiet = method != "qr" or ctx.order_attempt > 1
        d.ask(State.BUSY, "pay_creating", Listen("none", keys=d.keypad.common(back=False)),
              text="" if quiet and ctx.values.get("pay_switched") else None)
        d.call(CreateOrder(ctx.txn_id, ctx.order_id, ctx.amount, d.title_of(ctx.flow), ctx.flow,
                           submit, method))

    def await_payment(self) -> None:
        """Show the code (or arm the card reader, or print the slip) and wait."""
        d, ctx = self.e.d, self.ctx
        method = self.method()
        where = self._where(method)
        if method == "qr":
            d.show("qr", order_id=ctx.order_id, amount=ctx.amount)
            where = where if d.keys_only else ""  # blind users listen and press keys
        else:
            d.show(f"pay_{method}", order_id=ctx.order_id, amount=ctx.amount)
        if method == "cashier":
            d.call(PrintReceipt(ctx.txn_id, d.text("pay_slip_title"),
                                (d.text("pay_slip_line", amount=amount_text(ctx.amount)),
                                 f"{d.title_of(ctx.flow)}：{ctx.order_id}")))
        others = self._others(method)
        key = self.e.step.id if method == "qr" else f"pay_{method}"
        if method == "card" and self.card_in:
            key, where = "pay_card_in", ""  # the card is in the slot already
        self.card_in = False
        text = d.text(key) + where + others
        listen = Listen("payment", options=tuple(f"pay_{m}" for m in self.setup.methods),
                        keys=self._keys())
        d.ask(State.PAYMENT, key, listen, text=text, choices=others, reask=d.text(key) + others)
        d.call(WaitPayment(ctx.txn_id, ctx.order_id or "", ctx.amount, method))

    def switch(self, method: str) -> None:
        """Pay another way: close the open order, then (``on_cancelled``) a new one."""
        d, ctx = self.e.d, self.ctx
        self._set_method(method)
        ctx.values["pay_switched"] = True
        d.say("pay_switch", method_title=d.text(f"pay_title_{method}"))
        if ctx.order_id is None:
            self.create_order(method)
            return
        d.ask(State.BUSY, "busy", Listen("none", keys=d.keypad.common(back=False)), text="")
        d.call(CancelOrder(ctx.txn_id, ctx.order_id or "", switching=True))

    def _paid(self) -> None:
        d, ctx = self.e.d, self.ctx
        ctx.paid = True
        d.say("paid", amount=amount_text(ctx.amount))
        self.e.advance()

    def on_device(self, result: DeviceResult) -> None:
        d, ctx, e = self.e.d, self.ctx, self.e
        if result.op == "create_order":
            if result.outcome != "ok":
                e.stop_flow(Stop("payment_unavailable", "failed"))
            elif result.data.get("already_paid"):  # paid before by another method
                ctx.order_id = str(result.data.get("order_id") or ctx.order_id)
                if result.data.get("method") in METHODS:
                    self._set_method(str(result.data["method"]))
                self._paid()
            else:
                self.await_payment()
        elif result.op == "cancel" and d.state == State.BUSY:
            if result.data.get("status") == "paid":  # paid just before the change: keep it
                if result.data.get("method") in METHODS:
                    self._set_method(str(result.data["method"]))
                self._paid()
            else:
                self.create_order(self.method())
        elif result.op == "pos_idle":  # a card put on the reader while the QR code is on
            if "card" in self.setup.methods and d.state == State.PAYMENT:
                self.card_in = True
                self.on_key("pay_card")
            else:
                d.say("not_now")
                d.reprompt(say=False)
        elif result.op == "wait":
            if result.outcome == "ok":
                self._paid()
            elif result.outcome == "timeout":
                d.call(CancelOrder(ctx.txn_id, ctx.order_id or ""))
                ctx.order_id = None
                e.ask_pay_retry(e.text_key(f"pay_timeout_{self.method()}", "pay_timeout"))
            else:
                reason = str(result.data.get("reason", ""))
                e.ask_pay_retry(e.text_key(f"pay_{reason}_{self.method()}", f"pay_{reason}",
                                        "pay_failed"))
        else:
            d.reprompt(say=False)

    def paid_after_close(self, result: DeviceResult) -> None:
        """An order closed on the way back ("返回" at the payment) had been paid just
        before: that money is given back at once (the question asked now stays)."""
        d, ctx = self.e.d, self.e.d.ctx
        order_id = str(result.data.get("order_id") or "")
        if ctx is None or not order_id or ctx.paid:
            return
        d.call(Refund(ctx.txn_id, order_id))
        d.say("refunded", amount=amount_text(ctx.amount))
        ctx.txn_id += "r"  # a payment after this one is a new journal entry
        d.reprompt(say=False)

    # ------------------------------------------------------------------ what the user does
    def on_key(self, meaning: str) -> None:
        """A method's key (``pay_card``): change to it, or say where it is when it is the
        one in use."""
        method = meaning.removeprefix("pay_")
        if method not in self.setup.methods:
            self.e.d.no_match()
        elif method == self.method():
            self.describe()
        else:
            self.switch(method)

    def describe(self) -> None:
        """Where the code / reader / window is, how to use it, and the other ways."""
        d = self.e.d
        method = self.method()
        d.say_text(self._where(method) + d.text(f"pay_how_{method}") + self._others(method))
        d.reprompt(say=False)

    def on_text(self, text: str) -> bool:
        """"我眼睛看不见" / "我没有微信" / "刷卡" while paying; ``False``: not about paying."""
        d = self.e.d
        said = "".join(text.split())
        method = self.method()
        if _has(said, _words(d, "pay_cannot_see")):
            d.heard_intent = "pay_cannot_see"
            self.describe()
            return True
        paid_at = next((said.find(w) for w in _words(d, "pay_said_paid") if w in said), -1)
        if paid_at >= 0 and not any(said[:paid_at].endswith(n) for n in ("还没", "没", "未")):
            d.heard_intent = "pay_said_paid"  # the terminal has not confirmed it (yet)
            d.say("pay_not_yet")
            d.say("pay_staff")
            d.reprompt(say=False)
            return True
        named = self._named(said)
        if named is not None and not named[1] and named[0] != method:
            d.heard_intent = f"pay_{named[0]}"  # "交现金好不好": change to it
            self.switch(named[0])
            return True
        if self._no_phone(said, named):
            d.heard_intent = "pay_no_phone"  # "我没有微信，老人机", "没有银行卡"
            others = self._others(method)
            d.say("pay_cannot" if others else "pay_no_other")
            d.say_text(others)
            d.say("pay_staff")
            d.reprompt(say=False)
            return True
        ctx = self.ctx
        if ((named is not None and not named[1]) or _AGAIN.search(said)) and (
                d.state == State.CONFIRM and ctx is not None and ctx.question == "pay_retry"):
            # "付款没有成功……要再试一次吗？" — "再扫一遍", "手机卡牢了，再来一趟": the retry
            d.heard_intent = "yes"
            self.e.on_yes_no(True)
            return True
        if named is not None:
            d.heard_intent = f"pay_{method}"
            self.describe()
            return True
        return False

    def at_confirm(self, text: str) -> bool:
        """At the final confirmation of a paid transaction: "我是老人机，没有微信的" is no
        "no" — the site's other ways are said and the question asked again; "那我交现金
        好了" / "刷卡" is a yes that pays that way.  ``False``: no word about paying."""
        d = self.e.d
        said = "".join(text.split())
        named = self._named(said)
        if self._no_phone(said, named):
            d.heard_intent = "pay_no_phone"
            ways = [d.text(f"pay_way_{m}") for m in self.setup.methods if m != "qr"]
            d.say_text(d.text("pay_other_ways", list="，或者".join(ways)) if ways
                       else d.text("pay_no_other"))
            d.say("side_again_confirm")
            d.reprompt(say=False)
            return True
        if named is not None:
            d.heard_intent = f"pay_{named[0]}"
            self._set_method(named[0])
            self.ctx.values["pay_switched"] = named[0] != "qr"  # no "正在生成付款码" for cash
            d.apply_answer("yes")
            return True
        return False

    def _no_phone(self, said: str, named: tuple[str, bool] | None) -> bool:
        """"我没有微信，老人机" / "没有银行卡" / "微信我不会弄": a way to pay the user cannot use
        (``named``: :meth:`_named` of ``said``)."""
        return _has(said, _words(self.e.d, "pay_no_phone")) or (named is not None and (
            named[1] or _CANNOT.search(said) is not None))

    def about_paying(self, text: str) -> bool:
        """``text`` names a way to pay while one is asked for or about to be ("微信我不会弄",
        "刷卡"): the payment's own answers take it, before "弄不来" offers a person."""
        d, ctx = self.e.d, self.e.d.ctx
        paying = d.state == State.PAYMENT or (
            d.state == State.CONFIRM and ctx is not None and ctx.amount > 0
            and ctx.question in ("confirm", "pay_retry"))
        return paying and self.names_method(text)

    def names_method(self, text: str) -> bool:
        """``text`` names one of this site's ways to pay ("交现金", "刷卡", "微信")."""
        return self._named("".join(text.split())) is not None

    def _named(self, said: str) -> tuple[str, bool] | None:
        """The method named in ``said`` (the longest word wins) and whether it is negated
        ("没有银行卡")."""
        best: tuple[int, str, bool] | None = None
        for method in self.setup.methods:
            for word in _words(self.e.d, f"pay_{method}"):
                at = said.find(word)
                if at < 0 or (best is not None and len(word) <= best[0]):
                    continue
                negated = any(said[:at].endswith(n) for n in NEGATIONS)
                best = (len(word), method, negated)
        return None if best is None else (best[1], best[2])


_CANNOT = re.compile(r"不会|勿会|弗会|[弄搞用扫][不勿弗]来|[弄搞][不勿弗]懂|用不了|弄不了")
"""Can't use it ("微信我不会弄", "支付宝扫勿来"), said of a way to pay that is named."""


def _words(d: Dialog, name: str) -> tuple[str, ...]:
    return tuple(d.texts.words.get(name, ()))


def _has(said: str, words: tuple[str, ...]) -> bool:
    return any(w and w in said for w in words)


