"""SQL of the jobs; each statement claims its work so that every piece happens exactly once."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from services.validation.outbox.domain import SUPPLEMENT_REMINDER
from services.validation.workflow.domain import OPEN


async def supplement_requests_open(conn: asyncpg.Connection, *, days: int, now: datetime) -> list[asyncpg.Record]:
    """Cases whose supplement request has been open longer than ``days`` and has not been reminded of yet.

    Two replicas may both read a case here; the reminder's dedupe key still holds it to one message.
    """
    return await conn.fetch(
        """
        SELECT a.id, a.reference, a.details, a.state_changed_at FROM applications a
         WHERE a.state = 'supplement_requested' AND a.state_changed_at < $3::timestamptz - make_interval(days => $1)
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.subject_id = a.id
                              AND o.topic = $2 AND o.created_at >= a.state_changed_at)
         ORDER BY a.state_changed_at, a.id
        """,
        days,
        SUPPLEMENT_REMINDER,
        now,
    )


async def flag_waiting(conn: asyncpg.Connection, *, days: int, now: datetime) -> list[UUID]:
    """Flag open cases submitted more than ``days`` ago (a row already flagged is skipped after the lock)."""
    rows = await conn.fetch(
        """
        UPDATE applications SET flagged_waiting_at = $3
         WHERE flagged_waiting_at IS NULL AND state = ANY($2::text[])
           AND submitted_at < $3::timestamptz - make_interval(days => $1)
        RETURNING id
        """,
        days,
        sorted(OPEN),
        now,
    )
    return [r["id"] for r in rows]


async def claim_expired(conn: asyncpg.Connection, *, months: int, limit: int, now: datetime) -> list[UUID]:
    """Lock withdrawn/rejected cases past retention that no other worker holds."""
    rows = await conn.fetch(
        """
        SELECT id FROM applications
         WHERE state IN ('withdrawn', 'rejected') AND purged_at IS NULL
           AND state_changed_at < $3::timestamptz - make_interval(months => $1)
         ORDER BY state_changed_at, id
         LIMIT $2
           FOR UPDATE SKIP LOCKED
        """,
        months,
        limit,
        now,
    )
    return [r["id"] for r in rows]


async def anonymise(conn: asyncpg.Connection, *, application_id: UUID) -> None:
    """Drop every personal detail; keep role, state and dates so statistics still count the case."""
    await conn.execute(
        """
        UPDATE applications
           SET details = '{"purged": true}'::jsonb, precheck = '{}'::jsonb, identity_number = NULL,
               identity_kind = NULL, owner_sub = NULL, tracking_code_hash = NULL, assessment = NULL,
               purged_at = now(), updated_at = now(), version = version + 1
         WHERE id = $1
        """,
        application_id,
    )
