"""Work experience counts only in the role's occupations, within its window, and the pre-check says why."""

from __future__ import annotations

from datetime import date

import pytest

from services.validation.applications.domain import facts_of
from services.validation.precheck.domain import Facts, run_precheck
from services.validation.precheck.experience import (
    Experience,
    ExperienceRule,
    judge,
    months_in_window,
)
from tests.unit.validation.catalogue_fixtures import (
    BARNSKOTARE,
    BSK_OCCUPATIONS,
    POINTS,
    UNDERSKOTERSKA,
    USK_OCCUPATIONS,
    experience_rules,
)

TODAY = date(2025, 6, 1)
TWO_YEARS = (date(2023, 1, 1), date(2024, 12, 31))


def two_years_as(ssyk: str | None, source: str | None = "applicant") -> Experience:
    """Two years of full-time work as ``ssyk`` (None: an occupation typed as free text only)."""
    return Experience("Arbetsgivaren AB", *TWO_YEARS, 100, ssyk=ssyk, ssyk_source=source if ssyk else None)


def experience_route(role, *experience: Experience):
    result = run_precheck(role, Facts(experience=experience), today=TODAY, points=POINTS)
    return result, next(r for r in result.routes if r.route == "experience")


@pytest.mark.parametrize(
    ("ssyk", "met"),
    [
        *[pytest.param(code, True, id=f"usk-{code}") for code in USK_OCCUPATIONS],
        pytest.param("5120", False, id="kock-does-not-count"),
        pytest.param("8331", False, id="bussforare-does-not-count"),
        pytest.param("5311", False, id="barnskotare-is-not-care-experience"),
        pytest.param(None, False, id="free-text-not-yet-mapped"),
    ],
)
def test_underskoterska_experience_route_counts_only_care_occupations(ssyk, met):
    result, route = experience_route(UNDERSKOTERSKA, two_years_as(ssyk))
    assert route.met is met
    assert (result.route == "experience") is met
    assert ("advice.experience_counts" in result.advice) is met


@pytest.mark.parametrize(
    ("ssyk", "met"),
    [
        *[pytest.param(code, True, id=f"bsk-{code}") for code in BSK_OCCUPATIONS],
        pytest.param("5321", False, id="underskoterska-is-not-childcare-experience"),
        pytest.param("5120", False, id="kock"),
        pytest.param(None, False, id="not-mapped"),
    ],
)
def test_barnskotare_has_its_own_experience_route(ssyk, met):
    result, route = experience_route(BARNSKOTARE, two_years_as(ssyk))
    assert route.profile_code == "bsk-experience" and route.met is met
    assert result.route == ("experience" if met else "package")


@pytest.mark.parametrize(
    ("ssyk", "period", "reason"),
    [
        pytest.param("5321", TWO_YEARS, "counted", id="relevant-and-recent"),
        pytest.param("5120", TWO_YEARS, "not_relevant", id="other-occupation"),
        pytest.param(None, TWO_YEARS, "not_mapped", id="no-code-yet"),
        pytest.param("5321", (date(2018, 1, 1), date(2019, 12, 31)), "outside_window", id="ended-over-five-years-ago"),
    ],
)
def test_each_entry_says_why_it_counted_or_not(ssyk, period, reason):
    rule = ExperienceRule.from_rules(experience_rules(*USK_OCCUPATIONS))
    judged = judge(0, Experience("X", *period, 100, ssyk=ssyk), rule, today=TODAY)
    assert (judged.reason, judged.counted) == (reason, reason == "counted")


def test_a_caseworkers_mapping_wins_over_the_applicants_own_code():
    details = {
        "experience": [
            {"employer": "Kök AB", "from": "2023-01-01", "to": "2024-12-31", "extentPercent": 100, "ssyk": "5120"},
            {"employer": "Hemtjänst", "from": "2023-01-01", "extentPercent": 100, "ssyk": "5120", "mappedSsyk": "5321"},
            {"employer": "Okänt", "from": "2023-01-01", "extentPercent": 100},
        ]
    }
    experience = facts_of(details, document_kinds=(), has_swedish_number=True).experience
    assert [(e.ssyk, e.ssyk_source) for e in experience] == [
        ("5120", "applicant"),
        ("5321", "caseworker"),
        (None, None),
    ]


