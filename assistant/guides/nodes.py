"""Reading YAML with positions: every value keeps the line/column it came from.

The loaders compose each file into a node tree (``yaml.compose``), so every problem can
be reported as ``path:line:col: message — how to fix``.  :class:`Reader` collects the
problems of one file instead of stopping at the first.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assistant.datafile import compose_file
from assistant.errors import Problem

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most similar to ``word`` (for "did you mean" hints), if any is close."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


@dataclass
class Reader:
    """Problems found while reading one file, with helpers that record them."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def problem(self, node: Node | None, message: str, fix: str) -> None:
        if node is None:
            line, col = 0, 0
        else:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.problems.append(Problem(self.path, line, col, message, fix))

    def compose(self, file: Path) -> Node | None:
        """The file's root node, or None (problem recorded) if it is not valid YAML."""
        before = len(self.problems)
        node = compose_file(file, self.path, self.problems)
        if len(self.problems) > before:
            return None
        if node is None:
            self.problems.append(
                Problem(self.path, 0, 0, "the file is empty", "fill it in or delete it")
            )
        return node

    def mapping(
        self,
        node: Node,
        where: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict[str, Node] | None:
        """Keys → value nodes of a mapping; reports wrong type, unknown/duplicate/missing keys."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{where} must be a mapping (key: value lines)", _example(where))
            return None
        allowed = required + optional
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.problem(key_node, f"{where} has a key that is not text", "use plain keys")
                continue
            if key in out:
                self.problem(key_node, f"field '{key}' appears twice in {where}", "keep only one")
                continue
            if allowed and key not in allowed:
                hint = closest(key, allowed)
                fix = f"did you mean '{hint}'?" if hint else "remove it"
                self.problem(
                    key_node,
                    f"unknown field '{key}' in {where}",
                    f"{fix} Allowed: {', '.join(allowed)}",
                )
                continue
            out[key] = value_node
        for key in required:
            if key not in out:
                self.problem(
                    node,
                    f"missing required field '{key}' in {where}",
                    f"add '{key}:' to {where} (see docs/guides.md)",
                )
        return out

    def text(self, node: Node | None, where: str, *, optional: bool = False) -> str | None:
        """A non-empty text scalar (numbers are accepted as text); None if absent/invalid."""
        if node is None:
            return None
        if isinstance(node, ScalarNode):
            if node.tag == NULL_TAG or (node.tag == STR_TAG and not node.value.strip()):
                if not optional:
                    self.problem(node, f"{where} is empty", f"write the {where} text")
                return None
            if node.tag in (STR_TAG, INT_TAG, FLOAT_TAG):
                return str(node.value).strip()
        self.problem(
            node,
            f"{where} must be text, got {_describe(node)}",
            "write it as plain text; quote it if it looks like yes/no or a list",
        )
        return None

    def texts(self, node: Node | None, where: str, *, min_items: int = 1) -> tuple[str, ...]:
        """A list of non-empty text scalars."""
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{where} must be a list", f"write each {where} entry as '- text'")
            return ()
        items = [self.text(item, f"an entry of {where}") for item in node.value]
        out = tuple(i for i in items if i is not None)
        if len(node.value) < min_items:
            self.problem(
                node,
                f"{where} needs at least {min_items} entr{'y' if min_items == 1 else 'ies'}",
                f"add '- …' lines under {where}",
            )
        return out

    def boolean(self, node: Node | None, where: str, default: bool) -> bool:
        if node is None:
            return default
        if isinstance(node, ScalarNode) and node.tag == BOOL_TAG:
            return node.value.lower() in ("true", "yes", "on")
        self.problem(
            node, f"{where} must be true or false, got {_describe(node)}", "write true or false"
        )
        return default

    def integer(self, node: Node | None, where: str, *, minimum: int) -> int | None:
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            return None
        if isinstance(node, ScalarNode) and node.tag == INT_TAG:
            value = int(node.value.replace("_", ""))
            if value >= minimum:
                return value
        self.problem(
            node,
            f"{where} must be a whole number ≥ {minimum}, got {_describe(node)}",
            "write digits only, e.g. 1",
        )
        return None

    def number(self, node: Node | None, where: str) -> float | None:
        if isinstance(node, ScalarNode) and node.tag in (INT_TAG, FLOAT_TAG):
            try:
                value = float(node.value.replace("_", ""))
            except ValueError:
                value = -1.0
            if value >= 0:
                return value
        if node is not None:
            self.problem(
                node,
                f"{where} must be a number of yuan, got {_describe(node)}",
                "write digits only, e.g. 'amount: 20' (not '二十元' or '20元')",
            )
        return None

    def sequence(self, node: Node | None, where: str) -> list[Node]:
        if node is None:
            return []
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.problem(node, f"{where} must be a list", f"write each {where} entry as '- …'")
        return []


def _describe(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return repr(node.value) if node.tag != NULL_TAG else "nothing"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a mapping"


def _example(where: str) -> str:
    return f"write {where} as 'key: value' lines (see docs/guides.md)"
