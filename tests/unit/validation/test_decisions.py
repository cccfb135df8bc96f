"""Decisions: overall outcome, points, and the gap list in prerequisite order."""

from __future__ import annotations

import pytest

from services.validation.catalogue.domain import Course
from services.validation.decisions.domain import CourseOutcome, decide, prerequisite_order
from shared.errors import ValidationFailed
from tests.unit.validation.catalogue_fixtures import USK_PACKAGE

REQUIRED = [c.code for c in USK_PACKAGE.required_courses()]


def outcomes(default: str = "full", **by_code: str) -> list[CourseOutcome]:
    return [CourseOutcome(code, by_code.get(code, default)) for code in REQUIRED]


@pytest.mark.parametrize(
    ("given", "overall"),
    [(outcomes("full"), "full"), (outcomes("none"), "none"), (outcomes("full", GERGER0="partial"), "partial")],
)
def test_overall_outcome(given, overall):
    assert decide(USK_PACKAGE, given).outcome == overall


def test_gap_list_puts_prerequisites_first():
    decision = decide(USK_PACKAGE, outcomes("none", GERGER0="full", SVESVE01="full", SAMSAM01a1="full"))
    order = [g["code"] for g in decision.gap_list]
    assert order == ["ANOANA01", "ANOANA02", "OMVOMV01", "OMVOMV02", "SOASOC01", "HAOHAL01", "HAOHAL02"]
    for gap in decision.gap_list:
        prereqs = next(c.prerequisites for c in USK_PACKAGE.courses if c.code == gap["code"])
        assert all(order.index(p) < order.index(gap["code"]) for p in prereqs if p in order)


def test_points_validated_count_full_courses_only():
    decision = decide(USK_PACKAGE, outcomes("full", OMVOMV02="partial", HAOHAL02="none"))
    assert decision.points_validated == 850 - 200  # the fixture's courses sum to 850 points
    assert decision.points_remaining == 1500 - 650


def test_either_swedish_course_meets_the_swedish_requirement():
    given = [*outcomes("full")[:-1], CourseOutcome("SVASVA01", "full")]
    decision = decide(USK_PACKAGE, given)
    assert decision.outcome == "full" and "SVASVA01" in [c["code"] for c in decision.courses]


@pytest.mark.parametrize(
    ("given", "pointer"),
    [
        ([*outcomes(), CourseOutcome("XYZXYZ01", "full")], "/courses/10/code"),
        ([*outcomes(), CourseOutcome("GERGER0", "full")], "/courses/10/code"),
        (outcomes()[1:], "/courses"),
    ],
)
def test_unknown_repeated_or_missing_courses_are_422(given, pointer):
    with pytest.raises(ValidationFailed) as info:
        decide(USK_PACKAGE, given)
    assert pointer in [e.pointer for e in info.value.errors]


def test_order_is_stable_for_unrelated_courses_and_survives_a_cycle():
    a, b, c = Course("A", "A", 1), Course("B", "B", 1), Course("C", "C", 1)
    assert [x.code for x in prerequisite_order([c, a, b])] == ["C", "A", "B"]
    loop = [Course("X", "X", 1, ("Y",)), Course("Y", "Y", 1, ("X",))]
    assert {x.code for x in prerequisite_order(loop)} == {"X", "Y"}


@pytest.mark.parametrize("spelling", ["SAMSAM01A1", "samsam01a1", "omvomv01"])
def test_course_codes_are_matched_without_regard_to_case_and_kept_in_the_catalogues_spelling(spelling):
    canonical = next(c.code for c in USK_PACKAGE.courses if c.code.upper() == spelling.upper())
    given = [o if o.code != canonical else CourseOutcome(spelling, "partial") for o in outcomes("full")]
    decision = decide(USK_PACKAGE, given)
    assert {c["code"]: c["outcome"] for c in decision.courses}[canonical] == "partial"
