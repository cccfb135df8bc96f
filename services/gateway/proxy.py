"""The proxy handler: route-table limits and deadlines, the signed identity, and the upstream call."""

from __future__ import annotations

import random
import re

from aiohttp import web

from services.gateway.apidoc import DOC_CACHE
from services.gateway.config import GATEWAY_CONFIG, GatewayConfig
from services.gateway.gate import RULE
from services.gateway.gwmetrics import GATEWAY_METRICS
from services.gateway.microcache import MICROCACHE, UNSAFE
from services.gateway.policy import find_upstream
from services.gateway.upstream import Call, CappedBody, UpstreamPool, outbound_headers, read_capped, relay
from shared.errors import NotFound, PayloadTooLarge
from shared.identity import HEADER, IDENTITY, INTERNAL_SECRET, sign_identity
from shared.middlewares import ROUTE_LABEL, request_id_of

UPSTREAM_POOLS = web.AppKey("upstream_pools", dict[str, UpstreamPool])
_TRACEPARENT = re.compile(r"[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")


def trace_headers(request: web.Request) -> dict[str, str]:
    """The request id, and a W3C ``traceparent`` (the client's if valid, else a fresh trace)."""
    out = {"X-Request-ID": request_id_of(request)}
    given = request.headers.get("traceparent")
    if given is None or not _TRACEPARENT.fullmatch(given):
        # Random and unique, not secret (W3C Trace Context): no system call per request. Zero is invalid.
        out["traceparent"] = f"00-{random.getrandbits(128) or 1:032x}-{random.getrandbits(64) or 1:016x}-01"
    return out


async def _body(request: web.Request, config: GatewayConfig, upload: bool) -> bytes | CappedBody | None:
    """The body to send: 413 up front on a too-large Content-Length; uploads stream, the rest is read whole."""
    if not request.body_exists:
        return None
    limit = config.max_upload_bytes if upload else config.max_json_bytes
    length = request.content_length
    if length is not None and length > limit:
        request.app[GATEWAY_METRICS].limited.labels("body").inc()
        raise PayloadTooLarge(f"The body is larger than {limit} bytes")
    if upload:
        return CappedBody(request.content, limit)
    try:
        return await read_capped(request, limit)
    except PayloadTooLarge:
        request.app[GATEWAY_METRICS].limited.labels("body").inc()
        raise


async def proxy(request: web.Request) -> web.StreamResponse:
    """Forward an authorised request to the owning service with the signed identity."""
    path = request.path
    found = find_upstream(path)
    if found is None:
        raise NotFound("No such API route")
    upstream, _ = found
    app = request.app
    request[ROUTE_LABEL] = app[DOC_CACHE].template_for(path)
    rule = request[RULE]
    # Authorised and counted by the gatekeeper already: a hit skips only the upstream hop (microcache.py).
    cache = app[MICROCACHE]
    look, store = cache.eligible(request, request[IDENTITY].kind == "anonymous")
    if look and (hit := cache.get(upstream.name, request)) is not None:
        return hit
    config = app[GATEWAY_CONFIG]
    headers = outbound_headers(
        request,
        {
            HEADER: sign_identity(request[IDENTITY], app[INTERNAL_SECRET]),
            # Where the service is mounted, so its problem documents name the public URL in "instance".
            "X-Forwarded-Prefix": upstream.prefix,
            **trace_headers(request),
        },
    )
    call = Call(
        method=request.method,
        path=request.raw_path[len(upstream.prefix) :],  # raw: percent-encoding reaches the service unchanged
        headers=headers,
        body=await _body(request, config, rule.upload),
        deadline=config.upload_deadline if rule.upload else config.upstream_deadline,
        public_prefix=upstream.prefix,
    )
    response = await relay(request, app[UPSTREAM_POOLS][upstream.name], call)
    if store:
        cache.put(upstream.name, request, response)
    elif request.method in UNSAFE and response.status < 400:
        cache.invalidate(upstream.name)
    return response
