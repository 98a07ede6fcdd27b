"""Guide answers in the dialog: the offer to read a guide in full, and the reading itself.

After a ``guide.ask`` answer the kiosk offers to read the materials in full (a yes/no
prompt, keys 1/2).  Yes starts the reading at the 材料 section: one section per prompt
(name first, then its text, then a short hint of the keys).  The user goes ``next``
(key 6), ``previous`` (key 4), ``from_start`` (key 1), repeats (``*``), jumps by saying a
section's name ("费用"), or stops (不听了, ``#`` or ``9`` → back to the menu).

The guide content comes from the injected answerer (:class:`GuideSource`), so the dialog
never imports the guides package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from assistant.dialog.actions import Listen
from assistant.dialog.behalf import for_someone_away, needs_holder
from assistant.dialog.states import State
from assistant.dialog.words import WordTable

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

GuideAnswerer = Callable[[str, str | None], str | None]
"""``(guide id, aspect or None) → speakable answer`` (None when the guide is unknown)."""


@runtime_checkable
class GuideSource(Protocol):
    """A guide answerer that can also give a guide in full, for reading."""

    def __call__(self, guide_id: str, aspect: str | None) -> str | None: ...

    def sections(self, guide_id: str) -> list[tuple[str, str]] | None:
        """``[(section name, speakable text), ...]`` in reading order; None if unknown."""
        ...


READING_COMMANDS: tuple[str, ...] = ("next", "previous", "from_start", "stop")
"""Meanings of the reading words (``common.yaml`` ``words:``)."""
SECTION_NAMES: tuple[str, ...] = (
    "概况", "条件", "材料", "流程", "地点", "时间", "费用", "时限", "注意", "咨询",
)
"""Every section name a guide can have (a guide may lack 注意)."""
START_AT = "材料"
"""The offer is to read the materials: the reading starts there."""
READ = "read"
"""Meaning of "材料" (key 2) when doing the item here is offered first."""


@dataclass
class Reading:
    """The guide being read and where we are in it."""

    guide_id: str
    sections: list[tuple[str, str]]
    index: int = 0
    hinted: bool = False
    """The full key hint was said once; later sections get the short one."""

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.sections]


class GuideReader:
    """Runs the guide offer and the reading for one :class:`Dialog`."""

    @property
    def guide_id(self) -> str | None:
        """The guide being read or offered (None when none)."""
        current = self.reading or self._offered
        return None if current is None else current.guide_id

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog
        self.reading: Reading | None = None
        self._offered: Reading | None = None
        self.offered_flow: str | None = None
        """The self-service item offered to be done here now (with the reading)."""
        self.asked = ""
        """What was said that the offer answers ("阿拉老太婆讲身份证寻勿着了……补一张几钿")."""

    # ------------------------------------------------------------------ the offer
    def sections_of(self, guide_id: str) -> list[tuple[str, str]] | None:
        source = self.d.guide_answers
        if not isinstance(source, GuideSource):
            return None
        found = source.sections(guide_id)
        return [(str(n), str(t)) for n, t in found if t] if found else None

    def offer(self, guide_id: str, answer: str) -> bool:
        """Say ``answer`` and offer to read the guide in full; False when it cannot be read.

        The guide of a self-service item this kiosk can do ("我身份证不晓得掉哪里去了，你帮
        我看看怎么弄" → 补领身份证) offers to do it here now first: yes (key 1) starts the
        transaction, "材料" (key 2) reads the materials, no goes back to the menu."""
        sections = self.sections_of(guide_id)
        if not sections:
            return False
        d = self.d
        self._offered = Reading(guide_id, sections)
        self.offered_flow = guide_id if d.can_start_here(guide_id) else None
        self.asked = d.utterance
        keys_map = d.keypad.yes_no()
        words: dict[str, tuple[str, ...]] = {}
        if self.offered_flow is not None:
            question, keys = d.text("guide_offer_start"), ""
            keys_map["2"] = READ
            words = {READ: tuple(d.texts.words.get("offer_read", ())),  # also for the
                     "yes": tuple(d.texts.words.get("offer_do", ()))}  # recogniser
        else:
            question = d.text("guide_offer" if START_AT in self._offered.names
                              else "guide_offer_all")
            keys = d.text("guide_offer_keys")
        d.ask(State.GUIDE_OFFER, "guide_offer", Listen("confirm", keys=keys_map),
              text=f"{answer}{question}{keys}", choices=keys or question,
              reask=f"{question}{keys}", words=words)
        return True

    def offer_answer_from_text(self, text: str) -> str | None:
        """While doing the item here is offered: "办" / "那就在这里办吧" → yes, "材料" /
        "先听听要带什么" → :data:`READ` (inside a sentence too: the longer word wins, not
        after a negation, and not when the sentence asks about another service: "补办身份证
        要带什么" at the offer of 港澳签注); else ``None``."""
        if self.offered_flow is None:
            return None
        words = self.d.texts.words
        table = WordTable({READ: words.get("offer_read", ()), "yes": words.get("offer_do", ())})
        found = table.lookup(text)
        if found is not None:
            return found
        found = table.find_within(text)  # the longest: "补办要带什么" is 带什么, not 办
        if found is None or self._offered is None or self.d.nlu is None:
            return found
        # "补办身份证要带什么" asks about another service: a new question, not a "材料"
        match = self.d.understand(text)
        if str(match.decision) not in ("accept", "confirm"):
            return found
        about = match.guide.id if match.guide is not None else match.intent
        if about != self._offered.guide_id and (match.guide is not None
                                                or about in self.d.flows):
            return None
        return found

    def read_guide(self, guide_id: str) -> bool:
        """Read ``guide_id`` in full from its first section (chosen by keys); False when
        it cannot be read."""
        sections = self.sections_of(guide_id)
        if not sections:
            return False
        self.reading = Reading(guide_id, sections)
        self.read(0)
        return True

    def on_offer_answer(self, meaning: str, slots: dict[str, str] | None = None) -> None:
        """``yes``, ``no`` or :data:`READ` to the offer (``slots``: values the user said
        instead of yes — "330902……" when the ID number is the item's first question)."""
        flow = self.offered_flow
        d = self.d
        if meaning == "yes" and flow is not None and needs_holder(d.flows[flow]) and (
                for_someone_away(self.asked)):
            self.reset()  # "阿拉老太婆讲身份证寻勿着了……": hers — is she here? (it started)
            d.heard_intent = flow
            d.menus.ask_holder_here(flow, dict(slots or {}))
        elif meaning == "yes" and flow is not None:  # do it here now
            self.reset()
            d.apply_intent(flow, dict(slots or {}))
        elif meaning in ("yes", READ) and self._offered is not None:
            self.reading = self._offered
            names = self.reading.names
            self.read(names.index(START_AT) if START_AT in names else 0)
        else:
            self.leave("guide_offer_no")

    # ------------------------------------------------------------------ reading
    def words(self) -> dict[str, tuple[str, ...]]:
        """Reading commands and section names → the words that say them (also for ASR)."""
        out = {c: tuple(self.d.texts.words.get(c, ())) for c in READING_COMMANDS}
        if self.reading is not None:
            for name in self.reading.names:
                out[name] = (name, *self.d.texts.words.get(f"section_{name}", ()))
        return out

    def read(self, index: int) -> None:
        """Read section ``index`` (a new prompt: counters start again)."""
        d = self.d
        reading = self.reading
        assert reading is not None
        reading.index = index
        name, body = reading.sections[index]
        last = index == len(reading.sections) - 1
        full_hint = d.text("reading_keys")
        if last:
            hint = d.text("reading_last")
        elif reading.hinted:
            hint = d.text("reading_keys_short")
        else:
            hint = full_hint
        reading.hinted = True
        heading = d.text("reading_heading", name=name)
        listen = Listen("choice", slot="reading",
                        options=(*READING_COMMANDS, *reading.names), keys=d.keypad.reading())
        reask = hint if last else d.text("reading_keys_short")
        d.ask(State.READING, "reading", listen, text=f"{heading}{body}{hint}",
              choices=full_hint, words=self.words(), reask=reask)

    def command(self, meaning: str) -> None:
        """Apply ``next`` / ``previous`` / ``from_start`` / ``stop`` or a section name."""
        d = self.d
        reading = self.reading
        if reading is None:  # pragma: no cover - the state guarantees a reading
            d.open_menu()
            return
        d.heard_intent = meaning
        last = len(reading.sections) - 1
        if meaning == "next":
            if reading.index >= last:
                d.say("reading_at_last")
                d.say("reading_last")
                d.reprompt(say=False)
            else:
                self.read(reading.index + 1)
        elif meaning == "previous":
            if reading.index <= 0:
                d.say("reading_at_first")
                d.say("reading_keys_short")
                d.reprompt(say=False)
            else:
                self.read(reading.index - 1)
        elif meaning == "from_start":
            self.read(0)
        elif meaning == "stop":
            self.leave("reading_stopped")
        elif meaning in reading.names:
            self.read(reading.names.index(meaning))
        else:
            d.no_match()

    def section_from_text(self, text: str) -> str | None:
        """A section name said alone or inside a sentence ("我想听费用")."""
        reading = self.reading
        if reading is None:
            return None
        table = WordTable({n: w for n, w in self.words().items() if n in reading.names})
        return table.lookup(text) or table.find_within(text)

    def missing_section(self, text: str) -> str | None:
        """A section name this guide does not have ("注意" when it has no notes)."""
        reading = self.reading
        if reading is None:
            return None
        words = {n: (n, *self.d.texts.words.get(f"section_{n}", ())) for n in SECTION_NAMES
                 if n not in reading.names}
        table = WordTable(words)
        return table.lookup(text) or table.find_within(text)

    def command_from_text(self, text: str) -> str | None:
        """A reading command said with one of its words (checked before universal words)."""
        words = {c: tuple(self.d.texts.words.get(c, ())) for c in READING_COMMANDS}
        return WordTable(words).lookup(text)

    def leave(self, key: str) -> None:
        """Stop offering / reading and go back to the main menu, asked in short ("还要办
        什么？"; the whole menu on the repeat key), not the 27-second menu again — except
        for a user who has only pressed keys (the keys of the menu are their way on)."""
        self.reset()
        d = self.d
        d.say(key)
        d.menus.open_quietly()
        d.reprompt(reask=not d.keys_only)

    def listed(self) -> str:
        reading = self.reading
        return "、".join(reading.names) if reading is not None else ""

    def reset(self) -> None:
        self.reading = None
        self._offered = None
        self.offered_flow = None


__all__ = ["READ", "GuideAnswerer", "GuideReader", "GuideSource", "Reading"]
