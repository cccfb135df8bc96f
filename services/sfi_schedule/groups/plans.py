"""Turn stored group rows into calendar plans and days off, batching the reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.calendar.days_off import days_off
from services.sfi_schedule.calendar.expand import expand
from services.sfi_schedule.calendar.model import Change, GroupPlan, Occurrence, Slot
from services.sfi_schedule.groups import queries
from services.sfi_schedule.rules.conflicts import Booked


@dataclass(frozen=True, slots=True)
class Loaded:
    """A draft group with everything the calendar needs."""

    row: Any
    slots: list[Any]
    exceptions: list[Any]
    venue: Any
    term: Any | None
    plan: GroupPlan
    days_off: dict[date, str]

    def occurrences(self) -> list[Occurrence]:
        """Every occurrence of the group."""
        return expand(self.plan, self.days_off)


def slot_of(row: Any) -> Slot:
    """A calendar slot from a slot row or a loaded slot dict."""
    if "start_time" in row.keys():  # noqa: SIM118 - asyncpg records test values with `in`, not keys
        return Slot(row["weekday"], row["start_time"], row["end_time"], row["week_interval"])
    return Slot(row["weekday"], row["start"], row["end"], row["interval"])


def change_of(row: Any) -> Change:
    """A calendar change from an exception row or a loaded exception dict."""
    teachers = row.get("teacher_ids")
    return Change(
        original_start=row["original_start"],
        cancelled=bool(row.get("cancelled")),
        new_start=row.get("new_start"),
        new_end=row.get("new_end"),
        teacher_ids=tuple(teachers) if teachers is not None else None,
        room_id=row.get("room_id"),
    )


def plan_of(group: Any, slots: Sequence[Any], exceptions: Sequence[Any], group_id: UUID | None = None) -> GroupPlan:
    """The calendar plan of a group row (or a group about to be saved)."""
    return GroupPlan(
        id=group_id or group["id"],
        start_date=group["start_date"],
        end_date=group["end_date"],
        slots=tuple(slot_of(s) for s in slots),
        teacher_ids=tuple(group.get("teacher_ids") or ()),
        room_id=group.get("room_id"),
        changes=tuple(change_of(dict(e)) for e in exceptions),
    )


def days_off_of(group: Any, venue: Any, term: Any | None) -> dict[date, str]:
    """Holidays, the term's study-free days and the venue's closures within the group's dates."""
    return days_off(
        group["start_date"],
        group["end_date"],
        study_free=term["study_free_days"] if term else (),
        closures=venue["closures"] if venue else (),
    )


async def load(conn: asyncpg.Connection, rows: Sequence[asyncpg.Record]) -> dict[UUID, Loaded]:
    """Load slots, exceptions, venues and terms of ``rows`` in four queries."""
    ids = [r["id"] for r in rows]
    slots: dict[UUID, list[Any]] = defaultdict(list)
    for s in await queries.slots_of(conn, group_ids=ids):
        slots[s["group_id"]].append(s)
    exceptions: dict[UUID, list[Any]] = defaultdict(list)
    for e in await queries.exceptions_of(conn, group_ids=ids):
        exceptions[e["group_id"]].append(e)
    venues = await queries.venues_by_id(conn, ids=list({r["venue_id"] for r in rows}))
    terms = await queries.terms_by_id(conn, ids=list({r["term_id"] for r in rows if r["term_id"]}))
    out: dict[UUID, Loaded] = {}
    for r in rows:
        row = dict(r)
        venue, term = venues.get(r["venue_id"]), terms.get(r["term_id"])
        plan = plan_of(row, slots[r["id"]], exceptions[r["id"]])
        out[r["id"]] = Loaded(
            row, slots[r["id"]], exceptions[r["id"]], venue, term, plan, days_off_of(row, venue, term)
        )
    return out


def booked(loaded: dict[UUID, Loaded]) -> list[Booked]:
    """Other groups' occurrences for the double-booking check."""
    return [Booked(gid, item.row["name"], item.occurrences()) for gid, item in loaded.items()]
