"""Sound devices through PortAudio (``sounddevice``), imported lazily.

The microphone and speaker are chosen by a name substring: ``KIOSK_MIC`` and
``KIOSK_SPEAKER`` (or the ``mic=``/``speaker=`` arguments), else the system default.
On Linux with PulseAudio/PipeWire, PortAudio shows only ``pulse`` and ``default``; pick
the actual sink/source with ``PULSE_SINK`` / ``PULSE_SOURCE`` (or ``pactl set-default-*``).

Every PortAudio failure becomes :class:`AudioDeviceError` with a hint; the kiosk keeps
working with keys and screen when audio is gone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal

from assistant.errors import AudioDeviceError

MIC_ENV = "KIOSK_MIC"
"""Environment variable: substring of the microphone's device name."""
SPEAKER_ENV = "KIOSK_SPEAKER"
"""Environment variable: substring of the speaker's device name."""

Kind = Literal["input", "output"]

NO_MIC_HINT = "no microphone found: check the cable; the kiosk keeps working with keys"
NO_SPEAKER_HINT = (
    "no speaker found: check the cable and the volume; the screen still shows every prompt"
)


def sounddevice() -> ModuleType:
    """The ``sounddevice`` module (PortAudio), imported on first use."""
    try:
        import sounddevice as sd
    except OSError as exc:  # the PortAudio shared library is missing
        raise AudioDeviceError(
            f"PortAudio is not installed ({exc}) — `apt install libportaudio2`; "
            "the kiosk keeps working with keys"
        ) from exc
    module: ModuleType = sd
    return module


def port_audio_errors() -> tuple[type[BaseException], ...]:
    """Exceptions PortAudio raises (for ``except`` clauses)."""
    return (sounddevice().PortAudioError, OSError, ValueError)


def refresh() -> None:
    """Re-scan devices (PortAudio caches the list when it is first initialised)."""
    sd = sounddevice()
    terminate, initialize = getattr(sd, "_terminate", None), getattr(sd, "_initialize", None)
    if terminate is not None and initialize is not None:
        terminate()
        initialize()


@dataclass(frozen=True)
class DeviceInfo:
    """One PortAudio device."""

    index: int
    """PortAudio device index (what streams take)."""
    name: str
    """Device name as the host API reports it."""
    hostapi: str
    """Host API name (ALSA, PulseAudio, WASAPI, MME...)."""
    inputs: int
    """Maximum input channels (0: not a microphone)."""
    outputs: int
    """Maximum output channels (0: not a speaker)."""
    default_rate: float
    """Native sample rate in Hz."""
    default_input: bool = False
    """This is the system's default input."""
    default_output: bool = False
    """This is the system's default output."""

    def describe(self) -> str:
        """One line for ``kiosk audio devices``."""
        marks = ("<" if self.default_input else " ") + (">" if self.default_output else " ")
        return (
            f"{marks} {self.index:3d} {self.name} ({self.hostapi}, "
            f"{self.inputs} in, {self.outputs} out, {self.default_rate:g} Hz)"
        )


def list_devices() -> list[DeviceInfo]:
    """Every device PortAudio sees (may be empty on a machine without a sound card)."""
    sd = sounddevice()
    try:
        devices: Any = sd.query_devices()
        apis: Any = sd.query_hostapis()
        default_in, default_out = (int(x) for x in sd.default.device)
    except port_audio_errors() as exc:
        raise AudioDeviceError(
            f"cannot list sound devices ({exc}) — check the audio setup"
        ) from exc
    return [
        DeviceInfo(
            index=int(d["index"]),
            name=str(d["name"]),
            hostapi=str(apis[int(d["hostapi"])]["name"]),
            inputs=int(d["max_input_channels"]),
            outputs=int(d["max_output_channels"]),
            default_rate=float(d["default_samplerate"]),
            default_input=int(d["index"]) == default_in,
            default_output=int(d["index"]) == default_out,
        )
        for d in devices
    ]


def select_device(kind: Kind, name: str | None = None) -> int | None:
    """The device index for ``kind``: by name substring (argument, else ``KIOSK_MIC`` /
    ``KIOSK_SPEAKER``), else None for the system default.

    Raises :class:`AudioDeviceError` when there is no such device at all, or when the
    name matches none (the message lists what there is).
    """
    env = MIC_ENV if kind == "input" else SPEAKER_ENV
    wanted = name if name is not None else os.environ.get(env) or None
    devices = list_devices()
    usable = [d for d in devices if (d.inputs if kind == "input" else d.outputs) > 0]
    if not usable:
        raise AudioDeviceError(NO_MIC_HINT if kind == "input" else NO_SPEAKER_HINT)
    if wanted is None:
        return None
    needle = wanted.casefold()
    matches = [d for d in usable if needle in d.name.casefold()]
    if not matches:
        names = ", ".join(repr(d.name) for d in usable)
        raise AudioDeviceError(
            f"no {kind} device matches {wanted!r} — set {env} to part of one of: {names}"
        )
    return matches[0].index


def open_error(kind: Kind, exc: BaseException) -> AudioDeviceError:
    """The :class:`AudioDeviceError` for a stream that failed to open or run."""
    hint = NO_MIC_HINT if kind == "input" else NO_SPEAKER_HINT
    return AudioDeviceError(f"cannot open the {kind} stream ({exc}) — {hint}")
