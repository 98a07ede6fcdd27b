"""The dialog's states as an enum (issue 15).

``State`` is a ``StrEnum``: a member *is* its string, so the state machine
(:mod:`assistant.dialog.machine`, plain strings for :mod:`transitions`), transcripts and
the ``"state"`` field of ``kiosk chat --json`` (DESIGN.md) are unchanged, while the code
names states with members the type checker knows.  ``tests/dialog/test_states.py`` keeps
this list and the machine's equal.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    """What the kiosk is waiting for."""

    MENU = "menu"
    """The main menu: which service."""
    SUBMENU = "submenu"
    """A group's sub-menu."""
    CONFIRM_INTENT = "confirm_intent"
    """"您是要办……吗？"."""
    CLARIFY_INTENT = "clarify_intent"
    """Two services fit: which one."""
    GUIDE_OFFER = "guide_offer"
    """After a guide answer: the offer to read it in full."""
    READING = "reading"
    """Reading a guide section by section."""
    BROWSE = "browse"
    """Browsing the guides by keys."""
    CARD = "card"
    """Waiting for the ID card."""
    FACE = "face"
    """Face check."""
    PHOTO = "photo"
    """Certificate photo."""
    FINGER = "finger"
    """Fingerprint."""
    SLOT = "slot"
    """A typed or said value (plate, ID number, phone)."""
    READBACK = "readback"
    """The value read back: right or not."""
    CHOICE = "choice"
    """One of a flow's options."""
    CONFIRM = "confirm"
    """A yes/no question of a flow."""
    PAYMENT = "payment"
    """Waiting for the payment."""
    BUSY = "busy"
    """A device or back end is working."""
    OFFER_STAFF = "offer_staff"
    """"要不要叫工作人员？"."""
    STILL_THERE = "still_there"
    """"您还在吗？"."""
    WAITING_STAFF = "waiting_staff"
    """Keeping the user company until staff arrive."""
    ENDED = "ended"
    """The session is over."""


def state_of(name: str) -> State:
    """The member named ``name`` (the machine's string)."""
    return State(name)
