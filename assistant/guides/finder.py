"""Guide look-up for the matcher: which guide a question is about, if any.

``guide.ask`` questions about one of the 13 self-service items carry the guide of that
item's intent.  Questions about anything else the police handle ("护照在哪里办",
"办居住证要带什么") are resolved here by searching the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import var_dir
from assistant.nlu.types import GuideRef

if TYPE_CHECKING:
    from assistant.guides.loader import Catalogue

_FILLER = re.compile(
    r"请问|一下|我想|我要|办理|那个|怎么|怎样|如何|哪里|哪儿|什么|手续|多少|(?<!第)一[本张个份]"
    r"|[要去到在的办呢吗吧啊呀伐哦嘛嗯咋啥]"
)
"""Request and question words and sentence particles around a topic ("护照在哪里办呢",
"护照怎么办" → "护照"): they name no service (呢 and 怎么 sounded like syllables of
普通护照遗失补发 and 护照变更加注 and chose them over 普通护照申领换发)."""

_CHATTER = re.compile(
    r"还有|这个|那个|就是|然后|请问|问问|问一问|问|麻烦|同志|师傅|你好|您好|帮|给|告诉"
    r"|晓得|知道|我们|我|你|想|申请|申办|弄|搞|做|个|张|本|份|一|下|了|还(?!有)|好$"
)
"""Words around a bare topic that name no service ("还有那个居住证", "想弄个护照",
"我想问一下，驾驶证在哪里办")."""
DOCUMENT_HEADS = "证照口簿本注"
"""Last character of a topic noun shared by guides (驾驶证, 护照, 户口, 户口簿, 签注)."""
ACTIONS = frozenset("补换领办考学开报落迁改变销查取拍申丢掉坏续加吊扣")
"""Characters of what is done with a document (换驾照, 报户口, 补身份证): never part of a
topic noun, so a question that says one is no bare-topic question."""
BASE_MARKS = ("申领",)
"""Words in a base guide's title: it covers getting the document in general (普通护照申领换发)."""
FIRST_MARKS = ("首次", "初次")
"""Words in the title of a first-application guide (居民身份证首次申领): the base guide of its
topic, but the user who did not say 第一次 is asked before it is answered."""
_TITLE_MARKS = re.compile("|".join(("申领", "换发", "补发", *FIRST_MARKS)))
ALIAS_MIN = 4
"""Shortest alias :meth:`CatalogueGuides.by_alias` looks for (shorter ones, 年检 or 户口,
are the shared topic nouns of :meth:`CatalogueGuides.topic`)."""
EXACT_ALIAS_MIN = 5
"""Shortest alias :meth:`CatalogueGuides.by_alias` looks for word for word over a service
read unsurely ("驾照给吊销" of 驾驶证被吊销后重新申领; not "领身份证", in "补领身份证")."""
_REGISTERED_AT = re.compile(
    r"户口(?:还)?(?:在|是)(?:外地|外省|老家|乡下|[\u4e00-\u9fff]{2}(?:老家|那边|省|市|县|的)?)")
"""Where someone's household is registered, told as a circumstance ("户口在江西老家"): no
户口 business asked about (:meth:`CatalogueGuides.by_alias`)."""
ALIAS_SLACK = 2
"""Characters that may be said inside an alias ("刚生出来户口怎么报" holds 刚生出来户口报)."""


def _with_slack(alias: str) -> re.Pattern[str]:
    """``alias`` with up to :data:`ALIAS_SLACK` characters allowed between its own."""
    return re.compile(f".{{0,{ALIAS_SLACK}}}?".join(map(re.escape, alias)))


def said_within(alias: str, norm: str, slack: re.Pattern[str] | None = None) -> bool:
    """``alias`` in ``norm``, its characters in order with at most :data:`ALIAS_SLACK`
    others said among them (``slack``: :func:`_with_slack` of ``alias``, compiled once)."""
    if alias in norm:
        return True
    found = (slack or _with_slack(alias)).search(norm)
    return found is not None and len(found.group()) <= len(alias) + ALIAS_SLACK


MIN_SCORE = 0.6
"""Weakest search hit taken as the topic (real topics score ≥ 0.75; unrelated ≤ 0.5)."""


