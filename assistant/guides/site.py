"""``guides/site.yaml``: the device catalogue, this kiosk's site and the site network."""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path

import yaml
from yaml.nodes import Node

from assistant.config import guides_dir
from assistant.guides.model import Device, Network, OptionalService, Site
from assistant.guides.nodes import Reader, closest
from assistant.guides.payment import read_payment

SITE_FILE = "site.yaml"
"""Name of the site file inside the guides directory."""

SITE_ENV = "KIOSK_SITE"
"""Environment variable naming this kiosk's site; overrides ``here:`` so one content
release serves every site of the network (each kiosk sets its own)."""

SITE_KINDS = ("flagship", "convenience")

_SITE_REQUIRED = ("id", "name", "kind", "district", "address", "hours", "devices")
_SITE_OPTIONAL = ("layout", "example", "offers", "payment")
_OPTIONAL_FIELDS = ("title", "why")


def here_id(guides: Path | None = None) -> str:
    """This kiosk's site id: ``KIOSK_SITE``, else ``here:`` of ``guides/site.yaml``
    (``guides``: the guides folder, default the configured one); "" when neither says
    (an unreadable file included — ``kiosk guides lint`` says what is wrong with it)."""
    from_env = os.environ.get(SITE_ENV, "").strip()
    if from_env:
        return from_env
    path = (guides if guides is not None else guides_dir()) / SITE_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    here = data.get("here") if isinstance(data, dict) else None
    return here.strip() if isinstance(here, str) else ""


def read_network(path: Path, reader: Reader) -> Network | None:
    """Parse ``site.yaml``; problems go to ``reader``. None when unusable."""
    root = reader.compose(path)
    if root is None:
        return None
    top = reader.mapping(root, "site.yaml", required=("devices", "here", "sites"),
                         optional=("optional_services",))
    if top is None:
        return None
    devices = _devices(top.get("devices"), reader)
    optional = _optional_services(top.get("optional_services"), reader)
    sites: list[Site] = []
    seen: dict[str, Node] = {}
    for node in reader.sequence(top.get("sites"), "sites"):
        site = _site(node, devices, optional, reader)
        if site is None:
            continue
        if site.id in seen:
            reader.problem(node, f"duplicate site id '{site.id}'", "give each site a unique id")
            continue
        seen[site.id] = node
        sites.append(site)
    from_env = os.environ.get(SITE_ENV, "").strip()
    here_id = from_env or reader.text(top.get("here"), "here")
    here = next((s for s in sites if s.id == here_id), None)
    if here_id is not None and here is None:
        who = f"{SITE_ENV}={from_env}" if from_env else "here"
        reader.problem(
            top.get("here"),
            f"{who} names site '{here_id}', which is not in sites",
            f"use one of: {', '.join(s.id for s in sites)}",
        )
    if here is None or not devices or reader.problems:
        return None
    return Network(devices=devices, sites=tuple(sites), here=here, optional=optional)


def _optional_services(node: Node | None, reader: Reader) -> dict[str, OptionalService]:
    if node is None:
        return {}
    out: dict[str, OptionalService] = {}
    for service, value in (reader.mapping(node, "optional_services") or {}).items():
        fields = reader.mapping(value, f"optional service '{service}'",
                                required=_OPTIONAL_FIELDS)
        if fields is None:
            continue
        title = reader.text(fields.get("title"), "title")
        why = reader.text(fields.get("why"), "why")
        if why and len(re.findall(r"[。！？]", why.rstrip("。！？"))) > 0:
            reader.problem(fields.get("why"), "why must be one sentence",
                           "say why and where to ask in one sentence (joined with '，'): "
                           "the kiosk says it before every answer about this service")
        if title and why:
            out[service] = OptionalService(service, title, why)
    return out


def not_offered_here(guides: Path) -> dict[str, tuple[str, str]]:
    """Services this kiosk's site does not offer: id → (title, why), from
    ``guides/site.yaml`` (``optional_services`` the ``here`` site does not list in
    ``offers``).  A broken file keeps the safe default: every optional service it names
    is not offered (``kiosk guides lint`` says what is wrong)."""
    path = guides / SITE_FILE
    return dict(_not_offered_at(path, path.stat().st_mtime_ns if path.is_file() else 0))


