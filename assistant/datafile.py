"""Reading a staff-edited YAML file without ever raising: every problem becomes a
:class:`~assistant.errors.Problem` (``path:line:col: message — how to fix``).

Staff edit ``intents/``, ``guides/``, ``intents/flows/``, ``keypad.yaml``, ``site.yaml``
and ``announcements.yaml`` with ordinary editors.  Whatever they save — a control
character pasted from a web page (PyYAML's ``ReaderError``, which carries no line), a
file that is not UTF-8, brackets nested thousands deep (``RecursionError``), an unreadable
or enormous file — :func:`compose_file` reports it with its position and a fix, so every
loader can report it like any other mistake and the kiosk keeps its last good version.

:class:`NodeReader` is the one reader on top of it, used for all those files: each
mistake (a list where key: value lines are needed, an unknown key — with "did you mean"
—, a key written twice, a missing key, an empty text, a list that is not one, an empty
file) has one wording whatever the file, and every problem of a file is collected.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assistant.errors import Problem

MAX_BYTES = 4_000_000
"""Largest staff file read (the biggest real one is ~40 kB)."""
MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted (real files use at most 6)."""

FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML was built with it (the Debian and PyPI wheels are)."""

SYNTAX_FIX = "check the indentation (spaces, not tabs) and quote text containing ': ' or '#'"

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters YAML does not allow in a file (tab, newline and carriage return are fine)."""


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """The file's text, or ``None`` with the reason appended to ``problems``."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            problems.append(Problem(shown, 0, 0, f"the file is too large ({size:,} bytes)",
                                    f"split it into files under {MAX_BYTES:,} bytes"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 0, 0, f"cannot read the file ({exc.strerror or exc})",
                                "check that it exists and that the kiosk may read it"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = position(good, len(good))
        problems.append(Problem(shown, line, col,
                                f"not UTF-8 text (byte 0x{raw[exc.start]:02x} here)",
                                "save the file as UTF-8 (另存为 → 编码 UTF-8)"))
        return None
    return text.removeprefix("\ufeff")


_FULL_COLON = re.compile(r"^( *)([A-Za-z_][A-Za-z0-9_.\-]*) *(：)")
"""``examples：`` — a key followed by a full-width colon (keys are ASCII words)."""
_FULL_BRACE = re.compile(r"[｛｝](?=[^｛｝\n]*?[A-Za-z_]+ *[:：])|(?<=[:：] )[｛｝]")
"""``｛item: …｝`` — a full-width brace where a YAML mapping ``{key: value}`` is meant."""


def is_parse_failure(problem: Problem) -> bool:
    """Whether ``problem`` says its file could not be read at all (syntax, encoding, a
    mistake of :func:`mistakes`...): the problems that follow from it are consequences."""
    return problem.message.startswith(("YAML", "not UTF-8", "invisible control character",
                                       "the file is nested", "cannot read the file",
                                       "the file is too large", "全角", "Tab", "少了",
                                       "短横线", "没对齐", "以“[”开头"))


def mistakes(text: str, shown: str, *, failed: bool) -> list[Problem]:
    """The typing mistakes staff make most, on the line where they are, in Chinese with
    the English after: a full-width colon or brace (always), and — when the file does not
    parse (``failed``) — a tab in the indentation and a list line without its "- "."""
    found: list[Problem] = []
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        m = _FULL_COLON.match(line)
        if m:
            found.append(Problem(shown, n, m.start(3) + 1,
                                 f"全角冒号：'{m.group(2)}' 后面是中文冒号“：”（full-width colon "
                                 f"after '{m.group(2)}'）",
                                 f"改成英文冒号，写成 {m.group(2)}:（switch the input method to "
                                 "English and type ':'）"))
        b = _FULL_BRACE.search(line)
        if b:
            found.append(Problem(shown, n, b.start() + 1,
                                 f"全角大括号“{b.group()}”（full-width brace）",
                                 "大括号要用英文的 { }，里面的冒号、逗号也用英文的（use ASCII "
                                 "braces { } with ':' and ',' inside）"))
    if not failed:
        return found
    return found + _layout_mistakes(lines, shown)


_KEY_LINE = re.compile(r"^[\"']?[\w.\-]+[\"']? *:( |$)")
"""A ``key:`` or ``key: value`` line (after its indentation)."""
_NO_COLON = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*) +(?P<rest>[^\s:#].*)$")
"""``confirm 现在缴纳…``: an ASCII key followed by text, without its colon."""


def _layout_mistakes(lines: list[str], shown: str) -> list[Problem]:
    """In a file that does not parse: tabs, list lines without "- " (or without the space
    after "-"), a "- " not under the one above, and a key without its colon."""
    found: list[Problem] = []
    prev: tuple[int, str] | None = None
    rows = [(n, line, line.lstrip(" ")) for n, line in enumerate(lines, 1)]
    content = [(n, len(line) - len(body), body) for n, line, body in rows
               if body.strip() and not body.startswith("#") and not body.startswith("\t")]
    neighbours = {n: (content[i - 1] if i else None,
                      content[i + 1] if i + 1 < len(content) else None)
                  for i, (n, _, _) in enumerate(content)}
    for n, line, body in rows:
        if body.startswith("\t"):
            found.append(Problem(shown, n, len(line) - len(body) + 1,
                                 "Tab 键缩进：这一行开头用了 Tab（tab in the indentation）",
                                 "删掉 Tab，用空格和上下行对齐（indent with spaces only）"))
            continue
        if not body.strip() or body.startswith("#"):
            continue
        indent = len(line) - len(body)
        problem = _line_mistake(shown, n, indent, body, prev, neighbours.get(n, (None, None)))
        if problem is not None:
            found.append(problem)
            if problem.message.startswith("没对齐"):
                continue  # the next lines are compared with the aligned ones
        prev = (indent, body)
    return found


def _line_mistake(shown: str, n: int, indent: int, body: str, prev: tuple[int, str] | None,
                  around: tuple[tuple[int, int, str] | None, tuple[int, int, str] | None]
                  ) -> Problem | None:
    """The layout mistake of line ``n`` (None: none found)."""
    in_list = prev is not None and prev[1].startswith("- ")
    if re.match(r"^- \[[^\]]*\][^\s,#]", body):
        return Problem(shown, n, indent + 3,
                       "以“[”开头的说法没加引号：YAML 会把它当成列表（a line starting with '[' "
                       "must be quoted）",
                       f"整句加英文双引号，写成 - \"{body[2:].strip()[:20]}\"（put the sentence in "
                       "double quotes）")
    if in_list and prev is not None and prev[0] == indent and re.match(r"^-[^\s\-]", body):
        return Problem(shown, n, indent + 2,
                       "短横线后面少了空格：“-”和说法之间要有一个空格（no space after '-'）",
                       f"写成 - {body[1:].strip()[:20]}（put a space after '-'）")
    if in_list and prev is not None and prev[0] == indent and not body.startswith(
            ("- ", "-\t")) and not _KEY_LINE.match(body):
        return Problem(shown, n, indent + 1,
                       "少了“- ”：列表里的这一行前面没有短横线和空格（list line without '- '）",
                       f"在前面加上“- ”，写成 - {body.strip()[:20]}（start it with '- ' like "
                       "the line above）")
    if in_list and prev is not None and body.startswith("- ") and prev[0] != indent:
        return Problem(shown, n, indent + 1,
                       f"没对齐：这一行的“- ”在第 {indent + 1} 列，上一行在第 {prev[0] + 1} 列"
                       "（list line not aligned with the one above）",
                       f"在“- ”前面用 {prev[0]} 个空格，和上一行对齐（indent it like the line "
                       "above）")
    m = _NO_COLON.match(body)
    if m is not None and any(other is not None and other[1] == indent and _KEY_LINE.match(
            other[2]) for other in around):
        key = m.group("key")
        return Problem(shown, n, indent + len(key) + 1,
                       f"少了冒号：'{key}' 后面要有英文冒号和空格（missing ':' after '{key}'）",
                       f"写成 {key}: {m.group('rest')[:20]}（type ': ' after the name）")
    return None


def compose_text(text: str, shown: str, problems: list[Problem]) -> Node | None:
    """Root node of ``text`` (``None`` for an empty document), or ``None`` with every
    problem appended to ``problems``.  Never raises.

    A file that does not parse is reported by its cause where one of :func:`mistakes` is
    found (the line of the full-width colon, the tab, the missing "- "), else by the
    parser's message; a full-width colon or brace is reported even where the file parses
    (it would be read as text, and break things lines away)."""
    problems_before = len(problems)
    root = _compose(text, shown, problems)
    failed = len(problems) > problems_before
    causes = mistakes(text, shown, failed=failed)
    if causes:
        del problems[problems_before:]
        problems.extend(causes)
        return None
    return root


def _compose(text: str, shown: str, problems: list[Problem]) -> Node | None:
    """:func:`compose_text` without the cause detectors."""
    bad = list(_CONTROL.finditer(text))
    for m in bad:
        line, col = position(text, m.start())
        problems.append(Problem(shown, line, col,
                                f"invisible control character U+{ord(m.group()):04X}",
                                "delete it (it often comes with text copied from a web page "
                                "or a word processor)"))
    if bad:
        return None
    try:
        try:  # libyaml parses ~13x faster; its wording differs, so a file it refuses is
            root = yaml.compose(text, Loader=FAST_LOADER)  # read again for the message
        except yaml.YAMLError:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "invalid YAML"
        problems.append(Problem(shown, line, col, f"YAML syntax error: {what}", SYNTAX_FIX))
        return None
    except yaml.YAMLError as exc:  # ReaderError and friends carry no mark
        at = getattr(exc, "position", None)
        line, col = position(text, at) if isinstance(at, int) else (0, 0)
        problems.append(Problem(shown, line, col, f"YAML error: {exc}".splitlines()[0],
                                SYNTAX_FIX))
        return None
    except RecursionError:
        problems.append(_too_deep(shown, None))
        return None
    if root is not None and _depth(root) > MAX_DEPTH:
        problems.append(_too_deep(shown, root))
        return None
    return root


def compose_file(path: Path, shown: str, problems: list[Problem]) -> Node | None:
    """:func:`read_text` then :func:`compose_text`."""
    text = read_text(path, shown, problems)
    return None if text is None else compose_text(text, shown, problems)


def _too_deep(shown: str, root: Node | None) -> Problem:
    line, col = (root.start_mark.line + 1, root.start_mark.column + 1) if root else (0, 0)
    return Problem(shown, line, col, f"the file is nested more than {MAX_DEPTH} levels deep",
                   "check the brackets and the indentation: entries are at most a few "
                   "levels deep")


def _depth(root: Node) -> int:
    """Deepest nesting of ``root`` (iterative: a deep tree must not exhaust the stack)."""
    deepest, todo = 0, [(root, 1)]
    while todo:
        node, depth = todo.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(node, SequenceNode):
            todo.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            todo.extend((v, depth + 1) for _, v in node.value)
    return deepest


def keep_copy(files: Iterable[Path], root: Path, snapshot: Path, stamp: str = "") -> bool:
    """Copy ``files`` (paths under ``root``) to the folder ``snapshot``, replacing it as a
    whole: the last good version of staff files, for a kiosk restarted while they are
    broken.  Unchanged (``stamp`` equal to the one kept) → nothing is copied.  Safe against
    another process doing the same (private temporary names) and against a full or
    read-only disk (said on stderr, False returned: the kiosk serves on without a copy)."""
    marker = snapshot / ".stamp"
    try:
        if stamp and marker.read_text(encoding="utf-8") == stamp:
            return True
    except OSError:
        pass
    tag = f"{os.getpid()}.{threading.get_ident()}"
    fresh = snapshot.with_name(f"{snapshot.name}.new-{tag}")
    old = snapshot.with_name(f"{snapshot.name}.old-{tag}")
    try:
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        for path in files:
            target = fresh / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        if stamp:
            (fresh / ".stamp").write_text(stamp, encoding="utf-8")
        if snapshot.exists():
            snapshot.rename(old)
        fresh.rename(snapshot)
        return True
    except OSError as exc:
        print(f"kiosk: could not keep a copy of the good files in {snapshot}: {exc}",
              file=sys.stderr)
        return False
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------------- node reader
STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most similar to ``word`` (for "did you mean" hints), if any is close."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def describe(node: Node | None) -> str:
    """What ``node`` is, as a message says it ("'yes'", "a list", "nothing")."""
    if node is None:
        return "nothing"
    if isinstance(node, ScalarNode):
        return repr(node.value) if node.tag != NULL_TAG else "nothing"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a mapping"


@dataclass
class NodeReader:
    """The one reader of staff YAML files (intents, flows, keypad, guides, site,
    announcements): it collects every problem of one file as ``path:line:col: message —
    fix``, each mistake in one wording whatever the file.

    Problems are appended to :attr:`problems` (pass a shared list to collect several
    files' problems in one place)."""

    path: str
    """The file as shown in messages (``intents/id_card.yaml``)."""
    problems: list[Problem] = field(default_factory=list)
    """Every problem found so far."""

    def problem_at(self, line: int, col: int, message: str, fix: str) -> None:
        """Record a problem at 1-based ``line``:``col`` (0: the whole file)."""
        self.problems.append(Problem(self.path, line, col, message, fix))

    def problem(self, node: Node | None, message: str, fix: str) -> None:
        """Record a problem where ``node`` starts (``None``: the whole file)."""
        if node is None:
            self.problem_at(0, 0, message, fix)
        else:
            self.problem_at(node.start_mark.line + 1, node.start_mark.column + 1, message, fix)

    def compose(self, file: Path) -> Node | None:
        """The file's root node, or ``None`` with the reason recorded (not YAML, or empty)."""
        before = len(self.problems)
        node = compose_file(file, self.path, self.problems)
        if node is None and len(self.problems) == before:
            self.problem_at(0, 0, "the file is empty", "fill it in or delete it")
        return node

    def missing(self, node: Node | None, key: str, what: str, fix: str = "") -> None:
        """Record that the required ``key`` is missing in ``what`` (at ``node``)."""
        self.problem(node, f"missing '{key}' in {what}", fix or f"add '{key}:' to {what}")

    def entries(self, node: Node | None, what: str, *, allowed: Iterable[str] | None = None,
                required: Iterable[str] = ()) -> dict[str, tuple[Node, Node]]:
        """Key → (key node, value node) of the mapping ``node`` (``{}`` if it is not one).
        Reports a value that is not a mapping, a key that is not text, an unknown key
        (when ``allowed`` is given; with "did you mean"), a duplicate key and each
        ``required`` key that is missing."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a mapping (key: value lines)",
                         "write each entry as 'key: value' on its own line, indented under it")
            return {}
        names = tuple(allowed) if allowed is not None else None
        out: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == NULL_TAG:
                self.problem(key_node, f"{what} has a key that is not text",
                             "write the key as a plain word before the colon")
                continue
            key = str(key_node.value)
            if names is not None and key not in names:
                hint = closest(key, names)
                self.problem(key_node, f"unknown key '{key}' in {what}",
                             f"did you mean '{hint}'?" if hint
                             else f"use one of: {', '.join(names)}")
                continue
            if key in out:
                self.problem(key_node, f"duplicate key '{key}' in {what}",
                             "keep only one of them")
                continue
            out[key] = (key_node, value_node)
        for key in required:
            if key not in out:
                self.missing(node, key, what)
        return out

    def text(self, node: Node | None, what: str, *, optional: bool = False) -> str | None:
        """A non-empty text (a number is taken as text); ``None`` if ``node`` is absent,
        empty (reported unless ``optional``) or not text (reported)."""
        if node is None:
            return None
        if isinstance(node, ScalarNode):
            if node.tag == NULL_TAG or (node.tag == STR_TAG and not node.value.strip()):
                if not optional:
                    self.problem(node, f"{what} must be a non-empty text",
                                 "write the text after the colon")
                return None
            if node.tag in (STR_TAG, INT_TAG, FLOAT_TAG):
                return str(node.value).strip()
        self.problem(node, f"{what} must be text, got {describe(node)}",
                     "write it as plain text; quote it if it looks like yes/no or a list")
        return None

    def sequence(self, node: Node | None, what: str) -> list[Node]:
        """The items of the list ``node`` (``[]`` if absent, or not a list: reported)."""
        if node is None:
            return []
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.problem(node, f"{what} must be a list",
                     "put each entry on its own line starting with '- '")
        return []

    def text_items(self, node: Node | None, what: str) -> list[tuple[str, Node]]:
        """(text, node) of each entry of the list of texts ``node``."""
        out: list[tuple[str, Node]] = []
        for item in self.sequence(node, what):
            value = self.text(item, f"an entry of {what}")
            if value is not None:
                out.append((value, item))
        return out

    def text_list(self, node: Node | None, what: str, *, single: bool = False
                  ) -> tuple[str, ...]:
        """The texts of a list (``single``: one text alone is a list of one)."""
        if single and isinstance(node, ScalarNode) and node.tag == STR_TAG:
            value = self.text(node, what)
            return (value,) if value is not None else ()
        return tuple(text for text, _ in self.text_items(node, what))

    def boolean(self, node: Node | None, what: str, default: bool) -> bool:
        """``true``/``false`` (``yes``/``no`` too); ``default`` if absent or wrong."""
        if node is None:
            return default
        if isinstance(node, ScalarNode) and node.tag == BOOL_TAG:
            return node.value.lower() in ("true", "yes", "on")
        self.problem(node, f"{what} must be true or false, got {describe(node)}",
                     "write true or false")
        return default
