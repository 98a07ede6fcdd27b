"""Every error the kiosk raises on purpose, in one hierarchy.

All of them derive from :class:`KioskError`, so a caller that wants to keep the kiosk
running catches that one class.  Each message says what went wrong *and* how to fix it.

Hierarchy::

    KioskError
    ├── DataFileError            staff-edited files (intents/, guides/, site) are invalid
    ├── ConfigError              kiosk configuration is invalid
    ├── SpeechError
    │   ├── ModelError           speech model missing or unloadable
    │   ├── AudioDeviceError     microphone / speaker missing or failed
    │   └── SynthesisError       text-to-speech failed
    ├── AdapterError             a device or back end failed
    │   ├── DeviceTimeout        it did not answer in time
    │   ├── DeviceRefused        it answered "no" (card unreadable, payment declined ...)
    │   └── BackendError         a police back end returned an error
    └── StoreError               the local database cannot be used
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class KioskError(Exception):
    """Base class of every error raised on purpose by the kiosk."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a data file.

    Rendered as ``path:line:col: message — how to fix`` (1-based line and column), the
    format editors and CI logs understand.
    """

    path: str
    """File the problem is in, as given to the loader (relative paths stay relative)."""
    line: int
    """1-based line number (0 when the problem concerns the whole file)."""
    col: int
    """1-based column number (0 when unknown)."""
    message: str
    """What is wrong, in one sentence."""
    fix: str
    """How to fix it, in one sentence."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message} — {self.fix}"

    @classmethod
    def at(cls, path: str | Path, line: int, col: int, message: str, fix: str) -> Problem:
        return cls(str(path), line, col, message, fix)


class DataFileError(KioskError):
    """One or more staff-edited data files are invalid.

    ``problems`` holds *all* problems found, sorted by file and position, so staff can fix
    everything in one go.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in data files:\n{lines}")


class ConfigError(KioskError):
    """The kiosk configuration is invalid."""


class SpeechError(KioskError):
    """Base class for speech recognition, synthesis and audio errors."""


class ModelError(SpeechError):
    """The speech model is missing or cannot be loaded."""


class AudioDeviceError(SpeechError):
    """A microphone or speaker is missing or failed."""


class SynthesisError(SpeechError):
    """Text-to-speech failed."""


class AdapterError(KioskError):
    """A kiosk device or police back end failed."""


class DeviceTimeout(AdapterError):
    """A device or back end did not answer in time."""


class DeviceRefused(AdapterError):
    """A device or back end answered but refused (unreadable card, declined payment...)."""


class BackendError(AdapterError):
    """A police back end returned an error."""


class StoreError(KioskError):
    """The local SQLite database cannot be used."""


class DeviceRejected(DeviceRefused):
    """A device or back end refused for a known reason, given as a ``reason`` code.

    The dialog turns the code into advice (``glasses_glare`` → "请摘下眼镜").
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
