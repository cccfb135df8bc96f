"""Run the save rules and the double-booking check for a group about to be written."""

from __future__ import annotations

from datetime import date, time
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.admin import queries as ref
from services.sfi_schedule.calendar.expand import expand, unmatched_changes
from services.sfi_schedule.calendar.model import as_local
from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.groups import plans, queries
from services.sfi_schedule.rules.conflicts import find_conflicts
from services.sfi_schedule.rules.domain import GroupDraft, RoomInfo, TeacherInfo, VenueInfo, check_group
from shared.errors import Conflict, FieldError, ValidationFailed


def venue_info(row: Any) -> VenueInfo:
    """Rule input from a venue row."""
    hours = tuple((h["weekday"], _t(h["opens"]), _t(h["closes"])) for h in row["opening_hours"])
    return VenueInfo(row["id"], row["name"], row["kind"], hours)


def _t(value: Any) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


async def teachers_of(conn: asyncpg.Connection, ids: list[UUID]) -> dict[UUID, TeacherInfo]:
    """Live teachers among ``ids`` as rule input."""
    rows = await queries.live_teachers(conn, ids=ids)
    return {r["id"]: TeacherInfo(r["id"], r["name"], r["registerkontroll_shown_on"]) for r in rows}


async def _references(conn: asyncpg.Connection, data: dict[str, Any]) -> tuple[Any, Any, Any]:
    venue = await ref.get(conn, kind="venue", id=data["venue_id"])
    if venue is None:
        raise ValidationFailed.field("/venueId", "no such venue")
    room = await ref.get(conn, kind="room", id=data["room_id"]) if data.get("room_id") else None
    if data.get("room_id") and room is None:
        raise ValidationFailed.field("/roomId", "no such room")
    term = await ref.get(conn, kind="term", id=data["term_id"]) if data.get("term_id") else None
    if data.get("term_id") and term is None:
        raise ValidationFailed.field("/termId", "no such term")
    return venue, room, term


def _draft(data: dict[str, Any]) -> GroupDraft:
    return GroupDraft(
        name=data["name"], course=data["course_code"], path=data["path"], variant=data["variant"],
        capacity=data["capacity"], start_date=data["start_date"], end_date=data["end_date"],
        slots=tuple(plans.slot_of(s) for s in data["slots"]), venue_id=data["venue_id"], room_id=data.get("room_id"),
        teacher_ids=tuple(data.get("teacher_ids", ())), target_role=data.get("target_role"),
        distance=data.get("distance", False), child_present=data.get("child_present", False),
    )  # fmt: skip


async def check_save(
    conn: asyncpg.Connection,
    config: SfiConfig,
    *,
    group_id: UUID,
    data: dict[str, Any],
    exceptions: list[Any],
    today: date,
) -> Any:
    """Refuse a save that breaks a rule (422) or double-books (409); return the venue row.

    The API, the web pages (through the API) and the CSV import save through here, so they refuse alike.
    """
    venue, room, term = await _references(conn, data)
    room_info = RoomInfo(room["id"], room["name"], room["seats"], room["venue_id"]) if room else None
    teachers = await teachers_of(conn, list(data.get("teacher_ids", [])))
    provider = await ref.get(conn, kind="provider", id=venue["provider_id"])
    paths = provider["evening_paths"] if provider else None
    errors = check_group(
        _draft(data), venue=venue_info(venue), room=room_info, teachers=teachers, config=config, today=today,
        evening_paths=frozenset(paths) if paths is not None else None,
    )  # fmt: skip
    if errors:
        raise ValidationFailed(errors)
    plan = plans.plan_of(data, data["slots"], exceptions, group_id)
    off = plans.days_off_of(data, venue, term)
    stray = unmatched_changes(plan, off)
    if stray:
        raise ValidationFailed(
            [FieldError("/slots", f"the exception for {as_local(c.original_start):%Y-%m-%d %H:%M} would no longer "
                                  "match a session; delete it first") for c in stray]
        )  # fmt: skip
    await check_double_booking(conn, group_id=group_id, occurrences=expand(plan, off), plan=plan)
    return venue


async def check_double_booking(conn: asyncpg.Connection, *, group_id: UUID, occurrences: list, plan: Any) -> None:
    """409 naming the other group and date when a teacher or room would be in two places at once."""
    teacher_ids = list({t for o in occurrences for t in o.teacher_ids})
    room_ids = list({o.room_id for o in occurrences if o.room_id})
    candidates = await queries.candidate_groups(
        conn, exclude=group_id, teacher_ids=teacher_ids, room_ids=room_ids, first=plan.start_date,
        last=max(plan.end_date, *(o.start.date() for o in occurrences)) if occurrences else plan.end_date,
    )  # fmt: skip
    clashes = find_conflicts(occurrences, plans.booked(await plans.load(conn, candidates)))
    if clashes:
        first = clashes[0]
        raise Conflict(
            f"The {first.resource} is already booked by group {first.other_group_name!r} on {first.date.isoformat()} "
            f"({first.other_start:%H:%M}-{first.other_end:%H:%M})",
            extra={"conflicts": [c.as_json() for c in clashes[:50]]},
        )
