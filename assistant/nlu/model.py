"""The trained intent model: a calibrated linear classifier over character and sound n-grams.

Trained from the staff's intent files only (:func:`train`).  Every example sentence is a
training sample of its intent; besides, each service example combined with a question
word of ``guide.ask`` (补办身份证 + 要带什么) is a sample of ``guide.ask``, and each
``out_of_scope`` example combined with one stays ``out_of_scope`` (社保卡补办要带什么), so
the model learns that a question word makes a request a question without staff writing
every combination.  Each service example is also learnt with a greeting before it, thanks
after it, or another office's business told around it: the request stays the request;
and once with some characters misheard as others of the same sound (不办 for 补办).

The classifier is scikit-learn's multinomial logistic regression; the features
(character 1–2-grams and syllable 1–2-grams beat 1–3 and 1–4-grams), the regularisation
and the combinations were chosen by cross-validation on the intent files and by the dev
sets (``kiosk intents test``, ``kiosk bench nlu``).  Its probabilities are calibrated by
one temperature fitted on out-of-fold predictions.  A trained model is exported to plain arrays
(:class:`IntentModel`): predicting needs only numpy, so a kiosk with a warm cache
(``var/nlu-model/``, keyed by the intent files' content) starts without importing
scikit-learn at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from assistant.nlu.features import SOUND_PREFIX, features, mask
from assistant.nlu.intents import IntentSet
from assistant.nlu.normalize import normalize
from assistant.nlu.phonetic import remember as remember_sounds
from assistant.nlu.phonetic import store as store_sounds
from assistant.nlu.phonetic import syllables
from assistant.nlu.types import OUT_OF_SCOPE

log = logging.getLogger(__name__)

SCHEMA = "2"
"""Bump when features, augmentation or training change (invalidates cached models)."""
GUIDE_ASK = "guide.ask"
C = 100.0
"""Inverse regularisation strength (chosen by cross-validation on the intent files)."""
CALIBRATION_FOLDS = 3
AUGMENT_WORDS = 1
"""Question words combined with each service / out-of-scope example."""
AUGMENT_ASPECTS = ("materials", "fees", "location", "duration", "overview")
"""Aspects whose words make any request a question ("能不能", "几点" can be part of a
request: "能不能帮我补一张", so conditions and hours are not combined)."""
QUERY_AUGMENT_ASPECTS = ("materials", "fees", "overview")
"""Aspects combined with the examples of a status look-up: "where" and "how long" are how
people ask for their own application ("我的新身份证到哪里了", "什么时候能拿到"), so they do
not make a look-up a question about the service."""


@dataclass(frozen=True)
class Sample:
    """One training sentence."""

    norm: str
    """Normalised text."""
    intent: str
    group: str
    """``path:line`` it was written on (expansions and combinations of a line share it)."""
    context: bool = False
    """A combination with words around the request (greeting, another office's business):
    learnt from, but those words do not count as the intent's own vocabulary."""


def samples(intents: IntentSet) -> list[Sample]:
    """Every example of every intent, plus question combinations (see module doc)."""
    out: list[Sample] = []
    seen: set[tuple[str, str]] = set()

    def add(norm: str, intent: str, group: str, context: bool = False) -> None:
        if norm and (norm, intent) not in seen:
            seen.add((norm, intent))
            out.append(Sample(norm, intent, group, context))

    for intent in intents:
        for ex in intent.examples:
            add(normalize(ex.text), intent.name, f"{ex.path}:{ex.line}")
    _add_context(intents, add)
    _add_sound_alikes(intents, add)
    every = _augment_words(intents, AUGMENT_ASPECTS)
    if not every:
        return out
    for intent in intents:
        if intent.kind not in ("service", "query", "reject"):
            continue
        target = OUT_OF_SCOPE if intent.kind == "reject" else GUIDE_ASK
        words = every
        if intent.kind == "query":
            words = _augment_words(intents, QUERY_AUGMENT_ASPECTS) or every
        for ex in intent.examples:
            norm = normalize(ex.text)
            if len(norm) < 2 or any(w in norm for w in every):
                continue
            h = zlib.crc32(norm.encode())
            for k in range(AUGMENT_WORDS):
                word = words[(h + k * 7919) % len(words)]
                add(norm + word, target, f"{ex.path}:{ex.line}")
    return out


CONTEXT_KINDS = ("service", "query", "staff")
"""Kinds of intent whose examples are also learnt inside a greeting, thanks or a story."""
CONTEXT = 1
"""Context combinations per example (0: none)."""
STORY_CONTEXT = 1
"""1: the context before a request may also be :data:`STORY_OPENERS` (who, when, why)."""
STORY_OPENERS: tuple[str, ...] = (
    "同志你好", "麻烦你一下", "我老头子腿脚不好", "我年纪大了搞不清爽", "今天早上落雨",
    "我是从岱山过来的", "我孙女叫我来的", "我眼睛不大好", "上礼拜就想来了", "我女儿嫁到上海去了",
    "我退休好几年了", "刚才排了半天队", "我不大会讲普通话", "屋里就我一个人",
)  # fmt: skip
"""What an elderly citizen tells before the request (who, when, why): learnt as context
that changes nothing, like a greeting."""


def _add_context(intents: IntentSet, add: Callable[[str, str, str, bool], None]) -> None:
    """A request stays that request with a greeting before it, thanks after it, or
    another office's business told around it ("同志你好，…", "…，谢谢", "去银行取钱，…")."""
    if not CONTEXT:
        return
    pools = {
        name: [n for ex in intents[name].examples if len(n := normalize(ex.text)) >= 2]
        for name in ("greet", "thanks", OUT_OF_SCOPE)
        if name in intents
    }
    before = pools.get("greet", []) + pools.get(OUT_OF_SCOPE, [])
    if STORY_CONTEXT:
        before += [normalize(t) for t in STORY_OPENERS]
    after = pools.get("thanks", [])
    if not before and not after:
        return
    for intent in intents:
        if intent.kind not in CONTEXT_KINDS:
            continue
        for ex in intent.examples:
            norm = normalize(ex.text)
            if len(norm) < 2:
                continue
            h = zlib.crc32(norm.encode())
            group = f"{ex.path}:{ex.line}"
            for k in range(CONTEXT):
                j = h + k * 104729
                if before and (j % 3 or not after):
                    add(before[j % len(before)] + norm, intent.name, group, True)
                else:
                    add(norm + after[j % len(after)], intent.name, group, True)


SOUND_ALIKES = 1
"""Sound-alike variants per example (0: none): see :func:`_add_sound_alikes`."""
SOUND_ALIKE_RATE = 0.2
"""Share of the characters of a variant replaced by a character that sounds the same."""


def _add_sound_alikes(intents: IntentSet, add: Callable[[str, str, str, bool], None]) -> None:
    """A request misheard stays that request: each example is also learnt with some of
    its characters replaced by others of the same (folded) sound that the intent files
    use elsewhere (补办 → 不办, 签注 → 前注, 身份证 → 深份证), as a recogniser writes
    them.  The replacements are chosen by a hash of the sentence (stable training)."""
    if not SOUND_ALIKES:
        return
    by_sound: dict[str, set[str]] = {}
    texts = [
        (intent, normalize(ex.text), f"{ex.path}:{ex.line}")
        for intent in intents
        if intent.kind != "answer"
        for ex in intent.examples
    ]
    for _, norm, _ in texts:
        for char, sound in zip(norm, syllables(norm), strict=False):
            if "\u4e00" <= char <= "\u9fff":
                by_sound.setdefault(sound, set()).add(char)
    alike = {sound: sorted(chars) for sound, chars in by_sound.items() if len(chars) > 1}
    for intent, norm, group in texts:
        if len(norm) < 3:
            continue
        h = zlib.crc32(norm.encode())
        sounds = syllables(norm)  # in context: 没 of 没听清 is mei, not mo
        for k in range(SOUND_ALIKES):
            chars = list(norm)
            changed = False
            for i, (char, sound) in enumerate(zip(norm, sounds, strict=False)):
                j = (h + 7919 * (i + 1) + 104729 * k) % 1000
                others = [c for c in alike.get(sound, ()) if c != char]
                if others and j < SOUND_ALIKE_RATE * 1000:
                    chars[i] = others[j % len(others)]
                    changed = True
            if changed:
                add("".join(chars), intent.name, group, True)


def question_words(intents: IntentSet) -> list[str]:
    """Every normalised word of ``guide.ask``'s ``aspect`` slot (要带什么, 多少钱, 几点 ...)."""
    if GUIDE_ASK not in intents:
        return []
    spec = intents[GUIDE_ASK].slot("aspect")
    if spec is None:
        return []
    return sorted({w for ws in spec.values.values() for w in map(normalize, ws) if w})


def _augment_words(intents: IntentSet, aspects: Sequence[str]) -> list[str]:
    """The normalised words of ``aspects`` of ``guide.ask``'s ``aspect`` slot (要带什么,
    多少钱, ...)."""
    if GUIDE_ASK not in intents:
        return []
    spec = intents[GUIDE_ASK].slot("aspect")
    if spec is None:
        return []
    words = {
        normalize(w)
        for aspect, ws in spec.values.items()
        if aspect in aspects
        for w in ws
    }
    return sorted(w for w in words if len(w) >= 2)


@dataclass
class IntentModel:
    """A trained model as plain arrays: what predicting needs, nothing more."""

    classes: list[str]
    """Intent names, one per column of :attr:`weights`."""
    vocabulary: dict[str, int]
    """Feature → row of :attr:`weights`."""
    weights: NDArray[np.float32]
    """``(features, classes)`` coefficients."""
    bias: NDArray[np.float32]
    """``(classes,)`` intercepts."""
    temperature: float
    """Logits are divided by this before the softmax (fitted on out-of-fold predictions)."""
    known: NDArray[np.float32]
    """``(features, classes)``: 1 where the feature occurs in an example of the class."""
    idf: NDArray[np.float32]
    """``(features,)`` inverse class frequency of each feature (how telling it is)."""
    unknown_idf: float
    """Weight of a feature no example has."""
    question_words: tuple[str, ...] = ()
    """Words of ``guide.ask``'s aspect slot: one found adds the feature :data:`QUESTION`."""

    def features(self, norm: str) -> tuple[str, ...]:
        """:func:`assistant.nlu.features.features`, plus :data:`QUESTION` for a question."""
        return with_question(norm, self.question_words)

    def rows(self, norm: str) -> tuple[list[str], NDArray[np.int64], int]:
        """``(known features, their rows, number of unknown features)`` of ``norm``."""
        feats = self.features(norm)
        kept = [f for f in feats if f in self.vocabulary]
        rows = np.fromiter((self.vocabulary[f] for f in kept), dtype=np.int64, count=len(kept))
        return kept, rows, len(feats) - len(kept)

    def logits(self, rows: NDArray[np.int64], n_features: int) -> NDArray[np.float64]:
        """Raw (uncalibrated) class scores of a feature set."""
        if n_features == 0:
            return self.bias.astype(np.float64)
        scale = 1.0 / np.sqrt(n_features)
        out: NDArray[np.float64] = (self.weights[rows].sum(axis=0) * scale + self.bias).astype(
            np.float64
        )
        return out

    def probabilities(self, norm: str) -> NDArray[np.float64]:
        """Calibrated probability of every class (sums to 1)."""
        _, rows, unknown = self.rows(norm)
        return softmax(self.logits(rows, len(rows) + unknown) / self.temperature)

    def explained(self, norm: str) -> NDArray[np.float64]:
        """Per class, the share of the utterance's telling characters its examples use.

        "拍婚纱照": 婚 and 纱 occur in no example of ``photo.id_photo``, so however well
        拍…照 fits it, little of the utterance is explained by it.  A character no
        example of any intent has (a recogniser's odd homophone: 森 in 森份证) counts as
        explained when its syllable is.  Characters, not n-grams: a new combination of
        known words is no new concept.
        """
        text = mask(norm)
        n_classes = len(self.classes)
        if not text:
            return np.ones(n_classes)
        weights: list[float] = []
        rows: list[int] = []
        sounds = syllables(text)
        for char, sound in zip(text, sounds, strict=False):
            row = self.vocabulary.get(char)
            if row is None:
                row = self.vocabulary.get(SOUND_PREFIX + sound)
            if row is None:
                weights.append(self.unknown_idf)
                rows.append(-1)
            else:
                weights.append(float(self.idf[row]))
                rows.append(row)
        w = np.square(np.array(weights))
        total = float(w.sum())
        if total <= 0.0:
            return np.ones(n_classes)
        known = np.array([r for r in rows if r >= 0], dtype=np.int64)
        used = w[np.array([r >= 0 for r in rows], dtype=bool)]
        if known.size == 0:
            return np.zeros(n_classes)
        return np.asarray(used @ self.known[known], dtype=np.float64) / total

    def contributions(self, norm: str, a: int, b: int | None) -> list[tuple[str, float]]:
        """Features that favour class ``a`` (over ``b``, or over the average class), most first."""
        kept, rows, unknown = self.rows(norm)
        if not kept:
            return []
        w = self.weights[rows].astype(np.float64)
        other = w[:, b] if b is not None else w.mean(axis=1)
        gain = (w[:, a] - other) / np.sqrt(len(kept) + unknown)
        order = np.argsort(-gain)
        return [(kept[i], float(gain[i])) for i in order]

    # -- storage -------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the model to ``path`` (``.npz``) atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        feats = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        with tmp.open("wb") as f:
            np.savez(
                f,
                classes=np.array(self.classes),
                features=np.array(feats),
                weights=self.weights,
                bias=self.bias,
                known=self.known.astype(np.uint8),
                idf=self.idf,
                scalars=np.array([self.temperature, self.unknown_idf]),
                question_words=np.array(self.question_words, dtype=str),
            )
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        with np.load(path, allow_pickle=False) as data:
            feats = [str(f) for f in data["features"]]
            temperature, unknown_idf = (float(x) for x in data["scalars"])
            return cls(
                classes=[str(c) for c in data["classes"]],
                vocabulary={f: i for i, f in enumerate(feats)},
                weights=data["weights"].astype(np.float32),
                bias=data["bias"].astype(np.float32),
                temperature=temperature,
                known=data["known"].astype(np.float32),
                idf=data["idf"].astype(np.float32),
                unknown_idf=unknown_idf,
                question_words=tuple(str(w) for w in data["question_words"]),
            )


QUESTION = "❓"
"""Feature of an utterance holding a question word (要带什么, 多少钱, 在哪 ...)."""


NOT_QUESTIONS: tuple[str, ...] = (
    "前几天", "这几天", "过几天", "好几天", "头几天", "没几天", "几天前", "几天后",
    "前几点", "没多久", "不多久", "过多久",
)  # fmt: skip
"""Time phrases that hold a question word (几天, 多久) but ask nothing: "前几天掉了"."""
HANDED_IN = (
    r"(?:交|递|送)(?:了|的|过)(?:的)?材料"
    r"|材料[^，。,.!?！？]{0,6}?(?:交|递|送)(?:上去|进去|过)?了"
)
"""Materials already handed in ("在窗口交的材料，十来天了"): told, not asked."""
_NOT_QUESTION = re.compile(
    "|".join(NOT_QUESTIONS)
    + r"|(?:不|勿|弗)(?:晓得|知道|清楚)[^，。,.!?！？]{0,4}?(?:怎么|哪里|哪儿|哪个|什么|啥|多少|几)"
    r"|要?带(?:我|他|她|侬|你|阿拉|我们|孩子|小孩|孙子|孙女|外孙|囡囡|老人|老伴|老娘|老爸|家里人)"
    r"(?:一起)?(?:去|到|出去|过去|玩)"
    r"|(?:想不起来?|想勿起来?|记不得|记不清|记勿清|不记得|勿记得|忘记|忘了)[^，。,.!?！？]{0,4}?"
    r"(?:哪里|哪儿|啥地方|什么地方)"
    r"|(?:不是|不|勿)问[^，。,.!?！？]{0,6}"
    rf"|{HANDED_IN}"
    r"|好几|几十|十几"
    r"|(?:住|玩|待|呆|歇|耍|白相|休息|陪)(?:上|了|个|它|伊)?几[天日]"
    r"|(?:借|开|用|骑|放|停|搁|寻|找)了几[天日]"
    r"|(?:说|讲|讲好|说好)几[天日]"
    r"|(?:跟我|给我|同我|和我|对我)(?:讲|说)过?[^，。,.!?！？]{0,8}?几[天日]"
    r"|(?:那|回来|回家|在家|趁[^，。,.!?！？]{0,5}?)几[天日]"
    r"|几钿就几钿|多少钱就多少钱|多少就多少"
    r"|(?:礼拜|星期)[六天日](?![^，。,.!?！？]{0,8}?(?:开|上班|办|能|可以|有人|休息|关|伐|吗|么))"
    r"|(?:查|看|做|办|寄|弄)[^，。,.!?！？]{0,3}?到哪(?:里|儿|一步)?了"
    r"|地址(?:写|填|是|留)"
    r"|(?:能不能|可不可以|能|可以|好)(?:去)?(?:拿|领|取)了"
    r"|(?:讲|说|叫我|让我)[^，。,.!?！？]{0,6}?(?:可以|能|好)[^，。,.!?！？]{0,5}?"
    r"(?:补|换|办|交|拍|查|签|领|打)(?![^，。,.!?！？]{0,4}?(?:吗|伐|么|不|勿|弗))"
    r"|(?:给我|帮我|替我|一张|一本|一下|一个)[^，。,.!?！？]{0,6}?(?:好|行)(?:伐|吗|不好|不行|么|嘛)"
    r"[，。,.!?！？]*$"
    r"|(?:给我|帮我|替我|帮帮我)[^，。,.!?！？]{0,8}?[伐吗][，。,.!?！？]*$"
)


WU_ASKED = (("辰光", "时间"), ("哪能", "怎么"))
"""Wu words of a question and their Mandarin ("要多长辰光" asks 多长时间), so the staff's
lists of question words need no Wu copies (copies there would also change what the model
learns from the question words)."""


def without_time_phrases(norm: str) -> str:
    """``norm`` with the question words that ask nothing blanked out (for finding question
    words): time phrases (:data:`NOT_QUESTIONS`: "前几天掉了"; a stay of a few days, "去那边
    住几天"; what someone was told, "人家说几天就好"), not knowing ("不晓得掉到
    哪里去了", "不晓得怎么回事"), a denied question ("我不是问多少钱"), a vague number
    ("好几个月", "十几天") and the polite tag of a request ("给我拍一张好伐", "帮我补一张行吗",
    "侬帮我换张身份证伐"; not "这里换身份证好伐", which asks whether it can be done),
    materials already handed in ("交的材料") and people taken along ("过年要带我去香港");
    Wu words of a question heard as their Mandarin (:data:`WU_ASKED`)."""
    asked = _NOT_QUESTION.sub("·", norm)
    for wu, mandarin in WU_ASKED:
        asked = asked.replace(wu, mandarin)
    return asked


def with_question(norm: str, words: Sequence[str]) -> tuple[str, ...]:
    """:func:`features` plus :data:`QUESTION` when one of ``words`` is said."""
    return _with_question(norm, tuple(words))


def clear_question_cache() -> None:
    """Forget cached :func:`with_question` results (benches measure cold utterances)."""
    _with_question.cache_clear()


@lru_cache(maxsize=16384)
def _with_question(norm: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`with_question`, cached: training reads every sample once per fold."""
    feats = features(norm)
    asked = without_time_phrases(norm)
    if any(w in asked for w in words):
        return (*feats, QUESTION)
    return feats


def softmax(z: NDArray[np.float64]) -> NDArray[np.float64]:
    e = np.exp(z - z.max())
    out: NDArray[np.float64] = e / e.sum()
    return out


# -- training ---------------------------------------------------------------------------


def _design(
    data: Sequence[Sample], vocabulary: dict[str, int], grow: bool, words: Sequence[str]
) -> tuple[list[int], list[int], list[float]]:
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, s in enumerate(data):
        feats = with_question(s.norm, words)
        idx = []
        for f in feats:
            j = vocabulary.get(f)
            if j is None and grow:
                j = vocabulary[f] = len(vocabulary)
            if j is not None:
                idx.append(j)
        scale = 1.0 / np.sqrt(len(feats)) if feats else 0.0
        rows.extend([r] * len(idx))
        cols.extend(idx)
        vals.extend([scale] * len(idx))
    return rows, cols, vals


def _fit(
    data: Sequence[Sample], classes: list[str], words: Sequence[str]
) -> tuple[dict[str, int], object]:
    """Fit the classifier on ``data``: ``(vocabulary, fitted estimator)``."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    vocabulary: dict[str, int] = {}
    rows, cols, vals = _design(data, vocabulary, True, words)
    x = csr_matrix((vals, (rows, cols)), shape=(len(data), len(vocabulary)))
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[s.intent] for s in data])
    clf = LogisticRegression(C=C, solver="saga", tol=1e-3, max_iter=3000, random_state=0)
    clf.fit(x, y)
    return vocabulary, clf


