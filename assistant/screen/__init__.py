"""The kiosk screen: live captions, large text, touch buttons and the payment QR code.

A local web page (Chromium in kiosk mode) that mirrors the conversation for people who
hear poorly; blind users lose nothing because everything on it is also spoken.  See
docs/screen.md.

Public API::

    screen = Screen(host="127.0.0.1", port=8765, on_press=callback).start()
    screen.url                       # "http://127.0.0.1:8765/"
    screen.idle("今天18:00后户籍终端暂停服务")   # announcements between sessions
    ChatFeed(screen).attach(chat_session)      # mirror a kiosk chat session
    VoiceFeed(screen)                          # observer for the voice runtime
    screen.stop()
"""

from assistant.screen.feeds import ChatFeed, VoiceFeed
from assistant.screen.hub import ScreenHub
from assistant.screen.server import Screen, ScreenError
from assistant.screen.state import ScreenModel, ScreenView
from assistant.screen_options import DEFAULT_HOST, DEFAULT_PORT

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "ChatFeed",
    "Screen",
    "ScreenError",
    "ScreenHub",
    "ScreenModel",
    "ScreenView",
    "VoiceFeed",
]
