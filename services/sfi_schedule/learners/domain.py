"""Pure rules of a learner: busy windows (rotating weeks included), prerequisites, the next course, deadlines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from services.sfi_schedule.rules.domain import COURSE_PATHS, add_months
from services.sfi_schedule.rules.reasons import Reason
from shared.errors import FieldError

WeekRule = Literal["every", "odd", "even", "cycle"]
BUSY_KINDS = ("work", "placement", "other")
WEEKDAY_CODES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class BusyWindow:
    """A weekly time the learner cannot study: a work shift, work-placement hours or anything else.

    ``weeks`` is ``every``, ISO-week ``odd``/``even``, or ``cycle``: an N-week rota anchored on the Monday
    of ``cycle_anchor``'s week, busy in the listed weeks of the cycle (1-based).
    """

    weekday: int
    start: time
    end: time
    kind: str = "work"
    weeks: WeekRule = "every"
    cycle_length: int = 1
    cycle_weeks: tuple[int, ...] = ()
    cycle_anchor: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    def busy_on(self, day: date) -> bool:
        """True when this window applies on ``day`` (its weekday, week rule and validity)."""
        if day.isoweekday() != self.weekday:
            return False
        if (self.valid_from and day < self.valid_from) or (self.valid_to and day > self.valid_to):
            return False
        if self.weeks == "every":
            return True
        if self.weeks in ("odd", "even"):
            return (day.isocalendar().week % 2 == 1) == (self.weeks == "odd")
        anchor = self.cycle_anchor or day
        monday = anchor - timedelta(days=anchor.isoweekday() - 1)
        week_in_cycle = ((day - monday).days // 7) % self.cycle_length + 1
        return week_in_cycle in self.cycle_weeks

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """True when a session from ``start`` to ``end`` (same local day) collides with this window."""
        return self.busy_on(start.date()) and start.time() < self.end and self.start < end.time()

    @property
    def label(self) -> str:
        """``Tue 14:00–22:00``: how the window is named in a reason."""
        return f"{WEEKDAY_CODES[self.weekday - 1]} {self.start:%H:%M}–{self.end:%H:%M}"


def busy_window_errors(windows: Sequence[BusyWindow], pointer: str = "/busyWindows") -> list[FieldError]:
    """Field errors for windows that cannot be right (end before start, bad rota)."""
    errors: list[FieldError] = []
    for i, w in enumerate(windows):
        if w.end <= w.start:
            errors.append(FieldError(f"{pointer}/{i}/end", "must be after the start (split a night shift in two)"))
        if w.weeks == "cycle":
            if w.cycle_length < 2:
                errors.append(FieldError(f"{pointer}/{i}/cycleLength", "a rota has at least 2 weeks"))
            if not w.cycle_weeks or any(not 1 <= k <= w.cycle_length for k in w.cycle_weeks):
                errors.append(FieldError(f"{pointer}/{i}/cycleWeeks", f"weeks must be within 1..{w.cycle_length}"))
            if w.cycle_anchor is None:
                errors.append(FieldError(f"{pointer}/{i}/cycleAnchor", "a rota needs the date its week 1 starts"))
        if w.valid_from and w.valid_to and w.valid_to < w.valid_from:
            errors.append(FieldError(f"{pointer}/{i}/validTo", "must be on or after validFrom"))
    return errors


@dataclass(frozen=True, slots=True)
class Standing:
    """What decides which courses a learner may take: path, placement and the courses passed."""

    path: int
    placement: str | None
    passed: frozenset[str]


def prerequisite_reason(standing: Standing, course: str) -> Reason | None:
    """Why ``course`` may not be taken yet, or ``None``: order within the path, or a placement by mapping."""
    courses = COURSE_PATHS[standing.path]
    if course not in courses:
        return Reason("why_not.course.not_on_path", {"course": course, "path": standing.path, "courses": list(courses)})
    if course in standing.passed:
        return Reason("why_not.course.passed", {"course": course})
    index = courses.index(course)
    if index == 0 or standing.placement == course:
        return None
    if standing.placement and standing.placement in courses and courses.index(standing.placement) > index:
        return None
    previous = courses[index - 1]
    if previous in standing.passed:
        return None
    return Reason("why_not.course.needs_previous", {"course": course, "previous": previous})


def path_reason(path: int, course: str) -> Reason | None:
    """The part of the prerequisites known without results: the course must be on the learner's path."""
    courses = COURSE_PATHS[path]
    if course in courses:
        return None
    return Reason("why_not.course.not_on_path", {"course": course, "path": path, "courses": list(courses)})


def next_course(standing: Standing) -> str | None:
    """The first course on the path the learner may take and has not passed (``None`` when the path is done)."""
    for course in COURSE_PATHS[standing.path]:
        if course not in standing.passed and prerequisite_reason(standing, course) is None:
            return course
    return None


def start_by(
    right_arose_on: date | None, *, establishment: bool, months: int, establishment_months: int
) -> date | None:
    """The legal start-by date: the right to SFI plus 3 months (1 in the establishment programme)."""
    if right_arose_on is None:
        return None
    return add_months(right_arose_on, establishment_months if establishment else months)


def passed_courses(results: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Courses with a G among ``(course, grade)`` results (a later IG does not undo a pass)."""
    return frozenset(course for course, grade in results if grade == "G")
