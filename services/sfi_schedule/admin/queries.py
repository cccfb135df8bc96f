"""SQL for providers, venues, rooms, teachers and terms; soft-deleted rows stay as tombstones."""

# ruff: noqa: S608 - only constant column lists and table names below are interpolated; values are $n parameters.

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

PROVIDER_COLS = "id, name, organisation_number, version, created_at, updated_at, deleted_at"
VENUE_COLS = (
    "id, provider_id, name, kind, street, postal_code, city, district, latitude, longitude, opening_hours, "
    "closures, version, created_at, updated_at, deleted_at"
)
ROOM_COLS = "id, venue_id, name, seats, version, created_at, updated_at, deleted_at"
TEACHER_COLS = "id, provider_id, name, registerkontroll_shown_on, version, created_at, updated_at, deleted_at"
TERM_COLS = "id, name, first_day, last_day, study_free_days, version, created_at, updated_at, deleted_at"
# One lock for every write that can change who is booked when: saves are rare, correctness is not.
SCHEDULE_LOCK = "sfi.schedule"


async def lock_schedule(conn: asyncpg.Connection) -> None:
    """Serialise schedule writes and publications for the rest of the transaction."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", SCHEDULE_LOCK)


async def insert_provider(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Create a provider."""
    return await conn.fetchrow(
        f"INSERT INTO sfi.providers (id, name, organisation_number) VALUES ($1, $2, $3) RETURNING {PROVIDER_COLS}",
        id, d["name"], d.get("organisation_number"),
    )  # fmt: skip


