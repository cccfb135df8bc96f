"""Activities and calendar events from the published schedule (one published group is one activity)."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.sfi_schedule.calendar.model import Occurrence
from services.sfi_schedule.export.groups import group
from services.sfi_schedule.export.ids import duty_id, syllabus_id
from services.sfi_schedule.export.organisation import syllabus
from services.sfi_schedule.export.people import duty
from services.sfi_schedule.export.sources import Row, Sources, meta
from services.sfi_schedule.publications.domain import occurrences_of_doc


def teacher_ids(row: Row) -> list[str]:
    """The group's regular teachers."""
    return list(row["doc"]["teacherIds"])


def _embedded_activity(src: Sources, row: Row, course: Row | None) -> dict[str, Any]:
    embedded: dict[str, Any] = {}
    if "groups" in src.options.expand:
        embedded["groups"] = [group(src, row, embed=False)]
    if "teachers" in src.options.expand:
        rows = [src.teacher_by_id[t] for t in teacher_ids(row) if t in src.teacher_by_id]
        embedded["teachers"] = [duty(src, r, embed=False) for r in rows] if src.options.access.staff else []
    if "syllabus" in src.options.expand and course is not None:
        embedded["syllabus"] = syllabus(course)
    return embedded


def activity(src: Sources, row: Row, *, embed: bool = True) -> dict[str, Any]:
    """The teaching of one published group: its course (syllabus), venue, group and, for staff, teachers."""
    doc = row["doc"]
    course = src.course_by_syllabus.get(str(syllabus_id(doc["course"])))
    out: dict[str, Any] = {
        "id": doc["id"], "meta": meta(row["created_at"], row["modified_at"]), "displayName": doc["name"],
        "calendarEventsRequired": True, "startDate": doc["startDate"], "endDate": doc["endDate"],
        "activityType": "Undervisning", "comment": f"Studieväg {doc['path']}",
        "groups": [src.ref(doc["id"], doc["name"])],
        "syllabus": src.ref(syllabus_id(doc["course"]), course["name_sv"] if course else None),
        "organisation": src.ref(doc["venue"]["id"], doc["venue"]["name"]),
    }  # fmt: skip
    if src.options.access.staff:
        out["teachers"] = [{"duty": src.duty_ref(t)} for t in teacher_ids(row)]
    if embed and src.options.expand:
        out["_embedded"] = _embedded_activity(src, row, course)
    return out


def activities(src: Sources) -> list[dict[str, Any]]:
    """Every live published group's activity."""
    return [activity(src, r) for r in src.published]


def _room_name(src: Sources, row: Row, room_id: str) -> str | None:
    room = row["doc"]["room"]
    if room and room["id"] == room_id:
        return room["name"]
    found = src.room_by_id.get(room_id)
    return found["name"] if found else None


def event_duties(row: Row, occ: Occurrence) -> set[str]:
    """The duties an event involves: the group's teachers and any substitute (for the ``teacher`` filter)."""
    return {str(duty_id(t)) for t in {*teacher_ids(row), *map(str, occ.teacher_ids)}}


def calendar_event(src: Sources, row: Row, occ: Occurrence) -> dict[str, Any]:
    """One dated session; a substitution is a teacher exception, a move keeps the id and says so."""
    minutes = int((occ.end - occ.start).total_seconds() // 60)
    out: dict[str, Any] = {
        "id": str(occ.id), "meta": meta(row["created_at"], row["modified_at"]),
        "activity": src.ref(occ.group_id, row["doc"]["name"]), "startTime": occ.start.isoformat(),
        "endTime": occ.end.isoformat(), "cancelled": occ.status == "cancelled",
        "teachingLengthStudent": minutes, "teachingLengthTeacher": minutes,
        "rooms": [src.ref(occ.room_id, _room_name(src, row, str(occ.room_id)))] if occ.room_id else [],
    }  # fmt: skip
    if occ.status == "moved":
        out["comment"] = f"Flyttad från {occ.original_start.isoformat(timespec='minutes')}"
    planned, actual = set(teacher_ids(row)), {str(t) for t in occ.teacher_ids}
    if src.options.access.staff and planned != actual:
        out["teacherExceptions"] = [{"duty": src.duty_ref(t), "participates": False} for t in sorted(planned - actual)]
        out["teacherExceptions"] += [{"duty": src.duty_ref(t), "participates": True} for t in sorted(actual - planned)]
    if src.options.expand:
        embedded: dict[str, Any] = {}
        if "activity" in src.options.expand:
            embedded["activity"] = activity(src, row, embed=False)
        if "attendance" in src.options.expand:
            embedded["attendance"] = []  # attendance is not kept in Lotsen
        out["_embedded"] = embedded
    return out


def occurrences(row: Row, window: tuple[date, date] | None) -> list[Occurrence]:
    """The published sessions of a group, within local dates ``window`` (both inclusive) when given."""
    return occurrences_of_doc(row["doc"], window)
