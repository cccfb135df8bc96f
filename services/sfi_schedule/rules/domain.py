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
EVENING_VARIANT = "evening"
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
    child_present: bool = False


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


def evening_path_refusal(allowed: frozenset[int]) -> str:
    """Why an evening group may not be on another study path than ``allowed`` (the provider's policy)."""
    if not allowed:
        return "this provider offers no evening groups"
    return f"this provider offers evening groups only on study path{'s' if len(allowed) > 1 else ''} " + (
        " and ".join(str(p) for p in sorted(allowed))
    )


def registerkontroll_valid(shown_on: date | None, on: date, months: int) -> bool:
    """A registerkontroll shown on ``shown_on`` is valid on ``on`` for ``months`` calendar months."""
    return shown_on is not None and shown_on <= on < add_months(shown_on, months)


def daily_window(variant: str, config: SfiConfig) -> tuple[time, time, str]:
    """When a group of ``variant`` may meet each day: the evening window, or the daytime one for the rest."""
    if variant == EVENING_VARIANT:
        return config.evening_start, config.evening_end, "an evening group"
    return config.day_start, config.day_end, "a daytime group"


def session_time_errors(
    variant: str, start: time, end: time, config: SfiConfig, *, start_at: str, end_at: str
) -> list[FieldError]:
    """A session (a weekly slot or a moved occurrence) starts and ends within its group's daily window."""
    first, last, what = daily_window(variant, config)
    errors: list[FieldError] = []
    if start < first:
        errors.append(FieldError(start_at, f"{what} starts at or after {first:%H:%M}, not {start:%H:%M}"))
    if end > last:
        errors.append(FieldError(end_at, f"{what} ends by {last:%H:%M}, not {end:%H:%M}"))
    return errors


def _slot_errors(group: GroupDraft, config: SfiConfig) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, slot in enumerate(group.slots):
        if slot.end <= slot.start:
            errors.append(FieldError(f"/slots/{i}/end", "must be after the start"))
        errors.extend(session_time_errors(group.variant, slot.start, slot.end, config,
                                          start_at=f"/slots/{i}/start", end_at=f"/slots/{i}/end"))  # fmt: skip
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
    if not group.child_present:
        errors.append(
            FieldError("/childPresent", "in a parental-leave group the child is present (childPresent: true)")
        )
    if not group.teacher_ids:
        errors.append(FieldError("/teacherIds", "a parental-leave group needs a teacher with a valid registerkontroll"))
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
    evening_paths: frozenset[int] | None = None,
) -> list[FieldError]:
    """Every rule a group must pass before it is saved; an empty list means it may be saved.

    ``evening_paths`` is the provider's policy for evening groups (None: the municipality's, from ``config``).
    """
    errors = _slot_errors(group, config)
    if group.course not in COURSE_PATHS.get(group.path, ()):
        errors.append(FieldError("/course", f"course {group.course} is not on study path {group.path}"))
    allowed = config.evening_paths if evening_paths is None else evening_paths
    if group.variant == EVENING_VARIANT and group.path not in allowed:
        errors.append(FieldError("/path", evening_path_refusal(allowed)))
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
    """Substitute teachers must exist and, at an open preschool, hold a valid registerkontroll on the day.

    An open-preschool session always has a teacher: an empty substitution would skip the registerkontroll.
    """
    errors: list[FieldError] = []
    if open_preschool and not teacher_ids:
        errors.append(
            FieldError("/teacherIds", "a parental-leave session needs a teacher with a valid registerkontroll")
        )
    for i, teacher_id in enumerate(teacher_ids):
        teacher = teachers.get(teacher_id)
        if teacher is None:
            errors.append(FieldError(f"/teacherIds/{i}", "no such teacher"))
        elif open_preschool and not registerkontroll_valid(
            teacher.registerkontroll_shown_on, on, config.registerkontroll_months
        ):
            errors.append(FieldError(f"/teacherIds/{i}", f"{teacher.name} has no registerkontroll valid on {on}"))
    return errors
