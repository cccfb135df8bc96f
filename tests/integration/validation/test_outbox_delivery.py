"""Messages to applicants: queued with the change, delivered signed, retried with backoff, each exactly once."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace

import aiohttp
import asyncpg
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from prometheus_client import CollectorRegistry

from services.validation.app import create_app
from services.validation.config import NotifyConfig, ValidationConfig, from_settings
from services.validation.jobs.service import purge_expired
from services.validation.outbox import queries
from services.validation.outbox.delivery import OutboxMetrics, deliver_due, lease_seconds
from services.validation.outbox.domain import retry_delay
from shared.db import create_pool
from shared.scheduler import JOBS
from shared.settings import SettingsError, load_settings
from tests.integration.validation.support import CASEWORKER, RESIDENT_A, future_booking, move, move_ok, submit
from tests.integration.validation.support import to_assessed as walk_to_assessed
from tests.integration.validation.test_decisions import partial_decision

SECRET = "messaging-system-shared-secret-" + "s" * 16
IDENTITY_DIGITS = ("811218", "19811218", "9876")  # the example applicant's personnummer, in any form


@dataclass
class Receiver:
    """The municipality's messaging system: checks the signature, answers from a script (then 200)."""

    secret: str = SECRET
    script: list[int] = field(default_factory=list)
    delay: float = 0.0
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        stamp, _, mac = request.headers["X-Lotsen-Signature"].partition(",")
        expected = hmac.new(self.secret.encode(), stamp.removeprefix("t=").encode() + b"." + body, hashlib.sha256)
        if not hmac.compare_digest(mac.removeprefix("v1="), expected.hexdigest()):
            return web.Response(status=401)
        await asyncio.sleep(self.delay)
        self.received.append((dict(request.headers), body))
        return web.Response(status=self.script.pop(0) if self.script else 200)

    def bodies(self) -> list[dict]:
        return [json.loads(body) for _, body in self.received]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/messages", rec.handle)
    server = TestServer(app)
    await server.start_server()
    rec.url = str(server.make_url("/messages"))
    yield rec
    await server.close()


@pytest.fixture
async def pool(db_url: str) -> AsyncIterator[asyncpg.Pool]:
    p = await create_pool(db_url, schema="validation", app_name="test-outbox", min_size=1, max_size=4)
    yield p
    await p.close()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


def notify(url: str, **changes) -> NotifyConfig:
    # A deadline no busy machine reaches: a post to the local receiver that timed out would be a retry.
    return replace(
        NotifyConfig(url=url, secret=SECRET, timeout_seconds=60, backoff_seconds=30, max_attempts=3), **changes
    )


async def supplement_requested(client) -> dict:
    case = await move_ok(client, await submit(client, RESIDENT_A), "mapping")
    return await move_ok(client, case, "supplement_requested", reason="Please add course descriptions")


async def fast_forward(pool: asyncpg.Pool) -> None:
    """Let the backoff pass without waiting for it."""
    await pool.execute("UPDATE outbox SET next_attempt_at = now() WHERE delivered_at IS NULL AND failed_at IS NULL")


async def row(pool: asyncpg.Pool, topic: str) -> asyncpg.Record:
    """The message; ``due_in`` counts from its last attempt (not from now, which a slow machine moves on)."""
    return await pool.fetchrow(
        "SELECT *, extract(epoch FROM next_attempt_at - (SELECT d.attempted_at FROM outbox_deliveries d"
        " WHERE d.outbox_id = o.id AND d.attempt = o.attempts ORDER BY d.id LIMIT 1)) AS due_in"
        " FROM outbox o WHERE topic = $1",
        topic,
    )


async def test_queued_message_is_delivered_once_signed_with_event_id_and_marked_delivered(
    client, pool, session, receiver
):
    case = await supplement_requested(client)
    assert await deliver_due(pool, session, notify(receiver.url)) == {"delivered": 1}
    assert await deliver_due(pool, session, notify(receiver.url)) == {}
    [(headers, raw)] = receiver.received
    body = json.loads(raw)
    assert set(body) == {"id", "topic", "applicationId", "createdAt", "payload", "recipient"}
    assert body["topic"] == "applicant.supplement_requested" and body["applicationId"] == case["id"]
    assert headers["Idempotency-Key"] == headers["X-Lotsen-Event-Id"] == body["id"]
    assert headers["X-Lotsen-Delivery-Attempt"] == "1" and headers["Content-Type"] == "application/json"
    assert body["payload"]["reference"] == case["reference"] and body["payload"]["language"] == "en"
    assert body["payload"]["reason"] == "Please add course descriptions"
    assert body["recipient"] == {"email": "amina@example.org", "phone": "+46 70 123 45 67", "protectedIdentity": False}
    assert not any(digits in raw.decode() for digits in IDENTITY_DIGITS)
    stored = await row(pool, "applicant.supplement_requested")
    assert stored["delivered_at"] is not None and stored["attempts"] == 1 and stored["leased_until"] is None
    assert "amina" not in json.dumps(stored["payload"]).lower()  # contact is added when sending, never stored


