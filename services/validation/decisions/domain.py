"""A decision from outcomes per course (pure): overall outcome, points and the ordered gap list."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from services.validation.catalogue.domain import Course, RequirementProfile
from shared.errors import FieldError, ValidationFailed

OUTCOMES = ("full", "partial", "none")
_RANK = {"full": 0, "partial": 1, "none": 2}


@dataclass(frozen=True, slots=True)
class CourseOutcome:
    """The caseworker's judgement of one course."""

    code: str
    outcome: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of the whole assessment."""

    outcome: str
    courses: tuple[Mapping[str, Any], ...]
    gap_list: tuple[Mapping[str, Any], ...]
    points_validated: int
    points_remaining: int


def prerequisite_order(courses: Sequence[Course]) -> list[Course]:
    """Courses ordered so each comes after its prerequisites among them; ties keep the given order."""
    index = {c.code: i for i, c in enumerate(courses)}
    waiting = {c.code: {p for p in c.prerequisites if p in index} for c in courses}
    ready = [i for i, c in enumerate(courses) if not waiting[c.code]]
    heapq.heapify(ready)
    out: list[Course] = []
    while ready:
        course = courses[heapq.heappop(ready)]
        out.append(course)
        for other in courses:
            if course.code in waiting[other.code]:
                waiting[other.code].discard(course.code)
                if not waiting[other.code]:
                    heapq.heappush(ready, index[other.code])
    # A cycle would be a data error; keep every course rather than lose one.
    return out + [c for c in courses if c not in out]


def _assessed(profile: RequirementProfile, course: Course, by_code: Mapping[str, CourseOutcome]) -> bool:
    if course.alternative_group is None:
        return course.code in by_code
    return any(o.alternative_group == course.alternative_group and o.code in by_code for o in profile.courses)


def _check(profile: RequirementProfile, given: Sequence[CourseOutcome]) -> dict[str, CourseOutcome]:
    """Outcomes by the profile's own course codes (matched without regard to case: ``SAMSAM01A1`` is fine)."""
    known = {c.code.upper(): c.code for c in profile.courses}
    errors, by_code = [], {}
    for i, item in enumerate(given):
        code = known.get(item.code.upper())
        if code is None:
            errors.append(FieldError(f"/courses/{i}/code", f"is not a course of profile {profile.code}"))
            continue
        if code in by_code:
            errors.append(FieldError(f"/courses/{i}/code", "is given twice"))
        by_code[code] = replace(item, code=code)
    missing = [c.code for c in profile.required_courses() if not _assessed(profile, c, by_code)]
    if missing:
        errors.append(FieldError("/courses", f"an outcome is required for {', '.join(missing)}"))
    if errors:
        raise ValidationFailed(errors)
    return by_code


def _chosen(profile: RequirementProfile, by_code: Mapping[str, CourseOutcome]) -> list[Course]:
    """One course per requirement: the course itself, or the best-assessed alternative of its group."""
    chosen = []
    for course in profile.required_courses():
        if course.alternative_group is None:
            chosen.append(course)
            continue
        group = [c for c in profile.courses if c.alternative_group == course.alternative_group and c.code in by_code]
        chosen.append(min(group, key=lambda c: _RANK[by_code[c.code].outcome]))
    return chosen


def decide(profile: RequirementProfile, given: Sequence[CourseOutcome]) -> Decision:
    """Judge the profile's required courses; 422 names unknown, repeated or missing courses."""
    by_code = _check(profile, given)
    chosen = _chosen(profile, by_code)
    outcomes = {c.code: by_code[c.code].outcome for c in chosen}
    rows = tuple(
        {"code": c.code, "name": c.name, "points": c.points, "outcome": outcomes[c.code], "note": by_code[c.code].note}
        for c in chosen
    )
    gaps = prerequisite_order([c for c in chosen if outcomes[c.code] != "full"])
    validated = sum(c.points for c in chosen if outcomes[c.code] == "full")
    values = set(outcomes.values())
    overall = "full" if values == {"full"} else "none" if values == {"none"} else "partial"
    return Decision(
        outcome=overall,
        courses=rows,
        gap_list=tuple({"code": c.code, "name": c.name, "points": c.points, "outcome": outcomes[c.code]} for c in gaps),
        points_validated=validated,
        points_remaining=max(0, profile.required_points() - validated),
    )
