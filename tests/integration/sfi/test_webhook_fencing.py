"""Webhook delivery across replicas: a batch's lease outlasts a slow receiver, a stale replica's failure is fenced."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import aiohttp
import asyncpg
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.webhooks import queries
from services.sfi_schedule.webhooks.delivery import TIMEOUT_SECONDS, deliver_due, lease_seconds
from shared.db import create_pool

SECRET = "w" * 40
CONFIG = SfiConfig(webhook_backoff_seconds=10, webhook_max_attempts=5)


@dataclass
class Receiver:
    """A subscriber's endpoint: waits ``delay`` seconds, then answers what ``answer(attempt)`` says."""

    delay: Callable[[int], float] = lambda attempt: 0.0
    answer: Callable[[int], int] = lambda attempt: 204
    received: list[tuple[str, int]] = field(default_factory=list)  # (event id, attempt) in arrival order
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        attempt = int(request.headers["X-Lotsen-Delivery-Attempt"])
        await asyncio.sleep(self.delay(attempt))
        self.received.append((json.loads(await request.read())["id"], attempt))
        return web.Response(status=self.answer(attempt))


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/hook", rec.handle)
    server = TestServer(app)
    await server.start_server()
    rec.url = str(server.make_url("/hook"))
    yield rec
    await server.close()


async def _pool(db_url: str, name: str) -> asyncpg.Pool:
    return await create_pool(db_url, schema="sfi", app_name=name, min_size=1, max_size=4)


@pytest.fixture
async def pool(db_url: str) -> AsyncIterator[asyncpg.Pool]:
    p = await _pool(db_url, "test-webhooks-1")
    yield p
    await p.close()


@pytest.fixture
async def other(db_url: str) -> AsyncIterator[asyncpg.Pool]:
    """A second replica's pool."""
    p = await _pool(db_url, "test-webhooks-2")
    yield p
    await p.close()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


async def queue(pool: asyncpg.Pool, url: str, count: int) -> list[str]:
    """Subscribe ``url`` to groups and queue ``count`` events for it; return their ids."""
    async with pool.acquire() as conn, conn.transaction():
        await queries.insert_subscription(
            conn, id=uuid.uuid4(), consumer="crm", target_url=url, resource_types=["group"], secret=SECRET,
            expires_at=None,
        )  # fmt: skip
        ids = [str(uuid.uuid4()) for _ in range(count)]
        for event_id in ids:
            await queries.enqueue(conn, resource_type="group", event={"id": event_id, "type": "group.updated"})
    return ids


async def stored(pool: asyncpg.Pool) -> asyncpg.Record:
    return await pool.fetchrow(
        "SELECT attempts, delivered_at, gave_up_at, extract(epoch FROM next_attempt_at - now())::float8 AS due_in "
        "FROM sfi.webhook_outbox"
    )


async def expire_leases(pool: asyncpg.Pool) -> None:
    """Let every lease (and backoff) run out without waiting for it."""
    await pool.execute("UPDATE sfi.webhook_outbox SET next_attempt_at = now() - interval '1 second'")


async def test_slow_receiver_and_two_concurrent_runs_deliver_each_message_exactly_once(pool, other, session, receiver):
    ids = await queue(pool, receiver.url, 8)
    receiver.delay = lambda attempt: 0.5
    # One after another the batch would take 8 × 0.5 s, four times past this lease; side by side it takes 0.5 s.
    first = asyncio.create_task(deliver_due(pool, session, CONFIG, deadline=1.5, lease=2.0))
    while await pool.fetchval("SELECT count(*) FROM sfi.webhook_outbox WHERE attempts = 0"):
        await asyncio.sleep(0.01)  # until the first replica has claimed the batch
    attempted_by_other = 0
    while not first.done():  # the other replica keeps trying while the first one's batch is in flight
        attempted_by_other += await deliver_due(other, session, CONFIG, deadline=1.5, lease=2.0)
        await asyncio.sleep(0.1)
    assert await first == 8
    assert attempted_by_other + await deliver_due(other, session, CONFIG) == 0
    assert sorted(event_id for event_id, _ in receiver.received) == sorted(ids)
    assert await pool.fetchval("SELECT count(*) FROM sfi.webhook_outbox WHERE delivered_at IS NULL") == 0
    assert await pool.fetchval("SELECT max(attempts) FROM sfi.webhook_outbox") == 1


