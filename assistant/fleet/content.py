"""Content releases: the staff files as signed git tags (``kiosk content …``).

The content repository is an ordinary git repository with the kiosk's staff files at the
same places as in the installation: ``intents/`` (with ``keypad.yaml`` and ``flows/``) and
``guides/`` (with ``site.yaml`` and ``announcements.yaml``).

``publish`` checks the committed files exactly as ``kiosk check`` does, then makes an
annotated tag signed with an SSH key (git's own ``gpg.format=ssh`` signing).

``update`` fetches the tags of any git remote (a path, a file share, a server) into
``var/content/repo.git``, takes the newest (or the one named), verifies its signature
against the trusted keys (``gpg.ssh.allowedSignersFile``), extracts it to
``var/content/.staging-…``, checks it, renames it to ``var/content/<tag>/`` and then
renames a new ``current`` symlink over ``var/content/current`` — one atomic step.  The
kiosk reads its intents and guides from ``var/content/current/`` when it exists
(:func:`assistant.config.data_dir`), and its live reloaders (``LiveNLU``, the guide
catalogue, the flow texts) pick the new files up between sessions, keeping their last
good set as always.  A release that fails any step is refused with the reason; nothing
of it is used, and the kiosk keeps the release it had.  The outcome of the last attempt
is kept in ``var/content/status.json`` for ``kiosk content status``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant import config
from assistant.fleet import ContentError

CONTENT = "content"
CURRENT = "current"
RELEASE_FILE = ".release.json"
STATUS_FILE = "status.json"
KEEP_RELEASES = 3
"""Releases kept in ``var/content/`` (the current one and the ones before it)."""
TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
"""What a release name may look like (it becomes a folder name)."""
PARTS = ("intents", "guides")
DEFAULT_TAGGER = ("kiosk content", "content@kiosk.invalid")


@dataclass(frozen=True)
class Release:
    """A verified, checked release as installed under ``var/content/<tag>/``."""

    tag: str
    commit: str
    """The commit the tag points to."""
    signer: str
    """Who signed it (the principal of the allowed signers file) and the key."""
    installed_at: float
    """When it became current (epoch seconds)."""
    remote: str
    """Where it was fetched from."""


def _git(args: list[str], *, cwd: Path | None = None, input: bytes | None = None,
         config_: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    cmd = ["git"]
    for key, value in (config_ or {}).items():
        cmd += ["-c", f"{key}={value}"]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(cmd + args, cwd=cwd, input=input, capture_output=True, env=env,
                              timeout=300)
    except FileNotFoundError as exc:
        raise ContentError("git is not installed — apt-get install git") from exc
    except subprocess.TimeoutExpired as exc:
        raise ContentError(f"git {args[0]} did not finish in 5 minutes — check the remote"
                           ) from exc


def _err(proc: subprocess.CompletedProcess[bytes]) -> str:
    text = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return "; ".join(lines[:3]) if lines else f"exit {proc.returncode}"


def _check(intents: Path, guides: Path, *, matcher: bool) -> list[str]:
    """The problems ``kiosk check`` finds in these folders (as printed lines)."""
    from assistant.staff.check import check_all

    for part in (intents, guides):
        if not part.is_dir():
            return [f"{part.name}/: missing — the content repository needs intents/ and "
                    "guides/ at its top level"]
    result = check_all(intents, guides, matcher=matcher)
    root = f"{intents.parent}{os.sep}"  # shown as in the repository: guides/site.yaml:12:7
    return [str(p).replace(root, "") for p in result.problems]


def _problems_text(problems: list[str]) -> str:
    shown = "\n".join(problems[:10])
    more = f"\n… and {len(problems) - 10} more" if len(problems) > 10 else ""
    return f"{len(problems)} problem(s) (kiosk check):\n{shown}{more}"


# ---------------------------------------------------------------------- publish
def publish(repo: Path, key: Path, *, tag: str | None = None, message: str | None = None,
            matcher: bool = True) -> str:
    """Check the committed content of ``repo`` and tag ``HEAD`` as a release signed with
    the SSH key ``key``; returns the tag.  :class:`ContentError` with the reason if not."""
    repo = repo.resolve()
    if _git(["rev-parse", "--git-dir"], cwd=repo).returncode != 0:
        raise ContentError(f"{repo} is not a git repository — make one with 'git init' and "
                           "commit intents/ and guides/ in it")
    if not key.is_file():
        raise ContentError(f"no signing key at {key} — make one with "
                           "'ssh-keygen -t ed25519 -f KEYFILE'")
    dirty = _git(["status", "--porcelain", "--", *PARTS], cwd=repo)
    if dirty.stdout.strip():
        raise ContentError("the content repository has changes that are not committed — "
                           "commit them (git commit -a) or undo them, then publish again")
    head = _git(["rev-parse", "--verify", "HEAD^{commit}"], cwd=repo)
    if head.returncode != 0:
        raise ContentError("the content repository has no commit yet — commit the files")
    name = tag or time.strftime("content-%Y%m%d-%H%M%S")
    if not TAG.match(name):
        raise ContentError(f"release name {name!r}: use letters, digits, '.', '_' or '-'")
    with tempfile.TemporaryDirectory(prefix="kiosk-publish-") as tmp:
        _extract(repo, "HEAD", Path(tmp))
        problems = _check(Path(tmp) / "intents", Path(tmp) / "guides", matcher=matcher)
    if problems:
        raise ContentError(f"not published: {_problems_text(problems)}")
    settings = {"gpg.format": "ssh", "user.signingkey": str(key.resolve())}
    for field, default in zip(("user.name", "user.email"), DEFAULT_TAGGER, strict=True):
        if _git(["config", field], cwd=repo).returncode != 0:
            settings[field] = default
    text = message or f"content release {name}"
    made = _git(["tag", "-s", "-m", text, name, "HEAD"], cwd=repo, config_=settings)
    if made.returncode != 0:
        raise ContentError(f"git could not make the signed tag {name}: {_err(made)}")
    return name


def _extract(repo: Path, rev: str, dest: Path) -> None:
    """The tree of ``rev`` into ``dest`` (``git archive``; only plain files and folders)."""
    proc = _git(["archive", "--format=tar", rev], cwd=repo)
    if proc.returncode != 0:
        raise ContentError(f"git archive {rev} failed: {_err(proc)}")
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as buf:
        buf.write(proc.stdout)
        buf.seek(0)
        with tarfile.open(fileobj=buf) as tar:
            members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]
            tar.extractall(dest, members=members, filter="data")
    # every file gets a new time, so the kiosk's reloaders see the switch even when a file
    # kept its size and the commits were made in the same second
    now = time.time_ns()
    for path in dest.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(now, now))


# ---------------------------------------------------------------------- update
def content_dir(var: Path | None = None) -> Path:
    return (var or config.var_dir()) / CONTENT


def _record(base: Path, outcome: dict[str, Any]) -> None:
    base.mkdir(parents=True, exist_ok=True)
    tmp = base / f".{STATUS_FILE}.tmp"
    tmp.write_text(json.dumps(outcome, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, base / STATUS_FILE)


def update(remote: str, trusted: Path, *, var: Path | None = None, tag: str | None = None,
           matcher: bool = True) -> str:
    """Fetch, verify, check and switch to the newest release of ``remote`` (or ``tag``);
    returns what happened in one line.  Refused: :class:`ContentError` with the reason,
    the current release untouched."""
    base = content_dir(var)
    attempt: dict[str, Any] = {"at": time.time(), "remote": remote, "tag": tag}
    try:
        message = _update(base, remote, trusted, tag, matcher, attempt)
    except ContentError as exc:
        _record(base, {**attempt, "ok": False, "reason": str(exc)})
        kept = current_release(var)
        raise ContentError(f"内容版本未采用，继续用 {kept or '本机原有的文件'}（release refused, "
                           f"the kiosk keeps {kept or 'the installed files'}）: {exc}") from exc
    _record(base, {**attempt, "ok": True, "reason": message})
    return message


def _depth(repo: Path, obj: str) -> int:
    """How many commits lead to ``obj``'s commit (0 when unknown)."""
    out = _git(["rev-list", "--count", f"{obj}^{{commit}}"], cwd=repo).stdout.decode().strip()
    return int(out) if out.isdigit() else 0


