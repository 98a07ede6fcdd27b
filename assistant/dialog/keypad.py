"""The keypad map: which key does what (``intents/keypad.yaml``, staff-editable).

Default (a 12-key kiosk keypad): ``1``–``8`` choose the numbered option, ``*`` repeat,
``#`` confirm (yes, or finish typing digits), ``0`` staff, ``9`` back.  Kiosks with
EZ-Access-style function keys (help, back, cancel, volume, speed) name them in
``function_keys``; a function key works in every state.  Every prompt that lists choices
says their keys; texts name the universal keys with ``{key_repeat}``, ``{key_confirm}``,
``{key_staff}`` and ``{key_back}`` so they follow this file.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from yaml import ScalarNode

from assistant.config import intents_dir
from assistant.datafile import NodeReader
from assistant.dialog.events import FUNCTION_KEY
from assistant.errors import DataFileError, Problem

KEYPAD_FILE = "keypad.yaml"
KEYPAD_KEYS = frozenset("0123456789*#")
"""Keys of the 12-key keypad."""
UNIVERSAL_KEY_CHOICES = frozenset("09*#")
"""Keys the universal roles may take (``1``–``8`` are the numbered options)."""
FUNCTION_COMMANDS = frozenset({
    "help", "back", "cancel", "repeat", "call_staff", "emergency", "slower", "faster",
    "louder", "quieter", "take_time", "start_over",
})
"""What a function key may do."""
SPOKEN_KEY = {"*": "星号键", "#": "井号键"}
DIGITS = tuple("0123456789")


def _default_function_keys() -> Mapping[str, str]:
    return MappingProxyType({c: c for c in (
        "help", "back", "cancel", "louder", "quieter", "slower", "faster", "take_time")})


@dataclass(frozen=True)
class Keypad:
    """Which key plays which universal role, and the function keys."""

    repeat: str = "*"
    """Say the question again (clears typed digits first, when there are any)."""
    confirm: str = "#"
    """Yes at a yes/no question; finish typing digits; next section while reading."""
    staff: str = "0"
    """Call a staff member."""
    back: str = "9"
    """Back one step (stops reading a guide)."""
    function_keys: Mapping[str, str] = field(default_factory=_default_function_keys)
    """Function key name → command; valid in every state, not listed in ``Listen.keys``."""

    def spoken(self, role: str) -> str:
        """How a prompt names the key of ``role`` ("星号键", "9")."""
        key = str(getattr(self, role))
        return SPOKEN_KEY.get(key, key)

    def text_fields(self) -> dict[str, str]:
        """``{key_repeat}`` ... placeholders for the texts (a new dict the caller may fill)."""
        return dict(self.key_fields)

    @functools.cached_property
    def key_fields(self) -> Mapping[str, str]:
        """:meth:`text_fields` read-only, worked out once per keypad (a keypad never
        changes: a staff edit of ``keypad.yaml`` makes a new one)."""
        return MappingProxyType(
            {f"key_{r}": self.spoken(r) for r in ("repeat", "confirm", "staff", "back")})

    # ------------------------------------------------------------------ key maps
    def common(self, *, back: bool = True, staff: bool = True) -> dict[str, str]:
        """The universal keys: repeat, back, staff."""
        keys = {self.repeat: "repeat"}
        if back:
            keys[self.back] = "back"
        if staff:
            keys[self.staff] = "call_staff"
        return keys

    def options(self, options: tuple[str, ...], *, back: bool = True) -> dict[str, str]:
        """``1..n`` for the options plus the universal keys."""
        keys = {str(i + 1): opt for i, opt in enumerate(options)}
        keys.update(self.common(back=back))
        return keys

    def yes_no(self, *, back: bool = True) -> dict[str, str]:
        """``1`` yes, ``2`` no, confirm = yes, plus the universal keys."""
        keys = {"1": "yes", "2": "no", self.confirm: "yes"}
        keys.update(self.common(back=back))
        return keys

    def digits(self) -> dict[str, str]:
        """Digit entry: 0-9 are digits, confirm finishes, repeat clears (or repeats)."""
        keys = {d: "digits" for d in DIGITS}
        keys[self.confirm] = "done"
        keys[self.repeat] = "repeat"
        return keys

    def reading(self) -> dict[str, str]:
        """Reading a guide: ``6`` next (and confirm), ``4`` previous, ``1`` from the start;
        back stops.  4 / 6 are left / right of the 5 key (which has the raised dot)."""
        keys = {"6": "next", "4": "previous", "1": "from_start", self.confirm: "next"}
        keys.update(self.common())
        return keys

    def function(self, key: str) -> str | None:
        """The command of function key ``key`` (``None``: not a function key here)."""
        return self.function_keys.get(key)


DEFAULT_KEYPAD = Keypad()


def load_keypad(path: Path | None = None) -> Keypad:
    """Read ``intents/keypad.yaml`` (the defaults when the file does not exist).

    Raises :class:`DataFileError` listing every problem with its line.
    """
    file = path if path is not None else intents_dir() / KEYPAD_FILE
    if not file.exists():
        return DEFAULT_KEYPAD
    problems: list[Problem] = []
    shown = _shown(file)
    reader = NodeReader(shown, problems)
    root = reader.compose(file)
    top = reader.entries(root, "keypad.yaml", allowed=("keys", "function_keys")) if (
        root is not None) else {}
    roles = tuple(f.name for f in fields(Keypad) if f.name != "function_keys")
    values: dict[str, Any] = {}
    if "keys" in top:
        where: dict[str, tuple[int, int]] = {}
        for role, (_, node) in reader.entries(top["keys"][1], "keys", allowed=roles).items():
            key = str(node.value) if isinstance(node, ScalarNode) else ""
            if key not in UNIVERSAL_KEY_CHOICES:
                reader.problem(node, f"key '{key}' for {role} is not 0, 9, * or #",
                               "1-8 choose numbered options; give the universal roles 0, 9, "
                               "'*' or '#' (put * and # in quotes)")
            else:
                values[role] = key
                where[role] = (node.start_mark.line + 1, node.start_mark.column + 1)
        _shared_keys(reader, shown, roles, values, where)
    if "function_keys" in top:
        function_keys: dict[str, str] = {}
        for name, (name_node, node) in reader.entries(
                top["function_keys"][1], "function_keys").items():
            command = str(node.value) if isinstance(node, ScalarNode) else ""
            if not FUNCTION_KEY.match(name):
                reader.problem(name_node, f"bad function key name '{name}'",
                               "use lower-case letters, digits and _ (e.g. vol_up)")
            elif command not in FUNCTION_COMMANDS:
                reader.problem(node, f"unknown command '{command}' for key '{name}'",
                               f"use one of {', '.join(sorted(FUNCTION_COMMANDS))}")
            else:
                function_keys[name] = command
        values["function_keys"] = MappingProxyType(function_keys)
    if problems:
        raise DataFileError(problems)
    return Keypad(**values)


def _shown(file: Path) -> str:
    """``file`` as staff see it: relative to the kiosk folder (``intents/keypad.yaml``);
    a file elsewhere (a test's copy) as given."""
    for base in (intents_dir().resolve().parent, Path.cwd().resolve()):
        try:
            return str(file.resolve().relative_to(base))
        except ValueError:
            continue
    return str(file)


def _shared_keys(reader: NodeReader, shown: str, roles: tuple[str, ...], values: dict[str, Any],
                 where: dict[str, tuple[int, int]]) -> None:
    """One problem per pair of roles given the same key, on the second one's line and
    naming both lines (``path:line:col``); a role left out of the file keeps its default
    key, said as such."""
    seen: dict[str, str] = {}
    for role in roles:
        key = values.get(role, getattr(DEFAULT_KEYPAD, role))
        first = seen.setdefault(key, role)
        if first == role:
            continue
        places = [f"{r}（{shown}:{where[r][0]}:{where[r][1]}）" if r in where
                  else f"{r}（文件里没写，默认就是这个键）" for r in (first, role)]
        line, col = where.get(role) or where.get(first) or (0, 0)
        reader.problem_at(
            line, col,
            f"两个功能用了同一个键 '{key}'：{places[0]} 和 {places[1]}（two roles share one key: "
            f"{first} and {role}）",
            "把其中一个改成 0、9、\"*\"、\"#\" 里没人用的键（give repeat, confirm, staff and "
            "back four different keys）")