async def test_receiver_error_is_retried_after_backoff_and_delivered_once(client, pool, session, receiver):
    await supplement_requested(client)
    receiver.script = [500]
    assert await deliver_due(pool, session, notify(receiver.url)) == {"retry": 1}
    waiting = await row(pool, "applicant.supplement_requested")
    assert waiting["delivered_at"] is None and waiting["last_error"] == "HTTP 500" and 25 < waiting["due_in"] <= 30
    assert await deliver_due(pool, session, notify(receiver.url)) == {}  # not due during the backoff
    await fast_forward(pool)
    assert await deliver_due(pool, session, notify(receiver.url)) == {"delivered": 1}
    keys = [(h["Idempotency-Key"], h["X-Lotsen-Delivery-Attempt"]) for h, _ in receiver.received]
    assert [attempt for _, attempt in keys] == ["1", "2"] and keys[0][0] == keys[1][0]
    log = await pool.fetch("SELECT attempt, status_code FROM outbox_deliveries ORDER BY id")
    assert [tuple(r) for r in log] == [(1, 500), (2, 200)]
    assert (await row(pool, "applicant.supplement_requested"))["delivered_at"] is not None


async def test_dead_receiver_backs_off_exponentially_then_gives_up_without_crashing(client, pool, session):
    await supplement_requested(client)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/messages"
    metrics = OutboxMetrics.create(CollectorRegistry())
    config = notify(dead, max_attempts=3)
    seen = []
    for _ in range(3):
        seen.append(await deliver_due(pool, session, config, metrics=metrics))
        msg = await row(pool, "applicant.supplement_requested")
        seen.append((msg["attempts"], round(msg["due_in"] or 0, -1) if msg["failed_at"] is None else "failed"))
        await fast_forward(pool)
    assert seen == [{"retry": 1}, (1, 30), {"retry": 1}, (2, 60), {"failed": 1}, (3, "failed")]
    assert msg["last_error"] == "ClientConnectorError" and msg["delivered_at"] is None
    assert await deliver_due(pool, session, config) == {}
    counted = {
        s.labels["outcome"]: s.value for m in metrics.attempts.collect() for s in m.samples if s.name.endswith("_total")
    }
    assert counted == {"retry": 2, "failed": 1}


async def test_concurrent_delivery_runs_deliver_each_message_exactly_once(db_url, pool, session, receiver):
    async with pool.acquire() as conn:
        await conn.executemany(
            "INSERT INTO outbox (topic, dedupe_key, payload) VALUES ('applicant.supplement_reminder', $1, '{}')",
            [(f"test:{i}",) for i in range(50)],
        )
    # Keeps each claim's lease open while the other runs claim: more overlap, never a failure when the machine
    # is slow (the loop below runs until every message is delivered; exactly-once holds at any speed).
    receiver.delay = 0.02
    other = await create_pool(db_url, schema="validation", app_name="test-outbox-2", min_size=1, max_size=4)
    config = notify(receiver.url, batch=7)
    try:
        while await pool.fetchval("SELECT count(*) FROM outbox WHERE delivered_at IS NULL"):
            await asyncio.gather(*(deliver_due(p, session, config) for p in (pool, other, pool, other)))
    finally:
        await other.close()
    ids = [b["id"] for b in receiver.bodies()]
    assert len(ids) == len(set(ids)) == 50
    assert await pool.fetchval("SELECT max(attempts) FROM outbox") == 1


