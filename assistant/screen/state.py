"""What the kiosk screen shows: a pure view model of the conversation.

:class:`ScreenModel` turns what the dialog does (``Say`` texts as they start, what was
heard, ``Listen`` / ``Show`` / ``CallAdapter`` / ``End`` actions) into a
:class:`ScreenView`, a plain JSON-able snapshot the page draws.  No threads, sockets or
clocks here: :mod:`assistant.screen.hub` wraps it for the server, and the unit tests
drive it directly.

Rules (docs/screen.md, "State rules"):

- The screen only mirrors the conversation: everything on it was also spoken.
- A new user turn (something heard) starts a new caption; each ``Say`` adds to it.
- Buttons come from the last ``Listen``'s ``keys``; a digit slot shows a digit pad.
- Personal data is masked: names read from the card as ``张*明``, ID numbers as
  ``3309**********009X``, any other long digit run by :func:`assistant.privacy.mask_text`.
- ``End`` clears everything at once (caption, heard, QR code, receipt, buttons).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from assistant.dialog.actions import Action, CallAdapter, End, Listen, Say, Show
from assistant.domain.money import amount_text
from assistant.privacy import mask_id_number, mask_name, mask_text
from assistant.session import script

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

WELCOME = "欢迎"
"""Headline of the idle screen."""
IDLE_HINT = "请说话，或按任意键开始"
"""Line under the headline when idle."""

COMMAND_LABELS: dict[str, str] = {
    "yes": "是",
    "no": "不是",
    "repeat": "重复",
    "back": "返回",
    "cancel": "取消",
    "call_staff": "找工作人员",
    "help": "帮助",
    "next": "下一段",
    "previous": "上一段",
    "from_start": "从头读",
    "emergency": "紧急求助",
    "louder": "大声点",
    "quieter": "小声点",
    "slower": "慢一点",
    "faster": "快一点",
    "take_time": "慢慢来",
    "start_over": "重新开始",
}
"""Button labels of the command meanings a key can have (``Listen.keys`` values)."""
COMMANDS = frozenset({"repeat", "back", "cancel", "call_staff", "help", "emergency"})
"""Meanings shown in the smaller row of universal commands, not as main options."""
DEVICE_WORDS = {"face": "人脸核验", "photo": "拍照", "finger": "指纹核验", "pay": "付款"}
OUTCOME_WORDS = {"ok": "完成", "fail": "未通过", "timeout": "超时"}


@dataclass(frozen=True)
class Button:
    """One touch button: pressing it is the same as pressing ``key`` on the keypad."""

    key: str
    """Keypad key it stands for (``1``…``9``, ``0``, ``*``, ``#``)."""
    label: str
    """What it says (``身份证业务``, ``是``, ``返回``)."""
    role: str
    """``option`` (large, in the main list) or ``command`` (the universal row)."""


@dataclass(frozen=True)
class DigitPad:
    """Keys of a digit-entry pad: 0-9 plus clear and confirm."""

    clear: str | None
    """Key that clears what was typed (the repeat key), if any."""
    confirm: str | None
    """Key that finishes typing (the confirm key), if any."""
    typed: str
    """What was typed so far, masked like any other number."""


@dataclass(frozen=True)
class Step:
    """The step indicator: "第2步，共5步：核对信息"."""

    n: int
    """Number of the current stage, from 1."""
    total: int
    """Number of stages."""
    title: str
    """Name of the current stage."""
    text: str
    """The whole line as shown."""


@dataclass(frozen=True)
class Qr:
    """The payment QR code."""

    svg: str
    """The code as inline SVG (made here, never from user input)."""
    amount: str
    """Amount to pay as shown ("20元")."""
    label: str
    """Text alternative of the code for screen readers."""


@dataclass(frozen=True)
class Receipt:
    """What the receipt printer printed."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ScreenView:
    """One snapshot of the screen (sent to the page as JSON)."""

    mode: str
    """``idle`` (between sessions) or ``session``."""
    session: int
    """Counts sessions since start; the page resets the large-text toggle when it changes."""
    caption: str = ""
    """What the kiosk is saying now (this turn's prompts)."""
    heard: str = ""
    """What the kiosk understood the user to say or do ("按键 1"); empty if nothing."""
    step: Step | None = None
    buttons: tuple[Button, ...] = ()
    pad: DigitPad | None = None
    qr: Qr | None = None
    receipt: Receipt | None = None
    announcement: str = ""
    """Announcements shown when idle (set by :meth:`ScreenModel.idle`)."""
    options_version: int = 0
    """Changes whenever the buttons change; a press drawn for an older set is stale."""
    welcome: str = WELCOME
    hint: str = IDLE_HINT
    wake_key: str | None = None
    """When idle: the key the "开始" button sends (None: no button; the session starts by
    voice or keypad only)."""

    def to_json(self) -> dict[str, Any]:
        """Plain dict (lists, not tuples) as the page gets it."""
        plain: dict[str, Any] = _plain(asdict(self))
        return plain


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def mask_known(text: str, known: Iterable[str]) -> str:
    """``text`` with each ``known`` secret masked (numbers like ID numbers, other strings
    like names: ``张*明``), then every other long digit run (:func:`mask_text`)."""
    for secret in sorted({k for k in known if k and len(k) > 1}, key=len, reverse=True):
        digits = sum(c.isdigit() for c in secret)
        masked = mask_id_number(secret) if digits >= 6 else mask_name(secret)
        text = text.replace(secret, masked)
    return mask_text(text)


def describe_line(line: str | None) -> str:
    """What a user turn looks like on screen: text as heard, events in words.

    ``<key:1>`` → ``按键 1``, ``<card:expired>`` → ``放入身份证``, ``<pay:ok>`` →
    ``付款完成``; silence and empty lines → ``""`` (nothing heard).
    """
    if line is None:
        return ""
    item = script.parse(line)
    match item:
        case script.TextLine(text):
            return text
        case script.KeyLine(key) | script.UnknownLine(name="key", arg=key):
            return f"按键 {COMMAND_LABELS.get(key, key)}"  # a function key by its name
        case script.StaffLine() | script.UnknownLine(name="staff"):
            return "工作人员已到"
        case script.CardLine() | script.UnknownLine(name="card"):
            return "放入身份证"
        case script.CardRemovedLine() | script.UnknownLine(name="card-removed"):
            return "取走身份证"
        case script.DeviceLine(device, outcome):
            return DEVICE_WORDS[device] + OUTCOME_WORDS[outcome]
        case script.UnknownLine(name=name, arg=arg) if name in DEVICE_WORDS:
            return DEVICE_WORDS[name] + OUTCOME_WORDS.get(arg, arg)
    return ""


def _amount(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value or "")
    return amount_text(number) + "元"


class ScreenModel:
    """The screen's state, changed one dialog happening at a time (not thread-safe)."""

    def __init__(self) -> None:
        self.dialog: Dialog | None = None
        self.secrets: set[str] = set()
        self.session = 0
        self.announcement = ""
        self.options_version = 0
        self.wake_key: str | None = None
        """Key of the idle screen's "开始" button (None: no button)."""
        self._clear()

    def _clear(self) -> None:
        self.caption: list[str] = []
        self.heard_text = ""
        self.step: Step | None = None
        self.listen: Listen | None = None
        self.qr: Qr | None = None
        self.receipt: Receipt | None = None
        self.closing = False
        """True while the closing words are said: no buttons or step any more."""
        self._new_turn = False

    # ------------------------------------------------------------------ session
    def begin(self, dialog: Dialog, secrets: Iterable[str] = ()) -> None:
        """A new session starts (before its greeting): a clean screen."""
        self.dialog = dialog
        self.secrets = set(secrets)
        self.session += 1
        self._clear()
        self.options_version += 1

    def end(self) -> None:
        """The session is over: forget everything shown and personal (back to idle)."""
        self.dialog = None
        self.secrets = set()
        self._clear()
        self.options_version += 1

    def idle(self, text: str | None) -> None:
        """Announcements for the idle screen (``None`` or ``""``: none)."""
        self.announcement = (text or "").strip()

    # ------------------------------------------------------------------ happenings
    def heard(self, line: str | None) -> None:
        """The user said or did something (a script line or recognised text): a new turn."""
        self._learn_card()
        self.heard_text = describe_line(line)
        self._new_turn = True

    def say(self, text: str, ahead: Listen | None = None, *, new_caption: bool = False) -> None:
        """The kiosk starts speaking ``text``; ``ahead`` is the question it leads to (its
        buttons are shown at once, so a key or touch may interrupt the prompt).
        ``new_caption``: start a new caption even though nothing was heard (a prompt after
        waiting in vain, e.g. "您还在吗？")."""
        if self.dialog is None:
            return
        self._learn_card()
        if self._new_turn or new_caption:
            self.caption = []
            self._new_turn = False
        self.caption.append(text)
        if ahead is not None:
            self._listen(ahead)

    def apply(self, action: Action) -> None:
        """One action as the runtime executes it (``Say`` as :meth:`say`)."""
        if isinstance(action, Say):
            self.say(action.text)
        elif isinstance(action, Listen):
            self._listen(action)
        elif isinstance(action, Show):
            self._show(action)
        elif isinstance(action, CallAdapter):
            self._call(action)
        elif isinstance(action, End):
            self.end()

    def turn(self, heard: str | None, actions: Iterable[Action]) -> None:
        """A whole ``kiosk chat`` turn: what was heard, then its actions in order.

        An ``End`` among them leaves the screen idle at once; :class:`~assistant.screen.
        hub.ScreenHub` holds it back while the closing words are spoken.
        """
        if heard is not None:
            self.heard(heard)
        else:
            self._new_turn = True
        for action in actions:
            self.apply(action)
        self._update_step()

    # ------------------------------------------------------------------ parts
    def _learn_card(self) -> None:
        card = getattr(self.dialog, "card", None) if self.dialog is not None else None
        if card is not None:
            self.secrets.update({card.name, card.number})

    def _listen(self, listen: Listen) -> None:
        if listen != self.listen:
            self.options_version += 1
        self.listen = listen
        if listen.kind != "payment":
            self.qr = None
        self._update_step()

    def _update_step(self) -> None:
        d = self.dialog
        p = d.progress() if d is not None else None
        if d is None or p is None:
            self.step = None
            return
        title = d.stage_title(p.stage)
        self.step = Step(p.step, p.total, title, f"第{p.step}步，共{p.total}步：{title}")

    def _show(self, show: Show) -> None:
        if show.what == "qr":
            from assistant.screen.qr import qr_svg

            amount = _amount(show.data.get("amount"))
            payload = str(show.data.get("url") or
                          f"KIOSKPAY:{show.data.get('order_id', '')}:{show.data.get('amount', '')}")
            self.qr = Qr(qr_svg(payload), amount, f"付款二维码，金额{amount}")
        elif show.what == "receipt":
            self._receipt(show.data)

    def _call(self, call: CallAdapter) -> None:
        if call.name == "printer" and call.op in ("print", "print_receipt"):
            self._receipt(call.args)
        elif call.name == "payment" and call.op == "create_order":
            self.qr = None

    def _receipt(self, data: dict[str, Any]) -> None:
        lines = data.get("lines", [])
        self.qr = None
        self.receipt = Receipt(str(data.get("title", "回执")),
                               tuple(str(x) for x in lines if str(x).strip()))

    # ------------------------------------------------------------------ buttons
    def _option_title(self, option: str) -> str:
        d = self.dialog
        if option in COMMAND_LABELS:
            return COMMAND_LABELS[option]
        if d is None:
            return option
        title = d.title_of(option)
        if title != option:
            return title
        flow = d.flow
        if flow is not None and flow in d.texts.flows:
            for options in d.texts.flows[flow].options.values():
                for o in options:
                    if o.id == option:
                        return o.title
        words = d.prompt.words.get(option, ()) if d.prompt is not None else ()
        return words[-1] if words else option

    def _buttons(self) -> tuple[tuple[Button, ...], DigitPad | None]:
        if self.listen is None or self.dialog is None:
            return (), None
        keys = self.listen.keys
        meanings = set(keys.values())
        pad = None
        if "digits" in meanings:
            by_meaning = {m: k for k, m in reversed(list(keys.items()))}
            typed = str(getattr(self.dialog.ctx, "digits", "") or "")
            pad = DigitPad(by_meaning.get("repeat"), by_meaning.get("done"),
                           mask_text(typed))
            return (), pad
        seen: set[str] = set()
        out: list[Button] = []
        for key, meaning in keys.items():
            if meaning in seen:
                continue
            seen.add(meaning)
            role = "command" if meaning in COMMANDS else "option"
            out.append(Button(key, self._option_title(meaning), role))
        return tuple(out), pad

    # ------------------------------------------------------------------ snapshot
    def view(self) -> ScreenView:
        """The snapshot to draw now."""
        if self.dialog is None:
            return ScreenView("idle", self.session, announcement=self.announcement,
                              options_version=self.options_version, wake_key=self.wake_key)
        buttons, pad = self._buttons() if not self.closing else ((), None)
        known = self.secrets
        receipt = None
        if self.receipt is not None:
            receipt = Receipt(mask_known(self.receipt.title, known),
                              tuple(mask_known(x, known) for x in self.receipt.lines))
        return ScreenView(
            "session",
            self.session,
            caption=mask_known("".join(self.caption), known),
            heard=mask_known(self.heard_text, known),
            step=None if self.closing else self.step,
            buttons=buttons,
            pad=pad,
            qr=self.qr,
            receipt=receipt,
            announcement="",
            options_version=self.options_version,
        )


__all__ = [
    "Button",
    "DigitPad",
    "Qr",
    "Receipt",
    "ScreenModel",
    "ScreenView",
    "Step",
    "describe_line",
    "mask_known",
]
