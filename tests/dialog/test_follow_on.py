"""Only the name of a completed service passes to the next session, for a minute."""

from __future__ import annotations

from assistant.session.core import FOLLOW_ON_S, done_of, follow_on

from .helpers import make_dialog


def test_a_completed_service_is_carried_for_a_minute_and_nothing_else() -> None:
    before, _ = make_dialog()
    assert done_of(before) is None  # nothing completed: nothing carried
    before.finished_flow, before.ended_at = "id_card.renew", 100.0
    done = done_of(before)
    assert done == ("id_card.renew", 100.0)  # a name and a time, nothing of the person
    soon, _ = make_dialog()
    follow_on(done, soon, 100.0 + FOLLOW_ON_S)
    assert soon.follows == "id_card.renew"
    later, _ = make_dialog()
    follow_on(done, later, 100.0 + FOLLOW_ON_S + 1)
    assert later.follows is None
