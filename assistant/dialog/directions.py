"""Finding the devices: spoken directions from this site's layout (``guides/site.yaml``).

The site file describes where each device stands from the guide terminal ("签注机在您左手
边第二台").  The dialog says it when the user must go to another device: before the photo
at the photo booth, and — on a terminal that is one device of a larger booth
(``KIOSK_DEVICE``) — when the chosen service is done on another terminal of the same site.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path

from assistant.config import file_stamp, guides_dir

FLOW_DEVICES = {
    "photo": "photo_booth",
    "household": "household_terminal",
    "exit_entry": "exit_entry_machine",
    "traffic": "traffic_terminal",
}
"""Device kind of a flow step or flow → device id in ``site.yaml``."""
HERE_ENV = "KIOSK_DEVICE"
"""Which device this terminal is (``household``, ``exit_entry``, ``traffic``, ``photo``);
unset: one kiosk with every device at hand."""


def load_directions(guides: Path | None = None) -> dict[str, tuple[str, str]]:
    """Device kind → (spoken name, direction) for this kiosk's site; empty when the site
    file is missing or broken (``kiosk guides lint`` reports why; the kiosk goes on).
    The file is parsed again only when it changed (every session asks)."""
    path = (guides or guides_dir()) / "site.yaml"
    return dict(_directions_at(path, file_stamp(path)))


@functools.lru_cache(maxsize=8)
def _directions_at(path: Path, stamp: tuple[int, int]) -> tuple[tuple[str, tuple[str, str]], ...]:
    from assistant.guides.nodes import Reader
    from assistant.guides.site import read_network

    if not path.is_file():
        return ()
    network = read_network(path, Reader(str(path)))
    if network is None:
        print(f"kiosk: no device directions: {path} has problems (kiosk guides lint)",
              file=sys.stderr)
        return ()
    out: list[tuple[str, tuple[str, str]]] = []
    for kind, device_id in FLOW_DEVICES.items():
        where = network.here.layout.get(device_id)
        device = network.devices.get(device_id)
        if where and device is not None:
            out.append((kind, (device.spoken, where)))
    return tuple(out)


def this_device() -> str | None:
    """``KIOSK_DEVICE`` when it names a device kind, else None (all devices at hand)."""
    value = os.environ.get(HERE_ENV, "").strip()
    return value if value in FLOW_DEVICES else None


def load_sites(guides: Path | None = None) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Sites people are sent to when this kiosk lacks the device of a service, from the
    ``sites:`` of ``site.yaml`` (the one site list; example sites left out): (spoken name,
    address, device kinds of :data:`FLOW_DEVICES` there).  A flagship is said by its
    district ("定海旗舰店"), any other site by its name without the bracketed part.
    Empty when the file is missing or broken (the kiosk then says ``no_site``)."""
    path = (guides or guides_dir()) / "site.yaml"
    return _sites_at(path, file_stamp(path))


@functools.lru_cache(maxsize=8)
def _sites_at(path: Path, stamp: tuple[int, int]
              ) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    from assistant.guides.nodes import Reader
    from assistant.guides.site import read_network

    network = read_network(path, Reader(str(path))) if path.is_file() else None
    if network is None:
        return ()
    out: list[tuple[str, str, tuple[str, ...]]] = []
    for site in network.sites:
        if site.example:
            continue
        spoken = (f"{site.district}旗舰店" if site.kind == "flagship"
                  else re.sub(r"[（(].*?[）)]", "", site.name).strip())
        kinds = tuple(k for k, device_id in FLOW_DEVICES.items() if device_id in site.devices)
        out.append((spoken, site.address, kinds))
    return tuple(out)


def load_payment(guides: Path | None = None) -> tuple[tuple[str, ...], dict[str, str]]:
    """This site's payment methods and where each is (``payment:`` of the ``here`` site);
    QR only when the file is missing or broken."""
    path = (guides or guides_dir()) / "site.yaml"
    methods, where = _payment_at(path, file_stamp(path))
    return methods, dict(where)


@functools.lru_cache(maxsize=8)
def _payment_at(path: Path, stamp: tuple[int, int]
                ) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    from assistant.guides.nodes import Reader
    from assistant.guides.site import read_network

    network = read_network(path, Reader(str(path))) if path.is_file() else None
    if network is None:
        return ("qr",), ()
    payment = network.here.payment
    return payment.methods, tuple(payment.where.items())
