"""出入境 back end (endorsements on electronic permits): protocol and simulator."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from assistant.adapters.backends import SUBMIT_SECONDS, SimBackend
from assistant.domain.rules import add_months

ENDORSEMENT_MONTHS = 3
"""Validity of a 团队旅游/个人旅游 endorsement (each stay up to 7 days)."""


class ExitEntryBackend(Protocol):
    def eligibility(self, *, txn_id: str, id_number: str, region: str, tour: str
                    ) -> dict[str, Any]:
        """``{"eligible", "reason", "permit_valid_until"}``; reasons: ``official``,
        ``no_permit``, ``permit_expired``, ``not_g_eligible``, ``suspended``."""
        ...

    def issue(self, *, txn_id: str, id_number: str, region: str, tour: str, times: str,
              **details: Any) -> dict[str, Any]:
        """Write the endorsement (idempotent by ``txn_id``):
        ``{"endorsement_no", "valid_until"}``."""
        ...

    def progress(self, *, txn_id: str, id_number: str) -> dict[str, Any]: ...


class SimExitEntry(SimBackend):
    name = "exit_entry"

    def eligibility(self, *, txn_id: str, id_number: str, region: str, tour: str
                    ) -> dict[str, Any]:
        self._enter("eligibility")
        person = self.db.person(id_number)
        if person is None or not person["permit_until"]:
            return {"eligible": False, "reason": "no_permit"}
        until = date.fromisoformat(person["permit_until"])
        if until < self.db.today:
            return {"eligible": False, "reason": "permit_expired"}
        if person["official"]:
            return {"eligible": False, "reason": "official"}
        if region == "taiwan" and tour != "team":
            return {"eligible": False, "reason": "suspended"}
        if tour == "individual" and not person["g_eligible"]:
            return {"eligible": False, "reason": "not_g_eligible"}
        return {"eligible": True, "reason": "", "permit_valid_until": until.isoformat()}

    def issue(self, *, txn_id: str, id_number: str, region: str, tour: str, times: str,
              **details: Any) -> dict[str, Any]:
        self._enter("issue", SUBMIT_SECONDS)
        what = f"{'港澳' if region == 'hk_macau' else '赴台'}签注"
        row = self._application(txn_id, id_number.upper(), "endorsement", what, "已签发", None,
                                "QZ")
        valid = add_months(self.db.today, ENDORSEMENT_MONTHS).isoformat()
        return {"endorsement_no": row["application_no"], "valid_until": valid}

    def progress(self, *, txn_id: str, id_number: str) -> dict[str, Any]:
        self._enter("progress")
        return self._progress(id_number)
