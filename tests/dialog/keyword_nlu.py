"""KeywordUnderstander: a small, real ``Understander`` for dialog tests.

It is deliberately dumb and deterministic (keyword contained in the text → intent), so
dialog tests and golden transcripts do not change when the real matcher is retuned.
"""

from __future__ import annotations

from collections.abc import Collection

from assistant.nlu.types import Candidate, Decision, Match

ACCEPT, CONFIRM, CLARIFY = Decision.ACCEPT, Decision.CONFIRM, Decision.CLARIFY

TABLE: list[tuple[str, str, Decision, str | None]] = [
    # keyword, intent, decision, runner-up (for clarify)
    ("身份证过期", "id_card.renew", ACCEPT, None),
    ("换身份证", "id_card.renew", ACCEPT, None),
    ("身份证坏了", "id_card.renew", ACCEPT, None),
    ("身份证丢了", "id_card.replace", ACCEPT, None),
    ("补身份证", "id_card.replace", ACCEPT, None),
    ("身份证办好了没", "id_card.progress", ACCEPT, None),
    ("身份证", "id_card.renew", CLARIFY, "id_card.replace"),
    ("港澳签注", "exit_entry.endorse_hk_macau", ACCEPT, None),
    ("去香港", "exit_entry.endorse_hk_macau", CONFIRM, None),
    ("台湾签注", "exit_entry.endorse_taiwan", ACCEPT, None),
    ("签注", "exit_entry.endorse_hk_macau", CLARIFY, "exit_entry.endorse_taiwan"),
    ("交罚款", "traffic.fine_payment", ACCEPT, None),
    ("罚单", "traffic.fine_payment", CONFIRM, None),
    ("查违章", "traffic.violation_query", ACCEPT, None),
    ("驾照到期", "driver_license.renew", ACCEPT, None),
    ("驾照丢了", "driver_license.replace", ACCEPT, None),
    ("年检标志", "vehicle.inspection_mark", ACCEPT, None),
    ("行驶证丢了", "vehicle.registration_replace", ACCEPT, None),
    ("拍照", "photo.id_photo", ACCEPT, None),
    ("你好", "greet", ACCEPT, None),
    ("谢谢", "thanks", ACCEPT, None),
    ("几点", "kiosk.hours", ACCEPT, None),
    ("找人", "call_staff", ACCEPT, None),
    ("是的呀", "yes", ACCEPT, None),
    ("再讲一遍", "repeat", ACCEPT, None),
]


class KeywordUnderstander:
    """First keyword (in table order) contained in the text wins; else ``out_of_scope``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, frozenset[str] | None]] = []

    def understand(self, text: str, *, allowed: Collection[str] | None = None,
                   asr_confidence: float | None = None) -> Match:
        allow = frozenset(allowed) if allowed is not None else None
        self.calls.append((text, allow))
        for keyword, intent, decision, runner in TABLE:
            if keyword in text and (allow is None or intent in allow):
                if decision == ACCEPT and asr_confidence is not None and asr_confidence < 0.6:
                    decision = CONFIRM
                second = Candidate(runner, 0.78, runner) if runner else None
                score = {ACCEPT: 0.95, CONFIRM: 0.7, CLARIFY: 0.8}.get(decision, 0.0)
                return Match(text, text, intent, score, decision, second, {}, None, keyword)
        return Match(text, text, "out_of_scope", 0.2, Decision.OUT_OF_SCOPE)
