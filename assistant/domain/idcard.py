"""The 居民身份证: what its chip holds, the GB 11643 check digit, validity by age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class IdCard:
    """What an ID card reader reads from a 居民身份证 chip."""

    name: str
    """Holder's name."""
    number: str
    """18-character ID number (GB 11643, check digit valid)."""
    sex: str
    """``男`` or ``女``."""
    birth_date: date
    """Date of birth printed on the card."""
    address: str
    """Address of household registration printed on the card."""
    valid_from: date
    """First valid day."""
    valid_until: date | None
    """Last valid day; ``None`` for 长期 (long-term)."""
    photo: str
    """Reference to the chip photo (an id in the simulator, a file path on hardware)."""

    def age_on(self, day: date) -> int:
        """Completed years of age on ``day``."""
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def expired_on(self, day: date) -> bool:
        return self.valid_until is not None and self.valid_until < day

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "number": self.number,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": None if self.valid_until is None else self.valid_until.isoformat(),
            "photo": self.photo,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IdCard:
        until = data.get("valid_until")
        return cls(
            name=str(data["name"]),
            number=str(data["number"]),
            sex=str(data["sex"]),
            birth_date=date.fromisoformat(str(data["birth_date"])),
            address=str(data["address"]),
            valid_from=date.fromisoformat(str(data["valid_from"])),
            valid_until=None if until is None else date.fromisoformat(str(until)),
            photo=str(data["photo"]),
        )


def card_validity_years(age: int) -> int | None:
    """Validity of a new 居民身份证 by age at issue: <16 5 y, 16-25 10 y, 26-45 20 y, 46+ 长期."""
    if age < 16:
        return 5
    if age <= 25:
        return 10
    if age <= 45:
        return 20
    return None


GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
"""Weights of the first 17 digits (GB 11643-1999)."""
GB11643_CHECK = "10X98765432"
"""Check character by weighted sum modulo 11."""


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character (``0``-``9`` or ``X``) for the first 17 digits.

    ``id_check_digit("11010519491231002")`` → ``"X"``.  Raises ``ValueError`` unless
    ``first17`` is exactly 17 ASCII digits.
    """
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError(f"need 17 ASCII digits, got {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, GB11643_WEIGHTS, strict=True))
    return GB11643_CHECK[total % 11]


def id_number_valid(number: str) -> bool:
    """True when ``number`` is 18 characters with a correct GB 11643 check character."""
    n = number.upper()
    if len(n) != 18 or not (n[:17].isascii() and n[:17].isdigit()):
        return False
    return id_check_digit(n[:17]) == n[17]
