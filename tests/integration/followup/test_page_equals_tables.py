"""Must show 1: the figures on the page (and in the API) equal figures computed here, independently, from the tables.

Nothing below calls the follow-up code: the raw rows are read with plain SQL and the figures are worked out in
Python from the definitions in docs/follow-up.md (first start, deadline by calendar months, the latest record of
the three months before a horizon, and so on).
"""

from __future__ import annotations

import calendar
import statistics
from collections import defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tests.integration.followup.conftest import AUDITOR, page_cookies
from tests.integration.followup.pages import row, svg_texts, tables

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def add_months(day: date, months: int) -> date:
    """PostgreSQL's date + interval 'n months': the same day, or the month's last day when it has fewer."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_day(moment: datetime) -> date:
    return moment.astimezone(STOCKHOLM).date()


HIDDEN = "< 5"


def agrees(got: str, expected: str) -> bool:
    """The page shows the figure computed here, or hides it: a value of 5 or more is hidden too where it would give
    a smaller one away by subtraction (secondary suppression, test_secondary_suppression.py checks which)."""
    return got in (expected, HIDDEN)


def api_agrees(got, expected) -> bool:
    """The API's value is the one computed here, or the marker (see :func:`agrees`)."""
    return got in (expected, {"suppressed": True})


def shown(count: int) -> str:
    return "< 5" if count < 5 else f"{count:,}"


def shown_pct(part: int, whole: int) -> str:
    return "< 5" if part < 5 or whole < 5 else f"{round(100 * part / whole, 1):.1f} %"


def shown_stat(value: float | None, persons: int) -> str:
    if persons < 5:
        return "< 5"
    text = f"{round(value, 1):,.1f}"
    return text.removesuffix(".0")


async def first_starts(db, as_of: date) -> dict:
    """learner -> (Swedish day of the first enrolment that took a seat, its venue and provider)."""
    rows = await db.fetch(
        "SELECT e.learner_id, e.enrolled_at, e.id, g.venue_id, g.provider_id FROM sfi.enrolments e "
        "JOIN sfi.groups g ON g.id = e.group_id WHERE e.enrolled_at IS NOT NULL"
    )
    out: dict = {}
    for r in sorted(rows, key=lambda r: (r["enrolled_at"], r["id"])):
        day = local_day(r["enrolled_at"])
        if day <= as_of and r["learner_id"] not in out:
            out[r["learner_id"]] = (day, r["venue_id"], r["provider_id"])
    return out


async def test_sfi_start_on_the_page_equals_the_tables(stack):
    as_of = stack.today
    start = date(as_of.year - 2, 1, 1)
    html = await (await stack.gateway.get("/follow-up?period=year", cookies=page_cookies())).text()
    page = tables(html)
    starts = await first_starts(stack.db, as_of)
    learners = await stack.db.fetch(
        "SELECT id, right_arose_on, establishment_programme FROM sfi.learners WHERE right_arose_on BETWEEN $1 AND $2",
        start, as_of,
    )  # fmt: skip
    per_year: dict[str, list] = defaultdict(list)
    for learner in learners:
        arose = learner["right_arose_on"]
        deadline = add_months(arose, 1 if learner["establishment_programme"] else 3)
        began = starts.get(learner["id"], (None,))[0]
        status = "within" if began and began <= deadline else "late" if began or deadline < as_of else "waiting"
        wait = max((began - arose).days, 0) if began else None
        for key in (str(arose.year), "All"):
            per_year[key].append((status, wait))
    assert per_year, "the demo has learners in the window"
    for key, people in per_year.items():
        within = sum(s == "within" for s, _ in people)
        decided = sum(s != "waiting" for s, _ in people)
        waits = [w for _, w in people if w is not None]
        got = row(page["t-start"], key)
        assert agrees(got["Persons"], shown(len(people))), key
        assert agrees(got["Started or deadline passed"], shown(decided)), key
        assert agrees(got["Within the deadline"], shown(within)), key
        assert agrees(got["Share"], shown_pct(within, decided)), key
        assert agrees(got["Still waiting"], shown(sum(s == "waiting" for s, _ in people))), key
        assert got["Median days to start"] == shown_stat(statistics.median(waits) if waits else None, len(waits)), key
    assert HIDDEN not in row(page["t-start"], "All").values(), "the whole window's figures are all shown"
    # The chart says the same as the table beside it, and the target row takes the whole window's share.
    chart = svg_texts(html, "chart-sfi-start")
    for key in per_year:
        if key != "All":
            assert chart[chart.index(key) + 1] == row(page["t-start"], key)["Share"]
    target = next(r for r in page["t-targets"][1:] if r[0].startswith("SFI start"))
    assert target[-1].startswith(row(page["t-start"], "All")["Share"])