async def test_crashed_replicas_message_is_retried_after_its_lease_and_its_late_failure_is_ignored(
    client, pool, session, receiver
):
    await supplement_requested(client)
    config = notify(receiver.url, max_attempts=5)
    async with pool.acquire() as conn:  # a replica claims, then stalls before posting
        [stalled] = await queries.claim_due(conn, limit=5, lease_seconds=lease_seconds(config))
    assert await deliver_due(pool, session, config) == {}  # its lease still holds
    await pool.execute("UPDATE outbox SET leased_until = now() - interval '1 second'")
    receiver.script = [500]
    assert await deliver_due(pool, session, config) == {"retry": 1}
    async with pool.acquire() as conn:  # the stalled replica wakes up and gives up: too late to count
        late = await queries.record_attempt(
            conn, outbox_id=stalled["id"], attempt=stalled["attempts"], status_code=None, error="TimeoutError",
            duration_ms=1, delivered=False, retry_in=None,
        )  # fmt: skip
    stored = await row(pool, "applicant.supplement_requested")
    assert late is False and stored["failed_at"] is None and stored["last_error"] == "HTTP 500"
    assert stored["attempts"] == 2 and stored["due_in"] > 25
    await fast_forward(pool)
    assert await deliver_due(pool, session, config) == {"delivered": 1}
    assert [h["X-Lotsen-Delivery-Attempt"] for h, _ in receiver.received] == ["2", "3"]


async def test_a_decision_queues_the_decision_and_gap_list_in_its_transaction(client, pool):
    case = await walk_to_assessed(client, await submit(client, RESIDENT_A))
    resp = await decide(client, case)
    assert resp.status == 200, await resp.text()
    msg = await row(pool, "applicant.decision")
    payload = msg["payload"]
    assert payload["reference"] == case["reference"] and payload["language"] == "en"
    assert payload["outcome"] == "partial" and payload["roleCode"] == "underskoterska"
    assert (payload["pointsValidated"], payload["pointsRemaining"]) == (550, 950)
    assert payload["gapList"][0].keys() == {"code", "name", "points", "outcome"}
    assert "OMVOMV01" in [g["code"] for g in payload["gapList"]]
    text = json.dumps(payload)
    assert not any(d in text for d in IDENTITY_DIGITS) and "Amina" not in text and "@" not in text


async def test_a_rolled_back_decision_leaves_no_message(client, pool):
    case = await walk_to_assessed(client, await submit(client, RESIDENT_A))
    # The audit entry is the decision transaction's last write; make it fail after the message was queued.
    await pool.execute(
        """
        CREATE FUNCTION fail_decision_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.action = 'decision.recorded' THEN RAISE EXCEPTION 'audit down'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER fail_decision_audit BEFORE INSERT ON audit_log
            FOR EACH ROW EXECUTE FUNCTION fail_decision_audit();
        """
    )
    assert (await decide(client, case)).status == 500
    assert await pool.fetchval("SELECT count(*) FROM outbox WHERE topic = 'applicant.decision'") == 0
    assert await pool.fetchval("SELECT count(*) FROM decisions") == 0


async def decide(client, case):
    return await client.post(
        f"/v1/applications/{case['id']}/decision",
        json=partial_decision(),
        headers={**CASEWORKER, "If-Match": f'"v{case["version"]}"'},
    )


@pytest.mark.parametrize(
    ("steps", "topics"),
    [
        (["mapping"], []),
        (["mapping", "supplement_requested"], ["applicant.supplement_requested"]),
        (
            ["mapping", "supplement_requested", "mapping", "supplement_requested"],
            ["applicant.supplement_requested"] * 2,
        ),
        (["mapping", "assessment_scheduled"], ["applicant.assessment_scheduled"]),
        (["mapping", "rejected"], ["applicant.rejected"]),
        (["withdrawn"], []),
    ],
)
async def test_workflow_steps_the_applicant_must_hear_about_queue_a_message(client, pool, steps, topics):
    case = await submit(client, RESIDENT_A)
    for step in steps:
        extra = {"assessment": future_booking()} if step == "assessment_scheduled" else {"reason": "A reason"}
        resp = await move(client, case, step, RESIDENT_A if step == "withdrawn" else CASEWORKER, **extra)
        assert resp.status == 200, await resp.text()
        case = await resp.json()
    assert [r["topic"] for r in await pool.fetch("SELECT topic FROM outbox ORDER BY id")] == topics
    if topics == ["applicant.assessment_scheduled"]:
        booking = (await row(pool, topics[0]))["payload"]["assessment"]
        assert booking == future_booking()


async def test_without_a_url_delivery_is_off_and_messages_stay_pending(client, pool, session, settings):
    await supplement_requested(client)
    assert "validation.outbox_delivery" not in [j.id for j in create_app(settings)[JOBS]]
    assert await deliver_due(pool, session, NotifyConfig()) == {}
    msg = await row(pool, "applicant.supplement_requested")
    assert msg["attempts"] == 0 and msg["delivered_at"] is None and msg["failed_at"] is None


