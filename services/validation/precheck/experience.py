"""Which work experience counts for a role, and why (pure, no I/O).

The experience route of a role is catalogue data (``requirement_profiles.rules`` of kind ``experience``):
the SSYK 2012 codes of the occupations that count, how many full-time months are needed and within how many
years. An entry counts when its occupation is one of those codes, and only the part of it inside the window,
weighted by its extent. An occupation typed as free text counts only once it has a code: the applicant's own,
or the one a caseworker maps it to (the caseworker's wins).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

DAYS_PER_MONTH = 365.25 / 12
DEFAULT_MIN_MONTHS = 12
DEFAULT_WITHIN_YEARS = 5
Reason = Literal["counted", "not_relevant", "not_mapped", "outside_window"]


@dataclass(frozen=True, slots=True)
class Experience:
    """One declared period of work, with its extent in percent of full time and its SSYK code if known."""

    employer: str
    start: date
    end: date | None = None
    extent_percent: int = 100
    ssyk: str | None = None
    ssyk_source: Literal["applicant", "caseworker"] | None = None


@dataclass(frozen=True, slots=True)
class ExperienceRule:
    """The experience route's data: occupations that count (SSYK code → title), extent and recency."""

    occupations: Mapping[str, str]
    min_full_time_months: int = DEFAULT_MIN_MONTHS
    within_years: int = DEFAULT_WITHIN_YEARS

    @classmethod
    def from_rules(cls, rules: Mapping[str, Any]) -> ExperienceRule:
        """Read a profile's ``rules``: ``occupations`` [{ssyk, title}], ``minFullTimeMonths``, ``withinYears``."""
        occupations = {o["ssyk"]: o.get("title", "") for o in rules.get("occupations") or ()}
        return cls(
            occupations=occupations,
            min_full_time_months=rules.get("minFullTimeMonths", DEFAULT_MIN_MONTHS),
            within_years=rules.get("withinYears", DEFAULT_WITHIN_YEARS),
        )


@dataclass(frozen=True, slots=True)
class JudgedExperience:
    """One entry as the route sees it: its full-time months inside the window, and whether and why it counts."""

    index: int
    ssyk: str | None
    ssyk_source: str | None
    full_time_months: float
    counted: bool
    reason: Reason
    occupation: str | None = None


def window_start(today: date, within_years: int) -> date:
    """The first day that still counts: ``within_years`` years before ``today``."""
    return today - timedelta(days=round(365.25 * within_years))


def months_in_window(item: Experience, *, today: date, within_years: int) -> float:
    """The entry's full-time months between the window's start and today (extent-weighted, not rounded)."""
    start, end = max(item.start, window_start(today, within_years)), min(item.end or today, today)
    days = (end - start).days * item.extent_percent / 100 if end > start else 0.0
    return days / DAYS_PER_MONTH


def judge(index: int, item: Experience, rule: ExperienceRule, *, today: date) -> JudgedExperience:
    """Whether one entry counts for the route, with the reason a caseworker and the applicant are told."""
    months = months_in_window(item, today=today, within_years=rule.within_years)
    if item.ssyk is None:
        reason: Reason = "not_mapped"
    elif item.ssyk not in rule.occupations:
        reason = "not_relevant"
    elif months <= 0:
        reason = "outside_window"
    else:
        reason = "counted"
    title = rule.occupations.get(item.ssyk) if item.ssyk else None
    return JudgedExperience(index, item.ssyk, item.ssyk_source, months, reason == "counted", reason, title)


def judge_all(experience: Iterable[Experience], rule: ExperienceRule, *, today: date) -> tuple[JudgedExperience, ...]:
    """Every entry judged, in the order the applicant gave them."""
    return tuple(judge(i, item, rule, today=today) for i, item in enumerate(experience))


def relevant_months(
    judged: Iterable[JudgedExperience], experience: Sequence[Experience], *, today: date, within_years: int
) -> float:
    """Full-time months of the entries that count, to one decimal (what the applicant is shown is what counts).

    No day counts for more than full time: overlapping entries (two jobs at once, or one job entered twice) add
    up to 100 % of a day at most, so six months typed twice are six months, not a year.
    """
    first = window_start(today, within_years)
    steps: dict[date, int] = {}
    for entry in judged:
        if not entry.counted:
            continue
        item = experience[entry.index]
        start, end = max(item.start, first), min(item.end or today, today)
        if end > start:
            steps[start] = steps.get(start, 0) + item.extent_percent
            steps[end] = steps.get(end, 0) - item.extent_percent
    days, level, previous = 0.0, 0, None
    for day in sorted(steps):
        if previous is not None and level > 0:
            days += (day - previous).days * min(level, 100) / 100
        level, previous = level + steps[day], day
    return round(days / DAYS_PER_MONTH, 1)
