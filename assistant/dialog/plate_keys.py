"""Plates with letters by keys (浙LA8888): a user who only presses keys types the digits
of the plate, presses the confirm key, and then chooses each letter.

The keypad has no letters.  When fewer digits than a plate has were typed (three or four
of the five characters after 浙L), the kiosk asks where the letter is ("字母在第几位就按几，
按1到5"), then which group it is in ("A到H按1，J到R按2，S到Z按3"), then the letter ("按1是A，
按2是B……"); a plate with two letters asks twice, left to right.  The plate is then read
back as any other ("浙 L A 8 8 8 8，对吗？") — a plate is never looked up without the yes.
The back key starts the typing again; saying the plate works at every point.  Plates
have no I and no O, so three groups of eight letters cover them all on keys 1–8.

A helper of :class:`~assistant.dialog.engine.FlowEngine` (``engine.letters``); the
prompts are ``choice`` prompts whose ``Listen.slot`` is :data:`SLOT`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.dialog.actions import Listen
from assistant.dialog.prompts import ORDINAL_WORDS
from assistant.dialog.states import State
from assistant.dialog.steps import SlotStep
from assistant.dialog.words import parse_plate
from assistant.domain.plate import LETTER_GROUPS, LOCAL_PLATE_PREFIX, SERIAL

if TYPE_CHECKING:
    from assistant.dialog.engine import FlowEngine

MAX_LETTERS = 2
"""At most this many letters are chosen by key (fewer digits typed: not understood)."""
SLOT = "plate_letters"
"""``Listen.slot`` of the letter prompts."""
DATA = "plate_letters"
"""Key of the entry in progress in ``ctx.data``."""


@dataclass
class LetterEntry:
    """A plate being completed by keys."""

    serial: str
    """The characters after 浙L so far (digits typed, letters chosen)."""
    after: int = 0
    """Position (1-based) of the last letter chosen: the next one is to its right."""
    position: int = 0
    """Where the letter being chosen goes (0: not asked yet)."""
    group: int = -1
    """Index in :data:`LETTER_GROUPS` of the group chosen (-1: not yet)."""


class PlateLetters:
    """Asks for the letters of a plate whose digits were typed."""

    def __init__(self, engine: FlowEngine) -> None:
        self.engine = engine

    @property
    def entry(self) -> LetterEntry | None:
        ctx = self.engine.d.ctx
        found = ctx.data.get(DATA) if ctx is not None else None
        return found if isinstance(found, LetterEntry) else None

    def active(self) -> bool:
        """A letter prompt is the question open."""
        d = self.engine.d
        return (d.state == State.CHOICE and d.prompt is not None
                and d.prompt.listen.slot == SLOT and self.entry is not None)

    def start(self, typed: str) -> bool:
        """``typed`` digits (three or four) ended by the confirm key: ask for the letters;
        ``False`` when it cannot be a plate with letters."""
        if not (typed.isdigit() and SERIAL - MAX_LETTERS <= len(typed) < SERIAL):
            return False
        self.engine.ctx.data[DATA] = LetterEntry(typed)
        self.ask_position()
        return True

    def stop(self) -> None:
        ctx = self.engine.d.ctx
        if ctx is not None:
            ctx.data.pop(DATA, None)

    # ------------------------------------------------------------------ the three questions
    def ask_position(self) -> None:
        d = self.engine.d
        entry = self.entry
        assert entry is not None
        entry.position, entry.group = 0, -1
        last = len(entry.serial) + 1
        first = entry.after + 1
        options = tuple(f"pos{p}" for p in range(1, last + 1))
        keys = {str(p): f"pos{p}" for p in range(first, last + 1)}
        keys.update(d.keypad.common())
        key = "plate_letter_where" if entry.after == 0 else "plate_letter_where_next"
        text = d.text(key, count=len(entry.serial), first=first, last=last)
        d.ask(State.CHOICE, key, Listen("choice", slot=SLOT, options=options, keys=keys),
              text=text, choices=text,
              words={f"pos{p}": (f"第{ORDINAL_WORDS[p - 1]}位",) for p in range(first, last + 1)})

    def ask_group(self) -> None:
        d = self.engine.d
        entry = self.entry
        assert entry is not None
        options = tuple(f"group{i}" for i in range(len(LETTER_GROUPS)))
        keys = {str(i + 1): o for i, o in enumerate(options)}
        keys.update(d.keypad.common())
        groups = "，".join(d.text("plate_letter_group_item", first=g[0], last=g[-1], key=i + 1)
                           for i, g in enumerate(LETTER_GROUPS))
        text = d.text("plate_letter_group", position=entry.position, groups=groups)
        d.ask(State.CHOICE, "plate_letter_group", Listen("choice", slot=SLOT, options=options,
                                                     keys=keys),
              text=text, choices=groups + "。",
              words={o: (f"{g[0]}到{g[-1]}",) for o, g in zip(options, LETTER_GROUPS,
                                                                  strict=True)})

    def ask_letter(self) -> None:
        d = self.engine.d
        entry = self.entry
        assert entry is not None
        letters = LETTER_GROUPS[entry.group]
        options = tuple(letters)
        keys = {str(i + 1): c for i, c in enumerate(letters)}
        keys.update(d.keypad.common())
        items = "，".join(d.text("plate_letter_item", key=i + 1, letter=c)
                          for i, c in enumerate(letters))
        text = d.text("plate_letter_pick", letters=items)
        d.ask(State.CHOICE, "plate_letter_pick", Listen("choice", slot=SLOT, options=options,
                                                    keys=keys),
              text=text, choices=items + "。", words={c: (c, c.lower()) for c in letters})

    # ------------------------------------------------------------------ answers
    def choose(self, option: str) -> None:
        """A key (or word) chosen at one of the letter prompts."""
        d = self.engine.d
        entry = self.entry
        if entry is None:  # pragma: no cover - the prompt belongs to an entry
            d.no_match()
            return
        if option.startswith("pos"):
            position = int(option[3:])
            if position <= entry.after:  # left of a letter already chosen
                d.no_match()
                return
            entry.position = position
            self.ask_group()
        elif option.startswith("group"):
            entry.group = int(option[5:])
            self.ask_letter()
        elif len(option) == 1 and entry.group >= 0 and option in LETTER_GROUPS[entry.group]:
            at = entry.position - 1
            entry.serial = entry.serial[:at] + option + entry.serial[at:]
            entry.after = entry.position
            if len(entry.serial) < SERIAL:
                self.ask_position()
                return
            self.stop()
            step = self.engine.step
            assert isinstance(step, SlotStep)
            self.engine.read_back(step, LOCAL_PLATE_PREFIX + entry.serial)
        else:
            d.no_match()

    def on_text(self, text: str) -> bool:
        """The whole plate said at a letter prompt ("浙LA8888"): read it back."""
        value = parse_plate(text)
        if value is None:
            return False
        self.stop()
        step = self.engine.step
        assert isinstance(step, SlotStep)
        self.engine.read_back(step, value)
        return True

    def retype(self) -> None:
        """The back key at a letter prompt: type the digits again."""
        self.stop()
        d = self.engine.d
        d.say("digits_cleared")
        step = self.engine.step
        assert isinstance(step, SlotStep)
        self.engine.ctx.digits = ""
        d.ask(State.SLOT, step.id, Listen("slot", slot=step.slot, keys=d.keypad.digits()),
              text=d.text("plate_retype"))


__all__ = ["LETTER_GROUPS", "LetterEntry", "PlateLetters"]
