"""Prompts, key maps and how options are read out."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.dialog.actions import Listen
from assistant.dialog.states import State

ORDINAL_WORDS = "一二三四五六七八"
"""What to say for option 1..8 ("说'一'或按1")."""




@dataclass
class Prompt:
    """The question the kiosk is asking now, with its escalation counters."""

    state: State
    """Machine state it belongs to."""
    key: str
    """Text key it came from (``intents/flows/``)."""
    text: str
    """What was said to ask."""
    listen: Listen
    """What is awaited."""
    choices: str = ""
    """The answers spelled out with their keys (said on the 2nd no-input/no-match and by help)."""
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Option id → words that select it (choice-like prompts)."""
    reask: str = ""
    """Said instead of :attr:`text` when re-asking after no input / no match (a long text,
    such as a guide section, is not read again; "repeat" still says :attr:`text`)."""
    noinput: int = 0
    nomatch: int = 0
