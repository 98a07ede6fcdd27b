"""Between sessions: wait for the next user (a key, a card, or someone speaking)."""

from __future__ import annotations

from typing import Any

import numpy as np

from assistant.audio.wav import rms_dbfs

WAKE_DB = -40.0
"""Speech louder than this (dBFS) for :data:`WAKE_S` starts a session."""
WAKE_S = 0.3


def wait_for_user(runtime: Any) -> bool:
    """Block until someone uses the kiosk (a key or speech); always True (Ctrl-C stops)."""
    runtime.mic.drain()
    loud = 0.0
    while True:
        if runtime.keys is not None:
            item = runtime.keys.get()
            if item is not None:
                if item[0] != "eof":
                    return True
                runtime.keys = None  # stdin closed (e.g. a service): voice only from now
        chunk = runtime.mic.read(0.1)
        if chunk is None:
            continue
        loud = loud + 0.1 if rms_dbfs(np.frombuffer(chunk, "<i2")) > WAKE_DB else 0.0
        if loud >= WAKE_S:
            return True
