"""Helpers for dialog tests: build a dialog, feed events, read the actions."""

from __future__ import annotations

from datetime import date

from assistant.dialog import (
    Action,
    CallAdapter,
    CardInserted,
    DeviceResult,
    Dialog,
    DialogConfig,
    End,
    Event,
    Key,
    Listen,
    Say,
    load_texts,
    new_dialog,
)
from assistant.dialog.texts import FlowTexts

from .keyword_nlu import KeywordUnderstander

TODAY = date(2025, 6, 1)
_TEXTS: FlowTexts | None = None


def texts() -> FlowTexts:
    global _TEXTS
    if _TEXTS is None:
        _TEXTS = load_texts()
    return _TEXTS


_ALL_OFFERED: FlowTexts | None = None


def texts_all_offered() -> FlowTexts:
    """The flow texts as on a site that offers every optional service of
    ``guides/site.yaml`` (the shipped site does not offer Taiwan group endorsements): the
    per-flow goldens and fee tests run such a flow as where it is offered."""
    global _ALL_OFFERED
    if _ALL_OFFERED is None:
        import re
        import tempfile
        from pathlib import Path

        from assistant.config import guides_dir
        from assistant.guides.nodes import Reader
        from assistant.guides.site import read_network

        site = guides_dir() / "site.yaml"
        network = read_network(site, Reader(str(site)))
        assert network is not None, "guides/site.yaml has problems (kiosk guides lint)"
        offers = f"    offers: [{', '.join(network.optional)}]\n"
        text = re.sub(rf"^  - id: {re.escape(network.here.id)}\n(?:    offers: .*\n)?",
                      lambda m: f"  - id: {network.here.id}\n" + offers,
                      site.read_text(encoding="utf-8"), count=1, flags=re.M)
        folder = Path(tempfile.mkdtemp(prefix="kiosk-site-"))
        (folder / "site.yaml").write_text(text, encoding="utf-8")
        _ALL_OFFERED = load_texts(guides=folder)
        assert not _ALL_OFFERED.not_offered
    return _ALL_OFFERED


def make_dialog(config: DialogConfig | None = None) -> tuple[Dialog, list[Action]]:
    d = new_dialog(texts(), nlu=KeywordUnderstander(), today=TODAY, session_id="t",
                   config=config)
    return d, d.start()


def feed(d: Dialog, *events: Event) -> list[Action]:
    out: list[Action] = []
    for ev in events:
        out += d.handle(ev)
    return out


def said(actions: list[Action]) -> str:
    return "".join(a.text for a in actions if isinstance(a, Say))


def keys_said(actions: list[Action]) -> list[str]:
    return [a.key for a in actions if isinstance(a, Say)]


def listen(actions: list[Action]) -> Listen | None:
    found = [a for a in actions if isinstance(a, Listen)]
    return found[-1] if found else None


def end(actions: list[Action]) -> End | None:
    found = [a for a in actions if isinstance(a, End)]
    return found[-1] if found else None


def calls(actions: list[Action]) -> list[CallAdapter]:
    return [a for a in actions if isinstance(a, CallAdapter)]


def demo_card(name: str) -> CardInserted:
    from assistant.adapters.simdb import demo_people

    person = next(p for p in demo_people(TODAY) if p.key == name)
    return CardInserted(person.card())


def ok(kind: str, op: str = "", **data: object) -> DeviceResult:
    return DeviceResult(kind, "ok", op, dict(data))  # type: ignore[arg-type]


def fail(kind: str, op: str = "", **data: object) -> DeviceResult:
    return DeviceResult(kind, "fail", op, dict(data))  # type: ignore[arg-type]


RENEW = (Key("1"), Key("1"))
"""Menu keys to id_card.renew."""

# Events that bring a fresh dialog into each state (pure: device answers fed by hand).
PATHS: dict[str, tuple[Event, ...]] = {
    "menu": (),
    "submenu": (Key("1"),),
    "card": RENEW,
    "face": (*RENEW, demo_card("expired")),
    "photo": (*RENEW, demo_card("expired"), ok("face", "verify")),
    "choice": (*RENEW, demo_card("expired"), ok("face", "verify"),
               ok("photo", "capture", photo_id="P1")),
    # delivery: 2 = collect at the window (1 = post asks the back end for the address first)
    "confirm": (*RENEW, demo_card("expired"), ok("face", "verify"),
                ok("photo", "capture", photo_id="P1"), Key("2")),
    "busy": (*RENEW, demo_card("expired"), ok("face", "verify"),
             ok("photo", "capture", photo_id="P1"), Key("2"), Key("1")),
    "payment": (*RENEW, demo_card("expired"), ok("face", "verify"),
                ok("photo", "capture", photo_id="P1"), Key("2"), Key("1"),
                ok("payment", "create_order", order_id="t-1-p1")),
    "slot": (Key("3"), Key("1")),
    "readback": (Key("3"), Key("1"), *(Key(c) for c in "12345"), Key("#")),
}
"""How to reach each state (offer_staff, still_there, confirm/clarify_intent: see tests)."""
POSTED_CONFIRM: tuple[Event, ...] = (
    *RENEW, demo_card("expired"), ok("face", "verify"), ok("photo", "capture", photo_id="P1"),
    Key("1"), ok("backend", "contact", found=True, mobile="13905801234",
                 address="浙江省舟山市定海区解放西路18号"), Key("1"))
"""To the confirmation after "寄到家里" and the address read back ("地址对吗？" 1 = yes)."""
