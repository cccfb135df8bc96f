"""The municipality's targets against the figures: per calendar year and over the whole window (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.gateway.followup.config import TargetConfig
from shared.disclosure import is_suppressed
from shared.followup import Window


@dataclass(frozen=True, slots=True)
class Target:
    """One target: which figure's cells (``select``), which measure, at least or at most the goal."""

    id: str
    figure: str
    measure: str
    goal: float
    unit: str
    at_most: bool = False
    per_year: bool = False  # a yearly count: only whole years can miss it, and the window total means nothing
    select: dict[str, Any] = field(default_factory=dict)


def targets_of(config: TargetConfig) -> list[Target]:
    """The targets that are switched on."""
    employer = None if config.placements_employer == "all" else config.placements_employer
    out = [
        ("sfiStartWithinDeadline", "sfiStart", "percentWithinDeadline", config.sfi_start_percent, "percent", {}),
        ("workOrStudies", "workOrStudies", "percentWorkOrStudies", config.work_or_studies_percent, "percent",
         {"base": config.work_or_studies_since, "months": config.work_or_studies_months}),
        ("sfiPassed", "sfiResults", "percentPassed", config.sfi_pass_percent, "percent", {"course": None}),
    ]  # fmt: skip
    targets = [Target(i, f, m, g, u, select=s) for i, f, m, g, u, s in out if g is not None]
    if config.placements_per_year is not None:
        targets.append(Target("placementsPerYear", "placements", "started", config.placements_per_year, "count",
                              per_year=True, select={"employerKind": employer}))  # fmt: skip
    if config.validation_median_days is not None:
        targets.append(Target("validationLeadTime", "validation", "medianDaysToDecision",
                              config.validation_median_days, "days", at_most=True, select={"role": None}))  # fmt: skip
    return targets


def _met(target: Target, value: Any, whole_year: bool) -> bool | None:
    """Whether ``value`` meets the goal; None when it is suppressed or missing, or a yearly count still running."""
    if value is None or is_suppressed(value):
        return None
    met = value <= target.goal if target.at_most else value >= target.goal
    if target.per_year and not whole_year and not met:
        return None  # the year is not over: it may still get there
    return met


def _whole_year(window: Window, year: str) -> bool:
    y = int(year)
    return window.start <= date(y, 1, 1) and date(y, 12, 31) <= min(window.end, window.as_of)


def evaluate(target: Target, figure: dict[str, Any] | None, window: Window) -> dict[str, Any]:
    """The target with its value and verdict over the window and for each year (None: not known)."""
    out: dict[str, Any] = {
        "id": target.id, "figure": target.figure, "measure": target.measure, "select": target.select,
        "comparison": "atMost" if target.at_most else "atLeast", "goal": target.goal, "unit": target.unit,
        "available": bool(figure) and figure.get("available", True), "overall": None, "byYear": [],
    }  # fmt: skip
    if not out["available"]:
        return out
    cells = [c for c in figure["cells"] if all(c.get(k) == v for k, v in target.select.items())]
    for cell in cells:
        if cell["by"] == "total" and not target.per_year:
            out["overall"] = {"value": cell[target.measure], "met": _met(target, cell[target.measure], True)}
        elif cell["by"] == "year":
            whole = _whole_year(window, cell["key"])
            value = cell[target.measure]
            out["byYear"].append({"year": cell["key"], "wholeYear": whole, "value": value,
                                  "met": _met(target, value, whole)})  # fmt: skip
    return out
