"""Composition root of the gateway."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from services.gateway import INFO
from services.gateway.apidoc import fetch_service_docs, merge
from services.gateway.auth import JWT_CONFIG, authenticate
from services.gateway.pages import landing
from services.gateway.policy import authorise, find_upstream
from services.gateway.tokens import JwtConfig
from services.gateway.upstream import UpstreamPool, forward, make_session, outbound_headers
from shared.app import OPENAPI, base_app
from shared.errors import NotFound
from shared.identity import HEADER, IDENTITY, INTERNAL_SECRET, sign_identity
from shared.middlewares import request_id_of
from shared.settings import Settings

UPSTREAM_POOLS = web.AppKey("upstream_pools", dict[str, UpstreamPool])
MERGED_DOC = web.AppKey("merged_doc", dict)
DEFAULT_DEADLINE = 10.0
DOC_TTL = 30.0


async def proxy(request: web.Request) -> web.StreamResponse:
    """Authorise, attach the signed identity, and forward to the owning service."""
    found = find_upstream(request.path)
    if found is None:
        raise NotFound("No such API route")
    upstream, path = found
    identity = request[IDENTITY]
    authorise(request.method, request.path, identity, request.headers)
    secret = request.app[INTERNAL_SECRET]
    extra = {HEADER: sign_identity(identity, secret), "X-Request-ID": request_id_of(request)}
    headers = outbound_headers(request, extra)
    return await forward(request, request.app[UPSTREAM_POOLS][upstream.name], path, headers, DEFAULT_DEADLINE)


async def merged_openapi(request: web.Request) -> web.Response:
    """The merged OpenAPI 3.1 document of all three parts (cached for a short while)."""
    cache = request.app[MERGED_DOC]
    if cache.get("expires", 0) < time.monotonic() or cache.get("doc", {}).get("x-incomplete"):
        docs = await fetch_service_docs(request.app[UPSTREAM_POOLS], request.app[INTERNAL_SECRET])
        cache["doc"] = merge(json.loads(request.app[OPENAPI]), docs)
        cache["expires"] = time.monotonic() + DOC_TTL
    return web.json_response(cache["doc"], dumps=lambda d: json.dumps(d, ensure_ascii=False))


def _upstreams_ctx(settings: Settings):
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        session = make_session()
        app[UPSTREAM_POOLS] = {
            "validation": UpstreamPool("validation", settings.validation_urls, session),
            "sfi": UpstreamPool("sfi", settings.sfi_urls, session),
        }
        try:
            yield
        finally:
            await session.close()

    return ctx


async def upstream_readiness(app: web.Application) -> dict[str, str]:
    """Each upstream is ready when at least one of its replicas answers ``/readyz``."""

    async def replica_ok(pool: UpstreamPool, url: str) -> bool:
        try:
            async with pool.session.get(url + "/readyz", timeout=aiohttp.ClientTimeout(total=1)) as resp:
                return resp.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    out = {}
    for name, pool in app[UPSTREAM_POOLS].items():
        results = await asyncio.gather(*(replica_ok(pool, u) for u in pool.urls))
        out[name] = "ok" if any(results) else "unavailable"
    return out


def create_app(settings: Settings) -> web.Application:
    """Build the gateway: authentication, the route table, proxying, the merged API document, pages."""
    app = base_app(settings, INFO, auth_middleware=authenticate, readiness=upstream_readiness)
    app[JWT_CONFIG] = JwtConfig(settings.jwt_secret, settings.jwt_issuer, settings.jwt_audience)
    app[MERGED_DOC] = {}
    app.cleanup_ctx.append(_upstreams_ctx(settings))
    app.router.add_get("/api/openapi.json", merged_openapi)
    app.router.add_route("*", "/api/validation/{tail:.*}", proxy)
    app.router.add_route("*", "/api/sfi/{tail:.*}", proxy)
    app.router.add_get("/", landing)
    return app
