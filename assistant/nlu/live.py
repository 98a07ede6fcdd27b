"""The running kiosk's NLU: reloads edited intent files, keeps the last good set.

Staff edit ``intents/*.yaml`` while the kiosk runs.  :class:`LiveNLU` notices the change
(file names, sizes and modification times), loads the new set strictly and switches to it
only if it is clean; otherwise it logs every problem and keeps understanding with the last
good set, so a typo never takes the kiosk down.

Edits are looked for only when the host asks — :func:`refresh`, called when a new
person's session begins — never while a conversation is being handled: one person's
session is understood by one set of intent files from start to end.

Every good set is also copied to a snapshot folder (``var/intents.last-good`` for the
kiosk), so a kiosk restarted while a file is broken starts with the last good set instead
of not starting at all.

The intent model is trained from the files (:mod:`assistant.nlu.model`) and cached in
``cache_dir`` (``var/nlu-model/`` for the kiosk) under a key made of the files' content:
a kiosk restarted with unchanged files loads it in milliseconds.  After an edit the new
model is trained in a background thread; until it is ready the kiosk keeps understanding
with the last model, so a retraining never blocks a conversation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Collection
from pathlib import Path
from typing import Protocol, runtime_checkable

from assistant.config import MatcherConfig, file_stamp, intents_dir
from assistant.datafile import keep_copy
from assistant.errors import DataFileError
from assistant.nlu.intents import IntentSet, intent_files, load_intents
from assistant.nlu.matcher import Matcher
from assistant.nlu.model import cached_model, digest
from assistant.nlu.types import GuideFinder, Match, Understander

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]


@runtime_checkable
class Refreshable(Protocol):
    """A part of the understanding that follows edited staff files between sessions (the
    guide finder: ``assistant.guides.finder.CatalogueGuides``)."""

    def refresh(self) -> bool:
        """Switch to edited files if due; True if something changed."""
        ...


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
        cache_dir: Path | None = None,
        background: bool = True,
        check_interval_s: float = 0.0,
    ) -> None:
        self.directory = directory or intents_dir()
        self.config = config
        self.guides = guides
        self.snapshot = snapshot
        """Where the last good set is kept (None: not kept)."""
        self.cache_dir = cache_dir
        """Where trained models are cached (None: trained in memory at every start)."""
        self.background = background
        """Retrain after an edit in a background thread (False: before the next answer)."""
        self._training: threading.Thread | None = None
        self.check_interval_s = check_interval_s
        """:func:`refresh` looks at the files at most this often (0: at every call)."""
        self._checked = time.monotonic()
        self.last_error: DataFileError | None = None
        """Why the most recent load was refused (None after a good one)."""
        self._signature = _signature(self.directory)
        try:
            key = digest(intent_files(self.directory))
            intents = load_intents(self.directory)
        except DataFileError as exc:
            if snapshot is None or not snapshot.is_dir():
                raise
            self.last_error = exc
            log.error("intent files are broken, starting with the last good set:\n%s", exc)
            key = digest(intent_files(snapshot))
            intents = load_intents(snapshot)
        else:
            self._keep(intents)
        self.matcher = self._build(intents, key)

    def _build(self, intents: IntentSet, key: str) -> Matcher:
        """A matcher over ``intents`` with its model (from the cache under ``key``, or
        trained now)."""
        model = cached_model(intents, key, self.cache_dir)
        return Matcher(intents, self.config, self.guides, model)

    def _keep(self, intents: IntentSet) -> None:
        """Copy the files of a good set to :attr:`snapshot` (replacing the old copy)."""
        if self.snapshot is None:
            return
        files = intent_files(self.directory)
        stamp = repr(tuple((p.name, *file_stamp(p)) for p in files))
        if keep_copy(files, self.directory, self.snapshot, stamp=stamp):
            log.debug("kept %d intents as the last good set in %s", len(intents),
                      self.snapshot)

    def reload_if_changed(self) -> bool:
        """Switch to the edited files if they changed and are valid; True if switched
        (in the background: the new model is in use once :meth:`wait` returns)."""
        if self._training is not None and self._training.is_alive():
            return False  # one training at a time: a newer edit is noticed after this one
        signature = _signature(self.directory)
        if signature == self._signature:
            return False
        self._signature = signature
        try:
            key = digest(intent_files(self.directory))
            intents = load_intents(self.directory)
        except DataFileError as exc:
            self.last_error = exc
            log.error("intent files not reloaded, keeping the last good set:\n%s", exc)
            return False
        self.last_error = None
        self._keep(intents)
        if not self.background:
            self.matcher = self._build(intents, key)
            log.info("intent files reloaded: %d intents", len(intents))
            return True
        self._training = threading.Thread(
            target=self._retrain, args=(intents, key), name="nlu-retrain", daemon=True
        )
        self._training.start()
        return True

    def _retrain(self, intents: IntentSet, key: str) -> None:
        try:
            matcher = self._build(intents, key)
            matcher.warm()  # here, not on the next citizen's utterance
        except Exception:  # never take the kiosk down: keep the last model
            log.exception("retraining the intent model failed; keeping the last model")
            return
        self.matcher = matcher  # one assignment: callers see the old or the new matcher
        log.info("intent files reloaded: %d intents, new model in use", len(intents))

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a background retraining (if any) is done; True if none is running."""
        thread = self._training
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False
            self._training = None
        return True

    def warm(self) -> None:
        """Prepare what explanations need for every intent (for a warm-up thread: the
        first utterances then pay nothing for it)."""
        self.matcher.warm()

    def understand(
        self,
        text: str,
        *,
        allowed: Collection[str] | None = None,
        asr_confidence: float | None = None,
    ) -> Match:
        """Understand ``text`` with the current set (never looks at the files: see
        :func:`refresh`)."""
        return self.matcher.understand(text, allowed=allowed, asr_confidence=asr_confidence)

    def refresh(self) -> bool:
        """:meth:`reload_if_changed` if :attr:`check_interval_s` has passed since the last
        look, and the same for the guide finder's files (when it can refresh); True if
        either switched (or started retraining)."""
        now = time.monotonic()
        if now - self._checked < self.check_interval_s:
            return False
        self._checked = now
        guides = isinstance(self.guides, Refreshable) and self.guides.refresh()
        return self.reload_if_changed() or guides


def refresh(nlu: Understander | None) -> bool:
    """Between sessions (when a new person's session begins): reload changed intent files
    if the check interval has passed.  True if the understander switched to edited files
    (or started retraining for them); a no-op (False) for understanders that are not a
    :class:`LiveNLU` and for ``None``."""
    return isinstance(nlu, LiveNLU) and nlu.refresh()
