"""The pre-check as pure functions: what the applicant declared in, message keys out (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.validation.catalogue.domain import RequirementProfile, Role, canonical_codes
from services.validation.precheck.experience import Experience, ExperienceRule, judge_all, relevant_months

# Routes in the order a caseworker would look at them: a claim to the transition rule settles the
# matter, then the rule the education start date points to, then experience, then the package.
ROUTE_ORDER = ("transition", "legacy", "points_rule", "experience", "package")
SWEDISH_COURSE_CODES = frozenset({"SVESVE01", "SVASVA01"})
SFI_SUFFICIENT = frozenset({"D"})


@dataclass(frozen=True, slots=True)
class Education:
    """One declared education."""

    country: str
    start_year: int
    language: str = "sv"
    field: str = "other"
    course_codes: tuple[str, ...] = ()
    started_on: date | None = None

    @property
    def start(self) -> date:
        """When it started (1 January of the start year unless a date was given)."""
        return self.started_on or date(self.start_year, 1, 1)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the pre-check needs to know about an application."""

    education: tuple[Education, ...] = ()
    experience: tuple[Experience, ...] = ()
    swedish_kind: str = "none"
    swedish_course: str | None = None
    claims: frozenset[str] = frozenset()
    document_kinds: frozenset[str] = frozenset()
    has_swedish_number: bool = True


@dataclass(frozen=True, slots=True)
class RouteResult:
    """Whether one route applies and, where it can be told from the data, whether it is met."""

    route: str
    profile_code: str
    applicable: bool
    met: bool | None
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which of the package's courses the declared course codes already cover."""

    profile_code: str
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    points_covered: int
    points_required: int


@dataclass(frozen=True, slots=True)
class Precheck:
    """The whole pre-check result; every text is a message key."""

    route: str | None
    routes: tuple[RouteResult, ...]
    missing_documents: tuple[str, ...]
    coverage: Coverage | None
    advice: tuple[str, ...]


def foreign_educated(facts: Facts) -> bool:
    """True when any education was taken outside Sweden."""
    return any(e.country.upper() != "SE" for e in facts.education)


def swedish_sufficient(facts: Facts) -> bool:
    """SFI course D, SvA or Svenska counts; SFI A-C or nothing means Swedish first."""
    if facts.swedish_kind in ("sva", "svenska"):
        return True
    return facts.swedish_kind == "sfi" and (facts.swedish_course or "").upper() in SFI_SUFFICIENT


def declared_codes(facts: Facts, known: Iterable[str]) -> set[str]:
    """Declared course codes in the catalogue's own spelling (``samsam01A1`` is ``SAMSAM01a1``)."""
    return canonical_codes((code for e in facts.education for code in e.course_codes), known)


def _relevant_start(facts: Facts, role: Role) -> date | None:
    """Earliest start of education that concerns the role (a declared field, or courses of the role)."""
    role_codes = role.course_codes()
    starts = [
        e.start
        for e in facts.education
        if e.field != "other" or role_codes & canonical_codes(e.course_codes, role_codes)
    ]
    return min(starts, default=None)


def _points(codes: set[str], points: Mapping[str, int], *, swedish: bool) -> int:
    return sum(points.get(c, 0) for c in codes if (c in SWEDISH_COURSE_CODES) == swedish)


def assess_route(
    profile: RequirementProfile, facts: Facts, role: Role, *, today: date, points: Mapping[str, int]
) -> RouteResult:
    """Judge one requirement profile as a route for these facts."""
    rules, kind = profile.rules, profile.kind
    started = _relevant_start(facts, role)
    if kind == "transition":
        claimed = rules.get("claim") in facts.claims
        # The claim is the condition; the employment certificate that proves it is asked for separately.
        until = rules.get("titleAllowedUntil")
        return RouteResult(kind, profile.code, claimed, claimed or None, {"titleAllowedUntil": until})
    if kind == "legacy":
        return RouteResult(kind, profile.code, started is not None and profile.covers_education_started(started), None)
    if kind == "points_rule":
        applicable = started is not None and profile.covers_education_started(started)
        codes = declared_codes(facts, points)
        care, swedish = _points(codes, points, swedish=False), _points(codes, points, swedish=True)
        met = None
        if codes:
            met = care >= rules.get("minCarePoints", 0) and swedish >= rules.get("minSwedishPoints", 0)
        return RouteResult(kind, profile.code, applicable, met, {"carePoints": care, "swedishPoints": swedish})
    if kind == "experience":
        return _experience_route(profile, facts, today=today)
    coverage = course_coverage(profile, facts, points=points)
    return RouteResult(kind, profile.code, True, not coverage.missing, {"pointsCovered": coverage.points_covered})


