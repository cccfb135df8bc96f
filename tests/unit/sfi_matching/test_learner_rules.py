"""Pure learner and seat rules: course order, placements, start-by dates, offers."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from services.sfi_schedule.enrolment.domain import after_unaccepted_offer
from services.sfi_schedule.learners.domain import Standing, next_course, prerequisite_error, start_by


@pytest.mark.parametrize(
    ("path", "placement", "passed", "course", "missing"),
    [
        (1, None, set(), "A", None),
        (1, None, set(), "B", "course A"),
        (1, None, {"A"}, "B", None),
        (1, None, {"A", "B"}, "D", "course C"),
        (3, None, set(), "C", None),  # the first course of path 3
        (3, None, set(), "D", "course C"),
        (3, "D", set(), "D", None),  # placed in D by mapping
        (2, "C", set(), "B", None),  # an earlier course is always open
        (2, None, set(), "A", "not on study path 2"),
        (1, None, {"A"}, "A", "already passed"),
    ],
)
def test_course_order_within_the_path_or_a_placement(path, placement, passed, course, missing):
    error = prerequisite_error(Standing(path, placement, frozenset(passed)), course)
    if missing is None:
        assert error is None
    else:
        assert error.pointer == "/course" and missing in error.message


@pytest.mark.parametrize(
    ("path", "placement", "passed", "expected"),
    [(1, None, set(), "A"), (1, None, {"A", "B"}, "C"), (3, None, {"C", "D"}, None), (2, "D", set(), "B")],
)
def test_next_course_on_the_path(path, placement, passed, expected):
    assert next_course(Standing(path, placement, frozenset(passed))) == expected


@pytest.mark.parametrize(
    ("arose", "establishment", "expected"),
    [
        (date(2026, 1, 15), False, date(2026, 4, 15)),
        (date(2026, 11, 30), False, date(2027, 2, 28)),  # clamped to the month's end
        (date(2026, 1, 31), True, date(2026, 2, 28)),  # 1 month in the establishment programme
    ],
)
def test_start_by_date_is_three_months_or_one_in_the_establishment_programme(arose, establishment, expected):
    assert start_by(arose, establishment=establishment, months=3, establishment_months=1) == expected


def test_declining_an_alternative_keeps_the_place_for_the_first_choice():
    first, second = uuid4(), uuid4()
    kept = after_unaccepted_offer(outcome="declined", offered_group=second, primary_group=first, alternatives=[second])
    assert kept.status == "waitlisted" and kept.alternatives == ()
    ended = after_unaccepted_offer(outcome="expired", offered_group=first, primary_group=first, alternatives=[second])
    assert ended.status == "expired"
