"""Must show 2: a cell about fewer than 5 persons is "< 5" on the page, in the CSV and in the gauges, and
``{"suppressed": true}`` with no number in the API; no count below 5 appears anywhere."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from prometheus_client.parser import text_string_to_metric_families

from tests.integration.followup.conftest import AUDITOR, page_cookies
from tests.integration.followup.pages import tables

SMALL = "Lilla skolan"
NOT_COUNTS = {"months", "horizonsMonths", "deadlineMonths", "establishmentDeadlineMonths", "minPersons"}


async def small_venue(db, today, people: int = 3) -> str:
    """A venue where only ``people`` learners started, all within the window."""
    provider = await db.fetchval("SELECT id FROM sfi.providers ORDER BY name LIMIT 1")
    venue, group = uuid.uuid4(), uuid.uuid4()
    await db.execute("INSERT INTO sfi.venues (id, provider_id, name, kind) VALUES ($1, $2, $3, 'school')",
                     venue, provider, SMALL)  # fmt: skip
    await db.execute(
        "INSERT INTO sfi.groups (id, provider_id, name, course_code, path, variant, venue_id, capacity, start_date, "
        "end_date, deleted_at) VALUES ($1, $2, 'Liten grupp', 'B', 1, 'standard', $3, 10, $4, $5, now())",
        group, provider, venue, today - timedelta(days=300), today,
    )  # fmt: skip
    for i in range(people):
        learner = uuid.uuid4()
        arose = today - timedelta(days=200 + i)
        await db.execute("INSERT INTO sfi.learners (id, subject, path, right_arose_on) VALUES ($1, $2, 2, $3)",
                         learner, f"small-{i}", arose)  # fmt: skip
        began = datetime.combine(arose + timedelta(days=20), time(9), ZoneInfo("Europe/Stockholm"))
        await db.execute(
            "INSERT INTO sfi.enrolments (id, learner_id, group_id, course_code, status, queue_seq, queued_at, "
            "requested_by, enrolled_at) VALUES ($1, $2, $3, 'B', 'enrolled', 0, $4, 'test', $4)",
            uuid.uuid4(), learner, group, began,
        )  # fmt: skip
    return str(venue)


def counts_below_threshold(value, path=()) -> list:
    """Every number in the document that counts persons and is below 5 (there must be none)."""
    if isinstance(value, dict):
        return [hit for k, v in value.items() if k not in NOT_COUNTS for hit in counts_below_threshold(v, (*path, k))]
    if isinstance(value, list):
        return [hit for i, v in enumerate(value) for hit in counts_below_threshold(v, (*path, i))]
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 5:
        return [path]
    return []


async def test_a_venue_with_three_learners_is_suppressed_everywhere(stack):
    venue = await small_venue(stack.db, stack.today)
    doc = await (await stack.gateway.get("/api/follow-up/v1/targets", headers=AUDITOR)).json()
    cell = next(c for c in doc["sfiStart"]["cells"] if c["by"] == "venue" and c["key"] == venue)
    assert cell["label"] == SMALL
    assert cell["persons"] == {"suppressed": True} and cell["percentWithinDeadline"] == {"suppressed": True}
    assert all(v == {"suppressed": True} for v in cell["waitingTime"].values())
    assert "3" not in {str(v) for v in cell.values()}

    html = await (await stack.gateway.get("/follow-up", cookies=page_cookies())).text()
    shown = next(r for r in tables(html)["t-start-by"] if r[0] == SMALL)
    assert shown[1:] == ["< 5"] * 4

    text = (await (await stack.gateway.get("/api/follow-up/v1/targets.csv", headers=AUDITOR)).read()).decode(
        "utf-8-sig"
    )
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["key"] == venue]
    assert rows and {r["value"] for r in rows} == {"< 5"} and {r["label"] for r in rows} == {SMALL}

    metrics = await (await stack.gateway.get("/api/follow-up/v1/metrics", headers=AUDITOR)).text()
    samples = [s for f in text_string_to_metric_families(metrics) for s in f.samples]
    assert samples and not [s for s in samples if s.labels.get("key") == venue]


async def test_no_count_below_five_leaves_the_gateway_in_any_format(stack):
    await small_venue(stack.db, stack.today, people=1)
    for period in ("month", "quarter", "year"):
        doc = await (await stack.gateway.get(f"/api/follow-up/v1/targets?period={period}", headers=AUDITOR)).json()
        assert doc["complete"] and counts_below_threshold(doc) == []
        text = (await (await stack.gateway.get(f"/api/follow-up/v1/targets.csv?period={period}",
                                               headers=AUDITOR)).read()).decode("utf-8-sig")  # fmt: skip
        for r in csv.DictReader(io.StringIO(text)):
            if r["value"].isdigit() and not r["measure"].startswith(("median", "percent")) and r["measure"] != "goal":
                assert int(r["value"]) >= 5, r
        page = tables(await (await stack.gateway.get(f"/follow-up?period={period}", cookies=page_cookies())).text())
        for table_id in ("t-start", "t-waiting", "t-start-by", "t-results", "t-work-sfiStart", "t-validation"):
            headings = page[table_id][0]
            for r in page[table_id][1:]:
                for heading, value in zip(headings, r, strict=False):
                    if heading in ("Persons", "Decisions", "Within the deadline", "Passed (G)") and value.isdigit():
                        assert int(value) >= 5, (table_id, r)
