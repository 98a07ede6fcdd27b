"""The ``kiosk`` command line.

Each stage registers its own sub-commands: a module listed in :data:`COMMANDS`
exposes ``register(subparsers)`` which adds its parsers and sets ``func`` on each, a
callable taking the parsed namespace and returning the exit code.  A module may also
expose ``register_bench(subparsers)`` to add a ``kiosk bench WHAT`` benchmark.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from assistant import __version__
from assistant.errors import KioskError

COMMANDS: dict[str, tuple[str, ...]] = {
    "assistant.run": ("run",),
    "assistant.chat": ("chat",),
    "assistant.staff.cli": ("nlu", "intents", "review", "check"),
    "assistant.bench.nlu": ("bench nlu",),
    "assistant.ask": ("guides",),  # guides/cli.py with `ask`, which runs a whole session
    "assistant.speech.cli": ("say", "listen", "audio", "model", "bench speech"),
    "assistant.bench.dialog": ("bench dialog",),
    "assistant.bench.crash": ("bench crash",),
    "assistant.bench.conversations": ("bench conversations",),
    "assistant.bench.voice": ("bench voice",),
    "assistant.bench.soak": ("bench soak",),
    "assistant.report": ("report", "purge"),
    "assistant.doctor": ("doctor",),
    "assistant.fleet.cli": ("sync", "content"),
    "assistant.bench.sync": ("bench sync",),
}
"""Module → the commands it registers (``bench WHAT`` for benchmarks).

Only the module that owns the command being run is imported, so ``kiosk nlu`` does not
pay for loading the dialog, the guide index or the speech libraries.
"""


def modules_for(argv: Sequence[str]) -> list[str]:
    """The command modules needed to parse ``argv`` (all of them for help or a typo)."""
    words = [a for a in argv if not a.startswith("-")][:2]
    if words:
        wanted = " ".join(words) if words[0] == "bench" else words[0]
        owners = [m for m, commands in COMMANDS.items() if wanted in commands]
        if owners:
            return owners
    return list(COMMANDS)


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The ``kiosk`` parser with the commands of ``modules`` (default: all)."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Offline voice assistant for self-service police kiosks.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    bench = sub.add_parser("bench", help="benchmarks that print numbers (speed and accuracy)")
    bench_sub = bench.add_subparsers(dest="bench_command", metavar="WHAT", required=True)
    for name in COMMANDS if modules is None else modules:
        module = importlib.import_module(name)
        module.register(sub)
        if hasattr(module, "register_bench"):
            module.register_bench(bench_sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(modules_for(argv))
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        code: int = func(args)
    except KioskError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    return code
