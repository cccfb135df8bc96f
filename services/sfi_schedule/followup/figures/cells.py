"""Rows of the figure queries as published cells: every value about fewer than 5 persons suppressed, and every value
that would give one away by subtraction (shared/disclosure.py; no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.sfi_schedule.followup.domain import (
    BASES,
    COURSES,
    EMPLOYER_KINDS,
    HORIZONS,
    STATUSES,
    WAIT_BUCKETS,
)
from shared.disclosure import Layout, protect
from shared.followup import Window, arrange

Row = Mapping[str, Any] | None


def _n(row: Row, name: str) -> int:
    return 0 if row is None else row[name]


def _v(row: Row, name: str) -> Any:
    return None if row is None else row[name]


def sfi_start_cell(row: Row) -> dict[str, Any]:
    """Started within the deadline (of those whose deadline has passed or who started), waiting times (raw)."""
    return {
        "persons": _n(row, "persons"),
        "decided": _n(row, "decided"),
        "withinDeadline": _n(row, "within"),
        "percentWithinDeadline": None,
        "stillWaiting": _n(row, "waiting"),
        "started": _n(row, "started"),
        "medianDaysToStart": _v(row, "median_days"),
        "waitingTime": {b: _n(row, b) for b in WAIT_BUCKETS},
    }


def results_cell(row: Row) -> dict[str, Any]:
    """Learners with a result in the course, those who passed (G), and the median days from start to pass (raw)."""
    return {
        "persons": _n(row, "persons"),
        "passed": _n(row, "passed"),
        "percentPassed": None,
        "timed": _n(row, "timed"),
        "medianDaysToPass": _v(row, "median_days"),
    }


def work_or_studies_cell(row: Row) -> dict[str, Any]:
    """Learners whose horizon has come, those in work or studies then, and every status (raw)."""
    return {
        "reached": _n(row, "reached"),
        "workOrStudies": _n(row, "work_or_studies"),
        "percentWorkOrStudies": None,
        "statuses": {s: _n(row, s) for s in STATUSES},
    }


def placements_cell(row: Row) -> dict[str, Any]:
    """Placement agreements started (raw)."""
    return {"started": _n(row, "started")}


_BUCKETS = tuple(f"waitingTime.{b}" for b in WAIT_BUCKETS)
_STATUSES = tuple(f"statuses.{s}" for s in STATUSES)
# How each figure's counts add up (shared/disclosure.py hides what would give a small one away).
SFI_START = Layout(
    counts=("persons", "decided", "withinDeadline", "stillWaiting", "started", *_BUCKETS),
    sums=(("persons", ("decided", "stillWaiting")), ("persons", _BUCKETS),
          ("persons", ("started", "waitingTime.notStarted")), ("started", _BUCKETS[:-1])),
    percents={"percentWithinDeadline": ("withinDeadline", "decided")},
    statistics={"medianDaysToStart": "started"},
)  # fmt: skip
SFI_RESULTS = Layout(
    counts=("persons", "passed", "timed"),
    percents={"percentPassed": ("passed", "persons")},
    statistics={"medianDaysToPass": "timed"},
    series=("course",),
    summed_series=True,
)
WORK_OR_STUDIES = Layout(
    counts=("reached", "workOrStudies", *_STATUSES),
    sums=(("reached", _STATUSES), ("workOrStudies", ("statuses.work", "statuses.studies"))),
    percents={"percentWorkOrStudies": ("workOrStudies", "reached")},
    series=("base", "months"),
)
PLACEMENTS = Layout(counts=("started",), series=("employerKind",), summed_series=True)


def figures(window: Window, rows: Mapping[str, list | None], names: Mapping[str, str],
            deadlines: tuple[int, int]) -> dict[str, Any]:  # fmt: skip
    """The service's figures document from the rows of each query (``placements`` None: not available yet)."""
    placement_rows = rows["placements"]
    return {
        "sfiStart": {
            "deadlineMonths": deadlines[0],
            "establishmentDeadlineMonths": deadlines[1],
            "cells": protect(arrange(rows["sfiStart"], window, sfi_start_cell, labels=names), SFI_START),
        },
        "sfiResults": {
            "cells": protect(
                arrange(
                    rows["sfiResults"],
                    window,
                    results_cell,
                    series=[(None,), *((c,) for c in COURSES)],
                    columns=[("course", "course")],
                    labels=names,
                ),
                SFI_RESULTS,
            ),
        },
        "workOrStudies": {
            "horizonsMonths": list(HORIZONS),
            "cells": protect(
                arrange(
                    rows["workOrStudies"],
                    window,
                    work_or_studies_cell,
                    series=[(b, h) for b in BASES for h in HORIZONS],
                    columns=[("base", "base"), ("months", "months")],
                    labels=names,
                ),
                WORK_OR_STUDIES,
            ),
        },
        "placements": {
            "available": placement_rows is not None,
            "cells": []
            if placement_rows is None
            else protect(
                arrange(
                    placement_rows,
                    window,
                    placements_cell,
                    series=[(None,), *((k,) for k in EMPLOYER_KINDS)],
                    columns=[("employer_kind", "employerKind")],
                ),
                PLACEMENTS,
            ),
        },
    }
