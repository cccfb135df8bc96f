"""HTTP handler of the validation figures."""

from __future__ import annotations

from aiohttp import web
from marshmallow import Schema, fields

from services.validation.followup.service import figures
from shared.body import load_query
from shared.clock import clock_of
from shared.db import DB_POOL
from shared.etag import json_response
from shared.followup import WindowQuerySchema, require_statistics, resolve_window
from shared.identity import identity_of
from shared.openapi import Endpoint


class ValidationFollowupFiguresSchema(Schema):
    """Decisions per role: how many, the median days to decide, the outcomes; small values suppressed."""

    window = fields.Dict(required=True)
    minPersons = fields.Integer(required=True)
    validation = fields.Dict(required=True)


async def get_figures(request: web.Request) -> web.Response:
    """The validation figures over a window (aggregates only; each call is logged)."""
    identity = identity_of(request)
    require_statistics(identity)
    window = resolve_window(load_query(request, WindowQuerySchema), clock_of(request).today())
    body = await figures(request.app[DB_POOL], identity=identity, window=window)
    return json_response(request, body, headers={"Cache-Control": "private, no-store"})


ENDPOINTS = [
    Endpoint("GET", "/v1/follow-up/figures", get_figures, "Lead time and outcome of validation decisions per role",
             "getValidationFollowupFigures", tags=("follow-up",), query=WindowQuerySchema,
             response=ValidationFollowupFiguresSchema, errors=(422,),
             description="Aggregates only: every value about fewer than 5 persons is {\"suppressed\": true}; "
             "each call is logged."),
]  # fmt: skip
