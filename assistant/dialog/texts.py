"""Flow prompt texts: the staff-editable YAML files in ``intents/flows/``.

Words live in data, logic in code.  ``common.yaml`` holds the greeting, the menu, the
command words and every prompt shared by all flows; ``<intent>.yaml`` holds one flow's
prompts and choice options.  Every problem is reported as ``path:line:col: message — fix``
(all of them at once, via :class:`assistant.errors.DataFileError`).
"""

from __future__ import annotations

import difflib
import re
import string
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from assistant.config import intents_dir
from assistant.datafile import NodeReader
from assistant.dialog.directions import FLOW_DEVICES
from assistant.dialog.paying import PaySetup
from assistant.dialog.words import WordTable
from assistant.errors import DataFileError, Problem
from assistant.nlu.normalize import WU_NOT

COMMON_FILE = "common.yaml"
FLOW_KEYS = ("flow", "title", "device", "fee", "texts", "options")
COMMON_KEYS = ("texts", "menu", "words", "listen_for", "service_names")
OPTION_KEYS = ("title", "words")
MENU_KEYS = ("id", "title", "items")


def flows_dir() -> Path:
    """Default folder of the flow files: ``intents/flows`` (follows ``$KIOSK_INTENTS``)."""
    return intents_dir() / "flows"


@dataclass(frozen=True)
class Option:
    """One answer of a choice question."""

    id: str
    """Canonical value (``expired``, ``team``)."""
    title: str
    """What is read out ("办理……" part)."""
    words: tuple[str, ...]
    """Words that select it."""


@dataclass(frozen=True)
class MenuGroup:
    """One entry of the main menu: a sub-menu of services, or one service directly."""

    id: str
    """Sub-menu id (``household``) or, for a single service, its intent name."""
    title: str
    items: tuple[str, ...]
    """Intent names in the sub-menu; empty when the entry is one service."""


@dataclass(frozen=True)
class Site:
    """A kiosk site people can be sent to (from ``guides/site.yaml``, the one site list:
    :func:`assistant.dialog.directions.load_sites`)."""

    name: str
    """Spoken name ("定海旗舰店")."""
    address: str
    """Address as published."""
    devices: tuple[str, ...]
    """Device kinds there (``household``, ``exit_entry``, ``traffic``, ``photo``)."""


@dataclass
class TextFile:
    """Texts of one YAML file, with the line of each key for error messages."""

    path: str
    texts: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    options: dict[str, tuple[Option, ...]] = field(default_factory=dict)
    title: str = ""
    device: str = ""
    """``device:`` — the terminal the service is done on (``household``, ``exit_entry``,
    ``traffic``, ``photo``): where the kiosk sends people when this site lacks it
    (:meth:`assistant.dialog.core.Dialog.device_of`); must be the program's flow's."""
    device_line: int = 0
    """Line of ``device:`` (for lint messages)."""
    fee: float = 0.0
    """The one fee in yuan (``fee: 20``); 0 for a free flow or one with a fee table."""
    fee_by: str = ""
    """Slot the fee depends on (``fee: {reason: {expired: 20, damaged: 40}}``), else ''."""
    fees: dict[str, float] = field(default_factory=dict)
    """Fee table: the ``fee_by`` slot's value → yuan (empty without a table)."""
    fee_line: int = 0
    """Line of ``fee:`` (for problems found later)."""
    listen_for: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """``common.yaml`` ``listen_for:``: words heard anywhere in a sentence, in every state
    (emergency, staff, cancel, speech settings, "慢慢来"), by meaning."""
    service_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """``common.yaml`` ``service_names:``: intent → words that name the service (``A+B``:
    both A and B said); switching service mid-flow needs one of them."""
    flow: str = ""


