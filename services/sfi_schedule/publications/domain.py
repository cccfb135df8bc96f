"""Pure parts of publishing: the published document of a group, its calendar plan, and the diff."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from services.sfi_schedule.calendar.expand import expand
from services.sfi_schedule.calendar.model import Change, GroupPlan, Occurrence, Slot, as_local, daypart

PUBLIC_HIDDEN = ("exceptions", "daysOff")


def _hm(value: time) -> str:
    return value.strftime("%H:%M")


def _iso(value: datetime | None) -> str | None:
    return None if value is None else as_local(value).isoformat()


def venue_doc(venue: Any) -> dict[str, Any]:
    """The public part of a venue (no personal data lives on venues)."""
    return {
        "id": str(venue["id"]), "name": venue["name"], "kind": venue["kind"], "street": venue["street"],
        "postalCode": venue["postal_code"], "city": venue["city"], "district": venue["district"],
        "latitude": venue["latitude"], "longitude": venue["longitude"],
    }  # fmt: skip


def group_doc(row: Any, slots: list[Any], exceptions: list[Any], venue: Any, room: Any | None,
              days_off: dict[date, str], evening_start: time) -> dict[str, Any]:  # fmt: skip
    """The immutable published document of one group: everything readers and the calendar need."""
    slot_docs = [
        {"weekday": s["weekday"], "start": _hm(s["start_time"]), "end": _hm(s["end_time"]),
         "interval": s["week_interval"], "daypart": daypart(s["start_time"], evening_start)}
        for s in slots
    ]  # fmt: skip
    return {
        "id": str(row["id"]), "name": row["name"], "course": row["course_code"], "path": row["path"],
        "variant": row["variant"], "targetRole": row["target_role"], "capacity": row["capacity"],
        "startDate": row["start_date"].isoformat(), "endDate": row["end_date"].isoformat(),
        "supportLanguages": list(row["support_languages"]), "childPresent": row["child_present"],
        "distance": row["distance"], "description": row["description"], "venue": venue_doc(venue),
        "room": {"id": str(room["id"]), "name": room["name"], "seats": room["seats"]} if room else None,
        "teacherIds": [str(t) for t in row["teacher_ids"]], "slots": slot_docs,
        "dayparts": sorted({s["daypart"] for s in slot_docs}),
        "exceptions": [
            {"originalStart": _iso(e["original_start"]), "cancelled": e["cancelled"], "newStart": _iso(e["new_start"]),
             "newEnd": _iso(e["new_end"]),
             "teacherIds": [str(t) for t in e["teacher_ids"]] if e["teacher_ids"] is not None else None,
             "roomId": str(e["room_id"]) if e["room_id"] else None}
            for e in exceptions
        ],
        "daysOff": [{"date": d.isoformat(), "reason": r} for d, r in sorted(days_off.items())],
    }  # fmt: skip


def public_group(doc: dict[str, Any]) -> dict[str, Any]:
    """What readers see of a published group (exceptions and days off show up as occurrences instead)."""
    return {k: v for k, v in doc.items() if k not in PUBLIC_HIDDEN}


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def plan_of_doc(doc: dict[str, Any]) -> tuple[GroupPlan, dict[date, str]]:
    """The calendar plan and days off frozen in a published document."""
    plan = GroupPlan(
        id=UUID(doc["id"]),
        start_date=date.fromisoformat(doc["startDate"]),
        end_date=date.fromisoformat(doc["endDate"]),
        slots=tuple(
            Slot(s["weekday"], time.fromisoformat(s["start"]), time.fromisoformat(s["end"]), s["interval"])
            for s in doc["slots"]
        ),
        teacher_ids=tuple(UUID(t) for t in doc["teacherIds"]),
        room_id=UUID(doc["room"]["id"]) if doc["room"] else None,
        changes=tuple(
            Change(
                original_start=_dt(e["originalStart"]),  # type: ignore[arg-type]
                cancelled=e["cancelled"],
                new_start=_dt(e["newStart"]),
                new_end=_dt(e["newEnd"]),
                teacher_ids=tuple(UUID(t) for t in e["teacherIds"]) if e["teacherIds"] is not None else None,
                room_id=UUID(e["roomId"]) if e["roomId"] else None,
            )
            for e in doc["exceptions"]
        ),
    )
    return plan, {date.fromisoformat(d["date"]): d["reason"] for d in doc["daysOff"]}


def occurrences_of_doc(doc: dict[str, Any], window: tuple[date, date] | None = None) -> list[Occurrence]:
    """The published occurrences of a group document."""
    plan, off = plan_of_doc(doc)
    return expand(plan, off, window=window)


def _lost(old: dict[str, Any], new: dict[str, Any] | None) -> list[dict[str, str]]:
    """Occurrences active in ``old`` that ``new`` cancels or no longer has."""
    after = {o.id: o for o in occurrences_of_doc(new)} if new else {}
    out = []
    for occ in occurrences_of_doc(old):
        later = after.get(occ.id)
        if occ.active and (later is None or not later.active):
            out.append({"groupId": old["id"], "groupName": old["name"], "occurrenceId": str(occ.id),
                        "start": occ.start.isoformat()})  # fmt: skip
    return out


def diff(previous: dict[str, dict[str, Any]], current: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Groups added, removed and changed (with the fields that changed) and occurrences cancelled."""
    added = sorted(set(current) - set(previous))
    removed = sorted(set(previous) - set(current))
    changed = sorted(g for g in set(current) & set(previous) if current[g] != previous[g])
    fields = {g: sorted(k for k in current[g] if current[g].get(k) != previous[g].get(k)) for g in changed}
    cancelled = [o for g in changed for o in _lost(previous[g], current[g])]
    summary = [f"Added {current[g]['name']!r}" for g in added]
    summary += [f"Removed {previous[g]['name']!r}" for g in removed]
    summary += [f"Changed {current[g]['name']!r}: {', '.join(fields[g])}" for g in changed]
    summary += [f"Cancelled {o['groupName']!r} on {o['start'][:16].replace('T', ' ')}" for o in cancelled]
    return {
        "added": [{"id": g, "name": current[g]["name"]} for g in added],
        "removed": [{"id": g, "name": previous[g]["name"]} for g in removed],
        "changed": [{"id": g, "name": current[g]["name"], "fields": fields[g]} for g in changed],
        "occurrencesCancelled": cancelled,
        "summary": summary,
    }
