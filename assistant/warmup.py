"""Warm-up at start: nothing a citizen asks first may wait on a library's lazy start.

The first question about a service outside the 13 items used to stall 1–1.5 s (jieba's
dictionary 0.75 s, parsing the 153 guide files 0.36 s, opening the search index) and the
first guide answer again.  :func:`warm_up` does all of it in a background thread while the
greeting is spoken, through the same objects the session uses, so the work is not done
twice.  A failure here is logged and otherwise ignored: the session would do the same work
on demand.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

WARM_QUESTIONS = ("护照在哪里办", "临时身份证要带什么")
"""Questions about services outside the 13 items: the first takes the bare-topic path (the
catalogue, the intent model's guide path), the second the guide search (jieba's dictionary,
0.8 s, and the search index, 0.24 s — found missing from the warm-up in session 6, when
"临时身份证能用多久" as the first question took 0.93 s)."""


def warm_up(nlu: Any = None, guide_answers: Callable[[str, str | None], Any] | None = None,
            *, background: bool = True) -> threading.Thread | float:
    """Load what the first utterance and the first guide answer need.

    Returns the thread (``background``) or the seconds it took (in the foreground, for
    benches and tests)."""

    def work() -> float:
        began = time.monotonic()
        try:
            from assistant.guides.live import shared

            shared().get()
            if nlu is not None:
                getattr(nlu, "warm", lambda: None)()  # examples' sound keys, caches
                for question in WARM_QUESTIONS:
                    nlu.understand(question)
            if guide_answers is not None:
                guide_answers("id_card.renew", "fees")
        except Exception:  # never take the kiosk down for a warm-up
            log.exception("warm-up failed; the first question will load what it needs")
        took = time.monotonic() - began
        log.info("warm-up done in %.2f s", took)
        return took

    if not background:
        return work()
    thread = threading.Thread(target=work, name="kiosk-warm-up", daemon=True)
    thread.start()
    return thread
