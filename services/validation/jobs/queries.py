"""SQL of the jobs; each statement claims its work so that every piece happens exactly once."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from services.validation.workflow.domain import OPEN


async def supplement_requests_open(conn: asyncpg.Connection, *, days: int) -> list[asyncpg.Record]:
    """Cases whose supplement request has been open longer than ``days`` (each reminded once, by its dedupe key)."""
    return await conn.fetch(
        """
        SELECT id, reference, details, state_changed_at FROM applications
         WHERE state = 'supplement_requested' AND state_changed_at < now() - make_interval(days => $1)
         ORDER BY state_changed_at, id
        """,
        days,
    )


async def flag_waiting(conn: asyncpg.Connection, *, days: int) -> list[UUID]:
    """Flag open cases submitted more than ``days`` ago (a row already flagged is skipped after the lock)."""
    rows = await conn.fetch(
        """
        UPDATE applications SET flagged_waiting_at = now()
         WHERE flagged_waiting_at IS NULL AND state = ANY($2::text[])
           AND submitted_at < now() - make_interval(days => $1)
        RETURNING id
        """,
        days,
        sorted(OPEN),
    )
    return [r["id"] for r in rows]


async def claim_expired(conn: asyncpg.Connection, *, months: int, limit: int) -> list[UUID]:
    """Lock withdrawn/rejected cases past retention that no other worker holds."""
    rows = await conn.fetch(
        """
        SELECT id FROM applications
         WHERE state IN ('withdrawn', 'rejected') AND purged_at IS NULL
           AND state_changed_at < now() - make_interval(months => $1)
         ORDER BY state_changed_at, id
         LIMIT $2
           FOR UPDATE SKIP LOCKED
        """,
        months,
        limit,
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
