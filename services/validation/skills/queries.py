"""SQL for skills mappings and the applications made from them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg


async def insert_mapping(
    conn: asyncpg.Connection,
    *,
    mapping_id: UUID,
    reference: str,
    owner_sub: str | None,
    tracking_hash: bytes | None,
    recorded_by: str,
    recorded_role: str,
    municipality: str,
    preferred_language: str,
    details: Mapping[str, Any],
) -> asyncpg.Record:
    """Store a new mapping; a duplicate reference raises UniqueViolation."""
    return await conn.fetchrow(
        """
        INSERT INTO skills_mappings (id, reference, owner_sub, tracking_code_hash, recorded_by, recorded_role,
                                     municipality, preferred_language, details)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        RETURNING *
        """,
        mapping_id,
        reference,
        owner_sub,
        tracking_hash,
        recorded_by,
        recorded_role,
        municipality,
        preferred_language,
        dict(details),
    )


async def get_mapping(conn: asyncpg.Connection, *, mapping_id: UUID, lock: bool = False) -> asyncpg.Record | None:
    """One mapping (``lock`` takes the row lock for an update)."""
    sql = "SELECT * FROM skills_mappings WHERE id = $1"
    return await conn.fetchrow(sql + (" FOR UPDATE" if lock else ""), mapping_id)


async def id_by_reference(conn: asyncpg.Connection, *, reference: str) -> UUID | None:
    """The id of the mapping with this reference (case-insensitive), if any."""
    return await conn.fetchval("SELECT id FROM skills_mappings WHERE upper(reference) = upper($1)", reference)


async def update_mapping(
    conn: asyncpg.Connection,
    *,
    mapping_id: UUID,
    municipality: str,
    preferred_language: str,
    details: Mapping[str, Any],
) -> asyncpg.Record:
    """Replace what the mapping records, bumping its version."""
    return await conn.fetchrow(
        """
        UPDATE skills_mappings
           SET municipality = $2, preferred_language = $3, details = $4, version = version + 1, updated_at = now()
         WHERE id = $1
        RETURNING *
        """,
        mapping_id,
        municipality,
        preferred_language,
        dict(details),
    )


async def list_mappings(
    conn: asyncpg.Connection, *, owner_sub: str | None, after: tuple[datetime, UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Mappings newest first (only ``owner_sub``'s when given), keyset on (created_at, id)."""
    return await conn.fetch(
        """
        SELECT id, reference, recorded_role, municipality, details -> 'name' AS name, version, created_at,
               updated_at, owner_sub IS NOT NULL AS signed_in
          FROM skills_mappings
         WHERE ($1::text IS NULL OR owner_sub = $1)
           AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
         ORDER BY created_at DESC, id DESC
         LIMIT $4
        """,
        owner_sub,
        after[0] if after else None,
        after[1] if after else None,
        limit,
    )


async def link_application(
    conn: asyncpg.Connection, *, mapping_id: UUID, application_id: UUID, ssyk: str | None, created_by: str
) -> None:
    """Remember that the application was made from the mapping."""
    await conn.execute(
        "INSERT INTO skills_mapping_applications (mapping_id, application_id, ssyk, created_by)"
        " VALUES ($1, $2, $3, $4)",
        mapping_id,
        application_id,
        ssyk,
        created_by,
    )


async def applications_of(conn: asyncpg.Connection, *, mapping_id: UUID) -> list[asyncpg.Record]:
    """The applications made from a mapping, oldest first, with their reference and state."""
    return await conn.fetch(
        """
        SELECT l.application_id, l.ssyk, l.created_at, a.reference, a.role_code, a.state
          FROM skills_mapping_applications l JOIN applications a ON a.id = l.application_id
         WHERE l.mapping_id = $1
         ORDER BY l.created_at, l.application_id
        """,
        mapping_id,
    )


async def claim_stale(conn: asyncpg.Connection, *, months: int, now: datetime, limit: int) -> list[UUID]:
    """Mappings nobody changed for ``months``, locked for deletion (rows another replica holds are skipped)."""
    rows = await conn.fetch(
        """
        SELECT id FROM skills_mappings
         WHERE updated_at < $1::timestamptz - make_interval(months => $2)
         ORDER BY updated_at, id
         LIMIT $3
           FOR UPDATE SKIP LOCKED
        """,
        now,
        months,
        limit,
    )
    return [r["id"] for r in rows]


async def delete_mappings(conn: asyncpg.Connection, *, mapping_ids: list[UUID]) -> None:
    """Delete mappings and their links to applications (the applications keep their own retention)."""
    await conn.execute("DELETE FROM skills_mapping_applications WHERE mapping_id = ANY($1::uuid[])", mapping_ids)
    await conn.execute("DELETE FROM skills_mappings WHERE id = ANY($1::uuid[])", mapping_ids)
