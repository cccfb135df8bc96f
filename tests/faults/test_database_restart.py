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

pytestmark = pytest.mark.e2e
OUTAGE = 2.5  # seconds the server stays down


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
    await asyncio.sleep(1.0)
    down_at = time.monotonic()
    await asyncio.to_thread(cluster.down)
    await asyncio.sleep(OUTAGE)
    await asyncio.to_thread(cluster.up)
    up_at = time.monotonic()
    recovered_at = None
    while time.monotonic() < up_at + 15:
        await asyncio.sleep(0.2)
        later = [a for a in writes.answers if a.at > up_at + 0.1]
        if recovered_at is None and any(a.status == 201 for a in later):
            recovered_at = time.monotonic()
            await asyncio.sleep(1.0)  # keep writing a little after recovery
            break
    writes.stop(), reads.stop()
    await asyncio.gather(*runners)

    assert recovered_at is not None, "writes did not succeed again within 15 s after PostgreSQL came back"
    everything = writes.answers + reads.answers
    wrong = unexpected(writes.answers, 201) + unexpected(reads.answers, 200)
    assert not wrong, "\n".join(wrong) + "\n" + "\n".join(stack.tracebacks(n) for n in ("gateway", "validation", "sfi"))
    during = [a for a in everything if down_at + 0.3 <= a.at < up_at - 0.2]
    assert during, "no request was sent during the outage"
    assert all(a.status == 503 for a in during), "requests during the outage must be answered 503"
    assert all(a.seconds < 5 for a in during), "requests during the outage must be answered quickly, not hang"
    assert [a for a in reads.answers if a.at > recovered_at and a.status == 200], "reads did not recover"

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