def _export(
    vocabulary: dict[str, int],
    clf: object,
    classes: list[str],
    data: Sequence[Sample],
    words: Sequence[str],
) -> IntentModel:
    from sklearn.linear_model import LogisticRegression

    assert isinstance(clf, LogisticRegression)
    n_f, n_c = len(vocabulary), len(classes)
    weights = np.zeros((n_f, n_c), dtype=np.float32)
    bias = np.full(n_c, -30.0, dtype=np.float32)  # a class with no sample: never chosen
    for k, label in enumerate(clf.classes_):
        weights[:, int(label)] = clf.coef_[k]
        bias[int(label)] = clf.intercept_[k]
    known = np.zeros((n_f, n_c), dtype=np.float32)
    index = {c: i for i, c in enumerate(classes)}
    for s in data:
        if s.context:
            continue
        for f in with_question(s.norm, words):
            known[vocabulary[f], index[s.intent]] = 1.0
    used_by = known.sum(axis=1)
    idf = np.log((n_c + 1) / (used_by + 0.5)).astype(np.float32)
    return IntentModel(
        classes=list(classes),
        vocabulary=vocabulary,
        weights=weights,
        bias=bias,
        temperature=1.0,
        known=known,
        idf=idf,
        unknown_idf=float(np.log((n_c + 1) / 0.5)),
        question_words=tuple(words),
    )


