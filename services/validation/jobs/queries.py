"""SQL of the jobs; each statement claims its work so that every piece happens exactly once."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from services.validation.applications.states import OPEN


async def queue_supplement_reminders(conn: asyncpg.Connection, *, days: int) -> list[UUID]:
    """One outbox reminder per open supplement request older than ``days`` (the dedupe key holds it to one)."""
    rows = await conn.fetch(
        """
        INSERT INTO outbox (topic, dedupe_key, application_id, payload)
        SELECT 'applicant.supplement_reminder',
               'supplement-reminder:' || id || ':' || extract(epoch FROM state_changed_at)::bigint,
               id,
               jsonb_build_object('applicationId', id, 'reference', reference, 'language', preferred_language,
                                  'requestedAt', state_changed_at)
          FROM applications
         WHERE state = 'supplement_requested' AND state_changed_at < now() - make_interval(days => $1)
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING application_id
        """,
        days,
    )
    return [r["application_id"] for r in rows]


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