def plain(text: str) -> str:
    """``text`` compared as words are: NFKC, lower case, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())



def heard_form(text: str) -> str:
    """``text`` as ``listen_for`` words are compared: :func:`plain`, Wu negations as
    Mandarin ones (so the lists need no Wu copies)."""
    return plain(text).translate(WU_NOT)


@dataclass
class FlowTexts:
    """Everything loaded from ``intents/flows/``."""

    common: TextFile
    flows: dict[str, TextFile]
    menu: tuple[MenuGroup, ...]
    words: dict[str, tuple[str, ...]]
    sites: tuple[Site, ...]
    """Sites to send people to (``guides/site.yaml``; set by :func:`assistant.dialog.
    loader.load_texts`)."""
    payment: PaySetup = field(default_factory=PaySetup)
    """This site's payment methods (``guides/site.yaml`` ``payment:``; QR only by
    default).  Filled by :func:`assistant.dialog.loader.load_texts`."""
    not_offered: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Services this site does not offer (``guides/site.yaml`` ``optional_services`` not in
    the site's ``offers``): intent → (name, why and where to ask).  Filled by
    :func:`assistant.dialog.loader.load_texts`; such flows end before their first step."""
    word_table: WordTable = field(init=False, repr=False)
    """:attr:`words` as an exact-phrase lookup, built once at load (read-only)."""
    heard_lists: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    """:attr:`listen_for` normalised (:func:`heard_form`), longest word first, built once at
    load: what :class:`~assistant.dialog.priority.Priority` looks for in a sentence."""
    heard_index: dict[str, dict[str, tuple[int, ...]]] = field(init=False, repr=False)
    """For each list of :attr:`heard_lists`: first character → the places in the list of
    the words starting with it (so a sentence is compared only with the words that can be
    in it), built once at load (read-only)."""

    def __post_init__(self) -> None:
        self.word_table = WordTable(self.words)
        self.heard_lists = {
            name: tuple(sorted({heard_form(w) for w in words if plain(w)}, key=len,
                               reverse=True))
            for name, words in self.listen_for.items()}
        self.heard_index = {}
        for name, words in self.heard_lists.items():
            places: dict[str, list[int]] = {}
            for i, w in enumerate(words):
                places.setdefault(w[0], []).append(i)
            self.heard_index[name] = {c: tuple(p) for c, p in places.items()}

    @property
    def listen_for(self) -> dict[str, tuple[str, ...]]:
        """Words heard anywhere in a sentence (``common.yaml`` ``listen_for:``)."""
        return self.common.listen_for

    def text(self, flow: str | None, key: str) -> str:
        """The text ``key`` of ``flow`` (falls back to ``common.yaml``)."""
        if flow is not None and flow in self.flows and key in self.flows[flow].texts:
            return self.flows[flow].texts[key]
        return self.common.texts[key]

    def has(self, flow: str | None, key: str) -> bool:
        in_flow = flow is not None and flow in self.flows and key in self.flows[flow].texts
        return in_flow or key in self.common.texts


_FORMATTER = string.Formatter()
KNOWN_FIELDS: frozenset[str] = frozenset(
    {
        "address", "amount", "application_no", "code", "count", "date", "days", "delivery",
        "delivery_title", "digits", "due", "fee", "fine", "flow", "id_number", "issues",
        "item", "items", "key", "last4", "late", "list", "mark", "name", "number", "option",
        "options", "order_id", "phone", "plate", "plate_number", "points", "purpose",
        "purpose_title", "reason", "reason_title", "region", "site", "sites", "status",
        "step", "steps", "times", "times_title", "title", "total", "tour", "tour_title",
        "until", "value", "what", "when", "window_count", "years", "stage", "rest",
        "key_repeat", "key_confirm", "key_staff", "key_back", "where", "direction",
        "refund_how", "method_title", "reason_text", "place",
        "have", "add", "dropped", "points_add",
        "first", "last", "position", "groups", "letters", "letter",  # plate letters by key
    }
)
"""Placeholders a text may use (``{fee}``); anything else is a typo."""


def _check_placeholders(reader: NodeReader, node: Node, text: str) -> None:
    wide = re.search(r"[｛｝]([a-z_0-9]*)", text)
    if wide is not None:
        reader.problem(node, f"full-width brace in '{wide.group(0)}': the kiosk would say it "
                       "aloud", "type placeholders with half-width braces, e.g. {amount} "
                       "(switch the input method to English while typing them)")
    try:
        names = {f for _, f, _, _ in _FORMATTER.parse(text) if f}
    except ValueError as exc:
        reader.problem(node, f"bad placeholder: {exc}", "write placeholders as {name}; "
                       "a literal brace as {{ or }}")
        return
    unknown = sorted(n for n in names if n not in KNOWN_FIELDS)
    if unknown:
        reader.problem(node, f"unknown placeholder(s) {', '.join('{' + n + '}' for n in unknown)}",
                       f"use only: {', '.join(sorted(KNOWN_FIELDS))}")


