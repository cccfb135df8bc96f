"""The shared outbox engine on real PostgreSQL: exactly once across replicas, leases, fencing, backoff, give-up.

Run against the validation schema with the webhook kind and a real receiver on loopback (allow-listed);
the engine is the same in every schema. Time is a FakeClock: leases and backoffs pass when the test says.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta

import asyncpg
import pytest
from prometheus_client import CollectorRegistry

from shared.db import create_pool, transaction
from shared.outbound import GuardedClient, OutboundPolicy
from shared.outbox import queries
from shared.outbox.domain import Claimed, Timing
from shared.outbox.engine import Outbox, OutboxMetrics, Route
from shared.outbox.webhook import WebhookChannel, WebhookRequest
from tests.outbox_support import FakeClock, Receiver

SECRET = "whsec_" + "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA=="
LOOPBACK = OutboundPolicy(allow=(ipaddress.ip_network("127.0.0.0/8"),))
TIMING = Timing(timeout_seconds=10, batch=20, max_attempts=5, backoff_seconds=10, max_backoff_seconds=3600)


@pytest.fixture
async def pool(db_url: str) -> AsyncIterator[asyncpg.Pool]:
    p = await create_pool(db_url, schema="validation", app_name="test-outbox-1", min_size=1, max_size=4)
    yield p
    await p.close()


@pytest.fixture
async def other(db_url: str) -> AsyncIterator[asyncpg.Pool]:
    """A second replica's pool."""
    p = await create_pool(db_url, schema="validation", app_name="test-outbox-2", min_size=1, max_size=4)
    yield p
    await p.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def client() -> AsyncIterator[GuardedClient]:
    async with GuardedClient(LOOPBACK) as c:
        yield c


class Engines:
    """Builds an outbox per replica, all posting to one target through the webhook channel."""

    def __init__(self, client: GuardedClient, clock: FakeClock, target: str) -> None:
        self.client, self.clock, self.target = client, clock, target
        self.metrics = OutboxMetrics.create(CollectorRegistry())

    async def prepare(self, conn: asyncpg.Connection, messages: Sequence[Claimed]) -> dict[int, WebhookRequest]:
        return {m.id: WebhookRequest(self.target, SECRET, {"n": m.payload["n"]}) for m in messages}

    def __call__(self, pool: asyncpg.Pool, timing: Timing = TIMING) -> Outbox:
        channel = WebhookChannel(self.client, timeout_seconds=timing.timeout_seconds, clock=self.clock)
        return Outbox(pool, {"webhook": Route(channel, self.prepare)}, timing, clock=self.clock, metrics=self.metrics)


@pytest.fixture
def engine(client, clock, receiver) -> Engines:
    return Engines(client, clock, receiver.url)


async def queue(pool: asyncpg.Pool, count: int) -> None:
    async with transaction(pool) as conn:
        for n in range(count):
            await queries.enqueue(conn, kind="webhook", topic="test.event", payload={"n": n})


async def stored(pool: asyncpg.Pool) -> asyncpg.Record:
    return await pool.fetchrow("SELECT * FROM outbox ORDER BY id LIMIT 1")


def numbers(receiver: Receiver) -> list[int]:
    return [json.loads(body)["n"] for _, body in receiver.received]


async def test_a_due_message_is_delivered_once_and_marked_delivered_at_the_clocks_time(pool, engine, clock, receiver):
    await queue(pool, 1)
    assert await engine(pool).deliver_due() == {"delivered": 1}
    assert await engine(pool).deliver_due() == {}
    [(headers, _)] = receiver.received
    assert {"webhook-id", "webhook-timestamp", "webhook-signature"} <= {h.lower() for h in headers}
    assert headers["webhook-timestamp"] == str(int(clock.now.timestamp()))
    row = await stored(pool)
    assert headers["webhook-id"] == str(row["event_id"])
    assert (row["delivered_at"], row["attempts"], row["leased_until"]) == (clock.now, 1, None)


async def test_a_failure_is_retried_after_its_backoff_with_the_same_webhook_id(pool, engine, clock, receiver):
    await queue(pool, 1)
    receiver.answer = lambda n: 500 if n == 1 else 204
    assert await engine(pool).deliver_due() == {"retry": 1}
    row = await stored(pool)
    assert row["next_attempt_at"] == clock.now + timedelta(seconds=10) and row["last_error"] == "HTTP 500"
    clock.advance(9.999)
    assert await engine(pool).deliver_due() == {}  # not due during the backoff
    clock.advance(0.001)
    assert await engine(pool).deliver_due() == {"delivered": 1}
    assert len({h["webhook-id"] for h, _ in receiver.received}) == 1 and len(receiver.received) == 2
    log = await pool.fetch("SELECT attempt, outcome, detail FROM outbox_attempts ORDER BY id")
    assert [tuple(r) for r in log] == [(1, "failed", "HTTP 500"), (2, "delivered", "HTTP 204")]


