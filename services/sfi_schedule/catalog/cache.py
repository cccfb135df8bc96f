"""An in-process cache of public group-list answers, invalidated by PostgreSQL LISTEN/NOTIFY (channel sfi_catalog)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiohttp import web
from prometheus_client import Counter

from shared.metrics import METRICS
from shared.middlewares import public_path

CHANNEL = "sfi_catalog"  # notified by the triggers of migration 022 on every change the list is built from
LISTENER_APP_NAME = "lotsen-sfi_schedule-catalog-listener"
log = logging.getLogger("lotsen.sfi.catalog_cache")

Key = tuple[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True, slots=True)
class Answer:
    """A built list answer: the body, its ETag and every header it is sent with."""

    body: bytes
    etag: str
    headers: Mapping[str, str]
    stored_at: float = 0.0


def cache_key(request: web.Request) -> Key:
    """Everything the list answer depends on besides the data: the public path and the decoded query pairs.

    The path as the client used it, since the ``Link`` header names it (behind the gateway with its
    ``X-Forwarded-Prefix``). The query as pairs in order, not as the decoded query *string*: ``q=a%26b`` and
    ``q=a&b`` decode to the same string but ask different things.
    """
    return public_path(request), tuple(request.query.items())


@dataclass(slots=True)
class CatalogCache:
    """List answers by query, dropped on every notification; bypassed whenever the listener is not connected."""

    dsn: str | None
    enabled: bool = True
    max_entries: int = 512
    ttl: float = 10.0  # a safety net only: a notification normally clears an entry long before
    ping_seconds: float = 5.0  # a silently dead connection is noticed by a failing ping
    clock: Callable[[], float] = time.monotonic
    generation: int = 0
    listening: bool = False
    listener_pid: int | None = None
    counter: Counter | None = None
    _entries: dict[Key, Answer] = field(default_factory=dict)
    _lost: asyncio.Event | None = None
    _task: asyncio.Task | None = None

    def ticket(self) -> int | None:
        """Taken before querying: the generation an answer would belong to, or None when it must not be stored."""
        return self.generation if self.listening else None

    def get(self, key: Key) -> Answer | None:
        """A fresh stored answer, or None (counted as a hit, a miss, or a bypass while not listening)."""
        if not self.listening:
            self._count("bypass" if self.enabled else "off")
            return None
        answer = self._entries.get(key)
        if answer is not None and self.clock() - answer.stored_at < self.ttl:
            self._count("hit")
            return answer
        self._count("miss")
        return None

    def put(self, key: Key, ticket: int | None, answer: Answer) -> None:
        """Store an answer unless the data may have changed since its query began (a notification or reconnect)."""
        if ticket is None or not self.listening or ticket != self.generation:
            return
        if key not in self._entries and len(self._entries) >= self.max_entries:
            del self._entries[next(iter(self._entries))]  # the oldest entry
        self._entries[key] = Answer(answer.body, answer.etag, answer.headers, self.clock())

    def invalidate(self) -> None:
        """Forget every answer; queries running now will not store theirs."""
        self.generation += 1
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _count(self, result: str) -> None:
        if self.counter is not None:
            self.counter.labels(result=result).inc()

    async def start(self) -> None:
        """Begin listening in the background; never fails, so the service starts while the database is down."""
        if self.enabled and self.dsn and self._task is None:
            self._task = asyncio.create_task(self._run(), name="sfi-catalog-cache-listener")

    async def stop(self) -> None:
        """Stop listening and forget everything (promptly: the task is cancelled, the connection aborted)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._not_listening()

    def _not_listening(self) -> None:
        self.listening = False
        self.listener_pid = None
        self.invalidate()

    async def _run(self) -> None:
        backoff, failing = 0.1, False
        while True:
            conn = None
            try:
                conn = await asyncpg.connect(
                    self.dsn, timeout=5, server_settings={"application_name": LISTENER_APP_NAME}
                )
                await self._listen(conn)
                if failing:
                    log.info("catalog cache listener connected again; caching resumes")
                backoff, failing = 0.1, False
                await self._watch(conn)
            except Exception as exc:  # whatever broke: serve uncached and try again
                if not failing:  # once per outage, not on every attempt
                    log.warning("catalog cache listener lost (%s); the list is served uncached", type(exc).__name__)
                failing = True
            finally:
                self._not_listening()
                if conn is not None:
                    conn.terminate()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 5.0)

    async def _listen(self, conn: asyncpg.Connection) -> None:
        self._lost = asyncio.Event()
        lost = self._lost
        conn.add_termination_listener(lambda _conn: self._on_lost(lost))
        await conn.add_listener(CHANNEL, self._on_notify)
        # Anything that changed before LISTEN took effect was never notified: start from empty, and let no
        # query that began earlier store its answer (the generation moves on).
        self.invalidate()
        self.listener_pid = conn.get_server_pid()
        self.listening = True

    async def _watch(self, conn: asyncpg.Connection) -> None:
        """Return only by raising: when the connection is lost or stops answering pings."""
        assert self._lost is not None
        while True:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._lost.wait(), self.ping_seconds)
                raise ConnectionResetError("the listener connection closed")
            await conn.fetchval("SELECT 1", timeout=self.ping_seconds)

    def _on_lost(self, lost: asyncio.Event) -> None:
        # Called by asyncpg as soon as the connection closes: stop serving from the cache at once
        # (unless this is a late call about a connection already replaced).
        if lost is self._lost and not lost.is_set():
            self._not_listening()
            lost.set()

    def _on_notify(self, *_: Any) -> None:
        self.invalidate()


CATALOG_CACHE = web.AppKey("sfi_catalog_cache", CatalogCache)


def install_cache(app: web.Application, *, dsn: str | None, enabled: bool) -> CatalogCache:
    """Give the app its list cache, counted in /metrics, listening while the app runs."""
    counter = Counter(
        "lotsen_sfi_catalog_cache",
        "Public group-list requests by cache result (hit, miss, bypass while not listening, off)",
        ["result"],
        registry=app[METRICS].registry,
    )
    cache = CatalogCache(dsn=dsn, enabled=enabled, counter=counter)
    app[CATALOG_CACHE] = cache

    async def ctx(_app: web.Application) -> AsyncIterator[None]:
        await cache.start()
        try:
            yield
        finally:
            await cache.stop()

    app.cleanup_ctx.append(ctx)
    app.on_response_prepare.append(_after_write)
    return cache


async def _after_write(request: web.Request, response: web.StreamResponse) -> None:
    """A write answered by this replica is committed: drop its cache now rather than when the notification lands.

    So a client that changed something through this replica never reads its own change back stale.
    """
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        request.app[CATALOG_CACHE].invalidate()
