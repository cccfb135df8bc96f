"""The common skeleton of every Lotsen service: middlewares, health, metrics, OpenAPI, pool, jobs."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from shared.db import DB_POOL, pool_ctx
from shared.idempotency import purge_expired
from shared.identity import INTERNAL_SECRET, identity_middleware
from shared.logs import AccessLog
from shared.metrics import METRICS, HttpMetrics, metrics_handler
from shared.middlewares import ACCESS_LOG, SERVICE_NAME, observe, problems
from shared.openapi import ENDPOINTS, build_spec
from shared.scheduler import JOBS, Job, add_job, scheduler_ctx
from shared.settings import Settings, SettingsError

SETTINGS = web.AppKey("settings", Settings)
OPENAPI = web.AppKey("openapi", bytes)
Middleware = Callable[[web.Request, Any], Awaitable[web.StreamResponse]]
READINESS = web.AppKey("readiness", Any)
MAX_JSON_BODY = 1024**2


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    """What a service says about itself: name, schema, API title and version."""

    name: str
    schema: str
    title: str
    version: str = "1.0.0"
    description: str = ""


async def healthz(request: web.Request) -> web.Response:
    """Liveness: the process answers."""
    return web.json_response({"status": "ok"})


async def _flush_access_log(app: web.Application) -> None:
    """The last requests' lines before the process ends."""
    if app[ACCESS_LOG] is not None:
        app[ACCESS_LOG].flush()


async def readyz(request: web.Request) -> web.Response:
    """Readiness: the database answers within a second; the gateway also reports its upstreams."""
    pool = request.app.get(DB_POOL)
    checks: dict[str, str] = {}
    try:
        async with pool.acquire(timeout=1.0) as conn:
            await conn.fetchval("SELECT 1", timeout=1.0)
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = type(exc).__name__
    extra = request.app[READINESS]
    dependencies = await extra(request.app) if extra is not None else {}
    # Only the process's own database decides readiness. Dependencies (the gateway's upstreams) are
    # reported as "degraded": taking every gateway out of rotation because one service is down would
    # turn a partial outage (503 on that prefix) into a total one.
    ready = checks["database"] == "ok"
    status = "unavailable" if not ready else "ready" if all(v == "ok" for v in dependencies.values()) else "degraded"
    body = {"status": status, **checks, **dependencies}
    return web.json_response(body, status=200 if ready else 503, headers={} if ready else {"Retry-After": "2"})


async def openapi_handler(request: web.Request) -> web.Response:
    """The service's OpenAPI 3.1 document (built once at start-up)."""
    return web.Response(body=request.app[OPENAPI], content_type="application/json")


def _openapi_ctx(info: ServiceInfo):
    async def ctx(app: web.Application):
        doc = build_spec(info.title, info.version, app[ENDPOINTS], info.description)
        app[OPENAPI] = json.dumps(doc, ensure_ascii=False).encode()
        yield

    return ctx


def _purge_keys(schema: str, hours: int):
    """The job that forgets old idempotency keys of one service's schema."""

    async def run(app: web.Application) -> None:
        async with app[DB_POOL].acquire() as conn:
            await purge_expired(conn, schema=schema, hours=hours)

    return run


def base_app(
    settings: Settings,
    info: ServiceInfo,
    *,
    dsn: Callable[[], str] | None = None,
    client_max_size: int = MAX_JSON_BODY,
    auth_middleware: Middleware = identity_middleware,
    readiness: Callable[[web.Application], Awaitable[dict[str, str]]] | None = None,
) -> web.Application:
    """An app with the shared middlewares, health, metrics, OpenAPI, database pool and scheduler.

    Services verify the gateway's identity assertion (the default ``auth_middleware``); the gateway
    passes its own authentication instead.
    """
    app = web.Application(middlewares=[observe, problems, auth_middleware], client_max_size=client_max_size)
    app[READINESS] = readiness
    app[SETTINGS] = settings
    app[SERVICE_NAME] = info.name
    app[METRICS] = HttpMetrics.create(info.name)
    app[ACCESS_LOG] = AccessLog(info.name) if settings.access_log else None
    app.on_cleanup.append(_flush_access_log)
    app[INTERNAL_SECRET] = settings.internal_secret
    app[ENDPOINTS] = []
    app[JOBS] = []
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_handler)
    app.router.add_get("/openapi.json", openapi_handler)

    def resolve_dsn() -> str:
        url = dsn() if dsn else settings.database_url
        if not url:
            raise SettingsError("DATABASE_URL is not set; start services with `lotsen up` or set DATABASE_URL")
        return url

    app.cleanup_ctx.append(
        pool_ctx(
            resolve_dsn,
            schema=info.schema,
            app_name=f"lotsen-{info.name}",
            min_size=settings.db_pool_min,
            max_size=settings.db_pool_max,
        )
    )
    add_job(app, Job(f"{info.schema}.idempotency-purge", _purge_keys(info.schema, settings.idempotency_hours), 3600))
    app.cleanup_ctx.append(scheduler_ctx(settings.scheduler_enabled))
    app.cleanup_ctx.append(_openapi_ctx(info))
    return app
