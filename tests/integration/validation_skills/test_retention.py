"""Skills mappings past retention are deleted once, with their links; the applications made from them stay."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg

from services.validation.clock import Clock
from services.validation.config import ValidationConfig
from services.validation.skills.retention import purge_stale_mappings
from shared.db import create_pool
from tests.integration.validation_skills.support import CASEWORKER, RESIDENT, create, key


async def test_mappings_nobody_changed_for_the_retention_months_are_deleted_once(client, db_url):
    old = await create(client, headers=RESIDENT)
    kept = await create(client, headers=RESIDENT)
    case = await client.post(f"/v1/skills-mappings/{old['id']}/applications", headers={**CASEWORKER, **key()},
                             json={"targetRole": "underskoterska", "contact": {"email": "a@example.org"},
                                   "noSwedishNumber": {"documentType": "passport"}})  # fmt: skip
    assert case.status == 201
    conn = await asyncpg.connect(db_url)
    try:
        await conn.execute("UPDATE validation.skills_mappings SET updated_at = now() - interval '25 months' "
                           "WHERE id = $1", old["id"])  # fmt: skip
    finally:
        await conn.close()
    pool = await create_pool(db_url, schema="validation", app_name="test", min_size=1, max_size=4)
    try:
        clock = Clock(lambda: datetime.now(ZoneInfo("Europe/Stockholm")) + timedelta(minutes=1))
        runs = await asyncio.gather(*(purge_stale_mappings(pool, config=ValidationConfig(), clock=clock)
                                      for _ in range(3)))  # fmt: skip
    finally:
        await pool.close()
    assert sorted(str(i) for run in runs for i in run) == [old["id"]]
    assert (await client.get(f"/v1/skills-mappings/{old['id']}", headers=RESIDENT)).status == 404
    assert (await client.get(f"/v1/skills-mappings/{kept['id']}", headers=RESIDENT)).status == 200
    assert (await client.get(f"/v1/applications/{(await case.json())['id']}", headers=RESIDENT)).status == 200
