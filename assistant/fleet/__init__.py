"""The kiosk network (issue 16): fleet reports on PostgreSQL, content releases on git.

* :mod:`assistant.fleet.outbox`  — the kiosk side: finished sessions queued in
  ``var/kiosk.db`` (``fleet_outbox``) with a cursor that moves only after the server
  confirmed the COMMIT; bounded local retention of what was shipped.
* :mod:`assistant.fleet.server`  — the PostgreSQL side: schema, idempotent batch insert
  (``ON CONFLICT DO NOTHING`` on kiosk id + session id), the fleet report in SQL.
* :mod:`assistant.fleet.sync`    — ``kiosk sync`` and the background sync of ``kiosk run``.
* :mod:`assistant.fleet.report`  — ``kiosk report --fleet``.
* :mod:`assistant.fleet.content` — ``kiosk content publish|update|status``: signed git tags.
* :mod:`assistant.bench.sync`    — ``kiosk bench sync``.
* :mod:`assistant.fleet.identity` — which kiosk and site this is (``KIOSK_ID``, ``KIOSK_SITE``).
"""

from __future__ import annotations

from assistant.errors import KioskError


class FleetError(KioskError):
    """The fleet server or the content repository cannot be used (the message says why
    and what to do)."""


class SyncError(FleetError):
    """A sync did not complete: the server is unreachable or the connection broke (the
    outbox is unchanged; the next sync sends the same sessions again)."""


class ContentError(FleetError):
    """A content release was refused (signature, checks, git) or cannot be published."""
