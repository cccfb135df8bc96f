"""SQL for draft groups, their weekly slots and per-occurrence exceptions."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

GROUP_COLS = (
    "id, provider_id, name, course_code, path, variant, target_role, venue_id, room_id, term_id, teacher_ids, "
    "capacity, start_date, end_date, support_languages, child_present, distance, description, version, "
    "created_at, updated_at, deleted_at"
)
EXCEPTION_COLS = (
    "id, group_id, original_start, cancelled, new_start, new_end, teacher_ids, room_id, note, version, "
    "created_at, updated_at, deleted_at"
)


def _values(d: dict[str, Any]) -> list[Any]:
    return [
        d["provider_id"], d["name"], d["course_code"], d["path"], d["variant"], d.get("target_role"), d["venue_id"],
        d.get("room_id"), d.get("term_id"), list(d.get("teacher_ids", [])), d["capacity"], d["start_date"],
        d["end_date"], list(d.get("support_languages", [])), d.get("child_present", False),
        d.get("distance", False), d.get("description", ""),
    ]  # fmt: skip


async def insert_group(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> None:
    """Create a draft group (slots are written separately)."""
    await conn.execute(
        "INSERT INTO sfi.groups (id, provider_id, name, course_code, path, variant, target_role, venue_id, room_id, "
        "term_id, teacher_ids, capacity, start_date, end_date, support_languages, child_present, distance, "
        "description) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        id, *_values(d),
    )  # fmt: skip


async def update_group(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> None:
    """Replace a draft group's fields and bump its version."""
    await conn.execute(
        "UPDATE sfi.groups SET provider_id = $2, name = $3, course_code = $4, path = $5, variant = $6, "
        "target_role = $7, venue_id = $8, room_id = $9, term_id = $10, teacher_ids = $11, capacity = $12, "
        "start_date = $13, end_date = $14, support_languages = $15, child_present = $16, distance = $17, "
        "description = $18, version = version + 1, updated_at = now() WHERE id = $1",
        id, *_values(d),
    )  # fmt: skip


async def touch_group(conn: asyncpg.Connection, *, id: UUID) -> None:
    """Bump a group's version after one of its exceptions changed."""
    await conn.execute("UPDATE sfi.groups SET version = version + 1, updated_at = now() WHERE id = $1", id)


async def soft_delete_group(conn: asyncpg.Connection, *, id: UUID) -> None:
    """Tombstone a draft group (publication turns it into a published tombstone)."""
    await conn.execute(
        "UPDATE sfi.groups SET deleted_at = now(), updated_at = now(), version = version + 1 WHERE id = $1", id
    )


async def replace_slots(conn: asyncpg.Connection, *, group_id: UUID, slots: list[dict[str, Any]]) -> None:
    """Replace a group's weekly pattern."""
    await conn.execute("DELETE FROM sfi.group_slots WHERE group_id = $1", group_id)
    await conn.executemany(
        "INSERT INTO sfi.group_slots (group_id, position, weekday, start_time, end_time, week_interval) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        [(group_id, i, s["weekday"], s["start"], s["end"], s["interval"]) for i, s in enumerate(slots)],
    )


async def get_group(conn: asyncpg.Connection, *, id: UUID, lock: bool = False) -> asyncpg.Record | None:
    """One live draft group."""
    sql = f"SELECT {GROUP_COLS} FROM sfi.groups WHERE id = $1 AND deleted_at IS NULL"  # noqa: S608
    return await conn.fetchrow(sql + (" FOR UPDATE" if lock else ""), id)


async def list_groups(conn: asyncpg.Connection, *, after: UUID | None, limit: int) -> list[asyncpg.Record]:
    """Live draft groups by id, keyset after ``after``."""
    return await conn.fetch(
        f"SELECT {GROUP_COLS} FROM sfi.groups WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR id > $1) "  # noqa: S608
        "ORDER BY id LIMIT $2",
        after,
        limit,
    )


