"""Issue 15 item 5: one utterance is understood once per turn — the dialog's helpers that
look at it from several sides (a request instead of a yes? a switch of service? a side
question?) share one understanding — and the intent files are never reloaded while a turn
is handled (only between sessions: :func:`assistant.nlu.live.refresh`).

The understander is the real one (the shipped intent files and trained model), wrapped so
that every call reaching it is counted."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Collection
from pathlib import Path

from assistant.chat import new_session, next_turn
from assistant.nlu.types import Match, Understander

from .helpers import TODAY
from .test_golden import GOLDEN, _texts_for

Call = tuple[str, frozenset[str] | None, float | None]


class CountingUnderstander:
    """The real understander, counting what is asked of it."""

    def __init__(self, inner: Understander) -> None:
        self.inner = inner
        self.calls: list[Call] = []
        """Every call since the last :meth:`clear`: (text, allowed, confidence)."""

    def understand(self, text: str, *, allowed: Collection[str] | None = None,
                   asr_confidence: float | None = None) -> Match:
        self.calls.append((text, None if allowed is None else frozenset(allowed),
                           asr_confidence))
        return self.inner.understand(text, allowed=allowed, asr_confidence=asr_confidence)


@functools.cache
def _real() -> Understander:
    from assistant.guides.finder import CatalogueGuides
    from assistant.nlu import load_nlu

    return load_nlu(guides=CatalogueGuides())


def _turn_calls(name: str) -> list[tuple[str, list[Call]]]:
    """Each line of golden script ``name`` with the calls its turn made."""
    script = GOLDEN / f"{name}.script"
    counting = CountingUnderstander(_real())
    session = new_session(_texts_for(script), nlu=counting, today=TODAY)
    session.strict = True
    session.start()
    out = []
    for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), start=1):
        counting.calls.clear()
        session, _ = next_turn(session, line, (str(script), number))
        out.append((line, list(counting.calls)))
    session.close()
    return out


# Conversations whose turns look at one utterance from several sides: a request at a
# guide offer, a new service said while a number is asked, a question instead of a yes.
SEVERAL_SIDES = ("guide_questions", "idle_announcements", "listen_plate_not_right_twice",
                 "new_question_at_confirm", "settings_reset_next_user")


def test_a_turn_understands_each_utterance_once() -> None:
    """Every golden conversation: no turn asks the understander the same question twice."""
    asked: Counter[str] = Counter()
    for script in sorted(GOLDEN.glob("*.script")):
        for line, calls in _turn_calls(script.stem):
            asked[script.stem] += len(calls)
            twice = [c for c, n in Counter(calls).items() if n > 1]
            assert not twice, f"{script.stem}: {line!r} understood more than once: {twice}"
    assert all(asked[name] > 0 for name in SEVERAL_SIDES)  # the real understander was asked


def test_a_request_said_while_a_number_is_asked_is_understood_once() -> None:
    """"我要交罚款" while the plate number is asked: the switch check and the answer check
    both need what it means — one call to the understander."""
    turns = dict(_turn_calls("settings_reset_next_user"))
    assert turns["我要交罚款"] == [("我要交罚款", None, None)]


def test_understanding_never_reloads_inside_a_turn(tmp_path: Path) -> None:
    """An intent file edited in the middle of a session is not looked at by the turns that
    follow: the matcher is the same object until :func:`refresh` between sessions."""
    import shutil

    from assistant.config import intents_dir
    from assistant.nlu.live import LiveNLU, refresh

    target = tmp_path / "intents"
    shutil.copytree(intents_dir(), target)
    live = LiveNLU(target, background=False)
    before = live.matcher
    session = new_session(_texts_for(GOLDEN / "guide_questions.script"), nlu=live,
                          today=TODAY)
    session.start()
    staff = target / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8").replace(
        "examples:", "examples:\n      - 喊个警官来", 1), encoding="utf-8")
    for line in ("护照在哪里办", "<key:2>", "我要交罚款"):
        session, _ = next_turn(session, line)
        assert live.matcher is before
    assert refresh(live)  # between sessions: the edit is taken
    assert live.matcher is not before
    assert not refresh(None) and not refresh(CountingUnderstander(live))


def test_the_dialog_asks_the_understander_only_through_dialog_understand() -> None:
    """A helper calling ``d.nlu.understand`` directly would bypass the per-event memo."""
    import assistant.dialog

    folder = Path(assistant.dialog.__file__).parent
    direct = {p.name: p.read_text(encoding="utf-8").count("nlu.understand(")
              for p in folder.glob("*.py")}
    assert {name: n for name, n in direct.items() if n} == {"core.py": 1}  # Dialog.understand
