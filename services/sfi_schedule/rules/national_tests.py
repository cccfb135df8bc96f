"""National tests (FACT): only in courses B, C and D, and each test version only between its first and last day."""

from __future__ import annotations

from datetime import date

from shared.errors import FieldError

NATIONAL_TEST_COURSES = ("B", "C", "D")


def version_errors(*, course: str, first_day: date, last_day: date) -> list[FieldError]:
    """A test version is for course B, C or D and its window does not end before it starts."""
    errors: list[FieldError] = []
    if course not in NATIONAL_TEST_COURSES:
        errors.append(FieldError("/course", f"national tests are given in courses B, C and D only, not {course}"))
    if last_day < first_day:
        errors.append(FieldError("/lastDay", "must be on or after firstDay"))
    return errors


def sitting_error(*, first_day: date, last_day: date, sat_on: date, today: date) -> FieldError | None:
    """Why a sitting on ``sat_on`` cannot be recorded: outside the version's window, or a day still to come."""
    if not first_day <= sat_on <= last_day:
        window = f"{first_day.isoformat()} to {last_day.isoformat()}"
        return FieldError("/satOn", f"this test version may be given from {window} only")
    if sat_on > today:
        return FieldError("/satOn", "cannot be a day still to come")
    return None
