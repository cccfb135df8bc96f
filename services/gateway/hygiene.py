"""CORS for configured origins and security headers on every answer."""

from __future__ import annotations

from aiohttp import web

from services.gateway.config import GATEWAY_CONFIG
from shared.app import SETTINGS

ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE"
ALLOW_HEADERS = (
    "Authorization, X-API-Key, Content-Type, Idempotency-Key, If-Match, If-None-Match, "
    "X-Request-ID, X-Tracking-Code, traceparent"
)
EXPOSE_HEADERS = "ETag, Link, Location, Retry-After, X-Request-ID"


def _allowed_origin(request: web.Request) -> str | None:
    origin = request.headers.get("Origin")
    if origin is None:
        return None
    origins = request.app[GATEWAY_CONFIG].cors_origins
    return origin if origin in origins or "*" in origins else None


def is_preflight(request: web.Request) -> bool:
    """A CORS preflight (browsers send it without credentials, so it is answered before authentication)."""
    return request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers


def preflight_answer(request: web.Request) -> web.Response:
    """204, with the CORS grant when the origin is allowed."""
    origin = _allowed_origin(request)
    if origin is None:
        return web.Response(status=204)
    return web.Response(
        status=204,
        headers={
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": "600",
            "Vary": "Origin",
        },
    )


SERVER = "lotsen"  # no product versions: they only help an attacker pick an exploit
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    # Answers that are not pages (JSON, files) may load nothing; pages set their own policy (web/render.py).
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: security headers on everything, CORS headers for allowed origins."""
    headers = response.headers
    headers["Server"] = SERVER  # also over a service's own, relayed with its answer
    for name, value in SECURITY_HEADERS:
        if name not in headers:
            headers[name] = value
    app = request.app
    if HSTS[0] not in headers and not app[SETTINGS].dev:
        headers[HSTS[0]] = HSTS[1]
    if response.status == 408:  # the rest of a too-slow body is not worth waiting for
        response.force_close()
        headers["Connection"] = "close"
    if "Origin" in request.headers:
        origin = _allowed_origin(request)
        if origin is not None:
            headers["Access-Control-Allow-Origin"] = origin
            headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
            headers["Vary"] = "Origin"
