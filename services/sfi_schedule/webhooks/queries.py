"""SQL for webhook subscriptions: create, read, stop, number their events and look up where deliveries go."""

# ruff: noqa: S608 - only the constant column list is interpolated; values are $n parameters.

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

SUB_COLS = "id, consumer, target_url, resource_types, expires_at, created_at, deleted_at"


async def insert_subscription(
    conn: asyncpg.Connection,
    *,
    id: UUID,
    consumer: str,
    target_url: str,
    resource_types: list[str],
    secret: str,
    expires_at: datetime | None,
) -> asyncpg.Record:
    """Create a subscription."""
    return await conn.fetchrow(
        "INSERT INTO sfi.webhook_subscriptions (id, consumer, target_url, resource_types, secret, expires_at) "
        f"VALUES ($1, $2, $3, $4, $5, $6) RETURNING {SUB_COLS}",
        id, consumer, target_url, resource_types, secret, expires_at,
    )  # fmt: skip


async def get_subscription(conn: asyncpg.Connection, *, id: UUID) -> asyncpg.Record | None:
    """A live subscription."""
    return await conn.fetchrow(
        f"SELECT {SUB_COLS} FROM sfi.webhook_subscriptions WHERE id = $1 AND deleted_at IS NULL",
        id,
    )


async def list_subscriptions(conn: asyncpg.Connection, *, consumer: str | None) -> list[asyncpg.Record]:
    """Live subscriptions (of one consumer, or all for an administrator)."""
    return await conn.fetch(
        f"SELECT {SUB_COLS} FROM sfi.webhook_subscriptions WHERE deleted_at IS NULL "
        "AND ($1::text IS NULL OR consumer = $1) ORDER BY created_at, id",
        consumer,
    )


async def delete_subscription(conn: asyncpg.Connection, *, id: UUID) -> None:
    """Stop a subscription; its pending messages are not delivered."""
    await conn.execute("UPDATE sfi.webhook_subscriptions SET deleted_at = now() WHERE id = $1", id)


async def next_sequences(conn: asyncpg.Connection, *, resource_type: str) -> list[asyncpg.Record]:
    """Number the next event of every live, unexpired subscription to ``resource_type``: ``(id, sequence)``.

    The row lock taken here holds until the producing transaction ends, so concurrent producers number a
    subscription's events one after the other, in commit order.
    """
    return await conn.fetch(
        "UPDATE sfi.webhook_subscriptions SET last_sequence = last_sequence + 1 "
        "WHERE deleted_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AND $1 = ANY(resource_types) "
        "RETURNING id, last_sequence AS sequence",
        resource_type,
    )


async def targets(conn: asyncpg.Connection, *, ids: list[UUID]) -> list[asyncpg.Record]:
    """URL and secret of the live subscriptions among ``ids`` (where their messages go now)."""
    return await conn.fetch(
        "SELECT id, target_url, secret FROM sfi.webhook_subscriptions "
        "WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL",
        ids,
    )
