"""The service-guide catalogue (办事指南): load, lint, search, and speak guides.

Files: ``guides/<category>/<id>.yaml`` (one guide each) and ``guides/site.yaml`` (devices,
this kiosk's site, the site network); format in ``docs/guides.md``.

Typical use::

    catalogue = load_catalogue(config.guides_dir())        # raises DataFileError
    index = GuideIndex.open()                               # var/guides.db, rebuilt on change
    hit = index.search("不办身份证", limit=3)[0]            # Hit(id='id_card.replace', ...)
    say = answer(catalogue.guides[hit.id], "fees", catalogue.network)
    parts = sections(catalogue.guides[hit.id], catalogue.network)   # full reading
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "GuideIndex": "index", "Hit": "index", "search": "index",
    "KNOWN_INTENTS": "loader", "SELF_SERVICE_INTENTS": "loader", "Catalogue": "loader",
    "lint": "loader", "load_catalogue": "loader",
    "ASPECTS": "model", "CATEGORIES": "model", "Device": "model", "Duration": "model",
    "Fee": "model", "Guide": "model", "KioskPlace": "model", "Material": "model",
    "Network": "model", "Places": "model", "Site": "model",
    "OFFER_MATERIALS": "speech", "Section": "speech", "answer": "speech", "sections": "speech",
}
"""Name → submodule.  Imported on first use: ``assistant.guides.finder`` (needed by every
session) must not pull in jieba, pypinyin and the search index at start-up."""


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant.guides' has no attribute {name!r}")
    return getattr(importlib.import_module(f"assistant.guides.{module}"), name)


__all__ = [
    "ASPECTS",
    "CATEGORIES",
    "KNOWN_INTENTS",
    "OFFER_MATERIALS",
    "SELF_SERVICE_INTENTS",
    "Catalogue",
    "Device",
    "Duration",
    "Fee",
    "Guide",
    "GuideIndex",
    "Hit",
    "KioskPlace",
    "Material",
    "Network",
    "Places",
    "Section",
    "Site",
    "answer",
    "lint",
    "load_catalogue",
    "search",
    "sections",
]
