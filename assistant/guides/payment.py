"""``payment:`` of a site in ``guides/site.yaml``: how citizens can pay at this site.

::

    payment:
      methods: [qr, card, cashier]   # in the order the kiosk offers them (keys 1, 2, 3)
      where:                         # said to a citizen who cannot see the screen
        qr: 屏幕下方，键盘正上方
        card: 键盘右边
        cashier: 进门右手边的值班窗口

``qr`` the QR code on the screen (WeChat, Alipay, UnionPay); ``card`` a bank or
social-security card on the POS reader (only where one is fitted); ``cashier`` cash at the
cashier window.  A site without ``payment:`` takes the QR code only.
"""

from __future__ import annotations

from yaml.nodes import Node

from assistant.guides.model import PaymentSetup
from assistant.guides.nodes import Reader, closest

METHODS = ("qr", "card", "cashier")
"""Payment methods a site may list."""


def read_payment(node: Node | None, reader: Reader) -> PaymentSetup:
    """The site's payment methods (problems go to ``reader``; QR only when absent)."""
    if node is None:
        return PaymentSetup()
    fields = reader.mapping(node, "payment", required=("methods",), optional=("where",))
    if fields is None:
        return PaymentSetup()
    methods: list[str] = []
    for item in reader.sequence(fields.get("methods"), "methods"):
        name = reader.text(item, "a payment method")
        if name is None:
            continue
        if name not in METHODS:
            hint = closest(name, METHODS)
            reader.problem(item, f"unknown payment method '{name}'",
                           (f"did you mean '{hint}'? " if hint else "")
                           + f"use {', '.join(METHODS)} (qr 扫码, card 刷卡, cashier 窗口交现金)")
            continue
        if name in methods:
            reader.problem(item, f"payment method '{name}' is listed twice", "keep only one")
            continue
        methods.append(name)
    if fields.get("methods") is not None and not methods:
        reader.problem(fields.get("methods"), "a site needs at least one payment method",
                       "write e.g. 'methods: [qr]'")
    where: dict[str, str] = {}
    where_node = fields.get("where")
    if where_node is not None:
        for method, text_node in (reader.mapping(where_node, "payment where") or {}).items():
            text = reader.text(text_node, f"where of {method}")
            if method not in methods:
                reader.problem(text_node, f"where describes '{method}', which this site's "
                               "methods do not list", "add it to methods or remove the line")
            elif text:
                where[method] = text.rstrip("。，")
    return PaymentSetup(tuple(methods) or ("qr",), where)
