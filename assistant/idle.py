"""Idle announcements: short public notices played while nobody uses the kiosk.

Staff edit ``guides/announcements.yaml`` (anti-fraud, traffic safety, new services of this
kiosk), read by :mod:`assistant.guides.announcements`; ``kiosk guides lint`` checks it.
:class:`IdleAnnouncer` is pure scheduling logic: times come in as arguments (``now``:
monotonic seconds, ``local_time``: the wall-clock time of day for quiet hours), nothing
reads a clock, plays audio or starts a thread.

Typical use by the voice loop::

    announcer = IdleAnnouncer(load_announcements(announcements_path()), IdleConfig.from_env())
    ...                                   # while idle, every second or so:
    due = announcer.due(monotonic(), datetime.now().time())
    if due is not None:
        play(due.announcement.text, volume_db=due.volume_db)   # interruptible
        announcer.played(monotonic())      # or announcer.interrupted(t) on speech/key/card
    ...
    announcer.session_started()           # a user session begins: silence
    announcer.session_ended(monotonic())  # ...ends: first announcement after first_after_s
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import time
from pathlib import Path

from assistant.config import file_stamp
from assistant.errors import ConfigError, DataFileError
from assistant.guides.announcements import (
    ANNOUNCEMENTS_FILE,
    KINDS,
    MAX_TEXT_CHARS,
    Announcement,
    announcements_path,
    lint_announcements,
    load_announcements,
    read_announcements,
)

VOLUME_RANGE_DB = (-30.0, 6.0)
"""Allowed announcement volumes, relative to the normal prompt volume."""
_HHMM_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_hhmm(text: str) -> time:
    """``"22:00"`` → ``time(22, 0)``; :class:`ValueError` for anything else."""
    m = _HHMM_RE.match(text.strip())
    if m is None:
        raise ValueError(f"{text!r} is not a time of day written HH:MM")
    return time(int(m.group(1)), int(m.group(2)))


# ---------------------------------------------------------------------- configuration
@dataclass(frozen=True)
class IdleConfig:
    """When and how loud idle announcements play.

    Each field can be set for a deployment with ``KIOSK_IDLE_<FIELD>`` (e.g.
    ``KIOSK_IDLE_INTERVAL_S=300``, ``KIOSK_IDLE_QUIET_HOURS=22:30-06:30``,
    ``KIOSK_IDLE_ENABLED=0``); see :meth:`from_env`.  Invalid values raise
    :class:`ConfigError`.
    """

    interval_s: float = 180.0
    """Seconds from the end of one announcement to the start of the next (> 0)."""
    first_after_s: float = 60.0
    """Quiet seconds after a session ends (or the kiosk starts) before the first one (≥ 0)."""
    quiet_hours: tuple[str, str] = ("22:00", "07:00")
    """Start and end (``HH:MM``, local time) of the night: quieter, and items with
    ``night: false`` are skipped.  May wrap past midnight; start == end means no night."""
    night_volume_db: float = -9.0
    """Volume during quiet hours, dB relative to the normal prompt volume."""
    day_volume_db: float = 0.0
    """Volume outside quiet hours, dB relative to the normal prompt volume."""
    enabled: bool = True
    """``False``: never announce."""

    def __post_init__(self) -> None:
        for f in fields(self):
            problem = _field_problem(f.name, getattr(self, f.name))
            if problem is not None:
                raise ConfigError(f"IdleConfig.{f.name}: {problem}")

    @property
    def night_start(self) -> time:
        return parse_hhmm(self.quiet_hours[0])

    @property
    def night_end(self) -> time:
        return parse_hhmm(self.quiet_hours[1])

    def is_quiet(self, local_time: time) -> bool:
        """Whether ``local_time`` is within quiet hours (start inclusive, end exclusive)."""
        start, end, now = self.night_start, self.night_end, local_time.replace(tzinfo=None)
        if start == end:
            return False
        if start < end:
            return start <= now < end
        return now >= start or now < end

    def volume_db(self, local_time: time) -> float:
        """The announcement volume at ``local_time``."""
        return self.night_volume_db if self.is_quiet(local_time) else self.day_volume_db

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> IdleConfig:
        """Defaults overridden by ``KIOSK_IDLE_<FIELD>`` variables.

        Numbers are plain decimals; ``KIOSK_IDLE_QUIET_HOURS`` is ``HH:MM-HH:MM``;
        ``KIOSK_IDLE_ENABLED`` is 1/0, true/false, yes/no or on/off.
        """
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            name = f"KIOSK_IDLE_{f.name.upper()}"
            raw = env.get(name)
            if raw is None:
                continue
            value = _parse_env(f.name, raw)
            problem = "cannot be read" if value is None else _field_problem(f.name, value)
            if problem is not None:
                raise ConfigError(
                    f"{name}={raw!r}: {problem} — write {_ENV_FORMAT[f.name]}, or unset it "
                    f"to use the default {_default_text(f.name)}"
                )
            values[f.name] = value
        return cls(**values)  # type: ignore[arg-type]


_ENV_FORMAT = {
    "interval_s": "a number of seconds greater than 0, e.g. 180",
    "first_after_s": "a number of seconds, 0 or more, e.g. 60",
    "quiet_hours": "two times HH:MM-HH:MM, e.g. 22:00-07:00 (00:00-00:00: no quiet hours)",
    "night_volume_db": f"a number of dB from {VOLUME_RANGE_DB[0]:g} to {VOLUME_RANGE_DB[1]:g}, "
    "e.g. -9",
    "day_volume_db": f"a number of dB from {VOLUME_RANGE_DB[0]:g} to {VOLUME_RANGE_DB[1]:g}, "
    "e.g. 0",
    "enabled": "1 or 0 (also true/false, yes/no, on/off)",
}


def _default_text(name: str) -> str:
    value = next(f.default for f in fields(IdleConfig) if f.name == name)
    return "-".join(value) if isinstance(value, tuple) else str(value)


def _parse_env(name: str, raw: str) -> object | None:
    text = raw.strip().lower()
    if name == "enabled":
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        return None
    if name == "quiet_hours":
        parts = [p.strip() for p in text.split("-")]
        return tuple(parts) if len(parts) == 2 else None
    try:
        return float(text)
    except ValueError:
        return None


def _field_problem(name: str, value: object) -> str | None:
    """What is wrong with ``value`` for the field ``name``, or ``None``."""
    if name == "enabled":
        return None if isinstance(value, bool) else "must be true or false"
    if name == "quiet_hours":
        if not (isinstance(value, tuple) and len(value) == 2):
            return "must be two times of day (start, end)"
        for part in value:
            try:
                parse_hhmm(str(part))
            except ValueError as exc:
                return str(exc)
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return "must be a number"
    number = float(value)
    if name == "interval_s" and number <= 0:
        return "must be greater than 0 seconds"
    if name == "first_after_s" and number < 0:
        return "must not be negative"
    if name.endswith("_volume_db") and not VOLUME_RANGE_DB[0] <= number <= VOLUME_RANGE_DB[1]:
        return f"must be between {VOLUME_RANGE_DB[0]:g} and {VOLUME_RANGE_DB[1]:g} dB"
    return None


# ---------------------------------------------------------------------- scheduling
@dataclass(frozen=True)
class AnnouncementDue:
    """An announcement to play now."""

    announcement: Announcement
    volume_db: float
    """Volume relative to the normal prompt volume (quieter at night)."""
    night: bool
    """Whether quiet hours are on."""


class IdleAnnouncer:
    """Decides when to play which idle announcement (pure: no clock, audio or threads).

    Round-robin through ``items`` in order; during quiet hours items with ``night: false``
    are skipped (they keep their turn for the day) and the volume is
    ``config.night_volume_db``.  Nothing plays during a session, before ``first_after_s``
    after one ends (or after the first call to :meth:`due`: the kiosk start), or before
    ``interval_s`` after the last announcement ended or was interrupted.
    """

    def __init__(self, items: Sequence[Announcement], config: IdleConfig | None = None) -> None:
        self.items: tuple[Announcement, ...] = tuple(items)
        self.config = config if config is not None else IdleConfig()
        self.in_session = False
        """A user session is running (set by :meth:`session_started`)."""
        self.playing: Announcement | None = None
        """The announcement :meth:`due` last handed out, until played or interrupted."""
        self._next_at: float | None = None
        self._position = 0

    @property
    def next_at(self) -> float | None:
        """Earliest ``now`` at which :meth:`due` may return something (``None``: not yet
        known, i.e. before the first :meth:`due`, or during a session)."""
        return None if self.in_session else self._next_at

    def session_started(self) -> None:
        """A user session begins: no announcements until :meth:`session_ended` (stop any
        announcement that is playing)."""
        self.in_session = True
        self.playing = None

    def session_ended(self, now: float) -> None:
        """The session ended at ``now``: the next announcement comes ``first_after_s`` later."""
        self.in_session = False
        self.playing = None
        self._next_at = now + self.config.first_after_s

    def due(self, now: float, local_time: time) -> AnnouncementDue | None:
        """The announcement to start at ``now`` (and its volume), or ``None``.

        ``None`` when disabled, there are no items, a session is running, it is not yet
        time (an announcement handed out is "playing" for at least ``interval_s``; a player
        that never calls :meth:`played` does not stop the schedule), or only
        ``night: false`` items are left at night.  The first call (kiosk start) starts the
        ``first_after_s`` wait.
        """
        if not self.config.enabled or not self.items or self.in_session:
            return None
        if self._next_at is None:
            self._next_at = now + self.config.first_after_s
        if now < self._next_at:  # also while one plays: due() set _next_at an interval ahead
            return None
        night = self.config.is_quiet(local_time)
        for step in range(len(self.items)):
            index = (self._position + step) % len(self.items)
            item = self.items[index]
            if night and not item.night:
                continue
            self._position = index + 1
            self.playing = item
            self._next_at = now + self.config.interval_s  # until played() says when it ended
            return AnnouncementDue(item, self.config.volume_db(local_time), night)
        return None

    def played(self, now: float) -> None:
        """The announcement finished at ``now``: the next one comes ``interval_s`` later."""
        self.playing = None
        if not self.in_session:
            self._next_at = now + self.config.interval_s

    def interrupted(self, now: float) -> Announcement | None:
        """A user spoke, pressed a key or inserted a card at ``now``.

        Returns the announcement to stop (``None`` if none was playing); the next one waits
        a full ``interval_s`` from ``now``.
        """
        stopped, self.playing = self.playing, None
        if not self.in_session:
            self._next_at = now + self.config.interval_s
        return stopped


@functools.lru_cache(maxsize=8)
def _announcements_at(path: Path, stamp: tuple[int, int]) -> list[Announcement]:
    """The file parsed once per version (every new session asks for an announcer)."""
    return load_announcements(path)


def load_announcer(path: Path | None = None) -> IdleAnnouncer | None:
    """The announcer over ``guides/announcements.yaml`` with :meth:`IdleConfig.from_env`;
    ``None`` when announcements are switched off, the file is missing, or it is broken
    (then one line on stderr says why: the kiosk keeps serving without them)."""
    import sys

    file = path if path is not None else announcements_path()
    try:
        config = IdleConfig.from_env()
    except ConfigError as exc:
        print(f"kiosk: no idle announcements: {str(exc).splitlines()[0]}", file=sys.stderr)
        return None
    try:
        items = _announcements_at(file, file_stamp(file))
        _last_good_announcements[file] = items
    except (DataFileError, OSError) as exc:
        items = _last_good_announcements.get(file, [])
        kept = "the last good ones are played" if items else "none are played"
        print(f"kiosk: announcements.yaml not used ({str(exc).splitlines()[0]}) — {kept}; "
              "fix it (kiosk check)", file=sys.stderr)
    return IdleAnnouncer(items, config) if config.enabled and items else None


_last_good_announcements: dict[Path, list[Announcement]] = {}
"""The announcements of the last version of each file that could be read."""


__all__ = [  # the announcement list is read by assistant.guides.announcements; the
    # tests of the idle announcer still import its names from here
    "ANNOUNCEMENTS_FILE",
    "KINDS",
    "MAX_TEXT_CHARS",
    "Announcement",
    "AnnouncementDue",
    "IdleAnnouncer",
    "IdleConfig",
    "announcements_path",
    "lint_announcements",
    "load_announcements",
    "load_announcer",
    "parse_hhmm",
    "read_announcements",
]
