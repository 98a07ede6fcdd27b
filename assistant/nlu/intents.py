"""Loading and checking the staff-edited intent files (``intents/*.yaml``).

The format is specified in ``docs/intent-format.md`` (and explained to staff in Chinese
in ``intents/README.md``).  :func:`read_intent_files` never raises for bad content: it
returns what it could read plus *every* problem found, each pointing at file, line and
column, so ``kiosk intents lint`` can show them all at once.  :func:`load_intents` is the
strict variant a running kiosk uses: it raises :class:`DataFileError` unless the set is
clean, and the caller keeps its last good set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node

from assistant.datafile import NodeReader, closest, is_parse_failure
from assistant.errors import DataFileError, Problem
from assistant.nlu import catalogue
from assistant.nlu.normalize import normalize
from assistant.nlu.templates import TemplateError, expand

FILE_KEYS = ("intents",)
INTENT_KEYS = ("title", "kind", "guide", "examples", "not_examples", "slots", "prompts")
SLOT_KEYS = ("type", "required", "prompt", "values")


@dataclass(frozen=True)
class Example:
    """One sentence an intent must (or must not) match."""

    text: str
    """The expanded sentence."""
    source: str
    """The line as written (a template may expand to several sentences)."""
    path: str
    line: int
    col: int


@dataclass(frozen=True)
class SlotSpec:
    """A detail to extract for an intent."""

    name: str
    type: str
    """One of :data:`assistant.nlu.catalogue.SLOT_TYPES`."""
    required: bool = False
    """The dialog asks for it (with ``prompt``) when the user did not say it."""
    prompt: str = ""
    """What the kiosk asks to get the value."""
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """For ``enum``: canonical value → the words that mean it."""


@dataclass(frozen=True)
class Intent:
    """One intent as defined in an intent file."""

    name: str
    kind: str
    """One of :data:`assistant.nlu.catalogue.KINDS`."""
    title: str
    """Short Chinese name ("换领身份证"), used in "您是要换领身份证吗？"."""
    examples: tuple[Example, ...]
    not_examples: tuple[Example, ...] = ()
    slots: tuple[SlotSpec, ...] = ()
    prompts: dict[str, str] = field(default_factory=dict)
    guide: str | None = None
    """Id of the linked service guide in ``guides/``."""
    path: str = ""
    line: int = 0
    written_examples: int = 0
    """Example lines as written (before template expansion)."""

    def slot(self, name: str) -> SlotSpec | None:
        return next((s for s in self.slots if s.name == name), None)


@dataclass(frozen=True)
class IntentSet:
    """All intents, by name, plus the files they came from."""

    intents: dict[str, Intent]
    files: tuple[str, ...] = ()
    unreadable: frozenset[str] = frozenset()
    """Intent names written in files that could not be read at all (a syntax error):
    not reported as missing — the cause is the broken file, not a missing intent."""

    def __getitem__(self, name: str) -> Intent:
        return self.intents[name]

    def __contains__(self, name: object) -> bool:
        return name in self.intents

    def __iter__(self) -> Iterator[Intent]:
        return iter(self.intents.values())

    def __len__(self) -> int:
        return len(self.intents)


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


@dataclass
class _FileReader(NodeReader):
    """Reads one intent file, collecting problems instead of raising."""

    file: Path = field(default_factory=Path)
    """The file read (:attr:`path` is how messages show it)."""

    def read(self) -> list[Intent]:
        root = self.compose(self.file)
        if root is None:
            return []
        top = self.entries(root, "the file", allowed=FILE_KEYS)
        if "intents" not in top:
            if isinstance(root, MappingNode):
                self.missing(root, "intents", "the file", "start the file with 'intents:'")
            return []
        _, intents_node = top["intents"]
        entries = self.entries(intents_node, "'intents'")
        return [
            intent
            for name, (key_node, value_node) in entries.items()
            if (intent := self.intent(name, key_node, value_node)) is not None
        ]

    def intent(self, name: str, key_node: Node, node: Node) -> Intent | None:
        if name not in catalogue.INTENT_NAMES:
            close = closest(name, sorted(catalogue.INTENT_NAMES))
            hint = (
                f"did you mean '{close}'?"
                if close
                else "intent names are fixed by the program (see docs/intent-format.md)"
            )
            self.problem(key_node, f"unknown intent '{name}'", hint)
        fields = self.entries(node, f"intent '{name}'", allowed=INTENT_KEYS)
        if not fields and not isinstance(node, MappingNode):
            return None
        for required in ("title", "kind", "examples"):
            if required not in fields:
                self.missing(key_node, required, f"intent '{name}'", f"add '{required}:' under it")
        title = self.text(fields["title"][1], "title") if "title" in fields else None
        kind = self.text(fields["kind"][1], "kind") if "kind" in fields else None
        if kind is not None and kind not in catalogue.KINDS:
            self.problem(
                fields["kind"][1],
                f"unknown kind '{kind}'",
                f"use one of: {', '.join(catalogue.KINDS)}",
            )
            kind = None
        guide = self.text(fields["guide"][1], "guide") if "guide" in fields else None
        examples, written = self.examples(fields, "examples")
        not_examples, _ = self.examples(fields, "not_examples")
        if kind is not None and "examples" in fields:
            need = catalogue.MIN_EXAMPLES.get(kind, catalogue.DEFAULT_MIN_EXAMPLES)
            if written < need:
                self.problem(
                    fields["examples"][0],
                    f"intent '{name}' has {written} examples, a {kind} intent needs {need}",
                    "add more ways people really say it",
                )
            elif written > catalogue.MAX_EXAMPLES:
                self.problem(
                    fields["examples"][0],
                    f"intent '{name}' has {written} examples, more than "
                    f"{catalogue.MAX_EXAMPLES}",
                    "keep the varied ones: a few dozen different ways of saying it teach the "
                    "kiosk more than thousands of near copies",
                )
        prompts = self.prompts(name, kind, key_node, fields)
        slots = self.slots(fields["slots"][1]) if "slots" in fields else []
        return Intent(
            name=name,
            kind=kind or "",
            title=title or "",
            examples=tuple(examples),
            not_examples=tuple(not_examples),
            slots=tuple(slots),
            prompts=prompts,
            guide=guide,
            path=self.path,
            line=_pos(key_node)[0],
            written_examples=written,
        )

    def examples(self, fields: dict[str, tuple[Node, Node]], key: str) -> tuple[list[Example], int]:
        if key not in fields:
            return [], 0
        out: list[Example] = []
        lines = self.text_items(fields[key][1], key)
        for value, item in lines:
            line, col = _pos(item)
            try:
                sentences = expand(value)
            except TemplateError as exc:
                self.problems.append(
                    Problem(
                        self.path,
                        line,
                        col + exc.col - 1,
                        f"template error: {exc.message}",
                        exc.fix,
                    )
                )
                continue
            out.extend(Example(s, value, self.path, line, col) for s in sentences)
        return out, len(lines)

    def prompts(
        self, name: str, kind: str | None, key_node: Node, fields: dict[str, tuple[Node, Node]]
    ) -> dict[str, str]:
        prompts: dict[str, str] = {}
        if "prompts" in fields:
            for key, (_, value_node) in self.entries(fields["prompts"][1], "'prompts'").items():
                text = self.text(value_node, f"prompt '{key}'")
                if text is not None:
                    prompts[key] = text
        anchor = fields["prompts"][0] if "prompts" in fields else key_node
        for required in catalogue.REQUIRED_PROMPTS.get(kind or "", ()):
            if required not in prompts:
                self.problem(
                    anchor,
                    f"intent '{name}' has no '{required}' prompt",
                    f"add '{required}: <what the kiosk says>' under 'prompts:'",
                )
        return prompts

    def slots(self, node: Node) -> list[SlotSpec]:
        out = []
        for name, (key_node, value_node) in self.entries(node, "'slots'").items():
            fields = self.entries(value_node, f"slot '{name}'", allowed=SLOT_KEYS)
            if "type" not in fields:
                self.problem(
                    key_node,
                    f"slot '{name}' has no 'type'",
                    f"add 'type:' ({', '.join(catalogue.SLOT_TYPES)})",
                )
                continue
            type_node = fields["type"][1]
            slot_type = self.text(type_node, "slot type") or ""
            if slot_type not in catalogue.SLOT_TYPES:
                close = closest(slot_type, catalogue.SLOT_TYPES)
                hint = (
                    f"did you mean '{close}'?"
                    if close
                    else f"use one of: {', '.join(catalogue.SLOT_TYPES)}"
                )
                self.problem(type_node, f"unknown slot type '{slot_type}'", hint)
                continue
            required = self.boolean(fields["required"][1] if "required" in fields else None,
                                    "required", False)
            prompt = self.text(fields["prompt"][1], "slot prompt") if "prompt" in fields else None
            if required and not prompt:
                self.problem(
                    key_node,
                    f"required slot '{name}' has no prompt",
                    "add 'prompt:' with the question the kiosk asks",
                )
            values: dict[str, tuple[str, ...]] = {}
            if slot_type == "enum":
                if "values" not in fields:
                    self.problem(
                        key_node,
                        f"enum slot '{name}' has no 'values'",
                        "add 'values:' with 'value: [word, word]' lines",
                    )
                else:
                    for value, (vkey, vnode) in self.entries(fields["values"][1],
                                                             "'values'").items():
                        words = [w for w, _ in self.text_items(vnode, f"words of '{value}'")]
                        if not words:
                            self.problem(
                                vkey,
                                f"value '{value}' of slot '{name}' has no words",
                                "list at least one word that means it",
                            )
                        values[value] = tuple(words)
            out.append(SlotSpec(name, slot_type, required, prompt or "", values))
        return out


NOT_INTENT_FILES = frozenset({"keypad.yaml"})
"""YAML files in ``intents/`` that are not intent files (the keypad map)."""


def intent_files(directory: Path) -> list[Path]:
    """The intent files of a directory (``*.yaml`` and ``*.yml``, top level only), sorted."""
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml")
                  and p.is_file() and p.name not in NOT_INTENT_FILES)


def read_intent_files(
    paths: Iterable[Path], *, relative_to: Path | None = None
) -> tuple[IntentSet, list[Problem]]:
    """Read intent files leniently: the intents that could be read and every problem found."""
    problems: list[Problem] = []
    intents: dict[str, Intent] = {}
    shown_files: list[str] = []
    unreadable: set[str] = set()
    for path in paths:
        shown = str(path.relative_to(relative_to)) if relative_to else str(path)
        shown_files.append(shown)
        reader = _FileReader(shown, file=path)
        read = reader.read()
        if any(is_parse_failure(p) for p in reader.problems):
            unreadable |= _names_in(path)
        for intent in read:
            if intent.name in intents:
                first = intents[intent.name]
                reader.problems.append(
                    Problem(
                        shown,
                        intent.line,
                        3,
                        f"intent '{intent.name}' is already defined in {first.path}:{first.line}",
                        "keep one definition and merge the examples",
                    )
                )
                continue
            intents[intent.name] = intent
        problems.extend(reader.problems)
    problems.extend(_duplicate_examples(intents.values()))
    return IntentSet(intents, tuple(shown_files), frozenset(unreadable)), sorted(problems)


def _names_in(path: Path) -> set[str]:
    """Catalogue intent names written as keys in ``path`` (read as plain text)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    keys = set(re.findall(r"^\s+[\"']?([a-z_.]+)[\"']?\s*[:：]", text, flags=re.MULTILINE))
    return keys & catalogue.INTENT_NAMES


