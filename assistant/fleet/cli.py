"""``kiosk sync`` and ``kiosk content …`` (``kiosk bench sync``: :mod:`assistant.bench.sync`)."""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError


def _dsn(args: argparse.Namespace) -> str:
    from assistant.fleet.sync import DSN_ENV

    dsn = args.dsn or os.environ.get(DSN_ENV, "").strip()
    if not dsn:
        raise ConfigError(f"no fleet server given — use --dsn 'host=… dbname=… user=…' or set "
                          f"{DSN_ENV}")
    return str(dsn)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "sync",
        help="ship finished sessions (masked counts only) to the fleet PostgreSQL server",
        description="Send the finished sessions of this kiosk's database to the fleet server "
        "in batches (one transaction each; a retried batch adds nothing), then delete "
        "confirmed sessions older than KIOSK_FLEET_KEEP_DAYS locally.")
    p.add_argument("--dsn", default=None,
                   help="PostgreSQL connection string (default: KIOSK_FLEET_DSN)")
    p.add_argument("--store", type=Path, default=None, metavar="PATH",
                   help="kiosk database (default: KIOSK_VAR or var/, file kiosk.db)")
    p.add_argument("--kiosk-id", default=None, help="this kiosk's id (default: KIOSK_ID or "
                   "the host name)")
    p.add_argument("--site", default=None, help="this kiosk's site id (default: KIOSK_SITE "
                   "or here: of guides/site.yaml)")
    p.add_argument("--batch", type=int, default=500, help="sessions per transaction (500)")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.set_defaults(func=cmd_sync)

    c = sub.add_parser(
        "content",
        help="content releases: publish a signed release, update from one, show the status",
        description="Staff files (intents/, intents/flows/, guides/, keypad.yaml, site.yaml, "
        "announcements.yaml) as signed git tags.")
    csub = c.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    pub = csub.add_parser("publish", help="check the content repository and tag a signed "
                          "release")
    pub.add_argument("--repo", type=Path, required=True, help="the content repository (git)")
    pub.add_argument("--key", type=Path, required=True,
                     help="SSH private key to sign with (ssh-keygen -t ed25519)")
    pub.add_argument("--tag", default=None, help="release name (default: content-YYYYMMDD-HHMMSS)")
    pub.add_argument("--message", default=None, help="what changed (tag message)")
    pub.add_argument("--no-matcher", action="store_true",
                     help="skip checking the examples against the model (fast)")
    pub.set_defaults(func=cmd_publish)
    upd = csub.add_parser("update", help="fetch, verify the signature, check and switch to "
                          "the newest release")
    upd.add_argument("--remote", required=True, help="git remote: a path, file share or URL")
    upd.add_argument("--trusted", type=Path, required=True,
                     help="allowed signers file (git's gpg.ssh.allowedSignersFile format)")
    upd.add_argument("--tag", default=None, help="this release (default: the newest)")
    upd.add_argument("--var", type=Path, default=None, help="kiosk var/ (default: KIOSK_VAR)")
    upd.add_argument("--no-matcher", action="store_true",
                     help="skip checking the examples against the model (fast)")
    upd.set_defaults(func=cmd_update)
    st = csub.add_parser("status", help="which release each part of the content comes from")
    st.add_argument("--var", type=Path, default=None, help="kiosk var/ (default: KIOSK_VAR)")
    st.add_argument("--json", action="store_true", help="one JSON object")
    st.set_defaults(func=cmd_status)


def cmd_sync(args: argparse.Namespace) -> int:
    from assistant.fleet.identity import kiosk_id, site_id
    from assistant.fleet.sync import store_path, sync_once

    dsn = _dsn(args)
    store = store_path(args.store)
    kiosk, site = kiosk_id(args.kiosk_id), site_id(args.site)
    result = sync_once(dsn, store, kiosk=kiosk, site=site, batch=args.batch)
    if args.json:
        print(json.dumps({"kiosk_id": kiosk, "site_id": site, **asdict(result)}))
    else:
        print(f"kiosk {kiosk} ({site or '未注明网点'}): {result.sent} session(s) sent in "
              f"{result.batches} batch(es), {result.new} new on the server, "
              f"{result.sent - result.new} already there; {result.pending} waiting; "
              f"{result.deleted} confirmed session(s) deleted locally")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from assistant.fleet.content import publish

    tag = publish(args.repo, args.key, tag=args.tag, message=args.message,
                  matcher=not args.no_matcher)
    print(f"已发布内容版本 {tag}（签名、检查均通过） / published signed release {tag}")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from assistant.fleet.content import update

    result = update(args.remote, args.trusted, var=args.var, tag=args.tag,
                    matcher=not args.no_matcher)
    print(result)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from assistant.fleet.content import render_status, status

    st = status(args.var)
    print(json.dumps(st, ensure_ascii=False) if args.json else render_status(st))
    return 0
