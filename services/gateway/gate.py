"""The gateway's own middleware: answer CORS preflights, authenticate, limit, authorise, count — in that order.

Why this order: authentication first, because limits and rules depend on who is calling; the
per-second limit before authorisation, so probing for routes one may not use is throttled too; the daily
quota last, so only requests that will really be forwarded count against it. A body still arriving is
watched for read deadlines only after all that (a refused request never reads its body), and only for
the handler's time with it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from services.gateway.apidoc import DOC_CACHE
from services.gateway.auth import API_KEY, authenticate_request
from services.gateway.bodies import BodyWatch
from services.gateway.config import GATEWAY_CONFIG, GatewayConfig
from services.gateway.gwmetrics import GATEWAY_METRICS
from services.gateway.hygiene import is_preflight, preflight_answer
from services.gateway.keys.domain import ApiKey
from services.gateway.keys.queries import count_request
from services.gateway.limits import RateLimiter, check_quota, quota_day
from services.gateway.policy import Rule, authorise, find_upstream
from shared.db import DB_POOL
from shared.errors import NotFound, RateLimited
from shared.identity import IDENTITY, Identity
from shared.middlewares import Handler

RATE_LIMITER = web.AppKey("rate_limiter", RateLimiter)
BODY_WATCH = web.AppKey("body_watch", BodyWatch)
RULE = web.RequestKey("rule", Rule)
UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def _rate_of(app: web.Application, identity: Identity, key: ApiKey | None) -> float:
    if key is not None:
        return key.rate_per_second
    config = app[GATEWAY_CONFIG]
    return config.rate_anonymous if identity.kind == "anonymous" else config.rate_person


def _limit(app: web.Application, identity: Identity, key: ApiKey | None) -> None:
    """Per-second rate per consumer (in memory; the daily quota is counted in ``_count``)."""
    try:
        app[RATE_LIMITER].check(identity.consumer, _rate_of(app, identity, key))
    except RateLimited:
        app[GATEWAY_METRICS].limited.labels("rate").inc()
        raise


async def _count(app: web.Application, key: ApiKey) -> None:
    """Count a forwarded request against the key's daily quota in PostgreSQL."""
    now = datetime.now(UTC)
    count = await count_request(app[DB_POOL], consumer=key.consumer, day=quota_day(now))
    try:
        check_quota(count, key.daily_quota, now)
    except RateLimited:
        app[GATEWAY_METRICS].limited.labels("quota").inc()
        raise


def _body_seconds(request: web.Request, config: GatewayConfig, rule: Rule | None) -> float:
    """How long the whole body may take: the upload deadline for uploads (API or page), else the body time."""
    upload = rule.upload if rule is not None else request.content_type == "multipart/form-data"
    return config.upload_deadline if upload else config.body_seconds


def _refuse_undeclared_method(request: web.Request, path: str) -> None:
    """405 with ``Allow`` for a method the merged document does not declare on a proxied path it knows.

    Decided before authentication, like a service's router would: the document is public, so an anonymous
    PUT on a known path learns nothing from 405 that 401 would hide. OPTIONS is left to CORS and the service.
    """
    if request.method == "OPTIONS" or find_upstream(path) is None:
        return
    allowed = request.app[DOC_CACHE].allowed_methods(path)
    if allowed is not None and request.method not in allowed:
        raise web.HTTPMethodNotAllowed(request.method, sorted(allowed))


@web.middleware
async def gatekeeper(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer CORS preflights; attach the caller's identity, apply limits and the route table; call the handler."""
    if is_preflight(request):
        return preflight_answer(request)
    path = request.path
    app = request.app
    if request.match_info.http_exception is not None:
        return await handler(request)  # the gateway's router: unknown path 404, undeclared method 405 with Allow
    _refuse_undeclared_method(request, path)
    if path in UNLIMITED_PATHS:
        if path != "/healthz" and app[GATEWAY_CONFIG].internal_only:
            raise NotFound("Served on the internal port only")
        return await handler(request)
    identity = request[IDENTITY] = await authenticate_request(request)
    key = request.get(API_KEY)
    _limit(app, identity, key)
    rule = None
    if path.startswith("/api/"):
        rule = request[RULE] = authorise(request.method, path, identity, request.headers)
        if key is not None:
            await _count(app, key)
    if not request.body_exists or request.content.is_eof():
        return await handler(request)
    # A body still arriving is watched until the handler is done with it.
    watch = app[BODY_WATCH]
    watched = watch.watch(request.content, _body_seconds(request, app[GATEWAY_CONFIG], rule))
    try:
        return await handler(request)
    finally:
        watch.unwatch(watched)
