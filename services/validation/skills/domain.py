"""What a skills mapping records, as plain values, and the application details it amounts to (pure, no I/O).

The mapping asks for less than an application: for education its level, field, country and years; for work
its SSYK code (or the person's own words), years and extent. Where an application needs dates, they are
estimated the same way every time (:func:`application_details`), so the pre-check a mapping shows is the
pre-check the application made from it gets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from shared import tracking

EDUCATION_LEVELS = ("none", "primary", "lower_secondary", "upper_secondary", "post_secondary", "university")
EDUCATION_FIELDS = ("care", "health", "childcare", "pedagogy", "hospitality", "transport", "cleaning",
                    "construction", "industry", "technology", "business", "other")  # fmt: skip
APPLICATION_FIELDS = frozenset({"care", "childcare", "pedagogy"})  # the application's own; the rest is "other"
LANGUAGE_LEVELS = ("native", "fluent", "good", "basic")
DRIVING_LICENCES = ("AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE")
EXTENTS = ("full_time", "part_time", "any")
NOT_RECORDED = "Ej angivet i kartläggningen"  # what an application shows where the mapping asked for nothing
UNKNOWN_LANGUAGE = "und"  # ISO 639-2 "undetermined": the application asks for a translation


@dataclass(frozen=True, slots=True)
class Schooling:
    """One education: its level, field, country and how many years it took."""

    level: str
    field: str
    country: str
    years: float
    end_year: int | None = None

    @property
    def rank(self) -> int:
        """The level's place from none (0) to university (5)."""
        return EDUCATION_LEVELS.index(self.level)


@dataclass(frozen=True, slots=True)
class Work:
    """One period of work: its occupation code (if known), years and extent in percent of full time."""

    ssyk: str | None
    years: float
    extent_percent: int = 100
    end_year: int | None = None
    title: str | None = None

    @property
    def full_time_months(self) -> float:
        """The period in full-time months."""
        return self.years * 12 * self.extent_percent / 100


@dataclass(frozen=True, slots=True)
class Person:
    """Everything the ranking and the way there look at."""

    education: tuple[Schooling, ...] = ()
    work: tuple[Work, ...] = ()
    swedish_kind: str = "none"
    swedish_course: str | None = None
    licences: frozenset[str] = frozenset()
    wished: frozenset[str] = frozenset()

    def months_by_occupation(self) -> dict[str, float]:
        """Full-time months of work per SSYK code (entries without a code are not counted)."""
        out: dict[str, float] = {}
        for item in self.work:
            if item.ssyk:
                out[item.ssyk] = out.get(item.ssyk, 0.0) + item.full_time_months
        return out

    @property
    def unmapped_work(self) -> bool:
        """True when some work has no occupation code yet."""
        return any(item.ssyk is None for item in self.work)


def person_of(details: Mapping[str, Any]) -> Person:
    """The :class:`Person` of a stored mapping."""
    swedish = details.get("swedish") or {}
    return Person(
        education=tuple(
            Schooling(e["level"], e.get("field") or "other", e["country"], e["years"], e.get("endYear"))
            for e in details.get("education") or ()
        ),
        work=tuple(
            Work(x.get("ssyk"), x["years"], x.get("extentPercent", 100), x.get("endYear"), x.get("title"))
            for x in details.get("experience") or ()
        ),
        swedish_kind=swedish.get("kind", "none"),
        swedish_course=swedish.get("course"),
        licences=frozenset(details.get("drivingLicence") or ()),
        wished=frozenset((details.get("wishes") or {}).get("occupations") or ()),
    )


def _period(years: float, end_year: int | None, today: date) -> tuple[date, date | None]:
    """Estimated dates: ended on 31 December of ``end_year`` (today at the latest), or still going on."""
    end = None if end_year is None else min(date(end_year, 12, 31), today)
    start = (end or today) - timedelta(days=round(years * 365.25))
    return start, end


def _education(entry: Mapping[str, Any], today: date) -> dict[str, Any]:
    end_year = entry.get("endYear")
    start_year = max(1940, (end_year or today.year) - math.ceil(entry["years"]))
    field = entry.get("field") or "other"
    return {
        "country": entry["country"],
        "institution": entry.get("institution") or NOT_RECORDED,
        "programme": entry.get("programme") or NOT_RECORDED,
        "field": field if field in APPLICATION_FIELDS else "other",
        "startYear": start_year,
        "endYear": end_year,
        "language": entry.get("language") or UNKNOWN_LANGUAGE,
        "courseCodes": [],
    }


def _experience(entry: Mapping[str, Any], today: date, occupation_title: str | None) -> dict[str, Any]:
    start, end = _period(entry["years"], entry.get("endYear"), today)
    out: dict[str, Any] = {
        "employer": entry.get("employer") or NOT_RECORDED,
        "role": entry.get("title") or occupation_title or NOT_RECORDED,
        "from": start.isoformat(),
        "to": end.isoformat() if end else None,
        "extentPercent": entry.get("extentPercent", 100),
    }
    if entry.get("ssyk"):
        out["ssyk"] = entry["ssyk"]
    return out


def application_details(
    details: Mapping[str, Any], *, today: date, titles: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Education, experience and Swedish of a mapping in the shape of an application (dates estimated)."""
    titles = titles or {}
    return {
        "education": [_education(e, today) for e in details.get("education") or ()],
        "experience": [_experience(x, today, titles.get(x.get("ssyk") or "")) for x in details.get("experience") or ()],
        "swedishLevel": dict(details.get("swedish") or {"kind": "none"}),
        "claims": {"permanentPostOn20230701": False},
    }


def licence_held(category: str, licences: frozenset[str]) -> bool:
    """A category is held as itself or with its trailer extension (DE covers D)."""
    return category in licences or f"{category}E" in licences


def missing_licences(needed: tuple[str, ...], licences: frozenset[str]) -> tuple[str, ...]:
    """The licence categories an occupation needs that the person does not hold."""
    return tuple(c for c in needed if not licence_held(c, licences))


def new_reference(year: int) -> str:
    """A mapping's reference, revealing neither order nor volume: ``MAP-2025-7K3M9QXD`` (Crockford base32)."""
    return tracking.new_reference("MAP", year)


def future_years(data: Mapping[str, Any], *, this_year: int) -> list[str]:
    """Pointers of end years after this year (work and education cannot end in the future)."""
    return [
        f"/{part}/{i}/endYear"
        for part in ("education", "experience")
        for i, entry in enumerate(data.get(part) or ())
        if (entry.get("endYear") or 0) > this_year
    ]
