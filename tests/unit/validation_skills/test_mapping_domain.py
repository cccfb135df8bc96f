"""A mapping's records as an application's details: dates estimated the same way every time."""

from __future__ import annotations

from datetime import date

from services.validation.skills.domain import application_details, future_years, missing_licences, person_of

TODAY = date(2026, 9, 15)
DETAILS = {
    "education": [{"level": "upper_secondary", "field": "transport", "country": "IQ", "years": 3, "endYear": 2005},
                  {"level": "university", "field": "care", "country": "SY", "years": 2.5, "language": "ar"}],
    "experience": [{"ssyk": "8331", "years": 8, "extentPercent": 100, "endYear": 2023},
                   {"title": "Vårdare", "years": 1, "extentPercent": 50}],
    "swedish": {"kind": "sfi", "course": "B"},
    "drivingLicence": ["B", "DE"],
}  # fmt: skip


def test_dates_are_estimated_from_years_and_end_year():
    out = application_details(DETAILS, today=TODAY, titles={"8331": "Buss- och spårvagnsförare"})
    first, second = out["experience"]
    assert (first["from"], first["to"], first["role"], first["ssyk"]) == (
        "2015-12-31", "2023-12-31", "Buss- och spårvagnsförare", "8331")  # fmt: skip
    assert (second["from"], second["to"], second["role"], "ssyk" in second) == ("2025-09-15", None, "Vårdare", False)
    school, college = out["education"]
    assert (school["startYear"], school["endYear"], school["field"], school["language"]) == (2002, 2005, "other", "und")
    assert (college["startYear"], college["field"], college["language"]) == (2023, "care", "ar")
    assert out["swedishLevel"] == {"kind": "sfi", "course": "B"}


def test_work_ending_this_year_ends_today_at_the_latest():
    out = application_details({"experience": [{"ssyk": "5330", "years": 1, "endYear": 2026}]}, today=TODAY)
    assert out["experience"][0]["to"] == "2026-09-15"


def test_months_add_up_per_occupation_and_unmapped_work_is_noticed():
    person = person_of(DETAILS)
    assert person.months_by_occupation() == {"8331": 96.0} and person.unmapped_work


def test_end_years_after_this_year_are_named():
    data = {"education": [{"endYear": 2027}], "experience": [{"endYear": 2026}, {"endYear": 2030}]}
    assert future_years(data, this_year=2026) == ["/education/0/endYear", "/experience/1/endYear"]


def test_a_trailer_licence_covers_the_licence_it_extends():
    assert missing_licences(("D",), frozenset({"DE"})) == () and missing_licences(("D",), frozenset({"B"})) == ("D",)
