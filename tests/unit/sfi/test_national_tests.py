"""National tests (FACT): only courses B, C and D, each version only between its first and last allowed day."""

from __future__ import annotations

from datetime import date

import pytest

from services.sfi_schedule.rules.national_tests import sitting_error, version_errors

FIRST, LAST, TODAY = date(2026, 11, 30), date(2026, 12, 11), date(2027, 1, 10)


@pytest.mark.parametrize(
    ("course", "first", "last", "pointers"),
    [
        ("A", FIRST, LAST, ["/course"]),
        ("B", FIRST, LAST, []),
        ("C", FIRST, LAST, []),
        ("D", FIRST, FIRST, []),  # a one-day window
        ("D", LAST, FIRST, ["/lastDay"]),
        ("A", LAST, FIRST, ["/course", "/lastDay"]),
    ],
)
def test_a_test_version_is_for_b_c_or_d_with_a_window(course, first, last, pointers):
    assert [e.pointer for e in version_errors(course=course, first_day=first, last_day=last)] == pointers


@pytest.mark.parametrize(
    ("sat_on", "today", "refused"),
    [
        (date(2026, 11, 29), TODAY, True),  # the day before the first allowed day
        (FIRST, TODAY, False),
        (date(2026, 12, 5), TODAY, False),
        (LAST, TODAY, False),
        (date(2026, 12, 12), TODAY, True),  # the day after the last allowed day
        (date(2026, 12, 5), date(2026, 12, 4), True),  # within the window, but a day still to come
    ],
)
def test_a_sitting_is_recorded_only_within_its_versions_window(sat_on, today, refused):
    error = sitting_error(first_day=FIRST, last_day=LAST, sat_on=sat_on, today=today)
    assert (error is not None) is refused
    if error is not None:
        assert error.pointer == "/satOn"
