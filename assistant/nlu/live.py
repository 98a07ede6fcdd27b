"""The running kiosk's NLU: reloads edited intent files, keeps the last good set.

Staff edit ``intents/*.yaml`` while the kiosk runs.  :class:`LiveNLU` notices the change
(file names, sizes and modification times), loads the new set strictly and switches to it
only if it is clean; otherwise it logs every problem and keeps understanding with the last
good set, so a typo never takes the kiosk down.

Every good set is also copied to a snapshot folder (``var/intents.last-good`` for the
kiosk), so a kiosk restarted while a file is broken starts with the last good set instead
of not starting at all.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Collection
from pathlib import Path

from assistant.config import MatcherConfig, file_stamp, intents_dir
from assistant.errors import DataFileError
from assistant.nlu.intents import IntentSet, intent_files, load_intents
from assistant.nlu.matcher import Matcher
from assistant.nlu.types import GuideFinder, Match

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]


def _signature(directory: Path) -> Signature:
    return tuple((p.name, *file_stamp(p)) for p in intent_files(directory))


class LiveNLU:
    """An ``Understander`` over a directory of intent files that may change underneath it.

    Reloads never raise.  At start, broken files fall back to the ``snapshot`` of the last
    good set; only with no snapshot does it raise :class:`DataFileError`.
    """

    def __init__(
        self,
        directory: Path | None = None,
        config: MatcherConfig | None = None,
        guides: GuideFinder | None = None,
        snapshot: Path | None = None,
    ) -> None:
        self.directory = directory or intents_dir()
        self.config = config
        self.guides = guides
        self.snapshot = snapshot
        """Where the last good set is kept (None: not kept)."""
        self.last_error: DataFileError | None = None
        """Why the most recent load was refused (None after a good one)."""
        self._signature = _signature(self.directory)
        try:
            intents = load_intents(self.directory)
        except DataFileError as exc:
            if snapshot is None or not snapshot.is_dir():
                raise
            self.last_error = exc
            log.error("intent files are broken, starting with the last good set:\n%s", exc)
            intents = load_intents(snapshot)
        else:
            self._keep(intents)
        self.matcher = Matcher(intents, config, guides)

    def _keep(self, intents: IntentSet) -> None:
        """Copy the files of a good set to :attr:`snapshot` (replacing the old copy)."""
        if self.snapshot is None:
            return
        fresh = self.snapshot.with_name(self.snapshot.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        for path in intent_files(self.directory):
            shutil.copy2(path, fresh / path.name)
        old = self.snapshot.with_name(self.snapshot.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.snapshot.exists():
            self.snapshot.rename(old)
        fresh.rename(self.snapshot)
        shutil.rmtree(old, ignore_errors=True)
        log.debug("kept %d intents as the last good set in %s", len(intents), self.snapshot)

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
        self._keep(intents)
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
