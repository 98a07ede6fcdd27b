"""The running kiosk's NLU: reloads edited intent files, keeps the last good set.

Staff edit ``intents/*.yaml`` while the kiosk runs.  :class:`LiveNLU` notices the change
(file names, sizes and modification times), loads the new set strictly and switches to it
only if it is clean; otherwise it logs every problem and keeps understanding with the last
good set, so a typo never takes the kiosk down.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path

from assistant.config import MatcherConfig, intents_dir
from assistant.errors import DataFileError
from assistant.nlu.intents import intent_files, load_intents
from assistant.nlu.matcher import Matcher
from assistant.nlu.types import GuideFinder, Match

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]


def _signature(directory: Path) -> Signature:
    return tuple(
        (p.name, (st := p.stat()).st_size, st.st_mtime_ns) for p in intent_files(directory)
    )


class LiveNLU:
    """An ``Understander`` over a directory of intent files that may change underneath it.

    The first load is strict (a kiosk must not start with broken files: it raises
    :class:`DataFileError`); later reloads never raise.
    """

    def __init__(
        self,
        directory: Path | None = None,
        config: MatcherConfig | None = None,
        guides: GuideFinder | None = None,
    ) -> None:
        self.directory = directory or intents_dir()
        self.config = config
        self.last_error: DataFileError | None = None
        """Why the most recent reload was refused (None after a good one)."""
        self._signature = _signature(self.directory)
        self.guides = guides
        self.matcher = Matcher(load_intents(self.directory), config, guides)

    def reload_if_changed(self) -> bool:
        """Switch to the edited files if they changed and are valid; True if switched."""
        signature = _signature(self.directory)
        if signature == self._signature:
            return False
        self._signature = signature
        try:
            intents = load_intents(self.directory)
        except DataFileError as exc:
            self.last_error = exc
            log.error("intent files not reloaded, keeping the last good set:\n%s", exc)
            return False
        self.matcher = Matcher(intents, self.config, self.guides)
        self.last_error = None
        log.info("intent files reloaded: %d intents", len(intents))
        return True

    def understand(
        self,
        text: str,
        *,
        allowed: Collection[str] | None = None,
        asr_confidence: float | None = None,
    ) -> Match:
        self.reload_if_changed()
        return self.matcher.understand(text, allowed=allowed, asr_confidence=asr_confidence)
