"""The pre-check: every route, missing documents, course coverage and advice."""

from __future__ import annotations

from datetime import date

import pytest

from services.validation.precheck.domain import (
    Education,
    Facts,
    choose_route,
    course_coverage,
    missing_documents,
    run_precheck,
)
from services.validation.precheck.experience import Experience
from tests.unit.validation.catalogue_fixtures import BARNSKOTARE, POINTS, UNDERSKOTERSKA, USK_PACKAGE

TODAY = date(2025, 6, 1)
CARE_2010 = Education("SY", 2010, language="ar", field="care", course_codes=("OMVOMV01", "OMVOMV02"))
CARE_1990 = Education("SE", 1990, field="care")
CARE_2024 = Education("SE", 2024, field="care", started_on=date(2024, 8, 20))
CARE_2010_POINTS = Education("SE", 2010, field="care", course_codes=("OMVOMV01", "OMVOMV02", "HAOHAL01", "SVESVE01"))
YEAR_FULL_TIME = Experience("Solgårdens äldreboende", date(2023, 1, 1), date(2024, 3, 1), 100, ssyk="5321")
YEAR_HALF_TIME = Experience("Hemtjänsten Norr", date(2023, 1, 1), date(2024, 3, 1), 50, ssyk="5321")
OLD_YEAR = Experience("Vårdcentralen", date(2015, 1, 1), date(2017, 1, 1), 100, ssyk="5322")


@pytest.mark.parametrize(
    ("facts", "route"),
    [
        pytest.param(Facts(claims=frozenset({"permanentPostOn20230701"})), "transition", id="transition-claim"),
        pytest.param(
            Facts(education=(CARE_2010,), claims=frozenset({"permanentPostOn20230701"})),
            "transition",
            id="transition-beats-education",
        ),
        pytest.param(Facts(education=(CARE_1990,)), "legacy", id="education-before-1994"),
        pytest.param(Facts(education=(CARE_2010_POINTS,)), "points_rule", id="points-rule-met"),
        pytest.param(Facts(education=(CARE_2010,)), "points_rule", id="points-rule-not-met-still-the-route"),
        pytest.param(Facts(education=(Education("SE", 2010, field="care"),)), "points_rule", id="points-rule-open"),
        pytest.param(
            Facts(education=(Education("SE", 2010, field="care"),), experience=(YEAR_FULL_TIME,)),
            "experience",
            id="experience-met-beats-unassessed-points-rule",
        ),
        pytest.param(Facts(experience=(YEAR_FULL_TIME,)), "experience", id="year-full-time-within-five"),
        pytest.param(Facts(experience=(YEAR_HALF_TIME,)), "package", id="half-time-is-not-a-year"),
        pytest.param(Facts(experience=(OLD_YEAR,)), "package", id="experience-older-than-five-years"),
        pytest.param(Facts(education=(CARE_2024,)), "package", id="education-from-2023-07-01"),
        pytest.param(Facts(), "package", id="nothing-declared"),
    ],
)
def test_underskoterska_route(facts, route):
    assert run_precheck(UNDERSKOTERSKA, facts, today=TODAY, points=POINTS).route == route


def test_points_rule_that_fails_gives_way_to_experience():
    short = Education("SE", 2010, field="care", course_codes=("OMVOMV01",))
    result = run_precheck(
        UNDERSKOTERSKA, Facts(education=(short,), experience=(YEAR_FULL_TIME,)), today=TODAY, points=POINTS
    )
    points = next(r for r in result.routes if r.route == "points_rule")
    assert points.applicable and points.met is False
    assert result.route == "experience"


def test_transition_rule_is_not_offered_after_2033_06_30():
    facts = Facts(claims=frozenset({"permanentPostOn20230701"}))
    assert run_precheck(UNDERSKOTERSKA, facts, today=date(2033, 7, 1), points=POINTS).route == "package"


@pytest.mark.parametrize(
    ("facts", "missing"),
    [
        pytest.param(
            Facts(education=(CARE_2010,), swedish_kind="sfi", swedish_course="C"),
            ("diploma", "translation", "course_description", "language_proof"),
            id="foreign-in-arabic",
        ),
        pytest.param(
            Facts(education=(Education("GB", 2012, language="en"),), swedish_kind="none"),
            ("diploma", "course_description"),
            id="foreign-in-english-no-swedish-yet",
        ),
        pytest.param(
            Facts(education=(CARE_2010,), swedish_kind="sva", document_kinds=frozenset({"diploma", "translation"})),
            ("course_description", "language_proof"),
            id="uploaded-kinds-are-not-missing",
        ),
        pytest.param(Facts(education=(CARE_1990,)), (), id="swedish-education-needs-nothing"),
        pytest.param(Facts(experience=(YEAR_FULL_TIME,)), ("employment_certificate",), id="experience"),
        pytest.param(Facts(claims=frozenset({"permanentPostOn20230701"})), ("employment_certificate",), id="claim"),
        pytest.param(Facts(has_swedish_number=False), ("id",), id="no-swedish-number"),
    ],
)
def test_missing_documents(facts, missing):
    assert missing_documents(facts) == missing


@pytest.mark.parametrize("spelling", ["SAMSAM01a1", "SAMSAM01A1", "samsam01a1"], ids=["catalogue", "upper", "lower"])
def test_samhallskunskap_1a1_counts_however_it_is_typed(spelling):
    codes = (*(c.code for c in USK_PACKAGE.courses if c.code not in ("SAMSAM01a1", "SVASVA01")), spelling)
    facts = Facts(education=(Education("SE", 2024, course_codes=codes),))
    coverage = course_coverage(USK_PACKAGE, facts, points=POINTS)
    assert "SAMSAM01a1" in coverage.covered and coverage.missing == ()
    assert coverage.points_covered == sum(c.points for c in USK_PACKAGE.required_courses())


def test_coverage_counts_declared_codes_and_either_swedish_course():
    facts = Facts(education=(Education("SY", 2010, course_codes=("omvomv01", "ANOANA01", "SVASVA01")),))
    coverage = course_coverage(USK_PACKAGE, facts, points=POINTS)
    assert coverage.covered == ("ANOANA01", "OMVOMV01", "SVASVA01")
    assert "SVESVE01" not in coverage.missing and "HAOHAL01" in coverage.missing
    assert (coverage.points_covered, coverage.points_required) == (250, 1500)


@pytest.mark.parametrize(
    ("kind", "course", "swedish_first"),
    [("none", None, True), ("sfi", "B", True), ("sfi", "C", True), ("sfi", "D", False), ("sva", "1", False)],
)
def test_advice_swedish_first_until_sfi_d_or_sva(kind, course, swedish_first):
    facts = Facts(swedish_kind=kind, swedish_course=course)
    advice = run_precheck(BARNSKOTARE, facts, today=TODAY, points=POINTS).advice
    assert ("advice.swedish_first" in advice) is swedish_first


def test_regulated_role_advises_that_socialstyrelsen_issues_the_bevis():
    assert "advice.regulated_title" in run_precheck(UNDERSKOTERSKA, Facts(), today=TODAY, points=POINTS).advice
    assert "advice.regulated_title" not in run_precheck(BARNSKOTARE, Facts(), today=TODAY, points=POINTS).advice


def test_no_applicable_route_gives_none():
    assert choose_route([]) is None