@dataclass(frozen=True)
class TopicGuess:
    """The guide of a question that names only a topic shared by several guides."""

    noun: str
    """The topic noun said ("驾驶证", "户口")."""
    guide: GuideRef
    """The base guide of the topic, or the best search hit among the topic's guides."""
    sure: bool
    """True only for a general base guide found alone (``申领`` in its title, not 首次):
    otherwise the question is confirmed naming :attr:`guide`, never answered by guess."""
    base: bool
    """:attr:`guide` is the topic's base guide (申领 in its title), not a search hit."""
    guides: frozenset[str] = frozenset()
    """Ids of every guide whose names hold :attr:`noun` (the matcher may name the one of
    the self-service item its model reads, when the topic has no base guide)."""


class CatalogueGuides:
    """Implements ``assistant.nlu.types.GuideFinder`` over the guide index.

    The index (jieba, SQLite) is opened on the first question, not at start-up: most
    utterances never need it.
    """

    def __init__(self, root: Path | None = None, min_score: float = MIN_SCORE) -> None:
        self.root = root
        self.min_score = min_score
        self._index: object | None = None
        self._topics: tuple[object, dict[str, list[tuple[str, str]]], list[str]] | None = None
        self._alias_concepts: dict[str, frozenset[str]] = {}
        """(catalogue, shared noun → [(guide id, title), ...], the nouns longest first),
        built on first use."""
        self._aliases: tuple[object, list[tuple[str, re.Pattern[str], str, str]]] | None = None
        """(catalogue, [(alias, its pattern with slack, guide id, title), ...]) for
        :meth:`by_alias`."""

    def refresh(self) -> bool:
        """Between sessions: switch to edited guide files (:meth:`LiveCatalogue.refresh
        <assistant.guides.live.LiveCatalogue.refresh>`); True if the catalogue changed."""
        from assistant.guides.live import shared

        return shared(self.root).refresh()

    def find(self, text: str) -> GuideRef | None:
        found = self.hits(text, limit=1)
        return found[0][0] if found else None

    def hits(self, text: str, limit: int = 3) -> list[tuple[GuideRef, float]]:
        """The guides ``text`` (a question without its aspect words) may be about, with
        their search scores, best first; only those scoring at least ``min_score``.  The
        matcher names the best in its confirm question when the second is close."""
        from assistant.guides.index import GuideIndex, content_hash
        from assistant.guides.live import shared

        loaded = shared(self.root).get()
        if loaded is None:  # no good guides ever: nothing to point at
            return []
        if not isinstance(self._index, GuideIndex) or self._index.catalogue is not (
                loaded.catalogue):
            self._index = GuideIndex(loaded.catalogue, _index_path(loaded.root),
                                     content_hash(loaded.root))
        assert isinstance(self._index, GuideIndex)
        topic = _FILLER.sub("", text) or text
        return [
            (GuideRef(h.id, h.title), h.score)
            for h in self._index.search(topic, limit=limit, min_score=self.min_score)
        ]

    def names_of(self, guide_id: str) -> tuple[str, ...]:
        """The title and aliases of guide ``guide_id`` (:attr:`Guide.names
        <assistant.guides.model.Guide.names>`; empty when it is unknown)."""
        from assistant.guides.live import shared

        loaded = shared(self.root).get()
        guide = loaded.catalogue.guides.get(guide_id) if loaded is not None else None
        return guide.names if guide is not None else ()

    def by_alias(self, norm: str, *, exact: bool = False) -> GuideRef | None:
        """The one guide outside the self-service items whose own alias (at least
        :data:`ALIAS_MIN` characters, normalised like ``norm``) ``norm`` holds — word for
        word, or else with at most :data:`ALIAS_SLACK` characters said in between
        (:func:`said_within`) ("房子租给外地
        来打工的小两口，要登记伐": 出租房屋登记 by 房子租给), unless ``exact`` (then word for
        word, an alias of :data:`EXACT_ALIAS_MIN` characters or more: "领身份证" is in
        "补领身份证"); ``None`` when none does or aliases of two guides do."""
        from assistant.guides.live import shared
        from assistant.guides.text import concepts
        from assistant.nlu.normalize import normalize

        loaded = shared(self.root).get()
        if loaded is None:
            return None
        catalogue = loaded.catalogue
        if self._aliases is None or self._aliases[0] is not catalogue:
            names = {(normalize(alias), guide.id, guide.title)
                     for guide in catalogue.guides.values() if not guide.intent
                     for alias in guide.aliases if len(alias) >= ALIAS_MIN}
            self._aliases = (catalogue, [(a, _with_slack(a), gid, title)
                                         for a, gid, title in sorted(names)])
            self._alias_concepts = {gid: frozenset().union(*(concepts(n) for n in g.names))
                                    for gid, g in catalogue.guides.items()}
        chars = set(norm)
        # "电瓶车牌照掉了" holds 车牌掉了, but no car's plate is meant; "外孙女户口在江西老家……
        # 第一次办身份证": a circumstance, no 户口 business
        said = concepts(_REGISTERED_AT.sub("", norm))
        table = [row for row in self._aliases[1] if chars.issuperset(row[0])
                 and said <= self._alias_concepts.get(row[2], said)]
        found = {(gid, title) for alias, _, gid, title in table if alias in norm
                 and (not exact or len(alias) >= EXACT_ALIAS_MIN)}
        if not found and not exact:
            found = {(gid, title) for alias, slack, gid, title in table
                     if said_within(alias, norm, slack)}
        if len(found) != 1:
            return None
        gid, title = found.pop()
        return GuideRef(gid, title)

    def topic(self, text: str) -> TopicGuess | None:
        """The guide of a question (without its aspect words) that names only a topic noun
        shared by several guides and no word of a specialised one: "驾驶证在哪里办" is no
        question about 补领, "还有那个居住证" none about 签注.  None when ``text`` says
        more than the topic ("驾驶证丢了", "临时身份证", "换驾照") or names a topic only
        one guide has: then the search decides (:meth:`hits`).

        The topic nouns are read from the guides' titles and aliases (a name's part that
        ends like a document, 证照口簿本注, holds no :data:`ACTIONS` character and occurs in
        the names of two guides or more); what distinguishes a specialised guide is anything
        else said, so no list of distinguishing words is kept."""
        from assistant.guides.live import shared

        loaded = shared(self.root).get()
        if loaded is None:
            return None
        catalogue = loaded.catalogue
        if self._topics is None or self._topics[0] is not catalogue:
            shared_nouns = _shared_nouns(catalogue)
            longest = sorted(shared_nouns, key=lambda n: (-len(n), n))
            self._topics = (catalogue, shared_nouns, longest)
        _, nouns, longest = self._topics
        said = _FILLER.sub("", text)
        noun = next((n for n in longest if n in said), None)
        if noun is None:
            return None
        # (the noun's own verb said again is no more: "签注还能不能签")
        rest = "".join(c for c in _CHATTER.sub("", said.replace(noun, "")) if c not in noun)
        if rest:
            return None
        guides = nouns[noun]
        ids = frozenset(gid for gid, _ in guides)
        ranked = sorted(
            (rank, gid, title)
            for gid, title in guides
            if (rank := _base_rank(title, noun)) is not None
        )
        if ranked:
            rank, gid, title = ranked[0]
            alone = len(ranked) < 2 or ranked[1][0] != rank
            return TopicGuess(noun, GuideRef(gid, title), alone and rank[0] > 0, True, ids)
        hits = [ref for ref, _ in self.hits(noun, limit=len(ids) + 5) if ref.id in ids]
        # of the guides sharing the noun, one of a self-service item first ("签注还能签吗": the
        # kiosk's endorsement, not 往来港澳商务签注 — still asked, never sure)
        hits = sorted(hits, key=lambda ref: catalogue.guides[ref.id].intent is None)
        gid, title = (hits[0].id, hits[0].title) if hits else min(guides)
        return TopicGuess(noun, GuideRef(gid, title), False, False, ids)


