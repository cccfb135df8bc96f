"""SQL of the outbox: enqueue in the caller's transaction, lease due messages, record each attempt."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from services.validation.outbox.domain import Message


async def enqueue(conn: asyncpg.Connection, *, message: Message) -> bool:
    """Queue ``message`` (in the caller's transaction); False when its dedupe key is already queued."""
    result = await conn.execute(
        "INSERT INTO outbox (topic, dedupe_key, application_id, payload) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (dedupe_key) DO NOTHING",
        message.topic,
        message.dedupe_key,
        message.application_id,
        dict(message.payload),
    )
    return result.endswith(" 1")


async def claim_due(conn: asyncpg.Connection, *, limit: int, lease_seconds: float) -> list[asyncpg.Record]:
    """Lease due messages (SKIP LOCKED) so one replica attempts each; with the case's contact for the recipient.

    The lease is written in the claiming statement, so once it commits no other replica sees the message
    as due until the lease runs out (a crashed replica's messages come back then). ``attempts`` is the
    fencing token: the result of an attempt is recorded only if nobody has claimed the message since.
    """
    return await conn.fetch(
        """
        WITH due AS (
            SELECT id FROM outbox
             WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
               AND (leased_until IS NULL OR leased_until <= now())
             ORDER BY next_attempt_at, id
             LIMIT $1
               FOR UPDATE SKIP LOCKED
        ), claimed AS (
            UPDATE outbox o SET attempts = o.attempts + 1, leased_until = now() + make_interval(secs => $2)
              FROM due WHERE o.id = due.id
            RETURNING o.id, o.event_id, o.topic, o.application_id, o.payload, o.created_at, o.attempts
        )
        SELECT c.*, a.details -> 'contact' AS contact, coalesce(a.protected_identity, false) AS protected_identity
          FROM claimed c LEFT JOIN applications a ON a.id = c.application_id
         ORDER BY c.id
        """,
        limit,
        float(lease_seconds),
    )


async def record_attempt(
    conn: asyncpg.Connection,
    *,
    outbox_id: int,
    attempt: int,
    status_code: int | None,
    error: str | None,
    duration_ms: int,
    delivered: bool,
    retry_in: float | None,
) -> bool:
    """Log the attempt, then mark the message delivered, due again after ``retry_in`` s, or failed (no retry).

    A failure counts only while the lease holds (``attempts`` unchanged): once another replica has claimed
    the message, that replica's attempt decides. A success always counts, however late: the message arrived.
    Returns whether the message's state changed.
    """
    await conn.execute(
        "INSERT INTO outbox_deliveries (outbox_id, attempt, status_code, error, duration_ms) "
        "SELECT id, $2, $3, $4, $5 FROM outbox WHERE id = $1",
        outbox_id, attempt, status_code, error, duration_ms,
    )  # fmt: skip
    if delivered:
        result = await conn.execute(
            "UPDATE outbox SET delivered_at = now(), failed_at = NULL, leased_until = NULL, last_error = NULL "
            "WHERE id = $1 AND delivered_at IS NULL",
            outbox_id,
        )
        return result.endswith(" 1")
    result = await conn.execute(
        """
        UPDATE outbox
           SET leased_until = NULL, last_error = $3,
               failed_at = CASE WHEN $4::float8 IS NULL THEN now() END,
               next_attempt_at = CASE WHEN $4::float8 IS NULL THEN next_attempt_at
                                      ELSE now() + make_interval(secs => $4::float8) END
         WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL AND failed_at IS NULL
        """,
        outbox_id,
        attempt,
        error,
        retry_in,
    )
    return result.endswith(" 1")


async def delete_for_application(conn: asyncpg.Connection, *, application_id: UUID) -> int:
    """Forget a purged case's messages (and their delivery log); return how many."""
    result = await conn.execute("DELETE FROM outbox WHERE application_id = $1", application_id)
    return int(result.split()[-1])
