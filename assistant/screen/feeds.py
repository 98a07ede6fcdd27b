"""Connecting a conversation to the screen: ``kiosk chat`` turns and the voice runtime.

- :class:`ChatFeed` listens to a :class:`~assistant.session.host.Host` (its ``listeners``)
  and mirrors each whole turn.
- :class:`VoiceFeed` is the :class:`~assistant.session.observers.SessionObserver` of the voice
  runtime: it shows each prompt as it starts playing, what was heard, each action as it
  runs, and hands touches to the session as key presses.
"""

from __future__ import annotations

import queue
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from assistant.dialog.actions import Action, End, Listen, Say
from assistant.screen.hub import ScreenHub
from assistant.session.host import Host, speech_seconds

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog


def closing_seconds(actions: Iterable[Action]) -> float:
    """How long the closing words of a turn take to say (the ``Say`` texts of the turn
    that ended the session, at the session's rate, as ``kiosk chat`` times speech)."""
    return sum(speech_seconds(a.text, a.rate) for a in actions if isinstance(a, Say))


class ChatFeed:
    """Mirrors ``kiosk chat`` sessions on a screen.

    ``closing_s``: how long the last caption and the receipt stay after the session ended
    (``None``: the time the closing words take to say, as a voice kiosk would show them;
    ``0``: clear at once).
    """

    def __init__(self, hub: ScreenHub, *, closing_s: float | None = None) -> None:
        self.hub = hub
        self.closing_s = closing_s
        self.session: Host | None = None

    def attach(self, session: Host) -> None:
        """Show ``session`` from now on (call before its greeting, :meth:`Host.start`)."""
        if self.session is not None and self.on_turn in self.session.listeners:
            self.session.listeners.remove(self.on_turn)
        self.session = session
        self.hub.begin(session.dialog, session.secrets)
        session.listeners.append(self.on_turn)

    def on_turn(self, turn: dict[str, Any], actions: list[Action]) -> None:
        """The :data:`~assistant.session.observers.TurnListener`: one turn object and its
        actions."""
        if turn.get("state") == "idle":  # between sessions: the announcements said
            said = "".join(a.text for a in actions if isinstance(a, Say))
            if said:
                self.hub.idle(said)
            return
        hold = 0.0
        if any(isinstance(a, End) for a in actions):
            hold = closing_seconds(actions) if self.closing_s is None else self.closing_s
        secrets = self.session.secrets if self.session is not None else set()
        self.hub.turn(turn.get("heard"), actions, secrets=secrets, hold_s=hold)


class VoiceFeed:
    """What the voice runtime tells the screen, and the touches it reads back as keys.

    Implements :class:`assistant.session.observers.SessionObserver`; the screen's
    ``on_press`` is :meth:`touch`.
    """

    def __init__(self, hub: ScreenHub) -> None:
        self.hub = hub
        self._touches: queue.Queue[str] = queue.Queue()
        self._waited = False
        hub.on_press = self.touch

    def touch(self, key: str) -> None:
        """A touch on the screen: queued until the session reads keys."""
        self._touches.put(key)

    def begin(self, dialog: Dialog) -> None:
        while not self._touches.empty():  # touches between sessions do not carry over
            self._touches.get_nowait()
        self._waited = False
        self.hub.begin(dialog)

    def saying(self, say: Say, ahead: Listen | None) -> None:
        """A prompt starts playing; after the kiosk has waited (a ``Listen``), the next
        prompt starts a new caption even if nothing was heard (inactivity prompts)."""
        self.hub.say(say.text, ahead, new_caption=self._waited)
        self._waited = False

    def heard(self, text: str) -> None:
        self._waited = False
        self.hub.heard(text)

    def action(self, action: Action) -> None:
        if isinstance(action, Listen):
            self._waited = True
        if not isinstance(action, Say):  # prompts come through saying(), as they start
            self.hub.apply(action)

    def key(self) -> str | None:
        try:
            return self._touches.get_nowait()
        except queue.Empty:
            return None
