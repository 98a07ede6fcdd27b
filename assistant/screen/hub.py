"""The screen's state shared between the conversation thread and the web server.

:class:`ScreenHub` wraps the pure :class:`~assistant.screen.state.ScreenModel` with a
lock, numbers every snapshot (``version``), pushes each new snapshot to the subscribers
(the server's event streams) and turns touch presses into key presses for whoever drives
the session (``on_press``).  Any thread may call it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal

from assistant.dialog.actions import Action, End, Listen
from assistant.screen.state import ScreenModel, ScreenView

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

Snapshot = dict[str, Any]
"""A :class:`ScreenView` as JSON plus its ``version``."""
Subscriber = Callable[[Snapshot | None], None]
"""Gets every new snapshot; ``None`` when the hub closes (end the stream)."""
PressResult = Literal["ok", "stale", "invalid", "idle", "ending"]
"""What became of a touch press: ``ok`` passed on as a key; ``stale`` drawn for buttons
that have changed since (or a second tap on the same set); ``invalid`` not a key shown
now; ``idle`` no session (and not the idle screen's "开始" key); ``ending`` the session is
saying goodbye."""
DIGIT_KEYS = frozenset("0123456789")


class ScreenHub:
    """Thread-safe screen state with change notification."""

    def __init__(self, on_press: Callable[[str], None] | None = None, *,
                 wake_key: str | None = None) -> None:
        self.on_press = on_press
        """Called with the key of each accepted touch press (``"1"``, ``"#"``)."""
        self.model = ScreenModel()
        self.model.wake_key = wake_key
        self._lock = threading.RLock()
        self._subscribers: list[Subscriber] = []
        self._version = 0
        self._snapshot: Snapshot = {}
        self._view: ScreenView = self.model.view()
        self._ending: threading.Timer | None = None
        self._closing = False
        self._pressed_for: int | None = None
        self._publish()

    # ------------------------------------------------------------------ reading
    def snapshot(self) -> Snapshot:
        """The current snapshot (``version`` plus the :class:`ScreenView` fields)."""
        with self._lock:
            return dict(self._snapshot)

    @property
    def view(self) -> ScreenView:
        with self._lock:
            return self._view

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Send ``subscriber`` the current snapshot now and every new one; returns a
        function that unsubscribes."""
        with self._lock:
            self._subscribers.append(subscriber)
            subscriber(dict(self._snapshot))

        def unsubscribe() -> None:
            with self._lock:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    # ------------------------------------------------------------------ updates
    def begin(self, dialog: Dialog, secrets: Iterable[str] = ()) -> None:
        """A new session starts (call before its greeting)."""
        with self._lock:
            self._settle_locked()
            self._pressed_for = None
            self.model.begin(dialog, secrets)
            self._publish()

    def heard(self, line: str | None) -> None:
        """The user said (recognised text) or did (``<key:1>``, ``<card:…>``) something."""
        with self._lock:
            self._settle_locked()
            self.model.heard(line)
            self._publish()

    def say(self, text: str, ahead: Listen | None = None, *, new_caption: bool = False) -> None:
        """The kiosk starts speaking ``text`` (voice runtimes call this per prompt);
        ``ahead``: the question it leads to, whose buttons are shown at once;
        ``new_caption``: replace the caption although nothing was heard."""
        with self._lock:
            self._settle_locked()
            self.model.say(text, ahead, new_caption=new_caption)
            self._publish()

    def apply(self, action: Action) -> None:
        """One action as the runtime runs it; ``End`` clears the screen at once."""
        with self._lock:
            self._settle_locked()
            self.model.apply(action)
            self._publish()

    def turn(self, heard: str | None, actions: Iterable[Action], *,
             secrets: Iterable[str] = (), hold_s: float = 0.0) -> None:
        """A whole ``kiosk chat`` turn.  If it ends the session, the closing screen (last
        caption, receipt) stays ``hold_s`` seconds, the time the closing words take to
        say, then the screen clears (:meth:`end`)."""
        actions = list(actions)
        ends = any(isinstance(a, End) for a in actions)
        with self._lock:
            self._settle_locked()
            self.model.secrets.update(s for s in secrets if s)
            self.model.turn(heard, [a for a in actions if not isinstance(a, End)])
            self._publish()
            if ends:
                self.end(hold_s)

    def end(self, hold_s: float = 0.0) -> None:
        """The session is over: clear everything now, or after ``hold_s`` seconds (the
        buttons go at once; nothing else may be shown meanwhile but the closing words)."""
        with self._lock:
            self._cancel_timer()
            if hold_s <= 0:
                self._closing = False
                self.model.end()
                self._publish()
                return
            self._closing = True
            self.model.closing = True
            self._publish()
            timer = threading.Timer(hold_s, self.settle)
            timer.daemon = True
            self._ending = timer
            timer.start()

    def settle(self) -> None:
        """Finish a held :meth:`end` now (the closing words have been said)."""
        with self._lock:
            self._settle_locked()

    def idle(self, text: str | None) -> None:
        """Set the announcements shown between sessions (``None``: none).  Never changes
        a session in progress; shown from the next idle screen on."""
        with self._lock:
            self.model.idle(text)
            self._publish()

    def close(self) -> None:
        """Clear the screen and end every subscription (the server is stopping)."""
        with self._lock:
            self._cancel_timer()
            self._closing = False
            self.model.end()
            self._publish()
            for subscriber in list(self._subscribers):
                self._send(subscriber, None)
            self._subscribers.clear()

    # ------------------------------------------------------------------ touch
    def press(self, key: str, options_version: int | None = None) -> PressResult:
        """A touch on the button of ``key``, drawn for the buttons of ``options_version``.

        Accepted only if that key is on the screen now; a press drawn for an older set of
        buttons is ``stale`` (the question changed under the finger), and so is a second
        tap on the same option set (a double tap must not choose twice; digits of a digit
        pad may be tapped again).
        """
        with self._lock:
            view = self._view
            if self._closing:
                return "ending"
            if view.mode == "idle" and (view.wake_key is None or key != view.wake_key):
                return "idle"
            shown = {b.key for b in view.buttons}
            if view.mode == "idle" and view.wake_key is not None:
                shown = {view.wake_key}
            if view.pad is not None:
                shown |= DIGIT_KEYS | {k for k in (view.pad.clear, view.pad.confirm) if k}
            if key not in shown:
                return "invalid"
            if options_version is None:  # a press that does not say what it saw: the
                options_version = view.options_version  # double-tap guard still holds
            if options_version != view.options_version:
                return "stale"
            if key not in DIGIT_KEYS or view.pad is None:
                if self._pressed_for == options_version:
                    return "stale"
                self._pressed_for = options_version
            callback = self.on_press
        if callback is not None:
            callback(key)
        return "ok"

    # ------------------------------------------------------------------ internals
    def _settle_locked(self) -> None:
        if self._closing:
            self._cancel_timer()
            self._closing = False
            self.model.end()
            self._publish()

    def _cancel_timer(self) -> None:
        if self._ending is not None:
            self._ending.cancel()
            self._ending = None

    def _publish(self) -> None:
        self._view = self.model.view()
        self._version += 1
        self._snapshot = {"version": self._version, **self._view.to_json()}
        for subscriber in list(self._subscribers):
            self._send(subscriber, dict(self._snapshot))

    def _send(self, subscriber: Subscriber, snapshot: Snapshot | None) -> None:
        try:
            subscriber(snapshot)
        except RuntimeError:  # its event loop is gone: the browser disconnected
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)