def _experience_route(profile: RequirementProfile, facts: Facts, *, today: date) -> RouteResult:
    """Met with enough full-time months in the route's occupations within its window; says why per entry."""
    rule = ExperienceRule.from_rules(profile.rules)
    judged = judge_all(facts.experience, rule, today=today)
    months = relevant_months(judged, facts.experience, today=today, within_years=rule.within_years)
    met = months >= rule.min_full_time_months
    details = {
        "fullTimeMonths": months,
        "requiredMonths": rule.min_full_time_months,
        "withinYears": rule.within_years,
        "entries": judged,
    }
    return RouteResult("experience", profile.code, met, met, details)


def course_coverage(profile: RequirementProfile, facts: Facts, *, points: Mapping[str, int]) -> Coverage:
    """Preliminary coverage of a package by declared course codes (alternatives count once)."""
    declared = declared_codes(facts, [*points, *(c.code for c in profile.courses)])
    covered: list[str] = []
    missing: list[str] = []
    groups_done = {c.alternative_group for c in profile.courses if c.alternative_group and c.code in declared}
    for course in profile.required_courses():
        group = course.alternative_group
        hit = next((c.code for c in profile.courses if c.alternative_group == group and c.code in declared), None)
        if group is None:
            (covered if course.code in declared else missing).append(course.code)
        elif group in groups_done and hit:
            covered.append(hit)
        else:
            missing.append(course.code)
    by_code = {c.code: c.points for c in profile.courses}
    points_covered = sum(by_code.get(c, points.get(c, 0)) for c in covered)
    return Coverage(profile.code, tuple(covered), tuple(missing), points_covered, profile.required_points())


def missing_documents(facts: Facts) -> tuple[str, ...]:
    """Document kinds the applicant still needs to send, in the order a caseworker asks for them."""
    have, needed = facts.document_kinds, []
    if not facts.has_swedish_number:
        needed.append("id")
    if foreign_educated(facts):
        needed.append("diploma")
        if any(e.language.lower() not in ("sv", "en") for e in facts.education if e.country.upper() != "SE"):
            needed.append("translation")
        needed.append("course_description")
        if facts.swedish_kind != "none":
            needed.append("language_proof")
    if facts.experience or "permanentPostOn20230701" in facts.claims:
        needed.append("employment_certificate")
    return tuple(kind for kind in needed if kind not in have)


def choose_route(routes: Iterable[RouteResult]) -> str | None:
    """The first applicable route known to be met, else one still open, else the first applicable."""
    rank = {True: 0, None: 1, False: 2}
    ordered = sorted((r for r in routes if r.applicable), key=lambda r: (rank[r.met], ROUTE_ORDER.index(r.route)))
    return ordered[0].route if ordered else None


def _unmapped_experience(routes: Iterable[RouteResult]) -> bool:
    return any(e.reason == "not_mapped" for r in routes if r.route == "experience" for e in r.details["entries"])


def advice(facts: Facts, role: Role, route: str | None, routes: Iterable[RouteResult] = ()) -> tuple[str, ...]:
    """Advice keys, most important first."""
    out = []
    if not swedish_sufficient(facts):
        out.append("advice.swedish_first")
    if foreign_educated(facts):
        out.append("advice.uhr_statement")
    if route == "transition":
        out.append("advice.transition_rule")
    if route == "experience":
        out.append("advice.experience_counts")
    elif _unmapped_experience(routes):
        out.append("advice.experience_mapping")
    if role.regulated:
        out.append("advice.regulated_title")
    return tuple(out)


def run_precheck(role: Role, facts: Facts, *, today: date, points: Mapping[str, int]) -> Precheck:
    """The full pre-check for an application against the role's profiles in force today."""
    profiles = [p for p in role.profiles_on(today) if p.kind in ROUTE_ORDER]
    routes = tuple(assess_route(p, facts, role, today=today, points=points) for p in profiles)
    route = choose_route(routes)
    package = role.package_on(today)
    coverage = course_coverage(package, facts, points=points) if package else None
    return Precheck(route, routes, missing_documents(facts), coverage, advice(facts, role, route, routes))
