"""SQL of the outbox, the same in every service's schema: ``outbox`` and ``outbox_attempts`` (search_path).

Times come from the engine's clock (``now``), so the lease, the backoff and the attempt log follow an
injected clock; only ``created_at`` is the database's own time of the producing transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from shared.outbox.domain import Notice


async def enqueue(
    conn: asyncpg.Connection,
    *,
    kind: str,
    topic: str,
    payload: Mapping[str, Any],
    dedupe_key: str | None = None,
    subject_id: UUID | None = None,
    subscription_id: UUID | None = None,
    sequence: int | None = None,
) -> bool:
    """Queue one message in the caller's transaction; False when ``(kind, dedupe_key)`` is already queued."""
    result = await conn.execute(
        "INSERT INTO outbox (kind, topic, dedupe_key, subject_id, subscription_id, sequence, payload) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kind, dedupe_key) DO NOTHING",
        kind, topic, dedupe_key, subject_id, subscription_id, sequence, dict(payload),
    )  # fmt: skip
    return result.endswith(" 1")


async def enqueue_notice(conn: asyncpg.Connection, notice: Notice | None) -> bool:
    """Queue a message to a person in the caller's transaction (None: nobody to reach); False when queued before."""
    if notice is None:
        return False
    return await enqueue(
        conn, kind=notice.kind, topic=notice.topic, payload=notice.payload, dedupe_key=notice.dedupe_key,
        subject_id=notice.subject_id,
    )  # fmt: skip


async def claim_due(
    conn: asyncpg.Connection, *, kinds: Sequence[str], limit: int, now: datetime, lease_until: datetime
) -> list[asyncpg.Record]:
    """Lease due messages of ``kinds`` (SKIP LOCKED) so that one replica attempts each.

    A message never tried is due at once; a retried one when its backoff has passed. The lease is written
    in the claiming statement, so once it commits no other replica sees the message as due until the lease
    runs out (a crashed replica's messages come back then). ``attempts`` goes up with every claim: it is the
    fencing token that ``record_attempt`` checks.
    """
    return await conn.fetch(
        """
        WITH due AS (
            SELECT id FROM outbox
             WHERE delivered_at IS NULL AND failed_at IS NULL AND kind = ANY($1::text[])
               AND (attempts = 0 OR next_attempt_at <= $3)
               AND (leased_until IS NULL OR leased_until <= $3)
             ORDER BY next_attempt_at, id
             LIMIT $2
               FOR UPDATE SKIP LOCKED
        )
        UPDATE outbox o SET attempts = o.attempts + 1, leased_until = $4
          FROM due WHERE o.id = due.id
        RETURNING o.id, o.event_id, o.kind, o.topic, o.subject_id, o.subscription_id, o.sequence, o.payload,
                  o.created_at, o.attempts
        """,
        list(kinds),
        limit,
        now,
        lease_until,
    )


async def record_attempt(
    conn: asyncpg.Connection,
    *,
    outbox_id: int,
    attempt: int,
    outcome: str,
    detail: str | None,
    now: datetime,
    retry_at: datetime | None,
) -> bool:
    """Log the attempt, then mark the message delivered, due again at ``retry_at``, or failed for good.

    A failure or refusal counts only while the lease holds (``attempts`` unchanged): once another replica
    has claimed the message, that replica's attempt decides. A success always counts, however late: the
    receiver has the message. Every attempt is logged. Returns whether the message's state changed.
    """
    await conn.execute(
        "INSERT INTO outbox_attempts (outbox_id, attempt, outcome, detail, attempted_at) "
        "SELECT id, $2, $3, $4, $5 FROM outbox WHERE id = $1",
        outbox_id, attempt, outcome, detail, now,
    )  # fmt: skip
    if outcome == "delivered":
        result = await conn.execute(
            "UPDATE outbox SET delivered_at = $2, failed_at = NULL, leased_until = NULL, last_error = NULL "
            "WHERE id = $1 AND delivered_at IS NULL",
            outbox_id,
            now,
        )
        return result.endswith(" 1")
    result = await conn.execute(
        """
        UPDATE outbox
           SET leased_until = NULL, last_error = $3,
               failed_at = CASE WHEN $5::timestamptz IS NULL THEN $4::timestamptz END,
               next_attempt_at = coalesce($5::timestamptz, next_attempt_at)
         WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL AND failed_at IS NULL
        """,
        outbox_id,
        attempt,
        detail,
        now,
        retry_at,
    )
    return result.endswith(" 1")


async def attempts_of_subscription(
    conn: asyncpg.Connection, *, subscription_id: UUID, limit: int
) -> list[asyncpg.Record]:
    """The newest attempts at a subscription's messages: outcome only, never the operator's detail."""
    return await conn.fetch(
        "SELECT a.id, o.event_id, o.topic, o.sequence, a.attempt, a.outcome, a.attempted_at "
        "FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id "
        "WHERE o.subscription_id = $1 ORDER BY a.id DESC LIMIT $2",
        subscription_id,
        limit,
    )


async def delete_for_subject(conn: asyncpg.Connection, *, subject_id: UUID) -> int:
    """Forget every message about ``subject_id`` (and its attempts); return how many."""
    result = await conn.execute("DELETE FROM outbox WHERE subject_id = $1", subject_id)
    return int(result.split()[-1])