def _duplicate_examples(intents: Iterable[Intent]) -> list[Problem]:
    owner: dict[str, tuple[Intent, Example]] = {}
    problems = []
    for intent in intents:
        for ex in intent.examples:
            key = normalize(ex.text)
            if not key:
                problems.append(
                    Problem(
                        ex.path,
                        ex.line,
                        ex.col,
                        f"example '{ex.source}' is empty after normalisation",
                        "write real words",
                    )
                )
                continue
            seen = owner.get(key)
            if seen is None:
                owner[key] = (intent, ex)
            elif seen[0].name != intent.name:
                other = seen[1]
                problems.append(
                    Problem(
                        ex.path,
                        ex.line,
                        ex.col,
                        f"example '{ex.text}' of '{intent.name}' is also an example of "
                        f"'{seen[0].name}' ({other.path}:{other.line})",
                        "keep it in the intent it really means",
                    )
                )
    return problems


def catalogue_problems(intent_set: IntentSet, directory: Path | str) -> list[Problem]:
    """One problem for each catalogue intent that no file defines (those written in a file
    that could not be read are not missing: that file's problem is the cause)."""
    missing = sorted(catalogue.INTENT_NAMES - set(intent_set.intents) - intent_set.unreadable)
    return [
        Problem(
            str(directory),
            0,
            0,
            f"intent '{name}' is not defined in any file",
            "add it to the file of its group",
        )
        for name in missing
    ]


def load_intents(directory: Path) -> IntentSet:
    """Strictly load every intent file of ``directory``.

    Raises :class:`DataFileError` listing every problem unless the set is clean.
    """
    intent_set, problems = read_intent_files(intent_files(directory), relative_to=directory.parent)
    problems.extend(catalogue_problems(intent_set, directory.name))
    if problems:
        raise DataFileError(problems)
    return intent_set
