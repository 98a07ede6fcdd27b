"""The domain layer (issue 15): one amount formatter, one check digit, plates."""

from __future__ import annotations

import pytest

from assistant.adapters.types import id_check_digit as adapters_check_digit
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
    assert adapters_check_digit is id_check_digit
    with pytest.raises(ValueError):
        id_check_digit("１１010519491231002")  # full-width digits are not an ID number


def test_plates() -> None:
    assert is_plate("浙L12345") and is_plate("浙LD12345") and not is_plate("浙L1234")
