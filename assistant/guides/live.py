"""The guide catalogue of the running kiosk: reloaded when staff edit ``guides/``, and the
last good version kept when they break it.

A broken guide file or ``site.yaml`` must never reach a citizen as a crash.  When the
files changed (looked at between sessions: :meth:`LiveCatalogue.refresh`, called through
:func:`assistant.nlu.live.refresh`; never while a conversation is handled),
:class:`LiveCatalogue` loads them strictly and switches only to a clean set;
otherwise it prints every problem (``path:line:col: message — fix``) once and keeps
answering from the last good catalogue — the one in memory, or, for a kiosk *restarted*
with a broken file, the copy of the last good files kept in ``var/guides.last-good``.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.config import file_stamp, guides_dir, var_dir
from assistant.datafile import keep_copy
from assistant.errors import DataFileError
from assistant.guides.loader import Catalogue, guide_files, load_catalogue
from assistant.guides.site import SITE_FILE

SNAPSHOT_NAME = "guides.last-good"
CHECK_EVERY_S = 2.0
"""How often (at most) :meth:`LiveCatalogue.refresh` looks at the files for edits: one
stat per file."""

Signature = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Loaded:
    """A catalogue and the folder its files were read from (``guides/`` or the snapshot)."""

    catalogue: Catalogue
    root: Path


class LiveCatalogue:
    """The current good catalogue of ``root`` (``None`` only when no good version of the
    guides was ever seen: the kiosk then answers guide questions with "请问工作人员")."""

    def __init__(self, root: Path | None = None, snapshot: Path | None = None) -> None:
        self.root = root or guides_dir()
        self.snapshot = snapshot
        """Where the last good files are copied (None: not kept)."""
        self.last_error: DataFileError | None = None
        """Why the newest files were refused (None when they are in use)."""
        self._loaded: Loaded | None = None
        self._signature: Signature | None = None
        self._checked = float("-inf")

    def get(self) -> Loaded | None:
        """The catalogue in use: loaded on the first call, then changed only by
        :meth:`refresh` (between sessions) — never while a conversation is handled."""
        if self._signature is None:
            return self.check_now()
        return self._loaded

    def refresh(self) -> bool:
        """Between sessions: look at the files if :data:`CHECK_EVERY_S` has passed since
        the last look, and switch to them when they changed and are good.  True if the
        catalogue in use changed."""
        if time.monotonic() - self._checked < CHECK_EVERY_S:
            return False
        before = self._loaded
        return self.check_now() is not before

    def check_now(self) -> Loaded | None:
        """Look at the files now (at the first use, :meth:`refresh`, or a staff command)
        and switch to them when they changed and are good; the catalogue in use."""
        self._checked = time.monotonic()
        signature = _signature(self.root)
        if signature == self._signature:
            return self._loaded
        self._signature = signature
        try:
            catalogue = load_catalogue(self.root)
        except DataFileError as exc:
            self.last_error = exc
            if self._loaded is None:
                self._loaded = self._from_snapshot()
            kept = "the last good guides" if self._loaded else "no guides at all"
            print(f"kiosk: guide files not used, answering from {kept} — fix them "
                  f"(kiosk guides lint):\n{exc}", file=sys.stderr)
            return self._loaded
        self.last_error = None
        self._loaded = Loaded(catalogue, self.root)
        self._keep()
        return self._loaded

    def _from_snapshot(self) -> Loaded | None:
        if self.snapshot is None or not (self.snapshot / SITE_FILE).is_file():
            return None
        try:
            return Loaded(load_catalogue(self.snapshot), self.snapshot)
        except DataFileError:
            return None

    def _keep(self) -> None:
        """Copy the good files to :attr:`snapshot` unless it already holds them."""
        if self.snapshot is None:
            return
        from assistant.guides.index import content_hash

        keep_copy([*guide_files(self.root), self.root / SITE_FILE], self.root, self.snapshot,
                  stamp=content_hash(self.root))

def _signature(root: Path) -> Signature:
    files = [*guide_files(root), root / SITE_FILE]
    return tuple((str(p), *file_stamp(p)) for p in files)


_SHARED: dict[Path, LiveCatalogue] = {}
_FOLDERS: dict[tuple[str, str, str], tuple[float, Path]] = {}
"""The folder each ``root`` (and the environment that places the default) resolved to, and
when: looked at again after :data:`CHECK_EVERY_S`, like the files (resolving costs
~0.2 ms, and one utterance asks for the guides several times)."""


def _folder(root: Path | None) -> Path:
    key = (str(root or ""), os.environ.get("KIOSK_GUIDES", ""), os.environ.get("KIOSK_VAR", ""))
    now = time.monotonic()
    found = _FOLDERS.get(key)
    if found is not None and now - found[0] < CHECK_EVERY_S:
        return found[1]
    folder = (root or guides_dir()).resolve()
    _FOLDERS[key] = (now, folder)
    return folder


def shared(root: Path | None = None) -> LiveCatalogue:
    """One :class:`LiveCatalogue` per guides folder for the whole process; the default
    folder keeps its last good copy in ``var/guides.last-good``."""
    folder = _folder(root)
    live = _SHARED.get(folder)
    if live is None:
        snapshot = var_dir() / SNAPSHOT_NAME if folder == guides_dir().resolve() else None
        live = _SHARED[folder] = LiveCatalogue(folder, snapshot)
    return live
