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
from tests.waiting import until

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
        # no-cache: the gateway's micro-cache may answer a public list for up to a second (correct HTTP, see
        # docs/decisions.md); a client that asks for a fresh answer must see the outage, and that is measured here.
        headers = {"Cache-Control": "no-cache"}
        async with session.get(stack.url() + "/api/sfi/v1/groups?limit=5", headers=headers) as resp:
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
    # Each step waits for answers the load has seen, never for a time (see test_database_restart).
    await until(lambda: load.count(ok) >= 3, f"{service} answers before it is killed")
    await asyncio.to_thread(own_stack.kill, service)
    killed_at = time.monotonic()  # the process is gone from here on
    await until(lambda: len(load.within(killed_at, time.monotonic())) >= 8, f"answers while {service} is down")
    restarted_at = time.monotonic()  # ... until here
    own_stack.start(service)
    await asyncio.to_thread(own_stack.wait_ready, service)
    back_at = time.monotonic()
    await until(lambda: load.count(ok, since=back_at) >= 3, f"the gateway reaches {service} again")
    load.stop()
    await runner

    wrong = [a for a in load.answers if a.status not in (ok, 503)]
    assert not wrong, "\n".join(f"{a.status} {a.body[:200]}" for a in wrong[:10])
    outage = load.within(killed_at, restarted_at)
    assert outage and all(a.status == 503 for a in outage), "requests while the service was down must get 503"
    for a in outage:
        assert a.media == "application/problem+json" and a.retry_after, f"503 without problem/Retry-After: {a}"
