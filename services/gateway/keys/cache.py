"""A short-lived in-process cache of key lookups, so the hot path does not ask PostgreSQL every time.

A revocation made through another replica (or ``lotsen keys revoke``) takes effect here within
``ttl`` seconds; one made through this replica takes effect at once (the entry is dropped).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from services.gateway.keys.domain import ApiKey

Loader = Callable[[str], Awaitable[ApiKey | None]]
MAX_ENTRIES = 10_000


class KeyCache:
    """Prefix → key (or None for an unknown prefix) for ``ttl`` seconds; concurrent misses share one query."""

    def __init__(self, loader: Loader, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._loader = loader
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[str, tuple[float, ApiKey | None]] = {}
        self._inflight: dict[str, asyncio.Future[ApiKey | None]] = {}

    async def get(self, prefix: str) -> ApiKey | None:
        """The key with ``prefix``, from the cache while fresh."""
        now = self._clock()
        hit = self._entries.get(prefix)
        if hit is not None and hit[0] > now:
            return hit[1]
        pending = self._inflight.get(prefix)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[ApiKey | None] = asyncio.get_running_loop().create_future()
        self._inflight[prefix] = future
        try:
            key = await self._loader(prefix)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters re-raise it, nobody logs "never retrieved"
            raise
        finally:
            self._inflight.pop(prefix, None)
        future.set_result(key)
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
        self._entries[prefix] = (self._clock() + self._ttl, key)
        return key

    def invalidate(self, prefix: str) -> None:
        """Forget ``prefix`` (after a revocation through this process)."""
        self._entries.pop(prefix, None)


# Here, beside the cache, so that authentication (``auth``) and key management (``keys.routes``) both
# reach it without importing each other.
KEY_CACHE = web.AppKey("key_cache", KeyCache)
