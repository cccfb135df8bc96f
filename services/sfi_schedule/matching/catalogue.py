"""Published groups as matching sees them: prepared once per published revision and day, seats read per request.

A published document never changes under the same revision and modification time, so its facts, its
sessions in the horizon and their rhythm are worked out once per day and reused by every request; only
the seat figures (free, waiting, freed lately) are read live. The database sends a document only for a
revision this process has not prepared yet.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.matching import queries
from services.sfi_schedule.matching.domain import GroupFacts, Rhythm, rhythm_of
from services.sfi_schedule.publications.domain import occurrences_of_doc

MAX_DAYS = 4  # the contexts (day, horizon, evening start) kept; yesterday's are dropped first
SEAT_FIELDS = -3  # GroupFacts ends with free_seats, waiting, freed_per_week: the figures read live


@dataclass(frozen=True, slots=True)
class Prepared:
    """A published revision of a group ready for matching: its facts but the seat figures, and its rhythm."""

    revision: int
    modified_at: datetime
    course: str
    facts: tuple[Any, ...]  # GroupFacts' fields up to (not including) the seat figures, in order
    rhythm: Rhythm

    def with_seats(self, row: Any) -> GroupFacts:
        """The group's facts with the seat figures of a live row."""
        return GroupFacts(*self.facts, row["free_seats"], row["waiting"], row["freed"] / queries.TURNOVER_WEEKS)


Context = tuple[date, int, time]  # today, horizon in weeks, evening start
_PREPARED: dict[Context, dict[UUID, Prepared]] = {}


def facts_of(doc: dict[str, Any], *, today: date, weeks: int) -> GroupFacts:
    """A group's facts and its occurrences over the next ``weeks`` from today (or from its start)."""
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
        occurrences=tuple(occurrences_of_doc(doc, (first, first + timedelta(weeks=weeks)))),
        district=venue.get("district"),
        location=location,
        distance=bool(doc.get("distance")),
        child_present=bool(doc.get("childPresent")),
        support_languages=tuple(doc.get("supportLanguages") or ()),
    )


def _known(context: Context) -> dict[UUID, Prepared]:
    """The revisions prepared for ``context`` (a new day starts empty and drops the oldest day kept)."""
    known = _PREPARED.get(context)
    if known is None:
        while len(_PREPARED) >= MAX_DAYS:
            del _PREPARED[min(_PREPARED)]
        known = _PREPARED[context] = {}
    return known


def _prepared(row: Any, known: dict[UUID, Prepared], context: Context) -> Prepared:
    """The prepared revision of a live row: the known one, or prepared now from the document the row carries."""
    if row["doc"] is None:
        return known[row["group_id"]]
    done = _known(context).get(row["group_id"])  # by a request whose answer arrived while this one waited
    if done is not None and (done.revision, done.modified_at) == (row["revision"], row["modified_at"]):
        return done
    today, weeks, evening_start = context
    facts = facts_of(row["doc"], today=today, weeks=weeks)
    static = tuple(getattr(facts, f.name) for f in fields(GroupFacts)[:SEAT_FIELDS])
    return Prepared(row["revision"], row["modified_at"], facts.course, static,
                    rhythm_of(facts, evening_start=evening_start, today=today))  # fmt: skip


def _with_seats(row: Any, prepared: Prepared) -> tuple[GroupFacts, Rhythm]:
    return prepared.with_seats(row), prepared.rhythm


def _pairs(known: dict[UUID, Prepared]) -> list[tuple[UUID, int, datetime]]:
    return [(gid, p.revision, p.modified_at) for gid, p in known.items()]


async def published_groups(
    conn: asyncpg.Connection, *, course: str, today: date, weeks: int, evening_start: time
) -> list[tuple[GroupFacts, Rhythm]]:
    """Every live published group of a course with today's seat figures and rhythm, by name."""
    context = (today, weeks, evening_start)
    # What this request told the database it knows: requests running meanwhile may prepare newer revisions.
    known = {gid: p for gid, p in _known(context).items() if p.course == course}
    rows = await queries.live_groups(conn, course=course, known=_pairs(known))
    prepared = {row["group_id"]: _prepared(row, known, context) for row in rows}
    _known(context).update(prepared)
    return [_with_seats(row, prepared[row["group_id"]]) for row in rows]


async def published_group(
    conn: asyncpg.Connection, *, group_id: UUID, today: date, weeks: int, evening_start: time
) -> tuple[GroupFacts, Rhythm] | None:
    """One live published group with today's seat figures and rhythm, or None."""
    context = (today, weeks, evening_start)
    mine = _known(context).get(group_id)
    known = {group_id: mine} if mine is not None else {}
    row = await queries.live_group(conn, group_id=group_id, known=_pairs(known))
    if row is None:
        return None
    prepared = _known(context)[group_id] = _prepared(row, known, context)
    return _with_seats(row, prepared)