async def test_with_a_url_the_apps_job_works_off_a_backlog_and_counts_in_metrics(
    client, make_client, settings_env, db_url, pool, receiver
):
    await supplement_requested(client)
    await pool.executemany(
        "INSERT INTO outbox (topic, dedupe_key, payload) VALUES ('applicant.supplement_reminder', $1, '{}')",
        [(f"backlog:{i}",) for i in range(44)],
    )
    env = {"LOTSEN_VALIDATION_NOTIFY_URL": receiver.url, "LOTSEN_VALIDATION_NOTIFY_SECRET": SECRET}
    app = create_app(load_settings({**settings_env, "DATABASE_URL": db_url, **env}))
    [job] = [j for j in app[JOBS] if j.id == "validation.outbox_delivery"]
    served = await make_client(app)
    assert job.seconds == 5 and await job.run(app) == {"delivered": 45}  # three batches of up to 20
    assert len({b["id"] for b in receiver.bodies()}) == 45
    metrics = await (await served.get("/metrics")).text()
    assert (
        'lotsen_validation_outbox_attempts_total{outcome="delivered",topic="applicant.supplement_requested"} 1.0'
        in metrics
    )
    assert (
        'lotsen_validation_outbox_attempts_total{outcome="delivered",topic="applicant.supplement_reminder"} 44.0'
        in metrics
    )


async def test_purging_a_case_forgets_its_messages(client, pool):
    case = await move_ok(client, await submit(client, RESIDENT_A), "mapping")
    await move_ok(client, case, "rejected", reason="Not eligible")
    await pool.execute("UPDATE applications SET state_changed_at = now() - interval '13 months'")
    assert await pool.fetchval("SELECT count(*) FROM outbox") == 1
    assert len(await purge_expired(pool, config=ValidationConfig())) == 1
    assert await pool.fetchval("SELECT count(*) FROM outbox") == 0


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"LOTSEN_VALIDATION_NOTIFY_URL": "ftp://messages.example.se"}, "LOTSEN_VALIDATION_NOTIFY_URL"),
        ({"LOTSEN_VALIDATION_NOTIFY_URL": "messages.example.se/in"}, "LOTSEN_VALIDATION_NOTIFY_URL"),
        ({"LOTSEN_VALIDATION_NOTIFY_URL": "https://messages.example.se"}, "LOTSEN_VALIDATION_NOTIFY_SECRET"),
        ({"LOTSEN_VALIDATION_NOTIFY_SECRET": "too-short"}, "LOTSEN_VALIDATION_NOTIFY_SECRET"),
        ({"LOTSEN_VALIDATION_NOTIFY_MAX_ATTEMPTS": "0"}, "LOTSEN_VALIDATION_NOTIFY_MAX_ATTEMPTS"),
        ({"LOTSEN_VALIDATION_NOTIFY_TIMEOUT_SECONDS": "soon"}, "LOTSEN_VALIDATION_NOTIFY_TIMEOUT_SECONDS"),
        ({"LOTSEN_VALIDATION_NOTIFY_INTERVAL_SECONDS": "0"}, "LOTSEN_VALIDATION_NOTIFY_INTERVAL_SECONDS"),
        ({"LOTSEN_VALIDATION_NOTIFY_BACKOFF_SECONDS": "600", "LOTSEN_VALIDATION_NOTIFY_MAX_BACKOFF_SECONDS": "60"},
         "LOTSEN_VALIDATION_NOTIFY_MAX_BACKOFF_SECONDS"),
    ],
)  # fmt: skip
def test_bad_notify_settings_stop_the_service_naming_the_variable(settings_env, env, named):
    with pytest.raises(SettingsError) as err:
        from_settings(load_settings({**settings_env, **env}))
    assert str(err.value).startswith(named) and "\n" not in str(err.value)
    assert SECRET not in str(err.value)


@pytest.mark.parametrize(
    ("attempt", "delay"), [(1, 30.0), (2, 60.0), (3, 120.0), (7, 1920.0), (8, 3600.0), (9, 3600.0), (10, None)]
)
def test_backoff_doubles_from_the_base_is_capped_and_stops_at_the_last_attempt(attempt, delay):
    assert retry_delay(attempt, base=30, cap=3600, max_attempts=10) == delay
