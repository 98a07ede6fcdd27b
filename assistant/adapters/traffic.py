"""交管 back end (violations, fines, licences, vehicles): protocol and simulator."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from assistant.adapters.backends import SUBMIT_SECONDS, SimBackend
from assistant.domain.rules import add_months, late_fee
from assistant.errors import DeviceRejected

INSPECTION_MARK_MONTHS = 24


class TrafficBackend(Protocol):
    def violations(self, *, txn_id: str, plate: str) -> dict[str, Any]:
        """``{"registered", "violations": [{"id","date","what","fine","points","camera",
        "late_fee","paid"}], "current_points"}`` (late fees as of today); ``registered`` is
        False for a plate the vehicle register does not know (a misheard plate: never to be
        told as "no fines")."""
        ...

    def pay_fines(self, *, txn_id: str, plate: str, ids: list[str], order_id: str | None,
                  **details: Any) -> dict[str, Any]:
        """Record the payment of ``ids`` (idempotent by ``txn_id``): ``{"receipt_no"}``;
        ``driver_id`` (a details key): the licence the points of ``ids`` are assigned to."""
        ...

    def licence(self, *, txn_id: str, id_number: str) -> dict[str, Any]: ...

    def contact(self, *, txn_id: str, id_number: str) -> dict[str, Any]:
        """The registered postal address and SMS mobile: ``{"found", "address", "mobile"}``."""
        ...

    def renew_licence(self, *, txn_id: str, id_number: str, **details: Any) -> dict[str, Any]: ...

    def replace_licence(self, *, txn_id: str, id_number: str, **details: Any
                        ) -> dict[str, Any]: ...

    def vehicle(self, *, txn_id: str, plate: str, id_number: str) -> dict[str, Any]: ...

    def issue_inspection_mark(self, *, txn_id: str, plate: str, id_number: str
                              ) -> dict[str, Any]: ...

    def replace_registration(self, *, txn_id: str, plate: str, id_number: str,
                             **details: Any) -> dict[str, Any]: ...


class SimTraffic(SimBackend):
    name = "traffic"

    def _unpaid(self, plate: str) -> list[dict[str, Any]]:
        return self.db.rows("select * from violations where plate = ? and paid = 0", [plate])

    def _owner_points(self, plate: str) -> int:
        rows = self.db.rows("select * from vehicles where plate = ?", [plate])
        person = self.db.person(rows[0]["owner"]) if rows else None
        return int(person["points"]) if person else 0

    def violations(self, *, txn_id: str, plate: str) -> dict[str, Any]:
        self._enter("violations")
        today = self.db.today
        out = []
        for v in self._unpaid(plate):
            decided = date.fromisoformat(v["decided"])
            out.append({"id": v["id"], "date": f"{decided.month}月{decided.day}日",
                        "what": v["what"], "fine": v["fine"], "points": v["points"],
                        "camera": bool(v["camera"]), "paid": False,
                        "late_fee": late_fee(v["fine"], decided, today)})
        registered = bool(self.db.rows("select * from vehicles where plate = ?", [plate]))
        return {"registered": registered, "violations": out,
                "current_points": self._owner_points(plate)}

    def pay_fines(self, *, txn_id: str, plate: str, ids: list[str], order_id: str | None,
                  **details: Any) -> dict[str, Any]:
        self._enter("pay_fines", SUBMIT_SECONDS)
        existing = self._existing(txn_id)
        if existing is not None:
            return {"receipt_no": existing["application_no"]}
        unpaid = {v["id"] for v in self._unpaid(plate)}
        missing = [i for i in ids if i not in unpaid]
        if missing:
            raise DeviceRejected("already_paid", f"violations {missing} are not unpaid any more")
        paid: tuple[tuple[str, list[Any]], ...] = tuple(
            ("update violations set paid = 1 where id = ?", [vid]) for vid in ids)
        driver = str(details.get("driver_id") or "").upper()
        if driver:  # the points go to the driver's licence, in the same transaction
            points = sum(int(v["points"]) for v in self._unpaid(plate) if v["id"] in ids)
            paid += (("update persons set points = points + ? where number = ?",
                      [points, driver]),)
        row = self._application(txn_id, plate, "fine", "交通违法罚款", "已缴款", None, "JF",
                                also=paid)
        return {"receipt_no": row["application_no"]}

    def licence(self, *, txn_id: str, id_number: str) -> dict[str, Any]:
        self._enter("licence")
        person = self.db.person(id_number)
        if person is None or not person["licence_until"]:
            return {"has_licence": False}
        card = self.db.person_card(id_number)
        assert card is not None
        return {"has_licence": True, "status": "ok", "valid_until": person["licence_until"],
                "age": card.age_on(self.db.today), "health_cert_issued": person["health_cert"],
                "points": person["points"]}

    def _licence_application(self, txn_id: str, id_number: str, what: str) -> dict[str, Any]:
        self._enter(what, SUBMIT_SECONDS)
        row = self._application(txn_id, id_number.upper(), "licence", what, "已受理", None, "JZ")
        return {"application_no": row["application_no"], "ready_days": 1}

    def renew_licence(self, *, txn_id: str, id_number: str, **details: Any) -> dict[str, Any]:
        return self._licence_application(txn_id, id_number, "驾驶证换证")

    def replace_licence(self, *, txn_id: str, id_number: str, **details: Any) -> dict[str, Any]:
        return self._licence_application(txn_id, id_number, "驾驶证补证")

    def vehicle(self, *, txn_id: str, plate: str, id_number: str) -> dict[str, Any]:
        self._enter("vehicle")
        rows = self.db.rows("select * from vehicles where plate = ?", [plate])
        if not rows:
            return {"found": False}
        v = rows[0]
        return {"found": True, "owner_matches": v["owner"] == id_number.upper(),
                "inspection_due": v["inspection_due"],
                "inspection_passed": bool(v["inspection_passed"]),
                "unsettled": len(self._unpaid(plate))}

    def issue_inspection_mark(self, *, txn_id: str, plate: str, id_number: str
                              ) -> dict[str, Any]:
        self._enter("issue_inspection_mark", SUBMIT_SECONDS)
        row = self._application(txn_id, plate, "mark", "检验合格标志", "已发放", None, "BZ")
        rows = self.db.rows("select * from vehicles where plate = ?", [plate])
        due = date.fromisoformat(rows[0]["inspection_due"]) if rows else self.db.today
        return {"mark_no": row["application_no"],
                "valid_until": add_months(due, INSPECTION_MARK_MONTHS).isoformat()}

    def replace_registration(self, *, txn_id: str, plate: str, id_number: str,
                             **details: Any) -> dict[str, Any]:
        self._enter("replace_registration", SUBMIT_SECONDS)
        row = self._application(txn_id, id_number.upper(), "registration", "行驶证补领", "已受理",
                                None, "XS")
        return {"application_no": row["application_no"], "ready_days": 1}
