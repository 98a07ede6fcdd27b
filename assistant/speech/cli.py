"""``kiosk say | listen | audio devices | audio selftest | model install | model check``.

Registered by :mod:`assistant.cli` through :func:`register`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from assistant.errors import SpeechError

PhraseLoader = Callable[[Path], Iterable[str]]
"""Returns the phrases (intent examples, enum words) found in an intents directory."""


def intent_phrases(directory: Path) -> list[str]:
    """Every example and enum word of the intent files in ``directory`` (default loader).

    """
    from assistant.nlu.intents import load_intents

    phrases: list[str] = []
    for intent in load_intents(directory):
        phrases.extend(example.text for example in intent.examples)
        for slot in intent.slots:
            for words in slot.values.values():
                phrases.extend(words)
    return list(dict.fromkeys(phrases))


def _grammar_arg(value: str) -> list[str]:
    try:
        phrases = json.loads(value)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(
            f'not JSON ({exc.msg}); give a list like \'["是", "不是"]\''
        ) from exc
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        raise argparse.ArgumentTypeError('give a JSON list of strings, e.g. \'["是", "不是"]\'')
    return phrases


def _say(args: argparse.Namespace) -> int:
    from assistant.speech.tts import Synthesizer, list_voices

    if args.voices:
        for voice in list_voices():
            print(f"{voice.id}\t{voice.name}\t{','.join(voice.languages)}")
        return 0
    if not args.text:
        raise SpeechError("nothing to say — give the TEXT to speak (or --voices)")
    # never cached: the text may be anything (a name, an ID number) and the cache is a file
    synth = Synthesizer(args.voice, use_cache=False)
    wav = synth.synth(args.text, args.rate, args.volume)
    if args.out:
        Path(args.out).write_bytes(wav)
        return 0
    from assistant.audio.playback import play

    play(wav, args.speaker)
    return 0


def _listen(args: argparse.Namespace) -> int:
    from assistant.speech.asr import compile_grammar, load_model, recognize_wav
    from assistant.speech.diagnostics import listen_once

    model = load_model(args.model)
    grammar = None if args.grammar is None else compile_grammar(args.grammar, model, args.unk)
    if args.wav:
        result = recognize_wav(args.wav, model, grammar)
    else:
        print("listening… (speak now)", file=sys.stderr)
        result = listen_once(model, grammar, args.seconds, args.mic)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print(result.text)
    return 0


def _devices(args: argparse.Namespace) -> int:
    from assistant.audio.devices import list_devices

    devices = list_devices()
    if not devices:
        print("no sound devices found (< default input, > default output)")
        return 1
    for device in devices:
        print(device.describe())
    return 0


def _selftest(args: argparse.Namespace) -> int:
    from assistant.speech.diagnostics import selftest

    report = selftest(
        args.text,
        voice=args.voice,
        model_dir=args.model,
        grammar=args.grammar,
        mic=args.mic,
        speaker=args.speaker,
    )
    for step in report.steps:
        mark = "ok  " if step.ok else "FAIL"
        print(f"{mark} {step.name:16s} {step.seconds:6.2f} s  {step.detail}")
    return 0 if report.ok else 1


def _install(args: argparse.Namespace) -> int:
    from assistant.speech.models import install_model

    target = install_model(Path(args.source), name=args.name, force=args.force)
    print(f"installed {target} (loads fine); select it with --model {target} or KIOSK_MODEL")
    return 0


def _check(args: argparse.Namespace, loader: PhraseLoader) -> int:
    from assistant.speech.diagnostics import check_model

    phrases: list[str] | None = None
    if args.grammar is not None or args.phrases or args.intents:
        phrases = list(args.grammar or [])
        if args.phrases:
            text = Path(args.phrases).read_text(encoding="utf-8")
            phrases.extend(line.strip() for line in text.splitlines() if line.strip())
        if args.intents:
            phrases.extend(loader(Path(args.intents)))
    report = check_model(args.model, phrases)
    print(f"model {report.model_dir}: loaded in {report.load_seconds:.2f} s")
    e = report.endpointing
    print(f"endpointing (trailing silence): {e.rule2:g} / {e.rule3:g} / {e.rule4:g} s")
    if report.grammar is not None:
        g = report.grammar
        print(f"unknown-word token: {g.unk_token or 'none'}")
        print(f"{len(g.phrases)} phrase(s) recognisable, {len(g.dropped)} not:")
        for dropped in g.dropped:
            print(f"  missing {dropped}")
    return 0 if report.ok else 1


def _bench(args: argparse.Namespace) -> int:
    from assistant.speech.bench import run

    return run(args.model)


def register_bench(bench: Any) -> None:
    """Add ``kiosk bench speech`` (model load, recognition RTF, synthesis, cache)."""
    p = bench.add_parser("speech", help="model load, recognition RTF, synthesis and cache times")
    _model_arg(p)
    p.set_defaults(func=_bench)


def _model_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", metavar="DIR", help="vosk model directory (default: $KIOSK_MODEL or models/…)"
    )


def register(subparsers: Any, phrase_loader: PhraseLoader = intent_phrases) -> None:
    """Add the speech and audio sub-commands to the ``kiosk`` parser."""
    say = subparsers.add_parser("say", help="speak a text (or write it to a WAV)")
    say.add_argument("text", nargs="?", metavar="TEXT", help="what to say")
    say.add_argument("--out", metavar="WAV", help="write a WAV file instead of playing")
    say.add_argument("--rate", type=int, help="words per minute (default 150)")
    say.add_argument("--volume", type=float, help="0.0-1.0 (default 0.71)")
    say.add_argument("--voice", help="voice id (default $KIOSK_VOICE or cmn-latn-pinyin)")
    say.add_argument("--speaker", help="output device name part (default $KIOSK_SPEAKER)")
    say.add_argument("--no-cache", action="store_true",
                     help="accepted for old scripts; kiosk say never caches what it says")
    say.add_argument("--voices", action="store_true", help="list the available voices")
    say.set_defaults(func=_say)

    listen = subparsers.add_parser("listen", help="recognise a WAV file or the microphone")
    listen.add_argument("--wav", metavar="FILE", help="WAV to recognise (default: microphone)")
    _model_arg(listen)
    listen.add_argument("--grammar", type=_grammar_arg, metavar="JSON_LIST", help="phrases")
    listen.add_argument("--unk", help="unknown-word token ([unk] or <UNK>; default: detect)")
    listen.add_argument("--json", action="store_true", help='print {"text","confidence",…}')
    listen.add_argument("--seconds", type=float, default=10.0, help="microphone time limit")
    listen.add_argument("--mic", help="input device name part (default $KIOSK_MIC)")
    listen.set_defaults(func=_listen)

    audio = subparsers.add_parser("audio", help="sound devices")
    audio_sub = audio.add_subparsers(dest="audio_command", metavar="COMMAND", required=True)
    devices = audio_sub.add_parser("devices", help="list microphones and speakers")
    devices.set_defaults(func=_devices)
    test = audio_sub.add_parser("selftest", help="speak, record back, recognise")
    test.add_argument("--text", default="您好，这是语音自检。", help="phrase to speak")
    test.add_argument("--voice", help="voice id")
    _model_arg(test)
    test.add_argument("--grammar", type=_grammar_arg, metavar="JSON_LIST", help="phrases")
    test.add_argument("--mic", help="input device name part (default $KIOSK_MIC)")
    test.add_argument("--speaker", help="output device name part (default $KIOSK_SPEAKER)")
    test.set_defaults(func=_selftest)

    model = subparsers.add_parser("model", help="speech model")
    model_sub = model.add_subparsers(dest="model_command", metavar="COMMAND", required=True)
    install = model_sub.add_parser("install", help="unpack/copy a vosk model into models/")
    install.add_argument("source", metavar="ZIP|DIR")
    install.add_argument("--name", help="folder name under models/ (default: the model's)")
    install.add_argument("--force", action="store_true", help="replace an installed model")
    install.set_defaults(func=_install)
    check = model_sub.add_parser("check", help="load the model; check phrases vs vocabulary")
    _model_arg(check)
    check.add_argument("--grammar", type=_grammar_arg, metavar="JSON_LIST", help="phrases")
    check.add_argument("--phrases", metavar="FILE", help="file with one phrase per line")
    check.add_argument("--intents", metavar="DIR", help="check every intent example")
    check.set_defaults(func=lambda args: _check(args, phrase_loader))