def _update(base: Path, remote: str, trusted: Path, tag: str | None, matcher: bool,
            attempt: dict[str, Any]) -> str:
    if not trusted.is_file() or not trusted.read_text(encoding="utf-8", errors="replace"
                                                       ).strip():
        raise ContentError(f"no trusted keys in {trusted} — one line per key: "
                           "'NAME namespaces=\"git\" ssh-ed25519 AAAA…'")
    if Path(remote).exists():  # a local path or file share: git runs in repo.git
        remote = str(Path(remote).resolve())
    repo = base / "repo.git"
    if not (repo / "HEAD").is_file():
        repo.mkdir(parents=True, exist_ok=True)
        init = _git(["init", "--bare", "--quiet", str(repo)])
        if init.returncode != 0:
            raise ContentError(f"cannot make {repo}: {_err(init)}")
    fetched = _git(["fetch", "--quiet", "--no-tags", "--prune", "--force", remote,
                    "+refs/tags/*:refs/incoming/*"], cwd=repo)
    if fetched.returncode != 0:
        raise ContentError(f"cannot fetch from {remote}: {_err(fetched)}")
    listed = _git(["for-each-ref",
                   "--format=%(refname:strip=2) %(objecttype) %(objectname) %(creatordate:unix)",
                   "refs/incoming/"], cwd=repo)
    refs = [line.split() for line in listed.stdout.decode().splitlines() if line.strip()]
    # newest first; two releases of the same second: the one with the longer history
    refs.sort(key=lambda r: (int(r[3]) if r[3].isdigit() else 0, _depth(repo, r[2])),
              reverse=True)
    if tag is not None:
        refs = [r for r in refs if r[0] == tag]
        if not refs:
            raise ContentError(f"the remote has no release {tag}")
    if not refs:
        raise ContentError("the remote has no release (no tag) — publish one with "
                           "'kiosk content publish'")
    name, kind, obj = refs[0][:3]
    attempt["tag"] = name
    if not TAG.match(name):
        raise ContentError(f"release name {name!r} is not allowed")
    if kind != "tag":
        raise ContentError(f"{name} is not a signed release (a lightweight tag, not signed) "
                           "— publish it with 'kiosk content publish'")
    verified = _git(["verify-tag", "--raw", obj], cwd=repo,
                    config_={"gpg.ssh.allowedSignersFile": str(trusted.resolve())})
    raw = (verified.stderr + verified.stdout).decode("utf-8", "replace")
    if verified.returncode != 0 or "Good" not in raw or "No principal matched" in raw:
        key = re.search(r"key (SHA256:\S+)", raw)
        if "no signature" in raw.lower():
            why = "it is not signed — publish it with 'kiosk content publish'"
        elif "No principal matched" in raw:
            why = (f"it is signed by a key that is not trusted "
                   f"({key.group(1) if key else 'unknown key'}) — add the publisher's public "
                   f"key to {trusted} if it should be")
        else:
            why = f"its signature is not valid: it was changed after signing ({_err(verified)})"
        raise ContentError(f"{name}: {why}")
    signer = next((ln.strip() for ln in raw.splitlines() if "Good" in ln), "")
    commit = _git(["rev-parse", f"{obj}^{{commit}}"], cwd=repo).stdout.decode().strip()
    current = current_release_info(base.parent)
    if current is not None and current.tag == name and current.commit == commit:
        return f"{name} is already the current release"
    staging = base / f".staging-{name}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _extract(repo, obj, staging)
        problems = _check(staging / "intents", staging / "guides", matcher=matcher)
        if problems:
            raise ContentError(f"{name} fails the checks: {_problems_text(problems)}")
        release = Release(name, commit, signer, time.time(), remote)
        (staging / RELEASE_FILE).write_text(json.dumps(asdict(release), ensure_ascii=False),
                                            encoding="utf-8")
        final = base / name
        if final.exists():
            if current is not None and current.tag == name:
                final = base / f"{name}.{commit[:12]}"
            shutil.rmtree(final, ignore_errors=True)
        os.rename(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    link = base / f".{CURRENT}.tmp"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(final.name, link)
    os.replace(link, base / CURRENT)  # the switch: one rename
    _tidy(base, keep=final.name)
    return f"switched to {name} (commit {commit[:12]}, {signer})"


def _tidy(base: Path, keep: str) -> None:
    """Delete installed releases beyond the newest :data:`KEEP_RELEASES`."""
    installed = sorted((p for p in base.iterdir() if (p / RELEASE_FILE).is_file()
                        and not p.is_symlink()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in installed[KEEP_RELEASES:]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------- status
def current_release_info(var: Path | None = None) -> Release | None:
    """The installed current release, None when the kiosk runs on its own files."""
    path = content_dir(var) / CURRENT / RELEASE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Release(**data)
    except (OSError, ValueError, TypeError):
        return None


def current_release(var: Path | None = None) -> str:
    """The tag of the current release ("" when none is installed)."""
    info = current_release_info(var)
    return info.tag if info else ""


def status(var: Path | None = None) -> dict[str, Any]:
    """Where each part of the content comes from, the current release and the last attempt.

    ``{"release": Release | null, "parts": {"intents": {"dir", "source"}, …},
    "last_update": {"at", "remote", "tag", "ok", "reason"} | null}``
    """
    info = current_release_info(var)
    parts: dict[str, dict[str, str]] = {}
    envs = {"intents": "KIOSK_INTENTS", "guides": "KIOSK_GUIDES"}
    for part in PARTS:
        directory = config.data_dir(part, envs[part]) if var is None else (
            content_dir(var) / CURRENT / part if info else config.PROJECT_ROOT / part)
        if os.environ.get(envs[part]):
            source = f"{envs[part]} (not from a release)"
        elif info is not None and CONTENT in directory.parts:
            source = f"release {info.tag}"
        else:
            source = "the installation's own files (no release installed)"
        parts[part] = {"dir": str(directory), "source": source}
    parts["keypad"] = {"dir": str(Path(parts["intents"]["dir"]) / "keypad.yaml"),
                       "source": parts["intents"]["source"]}
    parts["flows"] = {"dir": str(Path(parts["intents"]["dir"]) / "flows"),
                      "source": parts["intents"]["source"]}
    for name in ("site.yaml", "announcements.yaml"):
        parts[name.split(".")[0]] = {"dir": str(Path(parts["guides"]["dir"]) / name),
                                     "source": parts["guides"]["source"]}
    last: dict[str, Any] | None
    try:
        last = json.loads((content_dir(var) / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = None
    return {"release": asdict(info) if info else None, "parts": parts, "last_update": last}


def render_status(st: dict[str, Any]) -> str:
    """``kiosk content status`` as staff read it."""
    rel = st["release"]
    lines = []
    if rel:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(rel["installed_at"]))
        lines.append(f"当前内容版本 / current release: {rel['tag']} (commit "
                     f"{rel['commit'][:12]}, {when}, from {rel['remote']})")
        lines.append(f"  签名 / signed: {rel['signer']}")
    else:
        lines.append("没有安装内容版本，用的是本机自带的文件 / no release installed")
    for part, info in st["parts"].items():
        lines.append(f"  {part:<14} {info['source']}  ({info['dir']})")
    last = st["last_update"]
    if last:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(last["at"]))
        verdict = "成功 / ok" if last["ok"] else "被拒绝 / refused"
        lines.append(f"最近一次更新 / last update {when} ({last.get('tag') or '?'}): {verdict} "
                     f"— {last['reason']}")
    return "\n".join(lines)
