"""Deliver outbox messages to the messaging system: signed POSTs with a deadline, backoff, give-up, a log."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter as Tally
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import asyncpg
from aiohttp import web
from prometheus_client import CollectorRegistry, Counter

from services.validation.config import CONFIG, NotifyConfig
from services.validation.outbox import queries
from services.validation.outbox.domain import envelope, retry_delay, sign
from shared.db import DB_POOL
from shared.etag import dumps
from shared.metrics import METRICS
from shared.scheduler import Job, add_job

log = logging.getLogger("lotsen.validation.outbox")
SIGNATURE_HEADER = "X-Lotsen-Signature"
USER_AGENT = "Lotsen-Validation-Outbox/1"


@dataclass(frozen=True, slots=True)
class OutboxMetrics:
    """Outcomes of delivery attempts by topic (delivered, retry, failed)."""

    attempts: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry) -> OutboxMetrics:
        """Register the outbox metrics in ``registry``."""
        counter = Counter(
            "lotsen_validation_outbox_attempts",
            "Delivery attempts of messages to applicants, by topic and outcome (delivered, retry, failed)",
            ["topic", "outcome"],
            registry=registry,
        )
        return cls(counter)


OUTBOX_SESSION = web.AppKey("validation_outbox_session", aiohttp.ClientSession)
OUTBOX_METRICS = web.AppKey("validation_outbox_metrics", OutboxMetrics)


def lease_seconds(config: NotifyConfig) -> float:
    """How long a claim holds: a batch is posted concurrently, so one deadline plus room to record the results."""
    return 2.0 * config.timeout_seconds + 30.0


async def _post(
    session: aiohttp.ClientSession, config: NotifyConfig, msg: Mapping[str, Any]
) -> tuple[int | None, str | None]:
    body = dumps(envelope(msg))
    event_id = str(msg["event_id"])
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(config.secret, body, int(time.time())),
        "Idempotency-Key": event_id,
        "X-Lotsen-Event-Id": event_id,
        "X-Lotsen-Topic": msg["topic"],
        "X-Lotsen-Delivery-Attempt": str(msg["attempts"]),
    }
    timeout = aiohttp.ClientTimeout(total=config.timeout_seconds)
    try:
        async with session.post(config.url, data=body, headers=headers, timeout=timeout,
                                allow_redirects=False) as resp:  # fmt: skip
            return resp.status, None if 200 <= resp.status < 300 else f"HTTP {resp.status}"
    except (aiohttp.ClientError, TimeoutError) as exc:
        # The class name only: messages of connection errors may carry the URL, bodies may carry personal data.
        return None, type(exc).__name__


async def _attempt(
    pool: asyncpg.Pool, session: aiohttp.ClientSession, config: NotifyConfig, msg: Mapping[str, Any]
) -> str:
    started = time.perf_counter()
    status, error = await _post(session, config, msg)
    delivered = error is None
    attempt = msg["attempts"]
    retry_in = None if delivered else retry_delay(
        attempt, base=config.backoff_seconds, cap=config.max_backoff_seconds, max_attempts=config.max_attempts
    )  # fmt: skip
    async with pool.acquire() as conn, conn.transaction():
        held = await queries.record_attempt(
            conn, outbox_id=msg["id"], attempt=attempt, status_code=status, error=error,
            duration_ms=int((time.perf_counter() - started) * 1000), delivered=delivered, retry_in=retry_in,
        )  # fmt: skip
    outcome = "delivered" if delivered else "retry" if retry_in is not None else "failed"
    fields = {"outboxId": msg["id"], "topic": msg["topic"], "attempt": attempt, "status": status, "error": error}
    if not held:
        outcome = "superseded"
        log.warning("outbox attempt came after the lease; another replica's attempt decides", extra={"fields": fields})
    elif outcome == "failed":
        log.error("outbox message given up", extra={"fields": fields})
    elif outcome == "retry":
        log.info("outbox delivery failed; will retry", extra={"fields": {**fields, "retryIn": retry_in}})
    return outcome


async def deliver_due(
    pool: asyncpg.Pool,
    session: aiohttp.ClientSession,
    config: NotifyConfig,
    *,
    metrics: OutboxMetrics | None = None,
) -> dict[str, int]:
    """Attempt every due message once (a batch at a time, concurrently); return the count per outcome."""
    if not config.enabled:
        return {}
    async with pool.acquire() as conn, conn.transaction():
        due = await queries.claim_due(conn, limit=config.batch, lease_seconds=lease_seconds(config))
    # No database transaction is held while waiting on the receiver.
    results = await asyncio.gather(*(_attempt(pool, session, config, msg) for msg in due), return_exceptions=True)
    outcomes: list[str] = []
    for msg, result in zip(due, results, strict=True):
        if isinstance(result, BaseException):
            # Recording failed (database gone?): the lease runs out and the message is tried again.
            log.warning(
                "outbox attempt not recorded", extra={"fields": {"outboxId": msg["id"], "error": type(result).__name__}}
            )
            result = "unrecorded"
        outcomes.append(result)
        if metrics is not None:
            metrics.attempts.labels(msg["topic"], result).inc()
    return dict(Tally(outcomes))


async def run(app: web.Application) -> dict[str, int]:
    """The job body: deliver batches while they come full (a backlog), for at most one interval."""
    config = app[CONFIG].notify
    stop_at = time.monotonic() + config.interval_seconds
    totals: Tally[str] = Tally()
    while True:
        done = await deliver_due(app[DB_POOL], app[OUTBOX_SESSION], config, metrics=app[OUTBOX_METRICS])
        totals.update(done)
        if sum(done.values()) < config.batch or time.monotonic() >= stop_at:
            return dict(totals)


def register_delivery(app: web.Application) -> None:
    """Metrics always; the session and the job only when a URL is set (otherwise messages wait in the outbox)."""
    app[OUTBOX_METRICS] = OutboxMetrics.create(app[METRICS].registry)
    notify = app[CONFIG].notify
    if not notify.enabled:
        return
    app.cleanup_ctx.insert(0, session_ctx)
    add_job(app, Job("validation.outbox_delivery", run, notify.interval_seconds))


async def session_ctx(app: web.Application) -> AsyncIterator[None]:
    """Own the outbound HTTP session (opened before, closed after the scheduler)."""
    async with aiohttp.ClientSession(headers={"User-Agent": USER_AGENT}) as session:
        app[OUTBOX_SESSION] = session
        yield
