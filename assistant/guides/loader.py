"""Load and lint the service-guide catalogue (``guides/<category>/<id>.yaml`` + ``site.yaml``).

:func:`lint` returns *every* problem as a :class:`~assistant.errors.Problem`;
:func:`load_catalogue` returns the guides or raises :class:`~assistant.errors.DataFileError`
with all of them.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assistant.errors import DataFileError, Problem
from assistant.guides.announcements import ANNOUNCEMENTS_FILE, lint_announcements
from assistant.guides.model import (
    CATEGORIES,
    MATERIAL_FORMS,
    Duration,
    Fact,
    Fee,
    Guide,
    KioskPlace,
    Material,
    Network,
    Places,
)
from assistant.guides.nodes import Reader, closest
from assistant.guides.site import SITE_FILE, read_network
from assistant.nlu import catalogue

KNOWN_INTENTS: frozenset[str] = catalogue.INTENT_NAMES
"""Intent names (DESIGN.md catalogue); a guide's ``intent`` must be one of them."""

SELF_SERVICE_INTENTS: tuple[str, ...] = catalogue.SERVICE_INTENTS
"""The 13 self-service items; each has a guide whose id equals the intent name."""

REQUIRED_FIELDS = (
    "id",
    "title",
    "category",
    "summary",
    "conditions",
    "materials",
    "steps",
    "places",
    "hours",
    "fees",
    "duration",
    "phone",
    "basis",
)
OPTIONAL_FIELDS = ("intent", "aliases", "fees_note", "notes", "checked")
FACT_FIELDS = ("text", "basis", "checked")
"""A condition or note written with its source: ``{text: …, basis: …, checked: 2026-12-06}``."""
FEE_CASES_KIOSK = "kiosk"
"""``case`` of the one fee of a self-service flow without a fee table."""
STALE_AFTER_YEARS = 1
"""``kiosk guides lint`` warns when a ``checked:`` date is older than this."""

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_SENTENCE_END = re.compile(r"[。！？!?]")
MAX_SUMMARY_SENTENCES = 3


@dataclass(frozen=True)
class Catalogue:
    """All guides plus the site network."""

    guides: dict[str, Guide]
    """Guide id → guide, sorted by category then id."""
    network: Network
    """Devices, sites, and this kiosk's site."""

    def get(self, guide_id: str) -> Guide | None:
        return self.guides.get(guide_id)

    def by_intent(self, intent: str) -> Guide | None:
        return next((g for g in self.guides.values() if g.intent == intent), None)


def guide_files(root: Path) -> list[Path]:
    """Every guide file under ``root`` (``<category>/<id>.yaml``), sorted.

    ``site.yaml`` and ``announcements.yaml`` (idle announcements) at the top are not guides.
    """
    special = (SITE_FILE, ANNOUNCEMENTS_FILE)
    return sorted(p for p in root.rglob("*.yaml") if p.name not in special or p.parent != root)


def lint(root: Path, known_intents: Collection[str] = KNOWN_INTENTS) -> list[Problem]:
    """All problems in the catalogue at ``root`` and in its ``announcements.yaml`` (when
    there is one), sorted by file and position."""
    return check(root, known_intents)[0]


def check(
    root: Path, known_intents: Collection[str] = KNOWN_INTENTS, *, today: date | None = None
) -> tuple[list[Problem], list[Problem]]:
    """``(problems, warnings)`` of the catalogue at ``root``.  Warnings (with ``today``):
    a ``checked:`` date older than :data:`STALE_AFTER_YEARS` — the facts should be checked
    against their ``basis`` again; they do not stop the kiosk."""
    _, problems, warnings = _read(root, known_intents, today)
    if (root / ANNOUNCEMENTS_FILE).is_file():
        problems = sorted(problems + lint_announcements(root / ANNOUNCEMENTS_FILE))
    return problems, sorted(warnings)


def load_catalogue(root: Path, known_intents: Collection[str] = KNOWN_INTENTS) -> Catalogue:
    """The catalogue at ``root``; raises :class:`DataFileError` listing every problem."""
    catalogue, problems, _ = _read(root, known_intents, None)
    if problems or catalogue is None:
        raise DataFileError(problems)
    return catalogue


