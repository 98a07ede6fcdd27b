"""``guides/site.yaml``: the device catalogue, this kiosk's site and the site network."""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node

from assistant.guides.model import Device, Network, Site
from assistant.guides.nodes import Reader, closest

SITE_FILE = "site.yaml"
"""Name of the site file inside the guides directory."""

SITE_KINDS = ("flagship", "convenience")

_SITE_REQUIRED = ("id", "name", "kind", "district", "address", "hours", "devices")
_SITE_OPTIONAL = ("layout", "example")


def read_network(path: Path, reader: Reader) -> Network | None:
    """Parse ``site.yaml``; problems go to ``reader``. None when unusable."""
    root = reader.compose(path)
    if root is None:
        return None
    top = reader.mapping(root, "site.yaml", required=("devices", "here", "sites"))
    if top is None:
        return None
    devices = _devices(top.get("devices"), reader)
    sites: list[Site] = []
    seen: dict[str, Node] = {}
    for node in reader.sequence(top.get("sites"), "sites"):
        site = _site(node, devices, reader)
        if site is None:
            continue
        if site.id in seen:
            reader.problem(node, f"duplicate site id '{site.id}'", "give each site a unique id")
            continue
        seen[site.id] = node
        sites.append(site)
    here_id = reader.text(top.get("here"), "here")
    here = next((s for s in sites if s.id == here_id), None)
    if here_id is not None and here is None:
        reader.problem(
            top.get("here"),
            f"here names site '{here_id}', which is not in sites",
            f"use one of: {', '.join(s.id for s in sites)}",
        )
    if here is None or not devices or reader.problems:
        return None
    return Network(devices=devices, sites=tuple(sites), here=here)


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


def _site(node: Node, devices: dict[str, Device], reader: Reader) -> Site | None:
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
    )


def _device_fix(name: str, devices: dict[str, Device]) -> str:
    hint = closest(name, devices)
    prefix = f"did you mean '{hint}'? " if hint else ""
    return f"{prefix}use a device id listed under 'devices' in {SITE_FILE}: {', '.join(devices)}"
