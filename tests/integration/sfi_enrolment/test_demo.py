"""The enrolment demo on top of the published demo schedule: Amal enrolled, a full group with a queue, at-risk."""

from __future__ import annotations

from services.sfi_schedule.demo import seed_demo
from services.sfi_schedule.enrolment.demo import seed_enrolment_demo
from shared.db import create_pool
from tests.integration.sfi_enrolment.conftest import resident


async def test_demo_learners_and_enrolments_are_seeded_once(api, db_url):
    pool = await create_pool(db_url, schema="sfi", app_name="test-demo", min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await seed_demo(conn)
            await seed_enrolment_demo(conn)
            await seed_enrolment_demo(conn)  # idempotent
    finally:
        await pool.close()
    _, mine = await api.call("GET", "/v1/me/enrolments", headers=resident("demo-resident-amal"), status=200)
    assert [(e["course"], e["status"]) for e in mine["data"]] == [("C", "enrolled")]
    _, matches = await api.call("POST", "/v1/matches", json={}, headers=resident("demo-resident-amal"), status=200)
    assert matches["language"] == "ar" and matches["data"]
    _, at_risk = await api.call("GET", "/v1/admin/at-risk", status=200)
    assert at_risk["data"] and all(r["daysLeft"] <= 14 for r in at_risk["data"])
    _, demand = await api.call("GET", "/v1/admin/supply-demand", status=200)
    assert max(r["waiting"] for r in demand["data"]) == 4
