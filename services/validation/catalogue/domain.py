"""Roles, requirement profiles and courses as plain values read from the versioned catalogue data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class Course:
    """A course in a requirement profile, with its points and prerequisite course codes."""

    code: str
    name: str
    points: int
    prerequisites: tuple[str, ...] = ()
    part: str | None = None
    alternative_group: str | None = None


@dataclass(frozen=True, slots=True)
class RequirementProfile:
    """One versioned way of meeting a role's requirements."""

    code: str
    kind: str
    title: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    education_started_from: date | None = None
    education_started_to: date | None = None
    min_points: int | None = None
    rules: Mapping[str, Any] = field(default_factory=dict)
    courses: tuple[Course, ...] = ()

    def valid_on(self, day: date) -> bool:
        """True when the profile is in force on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def covers_education_started(self, day: date) -> bool:
        """True when education started on ``day`` falls under this profile."""
        lo, hi = self.education_started_from, self.education_started_to
        return (lo is None or lo <= day) and (hi is None or day <= hi)

    def required_courses(self) -> list[Course]:
        """Courses every applicant needs: all ungrouped ones plus the first of each alternative group."""
        seen: set[str] = set()
        out: list[Course] = []
        for course in self.courses:
            group = course.alternative_group
            if group is None or group not in seen:
                out.append(course)
            if group is not None:
                seen.add(group)
        return out

    def required_points(self) -> int:
        """Points of the whole package (the profile's minimum when the data gives one)."""
        return self.min_points or sum(c.points for c in self.required_courses())


@dataclass(frozen=True, slots=True)
class Role:
    """A role with its requirement profiles."""

    code: str
    title_sv: str
    title_en: str
    regulated: bool
    profiles: tuple[RequirementProfile, ...] = ()

    def profiles_on(self, day: date) -> list[RequirementProfile]:
        """Profiles in force on ``day``."""
        return [p for p in self.profiles if p.valid_on(day)]

    def package_on(self, day: date) -> RequirementProfile | None:
        """The course package in force on ``day`` (what a decision is assessed against)."""
        return next((p for p in self.profiles_on(day) if p.kind == "package"), None)

    def course_codes(self) -> set[str]:
        """Codes of every course in any of the role's profiles."""
        return {c.code for p in self.profiles for c in p.courses}


def canonical_codes(declared: Iterable[str], known: Iterable[str]) -> set[str]:
    """``declared`` codes, matched to ``known`` without regard to case and written in the catalogue's spelling.

    Course codes are compared case-insensitively because people type them either way, but the catalogue's
    spelling is kept: ``SAMSAM01a1`` has a lower-case ``a``, so upper-casing both sides never finds it.
    Unknown codes come back upper-cased (they match nothing, but are still counted as declared).
    """
    by_upper = {code.upper(): code for code in known}
    return {by_upper.get(code.upper(), code.upper()) for code in declared}


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def role_from_row(row: Mapping[str, Any]) -> Role:
    """Build a :class:`Role` from a catalogue query row (profiles as decoded JSON)."""
    profiles = tuple(
        RequirementProfile(
            code=p["code"],
            kind=p["kind"],
            title=p["title"],
            valid_from=_date(p["validFrom"]),
            valid_to=_date(p["validTo"]),
            education_started_from=_date(p["educationStartedFrom"]),
            education_started_to=_date(p["educationStartedTo"]),
            min_points=p["minPoints"],
            rules=p["rules"] or {},
            courses=tuple(
                Course(c["code"], c["name"], c["points"], tuple(c["prerequisites"]), c["part"], c["alternativeGroup"])
                for c in p["courses"]
            ),
        )
        for p in row["profiles"]
    )
    return Role(row["code"], row["title_sv"], row["title_en"], row["regulated"], profiles)