async def all_live_groups(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Every live draft group (for publication)."""
    return await conn.fetch(f"SELECT {GROUP_COLS} FROM sfi.groups WHERE deleted_at IS NULL ORDER BY id")  # noqa: S608


async def candidate_groups(
    conn: asyncpg.Connection,
    *,
    exclude: UUID | None,
    teacher_ids: list[UUID],
    room_ids: list[UUID],
    first: date,
    last: date,
) -> list[asyncpg.Record]:
    """Live groups overlapping the dates that share a teacher or room, or re-staff any occurrence."""
    return await conn.fetch(
        f"SELECT {GROUP_COLS} FROM sfi.groups g WHERE g.deleted_at IS NULL "  # noqa: S608
        "AND ($1::uuid IS NULL OR g.id <> $1) AND g.start_date <= $5 AND g.end_date >= $4 "
        "AND (g.teacher_ids && $2::uuid[] OR g.room_id = ANY($3::uuid[]) OR EXISTS ("
        "  SELECT 1 FROM sfi.occurrence_exceptions e WHERE e.group_id = g.id AND e.deleted_at IS NULL "
        "  AND (e.teacher_ids IS NOT NULL OR e.room_id IS NOT NULL OR e.new_start IS NOT NULL)))",
        exclude, teacher_ids, room_ids, first, last,
    )  # fmt: skip


async def slots_of(conn: asyncpg.Connection, *, group_ids: list[UUID]) -> list[asyncpg.Record]:
    """Weekly slots of several groups, in position order."""
    return await conn.fetch(
        "SELECT group_id, position, weekday, start_time, end_time, week_interval FROM sfi.group_slots "
        "WHERE group_id = ANY($1::uuid[]) ORDER BY group_id, position",
        group_ids,
    )


async def exceptions_of(conn: asyncpg.Connection, *, group_ids: list[UUID]) -> list[asyncpg.Record]:
    """Live exceptions of several groups, by original start."""
    return await conn.fetch(
        f"SELECT {EXCEPTION_COLS} FROM sfi.occurrence_exceptions "  # noqa: S608
        "WHERE group_id = ANY($1::uuid[]) AND deleted_at IS NULL ORDER BY group_id, original_start",
        group_ids,
    )


async def venues_by_id(conn: asyncpg.Connection, *, ids: list[UUID]) -> dict[UUID, asyncpg.Record]:
    """Venues (live or not: a published group keeps its venue) keyed by id."""
    rows = await conn.fetch("SELECT * FROM sfi.venues WHERE id = ANY($1::uuid[])", ids)
    return {r["id"]: r for r in rows}


async def evening_paths_by_provider(conn: asyncpg.Connection, *, ids: list[UUID]) -> dict[UUID, list[int] | None]:
    """Each provider's study paths for evening groups (None: the municipality's setting)."""
    rows = await conn.fetch("SELECT id, evening_paths FROM sfi.providers WHERE id = ANY($1::uuid[])", ids)
    return {r["id"]: r["evening_paths"] for r in rows}


async def terms_by_id(conn: asyncpg.Connection, *, ids: list[UUID]) -> dict[UUID, asyncpg.Record]:
    """Terms keyed by id."""
    rows = await conn.fetch("SELECT * FROM sfi.terms WHERE id = ANY($1::uuid[])", ids)
    return {r["id"]: r for r in rows}


async def rooms_by_id(conn: asyncpg.Connection, *, ids: list[UUID]) -> dict[UUID, asyncpg.Record]:
    """Rooms keyed by id."""
    rows = await conn.fetch("SELECT * FROM sfi.rooms WHERE id = ANY($1::uuid[])", ids)
    return {r["id"]: r for r in rows}


async def live_teachers(conn: asyncpg.Connection, *, ids: list[UUID]) -> list[asyncpg.Record]:
    """Live teachers among ``ids``."""
    return await conn.fetch(
        "SELECT id, name, registerkontroll_shown_on FROM sfi.teachers WHERE id = ANY($1::uuid[]) "
        "AND deleted_at IS NULL",
        ids,
    )


async def insert_exception(conn: asyncpg.Connection, *, id: UUID, group_id: UUID, d: dict[str, Any]) -> None:
    """Create an exception for one occurrence."""
    await conn.execute(
        "INSERT INTO sfi.occurrence_exceptions (id, group_id, original_start, cancelled, new_start, new_end, "
        "teacher_ids, room_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        id, group_id, *_exception_values(d),
    )  # fmt: skip


async def update_exception(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> None:
    """Replace an exception's fields."""
    await conn.execute(
        "UPDATE sfi.occurrence_exceptions SET original_start = $2, cancelled = $3, new_start = $4, new_end = $5, "
        "teacher_ids = $6, room_id = $7, note = $8, version = version + 1, updated_at = now() WHERE id = $1",
        id, *_exception_values(d),
    )  # fmt: skip


def _exception_values(d: dict[str, Any]) -> list[Any]:
    teachers = d.get("teacher_ids")
    return [
        d["original_start"], d.get("cancelled", False), d.get("new_start"), d.get("new_end"),
        list(teachers) if teachers is not None else None, d.get("room_id"), d.get("note", ""),
    ]  # fmt: skip


async def get_exception(conn: asyncpg.Connection, *, group_id: UUID, id: UUID) -> asyncpg.Record | None:
    """One live exception of a group."""
    return await conn.fetchrow(
        f"SELECT {EXCEPTION_COLS} FROM sfi.occurrence_exceptions "  # noqa: S608
        "WHERE id = $1 AND group_id = $2 AND deleted_at IS NULL",
        id,
        group_id,
    )


async def soft_delete_exception(conn: asyncpg.Connection, *, id: UUID) -> None:
    """Tombstone an exception (the occurrence goes back to the pattern)."""
    await conn.execute(
        "UPDATE sfi.occurrence_exceptions SET deleted_at = now(), updated_at = now(), version = version + 1 "
        "WHERE id = $1",
        id,
    )
