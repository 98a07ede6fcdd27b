"""Typed, validated service guides and kiosk sites (what the YAML files become).

Field names follow docs/guides.md; each field's docstring says what it holds.  All
objects are immutable: the loader builds them once, everything else only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CATEGORIES: tuple[str, ...] = (
    "户政",
    "出入境",
    "交管-驾驶证",
    "交管-机动车",
    "交管-违法与事故",
    "交管-电动自行车",
    "治安",
    "禁毒",
    "网安",
    "其他",
)
"""Allowed ``category`` values; a guide lives in ``guides/<category>/<id>.yaml``."""

MATERIAL_FORMS: tuple[str, ...] = ("原件", "复印件", "原件及复印件", "电子")
"""Allowed ``materials[].form`` values."""

ASPECTS: tuple[str, ...] = (
    "materials",
    "location",
    "hours",
    "fees",
    "conditions",
    "duration",
    "overview",
    "validity",
)
"""What a person can ask about a guide (the ``aspect`` slot of ``guide.ask``); ``validity``
(how long the document is good for: "临时身份证能用多久") was added in session 6."""

Aspect = Literal["materials", "location", "hours", "fees", "conditions", "duration", "overview",
                 "validity"]


@dataclass(frozen=True)
class Material:
    """One item of 申请材料."""

    name: str
    """What to bring, e.g. ``本人居民身份证``."""
    form: str
    """原件 | 复印件 | 原件及复印件 | 电子."""
    quantity: int = 1
    """How many copies (≥ 1)."""
    required: bool = True
    """False for materials needed only in some cases (the note says which)."""
    auto: bool = False
    """True when the system fetches it itself (系统自动获取): the person brings nothing."""
    note: str = ""
    """Extra advice, spoken after the name."""


@dataclass(frozen=True)
class Fee:
    """One charge (收费项目)."""

    item: str
    """What is charged for, e.g. ``居民身份证工本费（换领）``."""
    amount: float
    """Amount in yuan (a number; 0 for free items listed for clarity)."""
    basis: str
    """The pricing document the amount comes from."""
    checked: str = ""
    """ISO date the amount was last checked against ``basis`` ('' = not recorded)."""
    case: str = ""
    """The self-service flow charges this amount in this case: an answer of the flow's fee
    table (``expired``, ``damaged``, ``once``) or ``kiosk`` for a flow with one fee; ''
    for amounts paid elsewhere (a window).  A test compares these with the flows."""


@dataclass(frozen=True)
class Fact:
    """A condition or note with the regulation it rests on and when it was checked."""

    text: str
    """The spoken sentence (also kept in ``conditions`` / ``notes``)."""
    basis: str
    """The regulation and article (or official notice) it comes from."""
    checked: str
    """ISO date it was last checked against ``basis``."""


@dataclass(frozen=True)
class Duration:
    """办理时限."""

    text: str
    """Spoken description, e.g. ``法定六十日内发证；浙江一般约十个工作日``."""
    days: int | None = None
    """Legal or usual limit in days where known (0 = on the spot); None when unknown."""


@dataclass(frozen=True)
class KioskPlace:
    """Where a guide can be done at a self-service kiosk."""

    devices: tuple[str, ...]
    """Device ids from ``guides/site.yaml`` (all are needed, in order of use)."""
    note: str = ""
    """Extra advice, e.g. which cases still need a window."""


@dataclass(frozen=True)
class Places:
    """办理地点."""

    kiosk: KioskPlace | None
    """Self-service devices, or None when the item needs a window or another office."""
    window: str
    """Which window or office handles it (no invented addresses)."""


@dataclass(frozen=True)
class Guide:
    """One 办事指南, as in Zhejiang's "最多跑一次" catalogue."""

    id: str
    """Unique id; the 13 self-service items use their intent name (``id_card.renew``)."""
    title: str
    """事项名称."""
    category: str
    """One of :data:`CATEGORIES`."""
    summary: str
    """Short spoken summary, 1-3 sentences."""
    conditions: tuple[str, ...]
    """受理条件."""
    materials: tuple[Material, ...]
    """申请材料."""
    steps: tuple[str, ...]
    """办理流程."""
    places: Places
    """办理地点."""
    hours: str
    """办理时间."""
    fees: tuple[Fee, ...]
    """收费; empty means free unless ``fees_note`` says otherwise."""
    duration: Duration
    """办理时限."""
    phone: str
    """咨询电话, or ``以窗口告知为准``."""
    basis: str
    """设定依据: the regulation and article."""
    intent: str | None = None
    """The DESIGN.md intent this guide serves, for the 13 self-service items."""
    aliases: tuple[str, ...] = ()
    """Everyday names people use (换身份证, 身份证丢了); used by search."""
    fees_note: str = ""
    """Spoken instead of / after the fee list, e.g. when the amount depends on the case."""
    notes: tuple[str, ...] = ()
    """注意事项."""
    checked: str = ""
    """ISO date the guide was last checked against ``basis`` ('' = not recorded)."""
    facts: tuple[Fact, ...] = ()
    """Conditions and notes written with their own ``basis`` and ``checked``."""
    path: str = field(default="", compare=False)
    """File the guide was loaded from."""

    @property
    def names(self) -> tuple[str, ...]:
        """Title and aliases: everything a person may call this guide."""
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class Device:
    """A kind of self-service device."""

    id: str
    """Key used in guides, e.g. ``exit_entry_machine``."""
    name: str
    """Full name, e.g. ``出入境自助签注机``."""
    spoken: str
    """Short name for speech, e.g. ``签注机``."""


