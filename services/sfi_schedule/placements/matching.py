"""Which placements fit a learner, and which learners fit a placement: one pure judgement, read both ways.

No I/O. A placement fits when its hours collide with none of the learner's SFI sessions, shifts or other
placements, the learner has child care (is not on parental leave with the child), is at the SFI level
needed, lives near enough, and a seat is free. Score (docs/placements.md): 100, +10 when the learner's
language is spoken at the workplace, +5 same district, +15 a free seat, −2 per km (at most −30).
Reasons are message keys with parameters, rendered by ``messages.py`` in the learner's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from services.sfi_schedule.calendar.model import Occurrence
from services.sfi_schedule.learners.busy import first_common_day, first_overlap
from services.sfi_schedule.learners.domain import BusyWindow
from services.sfi_schedule.matching.domain import Reason, haversine_km
from services.sfi_schedule.placements.domain import meets_level


@dataclass(frozen=True, slots=True)
class PlacementFacts:
    """What matching knows of a placement offer."""

    id: UUID
    title: str
    kind: str
    occupation: str
    workplace: str
    employer_kind: str
    hours: tuple[BusyWindow, ...]  # valid over the placement's period
    start: date
    end: date
    level: str | None = None
    languages: tuple[str, ...] = ()
    location: tuple[float, float] | None = None
    district: str | None = None
    free_seats: int = 0
    registerkontroll: bool = False


@dataclass(frozen=True, slots=True)
class SfiGroup:
    """One of the learner's SFI groups with its dated sessions."""

    id: UUID
    name: str
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True, slots=True)
class LearnerFacts:
    """What matching knows of a learner: level, life and the SFI groups they hold or wait for."""

    id: UUID
    name: str
    language: str = "sv"
    level: str | None = None
    parent_with_child: bool = False
    location: tuple[float, float] | None = None
    max_km: float | None = None
    district: str | None = None
    busy: tuple[BusyWindow, ...] = ()  # their own busy windows and their agreed placements
    groups: tuple[SfiGroup, ...] = ()
    protected: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    """One placement judged for one learner."""

    placement: PlacementFacts
    learner: LearnerFacts
    fits: bool
    score: int
    reasons: tuple[Reason, ...]
    why_not: tuple[Reason, ...]


def _hm(window: BusyWindow) -> dict[str, Any]:
    return {"weekday": window.weekday, "start": f"{window.start:%H:%M}", "end": f"{window.end:%H:%M}"}


def collisions(learner: LearnerFacts, placement: PlacementFacts, today: date) -> list[Reason]:
    """The learner's SFI sessions and busy windows the placement's hours collide with (first day each)."""
    first, out = max(today, placement.start), []
    for hours in placement.hours:
        for group in learner.groups:
            hit = first_overlap(hours, [o for o in group.occurrences if o.start.date() >= first])
            if hit is not None:
                params = {**_hm(hours), "group": group.name, "first": hit.start.date().isoformat()}
                out.append(Reason("why_not.collides.sfi", params))
        for busy in learner.busy:
            day = first_common_day(hours, busy, first, placement.end)
            if day is not None:
                out.append(Reason(f"why_not.collides.{busy.kind}", {**_hm(busy), "first": day.isoformat()}))
    return out


def _km(learner: LearnerFacts, placement: PlacementFacts) -> float | None:
    if learner.location is None or placement.location is None:
        return None
    return haversine_km(learner.location, placement.location)


def _exclusions(learner: LearnerFacts, placement: PlacementFacts, km: float | None, today: date) -> list[Reason]:
    out = collisions(learner, placement, today)
    if not meets_level(learner.level, placement.level):
        out.append(Reason("why_not.level", {"needed": placement.level, "level": learner.level or "–"}))
    if learner.parent_with_child:
        out.append(Reason("why_not.child_care"))
    if km is not None and learner.max_km is not None and km > learner.max_km:
        out.append(Reason("why_not.too_far", {"km": round(km, 1), "max": learner.max_km}))
    if placement.free_seats <= 0:
        out.append(Reason("why_not.full"))
    if placement.end < today:
        out.append(Reason("why_not.ended", {"to": placement.end.isoformat()}))
    return out


def _when(placement: PlacementFacts) -> Reason:
    days = sorted({w.weekday for w in placement.hours})
    times = sorted({f"{w.start:%H:%M}–{w.end:%H:%M}" for w in placement.hours})
    return Reason("fit.hours", {"kind": placement.kind, "weekdays": days, "times": times})


def _score(learner: LearnerFacts, placement: PlacementFacts, km: float | None) -> tuple[int, list[Reason]]:
    score = 100
    reasons = [_when(placement), Reason("fit.period", {"from": placement.start.isoformat(),
                                                        "to": placement.end.isoformat()})]  # fmt: skip
    if learner.groups:
        reasons.append(Reason("fit.around_sfi", {"groups": [g.name for g in learner.groups]}))
    if placement.level:
        reasons.append(Reason("fit.level", {"needed": placement.level, "level": learner.level or "–"}))
    if learner.language != "sv" and learner.language in placement.languages:
        score += 10
        reasons.append(Reason("fit.language", {"language": learner.language}))
    if km is not None:
        score -= min(30, round(2 * km))
        reasons.append(Reason("fit.distance_km", {"km": round(km, 1)}))
    if learner.district and placement.district and learner.district.lower() == placement.district.lower():
        score += 5
        reasons.append(Reason("fit.same_district", {"district": placement.district}))
    if placement.free_seats > 0:
        score += 15
        reasons.append(Reason("fit.free_seats", {"seats": placement.free_seats}))
    if placement.registerkontroll:
        reasons.append(Reason("fit.registerkontroll"))
    return score, reasons


def judge(learner: LearnerFacts, placement: PlacementFacts, *, today: date) -> Verdict:
    """One placement for one learner."""
    km = _km(learner, placement)
    why_not = _exclusions(learner, placement, km, today)
    score, reasons = _score(learner, placement, km)
    return Verdict(placement, learner, not why_not, score, tuple(reasons), tuple(why_not))


def ranked(verdicts: Iterable[Verdict]) -> tuple[list[Verdict], list[Verdict]]:
    """Those that fit, best first, and the near misses (best first too)."""
    ordered = sorted(verdicts, key=_order)
    return [v for v in ordered if v.fits], [v for v in ordered if not v.fits]


def _order(v: Verdict) -> tuple[Any, ...]:
    return (-v.score, v.placement.start, v.placement.title, v.learner.name, str(v.placement.id), str(v.learner.id))


def placements_for(learner: LearnerFacts, placements: Sequence[PlacementFacts], *, today: date):
    """Placements for one learner, ranked."""
    return ranked(judge(learner, p, today=today) for p in placements)


def learners_for(placement: PlacementFacts, learners: Sequence[LearnerFacts], *, today: date):
    """Learners for one placement, ranked."""
    return ranked(judge(learner, placement, today=today) for learner in learners)
