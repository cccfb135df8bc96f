"""A learner's firm busy time: agreed work placements, which no SFI change may collide with (pure).

The windows come from ``sfi.placement_busy_windows`` (stored JSON in the busy-window shape, with the
placement's id and title); every SFI entry point (enrolment, a move, an accepted offer, a publication)
and a new placement agreement apply the same rule here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from services.sfi_schedule.calendar.model import Occurrence
from services.sfi_schedule.learners.domain import BusyWindow
from services.sfi_schedule.learners.profile import windows_of
from shared.errors import Conflict


@dataclass(frozen=True, slots=True)
class PlacementClash:
    """An SFI session that falls in the hours of a learner's agreed work placement."""

    placement_id: str
    title: str
    window: BusyWindow
    group_id: str
    group_name: str
    first: date
    learner_name: str = ""

    def as_json(self) -> dict[str, Any]:
        """What a 409 carries, so a client can say it in its own language."""
        return {
            "placementId": self.placement_id, "placementTitle": self.title, "weekday": self.window.weekday,
            "start": f"{self.window.start:%H:%M}", "end": f"{self.window.end:%H:%M}", "groupId": self.group_id,
            "groupName": self.group_name, "first": self.first.isoformat(),
            **({"learnerName": self.learner_name} if self.learner_name else {}),
        }  # fmt: skip

    @property
    def text(self) -> str:
        """``Kväll C collides with the work placement 'Språkpraktik' Tue 13:00–17:00 (first on 2026-12-08)``."""
        whose = f"{self.learner_name}'s" if self.learner_name else "the"
        return (
            f"{self.group_name} collides with {whose} work placement {self.title!r} {self.window.label} "
            f"(first on {self.first.isoformat()})"
        )


def first_overlap(window: BusyWindow, occurrences: Iterable[Occurrence]) -> Occurrence | None:
    """The earliest active session that falls in the window (its weekday, weeks, validity and hours)."""
    hits = [o for o in occurrences if o.active and window.overlaps(o.start, o.end)]
    return min(hits, key=lambda o: o.start) if hits else None


def first_common_day(a: BusyWindow, b: BusyWindow, first: date, last: date) -> date | None:
    """The first day in ``first..last`` both windows apply with overlapping hours (two placements, a shift)."""
    if a.weekday != b.weekday or not (a.start < b.end and b.start < a.end):
        return None
    day = first + timedelta(days=(a.weekday - first.isoweekday()) % 7)
    while day <= last:
        if a.busy_on(day) and b.busy_on(day):
            return day
        day += timedelta(weeks=1)
    return None


def placement_clash(
    stored: Iterable[Mapping[str, Any]], occurrences: Sequence[Occurrence], *, group_id: str, group_name: str
) -> PlacementClash | None:
    """The first placement window an active session of the group falls in (earliest session), or ``None``."""
    found: PlacementClash | None = None
    for item in stored:
        for window in windows_of([item]):
            hit = first_overlap(window, occurrences)
            if hit is not None and (found is None or hit.start.date() < found.first):
                found = PlacementClash(
                    str(item.get("placementId", "")), str(item.get("title", "")), window, group_id, group_name,
                    hit.start.date(),
                )  # fmt: skip
    return found


def clash_conflict(clashes: Sequence[PlacementClash]) -> Conflict:
    """The 409 that names the placement and the colliding time (the first clash; all of them in ``collisions``)."""
    first = clashes[0]
    more = f" and {len(clashes) - 1} more" if len(clashes) > 1 else ""
    return Conflict(
        f"{first.text}{more}; an agreed work placement is busy time",
        extra={"collision": first.as_json(), "collisions": [c.as_json() for c in clashes]},
    )


def span(stored: Iterable[Mapping[str, Any]]) -> tuple[date, date] | None:
    """The first and last day any of the stored windows applies (``None`` for no windows)."""
    days = [(date.fromisoformat(w["validFrom"]), date.fromisoformat(w["validTo"])) for w in stored]
    return (min(d[0] for d in days), max(d[1] for d in days)) if days else None
