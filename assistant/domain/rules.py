"""Domain rules from DESIGN.md (pure functions of dates and amounts).

Verify against current regulations before deployment; every number is a named constant.
"""

from __future__ import annotations

import calendar
from datetime import date

from assistant.domain.idcard import IdCard, card_validity_years

RENEW_MONTHS_BEFORE = 3
"""居民身份证 换领 from 3 months before expiry."""
FINE_GRACE_DAYS = 15
"""交通违法 fines are due within 15 days of the decision."""
LATE_FEE_RATE = 0.03
"""Late fee per day after the grace period, capped at the fine itself."""
KIOSK_MAX_FINE = 200.0
"""Kiosks take fines up to 200 元; above that, a window."""
POINTS_LIMIT = 12
"""A violation that would bring the licence to 12 points must be handled at a window."""
LICENCE_RENEW_DAYS = 90
"""驾驶证 renew within 90 days before expiry."""
HEALTH_CERT_MONTHS = 6
"""身体条件证明 is valid for 6 months."""
ANNUAL_CHECK_AGE = 70
INSPECTION_MONTHS_BEFORE = 3
"""检验合格标志 from 3 months before the due date."""


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (clamped to the month's last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def renewal_due(card: IdCard, today: date) -> bool:
    """Expired, or expiring within :data:`RENEW_MONTHS_BEFORE` months."""
    if card.valid_until is None:
        return False
    return card.valid_until <= add_months(today, RENEW_MONTHS_BEFORE)


def validity_text(age: int) -> str:
    """Validity of a new card for someone of ``age``: ``5年`` … ``长期``."""
    years = card_validity_years(age)
    return "长期" if years is None else f"{years}年"


def late_fee(fine: float, decided: date, today: date) -> float:
    """3 % of the fine per day after the 15-day grace period, at most the fine."""
    days_late = (today - decided).days - FINE_GRACE_DAYS
    if days_late <= 0:
        return 0.0
    return round(min(fine, fine * LATE_FEE_RATE * days_late), 2)


def window_only_reason(
    *, fine: float, points: int, current_points: int, camera: bool
) -> str | None:
    """Why a violation cannot be paid at the kiosk (``None`` = it can)."""
    if not camera:
        return "not_camera"
    if fine > KIOSK_MAX_FINE:
        return "fine_over_limit"
    if current_points + points >= POINTS_LIMIT:
        return "points_limit"
    return None


def licence_renew_due(valid_until: date, today: date) -> bool:
    """Within 90 days before expiry (or already expired)."""
    return (valid_until - today).days <= LICENCE_RENEW_DAYS


def health_cert_valid(issued: date | None, today: date) -> bool:
    return issued is not None and add_months(issued, HEALTH_CERT_MONTHS) >= today


def inspection_window_open(due: date, today: date) -> bool:
    """检验合格标志 can be issued from 3 months before the due date."""
    return add_months(today, INSPECTION_MONTHS_BEFORE) >= due
