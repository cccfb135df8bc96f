"""Converting a learner between its API shape, its row and the pure ``Standing``/``BusyWindow`` values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.learners.domain import BusyWindow, Standing, next_course, passed_courses, start_by
from shared.personnummer import mask

# API name → column name of the fields a resident edits.
COLUMNS = {
    "displayName": "display_name",
    "email": "email",
    "phone": "phone",
    "protectedIdentity": "protected_identity",
    "path": "path",
    "currentCourse": "current_course",
    "preferredLanguage": "preferred_language",
    "busyWindows": "busy_windows",
    "parentalLeaveWithChild": "parental_leave_child",
    "homeDistrict": "district",
    "latitude": "latitude",
    "longitude": "longitude",
    "maxTravelKm": "max_travel_km",
    "preferredDayparts": "preferred_dayparts",
    "distanceStudyOk": "distance_ok",
    "rightAroseOn": "right_arose_on",
    "establishmentProgramme": "establishment_programme",
}


def columns_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """The row values of a loaded profile body (busy windows stored as JSON with ISO dates)."""
    out = {col: data.get(api) for api, col in COLUMNS.items()}
    out["busy_windows"] = [_window_json(w) for w in data.get("busyWindows", [])]
    out["preferred_dayparts"] = sorted(set(data.get("preferredDayparts", [])))
    return out


def _window_json(w: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in w.items() if v is not None}


def windows_of(stored: Iterable[Mapping[str, Any]]) -> tuple[BusyWindow, ...]:
    """Pure busy windows, one per weekday, from the stored or posted JSON."""
    out: list[BusyWindow] = []
    for w in stored:
        for weekday in w["weekdays"]:
            out.append(
                BusyWindow(
                    weekday=weekday,
                    start=time.fromisoformat(w["start"]),
                    end=time.fromisoformat(w["end"]),
                    kind=w.get("kind", "work"),
                    weeks=w.get("weeks", "every"),
                    cycle_length=w.get("cycleLength") or 1,
                    cycle_weeks=tuple(w.get("cycleWeeks") or ()),
                    cycle_anchor=_maybe_date(w.get("cycleAnchor")),
                    valid_from=_maybe_date(w.get("validFrom")),
                    valid_to=_maybe_date(w.get("validTo")),
                )
            )
    return tuple(out)


def _maybe_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def standing_of(row: Mapping[str, Any], results: Iterable[Mapping[str, Any]]) -> Standing:
    """The learner's path, placement and passes."""
    passed = passed_courses((r["course_code"], r["grade"]) for r in results)
    return Standing(path=row["path"], placement=row["placement_course"], passed=passed)


def deadline_of(row: Mapping[str, Any], config: SfiConfig) -> date | None:
    """The learner's legal start-by date."""
    return start_by(
        row["right_arose_on"],
        establishment=row["establishment_programme"],
        months=config.start_deadline_months,
        establishment_months=config.establishment_deadline_months,
    )


def view(row: Mapping[str, Any], results: Iterable[Mapping[str, Any]], config: SfiConfig) -> dict[str, Any]:
    """The API shape of a learner (personal number masked)."""
    results = list(results)
    standing = standing_of(row, results)
    body: dict[str, Any] = {api: row[col] for api, col in COLUMNS.items()}
    body.update(
        id=row["id"],
        personalNumberMasked=mask(row["personal_number"]),
        placement=(
            {"course": row["placement_course"], "decidedOn": row["placement_decided_on"]}
            if row["placement_course"]
            else None
        ),
        passedCourses=sorted(standing.passed),
        nextCourse=next_course(standing),
        startBy=deadline_of(row, config),
        placementBusyWindows=row["placement_windows"],  # agreed work placements (read-only)
        version=row["version"],
        createdAt=row["created_at"],
        updatedAt=row["updated_at"],
    )
    body["preferredDayparts"] = list(row["preferred_dayparts"])
    return body
