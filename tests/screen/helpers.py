"""Shared pieces of the screen tests: a chat session, where the browser is."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from assistant.chat import ChatSession, new_session
from assistant.dialog import load_texts

TODAY = date(2026, 12, 2)
CHROMIUM = os.environ.get("KIOSK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
"""Screenshots of every screen state (git-ignored; CI may keep them)."""


def chat_session() -> ChatSession:
    """A ``kiosk chat`` session over fresh simulators (keys and command words only)."""
    return new_session(load_texts(None), nlu=None, today=TODAY)

