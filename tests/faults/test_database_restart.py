"""PostgreSQL restarted under load: 503 + Retry-After meanwhile, recovery by itself, no acknowledged write lost."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import aiohttp
import asyncpg
import pytest

from services.registry import migrate_all
from tests.e2e.conftest import make_home
from tests.faults.conftest import UNLIMITED
from tests.faults.load import Answer, Load, record
from tests.faults.payloads import application
from tests.faults.pgctl import RestartableCluster
from tests.faults.stack import Stack
from tests.waiting import until

pytestmark = pytest.mark.e2e


@pytest.fixture
async def restartable() -> AsyncIterator[tuple[RestartableCluster, Stack]]:
    """Our own cluster (so we can stop it) and the suite on it."""
    cluster = await asyncio.to_thread(RestartableCluster)
    dsn = cluster.url()
    await migrate_all(dsn)
    stack = Stack(make_home(), dsn, UNLIMITED)
    try:
        await asyncio.to_thread(stack.start_all)
        yield cluster, stack
    finally:
        await asyncio.to_thread(stack.stop)
        await asyncio.to_thread(cluster.destroy)


def submitter(stack: Stack):
    """Anonymous application submissions, each with its own Idempotency-Key (the tag)."""

    async def submit(session: aiohttp.ClientSession, n: int) -> Answer:
        key = f"fault-{uuid.uuid4().hex}"
        headers = {"Idempotency-Key": key}
        url = stack.url() + "/api/validation/v1/applications"
        async with session.post(url, json=application(family=key), headers=headers) as resp:
            answer = await record(resp, key)
        return answer

    return submit


def searcher(stack: Stack):
    """The public, database-backed group search."""

    async def search(session: aiohttp.ClientSession, n: int) -> Answer:
        async with session.get(stack.url() + "/api/sfi/v1/groups?limit=5") as resp:
            return await record(resp)

    return search


def unexpected(answers: list[Answer], ok: int) -> list[str]:
    """Answers that are neither ``ok`` nor a proper 503 problem with Retry-After."""
    bad = []
    for a in answers:
        if a.status == ok:
            continue
        if a.status == 503 and a.retry_after and a.media == "application/problem+json":
            continue
        bad.append(f"{a.status} {a.media} Retry-After={a.retry_after} {a.body[:200]}")
    return bad


async def test_database_restart_gives_503_then_recovers_and_keeps_every_acknowledged_write(restartable):
    cluster, stack = restartable
    writes, reads = Load(submitter(stack), workers=3), Load(searcher(stack), workers=2)
    runners = [asyncio.create_task(writes.run()), asyncio.create_task(reads.run())]
    # Every step waits for what the load has seen, never for a time: the outage is as long as it takes for
    # requests to be answered during it, and recovery as long as it takes the services to reconnect.
    await until(lambda: writes.count(201) >= 3 and reads.count(200) >= 3, "the suite answers before the outage")
    await asyncio.to_thread(cluster.down)
    down_at = time.monotonic()  # the server is stopped from here on
    await until(lambda: len(writes.within(down_at, time.monotonic())) >= 3, "writes answered during the outage")
    await until(lambda: len(reads.within(down_at, time.monotonic())) >= 3, "reads answered during the outage")
    up_at = time.monotonic()  # ... until here
    await asyncio.to_thread(cluster.up)
    back_at = time.monotonic()
    await until(lambda: writes.count(201, since=back_at) >= 3, "writes succeed again after PostgreSQL came back")
    await until(lambda: reads.count(200, since=back_at) >= 3, "reads succeed again after PostgreSQL came back")
    writes.stop(), reads.stop()
    await asyncio.gather(*runners)

    wrong = unexpected(writes.answers, 201) + unexpected(reads.answers, 200)
    assert not wrong, "\n".join(wrong) + "\n" + "\n".join(stack.tracebacks(n) for n in ("gateway", "validation", "sfi"))
    # Sent and answered while the server was stopped: each write saw the outage. A read may still come from
    # the sfi replica's cache until it notices its listener's connection is gone (only ever 200 or 503).
    during = writes.within(down_at, up_at)
    assert during and all(a.status == 503 for a in during), "writes during the outage must be answered 503"
    assert all(a.status in (200, 503) for a in reads.within(down_at, up_at))

    acknowledged = {a.tag for a in writes.answers if a.status == 201}
    conn = await asyncpg.connect(cluster.url())
    try:
        stored = await conn.fetch(
            "SELECT details->'name'->>'family' AS key, count(*) AS n FROM validation.applications "
            "WHERE details->'name'->>'family' LIKE 'fault-%' GROUP BY 1"
        )
    finally:
        await conn.close()
    counts = {r["key"]: r["n"] for r in stored}
    assert not acknowledged - counts.keys(), f"acknowledged writes lost: {sorted(acknowledged - counts.keys())[:5]}"
    assert all(n == 1 for n in counts.values()), "a write was stored twice"
