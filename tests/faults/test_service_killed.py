"""A service process SIGKILLed and restarted under load: the gateway answers 503 quickly and recovers by itself."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.e2e.conftest import make_home
from tests.faults.conftest import UNLIMITED, fresh_database
from tests.faults.load import Answer, Load, record
from tests.faults.payloads import application
from tests.faults.stack import Stack

pytestmark = pytest.mark.e2e


# A short open breaker keeps the test quick; recovery still relies only on the breaker's own half-open probe.
QUICK_BREAKER = {**UNLIMITED, "LOTSEN_BREAKER_OPEN_SECONDS": "1", "LOTSEN_REPLICA_DOWN_SECONDS": "1"}


@pytest.fixture(scope="module")
async def own_stack(pg_admin_url: str, template_db: str) -> AsyncIterator[Stack]:
    """A suite of our own: these tests kill its processes (and start them again)."""
    stack = Stack(make_home(), await fresh_database(pg_admin_url, template_db), QUICK_BREAKER)
    try:
        await asyncio.to_thread(stack.start_all)
        yield stack
    finally:
        await asyncio.to_thread(stack.stop)


def group_search(stack: Stack):
    async def call(session: aiohttp.ClientSession, n: int) -> Answer:
        async with session.get(stack.url() + "/api/sfi/v1/groups?limit=5") as resp:
            return await record(resp)

    return call


def submission(stack: Stack):
    async def call(session: aiohttp.ClientSession, n: int) -> Answer:
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        url = stack.url() + "/api/validation/v1/applications"
        async with session.post(url, json=application(), headers=headers) as resp:
            return await record(resp)

    return call


LOADS = {"sfi": (group_search, 200), "validation": (submission, 201)}


@pytest.mark.parametrize("service", sorted(LOADS))
async def test_killed_service_gives_503_and_the_gateway_recovers_when_it_is_back(own_stack: Stack, service: str):
    make_call, ok = LOADS[service]
    load = Load(make_call(own_stack), workers=4)
    runner = asyncio.create_task(load.run())
    await asyncio.sleep(0.8)
    killed_at = time.monotonic()
    await asyncio.to_thread(own_stack.kill, service)
    await asyncio.sleep(1.5)
    restarted_at = time.monotonic()
    own_stack.start(service)
    await asyncio.to_thread(own_stack.wait_ready, service)
    back_at = time.monotonic()
    recovered_at = None
    while time.monotonic() < back_at + 20 and recovered_at is None:
        await asyncio.sleep(0.2)
        if any(a.status == ok for a in load.between(back_at, time.monotonic())):
            recovered_at = time.monotonic()
    load.stop()
    await runner

    assert recovered_at is not None, f"the gateway did not reach {service} again within 20 s after it was back"
    wrong = [a for a in load.answers if a.status not in (ok, 503)]
    assert not wrong, "\n".join(f"{a.status} {a.body[:200]}" for a in wrong[:10])
    outage = load.between(killed_at + 0.05, restarted_at)
    assert outage and all(a.status == 503 for a in outage), "requests while the service was down must get 503"
    for a in outage:
        assert a.media == "application/problem+json" and a.retry_after, f"503 without problem/Retry-After: {a}"
    assert max(a.seconds for a in outage) < 3, "the gateway must answer at once, not hang on a dead service"
