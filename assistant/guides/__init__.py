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

from assistant.guides.index import GuideIndex, Hit, search
from assistant.guides.loader import (
    KNOWN_INTENTS,
    SELF_SERVICE_INTENTS,
    Catalogue,
    lint,
    load_catalogue,
)
from assistant.guides.model import (
    ASPECTS,
    CATEGORIES,
    Device,
    Duration,
    Fee,
    Guide,
    KioskPlace,
    Material,
    Network,
    Places,
    Site,
)
from assistant.guides.speech import OFFER_MATERIALS, Section, answer, sections

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
