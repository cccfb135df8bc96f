"""Plain values of the calendar: weekly slots, exceptions, group plans and occurrences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal
from uuid import UUID
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Stockholm")
Interval = Literal["every", "odd", "even"]
Status = Literal["scheduled", "moved", "cancelled"]
INTERVALS: tuple[str, ...] = ("every", "odd", "even")


@dataclass(frozen=True, slots=True)
class Slot:
    """One weekly session: ISO weekday (1 = Monday), local start and end, every/odd/even ISO week."""

    weekday: int
    start: time
    end: time
    interval: Interval = "every"

    def runs_in_week(self, day: date) -> bool:
        """True when ``day``'s ISO week has this slot (odd/even by ISO week number)."""
        if self.interval == "every":
            return True
        odd = day.isocalendar().week % 2 == 1
        return odd if self.interval == "odd" else not odd


@dataclass(frozen=True, slots=True)
class Change:
    """An exception to one occurrence, keyed by its original local start (naive wall time)."""

    original_start: datetime
    cancelled: bool = False
    new_start: datetime | None = None
    new_end: datetime | None = None
    teacher_ids: tuple[UUID, ...] | None = None
    room_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class GroupPlan:
    """What the expansion needs of a group: its dates, weekly slots, staffing and exceptions."""

    id: UUID
    start_date: date
    end_date: date
    slots: tuple[Slot, ...]
    teacher_ids: tuple[UUID, ...] = ()
    room_id: UUID | None = None
    changes: tuple[Change, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated session; ``original_start`` and ``id`` never change when it is moved or cancelled."""

    id: UUID
    group_id: UUID
    original_start: datetime
    start: datetime
    end: datetime
    status: Status
    teacher_ids: tuple[UUID, ...]
    room_id: UUID | None
    substituted: bool = False

    @property
    def active(self) -> bool:
        """True unless cancelled."""
        return self.status != "cancelled"


def local(day: date, at: time) -> datetime:
    """An aware Europe/Stockholm datetime for a local date and wall time."""
    return datetime.combine(day, at, tzinfo=TZ)


def as_local(value: datetime) -> datetime:
    """Interpret a naive datetime as Stockholm wall time; convert an aware one to Stockholm."""
    return value.replace(tzinfo=TZ) if value.tzinfo is None else value.astimezone(TZ)


def daypart(start: time, evening_start: time) -> str:
    """morning (< 12:00), afternoon (12:00 up to the evening start) or evening (≥ evening start)."""
    if start >= evening_start:
        return "evening"
    return "morning" if start < time(12, 0) else "afternoon"
