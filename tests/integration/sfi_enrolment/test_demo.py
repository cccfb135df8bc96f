"""The enrolment demo on top of the published demo schedule: Amal enrolled, a full group with a queue, at-risk."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from datetime import time as clock_time

import pytest

from services.sfi_schedule import demo
from services.sfi_schedule.app import create_app
from services.sfi_schedule.demo import seed_demo
from services.sfi_schedule.enrolment.demo import seed_enrolment_demo
from shared.clock import CLOCK, STOCKHOLM, Clock
from shared.db import create_pool
from tests.integration.sfi_enrolment.conftest import Api, app_settings, resident

# The demo schedule is the school year 2026/27 (demo.START to demo.END): the service's clock says a day in its
# autumn term, ticking on from there, so the demo's groups are running whatever the machine's date (issue 15).
DEMO_NOW = datetime.combine(demo.START + timedelta(days=108), clock_time(12), STOCKHOLM)


@pytest.fixture
def clock() -> Clock:
    began = time.monotonic()
    return Clock(lambda: DEMO_NOW + timedelta(seconds=time.monotonic() - began))


@pytest.fixture
async def api(make_client, settings_env, db_url, clock) -> Api:
    app = create_app(app_settings(settings_env, db_url))
    app[CLOCK] = clock
    return Api(await make_client(app))


async def test_demo_learners_and_enrolments_are_seeded_once(api, db_url, clock):
    pool = await create_pool(db_url, schema="sfi", app_name="test-demo", min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await seed_demo(conn, clock=clock)
            await seed_enrolment_demo(conn, today=clock.today())
            await seed_enrolment_demo(conn, today=clock.today())  # idempotent
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
