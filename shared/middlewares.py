"""Middlewares every Lotsen process installs, outermost first.

Order (outermost first) and why:
1. ``observe`` — request id, timing, metrics and the access log. Outermost so it sees the final status
   of every response, problem responses included, and so every later log line carries the request id.
2. ``problems`` — turns domain errors, aiohttp HTTP errors, database outages and anything unexpected into
   problem+json. Inside ``observe`` (so the request id is known) and outside authentication and handlers
   (so a 401 from the identity check is rendered like any other error).
3. authentication (``shared.identity.identity_middleware`` in services, the gateway's own in the gateway).
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable

import asyncpg
import marshmallow
from aiohttp import web

from shared import texts
from shared.errors import DomainError, FieldError, errors_detail, marshmallow_errors
from shared.logs import AccessLog, request_id_var
from shared.metrics import METRICS
from shared.problems import problem_body, problem_response, slug_for

log = logging.getLogger("lotsen.http")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
REQUEST_ID = web.RequestKey("request_id", str)
# A handler that serves many paths (the gateway's proxy) may name the route template itself.
ROUTE_LABEL = web.RequestKey("route_label", str)
SERVICE_NAME = web.AppKey("service_name", str)
ACCESS_LOG = web.AppKey("access_log", AccessLog | None)

_VALID_RID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

# Database failures that mean "down right now", not "bad request": answered 503 with Retry-After.
DB_DOWN = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.ConnectionDoesNotExistError,
    # Raised when the server goes away mid-query (seen while PostgreSQL restarts): an outage, not a bug.
    asyncpg.InternalClientError,
)


def route_template(request: web.Request) -> str:
    """The matched route's template (``/v1/groups/{id}``), never the raw path."""
    try:
        return request[ROUTE_LABEL]
    except KeyError:
        pass
    info = request.match_info
    route = getattr(info, "route", None)
    resource = getattr(route, "resource", None)
    if resource is None:
        return "unmatched"
    return resource.canonical


_PREFIX = re.compile(r"^/api/[a-z_]+$")


def public_path(request: web.Request) -> str:
    """The path as the client used it: behind the gateway, prefixed with ``X-Forwarded-Prefix``."""
    prefix = request.headers.get("X-Forwarded-Prefix", "")
    return prefix + request.path if _PREFIX.match(prefix) else request.path


def request_id_of(request: web.Request) -> str:
    """The request id set by ``observe`` (or a fresh one outside it)."""
    try:
        return request[REQUEST_ID]
    except KeyError:
        return request_id_var.get()


@web.middleware
async def observe(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Accept or mint ``X-Request-ID``, then time, count and log the request."""
    rid = request.headers.get("X-Request-ID")
    if rid is None or not _VALID_RID.fullmatch(rid):
        rid = f"{random.getrandbits(128):032x}"  # unique, not secret: no system call per request
    request[REQUEST_ID] = rid
    token = request_id_var.set(rid)
    start = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        response.headers["X-Request-ID"] = rid
        return response
    except web.HTTPException as exc:
        status = exc.status
        exc.headers["X-Request-ID"] = rid
        raise
    finally:
        elapsed = time.perf_counter() - start
        route = route_template(request)
        app = request.app
        app[METRICS].record(request.method, route, status, elapsed)
        access = app[ACCESS_LOG]
        if access is not None:
            access.write(request_id=rid, method=request.method, route=route, status=status, ms=elapsed * 1e3)
        request_id_var.reset(token)


def _problem(request: web.Request, status: int, slug: str, title: str, detail: str | None, **kw) -> web.Response:
    """The problem document, its texts in the language ``Accept-Language`` asks for (else English).

    ``detail=None`` means "sum up the field errors" (after translating them)."""
    lang = texts.language_of(request.headers.get("Accept-Language"))
    errors = kw.pop("errors", None)
    if errors is not None:
        errors = [FieldError(e.pointer, texts.translate(e.message, lang)) for e in errors]
    detail = errors_detail(errors or ()) if detail is None else texts.translate(detail, lang)
    body = problem_body(
        status=status,
        slug=slug,
        title=texts.translate(title, lang),
        detail=detail,
        instance=public_path(request),
        request_id=request_id_of(request),
        errors=errors,
        extra=kw.pop("extra", None),
    )
    headers = {**(kw.pop("headers", None) or {}), "Content-Language": lang}
    return problem_response(body, headers)


@web.middleware
async def problems(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Map every error to problem+json; bad input never becomes a 500, internals never leak."""
    try:
        return await handler(request)
    except DomainError as exc:
        errors = getattr(exc, "errors", None)
        return _problem(
            request,
            exc.status,
            exc.slug,
            exc.title,
            None if getattr(exc, "detail_from_errors", False) else exc.detail,
            errors=errors,
            extra=exc.extra,
            headers=exc.headers,
        )
    except marshmallow.ValidationError as exc:
        errors = marshmallow_errors(exc.messages)
        return _problem(request, 422, "validation-error", "Invalid request", None, errors=errors)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        headers = {k: v for k, v in exc.headers.items() if k.lower() in ("allow", "retry-after", "www-authenticate")}
        detail = exc.text if exc.text and not exc.text.startswith(f"{exc.status}:") else exc.reason
        return _problem(request, exc.status, slug_for(exc.status), exc.reason, detail, headers=headers)
    except (asyncpg.DataError, asyncpg.IntegrityConstraintViolationError) as exc:
        # A safety net: input should be validated before SQL, but a value the database refuses is
        # still the caller's input, not our failure.
        log.warning("database refused input: %s", type(exc).__name__)
        status = 409 if isinstance(exc, asyncpg.IntegrityConstraintViolationError) else 422
        return _problem(request, status, slug_for(status), "Refused by the database", "A value was not acceptable")
    except (*DB_DOWN, TimeoutError) as exc:
        log.warning("dependency unavailable: %s", type(exc).__name__)
        return _problem(
            request,
            503,
            "service-unavailable",
            "Service unavailable",
            "A dependency is temporarily unavailable; retry shortly",
            headers={"Retry-After": "2"},
        )
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("unhandled error")
        return _problem(request, 500, "internal-error", "Internal error", "An unexpected error occurred")
