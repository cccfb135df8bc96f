"""Pooled keep-alive clients for the services behind the gateway, and the proxy that uses them."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from shared.errors import GatewayTimeout, ServiceUnavailable

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
# Credentials end at the gateway; services see only the signed identity assertion.
DROP_INBOUND = HOP_BY_HOP | {"authorization", "cookie", "x-api-key", "x-forwarded-for", "forwarded"}
BUFFER_LIMIT = 1024 * 1024  # responses up to this size are read whole (faster than streaming)
STREAM_CHUNK = 64 * 1024


@dataclass(slots=True)
class UpstreamPool:
    """One service's replicas, tried round robin through a shared keep-alive session."""

    name: str
    urls: tuple[str, ...]
    session: aiohttp.ClientSession
    deadline: float = 10.0
    _cycle: Iterator[str] = field(init=False)

    def __post_init__(self) -> None:
        self._cycle = itertools.cycle(self.urls)

    def pick(self) -> str:
        """The next replica's base URL."""
        return next(self._cycle)


def make_session(limit: int = 256) -> aiohttp.ClientSession:
    """A keep-alive session: no per-request session objects, no decompression, no cookie jar."""
    connector = aiohttp.TCPConnector(limit=limit, limit_per_host=limit, keepalive_timeout=30, ttl_dns_cache=300)
    return aiohttp.ClientSession(
        connector=connector,
        auto_decompress=False,
        cookie_jar=aiohttp.DummyCookieJar(),
        skip_auto_headers=("User-Agent",),
    )


def outbound_headers(request: web.Request, extra: dict[str, str]) -> dict[str, str]:
    """Client headers minus hop-by-hop, credentials and any ``X-Lotsen-*`` a client tried to send."""
    headers = {
        k: v
        for k, v in request.headers.items()
        if k.lower() not in DROP_INBOUND and not k.lower().startswith("x-lotsen-")
    }
    peer = request.remote or ""
    headers["X-Forwarded-For"] = peer
    headers["X-Forwarded-Proto"] = request.scheme
    headers.update(extra)
    return headers


async def _stream_body(up: aiohttp.ClientResponse) -> AsyncIterator[bytes]:
    async for chunk in up.content.iter_chunked(STREAM_CHUNK):
        yield chunk


async def forward(
    request: web.Request, pool: UpstreamPool, path: str, headers: dict[str, str], deadline: float
) -> web.StreamResponse:
    """Send the request to one replica and relay the answer; bodies over 1 MB stream through."""
    url = pool.pick() + path + (f"?{request.query_string}" if request.query_string else "")
    data = request.content if request.body_exists else None
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=min(2.0, deadline), sock_read=deadline)
    try:
        async with asyncio.timeout(deadline) if data is None else _no_timeout():
            up = await pool.session.request(
                request.method, url, headers=headers, data=data, allow_redirects=False, timeout=timeout
            )
    except TimeoutError:
        raise GatewayTimeout(f"{pool.name} did not answer within {deadline:g} s") from None
    except (aiohttp.ClientConnectionError, OSError):
        raise ServiceUnavailable(f"{pool.name} is unavailable", headers={"Retry-After": "2"}) from None
    try:
        out_headers = {k: v for k, v in up.headers.items() if k.lower() not in HOP_BY_HOP}
        if up.content_length is not None and up.content_length <= BUFFER_LIMIT:
            body = await up.read()
            return web.Response(status=up.status, body=body, headers=out_headers)
        response = web.StreamResponse(status=up.status, headers=out_headers)
        await response.prepare(request)
        async for chunk in _stream_body(up):
            await response.write(chunk)
        await response.write_eof()
        return response
    except TimeoutError:
        raise GatewayTimeout(f"{pool.name} did not finish within {deadline:g} s") from None
    except aiohttp.ClientPayloadError:
        raise ServiceUnavailable(f"{pool.name} broke off its answer", headers={"Retry-After": "2"}) from None
    finally:
        up.release()


class _no_timeout:
    """Uploads stream: no overall deadline while the client is still sending."""

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc: object) -> None:
        return None
