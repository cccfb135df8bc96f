"""Pure placement rules: workplaces with children, agreement states, hours, seats, levels, registerkontroll."""

from __future__ import annotations

from datetime import date, time

import pytest

from services.sfi_schedule.learners.busy import first_common_day
from services.sfi_schedule.learners.domain import BusyWindow
from services.sfi_schedule.placements.config import PlacementConfig
from services.sfi_schedule.placements.domain import (
    agreement_windows,
    has_seat,
    hours_errors,
    learner_level,
    meets_level,
    pattern_windows,
    period_errors,
    planned_hours,
    registerkontroll_error,
    transition_error,
    weekly_hours,
    workplace_errors,
)
from shared.settings import SettingsError

TUE_THU = [{"weekdays": [2, 4], "start": "13:00", "end": "17:00"}]


@pytest.mark.parametrize(
    ("sector", "flag", "refused"),
    [("preschool", False, True), ("school", False, True), ("school_age_care", False, True),
     ("preschool", True, False), ("elderly_care", False, False), ("kitchen", True, False)],
)  # fmt: skip
def test_work_with_children_needs_a_registerkontroll(sector, flag, refused):
    errors = workplace_errors(sector=sector, needs_registerkontroll=flag)
    assert bool(errors) is refused
    assert all(e.pointer == "/needsRegisterkontroll" for e in errors)


@pytest.mark.parametrize(
    ("current", "target", "ok"),
    [
        ("proposed", "agreed", True), ("agreed", "ongoing", True), ("ongoing", "completed", True),
        ("proposed", "ended_early", True), ("agreed", "ended_early", True), ("ongoing", "ended_early", True),
        ("proposed", "ongoing", False), ("proposed", "completed", False), ("agreed", "completed", False),
        ("completed", "ended_early", False), ("ended_early", "agreed", False), ("ongoing", "agreed", False),
    ],
)  # fmt: skip
def test_agreement_states_go_one_way(current, target, ok):
    assert (transition_error(current, target) is None) is ok


def test_a_finished_agreement_says_nothing_follows():
    assert "nothing follows" in transition_error("completed", "agreed")


@pytest.mark.parametrize(
    ("hours", "pointer"),
    [
        ([], "/hours"),
        ([{"weekdays": [2], "start": "17:00", "end": "13:00"}], "/hours/0/end"),
        ([{"weekdays": [2], "start": "13:00", "end": "17:00", "weeks": "cycle", "cycleLength": 3, "cycleWeeks": [4],
           "cycleAnchor": "2026-12-07"}], "/hours/0/cycleWeeks"),
        ([{"weekdays": [2], "start": "13:00", "end": "17:00", "weeks": "cycle", "cycleLength": 2,
           "cycleWeeks": [1]}], "/hours/0/cycleAnchor"),
    ],
)  # fmt: skip
def test_bad_hours_are_named_like_busy_windows(hours, pointer):
    assert pointer in [e.pointer for e in hours_errors(hours)]


def test_a_period_ends_after_it_starts_and_lasts_at_most_two_years():
    assert period_errors(date(2027, 1, 2), date(2027, 1, 1))[0].pointer == "/endDate"
    assert period_errors(date(2027, 1, 1), date(2029, 6, 1))
    assert period_errors(date(2027, 1, 1), date(2027, 6, 30)) == []


def test_planned_and_weekly_hours_follow_the_pattern_and_its_period():
    windows = pattern_windows(TUE_THU, date(2026, 12, 1), date(2026, 12, 31))
    assert (
        planned_hours(windows, date(2026, 12, 1), date(2026, 12, 31)) == 10 * 4
    )  # December 2026 has 5 Tuesdays and 5 Thursdays
    assert weekly_hours(windows, date(2026, 12, 1)) < 8  # the period ends inside the 12 weeks averaged


def test_a_rotating_pattern_counts_only_its_weeks():
    rota = [{"weekdays": [1], "start": "08:00", "end": "12:00", "weeks": "cycle", "cycleLength": 3, "cycleWeeks": [1],
             "cycleAnchor": "2027-01-04"}]  # fmt: skip
    windows = pattern_windows(rota, date(2027, 1, 4), date(2027, 6, 30))
    assert weekly_hours(windows, date(2027, 1, 4)) == round(4 * 4 / 12, 1)  # weeks 1, 4, 7, 10 of 12


