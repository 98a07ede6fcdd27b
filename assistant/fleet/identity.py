"""Which kiosk this is, and at which site.

The kiosk id is ``KIOSK_ID`` (default: the host name); the site id is ``KIOSK_SITE``
(default: ``here:`` of ``guides/site.yaml``, the way the kiosk already chooses its site).
Both are shipped with every session and must look like identifiers (letters, digits,
``_ . -``), so nothing free-form leaves the kiosk.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

from assistant.errors import ConfigError
from assistant.guides.site import SITE_ENV, here_id

KIOSK_ID_ENV = "KIOSK_ID"
IDENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
"""What a kiosk or site id may look like."""


def _checked(value: str, what: str, fix: str) -> str:
    if not IDENT.match(value):
        raise ConfigError(f"{what} {value!r} is not an id (letters, digits, _ . -, at most "
                          f"64) — {fix}")
    return value


def kiosk_id(explicit: str | None = None) -> str:
    """``explicit``, else ``KIOSK_ID``, else the host name."""
    value = explicit or os.environ.get(KIOSK_ID_ENV, "").strip() or socket.gethostname()
    return _checked(value, "kiosk id", f"set {KIOSK_ID_ENV}, e.g. dinghai-01, or --kiosk-id")


def site_id(explicit: str | None = None, guides: Path | None = None) -> str:
    """``explicit``, else ``KIOSK_SITE``, else ``here:`` of ``site.yaml`` ("" when unreadable):
    :func:`assistant.guides.site.here_id`, the way the kiosk chooses its own site."""
    value = explicit or here_id(guides)
    if not value:
        return ""
    return _checked(value, "site id", f"set {SITE_ENV} to a site id of guides/site.yaml")