async def test_a_dead_receiver_is_backed_off_exponentially_then_given_up(pool, client, clock):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = Engines(client, clock, f"http://127.0.0.1:{s.getsockname()[1]}/hook")
    await queue(pool, 1)
    timing = Timing(max_attempts=3, backoff_seconds=30, max_backoff_seconds=3600)
    seen = []
    for _ in range(3):
        seen.append(await dead(pool, timing).deliver_due())
        row = await stored(pool)
        seen.append((row["attempts"], "failed" if row["failed_at"] else (row["next_attempt_at"] - clock.now).seconds))
        clock.advance(3600)
    assert seen == [{"retry": 1}, (1, 30), {"retry": 1}, (2, 60), {"failed": 1}, (3, "failed")]
    assert row["last_error"] == "ClientConnectorError" and row["delivered_at"] is None
    assert await dead(pool, timing).deliver_due() == {}
    counted = {s.labels["outcome"]: s.value for m in dead.metrics.attempts.collect() for s in m.samples
               if s.name.endswith("_total")}  # fmt: skip
    assert counted == {"retry": 2, "failed": 1}


async def test_a_refused_address_is_final_and_the_receiver_is_never_contacted(pool, clock, receiver):
    await queue(pool, 1)
    async with GuardedClient(OutboundPolicy()) as strict:  # loopback not allow-listed
        refusing = Engines(strict, clock, receiver.url)
        assert await refusing(pool).deliver_due() == {"refused": 1}
        clock.advance(86400)
        assert await refusing(pool).deliver_due() == {}
    row = await stored(pool)
    assert row["failed_at"] is not None and row["attempts"] == 1 and receiver.received == []
    assert await pool.fetchval("SELECT outcome FROM outbox_attempts") == "refused"


async def test_two_replicas_running_at_once_deliver_each_message_exactly_once(pool, other, engine, receiver):
    await queue(pool, 50)
    timing = Timing(batch=7)
    while await pool.fetchval("SELECT count(*) FROM outbox WHERE delivered_at IS NULL"):
        await asyncio.gather(*(engine(p, timing).deliver_due() for p in (pool, other, pool, other)))
    assert sorted(numbers(receiver)) == list(range(50))
    assert await pool.fetchval("SELECT max(attempts) FROM outbox") == 1


async def test_a_batch_in_flight_keeps_its_lease_so_another_replica_claims_none_of_it(
    pool, other, engine, clock, receiver
):
    await queue(pool, 8)
    receiver.hold = lambda n: True
    first = asyncio.create_task(engine(pool).deliver_due())
    await receiver.arrived(8)  # the whole batch is with the receiver at once, not one after another
    lease = await pool.fetch("SELECT DISTINCT leased_until FROM outbox")
    assert [r["leased_until"] for r in lease] == [clock.now + timedelta(seconds=2 * 10 + 30)]
    clock.advance(49)  # just inside the lease
    assert await engine(other).deliver_due() == {}
    receiver.release()
    assert await first == {"delivered": 8}
    clock.advance(3600)
    assert await engine(other).deliver_due() == {}
    assert sorted(numbers(receiver)) == list(range(8))
    assert await pool.fetchval("SELECT max(attempts) FROM outbox") == 1


@pytest.mark.parametrize(
    ("late_retry_in", "what_it_would_do"),
    [(None, "give the message up"), (0.0, "make it due at once, before the newer attempt's backoff")],
)
async def test_a_stale_replicas_late_failure_does_not_overwrite_the_newer_attempt(
    pool, engine, clock, receiver, late_retry_in, what_it_would_do
):
    await queue(pool, 1)
    async with pool.acquire() as conn:  # a replica claims, then stalls past its lease
        [stale] = await queries.claim_due(
            conn, kinds=["webhook"], limit=5, now=clock.now, lease_until=clock.now + timedelta(seconds=50)
        )
    assert await engine(pool).deliver_due() == {}  # its lease still holds
    clock.advance(50)
    receiver.answer = lambda n: 500
    assert await engine(pool).deliver_due() == {"retry": 1}  # attempt 2 fails: retry after 10 × 2 s
    retry_at = clock.now + timedelta(seconds=20)
    late = None if late_retry_in is None else clock.now + timedelta(seconds=late_retry_in)
    async with pool.acquire() as conn:  # the stale replica's failure comes in late and would {what_it_would_do}
        changed = await queries.record_attempt(
            conn, outbox_id=stale["id"], attempt=stale["attempts"], outcome="failed", detail="TimeoutError",
            now=clock.now, retry_at=late,
        )  # fmt: skip
    row = await stored(pool)
    assert (row["attempts"], row["failed_at"], row["next_attempt_at"]) == (2, None, retry_at), what_it_would_do
    assert changed is False
    log = await pool.fetch("SELECT attempt, outcome, detail FROM outbox_attempts ORDER BY id")
    assert [tuple(r) for r in log] == [(2, "failed", "HTTP 500"), (1, "failed", "TimeoutError")]  # both logged


