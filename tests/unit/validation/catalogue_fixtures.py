"""A small copy of the role catalogue as domain values, for unit tests without a database."""

from __future__ import annotations

from datetime import date

from services.validation.catalogue.domain import Course, RequirementProfile, Role

# The occupations whose experience counts, as migration 005 lists them.
USK_OCCUPATIONS = ("5321", "5322", "5323", "5324", "5330", "5343")
BSK_OCCUPATIONS = ("5311", "5312", "2343")


def experience_rules(*occupations: str, months: int = 12, years: int = 5) -> dict:
    """The ``rules`` of an experience route counting ``occupations``."""
    return {
        "minFullTimeMonths": months,
        "withinYears": years,
        "occupations": [{"ssyk": code, "title": f"Occupation {code}"} for code in occupations],
    }


USK_PACKAGE = RequirementProfile(
    code="usk-voxabn-2023",
    kind="package",
    valid_from=date(2023, 7, 1),
    education_started_from=date(2023, 7, 1),
    min_points=1500,
    courses=(
        Course("ANOANA01", "Anatomi och fysiologi 1", 50),
        Course("ANOANA02", "Anatomi och fysiologi 2", 50, ("ANOANA01",)),
        Course("OMVOMV01", "Omvårdnad 1", 100, ("ANOANA01",)),
        Course("OMVOMV02", "Omvårdnad 2", 100, ("OMVOMV01",)),
        Course("SOASOC01", "Social omsorg 1", 100),
        Course("HAOHAL01", "Hälso- och sjukvård 1", 100, ("ANOANA01", "OMVOMV01", "SOASOC01")),
        Course("HAOHAL02", "Hälso- och sjukvård 2", 100, ("HAOHAL01",)),
        Course("GERGER0", "Gerontologi och geriatrik", 100),
        Course("SAMSAM01a1", "Samhällskunskap 1a1", 50),
        Course("SVESVE01", "Svenska 1", 100, alternative_group="swedish"),
        Course("SVASVA01", "Svenska som andraspråk 1", 100, alternative_group="swedish"),
    ),
)
UNDERSKOTERSKA = Role(
    code="underskoterska",
    title_sv="Undersköterska",
    title_en="Assistant nurse",
    regulated=True,
    profiles=(
        RequirementProfile("usk-legacy-pre1994", "legacy", education_started_to=date(1993, 12, 31)),
        RequirementProfile(
            "usk-points-1994",
            "points_rule",
            education_started_from=date(1994, 1, 1),
            education_started_to=date(2023, 6, 30),
            rules={"minCarePoints": 400, "minSwedishPoints": 80},
        ),
        USK_PACKAGE,
        RequirementProfile(
            "usk-transition-2023",
            "transition",
            valid_from=date(2023, 7, 1),
            valid_to=date(2033, 6, 30),
            rules={"claim": "permanentPostOn20230701", "titleAllowedUntil": "2033-06-30"},
        ),
        RequirementProfile("usk-experience", "experience", rules=experience_rules(*USK_OCCUPATIONS)),
    ),
)
BARNSKOTARE = Role(
    code="barnskotare",
    title_sv="Barnskötare",
    title_en="Childcare worker",
    regulated=False,
    profiles=(
        RequirementProfile(
            "bsk-2021",
            "package",
            valid_from=date(2021, 7, 1),
            min_points=300,
            courses=(
                Course("HALHAL0", "Hälsopedagogik", 100, part="base"),
                Course("KOMKOU0", "Kommunikation", 100, part="base"),
                Course("BARBAR0", "Barns lärande och växande", 100, part="add-on"),
            ),
        ),
        RequirementProfile("bsk-experience", "experience", rules=experience_rules(*BSK_OCCUPATIONS)),
    ),
)
POINTS = {c.code: c.points for c in USK_PACKAGE.courses} | {c.code: c.points for c in BARNSKOTARE.profiles[0].courses}