async def update_provider(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Replace a provider's fields and bump its version."""
    return await conn.fetchrow(
        "UPDATE sfi.providers SET name = $2, organisation_number = $3, version = version + 1, updated_at = now() "
        f"WHERE id = $1 RETURNING {PROVIDER_COLS}",
        id, d["name"], d.get("organisation_number"),
    )  # fmt: skip


async def insert_venue(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Create a venue."""
    return await conn.fetchrow(
        "INSERT INTO sfi.venues (id, provider_id, name, kind, street, postal_code, city, district, latitude, "
        "longitude, opening_hours, closures) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
        f"RETURNING {VENUE_COLS}",
        id, *_venue_values(d),
    )  # fmt: skip


async def update_venue(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Replace a venue's fields and bump its version."""
    return await conn.fetchrow(
        "UPDATE sfi.venues SET provider_id = $2, name = $3, kind = $4, street = $5, postal_code = $6, city = $7, "
        "district = $8, latitude = $9, longitude = $10, opening_hours = $11, closures = $12, "
        f"version = version + 1, updated_at = now() WHERE id = $1 RETURNING {VENUE_COLS}",
        id, *_venue_values(d),
    )  # fmt: skip


def _venue_values(d: dict[str, Any]) -> list[Any]:
    return [
        d["provider_id"], d["name"], d["kind"], d.get("street"), d.get("postal_code"), d.get("city"),
        d.get("district"), d.get("latitude"), d.get("longitude"), d.get("opening_hours", []), d.get("closures", []),
    ]  # fmt: skip


async def insert_room(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Create a room."""
    return await conn.fetchrow(
        f"INSERT INTO sfi.rooms (id, venue_id, name, seats) VALUES ($1, $2, $3, $4) RETURNING {ROOM_COLS}",
        id, d["venue_id"], d["name"], d["seats"],
    )  # fmt: skip


async def update_room(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Replace a room's fields and bump its version."""
    return await conn.fetchrow(
        "UPDATE sfi.rooms SET venue_id = $2, name = $3, seats = $4, version = version + 1, updated_at = now() "
        f"WHERE id = $1 RETURNING {ROOM_COLS}",
        id, d["venue_id"], d["name"], d["seats"],
    )  # fmt: skip


async def insert_teacher(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Create a teacher."""
    return await conn.fetchrow(
        "INSERT INTO sfi.teachers (id, provider_id, name, registerkontroll_shown_on) VALUES ($1, $2, $3, $4) "
        f"RETURNING {TEACHER_COLS}",
        id, d["provider_id"], d["name"], d.get("registerkontroll_shown_on"),
    )  # fmt: skip


async def update_teacher(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Replace a teacher's fields and bump the version."""
    return await conn.fetchrow(
        "UPDATE sfi.teachers SET provider_id = $2, name = $3, registerkontroll_shown_on = $4, "
        f"version = version + 1, updated_at = now() WHERE id = $1 RETURNING {TEACHER_COLS}",
        id, d["provider_id"], d["name"], d.get("registerkontroll_shown_on"),
    )  # fmt: skip


async def insert_term(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Create a term."""
    return await conn.fetchrow(
        "INSERT INTO sfi.terms (id, name, first_day, last_day, study_free_days) VALUES ($1, $2, $3, $4, $5) "
        f"RETURNING {TERM_COLS}",
        id, d["name"], d["first_day"], d["last_day"], d.get("study_free_days", []),
    )  # fmt: skip


async def update_term(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Replace a term's fields and bump the version."""
    return await conn.fetchrow(
        "UPDATE sfi.terms SET name = $2, first_day = $3, last_day = $4, study_free_days = $5, "
        f"version = version + 1, updated_at = now() WHERE id = $1 RETURNING {TERM_COLS}",
        id, d["name"], d["first_day"], d["last_day"], d.get("study_free_days", []),
    )  # fmt: skip


# Reads, row locks and soft deletes are the same shape for every reference table; the table name is
# always one of the constants below, never caller input.
TABLES = {
    "provider": ("sfi.providers", PROVIDER_COLS),
    "venue": ("sfi.venues", VENUE_COLS),
    "room": ("sfi.rooms", ROOM_COLS),
    "teacher": ("sfi.teachers", TEACHER_COLS),
    "term": ("sfi.terms", TERM_COLS),
}


async def get(conn: asyncpg.Connection, *, kind: str, id: UUID, lock: bool = False) -> asyncpg.Record | None:
    """One live row of a reference table (optionally locked FOR UPDATE)."""
    table, cols = TABLES[kind]
    suffix = " FOR UPDATE" if lock else ""
    return await conn.fetchrow(f"SELECT {cols} FROM {table} WHERE id = $1 AND deleted_at IS NULL{suffix}", id)


async def list_live(conn: asyncpg.Connection, *, kind: str, after: UUID | None, limit: int) -> list[asyncpg.Record]:
    """Live rows by id, keyset after ``after``."""
    table, cols = TABLES[kind]
    return await conn.fetch(
        f"SELECT {cols} FROM {table} WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2",
        after,
        limit,
    )


async def soft_delete(conn: asyncpg.Connection, *, kind: str, id: UUID) -> None:
    """Mark a row deleted (a tombstone), bumping its version."""
    table, _ = TABLES[kind]
    await conn.execute(
        f"UPDATE {table} SET deleted_at = now(), updated_at = now(), version = version + 1 WHERE id = $1",
        id,
    )


async def in_use(conn: asyncpg.Connection, *, kind: str, id: UUID) -> list[str]:
    """Names of live groups that use a venue, room, teacher or term (a delete must not orphan them)."""
    column = {
        "venue": "venue_id = $1",
        "room": "room_id = $1",
        "teacher": "$1 = ANY(teacher_ids)",
        "term": "term_id = $1",
    }
    if kind not in column:
        return []
    rows = await conn.fetch(
        f"SELECT name FROM sfi.groups WHERE deleted_at IS NULL AND {column[kind]} ORDER BY name LIMIT 10",
        id,
    )
    return [r["name"] for r in rows]


async def groups_over_seats(conn: asyncpg.Connection, *, room_id: UUID, seats: int) -> list[str]:
    """Live groups in a room whose capacity exceeds ``seats``."""
    rows = await conn.fetch(
        "SELECT name FROM sfi.groups WHERE deleted_at IS NULL AND room_id = $1 AND capacity > $2 ORDER BY name",
        room_id,
        seats,
    )
    return [r["name"] for r in rows]