async def test_a_claim_holds_for_two_post_deadlines_and_thirty_seconds(pool, session, receiver):
    await queue(pool, receiver.url, 1)
    receiver.delay = lambda attempt: 0.5
    task = asyncio.create_task(deliver_due(pool, session, CONFIG))
    await asyncio.sleep(0.2)  # the POST is with the receiver
    row = await stored(pool)
    assert row["attempts"] == 1 and row["delivered_at"] is None
    assert row["due_in"] == pytest.approx(2 * TIMEOUT_SECONDS + 30, abs=2)
    assert await task == 1


@pytest.mark.parametrize(
    ("late_retry_in", "what_it_would_do"),
    [(None, "give the message up"), (0.0, "make it due at once, before the newer attempt's backoff")],
)
async def test_stale_replicas_late_failure_does_not_overwrite_the_newer_attempt(
    pool, session, receiver, late_retry_in, what_it_would_do
):
    await queue(pool, receiver.url, 1)
    async with pool.acquire() as conn:  # a replica claims, then stalls past its lease
        [stale] = await queries.claim_due(conn, limit=5, lease_seconds=lease_seconds(TIMEOUT_SECONDS))
    assert await deliver_due(pool, session, CONFIG) == 0  # its lease still holds
    await expire_leases(pool)
    receiver.answer = lambda attempt: 500
    assert await deliver_due(pool, session, CONFIG) == 1  # attempt 2 fails: retry after 10 × 2 s
    async with pool.acquire() as conn:  # the stale replica's failure comes in late and would {what_it_would_do}
        changed = await queries.record_attempt(
            conn, outbox_id=stale["id"], subscription_id=stale["subscription_id"], attempt=stale["attempts"],
            status_code=None, error="TimeoutError", duration_ms=1, delivered=False, retry_in=late_retry_in,
        )  # fmt: skip
    row = await stored(pool)
    assert row["attempts"] == 2 and row["gave_up_at"] is None and row["delivered_at"] is None, what_it_would_do
    assert row["due_in"] == pytest.approx(20, abs=3), what_it_would_do
    assert changed is False
    log = await pool.fetch("SELECT attempt, status_code, error FROM sfi.webhook_deliveries ORDER BY id")
    assert [tuple(r) for r in log] == [(2, 500, "HTTP 500"), (1, None, "TimeoutError")]  # both are logged


async def test_slow_replicas_failure_after_its_lease_ran_out_is_ignored_end_to_end(pool, other, session, receiver):
    await queue(pool, receiver.url, 1)
    receiver.delay = lambda attempt: 1.0 if attempt == 1 else 0.0
    receiver.answer = lambda attempt: 500
    # The first replica's lease is shorter than its receiver is slow (as with a sequential batch before).
    slow = asyncio.create_task(deliver_due(pool, session, CONFIG, deadline=3.0, lease=0.3))
    await asyncio.sleep(0.5)
    assert await deliver_due(other, session, CONFIG) == 1  # attempt 2 fails: due again in 20 s
    assert await slow == 1  # attempt 1 fails afterwards: it would make the message due in 10 s
    row = await stored(pool)
    assert row["attempts"] == 2 and row["due_in"] == pytest.approx(20, abs=3)
    assert [attempt for _, attempt in receiver.received] == [2, 1]


@pytest.mark.parametrize("newer_outcome", ["retry", "gave_up"])
async def test_stale_replicas_late_success_still_counts(pool, session, receiver, newer_outcome):
    await queue(pool, receiver.url, 1)
    async with pool.acquire() as conn:
        [stale] = await queries.claim_due(conn, limit=5, lease_seconds=lease_seconds(TIMEOUT_SECONDS))
    await expire_leases(pool)
    receiver.answer = lambda attempt: 500
    config = SfiConfig(webhook_backoff_seconds=10, webhook_max_attempts=5 if newer_outcome == "retry" else 2)
    assert await deliver_due(pool, session, config) == 1
    async with pool.acquire() as conn:  # the receiver did get the stale replica's POST: the message arrived
        changed = await queries.record_attempt(
            conn, outbox_id=stale["id"], subscription_id=stale["subscription_id"], attempt=stale["attempts"],
            status_code=204, error=None, duration_ms=1, delivered=True, retry_in=None,
        )  # fmt: skip
    row = await stored(pool)
    assert row["delivered_at"] is not None and row["gave_up_at"] is None
    assert changed is True
    await expire_leases(pool)
    assert await deliver_due(pool, session, config) == 0  # never sent again
