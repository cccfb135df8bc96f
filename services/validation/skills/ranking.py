"""The ranking of shortage occupations for one person: points that add up, a fixed order of ties (pure).

Points per occupation, all from data:
- **experience** — the best of the person's occupations (SSYK 2012): the same occupation 60, the same
  occupation group (first three digits) 45, a related occupation 35, the same field of work (first two
  digits) 15. Occupations are related when one of Lotsen's validation roles counts both as relevant
  experience (the roles' experience routes, ``requirement_profiles.rules.occupations``). Less than
  ``FULL_MONTHS`` full-time months counts half.
- **education** — an education in one of the occupation's fields: 20 from upper-secondary level, else 10.
- **demand** — the municipality's demand level: large shortage 15, shortage 10, balance 5; occupations in
  surplus are not offered.
- **wish** — an occupation the person said they want: 10.

Equal scores: stronger demand first, then the lower SSYK code, so the same data always gives the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from services.validation.catalogue.domain import Role
from services.validation.precheck.experience import ExperienceRule
from services.validation.shortage.domain import Occupation, ShortageEntry, demand_rank
from services.validation.skills.domain import EDUCATION_LEVELS, Person, Schooling

RELEVANCE_POINTS = {"same_occupation": 60, "same_group": 45, "related": 35, "same_field": 15, "none": 0}
FULL_MONTHS = 12
EDUCATION_POINTS = {"full": 20, "below_upper_secondary": 10}
DEMAND_POINTS = {"large_shortage": 15, "shortage": 10, "balance": 5, "surplus": 0}
WISH_POINTS = 10
UPPER_SECONDARY = EDUCATION_LEVELS.index("upper_secondary")


@dataclass(frozen=True, slots=True)
class Relevance:
    """How the person's best-fitting work relates to the occupation."""

    kind: str = "none"
    ssyk: str | None = None
    months: float = 0.0
    points: int = 0


@dataclass(frozen=True, slots=True)
class Ranked:
    """One shortage occupation judged for the person, with each part of its score."""

    entry: ShortageEntry
    occupation: Occupation | None
    relevance: Relevance
    education_field: str | None
    education_points: int
    demand_points: int
    wish_points: int

    @property
    def score(self) -> int:
        """The sum of the parts."""
        return self.relevance.points + self.education_points + self.demand_points + self.wish_points


def related_groups(roles: Iterable[Role], *, today: date) -> tuple[frozenset[str], ...]:
    """The SSYK sets of the roles' experience routes in force: codes in one set are related occupations."""
    groups = []
    for role in roles:
        for profile in role.profiles_on(today):
            if profile.kind == "experience":
                codes = frozenset(ExperienceRule.from_rules(profile.rules).occupations)
                if codes:
                    groups.append(codes)
    return tuple(groups)


def relation(worked: str, target: str, related: Iterable[frozenset[str]]) -> str:
    """How one occupation the person worked in relates to the target occupation."""
    if worked == target:
        return "same_occupation"
    if worked[:3] == target[:3]:
        return "same_group"
    if any(worked in group and target in group for group in related):
        return "related"
    if worked[:2] == target[:2]:
        return "same_field"
    return "none"


def experience_relevance(person: Person, target: str, related: Iterable[frozenset[str]]) -> Relevance:
    """The best-fitting work for ``target``: most points, then most months, then the lower code."""
    related = tuple(related)
    best = Relevance()
    for ssyk, months in sorted(person.months_by_occupation().items()):
        kind = relation(ssyk, target, related)
        base = RELEVANCE_POINTS[kind]
        points = base if months >= FULL_MONTHS else base // 2
        if kind != "none" and (points, months) > (best.points, best.months):
            best = Relevance(kind, ssyk, months, points)
    return best


def education_fit(education: Iterable[Schooling], occupation: Occupation | None) -> tuple[str | None, int]:
    """The education field that fits the occupation and its points (the highest level wins)."""
    if occupation is None:
        return None, 0
    fitting = [e for e in education if e.field in occupation.education_fields]
    if not fitting:
        return None, 0
    best = max(fitting, key=lambda e: (e.rank, -occupation.education_fields.index(e.field)))
    key = "full" if best.rank >= UPPER_SECONDARY else "below_upper_secondary"
    return best.field, EDUCATION_POINTS[key]


def judge(
    person: Person, entry: ShortageEntry, occupation: Occupation | None, related: Iterable[frozenset[str]]
) -> Ranked:
    """One shortage occupation for the person."""
    fitting_field, education = education_fit(person.education, occupation)
    return Ranked(
        entry=entry,
        occupation=occupation,
        relevance=experience_relevance(person, entry.ssyk, related),
        education_field=fitting_field,
        education_points=education,
        demand_points=DEMAND_POINTS[entry.demand_level],
        wish_points=WISH_POINTS if entry.ssyk in person.wished else 0,
    )


def rank(
    person: Person,
    entries: Iterable[ShortageEntry],
    register: Mapping[str, Occupation],
    related: Iterable[frozenset[str]],
) -> list[Ranked]:
    """The occupations in local demand, best fit first (surplus left out; ties in a fixed order)."""
    related = tuple(related)
    judged = [judge(person, e, register.get(e.ssyk), related) for e in entries if e.demand_level != "surplus"]
    return sorted(judged, key=lambda r: (-r.score, demand_rank(r.entry.demand_level), r.entry.ssyk))
