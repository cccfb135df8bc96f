"""SQL of matching: the live seat figures of published groups, and their documents only when not yet known."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

# Seats freed lately (withdrawals, finished courses) estimate the expected wait: 12 weeks of history.
TURNOVER_WEEKS = 12
# The free-seat count of sfi.group_free_seats written inline (as in catalog/queries.py): correlated subqueries
# are planned with the query and use the partial indexes, where a function call costs tens of µs a row.
_LIVE = f"""
SELECT p.group_id, p.revision, p.modified_at, p.course_code,
       greatest(0, p.capacity
         - (SELECT count(*) FROM sfi.enrolments e WHERE e.group_id = p.group_id AND e.status = 'enrolled')::integer
         - (SELECT count(*) FROM sfi.offers o WHERE o.group_id = p.group_id AND o.status = 'open')::integer)
         AS free_seats,
       (SELECT count(*) FROM sfi.enrolments e WHERE e.group_id = p.group_id AND e.status = 'waitlisted')::integer
         AS waiting,
       (SELECT count(*) FROM sfi.allocation_log l WHERE l.group_id = p.group_id
          AND l.action IN ('withdrawn', 'completed') AND l.at > now() - interval '{TURNOVER_WEEKS} weeks')::integer
         AS freed,
       CASE WHEN EXISTS (SELECT 1 FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS k(id, revision, modified)
                         WHERE k.id = p.group_id AND k.revision = p.revision AND k.modified = p.modified_at)
            THEN NULL ELSE p.doc END AS doc
FROM sfi.published_groups p
WHERE p.deleted_at IS NULL
"""  # noqa: S608 - TURNOVER_WEEKS is a constant


async def live_groups(
    conn: asyncpg.Connection, *, course: str, known: list[tuple[UUID, int, datetime]]
) -> list[asyncpg.Record]:
    """Every live published group of a course with its seat figures, by name; ``doc`` only for revisions not known.

    ``known`` holds (group id, revision, modified at) of the documents the caller has already prepared.
    """
    ids, revisions, modified = (list(column) for column in zip(*known, strict=True)) if known else ([], [], [])
    return await conn.fetch(_LIVE + "AND p.course_code = $4 ORDER BY p.name, p.group_id", ids, revisions, modified,
                            course)  # fmt: skip


async def live_group(
    conn: asyncpg.Connection, *, group_id: UUID, known: list[tuple[UUID, int, datetime]]
) -> asyncpg.Record | None:
    """One live published group with its seat figures; ``doc`` only when its revision is not known."""
    ids, revisions, modified = (list(column) for column in zip(*known, strict=True)) if known else ([], [], [])
    return await conn.fetchrow(_LIVE + "AND p.group_id = $4", ids, revisions, modified, group_id)
