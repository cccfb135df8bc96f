"""``GET /api/me/overview``: the calling person's cases, enrolments and suggested groups in one answer.

The three parts are fetched concurrently; a part whose service is down, slow or not answering 200 is
left out and named in ``missing`` with ``complete: false`` — the page still shows what is there.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import web
from marshmallow import Schema, fields

from services.gateway.config import GATEWAY_CONFIG
from services.gateway.proxy import UPSTREAM_POOLS, trace_headers
from services.gateway.upstream import Call, UpstreamPool, fetch
from shared.errors import DomainError, Forbidden
from shared.etag import json_response
from shared.identity import HEADER, IDENTITY, INTERNAL_SECRET, sign_identity
from shared.openapi import Endpoint

log = logging.getLogger("lotsen.gateway.overview")
OVERVIEW_DEADLINE = 3.0
# (part name in `missing`, response field, upstream, method, path, body)
PARTS = (
    ("validation.cases", "cases", "validation", "GET", "/v1/me/cases", None),
    ("sfi.enrolments", "enrolments", "sfi", "GET", "/v1/me/enrolments", None),
    ("sfi.matches", "suggestedGroups", "sfi", "POST", "/v1/matches", b"{}"),
)


class OverviewSchema(Schema):
    """What the person has going on, and whether every part could be fetched."""

    cases = fields.List(fields.Dict(), allow_none=True, required=True, metadata={"description": "Validation cases"})
    enrolments = fields.List(
        fields.Dict(),
        allow_none=True,
        required=True,
        metadata={"description": "SFI enrolments, wait-list positions and open offers"},
    )
    suggested_groups = fields.List(fields.Dict(), data_key="suggestedGroups", allow_none=True, required=True)
    complete = fields.Boolean(required=True)
    missing = fields.List(fields.String(), required=True, metadata={"description": "Parts that could not be fetched"})


async def _fetch(pool: UpstreamPool, call: Call) -> Any:
    status, _, body = await fetch(pool, call)
    if status != 200:
        raise LookupError(status)
    doc = json.loads(body)
    return doc["data"] if isinstance(doc, dict) and "data" in doc else doc


async def overview(request: web.Request) -> web.Response:
    """Fetch the person's parts concurrently; name any that is missing."""
    identity = request[IDENTITY]
    if identity.kind != "person":
        raise Forbidden("The overview is for signed-in people")
    pools = request.app[UPSTREAM_POOLS]
    deadline = min(OVERVIEW_DEADLINE, request.app[GATEWAY_CONFIG].upstream_deadline)
    headers = {
        HEADER: sign_identity(identity, request.app[INTERNAL_SECRET]),
        "Content-Type": "application/json",
        "Accept": "application/json",
        **trace_headers(request),
    }
    calls = [_fetch(pools[up], Call(method, path, headers, body, deadline)) for _, _, up, method, path, body in PARTS]
    results = await asyncio.gather(*calls, return_exceptions=True)
    out: dict[str, Any] = {}
    missing = []
    for (part, field, *_), result in zip(PARTS, results, strict=True):
        if isinstance(result, DomainError | LookupError | ValueError):
            log.info("overview part missing: %s (%s)", part, type(result).__name__)
            missing.append(part)
            result = None
        elif isinstance(result, BaseException):
            raise result
        out[field] = result
    out["complete"] = not missing
    out["missing"] = missing
    return json_response(request, out, headers={"Cache-Control": "private, no-store"})


ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/me/overview",
        overview,
        "The signed-in person's cases, SFI enrolments and suggested groups",
        "getMyOverview",
        tags=("me",),
        response=OverviewSchema,
        errors=(),
    ),
]
