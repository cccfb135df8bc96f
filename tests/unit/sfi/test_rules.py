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
    check_substitutes,
    registerkontroll_valid,
    session_time_errors,
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
    child_present=True,
)


def pointers(
    group: GroupDraft, venue: VenueInfo = SCHOOL, room: RoomInfo | None = ROOM, provider_paths=None, **cfg
) -> list[str]:
    errors = check_group(group, venue=venue, room=room, teachers=TEACHERS, config=SfiConfig(**cfg), today=TODAY,
                         evening_paths=provider_paths)  # fmt: skip
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


@pytest.mark.parametrize(
    ("variant", "start", "end", "cfg", "expected"),
    [
        ("standard", time(8), time(16), {}, []),
        ("standard", time(7, 59), time(11), {}, ["/slots/0/start"]),
        ("standard", time(13), time(16, 1), {}, ["/slots/0/end"]),
        ("standard", time(17), time(20), {}, ["/slots/0/end"]),  # not a daytime session: an evening group's hours
        ("kombo", time(7), time(17), {}, ["/slots/0/start", "/slots/0/end"]),
        ("standard", time(7), time(10), {"day_start": time(7)}, []),  # the municipality's own daytime window
        ("standard", time(15), time(17), {"day_end": time(17)}, []),
        ("evening", time(18), time(21, 30), {}, []),
        ("evening", time(18), time(21, 31), {}, ["/slots/0/end"]),
        ("evening", time(19), time(22), {}, ["/slots/0/end"]),
        ("evening", time(19), time(22), {"evening_end": time(22)}, []),
        ("evening", time(16), time(22), {}, ["/slots/0/start", "/slots/0/end"]),
    ],
)
def test_sessions_keep_to_the_daytime_or_evening_window(variant, start, end, cfg, expected):
    group = replace(DAY, variant=variant, slots=(Slot(3, start, end),), target_role="undersköterska")
    assert pointers(group, **cfg) == expected


def test_a_parental_leave_session_at_the_preschool_keeps_to_the_daytime_window_too():
    late = replace(PARENTAL, slots=(Slot(2, time(14), time(16, 30)),))
    assert pointers(late, venue=replace(PRESCHOOL, opening_hours=((2, time(9), time(18)),)), room=None) == [
        "/slots/0/end"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"teacher_ids": ()}, ["/teacherIds"]),  # no teacher: nobody's registerkontroll would be checked
        ({"child_present": False}, ["/childPresent"]),
        ({"teacher_ids": (), "child_present": False}, ["/childPresent", "/teacherIds"]),
    ],
)
def test_a_parental_leave_group_has_a_checked_teacher_and_the_child_present(change, expected):
    assert pointers(replace(PARENTAL, **change), venue=PRESCHOOL, room=None) == expected


def test_the_child_present_rule_is_only_for_parental_leave_groups():
    assert pointers(replace(DAY, child_present=False)) == []


EVENING = replace(DAY, variant="evening", slots=(Slot(3, time(18), time(21)),))


@pytest.mark.parametrize(
    ("path", "course", "provider", "cfg", "expected"),
    [
        (1, "B", None, {}, []),  # the DEFAULT: evening groups on every path
        (1, "B", frozenset({2, 3}), {}, ["/path"]),  # the provider's policy: only paths 2 and 3
        (2, "B", frozenset({2, 3}), {}, []),
        (3, "C", frozenset({2, 3}), {}, []),
        (1, "B", None, {"evening_paths": frozenset({2, 3})}, ["/path"]),  # the municipality's setting
        (1, "B", frozenset({1, 2, 3}), {"evening_paths": frozenset({2, 3})}, []),  # a provider may differ
        (2, "B", frozenset(), {}, ["/path"]),  # a provider with no evening groups
    ],
)
def test_evening_groups_only_on_the_providers_study_paths(path, course, provider, cfg, expected):
    assert pointers(replace(EVENING, path=path, course=course), provider_paths=provider, **cfg) == expected


def test_the_evening_path_policy_leaves_daytime_groups_alone():
    assert pointers(replace(DAY, course="B", path=1), provider_paths=frozenset({2, 3})) == []


@pytest.mark.parametrize(
    ("shown", "months", "expected"),
    [
        (date(2025, 8, 17), 12, ["/teacherIds/0"]),  # valid until 2026-08-16, the group starts 2026-08-17
        (date(2025, 8, 18), 12, []),
        (date(2025, 8, 17), 13, []),  # LOTSEN_SFI_REGISTERKONTROLL_MONTHS=13
        (date(2026, 2, 17), 6, ["/teacherIds/0"]),
        (date(2026, 2, 18), 6, []),
    ],
)
def test_the_registerkontroll_validity_is_a_setting(shown, months, expected):
    teacher = TeacherInfo(UUID(int=7), "Doris", shown)
    config = SfiConfig(registerkontroll_months=months)
    errors = check_group(replace(PARENTAL, teacher_ids=(teacher.id,)), venue=PRESCHOOL, room=None,
                         teachers={teacher.id: teacher}, config=config, today=TODAY)  # fmt: skip
    assert [e.pointer for e in errors] == expected


@pytest.mark.parametrize(
    ("ids", "open_preschool", "expected"),
    [
        ((), True, ["/teacherIds"]),  # an open-preschool session left without a teacher
        ((), False, []),
        ((FRESH.id,), True, []),
        ((EXPIRED.id,), True, ["/teacherIds/0"]),
    ],
)
def test_substitutes_at_an_open_preschool(ids, open_preschool, expected):
    errors = check_substitutes(ids, teachers=TEACHERS, open_preschool=open_preschool, on=TODAY, config=SfiConfig())
    assert [e.pointer for e in errors] == expected


@pytest.mark.parametrize(
    ("variant", "start", "end", "expected"),
    [
        ("evening", time(18), time(21), []),
        ("evening", time(19), time(22), ["/newEnd"]),
        ("evening", time(15), time(18), ["/newStart"]),
        ("standard", time(15), time(17), ["/newEnd"]),
        ("standard", time(8), time(11), []),
    ],
)
def test_a_moved_session_keeps_to_its_groups_window(variant, start, end, expected):
    errors = session_time_errors(variant, start, end, SfiConfig(), start_at="/newStart", end_at="/newEnd")
    assert [e.pointer for e in errors] == expected


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
