"""SQL for decisions (one per case, enforced by the primary key)."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from services.validation.decisions.domain import Decision


async def insert_decision(
    conn: asyncpg.Connection,
    *,
    application_id: UUID,
    profile_code: str,
    decision: Decision,
    note: str | None,
    decided_by: str,
) -> None:
    """Store the decision; a second one for the same case raises UniqueViolation."""
    await conn.execute(
        """
        INSERT INTO decisions (application_id, profile_code, outcome, courses, gap_list,
                               points_validated, points_remaining, note, decided_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """,
        application_id,
        profile_code,
        decision.outcome,
        [dict(c) for c in decision.courses],
        [dict(g) for g in decision.gap_list],
        decision.points_validated,
        decision.points_remaining,
        note,
        decided_by,
    )
