"""How a front end watches a session: the screen, a terminal, a recorder.

Two shapes, one per way a session is driven:

- :data:`TurnListener` — a line-driven :class:`~assistant.session.host.Host` (``kiosk
  chat``, scripts) calls it after every whole turn with the turn object and the actions.
- :class:`SessionObserver` — the voice session (``kiosk run``) calls it as things happen:
  a prompt starts playing, something was heard, an action runs; it may hand the session a
  key press (a touch on the screen).

:mod:`assistant.screen.feeds` implements both for the kiosk screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from assistant.dialog import Action, Dialog, Listen, Say

TurnListener = Callable[[dict[str, Any], list[Action]], None]
"""Gets each turn object (the ``--json`` line) and the actions that produced it."""


class SessionObserver(Protocol):
    """Watches a voice session as it happens (the kiosk screen, :class:`assistant.screen.
    feeds.VoiceFeed`) and may hand it key presses (touches)."""

    def begin(self, dialog: Dialog) -> None:
        """A new person's session starts (before its greeting)."""
        ...

    def saying(self, say: Say, ahead: Listen | None) -> None:
        """A prompt starts playing (``ahead``: the listening that follows it, if any)."""
        ...

    def heard(self, text: str) -> None:
        """What the citizen said (as recognised), or a key/device line (script syntax)."""
        ...

    def action(self, action: Action) -> None:
        """An action runs (``Say`` too, after :meth:`saying`)."""
        ...

    def key(self) -> str | None:
        """A key pressed on the screen since the last call, or None."""
        ...
