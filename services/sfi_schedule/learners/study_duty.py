"""The establishment programme's study duty (FACT): at least 23 hours a week on average, SFI and placements together.

Pure. The average is over the coming weeks (``LOTSEN_SFI_STUDY_DUTY_WEEKS``, DEFAULT 4): the learner's active
SFI sessions in the groups they are enrolled in, and their placement hours (agreed placements and the busy
windows they marked as placement), each hour counted once where the two overlap. It is a check that flags a
learner below the duty; it refuses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from services.sfi_schedule.calendar.model import Occurrence
from services.sfi_schedule.learners.domain import BusyWindow

STUDY_DUTY_HOURS = 23.0  # hours a week on average (FACT)
Span = tuple[time, time]


@dataclass(frozen=True, slots=True)
class StudyDuty:
    """Average hours a week over ``weeks`` from ``first``: SFI, placements beyond SFI, and their sum."""

    first: date
    weeks: int
    sfi_hours: float
    placement_hours: float

    @property
    def hours_per_week(self) -> float:
        """SFI and placement hours a week together."""
        return round((self.sfi_hours + self.placement_hours) / self.weeks, 2)

    @property
    def met(self) -> bool:
        """At least the 23 hours a week of the study duty."""
        return self.hours_per_week >= STUDY_DUTY_HOURS


def _minutes(spans: Iterable[Span]) -> int:
    """Minutes covered by the spans of one day, overlaps counted once."""
    total, reach = 0, None
    for start, end in sorted(spans):
        a, b = start.hour * 60 + start.minute, end.hour * 60 + end.minute
        if reach is None or a > reach:
            total, reach = total + b - a, b
        elif b > reach:
            total, reach = total + b - reach, b
    return total


def study_duty(
    sessions: Iterable[Occurrence], placements: Sequence[BusyWindow], *, first: date, weeks: int
) -> StudyDuty:
    """The learner's study-duty hours over ``weeks`` whole weeks from ``first`` (``first`` included)."""
    last = first + timedelta(weeks=weeks)
    sfi: dict[date, list[Span]] = {}
    for occ in sessions:
        if occ.active and first <= occ.start.date() < last:
            sfi.setdefault(occ.start.date(), []).append((occ.start.time(), occ.end.time()))
    sfi_minutes = placement_minutes = 0
    day = first
    while day < last:
        ours = sfi.get(day, [])
        work = [(w.start, w.end) for w in placements if w.busy_on(day)]
        alone = _minutes(ours)
        sfi_minutes += alone
        placement_minutes += _minutes([*ours, *work]) - alone
        day += timedelta(days=1)
    return StudyDuty(first, weeks, round(sfi_minutes / 60, 2), round(placement_minutes / 60, 2))
