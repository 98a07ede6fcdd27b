"""Restricted recogniser grammars (Rhasspy style) and Chinese word joining.

vosk takes a grammar as a JSON list of phrases made of *vocabulary words* separated by
spaces; a word the model does not know is silently dropped, which quietly changes what
can be recognised.  So every phrase is segmented into words the model knows (greedy
longest match over Han characters, falling back to single characters), phrases that
cannot be fully covered are dropped and reported, and the model's unknown-word token
is appended so out-of-grammar speech has somewhere to go.

Results come back with spaces between all words; :func:`join_words` removes the ones
between two Han characters and keeps those between Latin or Hangul words.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from assistant.speech.models import find_word

log = logging.getLogger(__name__)

UNK_TOKENS = ("[unk]", "<UNK>")
"""Unknown-word tokens of vosk models: ``[unk]`` (most, incl. Chinese), ``<UNK>`` (Korean)."""
MAX_WORD_CHARS = 8
"""Longest Han word tried by the greedy segmenter."""

WordLookup = Callable[[str], bool]
"""Tells whether the model's vocabulary has a word."""


def is_han(ch: str) -> bool:
    """True for a Chinese character (CJK ideograph, incl. extensions and 〇)."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3134F
        or cp == 0x3007
    )


def join_words(words: Iterable[str]) -> str:
    """Join recognised words: no space between two Han characters, one space otherwise.

    ``["我", "要", "补办", "身份证"]`` → ``"我要补办身份证"``; ``["네", "아니요"]`` →
    ``"네 아니요"``; ``["我", "要", "ok"]`` → ``"我要 ok"``.
    """
    out = ""
    for word in words:
        if not word:
            continue
        if out and not (is_han(out[-1]) and is_han(word[0])):
            out += " "
        out += word
    return out


def model_lookup(model: Any) -> WordLookup:
    """A cached vocabulary lookup for a vosk model."""
    cache: dict[str, bool] = {}

    def known(word: str) -> bool:
        if word not in cache:
            cache[word] = find_word(model, word) >= 0
        return cache[word]

    return known


def detect_unk_token(known: WordLookup) -> str | None:
    """The model's unknown-word token (``[unk]`` or ``<UNK>``), or None if it has none."""
    return next((tok for tok in UNK_TOKENS if known(tok)), None)


def _clean(phrase: str) -> list[str]:
    """Phrase → whitespace tokens, with punctuation and symbols turned into spaces."""
    chars = [
        " " if unicodedata.category(ch)[0] in "PSZ" and ch not in "<>[]" else ch
        for ch in phrase.strip()
    ]
    return "".join(chars).split()


def _runs(token: str) -> list[tuple[bool, str]]:
    """Split a token into (is_han, text) runs."""
    runs: list[tuple[bool, str]] = []
    for ch in token:
        han = is_han(ch)
        if runs and runs[-1][0] == han:
            runs[-1] = (han, runs[-1][1] + ch)
        else:
            runs.append((han, ch))
    return runs


def _greedy(run: str, known: WordLookup) -> tuple[list[str], list[str]]:
    """Longest-match segmentation of a Han run; returns (words, unknown characters)."""
    words: list[str] = []
    missing: list[str] = []
    i = 0
    while i < len(run):
        for size in range(min(MAX_WORD_CHARS, len(run) - i), 0, -1):
            piece = run[i : i + size]
            if known(piece):
                words.append(piece)
                i += size
                break
        else:
            missing.append(run[i])
            i += 1
    return words, missing


def segment(phrase: str, known: WordLookup) -> tuple[list[str], list[str]]:
    """Split ``phrase`` into vocabulary words; return (words, pieces the model lacks).

    A whole token the model knows is kept; Han runs are segmented greedily; other runs
    (Latin, Hangul, digits) must be known as a whole (lower-case is tried too).
    """
    words: list[str] = []
    missing: list[str] = []
    for token in _clean(phrase):
        if known(token):
            words.append(token)
            continue
        for han, run in _runs(token):
            if han:
                found, lacking = _greedy(run, known)
                words.extend(found)
                missing.extend(lacking)
            elif known(run):
                words.append(run)
            elif known(run.lower()):
                words.append(run.lower())
            else:
                missing.append(run)
    return words, missing


@dataclass(frozen=True)
class DroppedPhrase:
    """A grammar phrase left out because the model cannot recognise all of it."""

    phrase: str
    """The phrase as given."""
    missing: tuple[str, ...]
    """The characters or words the model's vocabulary lacks."""

    def __str__(self) -> str:
        return f"{self.phrase!r}: not in the model vocabulary: {' '.join(self.missing)}"


@dataclass(frozen=True)
class Grammar:
    """A compiled grammar: segmented phrases, the unknown-word token, what was dropped."""

    phrases: tuple[str, ...]
    """Kept phrases as space-separated vocabulary words (unique, in input order)."""
    unk_token: str | None
    """Appended unknown-word token, or None when the model has none."""
    dropped: tuple[DroppedPhrase, ...] = field(default=())
    """Phrases left out, with the pieces the model lacks."""

    def to_list(self) -> list[str]:
        """The list vosk takes (phrases, then the unknown-word token)."""
        return [*self.phrases, *([self.unk_token] if self.unk_token else [])]

    def to_json(self) -> str:
        """The grammar as the JSON string ``KaldiRecognizer`` takes."""
        return json.dumps(self.to_list(), ensure_ascii=False)


def build_grammar(
    phrases: Iterable[str], known: WordLookup, unk_token: str | None = None
) -> Grammar:
    """Segment ``phrases`` for a vocabulary; see :func:`compile_grammar`.

    ``unk_token`` None means: detect it (``[unk]`` or ``<UNK>``).  An explicit token the
    vocabulary lacks is left out with a warning (vosk would drop it silently).
    """
    kept: dict[str, None] = {}
    dropped: list[DroppedPhrase] = []
    for phrase in phrases:
        words, missing = segment(phrase, known)
        if missing or not words:
            dropped.append(DroppedPhrase(phrase, tuple(missing) or (phrase,)))
        else:
            kept.setdefault(" ".join(words))
    token = detect_unk_token(known) if unk_token is None else unk_token
    if token is not None and not known(token):
        log.warning(
            "unknown-word token %r is not in the model vocabulary; left out — use one of %s",
            token,
            ", ".join(UNK_TOKENS),
        )
        token = None
    return Grammar(tuple(kept), token, tuple(dropped))


def compile_grammar(phrases: Iterable[str], model: Any, unk_token: str | None = None) -> list[str]:
    """The vosk grammar list for ``phrases``: vocabulary-word phrases + unknown token.

    Each dropped phrase is reported as a warning on this module's logger (use
    :func:`build_grammar` to get them as data).  ``unk_token``: ``"[unk]"``, ``"<UNK>"``,
    or None to detect the model's.
    """
    grammar = build_grammar(phrases, model_lookup(model), unk_token)
    for item in grammar.dropped:
        log.warning(
            "grammar phrase dropped, %s — rephrase it with words the model knows "
            "(check with `kiosk model check`)",
            item,
        )
    if not grammar.phrases:
        log.warning("no grammar phrase is recognisable; only the unknown-word token remains")
    return grammar.to_list()
