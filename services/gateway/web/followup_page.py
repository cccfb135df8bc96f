"""What the follow-up page shows, built from the figures document: tables, charts and words (no I/O).

Every number comes from the document as the API gives it; this module only picks, labels and formats.
A suppressed value is written "< 5" wherever it appears, in the chart's text as in the table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from services.gateway.web.charts import Bar, Row, bar_chart
from services.gateway.web.labels import N_
from shared.disclosure import MIN_PERSONS, is_suppressed

Translate = Callable[[str], str]
SUPPRESSED = f"< {MIN_PERSONS}"
LABELS = {
    "sex": {"female": N_("Women"), "male": N_("Men"), "other": N_("Other"), "unrecorded": N_("Not recorded")},
    "programme": {"establishment": N_("Establishment programme"), "other": N_("Not in the establishment programme")},
    "bucket": {"0-1": N_("Within 1 month"), "1-2": N_("1–2 months"), "2-3": N_("2–3 months"),
               "3-6": N_("3–6 months"), "6+": N_("More than 6 months"), "notStarted": N_("Not started yet")},
    "status": {"work": N_("Work"), "studies": N_("Studies (Komvux, other)"), "sfi": N_("SFI only"),
               "placement": N_("Placement"), "job_seeking": N_("Looking for work"),
               "parental_leave": N_("Parental leave"), "other": N_("Other"), "unknown": N_("Not known")},
    "employer": {"municipal": N_("Municipal units"), "private": N_("Private employers"), None: N_("All employers")},
    "base": {"sfiStart": N_("after the SFI start"), "arrival": N_("after arrival in the municipality")},
    "by": {"provider": N_("SFI provider"), "venue": N_("Venue"), "sex": N_("Sex"), "programme": N_("Programme")},
    "target": {"sfiStartWithinDeadline": N_("SFI start within the deadline"),
               "workOrStudies": N_("In work or studies"), "sfiPassed": N_("SFI courses passed (G)"),
               "placementsPerYear": N_("Placements started per year"),
               "validationLeadTime": N_("Median days from validation application to decision")},
    "none": {"provider": N_("No SFI start"), "venue": N_("No SFI start")},
}  # fmt: skip
BREAKDOWNS = ("provider", "venue", "sex", "programme")


class Formatter:
    """Numbers, periods and verdicts in the page's language."""

    def __init__(self, lang: str, translate: Translate) -> None:
        self.lang, self._ = lang, translate

    def num(self, value: Any, unit: str = "") -> str:
        """A value as written on the page ("< 5" when suppressed, "–" when there is none)."""
        if is_suppressed(value):
            return SUPPRESSED
        if value is None:
            return "–"
        text = format_decimal(value, "#,##0.#" if unit != "percent" else "0.0", locale=self.lang)
        return f"{text} %" if unit == "percent" else text

    def period(self, key: str) -> str:
        """``2025-03`` → "mars 2025", ``2025-Q1`` → "2025 kv. 1", ``2025`` as is."""
        if "-Q" in key:
            year, quarter = key.split("-Q")
            return self._("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
        if "-" in key:
            year, month = key.split("-")
            return format_date(date(int(year), int(month), 1), "LLL y", locale=self.lang)
        return key

    def label(self, kind: str, code: Any) -> str:
        """The words for a code of ``kind``."""
        return self._(LABELS[kind].get(code, str(code)))

    def key(self, cell: dict[str, Any]) -> str:
        """How a cell's key is named: a period, a provider or venue name, a sex, a programme."""
        by, key = cell["by"], cell["key"]
        if by in ("period", "year"):
            return self.period(key)
        if by in ("provider", "venue"):
            return cell.get("label") or self.label("none", by)
        return self.label(by, key)

    def verdict(self, met: bool | None) -> str:
        """Met, not met, or not known (suppressed, missing, or a year still running)."""
        return self._("Met") if met is True else self._("Not met") if met is False else self._("Not known yet")


def cells(figure: dict[str, Any] | None, by: str, **select: Any) -> list[dict[str, Any]]:
    """The figure's cells of one breakdown and series."""
    found = (figure or {}).get("cells", [])
    return [c for c in found if c["by"] == by and all(c.get(k) == v for k, v in select.items())]


def one(figure: dict[str, Any] | None, **select: Any) -> dict[str, Any]:
    """The total cell of one series (empty when the figure is missing)."""
    found = cells(figure, "total", **select)
    return found[0] if found else {}


def bar(f: Formatter, value: Any, unit: str = "", series: int = 0) -> Bar:
    """A bar for ``value``, none when it is suppressed or missing."""
    number = None if value is None or is_suppressed(value) else float(value)
    return Bar(number, f.num(value, unit), series)


def sfi_start(f: Formatter, doc: dict[str, Any], period_by: str) -> dict[str, Any]:
    """Started within the deadline per period, the waiting times, and the other breakdowns."""
    fig, _ = doc.get("sfiStart"), f._
    periods = cells(fig, period_by)
    total = one(fig)
    waiting = total.get("waitingTime", {})
    return {
        "figure": fig, "periods": periods, "total": total,
        "breakdowns": [(f.label("by", b), cells(fig, b)) for b in BREAKDOWNS],
        "chart": bar_chart("chart-sfi-start", _("Started SFI within the deadline, per period"),
                           _("Percent of those whose deadline has passed who started in time; the table beside gives "
                             "every number."), [Row(f.key(c), [bar(f, c.get("percentWithinDeadline"),
                                                                           "percent")]) for c in periods], top=100),
        "waiting": [(f.label("bucket", b), waiting.get(b)) for b in waiting],
        "waiting_chart": bar_chart("chart-waiting", _("Waiting time from the right to the SFI start"),
                                   _("Learners per waiting time over the whole window; numbers in the table beside."),
                                   [Row(f.label("bucket", b), [bar(f, v)]) for b, v in waiting.items()]),
    }  # fmt: skip


def results(f: Formatter, doc: dict[str, Any]) -> dict[str, Any]:
    """Passed (G) and days per course, and the pass rate per course and year."""
    fig, _ = doc.get("sfiResults"), f._
    courses = [c for c in cells(fig, "total") if c.get("course")]
    years = [c["key"] for c in cells(fig, "year", course=None)]
    return {
        "figure": fig, "courses": courses, "all": one(fig, course=None), "years": years,
        "by_year": [(c["course"], {y["key"]: y for y in cells(fig, "year", course=c["course"])}) for c in courses],
        "chart": bar_chart("chart-results", _("Passed (G) per course"),
                           _("Percent of the learners with a result in the course who passed it; every number is in "
                             "the table beside."), [Row(_("Course %(c)s") % {"c": c["course"]},
                                                        [bar(f, c["percentPassed"], "percent")]) for c in courses],
                           top=100),
    }  # fmt: skip


def work_or_studies(f: Formatter, doc: dict[str, Any], base: str) -> dict[str, Any]:
    """In work or studies 6, 12 and 24 months after the base date, with every status."""
    fig, _ = doc.get("workOrStudies"), f._
    horizons = cells(fig, "total", base=base)
    years = [c["key"] for c in cells(fig, "year", base=base, months=6)]
    return {
        "figure": fig, "base": base, "base_label": f.label("base", base), "horizons": horizons, "years": years,
        "statuses": list(LABELS["status"]),
        "by_year": [(h["months"], {c["key"]: c for c in cells(fig, "year", base=base, months=h["months"])})
                    for h in horizons],
        "chart": bar_chart(f"chart-work-{base}", _("In work or studies %(base)s") % {"base": f.label("base", base)},
                           _("Percent in work or studies 6, 12 and 24 months later, of those who have got that far; "
                             "the table beside gives every status."),
                           [Row(_("%(n)s months") % {"n": h["months"]},
                                [bar(f, h["percentWorkOrStudies"], "percent")]) for h in horizons], top=100),
    }  # fmt: skip


def placements(f: Formatter, doc: dict[str, Any]) -> dict[str, Any]:
    """Placements started per year, municipal and private."""
    fig, _ = doc.get("placements"), f._
    kinds = ("municipal", "private")
    years = [c["key"] for c in cells(fig, "year", employerKind=None)]
    table = [(y, {k: next((c for c in cells(fig, "year", employerKind=k) if c["key"] == y), {}) for k in
                  (*kinds, None)}) for y in years]  # fmt: skip
    return {
        "figure": fig, "available": bool(fig and fig.get("available")), "kinds": (*kinds, None), "table": table,
        "chart": bar_chart("chart-placements", _("Placements started per year"),
                           _("Agreements started per calendar year by employer kind; numbers in the table beside."),
                           [Row(y, [bar(f, row[k].get("started"), series=i) for i, k in enumerate(kinds)])
                            for y, row in table], series=[f.label("employer", k) for k in kinds]),
    }  # fmt: skip


def validation(f: Formatter, doc: dict[str, Any]) -> dict[str, Any]:
    """Days from application to decision and the outcome, per role."""
    fig, _ = doc.get("validation"), f._
    titles = {r["code"]: r["title"].get(f.lang, r["title"]["en"]) for r in (fig or {}).get("roles", [])}
    roles = [c for c in cells(fig, "total") if c.get("role")]
    years = [c["key"] for c in cells(fig, "year", role=None)]
    return {
        "figure": fig, "titles": titles, "roles": roles, "all": one(fig, role=None), "years": years,
        "by_year": [(r["role"], {c["key"]: c for c in cells(fig, "year", role=r["role"])}) for r in roles],
        "chart": bar_chart("chart-validation", _("Median days from application to decision, per role"),
                           _("Median days over the decisions made in the window; counts and outcomes in the table "
                             "beside."), [Row(titles.get(r["role"], r["role"]), [bar(f, r["medianDaysToDecision"])])
                                         for r in roles]),
    }  # fmt: skip


def context(doc: dict[str, Any], lang: str, translate: Translate) -> dict[str, Any]:
    """Everything the template needs from one figures document."""
    f = Formatter(lang, translate)
    period_by = "year" if doc["window"]["period"] == "year" else "period"
    return {
        "doc": doc, "f": f, "window": doc["window"], "targets": doc["targets"],
        "target_years": sorted({y["year"] for t in doc["targets"] for y in t["byYear"]}),
        "sfi_start": sfi_start(f, doc, period_by), "results": results(f, doc),
        "work": [work_or_studies(f, doc, b) for b in ("sfiStart", "arrival")],
        "placements": placements(f, doc), "validation": validation(f, doc),
    }  # fmt: skip
