"""Kiosk configuration: where the data lives and the tunable numbers, in one place.

Every threshold the kiosk uses is a field here with its default; a deployment overrides
them with environment variables (see each class) rather than by editing code.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""Checkout root: ``intents/``, ``guides/`` and ``audio/`` live here."""


CONTENT_PARTS = ("intents", "guides")
"""Data directories a content release (``kiosk content update``) provides."""


def data_dir(name: str, env: str) -> Path:
    """A data directory: ``$env`` if set, else the installed content release's
    (``var/content/current/name``, :mod:`assistant.fleet.content`) when there is one,
    else ``PROJECT_ROOT/name``."""
    value = os.environ.get(env)
    if value:
        return Path(value)
    if name in CONTENT_PARTS:
        release = var_dir() / "content" / "current" / name
        if release.is_dir():
            return release
    return PROJECT_ROOT / name


def file_stamp(path: Path) -> tuple[int, int]:
    """``(size, mtime in ns)`` of ``path``, which changes whenever the file is edited
    (``(-1, -1)`` when it is missing): a cache key for data files staff may change."""
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def intents_dir() -> Path:
    """Intent files (``KIOSK_INTENTS`` overrides)."""
    return data_dir("intents", "KIOSK_INTENTS")


def guides_dir() -> Path:
    """Service guides (``KIOSK_GUIDES`` overrides)."""
    return data_dir("guides", "KIOSK_GUIDES")


def audio_dir() -> Path:
    """Earcons and other sound assets (``KIOSK_AUDIO`` overrides)."""
    return data_dir("audio", "KIOSK_AUDIO")


def var_dir() -> Path:
    """Writable state: database, caches, logs (``KIOSK_VAR`` overrides; default ``var/``)."""
    return data_dir("var", "KIOSK_VAR")


def nlu_model_dir() -> Path:
    """Where the trained intent models (and their training texts' syllables) are cached."""
    return var_dir() / "nlu-model"


@dataclass(frozen=True)
class MatcherConfig:
    """Decision thresholds of the intent matcher (calibrated probabilities in [0, 1]).

    ``reject_below`` < ``accept_at``: a best probability under ``reject_below`` is out of scope,
    one in between is confirmed with the user, one at or above ``accept_at`` is accepted,
    unless the runner-up is within ``clarify_margin`` (then the user is asked which).
    Each field can be set for a deployment with ``KIOSK_NLU_<FIELD>`` (e.g.
    ``KIOSK_NLU_ACCEPT_AT=0.8``); see :meth:`from_env`.
    """

    reject_below: float = 0.35
    """Below this probability, the utterance is ``out_of_scope``."""
    accept_at: float = 0.85
    """At or above this (and no close runner-up), the match is accepted without asking
    (0.85, not 0.80: on story-like and misheard speech the model never saw, accepts
    between 0.80 and 0.85 were wrong one time in 15)."""
    near_example_at: float = 0.90
    """An utterance that sounds this much like one example of the best intent (rapidfuzz
    ratio of the sound keys, 0-1; 0.90: a bare "身份证" is 0.86 like "换身份证") ..."""
    named_accept_at: float = 0.75
    """A request that names its item's own document (and no other), put as no question, is
    accepted from this probability on (instead of ``accept_at``) ..."""
    named_runner_below: float = 0.25
    """... when no other reading (``out_of_scope`` included) reaches this."""
    near_accept_at: float = 0.5
    """... is accepted from this probability on (instead of ``accept_at``)."""
    clarify_margin: float = 0.15
    """A runner-up of another intent this close to the best one makes the decision ``clarify``."""
    clarify_floor: float = 0.30
    """...but only when the runner-up itself scores at least this (two weak guesses: confirm)."""
    low_asr_confidence: float = 0.60
    """A recogniser confidence under this turns ``accept`` into ``confirm``."""
    explained_floor: float = 0.7
    """Probability factor for an utterance none of whose telling characters and syllables
    the intent's examples use (1 when all are); the rest goes to ``out_of_scope``."""
    explained_power: float = 1.0
    """Shape of that factor: ``floor + (1 - floor) * explained ** power`` (higher: a few
    unknown words weigh more)."""
    emergency_at: float = 0.67
    """An ``emergency`` reading under this probability is ``out_of_scope``, not asked
    "要我马上叫值班民警吗？": every urgent word is heard by the dialog's listening first
    (``listen_for`` in ``common.yaml``), so what only the model finds urgent, and weakly,
    is small talk or a story ("外面太阳好毒，热死人了", "我孙子考上大学了"); on the dev sets
    every real emergency it read scored 0.68 or more, and all those under 0.67 were not."""
    question_accept_at: float = 0.75
    """A question (``guide.ask``) whose topic was found surely, with what it asks (fee, time,
    place …) and a question word, is answered from this probability on (instead of
    ``accept_at``)."""
    alias_answer_at: float = 0.4
    """A question (``guide.ask``, read unsurely) whose guide is the one named word for word by
    one of its own aliases ("无犯罪记录证明", "驾驶证审验") is answered from this probability on:
    an answer is no action, and the alias names the topic (session 16: 13 more questions answered
    at once on the dev sets, none wrong)."""
    topic_at: float = 0.6
    """A question's topic is taken as one of the 13 services at this share of the services'
    probability; below it (down to ``reject_below``) the topic is confirmed with the user."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MatcherConfig:
        """Defaults overridden by ``KIOSK_NLU_<FIELD>`` variables.

        Raises :class:`ConfigError` for a value that is not a number in [0, 2].
        """
        env = os.environ if environ is None else environ
        values: dict[str, float] = {}
        for f in fields(cls):
            name = f"KIOSK_NLU_{f.name.upper()}"
            raw = env.get(name)
            if raw is None:
                continue
            try:
                value = float(raw)
            except ValueError:
                value = -1.0
            if not 0.0 <= value <= 2.0:
                raise ConfigError(
                    f"{name}={raw!r} is not a number between 0 and 2 — "
                    f"unset it to use the default {getattr(cls, f.name)}"
                )
            values[f.name] = value
        return cls(**values)
