"""Map published groups and occurrences onto SS 12000 Activities and CalendarEvents (pure)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.sfi_schedule.calendar.model import Occurrence

SCHOOL_TYPE = "VUXSFI"


def _meta(row: Any) -> dict[str, str]:
    return {"created": row["created_at"].isoformat(), "modified": row["modified_at"].isoformat()}


def activity(row: Any) -> dict[str, Any]:
    """One published group as an SS 12000 Activity."""
    doc = row["doc"]
    return {
        "id": doc["id"],
        "meta": _meta(row),
        "displayName": doc["name"],
        "startDate": doc["startDate"],
        "endDate": doc["endDate"],
        "activityType": "Undervisning",
        "calendarEventsRequired": True,
        "organisation": {"id": doc["venue"]["id"], "displayName": doc["venue"]["name"]},
        "groups": [{"id": doc["id"], "displayName": doc["name"]}],
        "teachers": [{"duty": {"id": t}} for t in doc["teacherIds"]],
        "syllabus": {
            "id": f"SFI-{doc['course']}",
            "displayName": f"SFI kurs {doc['course']}",
            "schoolType": SCHOOL_TYPE,
            "subjectCode": "SFI",
            "courseCode": f"SFIKUR{doc['course']}",
        },
        "comment": f"Studieväg {doc['path']}",
    }


def calendar_event(row: Any, occ: Occurrence) -> dict[str, Any]:
    """One occurrence as an SS 12000 CalendarEvent (the id is the stable occurrence id)."""
    minutes = int((occ.end - occ.start).total_seconds() // 60)
    return {
        "id": str(occ.id),
        "eventId": str(occ.id),
        "meta": _meta(row),
        "activity": {"id": str(occ.group_id)},
        "startTime": occ.start.isoformat(),
        "endTime": occ.end.isoformat(),
        "cancelled": occ.status == "cancelled",
        "teachingLengthStudent": minutes,
        "teachingLengthTeacher": minutes,
        "rooms": [{"room": {"id": str(occ.room_id)}}] if occ.room_id else [],
        "teachers": [{"duty": {"id": str(t)}} for t in occ.teacher_ids],
        "schoolType": SCHOOL_TYPE,
    }


def modified_between(row: Any, after: datetime | None, before: datetime | None) -> bool:
    """SS 12000's ``meta.modified.after`` / ``meta.modified.before`` filter."""
    return (after is None or row["modified_at"] > after) and (before is None or row["modified_at"] < before)
