"""``State`` (issue 15) names exactly the machine's states, and is the same string."""

from __future__ import annotations

import json

from assistant.dialog import machine
from assistant.dialog.states import State


def test_the_enum_and_the_machine_name_the_same_states() -> None:
    assert [s.value for s in State] == list(machine.STATES)


def test_a_state_is_its_string_in_json_and_text() -> None:
    machine_state: str = machine.STATES[0]  # what transitions keeps: a plain string
    assert machine_state == State.MENU and {machine_state: 1}[State.MENU] == 1
    assert f"help_{State.CONFIRM}" == "help_confirm"
    assert json.dumps({"state": State.WAITING_STAFF}) == '{"state": "waiting_staff"}'
