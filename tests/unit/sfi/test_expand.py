"""The calendar expansion: holidays, daylight saving, odd/even ISO weeks, exceptions, stable ids."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import UUID

import pytest

from services.sfi_schedule.calendar.days_off import days_off, swedish_holidays
from services.sfi_schedule.calendar.expand import expand, occurrence_id, unmatched_changes
from services.sfi_schedule.calendar.model import TZ, Change, GroupPlan, Slot

GROUP = UUID("00000000-0000-0000-0000-0000000000a1")
TEACHER = UUID("00000000-0000-0000-0000-0000000000b1")
SUBSTITUTE = UUID("00000000-0000-0000-0000-0000000000b2")
ROOM = UUID("00000000-0000-0000-0000-0000000000c1")


def plan(first: date, last: date, *slots: Slot, changes: tuple[Change, ...] = ()) -> GroupPlan:
    return GroupPlan(GROUP, first, last, slots, (TEACHER,), ROOM, changes)


def dates_of(group: GroupPlan, **extra) -> list[date]:
    off = days_off(group.start_date, group.end_date, **extra)
    return [o.start.date() for o in expand(group, off)]


@pytest.mark.parametrize(
    ("holiday", "name"),
    [
        (date(2026, 6, 19), "Midsommarafton"),
        (date(2027, 6, 25), "Midsommarafton"),
        (date(2026, 12, 24), "Julafton"),
        (date(2026, 12, 31), "Nyårsafton"),
        (date(2027, 3, 26), "Långfredagen"),
        (date(2027, 3, 28), "Påskdagen"),
        (date(2027, 3, 29), "Annandag påsk"),
        (date(2027, 5, 6), "Kristi himmelsfärdsdag"),
        (date(2028, 6, 6), "Nationaldagen"),
        (date(2026, 6, 6), "Nationaldagen"),
        (date(2027, 1, 6), "Trettondedag jul"),
        (date(2026, 5, 1), "Första maj"),
    ],
)
def test_no_session_on_a_swedish_public_or_de_facto_holiday(holiday, name):
    assert swedish_holidays(holiday, holiday) == {holiday: name}
    weekly = plan(
        holiday - timedelta(days=14), holiday + timedelta(days=14), Slot(holiday.isoweekday(), time(9), time(12))
    )
    got = dates_of(weekly)
    assert holiday not in got
    neighbours = [holiday + timedelta(days=d) for d in (-14, -7, 7, 14)]
    assert got == [d for d in neighbours if d not in (date(2026, 12, 24), date(2026, 12, 31), date(2026, 6, 20))]


def test_ordinary_sundays_are_not_holidays_but_easter_sunday_is():
    sundays = plan(date(2027, 3, 14), date(2027, 4, 4), Slot(7, time(10), time(12)))
    assert dates_of(sundays) == [date(2027, 3, 14), date(2027, 3, 21), date(2027, 4, 4)]


@pytest.mark.parametrize(
    ("first", "switch", "before", "after"),
    [
        (date(2026, 3, 16), date(2026, 3, 29), 1, 2),  # last Sunday of March: CET → CEST
        (date(2026, 10, 19), date(2026, 10, 25), 2, 1),  # last Sunday of October: CEST → CET
        (date(2027, 3, 22), date(2027, 3, 28), 1, 2),
    ],
)
def test_sessions_keep_local_time_across_daylight_saving_changes(first, switch, before, after):
    group = plan(first, first + timedelta(days=20), Slot(1, time(18), time(21)), Slot(7, time(18), time(20)))
    occurrences = expand(group, {})
    assert occurrences
    for occ in occurrences:
        assert (occ.start.hour, occ.start.minute) == (18, 0) and occ.start.tzinfo is TZ
        assert occ.end.hour in (20, 21)
        offset = before if occ.start.date() < switch else after
        assert occ.start.utcoffset() == timedelta(hours=offset)
    on_switch_day = next(o for o in occurrences if o.start.date() == switch)
    assert on_switch_day.start.utcoffset() == timedelta(hours=after)
    assert on_switch_day.end - on_switch_day.start == timedelta(hours=2)


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        # 2026 has 53 ISO weeks: Mon 28 Dec 2026 is week 53, Mon 4 Jan 2027 is week 1 — both odd.
        ("odd", [date(2026, 12, 14), date(2026, 12, 28), date(2027, 1, 4), date(2027, 1, 18)]),
        ("even", [date(2026, 12, 21), date(2027, 1, 11), date(2027, 1, 25)]),
        ("every", [date(2026, 12, 14) + timedelta(weeks=n) for n in range(7)]),
    ],
)
def test_odd_and_even_follow_iso_week_numbers_across_the_year_boundary(interval, expected):
    group = plan(date(2026, 12, 14), date(2027, 1, 25), Slot(1, time(9), time(12), interval))
    assert dates_of(group) == expected


@pytest.mark.parametrize(
    ("interval", "weeks"),
    [("odd", [35, 37, 39, 41]), ("even", [34, 36, 38, 40])],
)
def test_odd_and_even_weeks_within_a_year(interval, weeks):
    group = plan(date(2026, 8, 17), date(2026, 10, 9), Slot(3, time(13), time(15), interval))
    assert [d.isocalendar().week for d in dates_of(group)] == weeks


def test_study_free_days_and_venue_closures_remove_sessions():
    group = plan(date(2026, 10, 26), date(2026, 11, 16), Slot(1, time(9), time(12)))
    got = dates_of(
        group,
        study_free=[{"from": "2026-11-02", "to": "2026-11-06", "reason": "höstlov"}],
        closures=[{"from": date(2026, 11, 16), "to": date(2026, 11, 16), "reason": "renovering"}],
    )
    assert got == [date(2026, 10, 26), date(2026, 11, 9)]


def wall(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


@pytest.mark.parametrize(
    ("change", "status", "start_hour", "teachers", "room"),
    [
        (Change(wall(date(2026, 9, 7), 9), cancelled=True), "cancelled", 9, (TEACHER,), ROOM),
        (
            Change(wall(date(2026, 9, 7), 9), new_start=wall(date(2026, 9, 8), 13), new_end=wall(date(2026, 9, 8), 16)),
            "moved",
            13,
            (TEACHER,),
            ROOM,
        ),
        (Change(wall(date(2026, 9, 7), 9), teacher_ids=(SUBSTITUTE,)), "scheduled", 9, (SUBSTITUTE,), ROOM),
        (Change(wall(date(2026, 9, 7), 9), room_id=UUID(int=7)), "scheduled", 9, (TEACHER,), UUID(int=7)),
    ],
)
def test_exceptions_cancel_move_or_restaff_one_occurrence_keeping_its_id(change, status, start_hour, teachers, room):
    base = plan(date(2026, 8, 31), date(2026, 9, 14), Slot(1, time(9), time(12)))
    changed = plan(date(2026, 8, 31), date(2026, 9, 14), Slot(1, time(9), time(12)), changes=(change,))
    before, after = expand(base, {}), expand(changed, {})
    assert [o.id for o in before] == sorted((o.id for o in after), key=[o.id for o in before].index)
    target = next(o for o in after if o.original_start.date() == date(2026, 9, 7))
    assert (target.status, target.start.hour, target.teacher_ids, target.room_id) == (
        status,
        start_hour,
        teachers,
        room,
    )
    others = [o for o in after if o is not target]
    assert all(o.status == "scheduled" and o.teacher_ids == (TEACHER,) for o in others)


def test_occurrence_ids_are_stable_and_derive_from_group_and_original_start():
    group = plan(date(2026, 8, 31), date(2026, 9, 14), Slot(1, time(9), time(12)))
    first, again = expand(group, {}), expand(group, {})
    assert [o.id for o in first] == [o.id for o in again]
    assert first[0].id == occurrence_id(GROUP, datetime(2026, 8, 31, 9, tzinfo=TZ))
    assert first[0].id == occurrence_id(GROUP, datetime(2026, 8, 31, 9))
    assert occurrence_id(UUID(int=1), datetime(2026, 8, 31, 9)) != first[0].id


def test_exception_on_a_date_without_a_session_is_reported():
    stray = Change(wall(date(2026, 12, 24), 9), cancelled=True)
    group = plan(date(2026, 12, 17), date(2026, 12, 31), Slot(4, time(9), time(12)), changes=(stray,))
    assert unmatched_changes(group, days_off(group.start_date, group.end_date)) == [stray]


def test_window_keeps_occurrences_by_local_start_date():
    group = plan(date(2026, 8, 17), date(2026, 9, 30), Slot(1, time(9), time(12)))
    got = expand(group, {}, window=(date(2026, 8, 24), date(2026, 9, 7)))
    assert [o.start.date() for o in got] == [date(2026, 8, 24), date(2026, 8, 31), date(2026, 9, 7)]


MOVED_IN = Change(
    wall(date(2026, 11, 2), 9), new_start=wall(date(2026, 9, 15), 13), new_end=wall(date(2026, 9, 15), 16)
)
MOVED_OUT = Change(
    wall(date(2026, 9, 14), 9), new_start=wall(date(2026, 12, 1), 13), new_end=wall(date(2026, 12, 1), 16)
)


@pytest.mark.parametrize(
    "window",
    [
        (date(2026, 9, 1), date(2026, 9, 30)),
        (date(2026, 1, 1), date(2026, 8, 1)),
        (date(2026, 12, 1), date(2027, 1, 31)),
        (date(2026, 10, 26), date(2026, 11, 8)),
        (date(2025, 1, 1), date(2028, 1, 1)),
    ],
)
@pytest.mark.parametrize("changes", [(), (MOVED_IN,), (MOVED_OUT,), (MOVED_IN, MOVED_OUT)])
def test_a_window_gives_exactly_the_full_expansion_cut_to_the_window(window, changes):
    group = plan(
        date(2026, 8, 17),
        date(2027, 1, 20),
        Slot(1, time(9), time(12)),
        Slot(3, time(18), time(21), "odd"),
        changes=changes,
    )
    off = days_off(group.start_date, group.end_date)
    full = [o for o in expand(group, off) if window[0] <= o.start.date() <= window[1]]
    assert expand(group, off, window=window) == full