@dataclass(frozen=True)
class PaymentSetup:
    """How citizens can pay at a site (``payment:`` in ``site.yaml``)."""

    methods: tuple[str, ...] = ("qr",)
    """``qr`` (WeChat/Alipay/UnionPay), ``card`` (POS reader), ``cashier`` (cash at the
    window), in the order they are offered."""
    where: dict[str, str] = field(default_factory=dict)
    """Method → where it is, for a citizen who cannot see ("屏幕下方，键盘正上方")."""


@dataclass(frozen=True)
class Site:
    """One 警务超市 (flagship or convenience store)."""

    id: str
    """Unique id, e.g. ``dinghai``."""
    name: str
    """Full name."""
    kind: str
    """``flagship`` (all devices) or ``convenience`` (fewer devices)."""
    district: str
    """Island or district, e.g. 定海."""
    address: str
    """Address as published (never invented)."""
    hours: str
    """Opening hours."""
    devices: tuple[str, ...]
    """Device ids present."""
    layout: dict[str, str] = field(default_factory=dict)
    """Device id → spoken direction (only needed for the kiosk's own site)."""
    example: bool = False
    """True for placeholder sites that must be replaced before deployment."""
    offers: tuple[str, ...] = ()
    """Optional services (:attr:`Network.optional`) this site does offer; every other
    optional service is not offered here."""
    payment: PaymentSetup = field(default_factory=PaymentSetup)
    """Payment methods of this site (QR only when the file does not say)."""

    @property
    def spoken_address(self) -> str:
        return f"{self.district}{self.address}"


@dataclass(frozen=True)
class OptionalService:
    """A service a site offers only when ``site.yaml`` says so (default: not offered)."""

    id: str
    """Intent or guide id, e.g. ``exit_entry.endorse_taiwan``."""
    title: str
    """Spoken name, e.g. ``赴台团队旅游签注``."""
    why: str
    """Short, kind explanation and where to ask, spoken after "本站暂时不办理……"."""


@dataclass(frozen=True)
class Network:
    """The device catalogue, all sites, and which one is *this* kiosk."""

    devices: dict[str, Device]
    """Device id → device."""
    sites: tuple[Site, ...]
    """All sites, flagship stores first as in the file."""
    here: Site
    """The site this kiosk stands in."""
    optional: dict[str, OptionalService] = field(default_factory=dict)
    """Services offered only where a site lists them in ``offers`` (by id)."""

    def not_offered(self, service: str, site: Site | None = None) -> OptionalService | None:
        """The optional service ``service`` when ``site`` (default: here) does not offer
        it; None when it is offered or not optional."""
        found = self.optional.get(service)
        where = site or self.here
        return found if found is not None and service not in where.offers else None

    def site(self, site_id: str) -> Site | None:
        return next((s for s in self.sites if s.id == site_id), None)

    def sites_with(self, devices: tuple[str, ...]) -> list[Site]:
        """Real (non-example) sites that have every device in ``devices``."""
        return [s for s in self.sites if not s.example and all(d in s.devices for d in devices)]
