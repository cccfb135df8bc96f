"""SQL for learners, their course results and the audit of reads of protected identities."""

# ruff: noqa: S608 - only constant column lists are interpolated; every value is a $n parameter.

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

# A learner's own columns (LEARNER_COLS adds the placement windows; enrolment reads them after a lock).
STORED_COLS = (
    "id", "subject", "display_name", "personal_number", "email", "phone", "protected_identity", "path",
    "current_course", "placement_course", "placement_decided_on", "placement_decided_by", "preferred_language",
    "busy_windows", "parental_leave_child", "district", "latitude", "longitude", "max_travel_km",
    "preferred_dayparts", "distance_ok", "right_arose_on", "establishment_programme", "birth_date", "residence",
    "at_risk_flagged_at", "version", "created_at", "updated_at",
)  # fmt: skip
LEARNER_COLS = (
    ", ".join(STORED_COLS) + ", "
    # The learner's agreed work placements as busy windows: the one seam matching and enrolment read them by.
    "sfi.placement_busy_windows(id) AS placement_windows"
)
_FIELDS = (
    "display_name", "email", "phone", "protected_identity", "path", "current_course", "preferred_language",
    "busy_windows", "parental_leave_child", "district", "latitude", "longitude", "max_travel_km",
    "preferred_dayparts", "distance_ok", "right_arose_on", "establishment_programme", "birth_date", "residence",
)  # fmt: skip


def _values(d: dict[str, Any]) -> list[Any]:
    return [d.get(name) for name in _FIELDS]


async def by_subject(conn: asyncpg.Connection, *, subject: str, lock: bool = False) -> asyncpg.Record | None:
    """The learner whose identity subject is ``subject``."""
    suffix = " FOR UPDATE" if lock else ""
    return await conn.fetchrow(f"SELECT {LEARNER_COLS} FROM sfi.learners WHERE subject = $1{suffix}", subject)


async def by_id(conn: asyncpg.Connection, *, learner_id: UUID, lock: bool = False) -> asyncpg.Record | None:
    """One learner by id."""
    suffix = " FOR UPDATE" if lock else ""
    return await conn.fetchrow(f"SELECT {LEARNER_COLS} FROM sfi.learners WHERE id = $1{suffix}", learner_id)


async def with_results(conn: asyncpg.Connection, *, learner_id: UUID) -> tuple[asyncpg.Record, list] | None:
    """One learner by id and every recorded result (oldest first, as :func:`results_of`) in one round trip."""
    row = await conn.fetchrow(
        f"SELECT {LEARNER_COLS}, ARRAY(SELECT c FROM sfi.course_results c WHERE c.learner_id = $1 "
        "ORDER BY c.recorded_at, c.id) AS results FROM sfi.learners WHERE id = $1",
        learner_id,
    )
    return None if row is None else (row, list(row["results"]))


async def by_personal_number(conn: asyncpg.Connection, *, personal_number: str) -> asyncpg.Record | None:
    """The learner recorded with this personal or coordination number (12 digits), if any."""
    return await conn.fetchrow(
        f"SELECT {LEARNER_COLS} FROM sfi.learners WHERE personal_number = $1 ORDER BY created_at LIMIT 1",
        personal_number,
    )


async def insert(
    conn: asyncpg.Connection, *, learner_id: UUID, subject: str, d: dict[str, Any], personal_number: str | None
) -> asyncpg.Record:
    """Create a learner profile."""
    cols = ", ".join(_FIELDS)
    params = ", ".join(f"${i}" for i in range(4, 4 + len(_FIELDS)))
    return await conn.fetchrow(
        f"INSERT INTO sfi.learners (id, subject, personal_number, {cols}) VALUES ($1, $2, $3, {params}) "
        f"RETURNING {LEARNER_COLS}",
        learner_id,
        subject,
        personal_number,
        *_values(d),
    )


