"""Published groups as matching sees them: facts from the published document, occurrences from the one expansion."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.matching.domain import GroupFacts
from services.sfi_schedule.publications.domain import occurrences_of_doc

# Seats freed lately (withdrawals, finished courses) estimate the expected wait; 12 weeks of history.
TURNOVER_WEEKS = 12
_SELECT = f"""
SELECT p.group_id, p.doc, p.revision, p.modified_at, sfi.group_free_seats(p.group_id, p.capacity) AS free_seats,
       (SELECT count(*) FROM sfi.enrolments e WHERE e.group_id = p.group_id AND e.status = 'waitlisted') AS waiting,
       (SELECT count(*) FROM sfi.allocation_log l WHERE l.group_id = p.group_id
          AND l.action IN ('withdrawn', 'completed') AND l.at > now() - interval '{TURNOVER_WEEKS} weeks') AS freed
FROM sfi.published_groups p
WHERE p.deleted_at IS NULL
"""  # noqa: S608 - TURNOVER_WEEKS is a constant


# Occurrences per (group, revision, modified_at, window): a published document never changes under the same
# revision and timestamp, so the expansion can be reused by every request of the day. Bounded, per process.
_OCCURRENCES: dict[tuple, tuple] = {}
_OCCURRENCES_MAX = 4096


def _occurrences(row: Any, first: date, weeks: int) -> tuple:
    key = (row["group_id"], row["revision"], row["modified_at"], first, weeks)
    found = _OCCURRENCES.get(key)
    if found is None:
        found = tuple(occurrences_of_doc(row["doc"], (first, first + timedelta(weeks=weeks))))
        if len(_OCCURRENCES) >= _OCCURRENCES_MAX:
            _OCCURRENCES.pop(next(iter(_OCCURRENCES)))
        _OCCURRENCES[key] = found
    return found


def facts_of(row: Any, *, today: date, weeks: int) -> GroupFacts:
    """A group's facts and its occurrences over the next ``weeks`` from today (or from its start)."""
    doc = row["doc"]
    first = max(today, date.fromisoformat(doc["startDate"]))
    venue = doc.get("venue") or {}
    location = None
    if venue.get("latitude") is not None and venue.get("longitude") is not None:
        location = (venue["latitude"], venue["longitude"])
    return GroupFacts(
        id=UUID(doc["id"]),
        name=doc["name"],
        course=doc["course"],
        variant=doc["variant"],
        venue_kind=venue.get("kind", "school"),
        occurrences=_occurrences(row, first, weeks),
        district=venue.get("district"),
        location=location,
        distance=bool(doc.get("distance")),
        child_present=bool(doc.get("childPresent")),
        support_languages=tuple(doc.get("supportLanguages") or ()),
        free_seats=row["free_seats"],
        waiting=row["waiting"],
        freed_per_week=row["freed"] / TURNOVER_WEEKS,
    )


async def published_facts(conn: asyncpg.Connection, *, course: str, today: date, weeks: int) -> list[GroupFacts]:
    """Every live published group of a course, ready for matching."""
    rows = await conn.fetch(_SELECT + " AND p.course_code = $1 ORDER BY p.name, p.group_id", course)
    return [facts_of(r, today=today, weeks=weeks) for r in rows]


async def group_facts(conn: asyncpg.Connection, *, group_id: UUID, today: date, weeks: int) -> GroupFacts | None:
    """One live published group, ready for matching."""
    row = await conn.fetchrow(_SELECT + " AND p.group_id = $1", group_id)
    return facts_of(row, today=today, weeks=weeks) if row else None