async def test_a_slow_replicas_failure_after_its_lease_ran_out_is_ignored_end_to_end(
    pool, other, engine, clock, receiver
):
    await queue(pool, 1)
    receiver.hold = lambda n: n == 1  # the first replica's POST hangs at the receiver
    receiver.answer = lambda n: 500
    slow = asyncio.create_task(engine(pool).deliver_due())
    await receiver.arrived(1)
    clock.advance(50)  # its lease runs out while it waits
    assert await engine(other).deliver_due() == {"retry": 1}  # attempt 2 fails: due again in 20 s
    receiver.release()
    assert await slow == {"superseded": 1}  # attempt 1 fails afterwards: it would make the message due in 10 s
    row = await stored(pool)
    assert (row["attempts"], row["next_attempt_at"]) == (2, clock.now + timedelta(seconds=20))


@pytest.mark.parametrize("newer_outcome", ["retry", "failed"])
async def test_a_stale_replicas_late_success_still_counts(pool, engine, clock, receiver, newer_outcome):
    await queue(pool, 1)
    async with pool.acquire() as conn:
        [stale] = await queries.claim_due(
            conn, kinds=["webhook"], limit=5, now=clock.now, lease_until=clock.now + timedelta(seconds=50)
        )
    clock.advance(50)
    receiver.answer = lambda n: 500
    timing = Timing(backoff_seconds=10, max_attempts=5 if newer_outcome == "retry" else 2)
    assert await engine(pool, timing).deliver_due() == {newer_outcome: 1}
    async with pool.acquire() as conn:  # the receiver did get the stale replica's POST: the message arrived
        changed = await queries.record_attempt(
            conn, outbox_id=stale["id"], attempt=stale["attempts"], outcome="delivered", detail="HTTP 204",
            now=clock.now, retry_at=None,
        )  # fmt: skip
    row = await stored(pool)
    assert row["delivered_at"] == clock.now and row["failed_at"] is None and changed is True
    clock.advance(3600)
    assert await engine(pool, timing).deliver_due() == {}  # never sent again


async def test_a_message_that_cannot_be_addressed_is_refused_without_sending(pool, client, clock, receiver):
    async def nobody(conn, messages):
        return {}

    channel = WebhookChannel(client, timeout_seconds=10, clock=clock)
    await queue(pool, 1)
    assert await Outbox(pool, {"webhook": Route(channel, nobody)}, TIMING, clock=clock).deliver_due() == {"refused": 1}
    assert receiver.received == [] and (await stored(pool))["last_error"] == "nobody to send to"


async def test_only_enabled_kinds_are_claimed_and_the_rest_wait(pool, engine):
    async with transaction(pool) as conn:
        await queries.enqueue(conn, kind="email", topic="test.mail", payload={"n": 0})
    assert await engine(pool).deliver_due() == {}
    assert (await stored(pool))["attempts"] == 0


async def test_the_job_works_off_a_backlog_in_full_batches(pool, engine, receiver):
    await queue(pool, 45)
    assert await engine(pool).run() == {"delivered": 45}  # three batches of up to 20
    assert sorted(numbers(receiver)) == list(range(45))


async def test_a_dedupe_key_holds_a_message_to_one_per_kind(pool):
    async with transaction(pool) as conn:
        first = await queries.enqueue(conn, kind="email", topic="t", payload={}, dedupe_key="k")
        again = await queries.enqueue(conn, kind="email", topic="t", payload={}, dedupe_key="k")
        other_kind = await queries.enqueue(conn, kind="sms", topic="t", payload={}, dedupe_key="k")
    assert (first, again, other_kind) == (True, False, True)


async def test_both_services_schemas_have_the_same_outbox_tables(pool):
    columns = await pool.fetch(
        "SELECT table_schema, table_name, column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_schema IN ('validation', 'sfi') AND table_name IN ('outbox', 'outbox_attempts')"
    )
    by_schema = {
        schema: {tuple(c)[1:] for c in columns if c["table_schema"] == schema} for schema in ("validation", "sfi")
    }
    assert by_schema["validation"] == by_schema["sfi"] and len(by_schema["sfi"]) == 16 + 6
