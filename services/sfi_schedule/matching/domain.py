"""The pure matching score: which published groups fit a learner's life, ranked, with reasons and why-nots.

No I/O. Reasons are message keys with parameters; ``messages.py`` turns them into Swedish, English or Arabic.
Score (documented in docs/sfi-enrolment.md): 100, +50 open-preschool group for a parent on leave with the
child, +20 when every session is in a preferred daypart (+10 when some are), +10 teaching support in the
learner's language, +15 a free seat now (else −1 per person waiting, at most −20), +5 same district,
−2 per km of travel (at most −30). Collisions with busy windows, distance beyond the learner's maximum,
distance study not wanted, and open-preschool groups for anyone not on leave with a child exclude a group.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from services.sfi_schedule.calendar.model import Occurrence, daypart
from services.sfi_schedule.learners.domain import BusyWindow

OPEN_PRESCHOOL = "parental_leave_open_preschool"
EARTH_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Needs:
    """What the learner needs of a group."""

    course: str
    busy: tuple[BusyWindow, ...] = ()
    parent_with_child: bool = False
    location: tuple[float, float] | None = None
    district: str | None = None
    max_km: float | None = None
    dayparts: frozenset[str] = frozenset()
    distance_ok: bool = False
    language: str = "sv"


@dataclass(frozen=True, slots=True)
class GroupFacts:
    """What matching knows of a published group: its facts, its dated sessions and its seats."""

    id: UUID
    name: str
    course: str
    variant: str
    venue_kind: str
    occurrences: tuple[Occurrence, ...]
    district: str | None = None
    location: tuple[float, float] | None = None
    distance: bool = False
    child_present: bool = False
    support_languages: tuple[str, ...] = ()
    free_seats: int = 0
    waiting: int = 0
    freed_per_week: float = 0.0


@dataclass(frozen=True, slots=True)
class Reason:
    """A message key and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Verdict:
    """One group judged for one learner: fits or not, its score, reasons why and why not."""

    group: GroupFacts
    fits: bool
    score: int
    reasons: tuple[Reason, ...]
    why_not: tuple[Reason, ...]
    next_start: datetime | None
    expected_wait_weeks: int | None


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def group_dayparts(occurrences: Iterable[Occurrence], evening_start: time) -> frozenset[str]:
    """morning / afternoon / evening of each session, plus weekend when any falls on Saturday or Sunday."""
    parts: set[str] = set()
    for occ in occurrences:
        parts.add(daypart(occ.start.time(), evening_start))
        if occ.start.isoweekday() >= 6:
            parts.add("weekend")
    return frozenset(parts)


@dataclass(frozen=True, slots=True)
class Rhythm:
    """What a group's sessions say whoever asks: the same for every learner, so worked out once per group.

    ``next_start`` is the first active session on or after the day the rhythm was made for.
    """

    active: tuple[Occurrence, ...]
    by_weekday: dict[int, tuple[Occurrence, ...]]
    dayparts: frozenset[str]
    when: Reason
    next_start: datetime | None


def rhythm_of(group: GroupFacts, *, evening_start: time, today: date) -> Rhythm:
    """The active sessions of ``group`` by weekday, their dayparts, their weekly rhythm and the next start."""
    active = tuple(o for o in group.occurrences if o.active)
    by_weekday: dict[int, list[Occurrence]] = {}
    for occ in active:
        by_weekday.setdefault(occ.start.isoweekday(), []).append(occ)
    upcoming = [o.start for o in active if o.start.date() >= today]
    dayparts = group_dayparts(active, evening_start)
    return Rhythm(
        active=active,
        by_weekday={day: tuple(occs) for day, occs in by_weekday.items()},
        dayparts=dayparts,
        when=_when(active, dayparts),
        next_start=min(upcoming) if upcoming else None,
    )


def collisions(busy: Sequence[BusyWindow], rhythm: Rhythm) -> list[Reason]:
    """One reason per busy window that any active session collides with, naming the window."""
    out: list[Reason] = []
    for window in busy:
        hits = [o for o in rhythm.by_weekday.get(window.weekday, ()) if window.overlaps(o.start, o.end)]
        if hits:
            out.append(
                Reason(
                    f"why_not.collides.{window.kind}",
                    {
                        "weekday": window.weekday,
                        "start": f"{window.start:%H:%M}",
                        "end": f"{window.end:%H:%M}",
                        "sessions": len(hits),
                        "total": len(rhythm.active),
                        "first": hits[0].start.date().isoformat(),
                    },
                )
            )
    return out


def _km(needs: Needs, group: GroupFacts) -> float | None:
    if group.distance or group.venue_kind == "digital" or needs.location is None or group.location is None:
        return None
    return haversine_km(needs.location, group.location)


