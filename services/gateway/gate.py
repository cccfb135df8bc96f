"""The gateway's own middleware: authenticate, limit, authorise, count — in that order.

Why this order: authentication first, because limits and rules depend on who is calling; the
per-second limit before authorisation, so probing for routes one may not use is throttled too; the daily
quota last, so only requests that will really be forwarded count against it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from services.gateway.auth import API_KEY, authenticate_request
from services.gateway.config import GATEWAY_CONFIG
from services.gateway.gwmetrics import GATEWAY_METRICS
from services.gateway.keys.queries import count_request
from services.gateway.limits import RateLimiter, check_quota, quota_day
from services.gateway.policy import Rule, authorise
from shared.db import DB_POOL
from shared.errors import RateLimited
from shared.identity import IDENTITY
from shared.middlewares import Handler

RATE_LIMITER = web.AppKey("rate_limiter", RateLimiter)
RULE = web.RequestKey("rule", Rule)
UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def _rate_of(request: web.Request) -> float:
    key = request.get(API_KEY)
    if key is not None:
        return key.rate_per_second
    config = request.app[GATEWAY_CONFIG]
    return config.rate_anonymous if request[IDENTITY].kind == "anonymous" else config.rate_person


async def _limit(request: web.Request) -> None:
    """Per-second rate per consumer, then (for keys) the daily quota in PostgreSQL."""
    identity = request[IDENTITY]
    try:
        request.app[RATE_LIMITER].check(identity.consumer, _rate_of(request))
    except RateLimited:
        request.app[GATEWAY_METRICS].limited.labels("rate").inc()
        raise


async def _count(request: web.Request) -> None:
    key = request.get(API_KEY)
    if key is None:
        return
    now = datetime.now(UTC)
    count = await count_request(request.app[DB_POOL], consumer=key.consumer, day=quota_day(now))
    try:
        check_quota(count, key.daily_quota, now)
    except RateLimited:
        request.app[GATEWAY_METRICS].limited.labels("quota").inc()
        raise


@web.middleware
async def gatekeeper(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Attach the caller's identity, apply limits and the route table, then call the handler."""
    if request.path in UNLIMITED_PATHS:
        return await handler(request)
    request[IDENTITY] = await authenticate_request(request)
    await _limit(request)
    if request.path.startswith("/api/"):
        request[RULE] = authorise(request.method, request.path, request[IDENTITY], request.headers)
        await _count(request)
    return await handler(request)
