"""SQL of SFI applications made without signing in."""

# ruff: noqa: S608 - only the constant column list is interpolated; every value is a $n parameter.

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

COLS = (
    "id, reference, tracking_code_hash, state, course, path, constraints, display_name, email, phone, "
    "preferred_language, birth_date, residence, protected_identity, submitted_at, identity_document, "
    "identity_checked_by, identity_checked_at, learner_id, enrolment_id, decided_by, decided_at, decision_note, "
    "version"
)


async def insert(
    conn: asyncpg.Connection, *, application_id: UUID, reference: str, tracking_hash: bytes, d: dict[str, Any]
) -> asyncpg.Record:
    """Store a new waiting application."""
    return await conn.fetchrow(
        "INSERT INTO sfi.enrolment_applications (id, reference, tracking_code_hash, course, path, constraints, "
        "display_name, email, phone, preferred_language, birth_date, residence, protected_identity) "
        "VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10, $11, $12, $13) "
        f"RETURNING {COLS}",
        application_id, reference, tracking_hash, d["course"], d["path"], d["constraints"], d["name"],
        d["email"], d["phone"], d["preferred_language"], d["birth_date"], d["residence"], d["protected_identity"],
    )  # fmt: skip


async def by_reference(conn: asyncpg.Connection, *, reference: str, lock: bool = False) -> asyncpg.Record | None:
    """The application with this reference (locked for a decision when ``lock``)."""
    suffix = " FOR UPDATE" if lock else ""
    return await conn.fetchrow(f"SELECT {COLS} FROM sfi.enrolment_applications WHERE reference = $1{suffix}", reference)


async def audit_read(conn: asyncpg.Connection, *, application_id: UUID, reader: str) -> None:
    """Note that a member of staff read a protected identity's application."""
    await conn.execute(
        "INSERT INTO sfi.enrolment_application_reads (application_id, reader) VALUES ($1, $2)", application_id, reader
    )


async def page(
    conn: asyncpg.Connection, *, state: str, after: tuple[datetime, UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Applications in ``state``, oldest first (keyset on submission time and id), ``limit`` rows."""
    at, last = after if after is not None else (None, None)
    return await conn.fetch(
        f"SELECT {COLS} FROM sfi.enrolment_applications WHERE state = $1 "
        "AND ($2::timestamptz IS NULL OR (submitted_at, id) > ($2, $3::uuid)) ORDER BY submitted_at, id LIMIT $4",
        state, at, last, limit,
    )  # fmt: skip


async def mark_placed(
    conn: asyncpg.Connection,
    *,
    application_id: UUID,
    document: str,
    by: str,
    learner_id: UUID,
    enrolment_id: UUID,
) -> asyncpg.Record:
    """Record the identity check and the place; what the learner record now holds is cleared from here."""
    return await conn.fetchrow(
        "UPDATE sfi.enrolment_applications SET state = 'placed', identity_document = $2, identity_checked_by = $3, "
        "identity_checked_at = now(), learner_id = $4, enrolment_id = $5, decided_by = $3, decided_at = now(), "
        "display_name = '', email = NULL, phone = NULL, constraints = '{}', birth_date = NULL, residence = NULL, "
        f"version = version + 1 WHERE id = $1 RETURNING {COLS}",
        application_id, document, by, learner_id, enrolment_id,
    )  # fmt: skip


async def mark_rejected(conn: asyncpg.Connection, *, application_id: UUID, by: str, note: str) -> asyncpg.Record:
    """Close a waiting application without a place."""
    return await conn.fetchrow(
        "UPDATE sfi.enrolment_applications SET state = 'rejected', decided_by = $2, decided_at = now(), "
        f"decision_note = $3, version = version + 1 WHERE id = $1 RETURNING {COLS}",
        application_id, by, note,
    )  # fmt: skip


async def purge(conn: asyncpg.Connection, *, decided_before: datetime, waiting_before: datetime) -> int:
    """Delete decided applications and long-abandoned waiting ones past retention (learners are kept apart)."""
    status = await conn.execute(
        "DELETE FROM sfi.enrolment_applications WHERE (state <> 'waiting' AND decided_at < $1) "
        "OR (state = 'waiting' AND submitted_at < $2)",
        decided_before, waiting_before,
    )  # fmt: skip
    return int(status.split()[-1])
