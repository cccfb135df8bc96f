"""Rules on every group save and the double-booking check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from uuid import UUID

import pytest

from services.sfi_schedule.calendar.expand import expand
from services.sfi_schedule.calendar.model import Change, GroupPlan, Slot
from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.rules.conflicts import Booked, find_conflicts
from services.sfi_schedule.rules.domain import (
    GroupDraft,
    RoomInfo,
    TeacherInfo,
    VenueInfo,
    add_months,
    check_group,
    registerkontroll_valid,
)

SCHOOL = VenueInfo(UUID(int=1), "Centrumskolan", "school")
PRESCHOOL = VenueInfo(
    UUID(int=2), "Öppna förskolan Solen", "open_preschool", ((2, time(9), time(15)), (4, time(9), time(12)))
)
ROOM = RoomInfo(UUID(int=3), "Sal 1", 20, SCHOOL.id)
FRESH = TeacherInfo(UUID(int=4), "Anna", date(2026, 5, 1))
EXPIRED = TeacherInfo(UUID(int=5), "Bertil", date(2025, 1, 10))
NEVER = TeacherInfo(UUID(int=6), "Cecilia", None)
TEACHERS = {t.id: t for t in (FRESH, EXPIRED, NEVER)}
TODAY = date(2026, 8, 1)

DAY = GroupDraft(
    name="B dag",
    course="B",
    path=2,
    variant="standard",
    capacity=18,
    start_date=date(2026, 8, 17),
    end_date=date(2026, 12, 18),
    slots=(Slot(1, time(9), time(12)),),
    venue_id=SCHOOL.id,
    room_id=ROOM.id,
    teacher_ids=(FRESH.id,),
)
PARENTAL = replace(
    DAY,
    variant="parental_leave_open_preschool",
    venue_id=PRESCHOOL.id,
    room_id=None,
    capacity=10,
    slots=(Slot(2, time(10), time(12)),),
)


def pointers(group: GroupDraft, venue: VenueInfo = SCHOOL, room: RoomInfo | None = ROOM, **cfg) -> list[str]:
    errors = check_group(group, venue=venue, room=room, teachers=TEACHERS, config=SfiConfig(**cfg), today=TODAY)
    return [e.pointer for e in errors]


def test_a_valid_daytime_group_passes():
    assert pointers(DAY) == []


@pytest.mark.parametrize(
    ("start", "cfg", "expected"),
    [
        (time(16), {}, ["/slots/0/start"]),
        (time(16, 59), {}, ["/slots/0/start"]),
        (time(17), {}, []),
        (time(18, 30), {}, []),
        (time(17), {"evening_start": time(17, 30)}, ["/slots/0/start"]),
    ],
)
def test_evening_group_cannot_start_before_the_evening_start(start, cfg, expected):
    evening = replace(DAY, variant="evening", slots=(Slot(3, start, time(20, 30)),))
    assert pointers(evening, **cfg) == expected


@pytest.mark.parametrize(
    ("change", "venue", "expected"),
    [
        ({}, PRESCHOOL, []),
        ({}, SCHOOL, ["/venueId"]),
        ({"capacity": 13}, PRESCHOOL, ["/capacity"]),
        ({"capacity": 12}, PRESCHOOL, []),
        ({"slots": (Slot(4, time(11), time(13)),)}, PRESCHOOL, ["/slots/0"]),
        ({"slots": (Slot(1, time(10), time(12)),)}, PRESCHOOL, ["/slots/0"]),
        ({"teacher_ids": (EXPIRED.id,)}, PRESCHOOL, ["/teacherIds/0"]),
        ({"teacher_ids": (FRESH.id, NEVER.id)}, PRESCHOOL, ["/teacherIds/1"]),
    ],
)
def test_open_preschool_group_rules(change, venue, expected):
    assert pointers(replace(PARENTAL, **change), venue=venue, room=None) == expected


def test_expired_registerkontroll_does_not_matter_outside_open_preschools():
    assert pointers(replace(DAY, teacher_ids=(EXPIRED.id,))) == []


@pytest.mark.parametrize(
    ("shown", "on", "months", "valid"),
    [
        (date(2026, 1, 31), date(2027, 1, 30), 12, True),
        (date(2026, 1, 31), date(2027, 1, 31), 12, False),
        (date(2026, 1, 31), date(2026, 7, 30), 6, True),
        (date(2026, 9, 1), date(2026, 8, 1), 12, False),
        (None, date(2026, 8, 1), 12, False),
    ],
)
def test_registerkontroll_is_valid_for_configured_months(shown, on, months, valid):
    assert registerkontroll_valid(shown, on, months) is valid


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("change", "room", "cfg", "expected"),
    [
        ({"capacity": 21}, ROOM, {}, ["/capacity"]),
        ({"capacity": 20}, ROOM, {}, []),
        ({}, replace(ROOM, venue_id=UUID(int=99)), {}, ["/roomId"]),
        ({"course": "A", "path": 1, "distance": True}, ROOM, {}, ["/distance"]),
        ({"course": "B", "path": 1, "distance": True}, ROOM, {}, []),
        ({"course": "B", "distance": True}, ROOM, {"distance_excluded_courses": frozenset({"A", "B"})}, ["/distance"]),
        ({"course": "A", "path": 2}, ROOM, {}, ["/course"]),
        ({"variant": "kombo"}, ROOM, {}, ["/targetRole"]),
        ({"variant": "kombo", "target_role": "undersköterska"}, ROOM, {}, []),
        ({"teacher_ids": (UUID(int=404),)}, ROOM, {}, ["/teacherIds/0"]),
        ({"slots": (Slot(1, time(12), time(9)),)}, ROOM, {}, ["/slots/0/end"]),
        ({"slots": (Slot(1, time(9), time(12)), Slot(1, time(11), time(13), "odd"))}, ROOM, {}, ["/slots/1"]),
        ({"slots": (Slot(1, time(9), time(12), "even"), Slot(1, time(9), time(12), "odd"))}, ROOM, {}, []),
    ],
)
def test_group_rules(change, room, cfg, expected):
    assert pointers(replace(DAY, **change), room=room, **cfg) == expected


T1, T2, R1 = UUID(int=11), UUID(int=12), UUID(int=13)


def occurrences(gid: int, *positional: Slot, slots=(), teachers=(T1,), room=None, changes=()):
    plan = GroupPlan(UUID(int=gid), date(2026, 8, 17), date(2026, 10, 30), positional + slots, teachers, room, changes)
    return expand(plan, {})


@pytest.mark.parametrize(
    ("mine", "other", "clash_dates"),
    [
        # an odd-week group against an every-week group: clashes in every odd week
        (
            {"slots": (Slot(1, time(9), time(12), "odd"),)},
            {"slots": (Slot(1, time(11), time(13)),)},
            [date(2026, 8, 24), date(2026, 9, 7), date(2026, 9, 21), date(2026, 10, 5), date(2026, 10, 19)],
        ),
        ({"slots": (Slot(1, time(9), time(12), "odd"),)}, {"slots": (Slot(1, time(9), time(12), "even"),)}, []),
        ({"slots": (Slot(1, time(9), time(12)),)}, {"slots": (Slot(1, time(12), time(15)),)}, []),
        ({"slots": (Slot(1, time(9), time(12)),)}, {"slots": (Slot(2, time(9), time(12)),)}, []),
        ({"slots": (Slot(1, time(9), time(12)),)}, {"slots": (Slot(1, time(9), time(12)),), "teachers": (T2,)}, []),
        (
            {"slots": (Slot(1, time(9), time(12)),), "teachers": (), "room": R1},
            {"slots": (Slot(1, time(10), time(11)),), "teachers": (T2,), "room": R1},
            [date(2026, 8, 17) + (date(2026, 8, 24) - date(2026, 8, 17)) * n for n in range(11)],
        ),
    ],
)
def test_double_booking_on_expanded_occurrences(mine, other, clash_dates):
    clashes = find_conflicts(occurrences(1, **mine), [Booked(UUID(int=2), "Andra gruppen", occurrences(2, **other))])
    assert [c.date for c in clashes] == clash_dates
    assert all(c.other_group_name == "Andra gruppen" for c in clashes)


def test_cancelled_occurrence_frees_the_teacher_and_a_moved_one_takes_them():
    cancel = Change(datetime(2026, 9, 7, 11), cancelled=True)
    move = Change(datetime(2026, 9, 8, 9), new_start=datetime(2026, 9, 7, 11), new_end=datetime(2026, 9, 7, 12))
    mine = occurrences(1, Slot(1, time(9), time(12), "odd"))
    other = occurrences(2, Slot(1, time(11), time(13), "odd"), changes=(cancel,))
    assert date(2026, 9, 7) not in [c.date for c in find_conflicts(mine, [Booked(UUID(int=2), "B", other)])]
    tuesday = occurrences(3, Slot(2, time(9), time(10)), changes=(move,))
    assert [c.date for c in find_conflicts(mine, [Booked(UUID(int=3), "C", tuesday)])] == [date(2026, 9, 7)]


def test_substitute_teacher_is_checked_on_the_occurrence():
    sub = Change(datetime(2026, 8, 18, 10), teacher_ids=(T1,))
    mine = occurrences(1, Slot(2, time(9), time(12)), teachers=(T1,))
    other = occurrences(2, Slot(2, time(10), time(11)), teachers=(T2,), changes=(sub,))
    clashes = find_conflicts(mine, [Booked(UUID(int=2), "B", other)])
    assert [(c.date, c.resource) for c in clashes] == [(date(2026, 8, 18), "teacher")]
