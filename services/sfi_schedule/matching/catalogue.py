"""Published groups as matching sees them: prepared once per published revision and day, seats read per request.

A published document never changes under the same revision and modification time, so its facts, its
sessions in the horizon and their rhythm are worked out once per day and reused by every request; only
the seat figures (free, waiting, freed lately) are read live. The database sends a document only for a
revision this process has not prepared yet (asked for in a second query, rarely).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.matching import queries
from services.sfi_schedule.matching.domain import GroupFacts, Rhythm, rhythm_of
from services.sfi_schedule.publications.domain import occurrences_of_doc

MAX_DAYS = 4  # the contexts (day, horizon, evening start) kept; yesterday's are dropped first
SEAT_FIELDS = -3  # GroupFacts ends with free_seats, waiting, freed_per_week: the figures read live
SEATED_KEPT = 8  # seat figures of a revision kept with their facts (they change only when seats do)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A published revision of a group ready for matching: its facts but the seat figures, and its rhythm."""

    revision: int
    modified_at: datetime
    course: str
    facts: tuple[Any, ...]  # GroupFacts' fields up to (not including) the seat figures, in order
    rhythm: Rhythm
    _seated: dict[tuple[int, int, int], GroupFacts] = field(default_factory=dict, compare=False)

    def with_seats(self, row: Any) -> GroupFacts:
        """The group's facts with the seat figures of a live row (the same value while the figures stay)."""
        figures = (row["free_seats"], row["waiting"], row["freed"])
        seated = self._seated.get(figures)
        if seated is None:
            if len(self._seated) >= SEATED_KEPT:
                self._seated.clear()
            seated = self._seated[figures] = GroupFacts(*self.facts, *figures[:2], figures[2] / queries.TURNOVER_WEEKS)
        return seated


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
        evening_paths=frozenset(doc["eveningPaths"]) if doc.get("eveningPaths") is not None else None,
    )


def _known(context: Context) -> dict[UUID, Prepared]:
    """The revisions prepared for ``context`` (a new day starts empty and drops the oldest day kept)."""
    known = _PREPARED.get(context)
    if known is None:
        while len(_PREPARED) >= MAX_DAYS:
            del _PREPARED[min(_PREPARED)]
        known = _PREPARED[context] = {}
    return known


def _current(prepared: Prepared | None, row: Any) -> bool:
    return prepared is not None and (prepared.revision, prepared.modified_at) == (row["revision"], row["modified_at"])


def _prepare(doc_row: Any, context: Context) -> Prepared:
    """A published revision ready for matching in ``context``."""
    today, weeks, evening_start = context
    facts = facts_of(doc_row["doc"], today=today, weeks=weeks)
    static = tuple(getattr(facts, f.name) for f in fields(GroupFacts)[:SEAT_FIELDS])
    rhythm = rhythm_of(facts, evening_start=evening_start, today=today)
    return Prepared(doc_row["revision"], doc_row["modified_at"], facts.course, static, rhythm)


async def _prepared(conn: asyncpg.Connection, rows: list[Any], context: Context) -> dict[UUID, Prepared]:
    """The prepared revision of every live row; documents are read only for revisions not prepared yet.

    A document read a moment after the live rows may be of a newer revision: it is used as it is.
    """
    known = _known(context)
    out = {row["group_id"]: known[row["group_id"]] for row in rows if _current(known.get(row["group_id"]), row)}
    missing = [row["group_id"] for row in rows if row["group_id"] not in out]
    if missing:
        for doc_row in await queries.documents(conn, group_ids=missing):
            current = known.get(doc_row["group_id"])  # a request that read it meanwhile may have prepared it
            prepared = current if _current(current, doc_row) else _prepare(doc_row, context)
            out[doc_row["group_id"]] = known[doc_row["group_id"]] = prepared
    return out


def _with_seats(row: Any, prepared: Prepared) -> tuple[GroupFacts, Rhythm]:
    return prepared.with_seats(row), prepared.rhythm


async def published_groups(
    conn: asyncpg.Connection, *, course: str, today: date, weeks: int, evening_start: time
) -> list[tuple[GroupFacts, Rhythm]]:
    """Every live published group of a course with today's seat figures and rhythm, by name."""
    rows = await queries.live_groups(conn, course=course)
    prepared = await _prepared(conn, rows, (today, weeks, evening_start))
    return [_with_seats(row, prepared[row["group_id"]]) for row in rows if row["group_id"] in prepared]


async def group_of_live_row(
    conn: asyncpg.Connection, row: Any | None, *, today: date, weeks: int, evening_start: time
) -> tuple[GroupFacts, Rhythm] | None:
    """The group of a live row read by the caller (``queries.LIVE``), with its seat figures and rhythm, or None."""
    if row is None:
        return None
    prepared = await _prepared(conn, [row], (today, weeks, evening_start))
    return _with_seats(row, prepared[row["group_id"]]) if row["group_id"] in prepared else None
