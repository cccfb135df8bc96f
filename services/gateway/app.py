"""Composition root of the gateway.

Before any middleware, the connection handler (``server.py``) answers a request it cannot parse with a
bare 400 that repeats nothing of it; in production ``/metrics`` and ``/readyz`` live on the internal port.

Middlewares, outermost first, and why:
1. ``observe`` (shared) — request id, timing, metrics, access log; outermost so it sees every final
   status, the gate's refusals included.
1b. ``html_errors`` (``web/errors.py``, installed by ``setup_web``) — a problem answer becomes the HTML error
   page when the client ranks ``text/html`` above JSON (browsers); API clients keep problem+json.
2. ``problems`` (shared) — every error becomes problem+json (401/403/404/408/413/429/503 from the gate
   and the body deadlines included); inside ``observe`` so the mapped status is the one counted.
3. ``gatekeeper`` — CORS preflights first (browsers send them without credentials), then authenticate,
   rate limit, authorise by the route table, count the daily quota; last, a body still arriving is
   watched for read deadlines while the handler reads it (a refused request never reads its body).
Security headers, ``Server`` and CORS headers are set in ``on_response_prepare`` so problem, page and
streamed answers get them too, and over any a service sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

import aiohttp
from aiohttp import web

from services.gateway import INFO
from services.gateway.apidoc import DOC_CACHE, DocCache
from services.gateway.auth import JWKS, JWT_CONFIG
from services.gateway.bodies import BodyWatch
from services.gateway.breaker import Breaker
from services.gateway.clientaddr import TRUSTED_PROXIES
from services.gateway.config import GATEWAY_CONFIG, GatewayConfig, from_settings
from services.gateway.docs import ENDPOINTS as DOC_ENDPOINTS
from services.gateway.followup.config import TARGET_CONFIG, TargetConfig
from services.gateway.followup.routes import ENDPOINTS as FOLLOWUP_ENDPOINTS
from services.gateway.gate import BODY_WATCH, RATE_LIMITER, gatekeeper
from services.gateway.gwmetrics import GATEWAY_METRICS, GatewayMetrics
from services.gateway.hygiene import add_headers
from services.gateway.jwks import JwksCache
from services.gateway.keys.cache import KEY_CACHE, KeyCache
from services.gateway.keys.routes import ENDPOINTS as KEY_ENDPOINTS
from services.gateway.keys.service import find_key
from services.gateway.limits import RateLimiter
from services.gateway.microcache import MICROCACHE, MicroCache
from services.gateway.overview import ENDPOINTS as OVERVIEW_ENDPOINTS
from services.gateway.proxy import UPSTREAM_POOLS, proxy
from services.gateway.skills import ENDPOINTS as SKILLS_ENDPOINTS
from services.gateway.tokens import JwtConfig
from services.gateway.upstream import UpstreamPool, ask
from services.gateway.web import setup_web
from shared.app import OPENAPI, base_app
from shared.clock import CLOCK, SYSTEM_CLOCK
from shared.db import DB_POOL
from shared.identity import INTERNAL_SECRET
from shared.metrics import METRICS
from shared.openapi import register
from shared.settings import Settings

Clock = Callable[[], float]


def _pool(
    name: str, urls: tuple[str, ...], config: GatewayConfig, metrics: GatewayMetrics, clock: Clock
) -> UpstreamPool:
    breaker = Breaker(
        name,
        threshold=config.breaker_failures,
        open_seconds=config.breaker_open_seconds,
        clock=clock,
        on_change=metrics.breaker_changed,
    )
    metrics.breaker_changed(name, "closed")
    return UpstreamPool(
        name,
        urls,
        breaker,
        down_seconds=config.replica_down_seconds,
        on_error=lambda up, kind: metrics.upstream_errors.labels(up, kind).inc(),
    )


def _upstreams_ctx(settings: Settings, clock: Clock):
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        config, metrics = app[GATEWAY_CONFIG], app[GATEWAY_METRICS]
        app[UPSTREAM_POOLS] = {
            "validation": _pool("validation", settings.validation_urls, config, metrics, clock),
            "sfi": _pool("sfi", settings.sfi_urls, config, metrics, clock),
        }
        app[DOC_CACHE] = DocCache(app[OPENAPI])
        refresher = asyncio.get_running_loop().create_task(
            app[DOC_CACHE].run(app[UPSTREAM_POOLS], app[INTERNAL_SECRET])
        )
        try:
            yield
        finally:
            refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await refresher
            for pool in app[UPSTREAM_POOLS].values():
                pool.close()

    return ctx


def _auth_ctx(settings: Settings, clock: Clock):
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        pool = app[DB_POOL]
        ttl = app[GATEWAY_CONFIG].key_cache_seconds
        app[KEY_CACHE] = KeyCache(lambda prefix: find_key(pool, prefix=prefix), ttl, clock)
        if settings.jwks_url is None:
            app[JWKS] = None
            yield
            return
        session = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        jwks = JwksCache(settings.jwks_url, session, refresh_seconds=app[GATEWAY_CONFIG].jwks_refresh_seconds)
        app[JWKS] = jwks
        task = asyncio.get_running_loop().create_task(jwks.run())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await session.close()

    return ctx


async def upstream_readiness(app: web.Application) -> dict[str, str]:
    """Each upstream is ready when at least one of its replicas answers ``/readyz``."""

    out = {}
    for name, pool in app[UPSTREAM_POOLS].items():
        answers = await asyncio.gather(*(ask(r, "/readyz", {}, 1.0) for r in pool.replicas))
        out[name] = "ok" if any(a is not None and a[0] == 200 for a in answers) else "unavailable"
    return out


async def _stop_body_watch(app: web.Application) -> None:
    app[BODY_WATCH].close()


def create_app(settings: Settings, *, clock: Clock = time.monotonic) -> web.Application:
    """Build the gateway: authentication, limits, the route table, proxying, aggregation, the API document.

    ``clock`` (monotonic seconds) drives the rate limiter, the key cache and the breakers; tests move it.
    """
    config = from_settings(settings)
    app = base_app(settings, INFO, auth_middleware=gatekeeper, readiness=upstream_readiness)
    app[GATEWAY_CONFIG] = config
    app[TRUSTED_PROXIES] = config.trusted_proxies
    app[GATEWAY_METRICS] = GatewayMetrics.create(app[METRICS].registry)
    app[RATE_LIMITER] = RateLimiter(clock)
    app[BODY_WATCH] = BodyWatch(idle=config.body_idle_seconds)
    app[MICROCACHE] = MicroCache(config.microcache_seconds, clock)
    app.on_cleanup.append(_stop_body_watch)
    # With a JWKS, HS256 dev tokens are accepted only in development (decision in docs/gateway.md).
    app[JWT_CONFIG] = JwtConfig(
        settings.jwt_secret,
        settings.jwt_issuer,
        settings.jwt_audience,
        accept_hs256=settings.jwks_url is None or settings.dev,
    )
    app.on_response_prepare.append(add_headers)
    app.cleanup_ctx.append(_auth_ctx(settings, clock))
    app.cleanup_ctx.append(_upstreams_ctx(settings, clock))
    app[TARGET_CONFIG] = TargetConfig.from_env(settings.extra)  # the municipality's targets (docs/follow-up.md)
    app[CLOCK] = SYSTEM_CLOCK  # today and now in Sweden for the pages and follow-up; tests set their own
    register(app, [*KEY_ENDPOINTS, *OVERVIEW_ENDPOINTS, *SKILLS_ENDPOINTS, *FOLLOWUP_ENDPOINTS, *DOC_ENDPOINTS])
    app.router.add_route("*", "/api/validation/{tail:.*}", proxy)
    app.router.add_route("*", "/api/sfi/{tail:.*}", proxy)
    setup_web(app, settings, UPSTREAM_POOLS)  # the web pages (docs/web.md)
    return app