def fold_of(group: str, folds: int) -> int:
    """Stable fold of an example line (all its expansions and combinations together)."""
    return zlib.crc32(group.encode()) % folds


def train(
    intents: IntentSet, *, calibrate: bool = True, sounds: Path | None = None
) -> IntentModel:
    """Train (and calibrate) the model on the intent files' examples.

    ``sounds``: a file of the training texts' syllables, read before and written after
    (:func:`assistant.nlu.phonetic.remember`): a retraining after a staff edit then asks
    pypinyin only for the lines that changed."""
    if sounds is not None:
        remember_sounds(sounds)
    classes = sorted(intents.intents)
    data = samples(intents)
    words = question_words(intents)
    parts = [data, *(_calibration_folds(data) if calibrate else [])]
    # the model and its calibration folds are fitted side by side (the solver leaves
    # Python's lock while it works): the same models, a second sooner on two cores
    with ThreadPoolExecutor(min(len(parts), os.cpu_count() or 1)) as pool:
        fitted = list(pool.map(lambda part: _fit(part, classes, words), parts))
    model = _export(*fitted[0], classes, data, words)
    if calibrate:
        model.temperature = _temperature(data, classes, words, fitted[1:])
    if sounds is not None:
        store_sounds(sounds, (mask(s.norm) for s in data))
    return model


