"""Issue 23, secondary suppression: a hidden cell cannot be worked out as its total less the visible cells.

The groups "total = sum of parts" are written out here from the definitions in docs/follow-up.md, not taken from
the code: every breakdown of a series adds up to its total, the periods of a year to the year, all courses, all
roles and all employer kinds to each one, and inside a cell the parts named below. For every group of every
figure of the demo, in every period kind, the total less the visible parts must not give a single hidden value
away, nor a hidden sum below 5. The SFI start figure is also recomputed from the tables, so every value shown is
checked against the truth and every true value below 5 is checked to be hidden.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date

from prometheus_client.parser import text_string_to_metric_families

from tests.integration.followup.conftest import AUDITOR, page_cookies
from tests.integration.followup.pages import tables
from tests.integration.followup.test_page_equals_tables import add_months, first_starts
from tests.integration.followup.test_small_cells import SMALL, small_venue

HIDDEN = {"suppressed": True}
BUCKETS = ("0-1", "1-2", "2-3", "3-6", "6+", "notStarted")
STATUSES = ("work", "studies", "sfi", "placement", "job_seeking", "parental_leave", "other", "unknown")
# figure -> (the counts of a cell, the sums inside a cell, the fields of a series, whether the series of all is
# the sum of the others)
FIGURES = {
    "sfiStart": (
        ("persons", "decided", "withinDeadline", "stillWaiting", "started", *(f"waitingTime.{b}" for b in BUCKETS)),
        (("persons", ("decided", "stillWaiting")), ("persons", tuple(f"waitingTime.{b}" for b in BUCKETS)),
         ("persons", ("started", "waitingTime.notStarted")),
         ("started", tuple(f"waitingTime.{b}" for b in BUCKETS[:-1]))),
        (), False,
    ),
    "sfiResults": (("persons", "passed", "timed"), (), ("course",), True),
    "workOrStudies": (
        ("reached", "workOrStudies", *(f"statuses.{s}" for s in STATUSES)),
        (("reached", tuple(f"statuses.{s}" for s in STATUSES)),
         ("workOrStudies", ("statuses.work", "statuses.studies"))),
        ("base", "months"), False,
    ),
    "placements": (("started",), (), ("employerKind",), True),
    "validation": (
        ("decisions", "outcomes.full", "outcomes.partial", "outcomes.none"),
        (("decisions", ("outcomes.full", "outcomes.partial", "outcomes.none")),),
        ("role",), True,
    ),
}  # fmt: skip


def value(cell: dict, path: str):
    for part in path.split("."):
        cell = cell[part]
    return cell


def equations(cells: list[dict], figure: str) -> list[tuple[tuple, list[tuple]]]:
    """Every (total, parts) of one figure's cells, as (cell index, path)."""
    counts, sums, series_fields, summed = FIGURES[figure]
    out = [((i, t), [(i, p) for p in parts]) for i in range(len(cells)) for t, parts in sums]
    by_series: dict = defaultdict(lambda: defaultdict(list))
    for i, c in enumerate(cells):
        by_series[tuple(c.get(f) for f in series_fields)][c["by"]].append(i)
    for breakdowns in by_series.values():
        for total in breakdowns.get("total", []):
            for by, members in breakdowns.items():
                if by != "total":
                    out += [((total, m), [(i, m) for i in members]) for m in counts]
        for y in breakdowns.get("year", []):
            periods = [p for p in breakdowns.get("period", []) if cells[p]["key"][:4] == cells[y]["key"]]
            out += [((y, m), [(p, m) for p in periods]) for m in counts]
    if summed:
        whole = {(c["by"], c["key"]): i for i, c in enumerate(cells) if all(c.get(f) is None for f in series_fields)}
        parts_of: dict = defaultdict(list)
        for i, c in enumerate(cells):
            if not all(c.get(f) is None for f in series_fields):
                parts_of[(c["by"], c["key"])].append(i)
        out += [((whole[w], m), [(i, m) for i in members]) for w, members in parts_of.items() if w in whole
                for m in counts]  # fmt: skip
    return out


PERCENTS = {"sfiStart": {"percentWithinDeadline": ("withinDeadline", "decided")},
            "sfiResults": {"percentPassed": ("passed", "persons")},
            "workOrStudies": {"percentWorkOrStudies": ("workOrStudies", "reached")},
            "validation": {"percentFull": ("outcomes.full", "decisions")}}  # fmt: skip


