"""Rows of the figure queries as published cells: every value about fewer than 5 persons suppressed (no I/O)."""

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
from shared.disclosure import count, percent, statistic
from shared.followup import Window, arrange

Row = Mapping[str, Any] | None


def _n(row: Row, name: str) -> int:
    return 0 if row is None else row[name]


def _v(row: Row, name: str) -> Any:
    return None if row is None else row[name]


def sfi_start_cell(row: Row) -> dict[str, Any]:
    """Started within the deadline (of those whose deadline has passed or who started), waiting times."""
    return {
        "persons": count(_n(row, "persons")),
        "decided": count(_n(row, "decided")),
        "withinDeadline": count(_n(row, "within")),
        "percentWithinDeadline": percent(_n(row, "within"), _n(row, "decided")),
        "stillWaiting": count(_n(row, "waiting")),
        "started": count(_n(row, "started")),
        "medianDaysToStart": statistic(_v(row, "median_days"), _n(row, "started")),
        "waitingTime": {b: count(_n(row, b)) for b in WAIT_BUCKETS},
    }


def results_cell(row: Row) -> dict[str, Any]:
    """Learners with a result in the course, those who passed (G), and the median days from start to pass."""
    return {
        "persons": count(_n(row, "persons")),
        "passed": count(_n(row, "passed")),
        "percentPassed": percent(_n(row, "passed"), _n(row, "persons")),
        "timed": count(_n(row, "timed")),
        "medianDaysToPass": statistic(_v(row, "median_days"), _n(row, "timed")),
    }


def work_or_studies_cell(row: Row) -> dict[str, Any]:
    """Learners whose horizon has come, those in work or studies then, and every status."""
    return {
        "reached": count(_n(row, "reached")),
        "workOrStudies": count(_n(row, "work_or_studies")),
        "percentWorkOrStudies": percent(_n(row, "work_or_studies"), _n(row, "reached")),
        "statuses": {s: count(_n(row, s)) for s in STATUSES},
    }


def placements_cell(row: Row) -> dict[str, Any]:
    """Placement agreements started."""
    return {"started": count(_n(row, "started"))}


def figures(window: Window, rows: Mapping[str, list | None], names: Mapping[str, str],
            deadlines: tuple[int, int]) -> dict[str, Any]:  # fmt: skip
    """The service's figures document from the rows of each query (``placements`` None: not available yet)."""
    placement_rows = rows["placements"]
    return {
        "sfiStart": {
            "deadlineMonths": deadlines[0],
            "establishmentDeadlineMonths": deadlines[1],
            "cells": arrange(rows["sfiStart"], window, sfi_start_cell, labels=names),
        },
        "sfiResults": {
            "cells": arrange(
                rows["sfiResults"],
                window,
                results_cell,
                series=[(None,), *((c,) for c in COURSES)],
                columns=[("course", "course")],
                labels=names,
            ),
        },
        "workOrStudies": {
            "horizonsMonths": list(HORIZONS),
            "cells": arrange(
                rows["workOrStudies"],
                window,
                work_or_studies_cell,
                series=[(b, h) for b in BASES for h in HORIZONS],
                columns=[("base", "base"), ("months", "months")],
                labels=names,
            ),
        },
        "placements": {
            "available": placement_rows is not None,
            "cells": []
            if placement_rows is None
            else arrange(
                placement_rows,
                window,
                placements_cell,
                series=[(None,), *((k,) for k in EMPLOYER_KINDS)],
                columns=[("employer_kind", "employerKind")],
            ),
        },
    }
