"""The simulated household register knows every Zhoushan resident, as the real one does —
not only the five demo people — and nobody else."""

from __future__ import annotations

from datetime import date

from assistant.adapters.simdb import SimDatabase, resident
from assistant.domain.idcard import id_check_digit

TODAY = date(2026, 12, 6)


def _number(first17: str) -> str:
    return first17 + id_check_digit(first17)


def test_a_zhoushan_resident_who_is_no_demo_person_is_found_the_same_every_time() -> None:
    db = SimDatabase(TODAY)
    number = _number("33090319480611203")
    first = db.person(number)
    assert first is not None and first["number"] == number
    assert first["birth"] == "1948-06-11" and len(first["mobile"]) == 11
    card = db.person_card(number)
    assert card is not None and card.valid_until is None  # over 46: a long-term card
    assert "普陀区" in card.address and card.sex == "男"  # the 17th digit is odd
    again = SimDatabase(TODAY).person(number)
    assert again is not None and again["name"] == first["name"]


def test_nobody_else_is_found() -> None:
    db = SimDatabase(TODAY)
    assert db.person(_number("11010219560312402")) is None  # Beijing: not this register
    wrong = _number("33090219560312402")
    wrong = wrong[:-1] + ("1" if wrong[-1] != "1" else "2")
    assert db.person(wrong) is None  # check digit wrong
    assert resident(_number("33090220300101001"), TODAY) is None  # not born yet
    assert resident(_number("33090219561332402")[:17], TODAY) is None  # 17 characters


def test_the_demo_people_are_unchanged() -> None:
    db = SimDatabase(TODAY)
    for person in db.people.values():
        row = db.person(person.number)
        assert row is not None and row["name"] == person.name