@functools.lru_cache(maxsize=4)
def _not_offered_at(path: Path, stamp: int) -> tuple[tuple[str, tuple[str, str]], ...]:
    if not stamp:
        return ()
    network = read_network(path, Reader(str(path)))
    if network is not None:
        return tuple((s.id, (s.title, s.why)) for s in network.optional.values()
                     if network.not_offered(s.id) is not None)
    print(f"kiosk: {path} has problems (kiosk guides lint); optional services are not "
          "offered until it is fixed", file=sys.stderr)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ()
    services = raw.get("optional_services") if isinstance(raw, dict) else None
    if not isinstance(services, dict):
        return ()
    return tuple((str(k), (str(v.get("title", k)) if isinstance(v, dict) else str(k),
                           str(v.get("why", "")) if isinstance(v, dict) else ""))
                 for k, v in services.items())


def _devices(node: Node | None, reader: Reader) -> dict[str, Device]:
    if node is None:
        return {}
    entries = reader.mapping(node, "devices")
    out: dict[str, Device] = {}
    for device_id, value in (entries or {}).items():
        fields = reader.mapping(value, f"device '{device_id}'", required=("name", "spoken"))
        if fields is None:
            continue
        name = reader.text(fields.get("name"), "name")
        spoken = reader.text(fields.get("spoken"), "spoken")
        if name and spoken:
            out[device_id] = Device(device_id, name, spoken)
    return out


def _site(node: Node, devices: dict[str, Device], optional: dict[str, OptionalService],
          reader: Reader) -> Site | None:
    fields = reader.mapping(node, "a site", required=_SITE_REQUIRED, optional=_SITE_OPTIONAL)
    if fields is None:
        return None
    values = {k: reader.text(fields.get(k), k) for k in _SITE_REQUIRED if k != "devices"}
    kind = values["kind"]
    if kind is not None and kind not in SITE_KINDS:
        reader.problem(
            fields["kind"], f"unknown site kind '{kind}'", f"use one of: {', '.join(SITE_KINDS)}"
        )
    present: list[str] = []
    for dev in reader.sequence(fields.get("devices"), "devices"):
        name = reader.text(dev, "a device")
        if name is None:
            continue
        if devices and name not in devices:
            reader.problem(dev, f"unknown device '{name}'", _device_fix(name, devices))
        present.append(name)
    layout: dict[str, str] = {}
    layout_node = fields.get("layout")
    if layout_node is not None:
        for dev_id, direction in (reader.mapping(layout_node, "layout") or {}).items():
            text = reader.text(direction, f"layout of {dev_id}")
            if dev_id not in present:
                reader.problem(
                    direction,
                    f"layout describes '{dev_id}', which this site does not have",
                    "add it to the site's devices or remove the layout line",
                )
            elif text:
                layout[dev_id] = text
    example = reader.boolean(fields.get("example"), "example", False)
    offers: list[str] = []
    for service_node in reader.sequence(fields.get("offers"), "offers"):
        service = reader.text(service_node, "an offered service")
        if service is None:
            continue
        if service not in optional:
            hint = closest(service, optional)
            reader.problem(
                service_node,
                f"offers '{service}', which is not under optional_services",
                (f"did you mean '{hint}'? " if hint else "")
                + "list only services named under 'optional_services' (the others are "
                "offered wherever the site has the device)",
            )
        offers.append(service)
    payment = read_payment(fields.get("payment"), reader)
    if any(v is None for v in values.values()):
        return None
    return Site(
        id=str(values["id"]),
        name=str(values["name"]),
        kind=str(kind),
        district=str(values["district"]),
        address=str(values["address"]),
        hours=str(values["hours"]),
        devices=tuple(present),
        layout=layout,
        example=example,
        offers=tuple(offers),
        payment=payment,
    )


def _device_fix(name: str, devices: dict[str, Device]) -> str:
    hint = closest(name, devices)
    prefix = f"did you mean '{hint}'? " if hint else ""
    return f"{prefix}use a device id listed under 'devices' in {SITE_FILE}: {', '.join(devices)}"
