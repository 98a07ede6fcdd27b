"""``--screen`` for ``kiosk chat`` and ``kiosk run``: options and the chat loop on screen."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from assistant.errors import KioskError
from assistant.screen.server import DEFAULT_HOST, DEFAULT_PORT, Screen

if TYPE_CHECKING:
    from assistant.chat import ChatSession
    from assistant.dialog.texts import FlowTexts
    from assistant.nlu.types import Understander

WAKE_KEY = "#"
"""Key the idle screen's "开始" button sends (any key wakes a chat kiosk)."""
INTRO = ("kiosk chat — 输入文字，或 <key:1> <card:expired> <face:ok> <pay:ok> <silence> 等，"
         "也可以点屏幕上的按钮；Ctrl-D 退出。演示身份证: expired valid soon child official")


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


def start_screen(args: argparse.Namespace, on_press: Callable[[str], None] | None = None,
                 *, wake_key: str | None = None) -> Screen:
    """Start the page for ``args`` and say where it is on stderr."""
    screen = Screen(args.screen_host, args.screen_port, on_press=on_press,
                    wake_key=wake_key).start()
    print(f"kiosk: screen at {screen.url}", file=sys.stderr, flush=True)
    return screen


def chat_on_screen(args: argparse.Namespace, session: ChatSession, lines: Iterable[str], *,
                   interactive: bool, path: str = "-", out: IO[str] | None = None) -> int:
    """``kiosk chat --screen``: ``lines`` (the terminal, or the ``--script``) and touches on
    the screen feed ``session`` (and the sessions after it) one at a time."""
    from assistant.screen.feeds import ChatFeed
    from assistant.screen.loop import Inputs, json_emitter, run_turns, script_emitter, text_emitter

    out = out or sys.stdout
    inputs = Inputs()
    screen = start_screen(args, inputs.touch, wake_key=WAKE_KEY)

    def report(exc: KioskError) -> None:
        print(f"kiosk: {exc}", file=sys.stderr, flush=True)

    def between() -> None:
        out.write("--- 下一位（输入任意内容，或点屏幕上的“开始”）---\n")
        out.flush()

    try:
        if interactive:
            print(INTRO, file=out, flush=True)
        inputs.read_from(lines, source="terminal" if interactive else "script", path=path)
        emit = (text_emitter(out) if interactive else
                json_emitter(out) if args.json else script_emitter(out))
        run_turns(session, inputs, emit, feed=ChatFeed(screen),
                  between=between if interactive else None,
                  on_error=report if interactive else None)
        return 0
    finally:
        screen.stop()


def chat_command(args: argparse.Namespace, texts: FlowTexts, nlu: Understander | None) -> int:
    """``kiosk chat --screen`` (called by :func:`assistant.chat.cmd_chat`): the same
    session as without ``--screen`` (store, simulators), shown on the screen."""
    from assistant.chat import _interactive_store, _lines, new_session
    from assistant.store import Store, new_session_id

    interactive = args.script is None and not args.json
    if interactive:
        from assistant.chat import _catalogue_answers
        from assistant.warmup import warm_up

        store, sim_db = _interactive_store(args)
        warm_up(nlu, _catalogue_answers())
    else:
        store, sim_db = (Store(args.store) if args.store else None), args.sim_db
    session_id = new_session_id("screen")
    session = new_session(texts, nlu=nlu, today=args.today, store=store, session_id=session_id,
                          site_devices=args.site_devices, db=sim_db)
    source = args.script or "-"
    return chat_on_screen(args, session, _lines(source), interactive=interactive, path=source)


def voice_observer(screen: Screen) -> Any:
    """The :class:`~assistant.voice.session.SessionObserver` showing voice sessions."""
    from assistant.screen.feeds import VoiceFeed

    return VoiceFeed(screen)