async def update(
    conn: asyncpg.Connection, *, learner_id: UUID, d: dict[str, Any], personal_number: str | None
) -> asyncpg.Record:
    """Replace the resident-editable fields and bump the version."""
    sets = ", ".join(f"{name} = ${i}" for i, name in enumerate(_FIELDS, start=3))
    return await conn.fetchrow(
        f"UPDATE sfi.learners SET personal_number = $2, {sets}, version = version + 1, updated_at = now() "
        f"WHERE id = $1 RETURNING {LEARNER_COLS}",
        learner_id,
        personal_number,
        *_values(d),
    )


async def set_placement(
    conn: asyncpg.Connection, *, learner_id: UUID, course: str | None, decided_on: Any, decided_by: str
) -> asyncpg.Record:
    """Record the course a mapping placed the learner in."""
    return await conn.fetchrow(
        "UPDATE sfi.learners SET placement_course = $2, placement_decided_on = $3, placement_decided_by = $4, "
        f"version = version + 1, updated_at = now() WHERE id = $1 RETURNING {LEARNER_COLS}",
        learner_id,
        course,
        decided_on,
        decided_by,
    )


async def results_of(conn: asyncpg.Connection, *, learner_id: UUID) -> list[asyncpg.Record]:
    """Every recorded result of a learner, oldest first."""
    return await conn.fetch(
        "SELECT id, course_code, grade, decided_on, group_id, recorded_by, recorded_at FROM sfi.course_results "
        "WHERE learner_id = $1 ORDER BY recorded_at, id",
        learner_id,
    )


async def insert_result(
    conn: asyncpg.Connection, *, result_id: UUID, learner_id: UUID, d: dict[str, Any], recorded_by: str
) -> asyncpg.Record:
    """Record a G or IG in a finished course."""
    return await conn.fetchrow(
        "INSERT INTO sfi.course_results (id, learner_id, course_code, grade, decided_on, group_id, recorded_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) "
        "RETURNING id, course_code, grade, decided_on, group_id, recorded_by, recorded_at",
        result_id,
        learner_id,
        d["course"],
        d["grade"],
        d["decided_on"],
        d.get("group_id"),
        recorded_by,
    )


async def audit_reads(conn: asyncpg.Connection, *, learner_ids: list[UUID], reader: str, purpose: str) -> None:
    """Note that someone read the records of these protected learners (one row each, one statement)."""
    await conn.execute(
        "INSERT INTO sfi.learner_reads (learner_id, reader, purpose) SELECT unnest($1::uuid[]), $2, $3",
        learner_ids, reader, purpose,
    )  # fmt: skip


async def placement_windows_of(conn: asyncpg.Connection, *, learner_ids: list[UUID]) -> dict[UUID, asyncpg.Record]:
    """Lock the learners (in id order), then read their agreed-placement windows afresh.

    One call of ``sfi.lock_placement_windows`` (migration 100): the lock, then the read in a statement of its
    own inside the function, because under READ COMMITTED a statement that waited for the lock still reads
    other tables as of its start. Every decision that checks a learner's SFI groups against their placements
    takes this lock, so the two are serialised.
    """
    rows = await conn.fetch("SELECT id, display_name, windows FROM sfi.lock_placement_windows($1::uuid[])", learner_ids)
    return {r["id"]: r for r in rows}


async def seated_with_placements(conn: asyncpg.Connection, *, group_ids: list[UUID]) -> list[asyncpg.Record]:
    """(learner, group) pairs of enrolled learners and open offers in these groups whose learner has a placement."""
    return await conn.fetch(
        "SELECT learner_id, group_id FROM sfi.enrolments WHERE group_id = ANY($1::uuid[]) AND status = 'enrolled' "
        "AND sfi.placement_busy_windows(learner_id) <> '[]'::jsonb "
        "UNION SELECT learner_id, group_id FROM sfi.offers WHERE group_id = ANY($1::uuid[]) AND status = 'open' "
        "AND sfi.placement_busy_windows(learner_id) <> '[]'::jsonb ORDER BY learner_id, group_id",
        group_ids,
    )
