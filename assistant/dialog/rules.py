"""Domain rules: moved to :mod:`assistant.domain.rules` (issue 15); re-exported here."""

from assistant.domain.rules import (
    ANNUAL_CHECK_AGE,
    FINE_GRACE_DAYS,
    HEALTH_CERT_MONTHS,
    INSPECTION_MONTHS_BEFORE,
    KIOSK_MAX_FINE,
    LATE_FEE_RATE,
    LICENCE_RENEW_DAYS,
    POINTS_LIMIT,
    RENEW_MONTHS_BEFORE,
    add_months,
    health_cert_valid,
    inspection_window_open,
    late_fee,
    licence_renew_due,
    renewal_due,
    validity_text,
    window_only_reason,
)

__all__ = [
    "ANNUAL_CHECK_AGE", "FINE_GRACE_DAYS", "HEALTH_CERT_MONTHS", "INSPECTION_MONTHS_BEFORE",
    "KIOSK_MAX_FINE", "LATE_FEE_RATE", "LICENCE_RENEW_DAYS", "POINTS_LIMIT",
    "RENEW_MONTHS_BEFORE", "add_months", "health_cert_valid", "inspection_window_open",
    "late_fee", "licence_renew_due", "renewal_due", "validity_text", "window_only_reason",
]