def disclosures(doc: dict) -> list:
    """Hidden values (or sums of them below 5) that one group's published figures give away, and percentages
    shown beside a hidden numerator or denominator (either one and the percentage give the other)."""
    found = []
    for figure in FIGURES:
        cells = (doc.get(figure) or {}).get("cells", [])
        for cell in cells:
            for pct, (part, whole) in PERCENTS.get(figure, {}).items():
                if HIDDEN in (value(cell, part), value(cell, whole)) and cell[pct] != HIDDEN:
                    found.append((figure, cell["by"], cell["key"], pct))
        for total, parts in equations(cells, figure):
            if not parts:
                continue
            hidden = [n for n in (total, *parts) if value(cells[n[0]], n[1]) == HIDDEN]
            if len(hidden) == 1:
                found.append((figure, cells[hidden[0][0]]["by"], cells[hidden[0][0]]["key"], hidden[0][1]))
            elif hidden and total not in hidden:
                rest = value(cells[total[0]], total[1]) - sum(
                    value(cells[i], p) for i, p in parts if (i, p) not in hidden
                )
                if rest < 5:
                    found.append((figure, "sum", rest, [cells[i]["key"] for i, _ in hidden]))
    return found


async def test_a_venue_of_three_beside_its_total_is_hidden_with_its_complement_everywhere(stack):
    venue = await small_venue(stack.db, stack.today)
    doc = await (await stack.gateway.get("/api/follow-up/v1/targets", headers=AUDITOR)).json()
    cells = doc["sfiStart"]["cells"]
    total = next(c for c in cells if c["by"] == "total")["persons"]
    venues = {c["key"]: c for c in cells if c["by"] == "venue"}
    hidden = [k for k, c in venues.items() if c["persons"] == HIDDEN]
    assert venue in hidden and len(hidden) >= 2, "the small venue and at least one more"
    visible = sum(c["persons"] for c in venues.values() if c["persons"] != HIDDEN)
    assert isinstance(total, int) and total - visible >= 5, "the hidden venues together are not small"
    assert disclosures(doc) == []

    # The page: the same venues are "< 5".
    html = await (await stack.gateway.get("/follow-up", cookies=page_cookies())).text()
    rows = {r[0]: r for r in tables(html)["t-start-by"][1:] if len(r) > 1}
    names = {k: c.get("label") for k, c in venues.items()}
    assert rows[SMALL][1] == "< 5"
    assert [n for n, r in rows.items() if r[1] == "< 5" and n in set(names.values()) | {"No SFI start"}] != [SMALL]
    for k in hidden:
        assert rows[names[k] or "No SFI start"][1] == "< 5"

    # The CSV: every hidden venue's persons is "< 5".
    text = (await (await stack.gateway.get("/api/follow-up/v1/targets.csv", headers=AUDITOR)).read()).decode(
        "utf-8-sig"
    )
    persons = {r["key"]: r["value"] for r in csv.DictReader(io.StringIO(text))
               if r["figure"] == "sfiStart" and r["breakdown"] == "venue" and r["measure"] == "persons"}  # fmt: skip
    assert {k for k, v in persons.items() if v == "< 5"} == {k or "" for k in hidden}

    # The gauges: no sample for any hidden venue, and the samples do not add up to within 5 of the total.
    openmetrics = {**AUDITOR, "Accept": "application/openmetrics-text"}
    metrics = await (await stack.gateway.get("/api/follow-up/v1/metrics", headers=openmetrics)).text()
    samples = [s for f in text_string_to_metric_families(metrics) if f.name == "lotsen_followup_sfi_start_persons"
               for s in f.samples]  # fmt: skip
    by_venue = {s.labels["key"]: s.value for s in samples if s.labels["breakdown"] == "venue"}
    assert not {k or "" for k in hidden} & set(by_venue)
    gauge_total = next(s.value for s in samples if s.labels["breakdown"] == "total")
    assert gauge_total - sum(by_venue.values()) >= 5


async def test_no_hidden_value_of_the_demo_can_be_worked_out_by_subtraction(stack):
    await small_venue(stack.db, stack.today)
    for period in ("month", "quarter", "year"):
        doc = await (await stack.gateway.get(f"/api/follow-up/v1/targets?period={period}", headers=AUDITOR)).json()
        assert doc["complete"]
        assert disclosures(doc) == [], period
        shown = sum(1 for f in FIGURES for c in doc[f]["cells"] for m in FIGURES[f][0] if value(c, m) != HIDDEN)
        assert shown > 0