def _exclusions(needs: Needs, group: GroupFacts, rhythm: Rhythm, km: float | None) -> list[Reason]:
    out = collisions(needs.busy, rhythm)
    if group.variant == OPEN_PRESCHOOL and not needs.parent_with_child:
        out.append(Reason("why_not.open_preschool_only"))
    if group.distance and not needs.distance_ok:
        out.append(Reason("why_not.distance_study"))
    if km is not None and needs.max_km is not None and km > needs.max_km:
        out.append(Reason("why_not.too_far", {"km": round(km, 1), "max": needs.max_km}))
    if not rhythm.active:
        out.append(Reason("why_not.no_sessions"))
    return out


def _when(active: Sequence[Occurrence], dayparts: frozenset[str]) -> Reason:
    """``evening, Tue and Thu 18:00–21:00``: the weekly rhythm of the upcoming sessions."""
    days = sorted({o.start.isoweekday() for o in active})
    times = sorted({(o.start.strftime("%H:%M"), o.end.strftime("%H:%M")) for o in active})
    parts = dayparts - {"weekend"}
    weekend = any(d >= 6 for d in days)
    label = "weekend" if weekend and all(d >= 6 for d in days) else (sorted(parts)[0] if len(parts) == 1 else "mixed")
    return Reason("fit.when", {"daypart": label, "weekdays": days, "times": [f"{a}–{b}" for a, b in times]})


def _score(needs: Needs, group: GroupFacts, rhythm: Rhythm, km: float | None) -> tuple[int, list[Reason]]:
    score, reasons = 100, [rhythm.when]
    if km is not None:
        score -= min(30, round(2 * km))
        reasons.append(Reason("fit.distance_km", {"km": round(km, 1)}))
    if group.distance:
        reasons.append(Reason("fit.distance_study"))
    if needs.parent_with_child and group.variant == OPEN_PRESCHOOL:
        score += 50
        reasons.append(Reason("fit.open_preschool"))
    parts = rhythm.dayparts
    if needs.dayparts and parts and parts <= needs.dayparts:
        score += 20
        reasons.append(Reason("fit.daypart_preferred"))
    elif needs.dayparts & parts:
        score += 10
        reasons.append(Reason("fit.daypart_partly"))
    if needs.language in group.support_languages:
        score += 10
        reasons.append(Reason("fit.language_support", {"language": needs.language}))
    if needs.district and group.district and needs.district.lower() == group.district.lower():
        score += 5
        reasons.append(Reason("fit.same_district", {"district": group.district}))
    if group.free_seats > 0:
        score += 15
        reasons.append(Reason("fit.free_seats", {"seats": group.free_seats}))
    else:
        score -= min(20, group.waiting)
        reasons.append(Reason("fit.waiting", {"waiting": group.waiting}))
    return score, reasons


def expected_wait_weeks(group: GroupFacts) -> int | None:
    """Weeks until a seat, from the queue ahead and how many seats freed per week lately (None if unknown)."""
    if group.free_seats > 0:
        return 0
    if group.freed_per_week <= 0:
        return None
    return math.ceil((group.waiting + 1) / group.freed_per_week)


def judge(
    needs: Needs, group: GroupFacts, *, evening_start: time, today: date, rhythm: Rhythm | None = None
) -> Verdict:
    """One group for one learner (``rhythm``: the group's, when already worked out for this day)."""
    rhythm = rhythm or rhythm_of(group, evening_start=evening_start, today=today)
    km = _km(needs, group)
    why_not = _exclusions(needs, group, rhythm, km)
    score, reasons = _score(needs, group, rhythm, km)
    return Verdict(
        group=group,
        fits=not why_not,
        score=score,
        reasons=tuple(reasons),
        why_not=tuple(why_not),
        next_start=rhythm.next_start,
        expected_wait_weeks=expected_wait_weeks(group),
    )


def rank(
    needs: Needs,
    groups: Iterable[GroupFacts],
    *,
    evening_start: time,
    today: date,
    rhythms: Mapping[UUID, Rhythm] | None = None,
) -> tuple[list[Verdict], list[Verdict]]:
    """Groups of the learner's course that fit, best first, and the near misses with why not.

    ``rhythms`` are the groups' rhythms for ``today`` by group id, when already worked out.
    """
    known = rhythms or {}
    verdicts = [
        judge(needs, g, evening_start=evening_start, today=today, rhythm=known.get(g.id))
        for g in groups
        if g.course == needs.course
    ]
    fits = sorted((v for v in verdicts if v.fits), key=order_key)
    misses = sorted((v for v in verdicts if not v.fits), key=order_key)
    return fits, misses


def order_key(v: Verdict) -> tuple[Any, ...]:
    """The ranking: best score first, then the sooner next session, then by name and id."""
    return (-v.score, v.next_start is None, v.next_start or datetime.max, v.group.name, v.group.id)