@pytest.mark.parametrize(
    ("within_years", "months", "met"),
    [
        pytest.param(5, 12, True, id="socialstyrelsen-12-months-in-5-years"),
        pytest.param(3, 12, False, id="vo-college-12-months-in-3-years"),
        pytest.param(5, 30, False, id="a-municipality-asking-more"),
    ],
)
def test_extent_and_recency_come_from_the_route_data(within_years, months, met):
    # 2 years full time ending 3½ years ago: inside a five-year window, outside a three-year one.
    item = Experience("Äldreboendet", date(2020, 1, 1), date(2021, 12, 31), 100, ssyk="5321")
    rule = ExperienceRule.from_rules(experience_rules("5321", months=months, years=within_years))
    counted = judge(0, item, rule, today=TODAY)
    assert (counted.counted and round(counted.full_time_months, 1) >= months) is met


@pytest.mark.parametrize(
    ("start", "end", "extent", "months"),
    [
        (date(2023, 1, 1), date(2024, 3, 1), 100, 14.0),
        (date(2023, 1, 1), date(2024, 3, 1), 50, 7.0),
        (date(2015, 1, 1), date(2017, 1, 1), 100, 0.0),
        (date(2025, 1, 1), None, 75, 3.7),
        (date(2019, 1, 1), None, 100, 60.0),
    ],
)
def test_months_are_full_time_equivalents_inside_the_window(start, end, extent, months):
    item = Experience("X", start, end, extent, ssyk="5321")
    assert months_in_window(item, today=TODAY, within_years=5) == pytest.approx(months, abs=0.1)


def test_half_time_in_two_relevant_jobs_adds_up_to_a_year():
    half = Experience("A", date(2023, 1, 1), date(2024, 3, 1), 50, ssyk="5330")
    other = Experience("B", date(2023, 1, 1), date(2024, 3, 1), 50, ssyk="5343")
    _, route = experience_route(UNDERSKOTERSKA, half, other)
    assert route.met and route.details["fullTimeMonths"] == pytest.approx(14.0, abs=0.1)


def test_unmapped_experience_is_pointed_out_to_the_applicant():
    result, _ = experience_route(UNDERSKOTERSKA, two_years_as(None))
    assert "advice.experience_mapping" in result.advice


@pytest.mark.parametrize(
    ("entries", "months", "met"),
    [
        pytest.param([(100, "5321"), (100, "5321")], 7.0, False, id="the-same-half-year-entered-twice"),
        pytest.param([(100, "5321"), (100, "5330")], 7.0, False, id="two-full-time-jobs-at-once"),
        pytest.param([(75, "5321"), (50, "5343")], 7.0, False, id="more-than-full-time-counts-as-full-time"),
        pytest.param([(50, "5321"), (25, "5343")], 5.2, False, id="part-time-jobs-add-up"),
        pytest.param([(100, "5321"), (100, "5120")], 7.0, False, id="an-irrelevant-job-adds-nothing"),
    ],
)
def test_no_day_counts_for_more_than_full_time(entries, months, met):
    # Each entry is the same seven months (2024-06-01 to 2024-12-31); the route needs twelve full-time months.
    items = [Experience(f"E{i}", date(2024, 6, 1), date(2024, 12, 31), extent, ssyk=code)
             for i, (extent, code) in enumerate(entries)]  # fmt: skip
    _, route = experience_route(UNDERSKOTERSKA, *items)
    assert route.details["fullTimeMonths"] == pytest.approx(months, abs=0.1) and route.met is met


def test_overlapping_periods_count_their_union():
    # 2023-01-01..2023-12-31 and 2023-07-01..2024-06-30, both full time: eighteen months, not twenty-four.
    first = Experience("A", date(2023, 1, 1), date(2023, 12, 31), 100, ssyk="5321")
    second = Experience("B", date(2023, 7, 1), date(2024, 6, 30), 100, ssyk="5330")
    _, route = experience_route(UNDERSKOTERSKA, first, second)
    assert route.details["fullTimeMonths"] == pytest.approx(18.0, abs=0.2) and route.met
