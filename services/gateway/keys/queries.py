"""SQL for API keys and daily usage (schema ``gateway``)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import asyncpg

_COLUMNS = (
    "id, prefix, key_hash, name, scopes, rate_per_second, daily_quota, expires_at, revoked_at, created_at, created_by"
)

_INSERT = (
    "INSERT INTO gateway.api_keys (id, prefix, key_hash, name, scopes, rate_per_second, daily_quota, expires_at, "
    "created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
    "RETURNING id, prefix, key_hash, name, scopes, rate_per_second, daily_quota, expires_at, revoked_at, "
    "created_at, created_by"
)
_REVOKE = (
    "UPDATE gateway.api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 "
    "RETURNING id, prefix, key_hash, name, scopes, rate_per_second, daily_quota, expires_at, revoked_at, "
    "created_at, created_by"
)


async def insert_key(
    conn: asyncpg.Connection,
    *,
    key_id: UUID,
    prefix: str,
    key_hash: str,
    name: str,
    scopes: list[str],
    rate_per_second: int,
    daily_quota: int,
    expires_at: datetime | None,
    created_by: str,
) -> asyncpg.Record:
    """Store a new key (its hash only)."""
    return await conn.fetchrow(
        _INSERT,
        key_id,
        prefix,
        key_hash,
        name,
        scopes,
        rate_per_second,
        daily_quota,
        expires_at,
        created_by,
    )


async def key_by_prefix(conn: asyncpg.Connection, *, prefix: str) -> asyncpg.Record | None:
    """The key with this lookup prefix."""
    return await conn.fetchrow(f"SELECT {_COLUMNS} FROM gateway.api_keys WHERE prefix = $1", prefix)  # noqa: S608


async def key_by_id(conn: asyncpg.Connection, *, key_id: UUID) -> asyncpg.Record | None:
    """One key by id."""
    return await conn.fetchrow(f"SELECT {_COLUMNS} FROM gateway.api_keys WHERE id = $1", key_id)  # noqa: S608


async def list_keys(
    conn: asyncpg.Connection, *, after: tuple[datetime, UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Keys in creation order, keyset-paged on ``(created_at, id)``; fetch ``limit + 1`` to see a next page."""
    if after is None:
        return await conn.fetch(
            f"SELECT {_COLUMNS} FROM gateway.api_keys ORDER BY created_at, id LIMIT $1",  # noqa: S608
            limit + 1,
        )
    return await conn.fetch(
        f"SELECT {_COLUMNS} FROM gateway.api_keys WHERE (created_at, id) > ($1, $2) "  # noqa: S608
        "ORDER BY created_at, id LIMIT $3",
        after[0],
        after[1],
        limit + 1,
    )


async def revoke_key(conn: asyncpg.Connection, *, key_id: UUID) -> asyncpg.Record | None:
    """Mark a key revoked (the first revocation time is kept)."""
    return await conn.fetchrow(
        _REVOKE,
        key_id,
    )


async def count_request(conn: asyncpg.Connection | asyncpg.Pool, *, consumer: str, day: date) -> int:
    """Count one request against today's quota, atomically across replicas; return today's count."""
    return await conn.fetchval(
        "INSERT INTO gateway.daily_usage (consumer, day, count) VALUES ($1, $2, 1) "
        "ON CONFLICT (consumer, day) DO UPDATE SET count = gateway.daily_usage.count + 1 RETURNING count",
        consumer,
        day,
    )
