"""``--screen`` for ``kiosk chat`` and ``kiosk run``: the chat loop on screen.

The options themselves are in :mod:`assistant.screen_options` (parsing ``kiosk chat`` does
not load the screen); they are re-exported here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from assistant.errors import KioskError
from assistant.screen.server import Screen
from assistant.screen_options import add_arguments, screen_argv
from assistant.session.host import (
    Host,
    catalogue_answers,
    interactive_store,
    new_session,
    script_lines,
)

if TYPE_CHECKING:
    from assistant.dialog.texts import FlowTexts
    from assistant.nlu.types import Understander

__all__ = [
    "INTRO",
    "WAKE_KEY",
    "add_arguments",
    "chat_command",
    "chat_on_screen",
    "screen_argv",
    "start_screen",
    "voice_observer",
]

WAKE_KEY = "#"
"""Key the idle screen's "开始" button sends (any key wakes a chat kiosk)."""
INTRO = ("kiosk chat — 输入文字，或 <key:1> <card:expired> <face:ok> <pay:ok> <silence> 等，"
         "也可以点屏幕上的按钮；Ctrl-D 退出。演示身份证: expired valid soon child official")


def start_screen(args: argparse.Namespace, on_press: Callable[[str], None] | None = None,
                 *, wake_key: str | None = None) -> Screen:
    """Start the page for ``args`` and say where it is on stderr."""
    screen = Screen(args.screen_host, args.screen_port, on_press=on_press,
                    wake_key=wake_key).start()
    print(f"kiosk: screen at {screen.url}", file=sys.stderr, flush=True)
    return screen


def chat_on_screen(args: argparse.Namespace, session: Host, lines: Iterable[str], *,
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
    from assistant.store import Store, new_session_id

    interactive = args.script is None and not args.json
    if interactive:
        from assistant.warmup import warm_up

        store, sim_db = interactive_store(args.store, args.sim_db, args.today,
                                          no_store=args.no_store)
        warm_up(nlu, catalogue_answers())
    else:
        store, sim_db = (Store(args.store) if args.store else None), args.sim_db
    session_id = new_session_id("screen")
    session = new_session(texts, nlu=nlu, today=args.today, store=store, session_id=session_id,
                          site_devices=args.site_devices, db=sim_db)
    source = args.script or "-"
    return chat_on_screen(args, session, script_lines(source), interactive=interactive,
                          path=source)


def voice_observer(screen: Screen) -> Any:
    """The :class:`~assistant.voice.session.SessionObserver` showing voice sessions."""
    from assistant.screen.feeds import VoiceFeed

    return VoiceFeed(screen)
