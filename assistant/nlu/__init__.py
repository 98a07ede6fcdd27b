"""Natural-language understanding: intent files → matcher → :class:`Match`.

``load_nlu()`` is what the rest of the kiosk uses::

    nlu = load_nlu()
    match = nlu.understand("阿拉身份证过期了 换一张新的")
    match.intent, match.decision, match.slots
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.config import MatcherConfig
    from assistant.nlu.live import LiveNLU


def load_nlu(
    directory: Path | None = None,
    config: MatcherConfig | None = None,
    *,
    guides: bool = True,
) -> LiveNLU:
    """The NLU over ``directory`` (default: ``intents/`` or ``$KIOSK_INTENTS``).

    With ``guides`` (default), questions about services outside the 13 self-service items
    are resolved to a guide of the catalogue (``guides/``) when one is asked.  The kiosk's
    own intent folder keeps its last good set in ``var/intents.last-good``; the trained
    model is cached in ``var/nlu-model/`` (any folder: the key is the files' content); invalid files
    at start raise :class:`assistant.errors.DataFileError` only when there is none.
    """
    from assistant.config import var_dir
    from assistant.guides.finder import CatalogueGuides
    from assistant.nlu.live import LiveNLU

    snapshot = var_dir() / "intents.last-good" if directory is None else None
    return LiveNLU(
        directory,
        config,
        CatalogueGuides() if guides else None,
        snapshot,
        cache_dir=var_dir() / "nlu-model",
        check_interval_s=1.0,
    )


__all__ = ["load_nlu"]