def _calibration_folds(data: Sequence[Sample]) -> list[list[Sample]]:
    """The training part of each calibration fold (a line's expansions stay together)."""
    return [[s for s in data if fold_of(s.group, CALIBRATION_FOLDS) != k]
            for k in range(CALIBRATION_FOLDS)]


def _temperature(data: Sequence[Sample], classes: list[str], words: Sequence[str],
                 fitted: Sequence[tuple[dict[str, int], object]]) -> float:
    """The temperature that makes out-of-fold probabilities honest (least log loss);
    ``fitted``: the estimator of each fold of :func:`_calibration_folds`."""
    index = {c: i for i, c in enumerate(classes)}
    logits: list[NDArray[np.float64]] = []
    truth: list[int] = []
    for k, (train_part, fit) in enumerate(zip(_calibration_folds(data), fitted, strict=True)):
        test_part = [s for s in data if fold_of(s.group, CALIBRATION_FOLDS) == k]
        model = _export(*fit, classes, train_part, words)
        for s in test_part:
            _, rows, unknown = model.rows(s.norm)
            logits.append(model.logits(rows, len(rows) + unknown))
            truth.append(index[s.intent])
    z = np.array(logits)
    t_idx = np.array(truth)
    best, best_loss = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.2), np.log(5.0), 61)):
        s = z / t
        s = s - s.max(axis=1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        loss = -float(logp[np.arange(len(t_idx)), t_idx].mean())
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


# -- the cache ----------------------------------------------------------------------------


_CODE = ("model.py", "features.py", "phonetic.py", "normalize.py", "numbers.py")
"""Modules whose code decides what the model learns: a change retrains it."""


def digest(paths: Iterable[Path]) -> str:
    """Cache key: the model schema, the code that builds features and trains, and every
    intent file's name and bytes."""
    h = hashlib.sha256(SCHEMA.encode())
    here = Path(__file__).parent
    for name in _CODE:
        try:
            h.update((here / name).read_bytes())
        except OSError:  # e.g. a frozen build without sources: the schema alone
            h.update(name.encode())
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:20]


