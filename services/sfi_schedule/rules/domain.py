"""Pure rules of a group save; each refusal is a field error naming what it collides with."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from uuid import UUID

from services.sfi_schedule.calendar.model import Slot
from services.sfi_schedule.config import SfiConfig
from shared.errors import FieldError

OPEN_PRESCHOOL_VARIANT = "parental_leave_open_preschool"
COURSE_PATHS = {1: ("A", "B", "C", "D"), 2: ("B", "C", "D"), 3: ("C", "D")}


@dataclass(frozen=True, slots=True)
class VenueInfo:
    """What the rules need of a venue."""

    id: UUID
    name: str
    kind: str
    opening_hours: tuple[tuple[int, time, time], ...] = ()


@dataclass(frozen=True, slots=True)
class RoomInfo:
    """What the rules need of a room."""

    id: UUID
    name: str
    seats: int
    venue_id: UUID


@dataclass(frozen=True, slots=True)
class TeacherInfo:
    """What the rules need of a teacher: only the date a registerkontroll was shown."""

    id: UUID
    name: str
    registerkontroll_shown_on: date | None


@dataclass(frozen=True, slots=True)
class GroupDraft:
    """A group as the administrator wants to save it."""

    name: str
    course: str
    path: int
    variant: str
    capacity: int
    start_date: date
    end_date: date
    slots: tuple[Slot, ...]
    venue_id: UUID
    room_id: UUID | None = None
    teacher_ids: tuple[UUID, ...] = ()
    target_role: str | None = None
    distance: bool = False


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - some candidate always fits


def registerkontroll_valid(shown_on: date | None, on: date, months: int) -> bool:
    """A registerkontroll shown on ``shown_on`` is valid on ``on`` for ``months`` calendar months."""
    return shown_on is not None and shown_on <= on < add_months(shown_on, months)


def _slot_errors(group: GroupDraft, config: SfiConfig) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, slot in enumerate(group.slots):
        if slot.end <= slot.start:
            errors.append(FieldError(f"/slots/{i}/end", "must be after the start"))
        if group.variant == "evening" and slot.start < config.evening_start:
            errors.append(
                FieldError(
                    f"/slots/{i}/start",
                    f"an evening group starts at or after {config.evening_start:%H:%M}, not {slot.start:%H:%M}",
                )
            )
        for j, other in enumerate(group.slots[:i]):
            if _slots_overlap(slot, other):
                errors.append(FieldError(f"/slots/{i}", f"overlaps slot {j} of the same group"))
    if not group.slots:
        errors.append(FieldError("/slots", "a group needs at least one weekly session"))
    return errors


def _slots_overlap(a: Slot, b: Slot) -> bool:
    parity_clash = a.interval == "every" or b.interval == "every" or a.interval == b.interval
    return a.weekday == b.weekday and parity_clash and a.start < b.end and b.start < a.end


def _open_preschool_errors(
    group: GroupDraft, venue: VenueInfo, teachers: Mapping[UUID, TeacherInfo], config: SfiConfig, today: date
) -> list[FieldError]:
    errors: list[FieldError] = []
    if venue.kind != "open_preschool":
        errors.append(
            FieldError("/venueId", f"parental-leave groups meet at an open preschool; {venue.name} is a {venue.kind}")
        )
    if group.capacity > config.small_group_cap:
        errors.append(FieldError("/capacity", f"an open-preschool group has at most {config.small_group_cap} places"))
    if venue.opening_hours:
        for i, slot in enumerate(group.slots):
            if not any(w == slot.weekday and o <= slot.start and slot.end <= c for w, o, c in venue.opening_hours):
                errors.append(FieldError(f"/slots/{i}", f"outside the opening hours of {venue.name}"))
    on = max(today, group.start_date)
    for i, teacher_id in enumerate(group.teacher_ids):
        teacher = teachers.get(teacher_id)
        if teacher and not registerkontroll_valid(
            teacher.registerkontroll_shown_on, on, config.registerkontroll_months
        ):
            errors.append(
                FieldError(f"/teacherIds/{i}", f"{teacher.name} has no registerkontroll valid on {on.isoformat()}")
            )
    return errors


def check_group(
    group: GroupDraft,
    *,
    venue: VenueInfo,
    room: RoomInfo | None,
    teachers: Mapping[UUID, TeacherInfo],
    config: SfiConfig,
    today: date,
) -> list[FieldError]:
    """Every rule a group must pass before it is saved; an empty list means it may be saved."""
    errors = _slot_errors(group, config)
    if group.course not in COURSE_PATHS.get(group.path, ()):
        errors.append(FieldError("/course", f"course {group.course} is not on study path {group.path}"))
    if group.end_date < group.start_date:
        errors.append(FieldError("/endDate", "must be on or after the start date"))
    if group.variant == "kombo" and not group.target_role:
        errors.append(FieldError("/targetRole", "a kombo group names the role it aims at, e.g. undersköterska"))
    if group.distance and group.course in config.distance_excluded_courses:
        errors.append(FieldError("/distance", f"distance groups are not offered for course {group.course}"))
    if room is not None:
        if room.venue_id != venue.id:
            errors.append(FieldError("/roomId", f"room {room.name} is not at {venue.name}"))
        if room.seats < group.capacity:
            errors.append(
                FieldError("/capacity", f"room {room.name} has {room.seats} seats, fewer than {group.capacity}")
            )
    for i, teacher_id in enumerate(group.teacher_ids):
        if teacher_id not in teachers:
            errors.append(FieldError(f"/teacherIds/{i}", "no such teacher"))
    if group.variant == OPEN_PRESCHOOL_VARIANT:
        errors.extend(_open_preschool_errors(group, venue, teachers, config, today))
    return errors


def check_substitutes(
    teacher_ids: Sequence[UUID],
    *,
    teachers: Mapping[UUID, TeacherInfo],
    open_preschool: bool,
    on: date,
    config: SfiConfig,
) -> list[FieldError]:
    """Substitute teachers must exist and, at an open preschool, hold a valid registerkontroll on the day."""
    errors: list[FieldError] = []
    for i, teacher_id in enumerate(teacher_ids):
        teacher = teachers.get(teacher_id)
        if teacher is None:
            errors.append(FieldError(f"/teacherIds/{i}", "no such teacher"))
        elif open_preschool and not registerkontroll_valid(
            teacher.registerkontroll_shown_on, on, config.registerkontroll_months
        ):
            errors.append(FieldError(f"/teacherIds/{i}", f"{teacher.name} has no registerkontroll valid on {on}"))
    return errors
