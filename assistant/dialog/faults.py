"""A fault in the kiosk's own code while one event is handled: the kiosk stays up.

A programming error (an exception out of the dialog's handling of one event) must not take
the booth down for the citizen in it, nor for the next one. :meth:`Faults.recover` drops
what the failed event had half-made (no device command or payment goes out from it), says
sorry and asks the current question again; a second fault in the same session (or one
while recovering) calls a person, and if even that fails the session ends: refunds as at
any end, the citizen's data wiped. Only the exception's type and where it was raised are
logged — never its message, which may hold what the citizen said.

Tests and benches must see every fault: with ``KIOSK_RAISE_FAULTS=1`` (set by
``tests/conftest.py`` and by ``kiosk bench conversations``/``dialog``) the exception is
raised as before.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

log = logging.getLogger(__name__)

RAISE_ENV = "KIOSK_RAISE_FAULTS"
"""Environment variable: ``1`` raises a fault instead of recovering (tests, benches)."""


def raise_faults() -> bool:
    """Faults are raised, not recovered from (``KIOSK_RAISE_FAULTS=1``)."""
    return os.environ.get(RAISE_ENV) == "1"


def count_faults() -> None:
    """From now on faults are raised (a bench that counts crashes calls this first)."""
    os.environ[RAISE_ENV] = "1"


def where(exc: BaseException) -> str:
    """``ExcType at file.py:LINE``: what is logged of a fault (no message, no values)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno}"


class Faults:
    """The faults of one dialog (one citizen's session)."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog
        self.seen: list[str] = []
        """Each fault of this session, as :func:`where` gives it."""

    def recover(self, exc: Exception) -> None:
        """After ``exc`` left the handling of an event: sorry and the question again; at
        the second fault a person; when even that fails, the end of the session."""
        d = self.d
        self.seen.append(where(exc))
        log.error("dialog fault in state %s: %s", d.state, self.seen[-1])
        d.out = []  # nothing half-made goes out: no command, no charge
        try:
            if len(self.seen) == 1:
                d.say("fault_sorry")
                d.reprompt()
            else:
                d.commands.call_staff("offered", "fault_staff")
        except Exception as again:  # the state itself is broken: end cleanly
            self.seen.append(where(again))
            log.error("dialog fault while recovering: %s", self.seen[-1])
            d.out = []
            d.end("cancelled", "fault_end")
