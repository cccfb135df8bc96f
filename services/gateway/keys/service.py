"""API key use cases: create (shown once, idempotent), list, get, revoke, and lookup for authentication."""

from __future__ import annotations

import uuid
from datetime import datetime
from uuid import UUID

import asyncpg

from services.gateway.keys import queries
from services.gateway.keys.domain import ApiKey, hash_key, new_key
from shared.db import transaction
from shared.errors import NotFound
from shared.idempotency import Outcome, request_fingerprint, run_once


def key_of(row: asyncpg.Record) -> ApiKey:
    """A database row as an :class:`ApiKey`."""
    return ApiKey(**{**dict(row), "scopes": frozenset(row["scopes"])})


async def create_key(
    pool: asyncpg.Pool,
    *,
    name: str,
    scopes: list[str],
    rate_per_second: int,
    daily_quota: int,
    expires_at: datetime | None,
    created_by: str,
    idempotency_key: str | None = None,
) -> tuple[ApiKey, str | None, bool]:
    """Create a key; return it, the full secret key (None on an idempotent replay) and whether replayed.

    The secret is never stored, not even in the idempotency record: a replay returns the same key's
    metadata without the secret (revoke it and create another if the first answer was lost).
    """
    fingerprint = request_fingerprint(name, sorted(scopes), rate_per_second, daily_quota, expires_at)
    secret: list[str] = []

    async def work() -> Outcome:
        prefix, full = new_key()
        secret.append(full)
        row = await queries.insert_key(
            conn,
            key_id=uuid.uuid4(),
            prefix=prefix,
            key_hash=hash_key(full),
            name=name,
            scopes=sorted(set(scopes)),
            rate_per_second=rate_per_second,
            daily_quota=daily_quota,
            expires_at=expires_at,
            created_by=created_by,
        )
        return Outcome(201, {"id": str(row["id"])})

    async with transaction(pool) as conn:
        outcome = await run_once(
            conn,
            schema="gateway",
            consumer=created_by,
            key=idempotency_key,
            fingerprint=fingerprint,
            work=work,
        )
        row = await queries.key_by_id(conn, key_id=UUID(outcome.body["id"]))
    return key_of(row), (secret[0] if secret and not outcome.replayed else None), outcome.replayed


async def find_key(pool: asyncpg.Pool, *, prefix: str) -> ApiKey | None:
    """The key with this lookup prefix (for authentication; revoked and expired keys included)."""
    async with pool.acquire() as conn:
        row = await queries.key_by_prefix(conn, prefix=prefix)
    return key_of(row) if row else None


async def get_key(pool: asyncpg.Pool, *, key_id: UUID) -> ApiKey:
    """One key by id, or 404."""
    async with pool.acquire() as conn:
        row = await queries.key_by_id(conn, key_id=key_id)
    if row is None:
        raise NotFound("No such API key")
    return key_of(row)


async def list_keys(pool: asyncpg.Pool, *, after: tuple[datetime, UUID] | None, limit: int) -> list[ApiKey]:
    """Keys in creation order (``limit + 1`` rows so the caller can tell whether there is a next page)."""
    async with pool.acquire() as conn:
        rows = await queries.list_keys(conn, after=after, limit=limit)
    return [key_of(r) for r in rows]


async def revoke_key(pool: asyncpg.Pool, *, key_id: UUID) -> ApiKey:
    """Revoke a key (idempotent: revoking twice keeps the first time), or 404."""
    async with transaction(pool) as conn:
        row = await queries.revoke_key(conn, key_id=key_id)
    if row is None:
        raise NotFound("No such API key")
    return key_of(row)