def _shared_nouns(catalogue: Catalogue) -> dict[str, list[tuple[str, str]]]:
    """Topic noun → the guides whose title or aliases name it (two or more)."""
    holders: dict[str, set[str]] = {}
    for guide in catalogue.guides.values():
        for name in guide.names:
            plain = _FILLER.sub("", name)
            for end in range(2, len(plain) + 1):
                if plain[end - 1] not in DOCUMENT_HEADS:
                    continue
                for start in range(end - 2, max(-1, end - 7), -1):
                    noun = plain[start:end]
                    if ACTIONS.intersection(noun[:-1]):
                        break  # 换驾照, 报户口: an action said with the noun
                    holders.setdefault(noun, set()).add(guide.id)
    return {
        noun: sorted((gid, catalogue.guides[gid].title) for gid in ids)
        for noun, ids in holders.items()
        if len(ids) >= 2
    }


def _base_rank(title: str, noun: str) -> tuple[int, int] | None:
    """How well a guide's title fits a base guide of ``noun``, lower better: (0 for a first
    application, 1 for a general 申领; then the length of what else the title says), None
    for a title that is no base guide."""
    if not any(m in title for m in BASE_MARKS):
        return None
    first = 0 if any(m in title for m in FIRST_MARKS) else 1
    return first, len(_TITLE_MARKS.sub("", title.replace(noun, "")))


