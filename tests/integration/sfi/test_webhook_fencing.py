"""Webhook delivery across replicas: a batch's lease outlasts a slow receiver, a stale replica's failure is fenced.

"Slow" is made with events, never with sleeps: the receiver holds a POST until the test lets it go, so the
order of what happens is the test's, whatever the machine's speed; leases run out by moving them in the database.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

import aiohttp
import asyncpg
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.webhooks import queries
from services.sfi_schedule.webhooks.delivery import TIMEOUT_SECONDS, deliver_due, lease_seconds
from shared.db import create_pool
from tests.waiting import until

SECRET = "w" * 40
CONFIG = SfiConfig(webhook_backoff_seconds=10, webhook_max_attempts=5)


async def _at_once(attempt: int) -> None:
    return None


@dataclass
class Receiver:
    """A subscriber's endpoint: awaits ``hold(attempt)``, then answers what ``answer(attempt)`` says."""

    hold: Callable[[int], Awaitable[None]] = _at_once
    answer: Callable[[int], int] = lambda attempt: 204
    arrived: int = 0  # POSTs that reached the endpoint (answered or still held)
    received: list[tuple[str, int]] = field(default_factory=list)  # (event id, attempt) in answer order
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        attempt = int(request.headers["X-Lotsen-Delivery-Attempt"])
        event_id = json.loads(await request.read())["id"]
        self.arrived += 1
        await self.hold(attempt)
        self.received.append((event_id, attempt))
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
    """The message; ``due_in`` counts from its current attempt's record (not from now, which a slow machine moves)."""
    return await pool.fetchrow(
        "SELECT attempts, delivered_at, gave_up_at, next_attempt_at, extract(epoch FROM next_attempt_at - "
        " (SELECT d.attempted_at FROM sfi.webhook_deliveries d WHERE d.outbox_id = o.id AND d.attempt = o.attempts"
        "  ORDER BY d.id LIMIT 1))::float8 AS due_in "
        "FROM sfi.webhook_outbox o"
    )


async def expire_leases(pool: asyncpg.Pool) -> None:
    """Let every lease (and backoff) run out without waiting for it."""
    await pool.execute("UPDATE sfi.webhook_outbox SET next_attempt_at = now() - interval '1 second'")


async def test_slow_receiver_and_two_concurrent_runs_deliver_each_message_exactly_once(pool, other, session, receiver):
    ids = await queue(pool, receiver.url, 8)
    let_go = asyncio.Event()

    async def until_let_go(attempt: int) -> None:
        await let_go.wait()

    receiver.hold = until_let_go
    # Each POST is held until the test lets go, and the first replica's run finishes only then: all eight must
    # be with the receiver at once (a batch posted one after another would never get past the first).
    first = asyncio.create_task(deliver_due(pool, session, CONFIG))
    await until(lambda: receiver.arrived == 8, "the whole batch is with the receiver at once")
    # The other replica tries while the first one's batch is in flight: every message is leased.
    assert await deliver_due(other, session, CONFIG) == 0
    let_go.set()
    assert await first == 8
    assert await deliver_due(other, session, CONFIG) == 0
    assert sorted(event_id for event_id, _ in receiver.received) == sorted(ids)
    assert await pool.fetchval("SELECT count(*) FROM sfi.webhook_outbox WHERE delivered_at IS NULL") == 0
    assert await pool.fetchval("SELECT max(attempts) FROM sfi.webhook_outbox") == 1


async def test_a_claim_holds_for_two_post_deadlines_and_thirty_seconds(pool, session, receiver):
    await queue(pool, receiver.url, 1)
    let_go = asyncio.Event()

    async def until_let_go(attempt: int) -> None:
        await let_go.wait()

    receiver.hold = until_let_go
    before = await pool.fetchval("SELECT now()")
    task = asyncio.create_task(deliver_due(pool, session, CONFIG))
    await until(lambda: receiver.arrived == 1, "the POST is with the receiver")
    row = await stored(pool)
    after = await pool.fetchval("SELECT now()")
    assert row["attempts"] == 1 and row["delivered_at"] is None
    claimed_at = row["next_attempt_at"] - timedelta(seconds=2 * TIMEOUT_SECONDS + 30)
    assert before <= claimed_at <= after  # the lease runs exactly that long from the claim
    let_go.set()
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
    assert row["due_in"] == pytest.approx(20, abs=0.5), what_it_would_do
    assert changed is False
    log = await pool.fetch("SELECT attempt, status_code, error FROM sfi.webhook_deliveries ORDER BY id")
    assert [tuple(r) for r in log] == [(2, 500, "HTTP 500"), (1, None, "TimeoutError")]  # both are logged


async def test_slow_replicas_failure_after_its_lease_ran_out_is_ignored_end_to_end(pool, other, session, receiver):
    await queue(pool, receiver.url, 1)
    second_answered = asyncio.Event()

    async def first_outlasts_its_lease(attempt: int) -> None:
        if attempt == 1:
            await second_answered.wait()

    receiver.hold = first_outlasts_its_lease
    receiver.answer = lambda attempt: 500
    slow = asyncio.create_task(deliver_due(pool, session, CONFIG))
    await until(lambda: receiver.arrived == 1, "attempt 1 is with the receiver")
    await expire_leases(pool)  # the first replica's lease runs out while its receiver is slow
    assert await deliver_due(other, session, CONFIG) == 1  # attempt 2 fails: due again in 20 s
    second_answered.set()
    assert await slow == 1  # attempt 1 fails afterwards: it would make the message due in 10 s
    row = await stored(pool)
    assert row["attempts"] == 2 and row["due_in"] == pytest.approx(20, abs=0.5)
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
