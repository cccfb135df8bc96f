"""SQL for the caseworker queue and statistics."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg


async def queue(
    conn: asyncpg.Connection,
    *,
    states: list[str],
    role_code: str | None,
    waiting_days: int | None,
    assignee: str | None,
    after: tuple[datetime, UUID] | None,
    limit: int,
    now: datetime,
) -> list[asyncpg.Record]:
    """Cases oldest first, keyset-paged on (submitted_at, id) so pages stay stable under inserts."""
    return await conn.fetch(
        """
        SELECT id, reference, role_code, state, submitted_at, state_changed_at, assigned_to,
               flagged_waiting_at, protected_identity, details -> 'name' AS name
          FROM applications
         WHERE state = ANY($1::text[])
           AND ($2::text IS NULL OR role_code = $2)
           AND ($3::int IS NULL OR submitted_at < $8::timestamptz - make_interval(days => $3))
           AND ($4::text IS NULL OR assigned_to = $4)
           AND purged_at IS NULL
           AND ($5::timestamptz IS NULL OR (submitted_at, id) > ($5, $6::uuid))
         ORDER BY submitted_at, id
         LIMIT $7
        """,
        states,
        role_code,
        waiting_days,
        assignee,
        after[0] if after else None,
        after[1] if after else None,
        limit,
        now,
    )


async def search(conn: asyncpg.Connection, *, reference: str | None, number: str | None, name: str | None,
                 limit: int) -> list[asyncpg.Record]:  # fmt: skip
    """Cases whose reference, identity number or name matches; newest first. A name never finds a
    protected identity (its name is not shown to staff); the reference or the number does."""
    return await conn.fetch(
        """
        SELECT id, reference, role_code, state, submitted_at, state_changed_at, assigned_to,
               flagged_waiting_at, protected_identity, details -> 'name' AS name
          FROM applications
         WHERE purged_at IS NULL
           AND (($1::text IS NOT NULL AND upper(reference) LIKE $1 || '%')
             OR ($2::text IS NOT NULL AND identity_number = $2)
             OR ($3::text IS NOT NULL AND NOT protected_identity
                 AND lower((details -> 'name' ->> 'given') || ' ' || (details -> 'name' ->> 'family'))
                     LIKE '%' || $3 || '%'))
         ORDER BY submitted_at DESC, id
         LIMIT $4
        """,
        reference,
        number,
        name,
        limit,
    )


async def statistics(conn: asyncpg.Connection) -> dict:
    """Counts per state, role and outcome and the median days to a decision (purged cases included)."""
    by_state = await conn.fetch("SELECT state AS k, count(*) AS n FROM applications GROUP BY state")
    by_role = await conn.fetch("SELECT role_code AS k, count(*) AS n FROM applications GROUP BY role_code")
    by_outcome = await conn.fetch("SELECT outcome AS k, count(*) AS n FROM decisions GROUP BY outcome")
    median = await conn.fetchval(
        """
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at) / 86400)
          FROM applications WHERE decided_at IS NOT NULL
        """
    )
    total = await conn.fetchval("SELECT count(*) FROM applications")
    purged = await conn.fetchval("SELECT count(*) FROM applications WHERE purged_at IS NOT NULL")
    return {
        "total": total,
        "purged": purged,
        "byState": {r["k"]: r["n"] for r in by_state},
        "byRole": {r["k"]: r["n"] for r in by_role},
        "byOutcome": {r["k"]: r["n"] for r in by_outcome},
        "medianDaysToDecision": round(median, 1) if median is not None else None,
    }
