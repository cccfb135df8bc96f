"""Pure rules of work placements: kinds and sectors, the agreement states, hours as busy windows, seats, levels.

No I/O. The weekly hours of a placement are stored in the learner profile's busy-window shape (rotating weeks
included), so a placement's hours and a learner's busy time are one model (``learners.domain.BusyWindow``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from services.sfi_schedule.learners.domain import BusyWindow, busy_window_errors
from services.sfi_schedule.learners.profile import windows_of
from services.sfi_schedule.rules.domain import registerkontroll_valid
from shared.errors import FieldError

KINDS = ("yrkespraktik", "sprakpraktik")
EMPLOYER_KINDS = ("municipal", "private")
SECTORS = (
    "elderly_care", "home_care", "disability_care", "health_care", "preschool", "school", "school_age_care",
    "kitchen", "cleaning", "property", "retail", "hospitality", "industry", "transport", "office", "other",
)  # fmt: skip
# Work with children needs a registerkontroll by law (FACT); elsewhere only if the employer asks.
CHILD_SECTORS = frozenset({"preschool", "school", "school_age_care"})
COURSES = ("A", "B", "C", "D")
STATES = ("proposed", "agreed", "ongoing", "completed", "ended_early")
OPEN = ("proposed", "agreed", "ongoing")  # these hold a seat
BUSY = ("agreed", "ongoing")  # these are the learner's busy time
NEXT = {
    "proposed": ("agreed", "ended_early"),
    "agreed": ("ongoing", "ended_early"),
    "ongoing": ("completed", "ended_early"),
}
MAX_WEEKS = 104  # a placement is months long (DEFAULT språkpraktik 3–6 months); two years is surely a typo


def workplace_errors(*, sector: str, needs_registerkontroll: bool) -> list[FieldError]:
    """A workplace with children must ask for a registerkontroll."""
    if sector in CHILD_SECTORS and not needs_registerkontroll:
        return [FieldError("/needsRegisterkontroll", "work with children needs a registerkontroll (required by law)")]
    return []


def transition_error(current: str, target: str) -> str | None:
    """Why an agreement in ``current`` cannot go to ``target``, or ``None``."""
    if target in NEXT.get(current, ()):
        return None
    allowed = NEXT.get(current)
    if not allowed:
        return f"the agreement is {current}; nothing follows"
    return f"an agreement that is {current} can become {' or '.join(allowed)}, not {target}"


def period_errors(start: date, end: date, pointer: str = "") -> list[FieldError]:
    """The end on or after the start, and no period longer than two years."""
    if end < start:
        return [FieldError(f"{pointer}/endDate", "must be on or after startDate")]
    if end - start > timedelta(weeks=MAX_WEEKS):
        return [FieldError(f"{pointer}/endDate", f"a placement lasts at most {MAX_WEEKS} weeks")]
    return []


def hours_errors(hours: Sequence[Mapping[str, Any]]) -> list[FieldError]:
    """Bad hours, named like a learner's busy windows are (``/hours/0/end``); at least one window."""
    if not hours:
        return [FieldError("/hours", "a placement needs its weekly hours")]
    return busy_window_errors(windows_of(hours), "/hours")


