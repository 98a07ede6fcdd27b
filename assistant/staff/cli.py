"""``kiosk review`` and ``kiosk check``: the staff's loop (see ``intents/README.md``)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    from assistant.staff import check, review

    review.register(sub)
    check.register(sub)
