"""Natural-language understanding: intent files → matcher → :class:`Match`.

``load_nlu()`` is what the rest of the kiosk uses::

    nlu = load_nlu(guides=CatalogueGuides())   # assistant.guides.finder
    match = nlu.understand("阿拉身份证过期了 换一张新的")
    match.intent, match.decision, match.slots
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.config import MatcherConfig
    from assistant.nlu.live import LiveNLU
    from assistant.nlu.types import GuideFinder


def load_nlu(
    directory: Path | None = None,
    config: MatcherConfig | None = None,
    *,
    guides: GuideFinder | None = None,
) -> LiveNLU:
    """The NLU over ``directory`` (default: ``intents/`` or ``$KIOSK_INTENTS``).

    ``guides``: the guide finder that resolves questions about services outside the 13
    self-service items to a guide of the catalogue — the kiosk passes
    :class:`assistant.guides.finder.CatalogueGuides` (the guides use this package, so it
    does not build the finder itself).  ``None``: no guides.

    The kiosk's own intent folder keeps its last good set in
    ``var/intents.last-good``; the trained model is cached in ``var/nlu-model/`` (any
    folder: the key is the files' content); invalid files at start raise
    :class:`assistant.errors.DataFileError` only when there is none.
    """
    from assistant.config import nlu_model_dir, var_dir
    from assistant.nlu.live import LiveNLU

    snapshot = var_dir() / "intents.last-good" if directory is None else None
    return LiveNLU(
        directory,
        config,
        guides,
        snapshot,
        cache_dir=nlu_model_dir(),
        check_interval_s=1.0,
    )


__all__ = ["load_nlu"]
