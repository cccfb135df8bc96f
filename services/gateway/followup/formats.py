"""The figures document as CSV and as OpenMetrics / Prometheus gauges (no I/O).

CSV is long ("tidy"): one row per value, so every figure fits the same columns and a spreadsheet can pivot it.
A suppressed value is written ``< 5``. In the gauges a suppressed value has no sample at all: Prometheus has
no way to say "fewer than 5", and a made-up number would be read as a measurement.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client import generate_latest as prometheus_text
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.openmetrics.exposition import generate_latest as openmetrics_text

from shared.disclosure import MIN_PERSONS, is_suppressed

FIGURES = ("sfiStart", "sfiResults", "workOrStudies", "placements", "validation")
# The fields that tell a figure's series apart (the course, the horizon, the employer kind, the role).
SERIES = {"sfiResults": ("course",), "workOrStudies": ("base", "months"), "placements": ("employerKind",),
          "validation": ("role",)}  # fmt: skip
CELL_FIELDS = ("by", "key", "label", "course", "base", "months", "employerKind", "role")
CSV_COLUMNS = ("figure", "series", "breakdown", "key", "label", "measure", "value")
SUPPRESSED_TEXT = f"< {MIN_PERSONS}"


def _values(cell: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(measure, value) of a cell, nested distributions flattened as ``waitingTime.0-1``."""
    for name, value in cell.items():
        if name in CELL_FIELDS:
            continue
        if isinstance(value, dict) and not is_suppressed(value):
            for sub, inner in value.items():
                yield f"{name}.{sub}", inner
        else:
            yield name, value


def _text(value: Any) -> str:
    if is_suppressed(value):
        return SUPPRESSED_TEXT
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _series(figure: str, cell: dict[str, Any]) -> str:
    return ";".join(f"{f}={cell[f]}" for f in SERIES.get(figure, ()) if cell.get(f) is not None)


def csv_rows(doc: dict[str, Any]) -> Iterator[tuple[str, ...]]:
    """Every value of every figure, then every target's verdicts."""
    for figure in FIGURES:
        for cell in (doc.get(figure) or {}).get("cells", []):
            for measure, value in _values(cell):
                yield (figure, _series(figure, cell), cell["by"], _text(cell["key"]), cell.get("label", ""), measure,
                       _text(value))  # fmt: skip
    for target in doc.get("targets", []):
        name = f"target:{target['id']}"
        yield name, "", "total", "", "", "goal", _text(target["goal"])
        if target["overall"]:
            yield name, "", "total", "", "", "value", _text(target["overall"]["value"])
            yield name, "", "total", "", "", "met", _text(target["overall"]["met"])
        for year in target["byYear"]:
            yield name, "", "year", year["year"], "", "value", _text(year["value"])
            yield name, "", "year", year["year"], "", "met", _text(year["met"])


def to_csv(doc: dict[str, Any]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte-order mark (so spreadsheet programs read å, ä and ö right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(doc))
    return out.getvalue().encode("utf-8-sig")


# (figure, measure, metric name without prefix, help)
GAUGES = (
    ("sfiStart", "persons", "sfi_start_persons", "Learners whose right to SFI arose in the window"),
    ("sfiStart", "percentWithinDeadline", "sfi_start_within_deadline_percent",
     "Percent who started SFI within the deadline (3 months, 1 in the establishment programme)"),
    ("sfiStart", "stillWaiting", "sfi_start_still_waiting", "Not started, deadline not yet passed"),
    ("sfiStart", "medianDaysToStart", "sfi_start_median_days", "Median days from the right to the SFI start"),
    ("sfiResults", "persons", "sfi_results_persons", "Learners with a result in the course"),
    ("sfiResults", "percentPassed", "sfi_results_passed_percent", "Percent of them who passed (G)"),
    ("sfiResults", "medianDaysToPass", "sfi_results_median_days_to_pass", "Median days from course start to G"),
    ("workOrStudies", "reached", "work_or_studies_reached", "Learners whose horizon has been reached"),
    ("workOrStudies", "percentWorkOrStudies", "work_or_studies_percent", "Percent in work or studies then"),
    ("placements", "started", "placements_started", "Placement agreements started"),
    ("validation", "decisions", "validation_decisions", "Validation decisions made"),
    ("validation", "medianDaysToDecision", "validation_median_days", "Median days from application to decision"),
)  # fmt: skip
SERIES_LABELS = {"course": "course", "base": "base", "months": "months", "employerKind": "employer_kind",
                 "role": "role"}  # fmt: skip


class _Figures:
    """A one-off collector over a figures document."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for figure, measure, name, help_text in GAUGES:
            series = SERIES.get(figure, ())
            labels = ["breakdown", "key", "label", *(SERIES_LABELS[s] for s in series)]
            family = GaugeMetricFamily(f"lotsen_followup_{name}", help_text, labels=labels)
            for cell in (self.doc.get(figure) or {}).get("cells", []):
                value = cell.get(measure)
                if value is None or is_suppressed(value):
                    continue
                family.add_metric([cell["by"], _text(cell["key"]), cell.get("label", ""),
                                   *(_text(cell.get(s)) for s in series)], float(value))  # fmt: skip
            yield family
        yield from self._targets()

    def _targets(self) -> Iterator[GaugeMetricFamily]:
        goal = GaugeMetricFamily("lotsen_followup_target_goal", "The municipality's goal", labels=["target"])
        value = GaugeMetricFamily("lotsen_followup_target_value", "The figure the goal is held against",
                                  labels=["target", "year"])  # fmt: skip
        met = GaugeMetricFamily("lotsen_followup_target_met", "1 met, 0 missed (no sample: not known yet)",
                                labels=["target", "year"])  # fmt: skip
        for target in self.doc.get("targets", []):
            goal.add_metric([target["id"]], target["goal"])
            rows = [("all", target["overall"])] if target["overall"] else []
            for year, row in [*rows, *((y["year"], y) for y in target["byYear"])]:
                if row["value"] is not None and not is_suppressed(row["value"]):
                    value.add_metric([target["id"], year], float(row["value"]))
                if row["met"] is not None:
                    met.add_metric([target["id"], year], 1.0 if row["met"] else 0.0)
        complete = GaugeMetricFamily("lotsen_followup_complete", "1 when every service's figures are included")
        complete.add_metric([], 1.0 if self.doc.get("complete") else 0.0)
        yield from (goal, value, met, complete)


OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8"
PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8"


def to_metrics(doc: dict[str, Any], *, openmetrics: bool) -> tuple[bytes, str]:
    """The gauges as OpenMetrics text (when asked for) or the Prometheus text format, with its media type."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Figures(doc))
    if openmetrics:
        return openmetrics_text(registry), OPENMETRICS
    return prometheus_text(registry), PROMETHEUS