def _texts(reader: NodeReader, node: Node, into: TextFile) -> None:
    for name, (key, value) in reader.entries(node, "texts").items():
        text = reader.text(value, f"text '{name}'")
        if text is not None:
            _check_placeholders(reader, value, text)
            into.texts[name] = text
            into.lines[name] = key.start_mark.line + 1


def _options(reader: NodeReader, node: Node, into: TextFile) -> None:
    for set_name, (_, set_node) in reader.entries(node, "options").items():
        opts: list[Option] = []
        for oid, (_, onode) in reader.entries(set_node, f"options.{set_name}").items():
            fields = reader.entries(onode, f"option '{oid}'", allowed=OPTION_KEYS,
                                    required=("title",))
            title = reader.text(fields["title"][1], "title") if "title" in fields else None
            words = (reader.text_list(fields["words"][1], "words", single=True)
                     if "words" in fields else ())
            if title is None:
                continue
            opts.append(Option(oid, title, words))
        into.options[set_name] = tuple(opts)


def _yuan(node: Node) -> float | None:
    """A number of yuan ≥ 0 from a scalar (``20``, ``7.5``), else None."""
    if not isinstance(node, ScalarNode) or node.tag.endswith(":str"):
        return None
    try:
        value = float(node.value)
    except ValueError:
        return None
    return value if value >= 0 else None


def _fee(reader: NodeReader, node: Node, into: TextFile) -> None:
    """``fee: 20`` (one fee) or ``fee: {slot: {value: yuan, ...}}`` (by one answer)."""
    into.fee_line = node.start_mark.line + 1
    if not isinstance(node, MappingNode):
        amount = _yuan(node)
        if amount is None:
            reader.problem(node, "fee must be a number of yuan",
                           "write e.g. 'fee: 20' (0 = free), or a table by answer: "
                           "'fee: {reason: {expired: 20, damaged: 40}}'")
        into.fee = amount or 0.0
        return
    table = reader.entries(node, "fee")
    if len(table) != 1:
        reader.problem(node, "a fee table depends on exactly one answer",
                       "write it as 'fee: {reason: {expired: 20, damaged: 40}}'")
        return
    slot, (_, values) = next(iter(table.items()))
    into.fee_by = slot
    for value, (_, amount_node) in reader.entries(values, f"fee.{slot}").items():
        amount = _yuan(amount_node)
        if amount is None:
            reader.problem(amount_node, f"fee for '{value}' must be a number of yuan",
                           f"write e.g. '{value}: 20' (digits only, no 元)")
            continue
        into.fees[value] = amount
    if not into.fees:
        reader.problem(values, f"fee table '{slot}' has no amounts",
                       f"list a fee per answer, e.g. 'fee: {{{slot}: {{...: 20}}}}'")


def _read_flow(path: Path, shown: str, problems: list[Problem]) -> TextFile | None:
    reader = NodeReader(shown, problems)
    root = reader.compose(path)
    if root is None:
        return None
    fields = reader.entries(root, "a flow file", allowed=FLOW_KEYS,
                            required=("flow", "title", "texts"))
    tf = TextFile(path=shown)
    if "flow" in fields:
        tf.flow = reader.text(fields["flow"][1], "flow") or ""
        if tf.flow and tf.flow != path.stem:
            reader.problem(fields["flow"][1], f"flow '{tf.flow}' is in file '{path.name}'",
                           f"name the file {tf.flow}.yaml or fix the flow name")
    if "title" in fields:
        tf.title = reader.text(fields["title"][1], "title") or ""
    if "device" in fields:
        tf.device = reader.text(fields["device"][1], "device") or ""
        tf.device_line = fields["device"][1].start_mark.line + 1
        if tf.device and tf.device not in FLOW_DEVICES:
            reader.problem(fields["device"][1], f"unknown device '{tf.device}'",
                           f"use one of: {', '.join(FLOW_DEVICES)} (the terminal this "
                           "service is done on)")
    if "fee" in fields:
        _fee(reader, fields["fee"][1], tf)
    if "texts" in fields:
        _texts(reader, fields["texts"][1], tf)
    if "options" in fields:
        _options(reader, fields["options"][1], tf)
    return tf