async def test_sfi_start_by_venue_on_the_page_equals_the_tables(stack):
    as_of = stack.today
    start = date(as_of.year - 2, 1, 1)
    page = tables(await (await stack.gateway.get("/follow-up", cookies=page_cookies())).text())
    starts = await first_starts(stack.db, as_of)
    names = {r["id"]: r["name"] for r in await stack.db.fetch("SELECT id, name FROM sfi.venues")}
    counts: dict[str, int] = defaultdict(int)
    for r in await stack.db.fetch("SELECT id FROM sfi.learners WHERE right_arose_on BETWEEN $1 AND $2", start, as_of):
        venue = starts.get(r["id"], (None, None))[1]
        counts[names[venue] if venue else "No SFI start"] += 1
    venue_rows = {r[0]: r[1] for r in page["t-start-by"][1:] if len(r) > 1}
    for name, count in counts.items():
        assert agrees(venue_rows[name], shown(count)), name


async def test_results_work_and_validation_in_the_api_equal_the_tables(stack):
    as_of = stack.today
    start = date(as_of.year - 2, 1, 1)
    doc = await (await stack.gateway.get("/api/follow-up/v1/targets", headers=AUDITOR)).json()
    # SFI results: per course, learners with a result in the window and those with at least one G.
    passed: dict[str, set] = defaultdict(set)
    persons: dict[str, set] = defaultdict(set)
    for r in await stack.db.fetch("SELECT learner_id, course_code, grade FROM sfi.course_results "
                                  "WHERE decided_on BETWEEN $1 AND $2", start, as_of):  # fmt: skip
        persons[r["course_code"]].add(r["learner_id"])
        if r["grade"] == "G":
            passed[r["course_code"]].add(r["learner_id"])
    for cell in (c for c in doc["sfiResults"]["cells"] if c["by"] == "total" and c["course"]):
        n, p = len(persons[cell["course"]]), len(passed[cell["course"]])
        assert api_agrees(cell["persons"], n if n >= 5 else {"suppressed": True})
        assert api_agrees(cell["percentPassed"], round(100 * p / n, 1) if p >= 5 and n >= 5 else {"suppressed": True})
    # In work or studies after the first SFI start: the latest unretracted record of the 3 months before the day.
    starts = await first_starts(stack.db, as_of)
    records: dict = defaultdict(list)
    for r in await stack.db.fetch("SELECT learner_id, observed_on, recorded_at, id, kind, study_kind "
                                  "FROM sfi.outcome_records WHERE retracted_at IS NULL"):  # fmt: skip
        records[r["learner_id"]].append(r)
    for months in (6, 12, 24):
        reached = working = 0
        for learner, (began, _, _) in starts.items():
            at = add_months(began, months)
            if not start <= began <= as_of or at > as_of:
                continue
            reached += 1
            seen = [r for r in records[learner] if add_months(at, -3) < r["observed_on"] <= at]
            latest = max(seen, key=lambda r: (r["observed_on"], r["recorded_at"], r["id"]), default=None)
            working += bool(latest and (latest["kind"] == "work" or
                                        (latest["kind"] == "studies" and latest["study_kind"] != "sfi")))  # fmt: skip
        cell = next(c for c in doc["workOrStudies"]["cells"]
                    if c["by"] == "total" and c["base"] == "sfiStart" and c["months"] == months)  # fmt: skip
        assert api_agrees(cell["reached"], reached if reached >= 5 else {"suppressed": True}), months
        expected = round(100 * working / reached, 1) if working >= 5 and reached >= 5 else {"suppressed": True}
        assert api_agrees(cell["percentWorkOrStudies"], expected), months
    # Validation: decisions of the window per role, days from submission to decision in Swedish days.
    days: dict[str, list[int]] = defaultdict(list)
    for r in await stack.db.fetch("SELECT a.role_code, a.submitted_at, d.decided_at FROM validation.decisions d "
                                  "JOIN validation.applications a ON a.id = d.application_id"):  # fmt: skip
        if start <= local_day(r["decided_at"]) <= as_of:
            days[r["role_code"]].append((local_day(r["decided_at"]) - local_day(r["submitted_at"])).days)
    for cell in (c for c in doc["validation"]["cells"] if c["by"] == "total" and c["role"] in days):
        lead = days[cell["role"]]
        assert api_agrees(cell["decisions"], len(lead) if len(lead) >= 5 else {"suppressed": True})
        assert cell["medianDaysToDecision"] == (round(statistics.median(lead), 1) if len(lead) >= 5
                                                else {"suppressed": True})  # fmt: skip
