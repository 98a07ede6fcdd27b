"""户籍 back end (ID card applications): protocol and simulator."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Protocol

from assistant.adapters.backends import SUBMIT_SECONDS, SimBackend

READY_WORKING_DAYS = 10
"""Zhejiang practice: a new card in about 10 working days, posted free."""


class HouseholdBackend(Protocol):
    def lookup_person(self, *, txn_id: str, id_number: str) -> dict[str, Any]:
        """``{"found", "age", "photo"}`` for a registered resident."""
        ...

    def submit_application(self, *, txn_id: str, id_number: str, photo_id: str | None,
                           delivery: str, **details: Any) -> dict[str, Any]:
        """Submit a 换领/补领 application (idempotent by ``txn_id``):
        ``{"application_no", "ready_days"}``."""
        ...

    def progress(self, *, txn_id: str, id_number: str) -> dict[str, Any]:
        """``{"items": [{"what", "status", "ready"}]}``, newest first."""
        ...

    def contact(self, *, txn_id: str, id_number: str) -> dict[str, Any]:
        """The registered postal address and SMS mobile: ``{"found", "address", "mobile"}``."""
        ...


class SimHousehold(SimBackend):
    name = "household"

    def lookup_person(self, *, txn_id: str, id_number: str) -> dict[str, Any]:
        self._enter("lookup_person")
        card = self.db.person_card(id_number)
        if card is None:
            return {"found": False}
        return {"found": True, "age": card.age_on(self.db.today), "photo": card.photo}

    def submit_application(self, *, txn_id: str, id_number: str, photo_id: str | None,
                           delivery: str, **details: Any) -> dict[str, Any]:
        self._enter("submit_application", SUBMIT_SECONDS)
        what = "身份证补领" if details.get("flow") == "id_card.replace" else "身份证换领"
        ready = (self.db.today + timedelta(days=14)).isoformat()
        row = self._application(txn_id, id_number.upper(), "id_card", what, "已受理", ready, "HJ")
        return {"application_no": row["application_no"], "ready_days": READY_WORKING_DAYS}

    def progress(self, *, txn_id: str, id_number: str) -> dict[str, Any]:
        self._enter("progress")
        return self._progress(id_number)

