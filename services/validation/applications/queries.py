"""SQL for applications and their event log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import asyncpg


async def insert_application(
    conn: asyncpg.Connection,
    *,
    application_id: UUID,
    reference: str,
    owner_sub: str | None,
    tracking_hash: bytes | None,
    role_code: str,
    profile_code: str | None,
    identity_kind: str,
    identity_number: str | None,
    protected_identity: bool,
    preferred_language: str,
    details: Mapping[str, Any],
    precheck: Mapping[str, Any],
) -> asyncpg.Record:
    """Store a new application in state ``submitted``; a duplicate reference raises UniqueViolation."""
    return await conn.fetchrow(
        """
        INSERT INTO applications (id, reference, owner_sub, tracking_code_hash, role_code, profile_code,
                                  identity_kind, identity_number, protected_identity, preferred_language,
                                  details, precheck)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        RETURNING *
        """,
        application_id,
        reference,
        owner_sub,
        tracking_hash,
        role_code,
        profile_code,
        identity_kind,
        identity_number,
        protected_identity,
        preferred_language,
        dict(details),
        dict(precheck),
    )


async def get_application(
    conn: asyncpg.Connection, *, application_id: UUID, lock: bool = False
) -> asyncpg.Record | None:
    """One application (``lock`` takes the row lock for an update)."""
    sql = "SELECT * FROM applications WHERE id = $1"
    return await conn.fetchrow(sql + (" FOR UPDATE" if lock else ""), application_id)


async def change_state(
    conn: asyncpg.Connection,
    *,
    application_id: UUID,
    state: str,
    assessment: Mapping[str, Any] | None = None,
    decided: bool = False,
) -> asyncpg.Record:
    """Move the case to ``state``, bump its version; keep the assessment unless a new one is given."""
    return await conn.fetchrow(
        """
        UPDATE applications
           SET state = $2, version = version + 1, state_changed_at = now(), updated_at = now(),
               assessment = coalesce($3::jsonb, assessment),
               decided_at = CASE WHEN $4 THEN now() ELSE decided_at END,
               flagged_waiting_at = CASE WHEN $2 IN ('decided', 'closed', 'withdrawn', 'rejected')
                                         THEN NULL ELSE flagged_waiting_at END
         WHERE id = $1
        RETURNING *
        """,
        application_id,
        state,
        dict(assessment) if assessment is not None else None,
        decided,
    )


async def assign(conn: asyncpg.Connection, *, application_id: UUID, assignee: str | None) -> asyncpg.Record:
    """Assign the case to a caseworker (or nobody), bumping its version."""
    return await conn.fetchrow(
        "UPDATE applications SET assigned_to = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *",
        application_id,
        assignee,
    )


async def map_experience_ssyk(
    conn: asyncpg.Connection, *, application_id: UUID, index: int, ssyk: str | None
) -> asyncpg.Record:
    """Set (or, with None, remove) ``mappedSsyk`` on experience entry ``index``, bumping the case's version."""
    return await conn.fetchrow(
        """
        UPDATE applications
           SET details = CASE WHEN $3::text IS NULL
                              THEN details #- ARRAY['experience', $2::text, 'mappedSsyk']
                              ELSE jsonb_set(details, ARRAY['experience', $2::text, 'mappedSsyk'], to_jsonb($3::text))
                         END,
               version = version + 1, updated_at = now()
         WHERE id = $1
        RETURNING *
        """,
        application_id,
        str(index),
        ssyk,
    )


async def insert_event(
    conn: asyncpg.Connection,
    *,
    application_id: UUID,
    from_state: str | None,
    to_state: str,
    actor: str,
    actor_role: str,
    reason: str | None,
) -> None:
    """Append a transition to the case's event log."""
    await conn.execute(
        "INSERT INTO case_events (application_id, from_state, to_state, actor, actor_role, reason)"
        " VALUES ($1, $2, $3, $4, $5, $6)",
        application_id,
        from_state,
        to_state,
        actor,
        actor_role,
        reason,
    )


async def events(conn: asyncpg.Connection, *, application_id: UUID) -> list[asyncpg.Record]:
    """The case's event log, oldest first."""
    return await conn.fetch(
        "SELECT from_state, to_state, actor, actor_role, reason, at FROM case_events"
        " WHERE application_id = $1 ORDER BY id",
        application_id,
    )


async def document_kinds(conn: asyncpg.Connection, *, application_id: UUID) -> set[str]:
    """Kinds of document already uploaded to the case."""
    rows = await conn.fetch("SELECT DISTINCT kind FROM documents WHERE application_id = $1", application_id)
    return {r["kind"] for r in rows}


async def documents(conn: asyncpg.Connection, *, application_id: UUID) -> list[asyncpg.Record]:
    """Document metadata of the case (never the bytes), oldest first."""
    return await conn.fetch(
        "SELECT id, kind, filename, media_type, size_bytes, sha256, uploaded_at FROM documents"
        " WHERE application_id = $1 ORDER BY uploaded_at, id",
        application_id,
    )


async def decision(conn: asyncpg.Connection, *, application_id: UUID) -> asyncpg.Record | None:
    """The case's decision, if one was made."""
    return await conn.fetchrow("SELECT * FROM decisions WHERE application_id = $1", application_id)


async def id_by_reference(conn: asyncpg.Connection, *, reference: str) -> UUID | None:
    """The id of the case with this reference (case-insensitive), if any."""
    return await conn.fetchval("SELECT id FROM applications WHERE upper(reference) = upper($1)", reference)


async def cases_of_owner(conn: asyncpg.Connection, *, owner_sub: str) -> list[asyncpg.Record]:
    """A signed-in applicant's own cases, newest first (purged cases have no owner any more)."""
    return await conn.fetch(
        """
        SELECT a.id, a.reference, a.role_code, a.state, a.submitted_at, a.state_changed_at, a.version,
               d.outcome
          FROM applications a LEFT JOIN decisions d ON d.application_id = a.id
         WHERE a.owner_sub = $1
         ORDER BY a.submitted_at DESC, a.id
        """,
        owner_sub,
    )
