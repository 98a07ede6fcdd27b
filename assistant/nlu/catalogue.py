"""The service catalogue: every intent name the program knows (DESIGN.md contract).

Intent files may only define these names, and must define all of them: code (dialog
flows, guide answers, key maps) refers to them by name.
"""

from __future__ import annotations

SERVICE_INTENTS: tuple[str, ...] = (
    "photo.id_photo",
    "id_card.renew",
    "id_card.replace",
    "id_card.progress",
    "exit_entry.endorse_hk_macau",
    "exit_entry.endorse_taiwan",
    "exit_entry.progress",
    "traffic.violation_query",
    "traffic.fine_payment",
    "driver_license.renew",
    "driver_license.replace",
    "vehicle.inspection_mark",
    "vehicle.registration_replace",
)
"""The 13 self-service items (transactions and status queries)."""

OTHER_INTENTS: tuple[str, ...] = (
    "guide.ask",
    "kiosk.locations",
    "kiosk.hours",
    "kiosk.about",
    "call_staff",
    "emergency",
    "repeat",
    "back",
    "cancel",
    "help",
    "slower",
    "faster",
    "louder",
    "quieter",
    "yes",
    "no",
    "next",
    "previous",
    "greet",
    "thanks",
    "goodbye",
    "out_of_scope",
)

INTENT_NAMES: frozenset[str] = frozenset(SERVICE_INTENTS + OTHER_INTENTS)
"""Every intent name an intent file may define."""

UNIVERSAL_COMMANDS: tuple[str, ...] = (
    "repeat",
    "back",
    "cancel",
    "help",
    "call_staff",
    "emergency",
    "slower",
    "faster",
    "louder",
    "quieter",
)
"""Intents accepted in every dialog state."""

KINDS: dict[str, str] = {
    "service": "a self-service transaction",
    "query": "a status or record look-up",
    "guide": "a question about a service",
    "info": "a question about the kiosk itself",
    "staff": "a request for a person",
    "command": "a conversation command (repeat, back...)",
    "answer": "yes / no",
    "social": "greetings and thanks",
    "reject": "examples of requests the kiosk does not handle",
}
"""Allowed ``kind`` values and what they mean."""

MIN_EXAMPLES: dict[str, int] = {"service": 25, "query": 25}
"""Fewest written example lines per kind (others: :data:`DEFAULT_MIN_EXAMPLES`)."""
DEFAULT_MIN_EXAMPLES = 3
MAX_EXAMPLES = 2000
"""Most written example lines per intent (a generated file of 100,000 lines made the
checks take minutes; the largest real intent has ~200)."""

REQUIRED_PROMPTS: dict[str, tuple[str, ...]] = {
    "service": ("confirm",),
    "query": ("confirm",),
    "guide": ("confirm",),
    "info": ("confirm", "reply"),
    "staff": ("confirm", "reply"),
    "social": ("reply",),
}
"""Prompt keys each kind must define."""

SLOT_TYPES: dict[str, str] = {
    "enum": "one of a fixed set of values, each with the words that mean it",
    "plate_number": "a plate such as 浙L12345",
    "id_number": "an 18-character resident ID number (check digit verified)",
    "phone": "an 11-digit mobile number",
    "date": "a date (明天, 下个月三号, 2026年3月)",
    "amount": "an amount of money in yuan",
    "yes_no": "yes or no",
    "intent": "the service a question is about (another intent's name)",
}
"""Slot types an intent file may use."""
