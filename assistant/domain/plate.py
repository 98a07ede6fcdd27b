"""Number plates of motor vehicles (the fine, inspection and registration flows)."""

from __future__ import annotations

import re

LOCAL_PLATE_PREFIX = "浙L"
"""Plate prefix assumed when only the last characters are given (Zhoushan plates)."""
LETTER_GROUPS: tuple[str, ...] = ("ABCDEFGH", "JKLMNPQR", "STUVWXYZ")
"""The letters of plates (no I, no O), eight to a group: keys 1–8."""
SERIAL = 5
"""Characters after 浙L on an ordinary plate."""
PLATE = re.compile(r"[\u4e00-\u9fff][A-Z][A-Z0-9]{5,6}")
"""A canonical plate: province character, issuing-office letter, 5 (6: new energy)."""


def is_plate(text: str) -> bool:
    """Whether ``text`` is a canonical plate such as ``浙L12345``."""
    return PLATE.fullmatch(text) is not None
