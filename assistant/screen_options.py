"""The ``--screen`` options of ``kiosk chat`` and ``kiosk run`` — without the screen.

Parsing ``kiosk chat`` must not load the screen's web server, hub and feeds (about 50 ms
of every ``kiosk chat`` and every golden conversation): the options live here, and the
screen package (:mod:`assistant.screen.cli`) is imported only when ``--screen`` is given.
"""

from __future__ import annotations

import argparse

DEFAULT_HOST = "127.0.0.1"
"""Address the screen page listens on by default: only this machine
(:data:`assistant.screen.server.DEFAULT_HOST`)."""
DEFAULT_PORT = 8765
"""Port of the screen page by default (:data:`assistant.screen.server.DEFAULT_PORT`)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--screen``, ``--screen-port N``, ``--screen-host H``."""
    parser.add_argument(
        "--screen", action="store_true",
        help="show the conversation on the kiosk screen: a local web page for Chromium in "
        "kiosk mode (its URL is printed on stderr)")
    parser.add_argument("--screen-port", type=int, default=DEFAULT_PORT, metavar="N",
                        help=f"port of the screen page (default {DEFAULT_PORT}; 0 = any free)")
    parser.add_argument("--screen-host", default=DEFAULT_HOST, metavar="H",
                        help=f"address the screen page listens on (default {DEFAULT_HOST}: "
                        "only this machine)")


def screen_argv(args: argparse.Namespace) -> list[str]:
    """The ``--screen …`` options of ``args`` again (to pass them on to ``kiosk chat``)."""
    if not getattr(args, "screen", False):
        return []
    return ["--screen", "--screen-port", str(args.screen_port),
            "--screen-host", str(args.screen_host)]
