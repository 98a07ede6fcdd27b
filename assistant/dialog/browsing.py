"""Listening to the guide catalogue by keys: category → guide → read in full.

Questions about a service need speech ("补办身份证要带什么"); a person who only presses
keys picks "听办事指南" in the main menu instead, then a category (1–8), then a guide from
a numbered list read seven at a time (``8`` the next seven), and the guide is read section
by section as after a spoken question (:mod:`assistant.dialog.reading`).  ``9`` goes back
one level.  The catalogue comes from the dialog's guide source
(:class:`assistant.guides.finder.GuideAnswers` has ``catalogue()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from assistant.dialog.actions import Listen
from assistant.dialog.prompts import ORDINAL_WORDS
from assistant.dialog.states import State

if TYPE_CHECKING:
    from assistant.dialog.core import Dialog

MENU_ENTRY = "guides"
"""Id of the main-menu entry that opens the browser (``menu:`` in ``common.yaml``)."""
PAGE = 7
"""Guides listed per prompt; key 8 then lists the next ones."""
MORE = "more"
"""Option id of "the next seven"."""


@runtime_checkable
class GuideCatalogue(Protocol):
    """A guide source that can list its guides by category."""

    def catalogue(self) -> Sequence[tuple[str, Sequence[tuple[str, str]]]]:
        """``[(category title, [(guide id, guide title), ...]), ...]`` in reading order."""
        ...


@dataclass
class _Place:
    category: int | None = None
    """Index of the chosen category (None: choosing one)."""
    page: int = 0


class GuideBrowser:
    """The "听办事指南" menu of one :class:`Dialog`."""

    def __init__(self, dialog: Dialog) -> None:
        self.d = dialog
        self.place = _Place()
        self._listed: list[tuple[str, list[tuple[str, str]]]] | None = None
        """The source's catalogue, asked once per session (the guides in use change only
        between sessions, :func:`assistant.nlu.live.refresh`)."""

    def categories(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """At most eight categories (the rest merged into the eighth: keys 1–8)."""
        source = self.d.guide_answers
        if not isinstance(source, GuideCatalogue):
            return []
        if self._listed is None:
            self._listed = [(str(c), [(str(i), str(t)) for i, t in items])
                            for c, items in source.catalogue() if items]
        found = self._listed
        if len(found) <= len(ORDINAL_WORDS):
            return found
        keep = len(ORDINAL_WORDS) - 1
        rest = [g for _, items in found[keep:] for g in items]
        return [*found[:keep], (self.d.text("browse_other"), rest)]

    def start(self) -> None:
        """Open the category list (or say the guides cannot be listened to here)."""
        self.place = _Place()
        if not self.categories():
            self.d.say("browse_unavailable")
            self.d.reprompt()
            return
        self._ask()

    def _ask(self) -> None:
        d, place = self.d, self.place
        cats = self.categories()
        if place.category is None:
            titles = [c for c, _ in cats]
            ids = tuple(f"cat:{i}" for i in range(len(cats)))
            text = d.text("browse_categories", options=d.options_text(titles))
        else:
            title, items = cats[place.category]
            first = place.page * PAGE
            shown = items[first:first + PAGE]
            titles = [t for _, t in shown]
            ids = tuple(f"guide:{g}" for g, _ in shown)
            more = first + PAGE < len(items)
            if more:
                ids = (*ids, MORE)
                titles = [*titles, d.text("browse_more_title")]
            key = "browse_guides" if place.page == 0 else "browse_guides_more"
            text = d.text(key, title=title, count=len(items), options=d.options_text(titles))
        listen = Listen("choice", slot="browse", options=ids, keys=d.keypad.options(ids))
        words: dict[str, tuple[str, ...]] = {i: (t,) for i, t in zip(ids, titles, strict=True)}
        d.ask(State.BROWSE, "browse", listen, text=text + d.text("browse_back"),
              choices=d.options_text(titles), words=words)

    def choose(self, option: str) -> None:
        """A category, a guide, or the next page."""
        d, place = self.d, self.place
        d.heard_intent = option
        if option == MORE:
            place.page += 1
            self._ask()
        elif option.startswith("cat:"):
            place.category, place.page = int(option[4:]), 0
            self._ask()
        elif option.startswith("guide:"):
            if not d.reader.read_guide(option[6:]):
                d.say("browse_unavailable")
                self._ask()
        else:
            d.no_match()

    def back(self) -> None:
        """One level up: previous page, the category list, then the main menu."""
        place = self.place
        if place.page > 0:
            place.page -= 1
        elif place.category is not None:
            place.category = None
        else:
            self.d.say("going_back")
            self.d.open_menu()
            return
        self.d.say("going_back")
        self._ask()
