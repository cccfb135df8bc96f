"""The establishment programme's study duty (FACT): at least 23 h/week on average, across SFI and placements."""

from __future__ import annotations

from datetime import date, time
from uuid import UUID

import pytest

from services.sfi_schedule.calendar.days_off import days_off
from services.sfi_schedule.calendar.expand import expand
from services.sfi_schedule.calendar.model import GroupPlan, Slot
from services.sfi_schedule.learners.domain import BusyWindow
from services.sfi_schedule.learners.study_duty import study_duty

MONDAY = date(2026, 9, 7)  # four ordinary weeks from here: no Swedish holidays until 1 November


def sessions(*slots: tuple[int, int, int]):
    plan = GroupPlan(UUID(int=1), date(2026, 8, 17), date(2026, 12, 18),
                     tuple(Slot(d, time(a), time(b)) for d, a, b in slots))  # fmt: skip
    return expand(plan, days_off(plan.start_date, plan.end_date))


DAYTIME = sessions(*((d, 9, 12) for d in range(1, 6)))  # 15 h a week (3 h x 5, the daytime DEFAULT)
EVENING = sessions((2, 18, 21), (4, 18, 21))  # 6 h a week


def placement(*days: int, start: int = 13, end: int = 17, **kw) -> tuple[BusyWindow, ...]:
    return tuple(BusyWindow(d, time(start), time(end), "placement", **kw) for d in days)


@pytest.mark.parametrize(
    ("sfi", "work", "per_week", "met"),
    [
        (DAYTIME, (), 15.0, False),  # SFI alone is not enough
        (DAYTIME, placement(1, 2), 23.0, True),  # 15 + 2 x 4 = 23: exactly the duty
        (DAYTIME, placement(1), 19.0, False),
        (EVENING, placement(1, 2, 3, 4, start=8, end=12), 22.0, False),  # 6 + 16
        (EVENING, placement(1, 2, 3, 4, 5, start=8, end=12), 26.0, True),
        (DAYTIME, placement(1, 2, start=10, end=14), 19.0, False),  # overlapping hours are counted once
        ((), placement(1, 2, 3, 4, 5, start=8, end=13), 25.0, True),  # a placement alone can meet it
    ],
)
def test_hours_a_week_of_sfi_and_placements_against_23(sfi, work, per_week, met):
    duty = study_duty(sfi, work, first=MONDAY, weeks=4)
    assert (duty.hours_per_week, duty.met) == (per_week, met)


def test_the_average_counts_the_weeks_a_placement_does_not_cover():
    two_weeks = placement(1, 2, 3, 4, valid_from=MONDAY, valid_to=date(2026, 9, 20), start=8, end=14)  # 24 h x 2
    duty = study_duty(DAYTIME, two_weeks, first=MONDAY, weeks=4)
    # 08-14 on four days is 3 h beyond the 09-12 SFI session each day: 3 x 4 x 2 = 24 h over four weeks.
    assert (duty.sfi_hours, duty.placement_hours, duty.hours_per_week) == (60.0, 24.0, 21.0)


def test_holidays_take_sfi_hours_away():
    christmas = date(2026, 12, 21)
    duty = study_duty(DAYTIME, placement(1, 2), first=christmas, weeks=2)
    assert duty.sfi_hours < 15 * 2 and not duty.met
