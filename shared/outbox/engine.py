"""Deliver the outbox: claim a batch under a lease, address it, send each message by its kind, record the result.

Any number of replicas run this at once: ``FOR UPDATE SKIP LOCKED`` and the lease give each message to one
replica at a time, and ``attempts`` fences a replica that comes back after its lease ran out. What a kind
needs to send (a URL and secret, an e-mail address and text) is looked up by the service's ``prepare`` in
the claiming transaction; no transaction is open while a receiver is waited on.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter as Tally
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import asyncpg
from prometheus_client import CollectorRegistry, Counter

from shared.db import transaction
from shared.outbox import queries
from shared.outbox.domain import DELIVERED, FAILED, REFUSED, Claimed, Result, Timing

log = logging.getLogger("lotsen.outbox")
Clock = Callable[[], datetime]
Prepare = Callable[[asyncpg.Connection, Sequence[Claimed]], Awaitable[Mapping[int, Any]]]


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


class Channel(Protocol):
    """Sends one message of a kind to what ``prepare`` addressed it to; never raises for a receiver's fault."""

    async def send(self, message: Claimed, envelope: Any) -> Result:
        """Attempt the delivery once."""
        ...


@dataclass(frozen=True, slots=True)
class Route:
    """How messages of one kind go out: ``prepare`` addresses a batch (None: nobody to send to), ``channel`` sends."""

    channel: Channel
    prepare: Prepare


@dataclass(frozen=True, slots=True)
class OutboxMetrics:
    """Outcomes of attempts by kind and topic (delivered, retry, failed, refused, superseded, unrecorded)."""

    attempts: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry) -> OutboxMetrics:
        """Register the outbox metric in ``registry``."""
        counter = Counter(
            "lotsen_outbox_attempts",
            "Outbox delivery attempts by kind, topic and outcome",
            ["kind", "topic", "outcome"],
            registry=registry,
        )
        return cls(counter)


class Outbox:
    """One service's outbox: its pool, a route per enabled kind, the retry schedule and a clock."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        routes: Mapping[str, Route],
        timing: Timing,
        *,
        clock: Clock = utc_now,
        metrics: OutboxMetrics | None = None,
    ) -> None:
        self.pool, self.routes, self.timing, self.clock, self.metrics = pool, routes, timing, clock, metrics

    async def _claim(self) -> tuple[list[Claimed], dict[int, Any]]:
        now = self.clock()
        async with transaction(self.pool) as conn:
            rows = await queries.claim_due(
                conn, kinds=sorted(self.routes), limit=self.timing.batch, now=now,
                lease_until=now + timedelta(seconds=self.timing.lease_seconds),
            )  # fmt: skip
            claimed = [Claimed.from_row(r) for r in rows]
            envelopes: dict[int, Any] = {}
            for kind, route in self.routes.items():
                group = [m for m in claimed if m.kind == kind]
                if group:
                    envelopes.update(await route.prepare(conn, group))
        return claimed, envelopes

    async def _send(self, message: Claimed, envelope: Any) -> Result:
        if envelope is None:
            return Result(REFUSED, "nobody to send to")
        try:
            return await self.routes[message.kind].channel.send(message, envelope)
        except Exception as exc:  # a channel's own bug must not stop the batch; the message is retried
            log.exception("outbox channel raised", extra={"fields": {"outboxId": message.id, "kind": message.kind}})
            return Result(FAILED, type(exc).__name__)

    async def _attempt(self, message: Claimed, envelope: Any) -> str:
        result = await self._send(message, envelope)
        now = self.clock()
        delay = self.timing.retry_delay(message.attempts) if result.outcome == FAILED else None
        retry_at = now + timedelta(seconds=delay) if delay is not None else None
        async with transaction(self.pool) as conn:
            held = await queries.record_attempt(
                conn, outbox_id=message.id, attempt=message.attempts, outcome=result.outcome, detail=result.detail,
                now=now, retry_at=retry_at,
            )  # fmt: skip
        outcome = "retry" if retry_at is not None else result.outcome
        fields = {"outboxId": message.id, "kind": message.kind, "topic": message.topic,
                  "attempt": message.attempts, "outcome": result.outcome, "detail": result.detail}  # fmt: skip
        if not held and result.outcome != DELIVERED:
            log.warning(
                "outbox attempt came after its lease; another replica's attempt decides", extra={"fields": fields}
            )
            return "superseded"
        if outcome in (FAILED, REFUSED):
            log.error("outbox message not delivered; given up", extra={"fields": fields})
        elif outcome == "retry":
            log.info("outbox delivery failed; will retry", extra={"fields": {**fields, "retryIn": delay}})
        return outcome

    async def deliver_due(self) -> dict[str, int]:
        """Attempt one batch of due messages, concurrently; return the count per outcome."""
        if not self.routes:
            return {}
        claimed, envelopes = await self._claim()
        results = await asyncio.gather(
            *(self._attempt(m, envelopes.get(m.id)) for m in claimed), return_exceptions=True
        )
        outcomes: list[str] = []
        for message, result in zip(claimed, results, strict=True):
            if isinstance(result, BaseException):
                # Recording failed (database gone?): the lease runs out and the message is tried again.
                fields = {"outboxId": message.id, "error": type(result).__name__}
                log.warning("outbox attempt not recorded", extra={"fields": fields})
                result = "unrecorded"
            outcomes.append(result)
            if self.metrics is not None:
                self.metrics.attempts.labels(message.kind, message.topic, result).inc()
        return dict(Tally(outcomes))

    async def run(self) -> dict[str, int]:
        """The job body: deliver batches while they come full (a backlog), for at most one interval."""
        stop_at = time.monotonic() + self.timing.interval_seconds
        totals: Tally[str] = Tally()
        while True:
            done = await self.deliver_due()
            totals.update(done)
            if sum(done.values()) < self.timing.batch or time.monotonic() >= stop_at:
                return dict(totals)
