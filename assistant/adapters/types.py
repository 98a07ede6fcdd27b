"""Data the devices and back ends hand over: the ID card lives in :mod:`assistant.domain`
(issue 15) and is re-exported here for the adapters' existing importers."""

from __future__ import annotations

from assistant.domain.idcard import (
    GB11643_CHECK,
    GB11643_WEIGHTS,
    IdCard,
    card_validity_years,
    id_check_digit,
    id_number_valid,
)

__all__ = ["GB11643_CHECK", "GB11643_WEIGHTS", "IdCard", "card_validity_years",
           "id_check_digit", "id_number_valid"]
