"""SQL of matching: the live seat figures of published groups, and their documents when a revision is new."""

from __future__ import annotations

from uuid import UUID

import asyncpg

# Seats freed lately (withdrawals, finished courses) estimate the expected wait: 12 weeks of history.
TURNOVER_WEEKS = 12
# The free-seat count of sfi.group_free_seats written inline (as in catalog/queries.py): correlated subqueries
# are planned with the query and use the partial indexes, where a function call costs tens of µs a row.
_LIVE = f"""
SELECT p.group_id, p.revision, p.modified_at,
       greatest(0, p.capacity
         - (SELECT count(*) FROM sfi.enrolments e WHERE e.group_id = p.group_id AND e.status = 'enrolled')::integer
         - (SELECT count(*) FROM sfi.offers o WHERE o.group_id = p.group_id AND o.status = 'open')::integer)
         AS free_seats,
       (SELECT count(*) FROM sfi.enrolments e WHERE e.group_id = p.group_id AND e.status = 'waitlisted')::integer
         AS waiting,
       (SELECT count(*) FROM sfi.allocation_log l WHERE l.group_id = p.group_id
          AND l.action IN ('withdrawn', 'completed') AND l.at > now() - interval '{TURNOVER_WEEKS} weeks')::integer
         AS freed
FROM sfi.published_groups p
WHERE p.deleted_at IS NULL
"""  # noqa: S608 - TURNOVER_WEEKS is a constant


async def live_groups(conn: asyncpg.Connection, *, course: str) -> list[asyncpg.Record]:
    """Every live published group of a course with its revision and seat figures, by name (no documents)."""
    return await conn.fetch(_LIVE + "AND p.course_code = $1 ORDER BY p.name, p.group_id", course)


async def live_group(conn: asyncpg.Connection, *, group_id: UUID) -> asyncpg.Record | None:
    """One live published group with its revision and seat figures (no document)."""
    return await conn.fetchrow(_LIVE + "AND p.group_id = $1", group_id)


async def documents(conn: asyncpg.Connection, *, group_ids: list[UUID]) -> list[asyncpg.Record]:
    """The published documents of live groups, with the revision each belongs to."""
    return await conn.fetch(
        "SELECT group_id, revision, modified_at, doc FROM sfi.published_groups "
        "WHERE group_id = ANY($1::uuid[]) AND deleted_at IS NULL",
        group_ids,
    )
