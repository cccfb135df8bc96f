"""SQL of national test versions and the sittings recorded in them."""

# ruff: noqa: S608 - only constant column lists are interpolated; every value is a $n parameter.

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

TEST_COLS = "id, course_code, name, first_day, last_day, version, created_at, updated_at"
SITTING_COLS = "s.id, s.learner_id, s.test_id, s.sat_on, s.recorded_by, s.recorded_at, t.course_code, t.name"


async def insert_test(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Add a test version."""
    return await conn.fetchrow(
        f"INSERT INTO sfi.national_tests (id, course_code, name, first_day, last_day) VALUES ($1, $2, $3, $4, $5) "
        f"RETURNING {TEST_COLS}",
        id, d["course_code"], d["name"], d["first_day"], d["last_day"],
    )  # fmt: skip


async def update_test(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> asyncpg.Record:
    """Replace a test version's course, name and window, bumping its version."""
    return await conn.fetchrow(
        "UPDATE sfi.national_tests SET course_code = $2, name = $3, first_day = $4, last_day = $5, "
        f"version = version + 1, updated_at = now() WHERE id = $1 RETURNING {TEST_COLS}",
        id, d["course_code"], d["name"], d["first_day"], d["last_day"],
    )  # fmt: skip


async def get_test(conn: asyncpg.Connection, *, id: UUID, lock: bool = False) -> asyncpg.Record | None:
    """One test version."""
    suffix = " FOR UPDATE" if lock else ""
    return await conn.fetchrow(f"SELECT {TEST_COLS} FROM sfi.national_tests WHERE id = $1{suffix}", id)


async def list_tests(
    conn: asyncpg.Connection, *, course: str | None, after: tuple[Any, UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Test versions by first day (then id), keyset after ``after``."""
    first, after_id = after or (None, None)
    return await conn.fetch(
        f"SELECT {TEST_COLS} FROM sfi.national_tests WHERE ($1::text IS NULL OR course_code = $1) "
        "AND ($2::date IS NULL OR (first_day, id) > ($2, $3)) ORDER BY first_day, id LIMIT $4",
        course, first, after_id, limit,
    )  # fmt: skip


async def sittings_outside(conn: asyncpg.Connection, *, test_id: UUID, first_day: Any, last_day: Any) -> int:
    """How many recorded sittings of a test version fall outside a window."""
    return await conn.fetchval(
        "SELECT count(*) FROM sfi.national_test_sittings WHERE test_id = $1 AND NOT sat_on BETWEEN $2 AND $3",
        test_id, first_day, last_day,
    )  # fmt: skip


async def insert_sitting(
    conn: asyncpg.Connection, *, id: UUID, learner_id: UUID, test_id: UUID, sat_on: Any, recorded_by: str
) -> asyncpg.Record:
    """Record that the learner sat a test version on a day."""
    await conn.execute(
        "INSERT INTO sfi.national_test_sittings (id, learner_id, test_id, sat_on, recorded_by) "
        "VALUES ($1, $2, $3, $4, $5)",
        id, learner_id, test_id, sat_on, recorded_by,
    )  # fmt: skip
    return await conn.fetchrow(
        f"SELECT {SITTING_COLS} FROM sfi.national_test_sittings s JOIN sfi.national_tests t ON t.id = s.test_id "
        "WHERE s.id = $1",
        id,
    )


async def sittings_of(conn: asyncpg.Connection, *, learner_id: UUID) -> list[asyncpg.Record]:
    """Every sitting of a learner, by day."""
    return await conn.fetch(
        f"SELECT {SITTING_COLS} FROM sfi.national_test_sittings s JOIN sfi.national_tests t ON t.id = s.test_id "
        "WHERE s.learner_id = $1 ORDER BY s.sat_on, s.id",
        learner_id,
    )
