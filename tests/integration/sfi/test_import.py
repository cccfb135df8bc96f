"""CSV import: per-row report, nothing imported from a file with errors unless forced."""

from __future__ import annotations

from pathlib import Path

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.imports.cli import import_file
from tests.integration.sfi.conftest import ADMIN, TERM_CLOCK

HEADER = "name,course,path,variant,venue,room,teachers,capacity,startDate,endDate,slots,supportLanguages\n"
DATES = "2026-08-17,2026-12-18"
GOOD = f'Import B,B,2,standard,Centrumskolan,Sal 1,Anna Lärare,18,{DATES},"mån 09:00-12:00; ons 09:00-12:00",ar;so\n'
CLASH = f'Krock,B,2,standard,Centrumskolan,Sal 2,Anna Lärare,8,{DATES},"wed 10:00-11:00",\n'
EVENING = 'Import kväll,C,3,evening,Stadsbiblioteket,,Bertil Lärare,16,2026-08-17,2026-12-18,"tue 18:00-21:00 odd",\n'
TOO_EARLY = 'Tidig kväll,C,3,evening,Stadsbiblioteket,,Bertil Lärare,16,2026-08-17,2026-12-18,"thu 16:00-19:00",\n'
NO_VENUE = 'Okänd,B,2,standard,Ingenstans,,,18,2026-08-17,2026-12-18,"fri 09:00-12:00",\n'


async def _post(api, text: str, force: bool = False):
    return await api.client.post(f"/v1/admin/imports/schedule?force={str(force).lower()}", data=text.encode(),
                                 headers={**ADMIN, "Content-Type": "text/csv"})  # fmt: skip


async def test_a_clean_file_is_imported(api, base):
    resp = await _post(api, HEADER + GOOD + EVENING)
    report = await resp.json()
    assert resp.status == 200 and report["imported"] == 2 and report["committed"]
    _, drafts = await api.call("GET", "/v1/admin/groups", status=200)
    assert {g["name"] for g in drafts["data"]} == {"Import B", "Import kväll"}


async def test_a_file_with_errors_imports_nothing_and_reports_each_row(api, base):
    resp = await _post(api, HEADER + GOOD + TOO_EARLY + NO_VENUE)
    body = await resp.json()
    assert resp.status == 422
    rows = body["report"]["rows"]
    assert [r["status"] for r in rows] == ["not_imported", "refused", "refused"]
    assert rows[1]["errors"][0]["field"] == "slots/0/start" and rows[2]["errors"][0]["field"] == "venue"
    assert {"pointer": "/rows/3/slots/0/start", "message": rows[1]["errors"][0]["message"]} in body["errors"]
    _, drafts = await api.call("GET", "/v1/admin/groups", status=200)
    assert drafts["data"] == []


async def test_force_keeps_the_good_rows(api, base):
    resp = await _post(api, HEADER + GOOD + TOO_EARLY, force=True)
    report = await resp.json()
    assert resp.status == 200 and report["imported"] == 1 and report["refused"] == 1


async def test_import_file_for_the_cli_reports_progress_and_refuses_double_booking(api, base, db_url, tmp_path):
    path = Path(tmp_path / "schema.csv")
    path.write_text(HEADER + GOOD + CLASH, encoding="utf-8")
    seen: list[tuple[int, int]] = []
    report = await import_file(db_url, path, force=False, progress=lambda done, total: seen.append((done, total)),
                               config=SfiConfig(), clock=TERM_CLOCK)  # fmt: skip
    assert seen == [(1, 2), (2, 2)] and not report.committed
    assert "Import B" in report.rows[1].errors[0]["message"]
