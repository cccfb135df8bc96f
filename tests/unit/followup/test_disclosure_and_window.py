"""The suppression rule and the reporting window, as tables of cases."""

from __future__ import annotations

from datetime import date

import pytest

from shared.disclosure import count, is_suppressed, percent, statistic
from shared.errors import ValidationFailed
from shared.followup import Window, period_labels, period_of, resolve_window

TODAY = date(2026, 12, 2)
HIDDEN = {"suppressed": True}


@pytest.mark.parametrize(("n", "shown"), [(0, HIDDEN), (1, HIDDEN), (4, HIDDEN), (5, 5), (6, 6), (1000, 1000)])
def test_a_count_below_five_persons_is_suppressed_zero_included(n, shown):
    assert count(n) == shown


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (5, 5, 100.0),
        (5, 10, 50.0),
        (4, 40, HIDDEN),
        (40, 4, HIDDEN),
        (0, 40, HIDDEN),
        (2, 3, HIDDEN),
        (1, 3, HIDDEN),
        (7, 9, 77.8),
    ],
)
def test_a_percentage_needs_five_persons_on_both_sides(part, whole, shown):
    assert percent(part, whole) == shown


def test_a_statistic_over_fewer_than_five_is_suppressed_and_none_stays_none():
    assert statistic(41.25, 4) == HIDDEN and statistic(41.25, 5) == 41.2 and statistic(None, 5) is None
    assert is_suppressed(count(3)) and not is_suppressed(3) and not is_suppressed({"suppressed": False})
    marker = count(1)
    marker["x"] = 1
    assert count(2) == HIDDEN  # every marker is its own dict


@pytest.mark.parametrize(
    ("query", "window"),
    [
        ({}, Window(date(2024, 1, 1), TODAY, "quarter", TODAY)),
        ({"asOf": date(2025, 6, 30)}, Window(date(2023, 1, 1), date(2025, 6, 30), "quarter", date(2025, 6, 30))),
        ({"to": date(2025, 3, 1), "period": "month"}, Window(date(2023, 1, 1), date(2025, 3, 1), "month", TODAY)),
        (
            {"from_": date(2025, 1, 1), "to": date(2025, 1, 1)},
            Window(date(2025, 1, 1), date(2025, 1, 1), "quarter", TODAY),
        ),
    ],
)
def test_the_window_defaults_to_three_calendar_years_up_to_today(query, window):
    assert resolve_window(query, TODAY) == window


@pytest.mark.parametrize(
    ("query", "pointers"),
    [
        ({"asOf": date(2026, 12, 3)}, ["/asOf"]),
        ({"to": date(2026, 12, 3)}, ["/to"]),
        ({"from_": date(2026, 2, 1), "to": date(2026, 1, 1)}, ["/from"]),
        ({"from_": date(2010, 1, 1)}, ["/from"]),
    ],
)
def test_a_window_that_makes_no_sense_names_the_parameter(query, pointers):
    with pytest.raises(ValidationFailed) as caught:
        resolve_window(query, TODAY)
    assert [e.pointer for e in caught.value.errors] == pointers


def test_a_window_in_the_year_one_is_odd_but_no_crash():
    assert resolve_window({"to": date(1, 6, 1), "asOf": date(1, 6, 1)}, TODAY).start == date(1, 1, 1)


@pytest.mark.parametrize(
    ("start", "end", "period", "labels"),
    [
        (date(2025, 11, 30), date(2026, 2, 1), "month", ["2025-11", "2025-12", "2026-01", "2026-02"]),
        (date(2025, 3, 31), date(2025, 10, 1), "quarter", ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]),
        (date(2024, 12, 31), date(2026, 1, 1), "year", ["2024", "2025", "2026"]),
        (date(2025, 5, 5), date(2025, 5, 6), "quarter", ["2025-Q2"]),
    ],
)
def test_every_period_of_the_window_has_a_label_in_order(start, end, period, labels):
    assert period_labels(start, end, period) == labels
    assert period_of(start, period) == labels[0] and period_of(end, period) == labels[-1]
