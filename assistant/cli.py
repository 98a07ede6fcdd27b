"""The ``kiosk`` command line.

Each stage registers its own sub-commands: a module listed in :data:`COMMAND_MODULES`
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

COMMAND_MODULES: tuple[str, ...] = ("assistant.nlu.cli",)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Offline voice assistant for self-service police kiosks.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    bench = sub.add_parser("bench", help="benchmarks that print numbers (speed and accuracy)")
    bench_sub = bench.add_subparsers(dest="bench_command", metavar="WHAT", required=True)
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(sub)
        if hasattr(module, "register_bench"):
            module.register_bench(bench_sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
