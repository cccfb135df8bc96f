"""Targets against figures, the CSV and the gauges: suppressed values stay suppressed in every format."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics_families
from prometheus_client.parser import text_string_to_metric_families

from services.gateway.followup.config import TargetConfig
from services.gateway.followup.formats import to_csv, to_metrics
from services.gateway.followup.targets import evaluate, targets_of
from services.gateway.web.charts import Bar, Row, bar_chart
from shared.followup import Window
from shared.settings import SettingsError

HIDDEN = {"suppressed": True}
WINDOW = Window(date(2024, 1, 1), date(2026, 6, 30), "year", date(2026, 6, 30))


def cell(by, key, **values):
    return {"by": by, "key": key, **values}


def doc(**figures):
    base = {"window": WINDOW.query(), "minPersons": 5, "complete": True, "missing": []}
    return {**base, **figures}


def by_id(config: TargetConfig | None = None):
    return {t.id: t for t in targets_of(config or TargetConfig())}


def test_a_share_target_is_met_per_year_unknown_when_suppressed():
    figure = {
        "cells": [
            cell("total", None, percentWithinDeadline=96.0),
            cell("year", "2024", percentWithinDeadline=100.0),
            cell("year", "2025", percentWithinDeadline=HIDDEN),
            cell("year", "2026", percentWithinDeadline=80.0),
        ]
    }
    out = evaluate(by_id()["sfiStartWithinDeadline"], figure, WINDOW)
    assert out["overall"] == {"value": 96.0, "met": False}
    assert [(y["year"], y["wholeYear"], y["met"]) for y in out["byYear"]] == [
        ("2024", True, True),
        ("2025", True, None),
        ("2026", False, False),
    ]


def test_a_yearly_count_is_only_missed_by_a_whole_year():
    target = by_id()["placementsPerYear"]
    assert target.select == {"employerKind": "municipal"}
    figure = {
        "available": True,
        "cells": [
            cell("total", None, employerKind="municipal", started=180),
            cell("year", "2025", employerKind="municipal", started=99),
            cell("year", "2026", employerKind="municipal", started=60),
            cell("year", "2026", employerKind=None, started=140),
        ],
    }
    out = evaluate(target, figure, WINDOW)
    assert out["overall"] is None  # a window total is not a yearly figure
    assert [(y["year"], y["met"]) for y in out["byYear"]] == [("2025", False), ("2026", None)]
    figure["cells"][2]["started"] = 100
    assert evaluate(target, figure, WINDOW)["byYear"][1]["met"] is True  # reached before the year is over


def test_at_most_targets_and_missing_figures():
    target = by_id()["validationLeadTime"]
    figure = {
        "cells": [
            cell("total", None, role=None, medianDaysToDecision=90.0),
            cell("total", None, role="barnskotare", medianDaysToDecision=200.0),
        ]
    }
    assert evaluate(target, figure, WINDOW)["overall"] == {"value": 90.0, "met": True}
    assert evaluate(target, None, WINDOW)["available"] is False
    assert evaluate(by_id()["placementsPerYear"], {"available": False, "cells": []}, WINDOW)["available"] is False


def test_targets_are_set_per_municipality_and_a_bad_value_names_the_variable():
    config = TargetConfig.from_env(
        {
            "LOTSEN_FOLLOWUP_TARGET_SFI_START": "off",
            "LOTSEN_FOLLOWUP_TARGET_SFI_PASS": "80",
            "LOTSEN_FOLLOWUP_TARGET_WORK_OR_STUDIES_SINCE": "arrival",
            "LOTSEN_FOLLOWUP_TARGET_PLACEMENTS_EMPLOYER": "all",
        }
    )
    ids = by_id(config)
    assert "sfiStartWithinDeadline" not in ids and ids["sfiPassed"].goal == 80.0
    assert ids["workOrStudies"].select == {"base": "arrival", "months": 24}
    assert ids["placementsPerYear"].select == {"employerKind": None}
    for name, value in (
        ("LOTSEN_FOLLOWUP_TARGET_SFI_START", "101"),
        ("LOTSEN_FOLLOWUP_TARGET_VALIDATION_DAYS", "x"),
        ("LOTSEN_FOLLOWUP_TARGET_WORK_OR_STUDIES_MONTHS", "18"),
    ):
        with pytest.raises(SettingsError, match=name):
            TargetConfig.from_env({name: value})


FIGURES = doc(
    sfiStart={
        "cells": [
            cell("total", None, persons=40, percentWithinDeadline=HIDDEN, waitingTime={"0-1": 30, "6+": HIDDEN}),
            cell(
                "venue",
                "v-1",
                label="Lilla skolan, Hamnen",
                persons=HIDDEN,
                percentWithinDeadline=HIDDEN,
                waitingTime={"0-1": HIDDEN},
            ),
        ]
    },
    validation={"cells": [cell("year", "2025", role="underskoterska", decisions=12, medianDaysToDecision=64.5)]},
    targets=[
        {
            "id": "validationLeadTime",
            "goal": 90.0,
            "overall": {"value": HIDDEN, "met": None},
            "byYear": [{"year": "2025", "wholeYear": True, "value": 64.5, "met": True}],
        }
    ],
)


def test_the_csv_is_one_row_per_value_with_suppressed_values_written_as_below_five():
    raw = to_csv(FIGURES)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    get = {(r["figure"], r["breakdown"], r["key"], r["measure"]): r for r in rows}
    assert get[("sfiStart", "total", "", "persons")]["value"] == "40"
    assert get[("sfiStart", "total", "", "percentWithinDeadline")]["value"] == "< 5"
    assert get[("sfiStart", "total", "", "waitingTime.6+")]["value"] == "< 5"
    venue = get[("sfiStart", "venue", "v-1", "persons")]
    assert venue["value"] == "< 5" and venue["label"] == "Lilla skolan, Hamnen"  # a comma is quoted, not a column
    assert get[("validation", "year", "2025", "medianDaysToDecision")]["series"] == "role=underskoterska"
    assert get[("target:validationLeadTime", "total", "", "value")]["value"] == "< 5"
    assert get[("target:validationLeadTime", "year", "2025", "met")]["value"] == "true"


@pytest.mark.parametrize("openmetrics", [True, False])
def test_the_gauges_leave_suppressed_values_out_and_parse_in_both_formats(openmetrics):
    body, media = to_metrics(FIGURES, openmetrics=openmetrics)
    parse = openmetrics_families if openmetrics else text_string_to_metric_families
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value for f in parse(body.decode()) for s in f.samples}
    assert ("lotsen_followup_sfi_start_persons", (("breakdown", "total"), ("key", ""), ("label", ""))) in samples
    assert not [k for k in samples if dict(k[1]).get("key") == "v-1"]
    assert not [k for k in samples if k[0] == "lotsen_followup_sfi_start_within_deadline_percent"]
    assert samples[("lotsen_followup_target_met", (("target", "validationLeadTime"), ("year", "2025")))] == 1.0
    assert not [k for k in samples if k[0] == "lotsen_followup_target_value" and dict(k[1])["year"] == "all"]
    assert media.startswith("application/openmetrics-text" if openmetrics else "text/plain")


def test_a_chart_draws_no_bar_for_a_suppressed_value_but_writes_its_text():
    chart = bar_chart(
        "c",
        "t",
        "d",
        [Row("a", [Bar(50.0, "50 %")]), Row("b", [Bar(None, "< 5")]), Row("c", [Bar(100.0, "100 %")])],
        top=100,
    )
    widths = [r["bars"][0]["w"] for r in chart.rows]
    assert widths[1] == 0 and widths[0] * 2 == pytest.approx(widths[2]) and chart.rows[1]["bars"][0]["text"] == "< 5"
    assert chart.height > 3 * chart.bar
