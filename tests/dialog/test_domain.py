"""The domain layer (issue 15): one amount formatter, one check digit, plates."""

from __future__ import annotations

from pathlib import Path

import pytest

import assistant
from assistant.domain.idcard import id_check_digit, id_number_valid
from assistant.domain.money import amount_text
from assistant.domain.plate import is_plate


@pytest.mark.parametrize(("amount", "text"), [(20.0, "20"), (67.5, "67.5"), (317.5, "317.5"),
                                              (12.345, "12.35"), (0.0, "0"), (100, "100")])
def test_amounts_are_said_without_trailing_zeros(amount: float, text: str) -> None:
    assert amount_text(amount) == text


def test_the_check_digit_is_the_standards_and_there_is_one() -> None:
    assert id_check_digit("11010519491231002") == "X"  # GB 11643-1999 example
    assert id_number_valid("11010519491231002x") and not id_number_valid("110105194912310021")
    weights = "7, 9, 10, 5, 8, 4, 2"  # GB 11643's weights: written once, in the domain
    holders = [str(p.relative_to(Path(assistant.__file__).parent))
               for p in Path(assistant.__file__).parent.rglob("*.py")
               if weights in p.read_text(encoding="utf-8")]
    assert holders == ["domain/idcard.py"]
    with pytest.raises(ValueError):
        id_check_digit("１１010519491231002")  # full-width digits are not an ID number


def test_plates() -> None:
    assert is_plate("浙L12345") and is_plate("浙LD12345") and not is_plate("浙L1234")
