"""Between sessions: idle announcements, and waiting for the next user (a key, a card, or
someone speaking).

While nobody uses the kiosk, the :class:`~assistant.idle.IdleAnnouncer` decides when to
play a public announcement (``guides/announcements.yaml``: anti-fraud, traffic safety,
new services), quieter during quiet hours.  A key, a card or speech stops it at once and
starts the next session.  While an announcement plays, the microphone also hears the
kiosk's own loudspeaker, so loudness alone does not wake it then: a recognised phrase of
the main menu's grammar does (what barge-in uses; the kiosk's own words mostly fall into
the unknown-word branch), or loudness above ``KIOSK_BARGE_IN_DB`` when it is set (kiosks
with echo cancellation); in half-duplex mode only keys and cards interrupt it.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime
from datetime import time as dtime
from typing import Any

import numpy as np

from assistant.audio.wav import rms_dbfs
from assistant.dialog.actions import Say
from assistant.errors import AudioDeviceError, KioskError

log = logging.getLogger(__name__)

WAKE_DB = -40.0
"""Speech louder than this (dBFS) for :data:`WAKE_S` starts a session."""
WAKE_S = 0.3
CHUNK_S = 0.1
PREROLL_S = 0.5
"""Audio kept from before the speech got loud enough to wake the kiosk (word onsets)."""


def _local_time() -> dtime:
    return datetime.now().time()


def wait_for_user(runtime: Any, *, clock: Callable[[], float] = time.monotonic,
                  local_time: Callable[[], dtime] = _local_time) -> bool:
    """Block until someone uses the kiosk (a key, a card line or speech), playing the
    announcements that fall due meanwhile (``runtime.idle``; ``None``: none).  Speech
    that woke it is kept in ``runtime.wake_audio`` (with :data:`PREROLL_S` before it) for
    the session to recognise first.  Always returns True (Ctrl-C stops the kiosk)."""
    idle = getattr(runtime, "idle", None)
    config = runtime.config
    screen = _screen()
    if idle is not None:
        idle.session_ended(clock())
    runtime.mic.drain()
    runtime.wake_audio = b""
    recent: deque[bytes] = deque(maxlen=round((PREROLL_S + WAKE_S) / CHUNK_S) + 1)
    loud = 0.0
    playing: Any = None
    try:
        while True:
            if idle is not None:
                if playing is not None and playing.wait(0.0):
                    idle.played(clock())
                    playing = None
                    runtime.mic.drain()  # do not wake on the tail of our own voice
                if playing is None:
                    due = idle.due(clock(), local_time())
                    playing = _announce(runtime, due)
                    if playing is not None and screen is not None and due is not None:
                        screen.hub.idle(due.announcement.text)  # also shown on the screen
            if _key_pressed(runtime) or (screen is not None and screen.key() is not None):
                return True
            chunk = runtime.mic.read(CHUNK_S)
            if chunk is None:
                if not runtime.mic.available:
                    time.sleep(CHUNK_S)
                continue
            if playing is not None:
                if config.half_duplex:
                    continue
                recent.append(chunk)
                if _words_heard(runtime, chunk):
                    runtime.wake_audio = b"".join(recent)
                    return True
                threshold = config.barge_in_db
            else:
                threshold = WAKE_DB
            recent.append(chunk)
            level = rms_dbfs(np.frombuffer(chunk, "<i2"))
            loud = loud + CHUNK_S if threshold is not None and level > threshold else 0.0
            if loud >= WAKE_S:
                runtime.wake_audio = b"".join(recent)
                return True
    finally:
        if playing is not None and not playing.wait(0.0):
            playing.stop()
            if idle is not None:
                stopped = idle.interrupted(clock())
                log.info("announcement %s stopped: someone is at the kiosk",
                         stopped.id if stopped is not None else "?")
        if idle is not None:
            idle.session_started()


def _screen() -> Any:
    """The screen of ``kiosk run --screen`` (a touch wakes the kiosk too), or None."""
    from assistant.voice.session import VoiceSession

    observer = VoiceSession.default_observer
    return observer if hasattr(observer, "hub") and hasattr(observer, "key") else None


def _announce(runtime: Any, due: Any) -> Any:
    """Start playing ``due`` (an :class:`~assistant.idle.AnnouncementDue`); the sound, or
    ``None`` when nothing is due or the speaker cannot play it (logged)."""
    if due is None:
        return None
    item = due.announcement
    say = Say(item.text, volume_db=round(due.volume_db), key=f"announce:{item.id}")
    try:
        wav, gain = runtime.speaker.render(say)
        sound = runtime.speaker.play(wav, gain)
    except (KioskError, AudioDeviceError) as exc:
        log.warning("cannot play announcement %s: %s", item.id, exc)
        return None
    log.info("announcement %s (%+d dB)", item.id, say.volume_db)
    runtime.recognizer.set_grammar(wake_grammar(runtime))
    return sound


def wake_grammar(runtime: Any) -> list[str] | None:
    """The grammar of the main menu (what a person says to start), compiled once."""
    cached: list[str] | None = getattr(runtime, "_wake_grammar", None)
    if cached is not None:
        return cached
    from datetime import date

    from assistant.dialog import Listen, new_dialog

    dialog = new_dialog(runtime.texts, nlu=None, today=date.today(), session_id="wake")
    listen = next((a for a in dialog.start() if isinstance(a, Listen)), None)
    if listen is None or dialog.prompt is None:
        return None
    exp = runtime.compiler.compile(listen, dialog.prompt.words)
    # no hesitation words: a lone "嗯" is too easily made of the kiosk's own voice
    grammar: list[str] = [g for g in exp.grammar if g not in exp.fillers]
    runtime._wake_grammar = grammar
    return grammar


def _key_pressed(runtime: Any) -> bool:
    """A key or a card line arrived: it wakes the kiosk (and is used up, as a key press
    only wakes the kiosk in ``kiosk chat`` too)."""
    if runtime.keys is None:
        return False
    item = runtime.keys.get()
    if item is None:
        return False
    if item[0] == "eof":
        runtime.keys = None  # stdin closed (e.g. a service): voice only from now
        return False
    if item[0] == "event" and hasattr(runtime.keys, "unget"):
        runtime.keys.unget(item)  # a card: the session reads it after the greeting
    return True


def _words_heard(runtime: Any, chunk: bytes) -> bool:
    """A phrase of the wake grammar recognised during an announcement (the kiosk's own
    voice comes out as the unknown-word token or as no single phrase)."""
    from assistant.speech.asr import Result

    got = runtime.recognizer.accept(chunk)
    return isinstance(got, Result) and bool(got.text) and got.in_grammar is not False
