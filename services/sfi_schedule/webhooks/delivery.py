"""Deliver outbox messages: signed POSTs with a deadline, retries with exponential backoff, a log per attempt."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import asyncpg
from aiohttp import web

from services.sfi_schedule.config import CONFIG, SfiConfig
from services.sfi_schedule.webhooks import queries
from shared.db import DB_POOL
from shared.etag import dumps
from shared.scheduler import Job

log = logging.getLogger("lotsen.sfi.webhooks")
WEBHOOK_SESSION = web.AppKey("sfi_webhook_session", aiohttp.ClientSession)
SIGNATURE_HEADER = "X-Lotsen-Signature"
TIMEOUT_SECONDS = 10.0
BATCH = 20


def lease_seconds(deadline: float) -> float:
    """How long a claim holds: a batch is posted concurrently, so one deadline plus room to record the results."""
    return 2.0 * deadline + 30.0


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """``t=<unix>,v1=<hex HMAC-SHA256 of "<t>." + body>`` — the receiver recomputes it with the shared secret."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def backoff(attempt: int, config: SfiConfig) -> float | None:
    """Seconds until the next try after failed ``attempt``, or None to give up."""
    if attempt >= config.webhook_max_attempts:
        return None
    return float(config.webhook_backoff_seconds * 2 ** (attempt - 1))


async def _post(session: aiohttp.ClientSession, msg: Any, deadline: float) -> tuple[int | None, str | None]:
    body = dumps(msg["payload"])
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(msg["secret"], body, int(time.time())),
        "X-Lotsen-Event-Id": msg["payload"]["id"],
        "X-Lotsen-Delivery-Attempt": str(msg["attempts"]),
    }
    try:
        timeout = aiohttp.ClientTimeout(total=deadline)
        async with session.post(msg["target_url"], data=body, headers=headers, timeout=timeout,
                                allow_redirects=False) as resp:  # fmt: skip
            return resp.status, None if resp.status < 300 else f"HTTP {resp.status}"
    except (aiohttp.ClientError, TimeoutError) as exc:
        return None, type(exc).__name__


async def _attempt(
    pool: asyncpg.Pool, session: aiohttp.ClientSession, config: SfiConfig, msg: Any, deadline: float
) -> None:
    started = time.perf_counter()
    status, error = await _post(session, msg, deadline)
    ok = status is not None and 200 <= status < 300
    async with pool.acquire() as conn, conn.transaction():
        held = await queries.record_attempt(
            conn, outbox_id=msg["id"], subscription_id=msg["subscription_id"], attempt=msg["attempts"],
            status_code=status, error=error, duration_ms=int((time.perf_counter() - started) * 1000),
            delivered=ok, retry_in=None if ok else backoff(msg["attempts"], config),
        )  # fmt: skip
    if not held and not ok:
        fields = {"outboxId": msg["id"], "attempt": msg["attempts"], "status": status, "error": error}
        log.warning("webhook attempt came after its lease; another replica's attempt decides", extra={"fields": fields})


async def deliver_due(
    pool: asyncpg.Pool,
    session: aiohttp.ClientSession,
    config: SfiConfig,
    *,
    batch: int = BATCH,
    deadline: float = TIMEOUT_SECONDS,
    lease: float | None = None,
) -> int:
    """Attempt one batch of due messages, concurrently; return how many were attempted.

    Each POST gets ``deadline`` seconds and they run side by side, so the lease (default
    ``lease_seconds(deadline)``) only has to outlast one deadline plus recording: a slow receiver cannot make it
    run out while the batch is in flight, and another replica cannot claim and send the same messages again.
    """
    async with pool.acquire() as conn, conn.transaction():
        due = await queries.claim_due(conn, limit=batch, lease_seconds=lease or lease_seconds(deadline))
    # No database transaction is held while waiting on receivers.
    results = await asyncio.gather(*(_attempt(pool, session, config, m, deadline) for m in due), return_exceptions=True)
    for msg, result in zip(due, results, strict=True):
        if isinstance(result, BaseException):
            # Recording failed (database gone?): the lease runs out and the message is tried again.
            fields = {"outboxId": msg["id"], "error": type(result).__name__}
            log.warning("webhook attempt not recorded", extra={"fields": fields})
    return len(due)


async def run(app: web.Application) -> int:
    """The job body: deliver what is due."""
    return await deliver_due(app[DB_POOL], app[WEBHOOK_SESSION], app[CONFIG])


def job(seconds: int) -> Job:
    """The periodic delivery job."""
    return Job("sfi.webhooks", run, seconds)


async def session_ctx(app: web.Application) -> AsyncIterator[None]:
    """Own the outbound HTTP session."""
    async with aiohttp.ClientSession(headers={"User-Agent": "Lotsen-Webhooks/1"}) as session:
        app[WEBHOOK_SESSION] = session
        yield
