"""``GET /api/follow-up/v1/targets`` (JSON), ``…/targets.csv`` and ``…/metrics`` (gauges): every export logged."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from marshmallow import Schema, fields

from services.gateway.followup.collect import collect, log_export
from services.gateway.followup.formats import to_csv, to_metrics
from shared.body import load_query
from shared.clock import clock_of
from shared.etag import json_response
from shared.followup import Window, WindowQuerySchema, require_statistics, resolve_window
from shared.identity import IDENTITY, Identity
from shared.openapi import Endpoint

PRIVATE = {"Cache-Control": "private, no-store"}


class TargetsSchema(Schema):
    """Both services' figures over one window, the targets with their verdicts, and what could not be fetched.

    Every value about fewer than 5 persons is ``{"suppressed": true}`` with the number left out.
    """

    window = fields.Dict(required=True, metadata={"description": "from, to, period, asOf"})
    minPersons = fields.Integer(required=True, metadata={"description": "Values about fewer are suppressed"})
    sfiStart = fields.Dict(allow_none=True, required=True)
    sfiResults = fields.Dict(allow_none=True, required=True)
    workOrStudies = fields.Dict(allow_none=True, required=True)
    placements = fields.Dict(allow_none=True, required=True)
    validation = fields.Dict(allow_none=True, required=True)
    targets = fields.List(fields.Dict(), required=True)
    complete = fields.Boolean(required=True)
    missing = fields.List(fields.String(), required=True, metadata={"description": "Services that did not answer"})


async def _document(request: web.Request, fmt: str) -> dict[str, Any]:
    identity: Identity = request[IDENTITY]
    require_statistics(identity)
    window: Window = resolve_window(load_query(request, WindowQuerySchema), clock_of(request).today())
    doc = await collect(request, identity, window)
    await log_export(request.app, identity=identity, fmt=fmt, doc=doc)
    return doc


async def get_targets(request: web.Request) -> web.Response:
    """The target figures as JSON."""
    return json_response(request, await _document(request, "json"), headers=PRIVATE)


async def get_targets_csv(request: web.Request) -> web.Response:
    """The target figures as CSV (one row per value)."""
    body = to_csv(await _document(request, "csv"))
    disposition = 'attachment; filename="lotsen-follow-up.csv"'
    return web.Response(body=body, content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": disposition, **PRIVATE})  # fmt: skip


async def get_metrics(request: web.Request) -> web.Response:
    """The target figures as gauges: OpenMetrics when the scraper asks for it, else the Prometheus text format."""
    doc = await _document(request, "openmetrics")
    body, media = to_metrics(doc, openmetrics="application/openmetrics-text" in request.headers.get("Accept", ""))
    return web.Response(body=body, headers={"Content-Type": media, **PRIVATE})


_T = ("follow-up",)
# OpenMetrics when the scraper's Accept asks for it, else the Prometheus text format: both are answers.
GAUGES_RESPONSE = {"description": "Gauges", "content": {media: {"schema": {"type": "string"}} for media in (
    "application/openmetrics-text", "text/plain")}}  # fmt: skip
_DOC = ("Aggregates only, for auditors, administrators and keys with statistics:read. Every export is logged. "
        "Values about fewer than 5 persons are {\"suppressed\": true} (CSV: \"< 5\"; gauges: no sample).")  # fmt: skip
ENDPOINTS = [
    Endpoint("GET", "/api/follow-up/v1/targets", get_targets, "The municipality's target figures",
             "getFollowupTargets", tags=_T, query=WindowQuerySchema, response=TargetsSchema, errors=(422,),
             description=_DOC),
    Endpoint("GET", "/api/follow-up/v1/targets.csv", get_targets_csv, "The target figures as CSV",
             "getFollowupTargetsCsv", tags=_T, query=WindowQuerySchema, response_media="text/csv", errors=(422,),
             description=_DOC),
    Endpoint("GET", "/api/follow-up/v1/metrics", get_metrics, "The target figures as OpenMetrics gauges",
             "getFollowupMetrics", tags=_T, query=WindowQuerySchema, response_media="application/openmetrics-text",
             errors=(422,), description=_DOC, extra_responses={200: GAUGES_RESPONSE}),
]  # fmt: skip
