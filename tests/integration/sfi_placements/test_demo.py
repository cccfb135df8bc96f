"""The placement demo on top of the SFI demo: workplaces, offers, agreements that collide with no SFI group."""

from __future__ import annotations

from services.sfi_schedule.demo import seed_demo
from services.sfi_schedule.placements.agreements import refuse_clashes
from shared.db import create_pool
from shared.demo import DEMO_PEOPLE
from tests.helpers import identity_header
from tests.integration.sfi_enrolment.conftest import resident
from tests.integration.sfi_placements.conftest import caseworker


async def test_the_demo_has_workplaces_offers_and_a_figure_and_is_seeded_once(api, db_url):
    pool = await create_pool(db_url, schema="sfi", app_name="test-demo", min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            await seed_demo(conn)
            await seed_demo(conn)  # idempotent
            busy = await conn.fetch("SELECT learner_id, id, busy_windows FROM sfi.placement_agreements "
                                    "WHERE state IN ('agreed', 'ongoing')")  # fmt: skip
            for row in busy:  # the demo keeps the rule it shows: no placement collides with the learner's SFI
                async with conn.transaction():
                    await refuse_clashes(conn, learner_id=row["learner_id"], agreement_id=row["id"],
                                         windows=row["busy_windows"])  # fmt: skip
    finally:
        await pool.close()
    _, offers = await api.call("GET", "/v1/placements", status=200)
    assert {o["workplace"]["employerKind"] for o in offers["data"]} == {"municipal", "private"}
    assert len(offers["data"]) == 5 and busy
    _, this_year = await api.call("GET", "/v1/placements/figures", headers=caseworker(), status=200)
    _, last_year = await api.call("GET", f"/v1/placements/figures?year={this_year['year'] - 1}", status=200)
    started = {r["employerKind"]: r["started"] for r in this_year["rows"]}
    for r in last_year["rows"]:  # the demo's placements started 30-60 days ago: early in January, last year
        started[r["employerKind"]] += r["started"]
    assert started == {"municipal": 3, "private": 2}
    contact = identity_header(DEMO_PEOPLE["workplace_contact"][0], roles=("workplace_contact",))
    _, theirs = await api.call("GET", "/v1/placement-agreements", headers=contact, status=200)
    assert {a["workplace"]["name"] for a in theirs["data"]} == {"Äldreboendet Lindgården", "Förskolan Ekorren"}
    _, amal = await api.call("POST", "/v1/placements/matches", json={}, headers=resident("demo-resident-amal"),
                             status=200)  # fmt: skip
    assert amal["language"] == "ar" and amal["data"] + amal["nearMisses"]
