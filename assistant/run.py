"""``kiosk run``: the kiosk itself.

Voice mode needs a speech model and a microphone.  When either is missing the kiosk does
not go dark: it prints one line saying why and serves a typed conversation in the
terminal instead (the same dialog, driven by typed text and ``<key:N>`` events).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

from assistant.errors import AudioDeviceError
from assistant.session.core import parse_site_devices


def register(sub: Any) -> None:
    p = sub.add_parser(
        "run",
        help="run the kiosk (voice with model + microphone, else typed conversation)",
    )
    p.add_argument("--model", type=Path, help="speech model directory (default: KIOSK_MODEL)")
    p.add_argument("--typed", action="store_true", help="typed conversation even if voice works")
    p.add_argument("--once", action="store_true", help="voice: serve one session, then exit")
    p.add_argument("--no-store", action="store_true",
                   help="voice: do not record sessions in var/kiosk.db")
    p.add_argument("--site-devices", type=parse_site_devices, default=None, metavar="LIST",
                   help="terminals at this site, e.g. 'household,traffic' (default: all; "
                   "a convenience site without some sends people to one that has them)")
    from assistant.screen_options import add_arguments as add_screen_arguments

    add_screen_arguments(p)
    p.set_defaults(func=cmd_run)


def voice_unavailable(model: Path | None) -> str | None:
    """Why voice mode cannot start (one line), or None when it can."""
    from assistant.speech.models import looks_like_model, resolve_model_dir

    model_dir = resolve_model_dir(model)
    if not looks_like_model(model_dir):
        return (
            f"no speech model at {model_dir} (install one with 'kiosk model install ZIP' "
            "or set KIOSK_MODEL)"
        )
    from assistant.audio.devices import select_device

    try:
        select_device("input")
    except AudioDeviceError as exc:
        return f"no microphone: {exc}"
    if importlib.util.find_spec("assistant.voice") is None:
        return "voice runtime not in this build"
    return None


def cmd_run(args: argparse.Namespace) -> int:
    # Fleet reporting: with KIOSK_FLEET_DSN set, finished sessions are shipped by a
    # background thread with its own connections (assistant/fleet/sync.py); it never
    # waits on the conversation and the conversation never waits on it.
    from assistant.fleet.sync import start_from_env

    fleet = None if args.no_store else start_from_env()
    try:
        return _serve(args)
    finally:
        if fleet is not None:
            fleet.stop()


def _serve(args: argparse.Namespace) -> int:
    reason = "typed mode requested (--typed)" if args.typed else voice_unavailable(args.model)
    if reason is None:  # pragma: no cover - needs a microphone (tests/voice drive the runtime)
        return _voice(args)
    print(f"kiosk: typed conversation — {reason}", file=sys.stderr, flush=True)
    from assistant.screen_options import screen_argv

    return typed_conversation([*screen_argv(args), *site_argv(args)])


def site_argv(args: argparse.Namespace) -> list[str]:
    """``--site-devices LIST`` of ``args`` again (to pass it on to ``kiosk chat``)."""
    devices = getattr(args, "site_devices", None)
    return [] if devices is None else ["--site-devices", ",".join(sorted(devices))]


def _voice(args: argparse.Namespace) -> int:  # pragma: no cover - needs a microphone
    """Voice mode; with ``--screen`` every session is mirrored on the screen page."""
    from assistant import voice

    if not getattr(args, "screen", False):
        code: int = voice.run(args)
        return code
    from assistant.screen.cli import start_screen, voice_observer
    from assistant.voice.session import VoiceSession

    screen = start_screen(args)
    VoiceSession.default_observer = voice_observer(screen)
    try:
        code = voice.run(args)
    finally:
        VoiceSession.default_observer = None
        screen.stop()
    return code


def typed_conversation(chat_args: list[str] | None = None) -> int:
    """The dialog in the terminal with simulated devices (``kiosk chat`` with
    ``chat_args``, e.g. ``--screen``); Ctrl-D ends."""
    from assistant.chat import main as chat

    return chat(list(chat_args or []))