def _read_common(path: Path, shown: str, problems: list[Problem]
                 ) -> tuple[TextFile, list[MenuGroup], dict[str, tuple[str, ...]]]:
    reader = NodeReader(shown, problems)
    root = reader.compose(path)
    tf = TextFile(path=shown)
    menu: list[MenuGroup] = []
    words: dict[str, tuple[str, ...]] = {}
    if root is None:
        return tf, menu, words
    fields = reader.entries(root, "common.yaml", allowed=COMMON_KEYS)
    if "texts" in fields:
        _texts(reader, fields["texts"][1], tf)
    if "words" in fields:
        for name, (_, node) in reader.entries(fields["words"][1], "words").items():
            words[name] = reader.text_list(node, f"words.{name}", single=True)
    if "listen_for" in fields:
        for name, (_, node) in reader.entries(fields["listen_for"][1],
                                              "listen_for").items():
            tf.listen_for[name] = reader.text_list(node, f"listen_for.{name}", single=True)
    if "service_names" in fields:
        for name, (_, node) in reader.entries(fields["service_names"][1],
                                              "service_names").items():
            tf.service_names[name] = reader.text_list(node, f"service_names.{name}", single=True)
    if "menu" in fields:
        for entry in reader.sequence(fields["menu"][1], "menu"):
            f = reader.entries(entry, "menu entry", allowed=MENU_KEYS, required=("id", "title"))
            gid = reader.text(f["id"][1], "id") if "id" in f else None
            title = reader.text(f["title"][1], "title") if "title" in f else None
            inner = reader.text_list(f["items"][1], "items", single=True) if "items" in f else ()
            if gid is None or title is None:
                continue
            menu.append(MenuGroup(gid, title, inner))
    return tf, menu, words


def load_flow_texts(directory: Path | None = None, *, required: dict[str, set[str]] | None = None,
                    known_flows: set[str] | None = None) -> FlowTexts:
    """Load ``common.yaml`` and every ``<flow>.yaml`` of ``directory``.

    ``required`` maps ``common`` or a flow name to the text keys the code needs;
    ``known_flows`` are the flow names the code implements.  Raises
    :class:`DataFileError` with every problem found.
    """
    directory = directory or flows_dir()
    problems: list[Problem] = []
    root = directory.parent.parent if directory.parent.name == "intents" else directory.parent

    def shown(p: Path) -> str:
        try:
            return str(p.relative_to(root))
        except ValueError:
            return str(p)

    common_path = directory / COMMON_FILE
    if not common_path.is_file():
        raise DataFileError([Problem.at(shown(common_path), 0, 0, "file is missing",
                                        "restore intents/flows/common.yaml from the repository")])
    common, menu, words = _read_common(common_path, shown(common_path), problems)
    flows: dict[str, TextFile] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == COMMON_FILE:
            continue
        tf = _read_flow(path, shown(path), problems)
        if tf is None:
            continue
        if known_flows is not None and tf.flow and tf.flow not in known_flows:
            problems.append(Problem.at(tf.path, 1, 1, f"no flow named '{tf.flow}' in the program",
                                       f"use one of: {', '.join(sorted(known_flows))}"))
        flows[tf.flow or path.stem] = tf
    for owner, keys in (required or {}).items():
        tf_req = common if owner == "common" else flows.get(owner)
        if tf_req is None:
            if (directory / f"{owner}.yaml").exists():
                continue  # unreadable: already reported
            problems.append(Problem.at(shown(directory / f"{owner}.yaml"), 0, 0,
                                       f"flow file for '{owner}' is missing",
                                       f"create intents/flows/{owner}.yaml with its texts"))
            continue
        for key in sorted(keys - tf_req.texts.keys()):
            if owner != "common" and key in common.texts:
                continue
            typo = difflib.get_close_matches(key, tf_req.texts.keys() - keys, n=1, cutoff=0.6)
            line = tf_req.lines.get(typo[0], 0) if typo else 0
            problems.append(Problem.at(
                tf_req.path, line, 1 if line else 0, f"text '{key}' is missing",
                f"rename '{typo[0]}' to '{key}'" if typo else f"add '{key}: ...' under 'texts:'"))
    if problems:
        raise DataFileError(problems)
    return FlowTexts(common, flows, tuple(menu), words, ())