def _read(
    root: Path, known_intents: Collection[str], today: date | None
) -> tuple[Catalogue | None, list[Problem], list[Problem]]:
    problems: list[Problem] = []
    warnings: list[Problem] = []
    site_path = root / SITE_FILE
    site_reader = Reader(_shown(site_path))
    network = None
    if site_path.is_file():
        network = read_network(site_path, site_reader)
    else:
        site_reader.problem(
            None,
            f"{SITE_FILE} is missing",
            "create it with the device list, this kiosk's site and the site network",
        )
    problems.extend(site_reader.problems)
    devices = set(network.devices) if network else None
    guides: dict[str, Guide] = {}
    first_seen: dict[str, str] = {}
    intent_seen: dict[str, str] = {}
    for file in guide_files(root):
        reader = Reader(_shown(file))
        dates = _Dates(reader, today)
        guide, id_node, intent_node = _guide(file, root, reader, devices, known_intents, dates)
        warnings.extend(dates.warnings)
        if guide is not None:
            where = f"{reader.path}:{id_node.start_mark.line + 1}" if id_node else reader.path
            if guide.id in first_seen:
                reader.problem(
                    id_node,
                    f"duplicate guide id '{guide.id}' (also in {first_seen[guide.id]})",
                    "give each guide its own id and file name",
                )
                guide = None
            else:
                first_seen[guide.id] = where
        if guide is not None and guide.intent is not None:
            if guide.intent in intent_seen:
                reader.problem(
                    intent_node,
                    f"intent '{guide.intent}' is already linked to guide "
                    f"'{intent_seen[guide.intent]}'",
                    "link each intent to one guide only; remove 'intent:' here",
                )
            else:
                intent_seen[guide.intent] = guide.id
        problems.extend(reader.problems)
        if guide is not None and not reader.problems:
            guides[guide.id] = guide
    if network is not None:
        problems.extend(_optional_service_problems(site_reader.path, root / SITE_FILE,
                                                   network, first_seen))
    problems.sort()
    if network is None:
        return None, problems, warnings
    ordered = dict(sorted(guides.items(), key=lambda kv: (CATEGORIES.index(kv[1].category), kv[0])))
    return Catalogue(ordered, network), problems, warnings


def _optional_service_problems(
    shown: str, path: Path, network: Network, guide_ids: Collection[str]
) -> list[Problem]:
    """Every service under ``optional_services`` must be a self-service item (its intent
    name, which its guide carries too) or a guide id."""
    out: list[Problem] = []
    for service in network.optional:
        if service in guide_ids or service in SELF_SERVICE_INTENTS:
            continue
        line = _line_of(path, f"{service}:")
        hint = closest(service, guide_ids)
        out.append(Problem(shown, line, 3 if line else 0,
                           f"optional service '{service}' is not a guide id",
                           (f"did you mean '{hint}'? " if hint else "")
                           + "use the id of the guide (for the 13 self-service items: the "
                           "intent name, e.g. exit_entry.endorse_taiwan)"))
    return out


def _line_of(path: Path, needle: str) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((n for n, text in enumerate(lines, 1) if text.strip().startswith(needle)), 0)


class _Dates:
    """Reads ``checked:`` dates of one file; collects the stale ones as warnings."""

    def __init__(self, reader: Reader, today: date | None) -> None:
        self.r = reader
        self.today = today
        self.warnings: list[Problem] = []

    def read(self, node: Node | None, where: str) -> str:
        """The ISO date of ``node`` ('' when absent or wrong; a problem is recorded)."""
        if node is None:
            return ""
        value = str(node.value).strip() if isinstance(node, ScalarNode) else ""
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.r.problem(node, f"{where} must be a date like 2026-12-06, got '{value}'",
                           "write the day you checked the facts as YYYY-MM-DD")
            return ""
        if self.today is not None:
            if day > self.today:
                self.r.problem(node, f"{where} {value} is in the future",
                               "write the day you actually checked the facts")
            elif day < _years_before(self.today, STALE_AFTER_YEARS):
                line, col = node.start_mark.line + 1, node.start_mark.column + 1
                self.warnings.append(Problem(
                    self.r.path, line, col,
                    f"warning: {where} {value} is more than {STALE_AFTER_YEARS} year old",
                    "check the facts against the basis again, then write that day's date"))
        return day.isoformat()


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _facts(node: Node | None, where: str, r: Reader, dates: _Dates, *, min_items: int
           ) -> tuple[tuple[str, ...], tuple[Fact, ...]]:
    """A list whose entries are text, or ``{text, basis, checked}`` for a fact with its
    source: the texts in order, and the facts."""
    if node is None:
        return (), ()
    if not isinstance(node, SequenceNode):
        return r.texts(node, where, min_items=min_items), ()
    texts: list[str] = []
    facts: list[Fact] = []
    for item in node.value:
        if not isinstance(item, MappingNode):
            text = r.text(item, f"an entry of {where}")
            if text is not None:
                texts.append(text)
            continue
        f = r.mapping(item, f"an entry of {where}", required=FACT_FIELDS)
        if f is None:
            continue
        text = r.text(f.get("text"), f"{where} text")
        basis = r.text(f.get("basis"), f"{where} basis")
        checked = dates.read(f.get("checked"), f"{where} checked")
        if text is not None:
            texts.append(text)
            if basis is not None and checked:
                facts.append(Fact(text, basis, checked))
    if len(node.value) < min_items:
        r.problem(node, f"{where} needs at least {min_items} entry",
                  f"add '- …' lines under {where}")
    return tuple(texts), tuple(facts)