def cached_model(intents: IntentSet, key: str, cache_dir: Path | None) -> IntentModel:
    """The model of ``intents`` from ``cache_dir/<key>.npz``, trained and stored if absent.

    A cache that cannot be read or written is not fatal: the model is trained in memory.
    """
    path = cache_dir / f"{key}.npz" if cache_dir is not None else None
    if path is not None and path.is_file():
        try:
            return IntentModel.load(path)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("cached intent model %s unreadable (%s); retraining", path, exc)
    start = time.perf_counter()
    model = train(intents, sounds=cache_dir / SOUNDS_FILE if cache_dir is not None else None)
    log.info("intent model trained in %.2f s", time.perf_counter() - start)
    if path is not None:
        try:
            model.save(path)
            _prune(path.parent, keep=path.name)
        except OSError as exc:
            log.warning("cannot store the intent model in %s: %s", path, exc)
    return model


SOUNDS_FILE = "syllables.json"
"""The training texts' syllables, beside the cached models (see :func:`train`)."""


def _prune(directory: Path, keep: str, limit: int = 3) -> None:
    """Keep the newest ``limit`` cached models (the kiosk may switch back to an old set)."""
    models = sorted(directory.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in models[limit:]:
        if old.name != keep:
            old.unlink(missing_ok=True)


def model_json(model: IntentModel) -> str:
    """A short description (for logs): classes, features, temperature."""
    return json.dumps(
        {
            "classes": len(model.classes),
            "features": len(model.vocabulary),
            "temperature": round(model.temperature, 3),
        }
    )