CONDITION = "条件是："
"""How a condition of a guide is introduced when it is the detail a question asks."""


class GuideAnswers:
    """Speakable answers for the dialog: ``(guide id, aspect) → text`` (None if unknown),
    and :meth:`sections` for reading a guide in full
    (``assistant.dialog.reading.GuideSource``).

    The catalogue is loaded on the first question.  Without an aspect the guide's short
    overview is given.  The answer carries no offer: the dialog asks its own
    (``guide_offer`` in ``intents/flows/common.yaml``) with the keys to answer it.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._common: tuple[Catalogue, frozenset[str]] | None = None
        """(catalogue, its common character pairs) for :meth:`detail`."""

    def _load(self) -> Catalogue | None:
        """The current good catalogue (the last good one while staff files are broken);
        None only when no good version was ever seen."""
        from assistant.guides.live import shared

        loaded = shared(self.root).get()
        return None if loaded is None else loaded.catalogue

    def __call__(self, guide_id: str, aspect: str | None) -> str | None:
        from assistant.guides.model import ASPECTS
        from assistant.guides.speech import answer

        catalogue = self._load()
        guide = None if catalogue is None else catalogue.guides.get(guide_id)
        if catalogue is None or guide is None:
            return None
        wanted = aspect if aspect in ASPECTS else "overview"
        return answer(guide, wanted, catalogue.network, offer=False)  # type: ignore[arg-type]

    def detail(self, guide_id: str, question: str) -> str | None:
        """The sentence of the guide that answers the detail ``question`` asks
        (:func:`assistant.guides.detail.detail`), speakable; ``None`` when none does."""
        from assistant.guides.detail import common_pairs, detail
        from assistant.guides.speech import speakable

        catalogue = self._load()
        guide = None if catalogue is None else catalogue.guides.get(guide_id)
        if catalogue is None or guide is None:
            return None
        if self._common is None or self._common[0] is not catalogue:
            self._common = (catalogue, common_pairs(catalogue.guides.values()))
        found = detail(guide, question, self._common[1])
        if not found:
            return None
        said = found.rstrip("。；;，, ") + "。"
        # "驾驶证未被扣押、暂扣……" said alone sounds like news: said as the condition it is
        return speakable(CONDITION + said if found in guide.conditions else said)

    def catalogue(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Guides by category for listening by keys:
        ``[(category, [(guide id, title), ...]), ...]`` in :data:`CATEGORIES` order
        (``交管-驾驶证`` is said as ``交管驾驶证``)."""
        from assistant.guides.model import CATEGORIES

        catalogue = self._load()
        guides = catalogue.guides.values() if catalogue is not None else ()
        out = []
        for category in CATEGORIES:
            # the self-service items of this kiosk first, then the others
            mine = sorted((g for g in guides if g.category == category),
                          key=lambda g: g.intent is None)
            items = [(g.id, g.title) for g in mine]
            if items:
                out.append((category.replace("-", ""), items))
        return out

    def sections(self, guide_id: str) -> list[tuple[str, str]] | None:
        """The guide read in full: ``[(section name, speakable text), ...]`` in reading
        order (概况 条件 材料 流程 地点 时间 费用 时限 [注意] 咨询); None if unknown."""
        from assistant.guides.speech import sections

        catalogue = self._load()
        guide = None if catalogue is None else catalogue.guides.get(guide_id)
        if catalogue is None or guide is None:
            return None
        return [(s.name, s.spoken_text) for s in sections(guide, catalogue.network)]


def _index_path(root: Path) -> Path:
    """The search index of the live guides, or of the last good copy (a file of its own,
    so switching between them does not rebuild one back and forth)."""
    from assistant.guides.index import DB_NAME
    from assistant.guides.live import SNAPSHOT_NAME

    name = DB_NAME if root.name != SNAPSHOT_NAME else f"{SNAPSHOT_NAME}.db"
    return var_dir() / name
