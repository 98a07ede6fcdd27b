"""``kiosk chat`` parses its ``--screen`` options without loading the screen (its web
server, hub and feeds): they are :mod:`assistant.screen_options`; the screen package is
imported only when ``--screen`` is given (issue 15, item 5)."""

from __future__ import annotations

import subprocess
import sys

from assistant.config import PROJECT_ROOT

PROBE = """\
import sys
from assistant.cli import build_parser, modules_for
args = build_parser(modules_for(["chat"])).parse_args(["chat", "--screen-port", "9000"])
assert args.screen is False and args.screen_port == 9000, args
print(sorted(m for m in sys.modules if m.startswith("assistant.screen")))
"""


def test_kiosk_chat_parses_without_the_screen() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         check=True, cwd=PROJECT_ROOT).stdout
    assert out.strip() == "['assistant.screen_options']"


def test_the_server_listens_where_the_options_say_by_default() -> None:
    import inspect

    from assistant.screen import Screen
    from assistant.screen_options import DEFAULT_HOST, DEFAULT_PORT

    defaults = inspect.signature(Screen.__init__).parameters
    assert (defaults["host"].default, defaults["port"].default) == (DEFAULT_HOST, DEFAULT_PORT)
