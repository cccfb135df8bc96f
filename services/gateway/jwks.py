"""Signing keys of the identity provider, fetched from ``LOTSEN_JWKS_URL`` in the background and cached.

Requests never wait for the network on the usual path: a background task refreshes the set every few
minutes. A token with an unknown ``kid`` (the provider rotated its keys) triggers one refetch that the
request awaits briefly; refetches are rate-limited so unknown ``kid`` values cannot flood the provider.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import aiohttp
import jwt

log = logging.getLogger("lotsen.gateway.jwks")
ASYMMETRIC = frozenset({"RS256", "ES256"})


class JwksCache:
    """The current key set by ``kid``; refreshed in the background and on an unknown ``kid``."""

    def __init__(
        self,
        url: str,
        session: aiohttp.ClientSession,
        *,
        refresh_seconds: float = 300.0,
        min_refetch_seconds: float = 10.0,
        fetch_timeout: float = 3.0,
    ) -> None:
        self.url = url
        self._session = session
        self._refresh = refresh_seconds
        self._min_refetch = min_refetch_seconds
        self._timeout = fetch_timeout
        self._keys: dict[str | None, jwt.PyJWK] = {}
        self._last_fetch = -1e9
        self._inflight: asyncio.Task[None] | None = None

    @property
    def loaded(self) -> bool:
        """True once a key set was fetched."""
        return bool(self._keys)

    async def _fetch(self) -> None:
        self._last_fetch = time.monotonic()
        try:
            async with self._session.get(self.url, timeout=aiohttp.ClientTimeout(total=self._timeout)) as resp:
                resp.raise_for_status()
                doc = await resp.json(content_type=None)
            keys = {}
            for entry in doc.get("keys", []):
                with contextlib.suppress(jwt.PyJWKError, jwt.InvalidKeyError, KeyError, TypeError, ValueError):
                    key = jwt.PyJWK(entry)
                    if key.algorithm_name in ASYMMETRIC and entry.get("use", "sig") == "sig":
                        keys[entry.get("kid")] = key
            if not keys:
                raise ValueError("no usable RS256/ES256 signing keys")
            self._keys = keys
        except (aiohttp.ClientError, TimeoutError, ValueError, AttributeError) as exc:
            log.warning("could not fetch the JWKS: %s", exc)

    def refetch(self) -> asyncio.Task[None] | None:
        """Start a refetch unless one is running or the last one was moments ago."""
        if self._inflight is not None and not self._inflight.done():
            return self._inflight
        if time.monotonic() - self._last_fetch < self._min_refetch:
            return None
        self._inflight = asyncio.get_running_loop().create_task(self._fetch())
        return self._inflight

    async def run(self) -> None:
        """Refresh forever (retry every few seconds until the first key set arrives)."""
        while True:
            task = self.refetch()
            if task is not None:
                await asyncio.shield(task)
            await asyncio.sleep(self._refresh if self.loaded else self._min_refetch)

    async def key_for(self, kid: str | None) -> jwt.PyJWK | None:
        """The key named ``kid`` (or the only key when the token names none), refetching once if unknown."""
        key = self._lookup(kid)
        if key is None:
            task = self.refetch()
            if task is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(task), self._timeout)
                key = self._lookup(kid)
        return key

    def _lookup(self, kid: str | None) -> jwt.PyJWK | None:
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))
        return self._keys.get(kid)