def test_agreement_windows_are_busy_windows_of_kind_placement_over_the_agreed_dates():
    stored = agreement_windows(TUE_THU, start=date(2027, 1, 5), end=date(2027, 3, 31), placement_id="p",
                               agreement_id="a", title="Språkpraktik")  # fmt: skip
    assert stored == [{"weekdays": [2, 4], "start": "13:00", "end": "17:00", "kind": "placement",
                       "validFrom": "2027-01-05", "validTo": "2027-03-31", "placementId": "p", "agreementId": "a",
                       "title": "Språkpraktik"}]  # fmt: skip


@pytest.mark.parametrize(("seats", "taken", "ok"), [(3, 0, True), (3, 2, True), (3, 3, False), (1, 5, False)])
def test_a_new_agreement_needs_a_free_seat(seats, taken, ok):
    assert has_seat(seats=seats, taken=taken) is ok


@pytest.mark.parametrize(
    ("passed", "current", "studying", "next_up", "level"),
    [((), None, (), "A", "A"), (("A", "B"), None, (), "C", "C"), ((), "B", ("C",), None, "C"),
     ((), None, (), None, None), (("D",), None, (), None, "D")],
)  # fmt: skip
def test_the_learner_level_is_the_highest_course_studied_passed_or_next(passed, current, studying, next_up, level):
    assert learner_level(passed=passed, current=current, studying=studying, next_up=next_up) == level


@pytest.mark.parametrize(
    ("level", "needed", "ok"), [("C", "B", True), ("B", "B", True), ("A", "B", False), (None, "A", False),
                                (None, None, True), ("A", None, True)]
)  # fmt: skip
def test_the_sfi_level_needed(level, needed, ok):
    assert meets_level(level, needed) is ok


TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("needed", "shown", "start", "problem"),
    [
        (False, None, TODAY, None),
        (True, None, TODAY, "record the date"),
        (True, date(2026, 12, 3), TODAY, "still to come"),
        (True, date(2025, 12, 2), TODAY, "too old"),  # 12 months to the day: no longer valid
        (True, date(2025, 12, 3), TODAY, None),
        (True, date(2026, 6, 1), date(2027, 6, 1), "too old"),  # shown now, but expired by the start
        (True, date(2026, 6, 2), date(2027, 6, 1), None),
    ],
)
def test_registerkontroll_is_a_date_valid_twelve_months_on_the_first_day(needed, shown, start, problem):
    found = registerkontroll_error(needed=needed, shown_on=shown, start=start, today=TODAY, months=12)
    assert (found is None) if problem is None else (problem in found)


def window(day: int, start: str, end: str, **kw) -> BusyWindow:
    return BusyWindow(day, time.fromisoformat(start), time.fromisoformat(end), **kw)


@pytest.mark.parametrize(
    ("a", "b", "first"),
    [
        (window(2, "13:00", "17:00"), window(2, "16:00", "20:00"), date(2026, 12, 8)),
        (window(2, "13:00", "17:00"), window(2, "17:00", "20:00"), None),  # back to back is fine
        (window(2, "13:00", "17:00"), window(4, "13:00", "17:00"), None),
        (window(2, "13:00", "17:00", weeks="odd"), window(2, "13:00", "17:00", weeks="even"), None),
        (window(2, "13:00", "17:00"), window(2, "13:00", "17:00", weeks="odd"), date(2026, 12, 15)),  # week 51
        (window(2, "13:00", "17:00", valid_from=date(2027, 1, 1)), window(2, "14:00", "15:00"), date(2027, 1, 5)),
    ],
)
def test_two_windows_collide_on_the_first_day_both_apply(a, b, first):
    assert first_common_day(a, b, date(2026, 12, 2), date(2027, 3, 1)) == first


def test_the_targets_are_settings_per_municipality_and_a_bad_one_names_its_variable():
    assert PlacementConfig.from_env({}, registerkontroll_months=12).target_municipal == 100
    config = PlacementConfig.from_env({"LOTSEN_SFI_PLACEMENT_TARGET_PRIVATE": "25"}, registerkontroll_months=6)
    assert (config.target_private, config.registerkontroll_months) == (25, 6)
    with pytest.raises(SettingsError, match="LOTSEN_SFI_PLACEMENT_TARGET_MUNICIPAL"):
        PlacementConfig.from_env({"LOTSEN_SFI_PLACEMENT_TARGET_MUNICIPAL": "many"}, registerkontroll_months=12)