def stored_hours(hours: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Hours as stored: ISO dates, no empty values, and never a kind or validity of their own."""
    keep = ("weekdays", "start", "end", "weeks", "cycleLength", "cycleWeeks", "cycleAnchor")
    out = []
    for h in hours:
        item = {k: (h[k].isoformat() if isinstance(h[k], date) else h[k]) for k in keep if h.get(k) not in (None, [])}
        out.append(item)
    return out


def agreement_windows(
    hours: Iterable[Mapping[str, Any]], *, start: date, end: date, placement_id: str, agreement_id: str, title: str
) -> list[dict[str, Any]]:
    """The placement's hours over the agreement's dates: the learner's busy windows while it is agreed."""
    ref = {"placementId": placement_id, "agreementId": agreement_id, "title": title}
    return [
        {**h, "kind": "placement", "validFrom": start.isoformat(), "validTo": end.isoformat(), **ref}
        for h in stored_hours(hours)
    ]


def pattern_windows(hours: Iterable[Mapping[str, Any]], start: date, end: date) -> tuple[BusyWindow, ...]:
    """The hours as busy windows valid from ``start`` to ``end``."""
    dated = [{**h, "kind": "placement", "validFrom": start, "validTo": end} for h in stored_hours(hours)]
    return windows_of(dated)


def _minutes(window: BusyWindow) -> int:
    return (window.end.hour * 60 + window.end.minute) - (window.start.hour * 60 + window.start.minute)


def planned_hours(windows: Sequence[BusyWindow], start: date, end: date) -> float:
    """Hours the pattern asks for between ``start`` and ``end`` (both included)."""
    minutes, day = 0, start
    while day <= end:
        minutes += sum(_minutes(w) for w in windows if w.busy_on(day))
        day += timedelta(days=1)
    return round(minutes / 60, 1)


def weekly_hours(windows: Sequence[BusyWindow], start: date) -> float:
    """Average hours a week over the first rota cycle (12 weeks covers every rota and odd/even weeks)."""
    return round(planned_hours(windows, start, start + timedelta(weeks=12, days=-1)) / 12, 1)


def has_seat(*, seats: int, taken: int) -> bool:
    """A new agreement fits while proposals, agreements and ongoing placements leave a seat."""
    return taken < seats


def level_index(course: str | None) -> int:
    """A < B < C < D; -1 for no course."""
    return COURSES.index(course) if course in COURSES else -1


def learner_level(
    *, passed: Iterable[str], current: str | None, studying: Iterable[str], next_up: str | None
) -> str | None:
    """The highest course the learner studies, has passed, or may take next (``None`` when unknown)."""
    courses = [*passed, *studying, *(c for c in (current, next_up) if c)]
    return max(courses, key=level_index) if courses else None


def meets_level(level: str | None, needed: str | None) -> bool:
    """True when no level is needed, or the learner is at least at it."""
    return needed is None or level_index(level) >= level_index(needed)


def registerkontroll_error(*, needed: bool, shown_on: date | None, start: date, today: date, months: int) -> str | None:
    """Why an agreement at a workplace that asks for a registerkontroll may not be agreed yet, or ``None``.

    Only the date it was shown is kept; it must not be in the future and must still be valid on the first day.
    """
    if not needed:
        return None
    if shown_on is None:
        return "this workplace asks for a registerkontroll: record the date it was shown"
    if shown_on > today:
        return "the registerkontroll cannot have been shown on a day still to come"
    if not registerkontroll_valid(shown_on, max(start, today), months):
        return f"a registerkontroll counts for {months} months; the one shown on {shown_on} is too old by the start"
    return None


def _row(kind: str, counts: Mapping[str, int], hours: float, target: int | None, share: float) -> dict[str, Any]:
    started = sum(counts.values())
    completed, ended = counts.get("completed", 0), counts.get("ended_early", 0)
    return {
        "employerKind": kind, "started": started, "target": target,
        "progress": round(started / target, 3) if target else None,
        "expectedByNow": round(target * share) if target else None,
        "ongoing": counts.get("ongoing", 0), "completed": completed, "endedEarly": ended,
        "completionRate": round(completed / (completed + ended), 3) if completed + ended else None,
        "hoursDone": round(hours, 1),
    }  # fmt: skip


def year_figure(
    rows: Iterable[Mapping[str, Any]], *, year: int, targets: Mapping[str, int], today: date
) -> dict[str, Any]:
    """Placements started in ``year`` per employer kind, against its target (0 = none), with hours and completion.

    ``expectedByNow`` is the target pro rata to the day: the whole target for a past year, none for a future one.
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    share = 1.0 if today > last else 0.0 if today < first else ((today - first).days + 1) / ((last - first).days + 1)
    counts: dict[str, dict[str, int]] = {k: {} for k in EMPLOYER_KINDS}
    hours: dict[str, float] = dict.fromkeys(EMPLOYER_KINDS, 0.0)
    for r in rows:
        counts[r["employer_kind"]][r["state"]] = counts[r["employer_kind"]].get(r["state"], 0) + r["n"]
        hours[r["employer_kind"]] += r["hours"]
    per_kind = [_row(k, counts[k], hours[k], targets.get(k) or None, share) for k in EMPLOYER_KINDS]
    every: dict[str, int] = {}
    for c in counts.values():
        for state, n in c.items():
            every[state] = every.get(state, 0) + n
    total_target = sum(targets.get(k) or 0 for k in EMPLOYER_KINDS) or None
    total = _row("all", every, sum(hours.values()), total_target, share)
    return {"year": year, "asOf": min(today, last), "rows": per_kind, "total": total}