async def test_the_sfi_start_recomputed_from_the_tables_shows_only_truths_and_hides_every_small_one(stack):
    """Every count of every breakdown of the SFI start figure, worked out here, against the API."""
    await small_venue(stack.db, stack.today)
    as_of = stack.today
    start = date(as_of.year - 2, 1, 1)
    doc = await (await stack.gateway.get("/api/follow-up/v1/targets?period=quarter", headers=AUDITOR)).json()
    starts = await first_starts(stack.db, as_of)
    sexes = {
        r["learner_id"]: r["sex"] for r in await stack.db.fetch("SELECT learner_id, sex FROM sfi.followup_persons")
    }
    truth: dict = defaultdict(lambda: defaultdict(int))
    for learner in await stack.db.fetch(
        "SELECT id, right_arose_on, establishment_programme FROM sfi.learners WHERE right_arose_on BETWEEN $1 AND $2",
        start, as_of,
    ):  # fmt: skip
        arose = learner["right_arose_on"]
        deadline = add_months(arose, 1 if learner["establishment_programme"] else 3)
        began, venue, provider = starts.get(learner["id"], (None, None, None))
        status = "within" if began and began <= deadline else "late" if began or deadline < as_of else "waiting"
        if began is None:
            bucket = "notStarted"
        else:
            limits = (("0-1", 1), ("1-2", 2), ("2-3", 3), ("3-6", 6))
            bucket = next((b for b, m in limits if began <= add_months(arose, m)), "6+")
        keys = [("total", None), ("period", f"{arose.year}-Q{(arose.month - 1) // 3 + 1}"), ("year", str(arose.year)),
                ("provider", provider and str(provider)), ("venue", venue and str(venue)),
                ("sex", sexes.get(learner["id"]) or "unrecorded"),
                ("programme", "establishment" if learner["establishment_programme"] else "other")]  # fmt: skip
        for key in keys:
            t = truth[key]
            t["persons"] += 1
            t["decided"] += status != "waiting"
            t["withinDeadline"] += status == "within"
            t["stillWaiting"] += status == "waiting"
            t["started"] += began is not None
            t[f"waitingTime.{bucket}"] += 1
    counts = FIGURES["sfiStart"][0]
    hidden_secondarily = 0
    for cell in doc["sfiStart"]["cells"]:
        t = truth[(cell["by"], cell["key"])]
        for m in counts:
            published = value(cell, m)
            if t[m] < 5:
                assert published == HIDDEN, (cell["by"], cell["key"], m)
            elif published == HIDDEN:
                hidden_secondarily += 1
            else:
                assert published == t[m], (cell["by"], cell["key"], m)
    assert hidden_secondarily > 0, "the demo has a small cell whose complement is hidden"
    # And what the hidden values of each group add up to (the total less the visible ones) is never below 5.
    cells = doc["sfiStart"]["cells"]
    for total, parts in equations(cells, "sfiStart"):
        hidden = [(i, p) for i, p in parts if value(cells[i], p) == HIDDEN]
        if hidden and value(cells[total[0]], total[1]) != HIDDEN:
            assert len(hidden) >= 2
            assert sum(truth[(cells[i]["by"], cells[i]["key"])][p] for i, p in hidden) >= 5


async def test_no_personal_number_name_or_person_id_in_any_format(stack):
    await small_venue(stack.db, stack.today)
    people = await stack.db.fetch(
        "SELECT id::text AS id, subject, display_name, personal_number, email FROM sfi.learners"
    )
    applicants = await stack.db.fetch(
        "SELECT id::text AS id, reference, owner_sub, identity_number, details->>'name' AS name "
        "FROM validation.applications"
    )
    secrets = {v for r in [*people, *applicants] for v in r.values() if v and len(v) >= 6}
    assert secrets, "the demo has people"
    texts = [
        await (await stack.gateway.get("/api/follow-up/v1/targets?period=month", headers=AUDITOR)).text(),
        (await (await stack.gateway.get("/api/follow-up/v1/targets.csv", headers=AUDITOR)).read()).decode("utf-8-sig"),
        await (await stack.gateway.get("/api/follow-up/v1/metrics", headers=AUDITOR)).text(),
        await (await stack.gateway.get("/follow-up", cookies=page_cookies())).text(),
    ]
    for text in texts:
        assert not [s for s in secrets if s in text]
