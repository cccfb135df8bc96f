"""Demo data: realistic cases in several states, seeded once."""

from __future__ import annotations

import asyncpg

from services.validation.demo import DEMO_RESIDENT, DEMO_TRACKING_CODE, seed_demo
from tests.helpers import anonymous_header, identity_header
from tests.integration.validation.support import CASEWORKER


async def test_seed_demo_is_idempotent_and_cases_are_readable(client, db_url):
    conn = await asyncpg.connect(db_url)
    try:
        await seed_demo(conn)
        await seed_demo(conn)
        states = await conn.fetch("SELECT state FROM validation.applications ORDER BY reference")
    finally:
        await conn.close()
    assert [r["state"] for r in states] == ["submitted", "mapping", "supplement_requested", "decided"]
    mine = identity_header(DEMO_RESIDENT, roles=("resident",))
    decided = await client.get("/v1/applications/00000000-0000-4000-8000-00000000d004/overview", headers=mine)
    assert (await decided.json())["decision"]["outcome"]["code"] == "partial"
    anon = {**anonymous_header(), "X-Tracking-Code": DEMO_TRACKING_CODE}
    assert (await client.get("/v1/applications/00000000-0000-4000-8000-00000000d001", headers=anon)).status == 200
    queue = await (await client.get("/v1/cases", headers=CASEWORKER)).json()
    assert len(queue["data"]) == 4
