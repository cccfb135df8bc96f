"""SQL for webhook subscriptions, the outbox and the delivery log."""

# ruff: noqa: S608 - only the constant column list is interpolated; values are $n parameters.

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

SUB_COLS = "id, consumer, target_url, resource_types, expires_at, created_at, deleted_at"


async def enqueue(conn: asyncpg.Connection, *, resource_type: str, event: dict[str, Any]) -> int:
    """Fan an event out to every live, unexpired subscription for ``resource_type``; return how many."""
    result = await conn.execute(
        "INSERT INTO sfi.webhook_outbox (subscription_id, event_id, payload) "
        "SELECT id, $2::uuid, $3::jsonb FROM sfi.webhook_subscriptions "
        "WHERE deleted_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AND $1 = ANY(resource_types)",
        resource_type,
        event["id"],
        event,
    )
    return int(result.split()[-1])


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
    """Stop a subscription; pending messages are not delivered."""
    await conn.execute("UPDATE sfi.webhook_subscriptions SET deleted_at = now() WHERE id = $1", id)


async def claim_due(conn: asyncpg.Connection, *, limit: int, lease_seconds: float) -> list[asyncpg.Record]:
    """Lease due messages (SKIP LOCKED) so one replica attempts each; the lease covers one POST deadline.

    The lease is written in the claiming statement (``next_attempt_at`` moves past it), so once this commits
    no other replica sees the message as due until the lease runs out (a crashed replica's messages come back
    then). ``attempts`` is the fencing token: an attempt's result counts only if nobody has claimed since.
    """
    return await conn.fetch(
        "WITH due AS (SELECT o.id FROM sfi.webhook_outbox o JOIN sfi.webhook_subscriptions s "
        "  ON s.id = o.subscription_id AND s.deleted_at IS NULL "
        "  WHERE o.delivered_at IS NULL AND o.gave_up_at IS NULL AND o.next_attempt_at <= now() "
        "  ORDER BY o.next_attempt_at, o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED) "
        "UPDATE sfi.webhook_outbox o SET attempts = o.attempts + 1, "
        "  next_attempt_at = now() + make_interval(secs => $2) "
        "FROM due, sfi.webhook_subscriptions s WHERE o.id = due.id AND s.id = o.subscription_id "
        "RETURNING o.id, o.subscription_id, o.payload, o.attempts, s.target_url, s.secret",
        limit,
        float(lease_seconds),
    )


async def record_attempt(
    conn: asyncpg.Connection,
    *,
    outbox_id: int,
    subscription_id: UUID,
    attempt: int,
    status_code: int | None,
    error: str | None,
    duration_ms: int,
    delivered: bool,
    retry_in: float | None,
) -> bool:
    """Log one attempt, then mark the message delivered, due again after ``retry_in`` s, or given up (None).

    A failure counts only while the claim holds (``attempts`` still equals ``attempt``): once another replica
    has claimed the message, that replica's attempt decides. A success always counts, however late: the
    receiver has the event. Every attempt is logged. Returns whether the message's state changed.
    """
    await conn.execute(
        "INSERT INTO sfi.webhook_deliveries (subscription_id, outbox_id, attempt, status_code, error, duration_ms) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        subscription_id, outbox_id, attempt, status_code, error, duration_ms,
    )  # fmt: skip
    if delivered:
        result = await conn.execute(
            "UPDATE sfi.webhook_outbox SET delivered_at = now(), gave_up_at = NULL "
            "WHERE id = $1 AND delivered_at IS NULL",
            outbox_id,
        )
        return result.endswith(" 1")
    result = await conn.execute(
        """
        UPDATE sfi.webhook_outbox
           SET gave_up_at = CASE WHEN $3::float8 IS NULL THEN now() END,
               next_attempt_at = CASE WHEN $3::float8 IS NULL THEN next_attempt_at
                                      ELSE now() + make_interval(secs => $3::float8) END
         WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL AND gave_up_at IS NULL
        """,
        outbox_id,
        attempt,
        retry_in,
    )
    return result.endswith(" 1")


async def deliveries(conn: asyncpg.Connection, *, subscription_id: UUID, limit: int) -> list[asyncpg.Record]:
    """The newest delivery attempts of a subscription."""
    return await conn.fetch(
        "SELECT d.id, d.outbox_id, o.event_id, d.attempt, d.status_code, d.error, d.duration_ms, d.attempted_at, "
        "o.delivered_at, o.gave_up_at FROM sfi.webhook_deliveries d JOIN sfi.webhook_outbox o ON o.id = d.outbox_id "
        "WHERE d.subscription_id = $1 ORDER BY d.id DESC LIMIT $2",
        subscription_id,
        limit,
    )
