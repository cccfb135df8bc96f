"""SQL of the SS 12000 export: read-only views of the sfi tables, live rows only, and the deletion log."""

from __future__ import annotations

from datetime import datetime

import asyncpg


async def providers(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Live SFI providers (SS 12000 organisations of type Skola)."""
    return await conn.fetch(
        "SELECT id, name, organisation_number, created_at, updated_at FROM sfi.providers WHERE deleted_at IS NULL"
    )


async def venues(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Live venues (SS 12000 school units)."""
    return await conn.fetch(
        "SELECT id, provider_id, name, kind, street, postal_code, city, created_at, updated_at FROM sfi.venues "
        "WHERE deleted_at IS NULL"
    )


async def rooms(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Live rooms of live venues."""
    return await conn.fetch(
        "SELECT r.id, r.venue_id, r.name, r.seats, r.created_at, r.updated_at FROM sfi.rooms r "
        "JOIN sfi.venues v ON v.id = r.venue_id AND v.deleted_at IS NULL WHERE r.deleted_at IS NULL"
    )


async def teachers(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Live teachers: names only (never the registerkontroll date)."""
    return await conn.fetch(
        "SELECT id, provider_id, name, created_at, updated_at FROM sfi.teachers WHERE deleted_at IS NULL"
    )


async def courses(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """SFI courses A–D with the time the catalogue was installed (it never changes after that)."""
    return await conn.fetch(
        "SELECT c.code, c.name_sv, (SELECT min(applied_at) FROM sfi.schema_migrations) AS since "
        "FROM sfi.courses c ORDER BY c.position"
    )


async def published(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Every live published group document."""
    return await conn.fetch(
        "SELECT group_id, doc, created_at, modified_at FROM sfi.published_groups WHERE deleted_at IS NULL"
    )


async def learners(conn: asyncpg.Connection, *, civic_numbers: bool) -> list[asyncpg.Record]:
    """Learners who were ever enrolled in a published group, never one with a protected identity.

    ``modified_at`` covers their enrolments too; the personal number is read only when it is to be shown.
    """
    return await conn.fetch(
        "SELECT l.id, l.display_name, CASE WHEN $1::bool THEN l.personal_number END AS personal_number, "
        "l.created_at, greatest(l.updated_at, max(e.updated_at)) AS modified_at FROM sfi.learners l "
        "JOIN sfi.enrolments e ON e.learner_id = l.id AND e.enrolled_at IS NOT NULL "
        "JOIN sfi.published_groups g ON g.group_id = e.group_id "
        "WHERE NOT l.protected_identity GROUP BY l.id",
        civic_numbers,
    )


async def memberships(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Every enrolment that took a seat, with its group's venue and local dates; protected learners left out."""
    return await conn.fetch(
        "SELECT e.learner_id, e.group_id, g.venue_id, g.deleted_at IS NULL AS live, e.updated_at, "
        "(e.enrolled_at AT TIME ZONE 'Europe/Stockholm')::date AS start_date, "
        "(e.ended_at AT TIME ZONE 'Europe/Stockholm')::date AS end_date "
        "FROM sfi.enrolments e JOIN sfi.learners l ON l.id = e.learner_id AND NOT l.protected_identity "
        "JOIN sfi.published_groups g ON g.group_id = e.group_id "
        "WHERE e.enrolled_at IS NOT NULL ORDER BY e.learner_id, e.enrolled_at, e.id"
    )


async def tombstones(conn: asyncpg.Connection, *, after: datetime | None) -> list[asyncpg.Record]:
    """Deleted source rows (migration 045), optionally only those deleted after ``after``."""
    return await conn.fetch(
        "SELECT source, id, deleted_at FROM sfi.ss12000_tombstones "
        "WHERE $1::timestamptz IS NULL OR deleted_at > $1::timestamptz",
        after,
    )


async def replaced_schedules(conn: asyncpg.Connection, *, after: datetime | None) -> list[asyncpg.Record]:
    """Group documents whose sessions were replaced after ``after``, with the group's live document if any."""
    return await conn.fetch(
        "SELECT r.group_id, r.doc AS old_doc, r.replaced_at, p.doc AS current_doc "
        "FROM sfi.ss12000_replaced_schedules r "
        "LEFT JOIN sfi.published_groups p ON p.group_id = r.group_id AND p.deleted_at IS NULL "
        "WHERE $1::timestamptz IS NULL OR r.replaced_at > $1::timestamptz",
        after,
    )
