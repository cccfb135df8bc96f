"""``lotsen keys create|list|revoke``: manage API keys directly in the database."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from datetime import UTC, date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from services.cli.commands import database
from services.gateway.keys import service
from services.gateway.keys.domain import KEY_SCOPES
from shared.db import create_pool
from shared.errors import NotFound
from shared.settings import load_settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``keys`` and its sub-commands to the ``lotsen`` parser."""
    keys = sub.add_parser("keys", help="manage API keys of municipal systems")
    actions = keys.add_subparsers(dest="keys_action", required=True)
    create = actions.add_parser("create", help="create a key (the key is printed once)")
    create.add_argument("--name", required=True, help="the system the key is for")
    create.add_argument("--scope", required=True, action="append", choices=KEY_SCOPES, help="scope (repeatable)")
    create.add_argument("--rate", type=int, default=10, help="requests per second (default 10)")
    create.add_argument("--quota", type=int, default=10_000, help="requests per day (default 10000)")
    create.add_argument("--expires", type=parse_expiry, help="YYYY-MM-DD (start of that day, Swedish time) or ISO time")
    actions.add_parser("list", help="list keys (never the secret)")
    revoke = actions.add_parser("revoke", help="revoke a key by id")
    revoke.add_argument("id", type=UUID)


def parse_expiry(raw: str) -> datetime:
    """A date (start of that day in Sweden) or an ISO 8601 timestamp (UTC when no offset is given)."""
    try:
        if len(raw) == 10:
            return datetime.combine(date.fromisoformat(raw), datetime.min.time(), STOCKHOLM)
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a date (YYYY-MM-DD) or ISO timestamp") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


async def _run(dsn: str, args: argparse.Namespace) -> int:
    pool = await create_pool(dsn, schema="gateway", app_name="lotsen-cli", min_size=1, max_size=2)
    try:
        if args.keys_action == "create":
            if args.expires is not None and args.expires <= datetime.now(UTC):
                print("lotsen keys create: --expires is in the past", file=sys.stderr)
                return 2
            key, secret, _ = await service.create_key(
                pool,
                name=args.name,
                scopes=args.scope,
                rate_per_second=args.rate,
                daily_quota=args.quota,
                expires_at=args.expires,
                created_by=f"cli:{getpass.getuser()}",
            )
            print(f"id:     {key.id}\nscopes: {' '.join(sorted(key.scopes))}\nkey:    {secret}")
            print("Store the key now: it is not shown again.", file=sys.stderr)
        elif args.keys_action == "list":
            now = datetime.now(UTC)
            after = None
            while True:
                keys = await service.list_keys(pool, after=after, limit=500)
                for k in keys[:500]:
                    expires = k.expires_at.isoformat() if k.expires_at else "-"
                    scopes = " ".join(sorted(k.scopes))
                    print(f"{k.id}  {k.status(now):8}  lsk_{k.prefix}_…  {scopes:30}  {expires}  {k.name}")
                if len(keys) <= 500:
                    break
                after = (keys[499].created_at, keys[499].id)
        else:
            key = await service.revoke_key(pool, key_id=args.id)
            print(f"revoked {key.id} ({key.name}); gateways stop accepting it within their key cache time")
    except NotFound as exc:
        print(f"lotsen keys: {exc.detail}", file=sys.stderr)
        return 1
    finally:
        await pool.close()
    return 0


def run(args: argparse.Namespace) -> int:
    """Run a ``keys`` sub-command against ``DATABASE_URL`` or the local cluster."""
    settings = load_settings()
    with database(settings) as dsn:
        return asyncio.run(_run(dsn, args))
