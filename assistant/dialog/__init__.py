"""The dialog: typed events in → typed actions out (see docs/dialog.md).

Typical use::

    texts = load_texts()
    dialog = new_dialog(texts, nlu=load_nlu(guides=CatalogueGuides()), today=date.today(),
                        session_id="k1-0001")
    actions = dialog.start()
    actions = dialog.handle(UserText("我身份证过期了"))
"""

from assistant.dialog.actions import Action, CallAdapter, End, Listen, Say, Show
from assistant.dialog.core import Dialog, DialogConfig
from assistant.dialog.events import (
    CardInserted,
    CardRemoved,
    DeviceResult,
    Event,
    Key,
    NoMatch,
    Silence,
    Tick,
    UserText,
)
from assistant.dialog.flows import FLOWS
from assistant.dialog.loader import load_kiosk_texts, load_texts, new_dialog
from assistant.dialog.states import State

__all__ = [
    "FLOWS",
    "Action",
    "CallAdapter",
    "CardInserted",
    "CardRemoved",
    "DeviceResult",
    "Dialog",
    "DialogConfig",
    "End",
    "Event",
    "Key",
    "Listen",
    "NoMatch",
    "Say",
    "Show",
    "Silence",
    "State",
    "Tick",
    "UserText",
    "load_kiosk_texts",
    "load_texts",
    "new_dialog",
]
