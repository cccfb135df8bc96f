"""Build RFC 5545 calendars from published group documents: RRULE + EXDATE, overrides, no personal data.

Pure functions of the documents (no I/O), so a feed can be built in a worker thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from icalendar import Calendar, Event, vDuration

from services.sfi_schedule.calendar.expand import slot_dates
from services.sfi_schedule.calendar.model import TZ, Occurrence, Slot, as_local, local
from services.sfi_schedule.feeds.vtimezone import vtimezone_ical
from services.sfi_schedule.publications.domain import occurrences_of_doc, plan_of_doc

UID_NAMESPACE = UUID("1d3c9a52-7a0e-5b5f-8c1e-2f5b3e6a9d10")
UID_DOMAIN = "sfi.lotsen"
VARIANT_NAMES = {
    "standard": "",
    "evening": "kvällsgrupp",
    "parental_leave_open_preschool": "för föräldralediga på öppna förskolan",
    "kombo": "kombo",
}


def new_calendar(name: str, refresh_minutes: int) -> Calendar:
    """An empty published calendar with refresh hints."""
    cal = Calendar()
    cal.add("prodid", "-//Lotsen//SFI schedule//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Stockholm")
    cal.add("refresh-interval", timedelta(minutes=refresh_minutes), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(timedelta(minutes=refresh_minutes)).to_ical().decode())
    return cal


_END = b"END:VCALENDAR\r\n"


def finish(cal: Calendar, events: list[Event], docs: Iterable[dict[str, Any]]) -> bytes:
    """Serialise: the calendar's properties, the Stockholm VTIMEZONE, then the events (of ``docs``' groups).

    The VTIMEZONE comes first, before any event names its TZID (some clients read in one pass). It covers the
    groups' years and one either side, and its rules stay open past the end, so a client looking further ahead
    still has them. A calendar without events names no zone and gets none.
    """
    head = cal.to_ical()[: -len(_END)]
    years = [date.fromisoformat(d[key]).year for d in docs for key in ("startDate", "endDate")]
    zone = vtimezone_ical(str(TZ.key), min(years) - 1, max(years) + 1) if events and years else b""
    return head + zone + b"".join(e.to_ical() for e in events) + _END


def runs(dates: list[date], step_days: int) -> list[list[date]]:
    """Split dates into runs with a constant step (odd/even weeks break where an ISO year has week 53)."""
    out: list[list[date]] = []
    for day in dates:
        if out and (day - out[-1][-1]).days == step_days:
            out[-1].append(day)
        else:
            out.append([day])
    return out


def _summary(doc: dict[str, Any]) -> str:
    variant = VARIANT_NAMES.get(doc["variant"], "")
    return f"SFI kurs {doc['course']} (spår {doc['path']}){' – ' + variant if variant else ''}: {doc['name']}"


def _location(doc: dict[str, Any]) -> str:
    venue = doc["venue"]
    parts = [venue["name"], doc["room"]["name"] if doc["room"] else None, venue["street"], venue["city"]]
    return ", ".join(p for p in parts if p)


def _base(doc: dict[str, Any], uid: str, stamp: datetime, sequence: int) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("last-modified", stamp.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("summary", _summary(doc))
    event.add("location", _location(doc))
    event.add("categories", ["SFI", f"Kurs {doc['course']}"])
    if doc["venue"]["latitude"] is not None and doc["venue"]["longitude"] is not None:
        event.add("geo", (doc["venue"]["latitude"], doc["venue"]["longitude"]))
    return event


def group_events(doc: dict[str, Any], *, stamp: datetime, sequence: int) -> list[Event]:
    """VEVENTs of one published group: a recurring master per slot run, EXDATEs, RECURRENCE-ID overrides."""
    plan, off = plan_of_doc(doc)
    events: list[Event] = []
    uid_of_start: dict[datetime, str] = {}
    for slot in plan.slots:
        step = 7 if slot.interval == "every" else 14
        for run in runs(slot_dates(slot, plan.start_date, plan.end_date), step):
            if all(d in off for d in run):
                continue  # no session at all: a master whose only dates are EXDATEs shows in some clients
            uid = f"{uuid5(UID_NAMESPACE, f'{plan.id}/{_slot_key(slot)}/{run[0]}')}@{UID_DOMAIN}"
            events.append(_master(doc, slot, run, off, uid, stamp, sequence, step))
            uid_of_start.update({local(d, slot.start).replace(tzinfo=None): uid for d in run if d not in off})
    if not plan.changes:
        return events  # the expansion below (an id per session) only serves the overrides
    changed = {as_local(c.original_start).replace(tzinfo=None) for c in plan.changes}
    for occ in occurrences_of_doc(doc):
        key = occ.original_start.replace(tzinfo=None)
        if key in changed and key in uid_of_start:
            events.append(_override(doc, occ, uid_of_start[key], stamp, sequence))
    return events


def _slot_key(slot: Slot) -> str:
    return f"{slot.weekday}-{slot.start:%H%M}-{slot.end:%H%M}-{slot.interval}"


def _master(
    doc: dict[str, Any], slot: Slot, run: list[date], off: dict[date, str], uid: str, stamp: datetime, sequence: int,
    step: int,
) -> Event:  # fmt: skip
    event = _base(doc, uid, stamp, sequence)
    event.add("dtstart", local(run[0], slot.start))
    event.add("dtend", local(run[0], slot.end))
    event.add("status", "CONFIRMED")
    # Always an RRULE, even for one date, so overrides and EXDATEs belong to a recurring event everywhere (ical.js
    # ignores both on a single event). DTSTART has a TZID, so UNTIL is UTC (RFC 5545 3.3.10): exactly the last
    # session's start, which every client counts as included.
    until = local(run[-1], slot.start).astimezone(UTC)
    event.add("rrule", {"freq": "weekly", "interval": step // 7, "until": until, "wkst": "MO"})
    excluded = [local(d, slot.start) for d in run if d in off]
    if excluded:
        event.add("exdate", excluded)
    return event


def _override(doc: dict[str, Any], occ: Occurrence, uid: str, stamp: datetime, sequence: int) -> Event:
    event = _base(doc, uid, stamp, sequence)
    event.add("recurrence-id", occ.original_start)
    event.add("dtstart", occ.start)
    event.add("dtend", occ.end)
    event.add("status", "CANCELLED" if occ.status == "cancelled" else "CONFIRMED")
    if occ.status == "moved":
        event.add("description", "Flyttat tillfälle")
    elif occ.substituted:
        event.add("description", "Ersättare eller annan sal detta tillfälle")
    return event


def occurrence_events(doc: dict[str, Any], occurrences: Iterable[Occurrence], *, stamp: datetime, sequence: int):
    """One VEVENT per occurrence (for feeds where substitutions decide who is there, e.g. per teacher)."""
    for occ in occurrences:
        event = _base(doc, f"{occ.id}@{UID_DOMAIN}", stamp, sequence)
        event.add("dtstart", occ.start)
        event.add("dtend", occ.end)
        event.add("status", "CANCELLED" if occ.status == "cancelled" else "CONFIRMED")
        yield event


def groups_calendar(rows: Sequence[Mapping[str, Any]], name: str, refresh_minutes: int) -> bytes:
    """The calendar of published groups (rows with ``doc``, ``modified_at`` and ``revision``): group and venue."""
    events = [
        event for row in rows for event in group_events(row["doc"], stamp=row["modified_at"], sequence=row["revision"])
    ]
    return finish(new_calendar(name, refresh_minutes), events, [row["doc"] for row in rows])


def teacher_calendar(rows: Sequence[Mapping[str, Any]], teacher_id: UUID, refresh_minutes: int) -> bytes:
    """One teacher's sessions across published groups, substitutions included, without names."""
    events: list[Event] = []
    used = []
    for row in rows:
        mine = [o for o in occurrences_of_doc(row["doc"]) if teacher_id in o.teacher_ids]
        if mine:
            used.append(row["doc"])
            events += occurrence_events(row["doc"], mine, stamp=row["modified_at"], sequence=row["revision"])
    return finish(new_calendar("SFI: lärarschema", refresh_minutes), events, used)
