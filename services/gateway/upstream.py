"""The gateway's one upstream client: pooled keep-alive connections to the services behind it.

Every call to a service goes through :mod:`services.gateway.h1`, a lean HTTP/1.1 client (see
docs/benchmarks.md for why), and through :func:`send`, with the service's breaker and the call's deadline:
proxied requests, the web pages and the overview alike. Only the gateway's housekeeping (readiness, the
API-document fetch: :func:`ask`) asks a replica directly, without the breaker: its failures while a
service starts or is down are not traffic, and must not open the breaker ahead of any.

Replicas are tried round robin; one that refused a connection is skipped for a few seconds (passive
health). Each service has one circuit breaker. Idempotent requests are retried once on another replica
after a refused or reset connection, inside the route's deadline; a request that may have reached the
service is never retried unless its method is idempotent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from services.gateway import h1
from services.gateway.breaker import Breaker
from services.gateway.clientaddr import client_of
from services.gateway.deadlines import Deadlines
from shared.errors import BadRequest, GatewayTimeout, PayloadTooLarge, ServiceUnavailable

log = logging.getLogger("lotsen.gateway.upstream")

# Hop-by-hop headers (RFC 9110 §7.6.1) and headers the gateway sets itself.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)
# Credentials end at the gateway; services see only the signed identity assertion. ``Expect`` was answered
# by the gateway itself (it read the body), so the service must not send a second 100 Continue.
DROP_INBOUND = HOP_BY_HOP | {"authorization", "cookie", "x-api-key", "forwarded", "x-real-ip", "expect"}
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
BUFFER_LIMIT = 1024 * 1024  # answers up to this size with a known length are read whole (faster than streaming)
STREAM_CHUNK = 64 * 1024
ErrorHook = Callable[[str, str], None]


@dataclass(slots=True)
class Replica:
    """One replica: its base URL, its keep-alive connections and, after a refused connection, when to retry."""

    url: str
    conns: h1.HostPool
    base_path: str = ""
    down_until: float = 0.0

    @classmethod
    def of(cls, url: str) -> Replica:
        """A replica at ``url`` (``http://host:port`` or ``https://...``, optionally with a path prefix)."""
        parsed = URL(url)
        tls = parsed.scheme == "https"
        port = parsed.port or (443 if tls else 80)
        return cls(url, h1.HostPool(parsed.host or "", port, tls=tls), parsed.path.rstrip("/"))


class UpstreamPool:
    """One service's replicas behind one breaker."""

    def __init__(
        self,
        name: str,
        urls: tuple[str, ...],
        breaker: Breaker,
        *,
        down_seconds: float = 3.0,
        on_error: ErrorHook | None = None,
    ) -> None:
        self.name = name
        self.replicas = [Replica.of(u) for u in urls]
        self.breaker = breaker
        self.down_seconds = down_seconds
        self._next = 0
        self._on_error = on_error
        self.deadlines = Deadlines()

    @property
    def urls(self) -> tuple[str, ...]:
        """Every replica's base URL."""
        return tuple(r.url for r in self.replicas)

    def pick(self) -> Replica:
        """The next healthy replica round robin; if all are down, the one that comes back first."""
        now = time.monotonic()
        count = len(self.replicas)
        for i in range(count):
            replica = self.replicas[(self._next + i) % count]
            if replica.down_until <= now:
                self._next = (self._next + i + 1) % count
                return replica
        return min(self.replicas, key=lambda r: r.down_until)

    def mark_down(self, replica: Replica) -> None:
        """Skip ``replica`` for a few seconds after it refused a connection."""
        replica.down_until = time.monotonic() + self.down_seconds

    def error(self, kind: str) -> None:
        """Count a failure of ``kind`` (connect, reset, timeout, open)."""
        if self._on_error is not None:
            self._on_error(self.name, kind)

    def close(self) -> None:
        """Close every idle proxied connection."""
        self.deadlines.close()
        for replica in self.replicas:
            replica.conns.close()


# Headers only the gateway may set: a client's copy, in any spelling of its name, never reaches a service.
GATEWAY_OWNED = ("x-lotsen-", "x-forwarded-")


def outbound_headers(request: web.Request, extra: dict[str, str]) -> dict[str, str]:
    """Client headers minus hop-by-hop, credentials, ``X-Lotsen-*`` and ``X-Forwarded-*``; then the gateway's own.

    Names are compared lower-cased: HTTP header names are case-insensitive, and a client's
    ``x-forwarded-prefix`` next to the gateway's ``X-Forwarded-Prefix`` would reach the service first.
    """
    headers = {}
    for k, v in request.headers.items():
        lower = k.lower()
        if lower not in DROP_INBOUND and not lower.startswith(GATEWAY_OWNED):
            headers[k] = v
    headers["X-Forwarded-For"] = client_of(request)
    headers["X-Forwarded-Proto"] = request.scheme
    headers.update(extra)
    return headers


class CappedBody:
    """A streamed request body that stops at ``limit`` bytes (uploads are never buffered whole)."""

    def __init__(self, content: aiohttp.StreamReader, limit: int) -> None:
        self._content = content
        self._limit = limit
        self.exceeded = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        total = 0
        async for chunk in self._content.iter_chunked(STREAM_CHUNK):
            total += len(chunk)
            if total > self._limit:
                self.exceeded = True
                raise PayloadTooLarge(f"The body is larger than {self._limit} bytes")
            yield chunk


async def read_capped(request: web.Request, limit: int) -> bytes:
    """Read a small body whole (so it can be retried), refusing more than ``limit`` bytes with 413."""
    chunks, total = [], 0
    async for chunk in request.content.iter_any():
        total += len(chunk)
        if total > limit:
            raise PayloadTooLarge(f"The body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass(slots=True)
class Call:
    """What to send upstream: method, path with query, headers, body, deadline."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | CappedBody | None
    deadline: float
    public_prefix: str = ""  # where the service is mounted at the gateway, for Location headers
    whole: bool = False  # read the whole answer inside the deadline, whatever its size (the gateway's own calls)


def _retryable(call: Call, exc: BaseException) -> bool:
    """Retry after a refused connection (never sent), or after a reset when sending twice is harmless."""
    if isinstance(call.body, CappedBody):
        return False  # a streamed body is gone once sent
    if isinstance(exc, h1.ConnectFailed):
        return True
    # Idempotent methods, and writes the service deduplicates by their Idempotency-Key.
    return call.method in IDEMPOTENT or "Idempotency-Key" in call.headers


async def send(pool: UpstreamPool, call: Call) -> tuple[h1.Response, bytes | None]:
    """Send ``call`` through the breaker: the answer, and its body when buffered (else stream it, then release).

    Each attempt runs under the call's deadline: headers always, and the whole body when it is small enough
    to buffer (or ``call.whole``). One flat coroutine on purpose: every nested await layer is paid on each
    suspension.
    """
    probe = pool.breaker.allow()
    end = pool.deadlines.time() + call.deadline
    try:
        for attempt in (1, 2):
            replica = pool.pick()
            deadline = pool.deadlines.start(end)
            try:
                up = await h1.request(
                    replica.conns,
                    call.method,
                    replica.base_path + call.path,
                    call.headers,
                    call.body,
                    connect_timeout=min(2.0, call.deadline),
                )
                body = None
                length = up.content_length
                if (length is not None and length <= BUFFER_LIMIT) or call.whole:
                    try:
                        body = await up.read()
                    finally:
                        up.release()
            except (asyncio.CancelledError, TimeoutError) as exc:
                if isinstance(exc, asyncio.CancelledError) and not deadline.ours():
                    raise  # the client went away: not the service's fault
                pool.error("timeout")
                pool.breaker.failure()
                raise GatewayTimeout(f"{pool.name} did not answer within {call.deadline:g} s") from None
            except ValueError:
                raise BadRequest("A header or the path contains a line break") from None
            except h1.UpstreamError as exc:
                connect = isinstance(exc, h1.ConnectFailed)
                pool.error("connect" if connect else "reset")
                pool.breaker.failure()
                if connect:
                    pool.mark_down(replica)
                if attempt == 1 and _retryable(call, exc) and pool.breaker.state == "closed":
                    continue
                raise ServiceUnavailable(f"{pool.name} is unavailable", headers={"Retry-After": "2"}) from None
            finally:
                deadline.cancel()
            pool.breaker.success()
            return up, body
        raise AssertionError("unreachable")
    finally:
        if probe and pool.breaker.state == "half_open":
            pool.breaker.abandon()


async def fetch(pool: UpstreamPool, call: Call) -> tuple[int, CIMultiDictProxy[str], bytes]:
    """Status, headers and whole body of ``call`` (for the gateway's own calls), through the breaker."""
    call.whole = True
    up, body = await send(pool, call)
    return up.status, up.headers, body


async def ask(replica: Replica, path: str, headers: dict[str, str], seconds: float) -> tuple[int, bytes] | None:
    """One GET to one replica for the gateway's housekeeping (readiness, the API document): status and body,
    or None when it does not answer within ``seconds``.

    No breaker, no retry, no marking down: while services start, or while one is down, these background
    calls must not open the breaker (or skip a replica) ahead of any real traffic.
    """
    try:
        async with asyncio.timeout(seconds):
            up = await h1.request(replica.conns, "GET", replica.base_path + path, headers, None)
            try:
                body = await up.read()
            finally:
                up.release()
            return up.status, body
    except (h1.UpstreamError, TimeoutError):
        return None


async def relay(request: web.Request, pool: UpstreamPool, call: Call) -> web.StreamResponse:
    """Forward ``call`` and relay the answer; large or unsized answers (downloads, feeds) stream through."""
    up, body = await send(pool, call)
    out_headers = CIMultiDict(up.headers)
    for name in HOP_BY_HOP:  # a few lookups in C, cheaper than lower-casing every header name
        if name in out_headers:
            del out_headers[name]
    location = out_headers.get("Location")
    if location and location.startswith("/") and call.public_prefix:
        # Services know only their own paths (/v1/...); clients need the gateway's (/api/<svc>/v1/...).
        out_headers["Location"] = call.public_prefix + location
    if call.method == "HEAD":
        # No body follows, but the headers describe the GET's: keep the service's Content-Length (a hop-by-hop
        # header otherwise, recomputed from the body relayed), and its ETag and Last-Modified with the rest.
        up.release()
        length = up.headers.get("Content-Length")
        if length is not None:
            out_headers["Content-Length"] = length
        return web.Response(status=up.status, headers=out_headers)
    if body is not None:
        return web.Response(status=up.status, body=body, headers=out_headers)
    response = web.StreamResponse(status=up.status, headers=out_headers)
    if up.content_length is not None:
        response.content_length = up.content_length  # a download keeps its size (progress, and a cut is seen)
    try:
        await response.prepare(request)
        async for chunk in up.iter_chunks():
            await response.write(chunk)
        await response.write_eof()
    except (h1.UpstreamError, aiohttp.ClientError, TimeoutError, ConnectionResetError) as exc:
        # The status line is already sent: the only honest signal left is to cut the connection.
        pool.error("reset")
        log.warning("%s broke off a streamed answer: %s", pool.name, type(exc).__name__)
        if request.transport is not None:
            request.transport.close()
    finally:
        up.release()
    return response