def _shown(path: Path) -> str:
    """Path as shown in messages: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _guide(
    file: Path,
    root: Path,
    r: Reader,
    devices: set[str] | None,
    known_intents: Collection[str],
    dates: _Dates,
) -> tuple[Guide | None, Node | None, Node | None]:
    node = r.compose(file)
    if node is None:
        return None, None, None
    f = r.mapping(node, "the guide", required=REQUIRED_FIELDS, optional=OPTIONAL_FIELDS)
    if f is None:
        return None, None, None
    guide_id = r.text(f.get("id"), "id")
    if guide_id is not None:
        if not _ID_RE.match(guide_id):
            r.problem(
                f["id"],
                f"id '{guide_id}' is not a dotted lower-case name",
                "use letters, digits and '_' in dot-separated parts, e.g. huzheng.residence_permit",
            )
        if file.stem != guide_id:
            r.problem(
                f["id"],
                f"id '{guide_id}' does not match the file name '{file.name}'",
                f"rename the file to {guide_id}.yaml or change the id",
            )
    category = r.text(f.get("category"), "category")
    if category is not None:
        if category not in CATEGORIES:
            hint = closest(category, CATEGORIES)
            r.problem(
                f["category"],
                f"unknown category '{category}'",
                (f"did you mean '{hint}'? " if hint else "")
                + f"use one of: {' | '.join(CATEGORIES)}",
            )
        elif file.parent.resolve() != (root / category).resolve():
            r.problem(
                f["category"],
                f"category '{category}' does not match the folder '{file.parent.name}'",
                f"move the file to guides/{category}/ or change the category",
            )
    intent = r.text(f.get("intent"), "intent", optional=True)
    if intent is not None and intent not in known_intents:
        hint = closest(intent, known_intents)
        r.problem(
            f["intent"],
            f"intent '{intent}' does not exist",
            (f"did you mean '{hint}'? " if hint else "")
            + "use an intent name from the intent catalogue, or remove the 'intent:' line",
        )
    summary = r.text(f.get("summary"), "summary")
    if summary is not None and len(_SENTENCE_END.findall(summary)) > MAX_SUMMARY_SENTENCES:
        r.problem(
            f["summary"],
            f"summary has more than {MAX_SUMMARY_SENTENCES} sentences",
            "shorten it: the kiosk speaks it in full; put details in conditions or notes",
        )
    materials = tuple(
        m for m in (_material(n, r) for n in r.sequence(f.get("materials"), "materials")) if m
    )
    fee_nodes = r.sequence(f.get("fees"), "fees")
    fees = tuple(x for x in (_fee(n, r, dates) for n in fee_nodes) if x)
    conditions, condition_facts = _facts(f.get("conditions"), "conditions", r, dates,
                                         min_items=1)
    notes, note_facts = _facts(f.get("notes"), "notes", r, dates, min_items=0)
    checked = dates.read(f.get("checked"), "checked")
    places = _places(f.get("places"), r, devices)
    duration = _duration(f.get("duration"), r)
    texts = {k: r.text(f.get(k), k) for k in ("title", "hours", "phone", "basis")}
    fees_note = r.text(f.get("fees_note"), "fees_note", optional=True) or ""
    if summary is not None and len(fees) == len(fee_nodes):  # a broken fee: said first
        _summary_fees(f["summary"], summary, fees, fees_note, r)
    guide = Guide(
        id=guide_id or "",
        title=texts["title"] or "",
        category=category or "",
        summary=summary or "",
        conditions=conditions,
        materials=materials,
        steps=r.texts(f.get("steps"), "steps"),
        places=places or Places(None, ""),
        hours=texts["hours"] or "",
        fees=fees,
        duration=duration or Duration(""),
        phone=texts["phone"] or "",
        basis=texts["basis"] or "",
        intent=intent,
        aliases=r.texts(f.get("aliases"), "aliases", min_items=0),
        fees_note=fees_note,
        notes=notes,
        checked=checked,
        facts=condition_facts + note_facts,
        path=r.path,
    )
    return (guide if guide_id else None), f.get("id"), f.get("intent")


_LIMIT_BEFORE = re.compile(r"(超过|不低于|不超过|不少于|至少|最多|最高|罚款|资本|资金|押金|保证金)"
                           r"[^，。；,;]{0,3}$")
_LIMIT_AFTER = re.compile(r"^(以下|以内|以上|及以上|左右)")
"""An amount qualified as a limit or a sum that is no fee ("罚款二百元以下", "注册资本不低于
一百万元"): left out of the comparison with the fee table."""


def _summary_fees(node: Node, summary: str, fees: tuple[Fee, ...], fees_note: str,
                  r: Reader) -> None:
    """Every fee the summary says ("工本费十元") is an amount of the fee table (or of
    ``fees_note``): the kiosk speaks both, so they must agree."""
    from assistant.domain.money import amount_text
    from assistant.guides.numbers import money

    listed = {f.amount for f in fees} | {m.value for m in money(fees_note)}
    for said in money(summary):
        if said.value in listed or _LIMIT_BEFORE.search(summary[:said.start]) or (
                _LIMIT_AFTER.match(summary[said.end:])):
            continue
        table = "、".join(f"{amount_text(f.amount)}元" for f in fees) or "空的（不收费）"
        english = ", ".join(amount_text(f.amount) for f in fees) or "no fee"
        line, col = _position_in(node, said.start)
        r.problems.append(Problem(
            r.path, line, col,
            f"简介（summary）说“{said.text}”，收费表（fees）是 {table}（the summary says "
            f"{amount_text(said.value)} 元, the fee table has {english}）",
            "先按 basis 写的文件核对哪个对，再把两处改成一样的数（check the basis, then make "
            "the summary and the fee table agree: the kiosk says both）"))


def _position_in(node: Node, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` of a one-line scalar's text (the
    scalar's own position for folded or quoted text that spans lines)."""
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    style = getattr(node, "style", None)
    if node.start_mark.line == node.end_mark.line and style in (None, "", "'", '"'):
        return line, col + index + (1 if style else 0)
    return line, col


def _material(node: Node, r: Reader) -> Material | None:
    f = r.mapping(
        node,
        "a material",
        required=("name", "form"),
        optional=("quantity", "required", "auto", "note"),
    )
    if f is None:
        return None
    name = r.text(f.get("name"), "material name")
    form = r.text(f.get("form"), "material form")
    if form is not None and form not in MATERIAL_FORMS:
        r.problem(
            f["form"],
            f"unknown material form '{form}'",
            f"use one of: {' | '.join(MATERIAL_FORMS)}",
        )
        form = None
    quantity = r.integer(f.get("quantity"), "quantity", minimum=1)
    required = r.boolean(f.get("required"), "required", True)
    auto = r.boolean(f.get("auto"), "auto", False)
    note = r.text(f.get("note"), "note", optional=True) or ""
    if name is None or form is None:
        return None
    return Material(name, form, quantity or 1, required, auto, note)


def _fee(node: Node, r: Reader, dates: _Dates) -> Fee | None:
    f = r.mapping(node, "a fee", required=("item", "amount", "basis"),
                  optional=("checked", "case"))
    if f is None:
        return None
    item = r.text(f.get("item"), "fee item")
    amount = r.number(f.get("amount"), "fee amount")
    basis = r.text(f.get("basis"), "fee basis")
    checked = dates.read(f.get("checked"), "fee checked")
    case = r.text(f.get("case"), "fee case", optional=True) or ""
    if item is None or amount is None or basis is None:
        return None
    return Fee(item, amount, basis, checked, case)


def _places(node: Node | None, r: Reader, devices: set[str] | None) -> Places | None:
    if node is None:
        return None
    f = r.mapping(node, "places", required=("kiosk", "window"))
    if f is None:
        return None
    window = r.text(f.get("window"), "places.window") or ""
    kiosk_node = f.get("kiosk")
    kiosk = None
    if kiosk_node is not None and kiosk_node.tag != "tag:yaml.org,2002:null":
        k = r.mapping(kiosk_node, "places.kiosk", required=("devices",), optional=("note",))
        if k is not None:
            found: list[str] = []
            device_nodes = r.sequence(k.get("devices"), "places.kiosk.devices")
            if k.get("devices") is not None and not device_nodes:
                r.problem(
                    k["devices"],
                    "places.kiosk.devices is empty",
                    "list the devices used, or write 'kiosk: null' if it needs a window",
                )
            for dn in device_nodes:
                name = r.text(dn, "a device")
                if name is None:
                    continue
                if devices is not None and name not in devices:
                    hint = closest(name, devices)
                    r.problem(
                        dn,
                        f"unknown device '{name}'",
                        (f"did you mean '{hint}'? " if hint else "")
                        + f"use a device id listed in {SITE_FILE}: {', '.join(sorted(devices))}",
                    )
                found.append(name)
            note = r.text(k.get("note"), "places.kiosk.note", optional=True) or ""
            kiosk = KioskPlace(tuple(found), note)
    return Places(kiosk, window)


def _duration(node: Node | None, r: Reader) -> Duration | None:
    if node is None:
        return None
    f = r.mapping(node, "duration", required=("text",), optional=("days",))
    if f is None:
        return None
    text = r.text(f.get("text"), "duration.text")
    days = r.integer(f.get("days"), "duration.days", minimum=0)
    return Duration(text or "", days)
