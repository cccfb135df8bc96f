"""Jobs: reminders through the outbox, waiting flags, and a retention purge that runs exactly once."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from services.validation.config import ValidationConfig
from services.validation.jobs.service import flag_waiting_cases, purge_expired, send_supplement_reminders
from shared.db import create_pool
from tests.integration.validation.support import CASEWORKER, RESIDENT_A, move_ok, submit, upload

CONFIG = ValidationConfig(supplement_reminder_days=14, waiting_flag_days=60, retention_months=12)


async def _pool(db_url: str) -> asyncpg.Pool:
    return await create_pool(db_url, schema="validation", app_name="test-job", min_size=1, max_size=2)


async def _backdate(db_url: str, sql: str, *args) -> None:
    conn = await asyncpg.connect(db_url)
    try:
        await conn.execute(sql, *args)
    finally:
        await conn.close()


async def test_supplement_reminder_is_queued_once(client, db_url):
    case = await move_ok(client, await submit(client, RESIDENT_A), "mapping")
    await move_ok(client, case, "supplement_requested", reason="Course descriptions")
    await _backdate(db_url, "UPDATE validation.applications SET state_changed_at = now() - interval '15 days'")
    pools = [await _pool(db_url), await _pool(db_url)]
    try:
        results = await asyncio.gather(*(send_supplement_reminders(p, config=CONFIG) for p in pools))
        again = await send_supplement_reminders(pools[0], config=CONFIG)
        outbox = await pools[0].fetch("SELECT topic, payload FROM outbox WHERE topic LIKE '%reminder'")
    finally:
        for p in pools:
            await p.close()
    assert sorted(len(r) for r in results) == [0, 1] and again == []
    assert outbox[0]["topic"] == "applicant.supplement_reminder"
    assert "Amina" not in str(outbox[0]["payload"])


async def test_cases_waiting_too_long_are_flagged_once(client, db_url):
    case = await submit(client, RESIDENT_A)
    await submit(client, RESIDENT_A)
    await _backdate(
        db_url,
        "UPDATE validation.applications SET submitted_at = now() - interval '61 days' WHERE id = $1",
        uuid.UUID(case["id"]),
    )
    pool = await _pool(db_url)
    try:
        assert await flag_waiting_cases(pool, config=CONFIG) == [uuid.UUID(case["id"])]
        assert await flag_waiting_cases(pool, config=CONFIG) == []
    finally:
        await pool.close()
    listed = await (await client.get("/v1/cases?waitingLongerThanDays=60", headers=CASEWORKER)).json()
    assert [(c["id"], c["flaggedWaiting"]) for c in listed["data"]] == [(case["id"], True)]


async def test_purge_from_two_instances_purges_each_case_exactly_once(client, db_url):
    cases = []
    for _ in range(6):
        case = await submit(client, RESIDENT_A)
        assert (await upload(client, case, RESIDENT_A)).status == 201
        cases.append(await move_ok(client, {**case, "version": case["version"] + 1}, "withdrawn", headers=RESIDENT_A))
    kept = await submit(client, RESIDENT_A)
    await _backdate(
        db_url,
        "UPDATE validation.applications SET state_changed_at = now() - interval '13 months' WHERE state = 'withdrawn'",
    )
    pools = [await _pool(db_url), await _pool(db_url)]
    try:
        results = await asyncio.gather(
            *(purge_expired(p, config=CONFIG) for p in pools), purge_expired(pools[0], config=CONFIG)
        )
        conn = pools[0]
        audits = await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'application.purged'")
        docs = await conn.fetchval("SELECT count(*) FROM documents")
        leftovers = await conn.fetchval("SELECT count(*) FROM applications WHERE details::text LIKE '%Amina%'")
    finally:
        for p in pools:
            await p.close()
    purged = [i for r in results for i in r]
    assert sorted(map(str, purged)) == sorted(c["id"] for c in cases)
    assert audits == 6 and docs == 0 and leftovers == 1
    stats = await (await client.get("/v1/statistics", headers=CASEWORKER)).json()
    assert stats["total"] == 7 and stats["purged"] == 6 and stats["byState"]["withdrawn"] == 6
    assert (await client.get(f"/v1/applications/{cases[0]['id']}", headers=RESIDENT_A)).status == 404
    assert (await client.get(f"/v1/applications/{kept['id']}", headers=RESIDENT_A)).status == 200
