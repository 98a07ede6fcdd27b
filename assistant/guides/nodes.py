"""Reading guide-side YAML with positions (guides, ``site.yaml``, ``announcements.yaml``).

:class:`Reader` is :class:`assistant.datafile.NodeReader` — the one staff-file reader,
so a mistake is worded the same in a guide, an intent file or a flow file — plus the
shapes only guides use: a mapping as key → value node, a list with a minimum length,
whole numbers and amounts of yuan.
"""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assistant.datafile import FLOAT_TAG, INT_TAG, NULL_TAG, NodeReader, closest, describe

__all__ = ["Reader", "closest"]


@dataclass
class Reader(NodeReader):
    """Problems found while reading one guide-side file, with helpers that record them."""

    def mapping(
        self,
        node: Node,
        where: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict[str, Node] | None:
        """Keys → value nodes of a mapping (``None`` if it is not one); reports unknown
        keys (when ``required`` or ``optional`` are given), duplicate and missing keys."""
        allowed = required + optional
        found = self.entries(node, where, allowed=allowed or None, required=required)
        if not isinstance(node, MappingNode):
            return None
        return {key: value for key, (_, value) in found.items()}

    def texts(self, node: Node | None, where: str, *, min_items: int = 1) -> tuple[str, ...]:
        """A list of non-empty texts, with at least ``min_items`` entries."""
        if node is None:
            return ()
        out = self.text_list(node, where)
        if not isinstance(node, SequenceNode) or len(node.value) >= min_items:
            return out
        self.problem(
            node,
            f"{where} needs at least {min_items} entr{'y' if min_items == 1 else 'ies'}",
            f"add '- …' lines under {where}",
        )
        return out

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
            f"{where} must be a whole number ≥ {minimum}, got {describe(node)}",
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
                f"{where} must be a number of yuan, got {describe(node)}",
                "write digits only, e.g. 'amount: 20' (not '二十元' or '20元')",
            )
        return None
