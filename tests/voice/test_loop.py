"""The voice loop with real parts: PulseAudio null sinks, vosk (Korean test model),
pyttsx3 + espeak-ng, the real dialog and simulators.

The "user" speaks espeak-ng Korean into ``micfeed`` (the kiosk microphone is its
monitor); what the kiosk says is recorded from ``spk.monitor``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from speech.conftest import Pulse

from assistant.audio.wav import Audio
from assistant.bench.voice import Recorder
from assistant.dialog import DialogConfig
from assistant.dialog.events import Key, UserText
from assistant.dialog.texts import FlowTexts
from voice.conftest import play, wait_for

pytestmark = [pytest.mark.audio, pytest.mark.model]


def _start(session: Any) -> threading.Thread:
    thread = threading.Thread(target=session.run, daemon=True)
    thread.start()
    return thread


def test_full_loop_yes_then_key(
    pulse: Pulse, make_runtime: Callable[..., tuple[Any, Any]], ko_yes: Audio,
    speaker_recorder: Recorder, tmp_path: Path,
) -> None:
    """Inactivity (real clock) → "还在吗？" → user says 네 → vosk 네 → matcher → Key 1 →
    the dialog resumes the menu → the reply is synthesised and heard on the speaker;
    then the cancel function key cancels and the session ends with the goodbye."""
    runtime, keys = make_runtime(listen_s=30)
    session = runtime.session(DialogConfig(inactivity_s=1.0))
    thread = _start(session)
    deadline = time.monotonic() + 30
    while session.dialog.state != "still_there":
        assert time.monotonic() < deadline, f"stuck in {session.dialog.state}"
        time.sleep(0.05)
    wait_for(session.listening, 20, "listening after 您还在吗")
    spoke_end = play(pulse, ko_yes, tmp_path)
    deadline = time.monotonic() + 15
    while not session.trace.replies:
        assert time.monotonic() < deadline, "no reply after 네"
        time.sleep(0.05)
    heard = session.trace.heard[-1]
    assert heard.text == "네" and heard.understood
    assert heard.event == Key("1") and heard.meaning == "yes"
    assert session.trace.early == 1  # a closed answer: finalised without the model's endpoint
    assert session.dialog.state == "menu"  # resumed the question asked before
    wait_for(session.listening, 20, "listening after the reply")
    keys.write("cancel\n")
    thread.join(timeout=20)
    assert not thread.is_alive()
    assert session.dialog.outcome == "cancelled"
    time.sleep(0.3)
    speaker_recorder.stop()
    after = [(a, b) for a, b in speaker_recorder.loud_spans() if b > spoke_end]
    assert after, "nothing was heard on the speaker after the user spoke"
    start, end = after[0]
    # spoke_end is estimated from paplay's exit (its stream drains after the speech, a few
    # hundred ms of PulseAudio latency): a reply 0.36 s after the real end of speech can
    # start a little "before" it — the check is that the reply follows the answer, not
    # how fast (that is `kiosk bench voice`)
    assert -0.3 < start - spoke_end < 2.0, start - spoke_end
    assert 0.5 < end - start < 6.0  # "请说业务。" at 150 wpm (+ earcon)


def test_barge_in_stops_the_prompt_and_is_heard(
    pulse: Pulse, make_runtime: Callable[..., tuple[Any, Any]], ko_yes: Audio,
    tmp_path: Path, long_greeting_texts: FlowTexts,
) -> None:
    """The user speaks 1 s into the greeting: the greeting stops early, the menu prompt
    is skipped, and 네 is recognised (at the menu it is not a service: the dialog starts
    to say so); '#' pressed during that reply cuts it off and ends the session."""
    runtime, keys = make_runtime(long_greeting_texts)
    session = runtime.session()
    thread = _start(session)
    wait_for(session.speaking, 20, "the greeting")
    time.sleep(1.0)
    user = pulse.paplay(ko_yes.to_wav(), tmp_path)
    begin = time.monotonic()
    deadline = begin + 15
    while not session.trace.heard:
        assert time.monotonic() < deadline, "barge-in utterance not recognised"
        time.sleep(0.05)
    user.wait(timeout=10)
    text, started, ended, interrupted = session.trace.said[0]
    assert text.startswith("您好") and interrupted, "the greeting was not cut off"
    assert started + 3.0 < ended + 2.0 < begin + 3.5  # cut within 1.5 s of the user's audio
    assert session.trace.heard[0].text == "네"
    assert isinstance(session.trace.heard[0].event, UserText)
    wait_for(session.speaking, 10, "the reply")
    keys.write("cancel\n")
    thread.join(timeout=20)
    said = session.trace.said
    assert [s[0] for s in said if "请说业务" in s[0]] == []  # the menu prompt was skipped
    assert said[1][3], "the key did not cut the reply off"
    assert session.dialog.outcome == "cancelled"


def test_half_duplex_mutes_the_microphone_while_speaking(
    pulse: Pulse, make_runtime: Callable[..., tuple[Any, Any]], ko_yes: Audio,
    tmp_path: Path,
) -> None:
    runtime, keys = make_runtime(half_duplex=True)
    session = runtime.session()
    thread = _start(session)
    wait_for(session.speaking, 20, "the greeting")
    play(pulse, ko_yes, tmp_path)  # during the greeting / menu prompt
    wait_for(session.listening, 20, "listening")
    assert not any(s[3] for s in session.trace.said)
    assert session.trace.heard == []
    keys.write("cancel\n")
    thread.join(timeout=20)
    assert session.dialog.outcome == "cancelled"


def test_kiosk_run_voice_mode_once(pulse: Pulse, ko_model_dir: Path, tmp_path: Path) -> None:
    """``kiosk run --once`` with a model and a microphone runs the voice runtime (real
    intents and flows); the cancel function key cuts the greeting off and ends the session."""
    import os
    import subprocess
    import sys

    env = dict(pulse.env, KIOSK_MODEL=str(ko_model_dir), KIOSK_VAR=str(tmp_path),
               PYTHONUNBUFFERED="1")
    env.pop("KIOSK_HALF_DUPLEX", None)
    proc = subprocess.run([sys.executable, "-m", "assistant", "run", "--once"], input="cancel\n",
                          env=env, capture_output=True, text=True, timeout=90,
                          cwd=os.getcwd())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "typed conversation" not in proc.stderr
    assert "pre-rendered" in proc.stderr  # the fixed prompts were synthesised at start
    assert "您好" in proc.stdout and "感谢使用" in proc.stdout, proc.stdout


def test_bench_voice_measures_reply_latency(ko_model_dir: Path, tmp_path: Path) -> None:
    """``python -m assistant.bench.voice --n 1`` (its own private PulseAudio)."""
    import os
    import re
    import subprocess
    import sys

    if subprocess.run(["which", "pulseaudio"], capture_output=True).returncode:
        pytest.skip("pulseaudio is not installed")
    env = dict(os.environ, KIOSK_VAR=str(tmp_path))
    for key in ("PULSE_SERVER", "PULSE_COOKIE"):
        env.pop(key, None)
    proc = subprocess.run([sys.executable, "-m", "assistant.bench.voice", "--n", "1",
                           "--model", str(ko_model_dir)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "trials: 1" in proc.stdout, proc.stdout
    m = re.search(r"first reply audio \(spk.monitor\): p50 ([0-9.]+) s", proc.stdout)
    assert m is not None and 0.2 < float(m.group(1)) < 3.0, proc.stdout
