"""The applicant's own entry points: their cases in brief, and finding a case by reference + tracking code."""

from __future__ import annotations

from aiohttp import web
from marshmallow import Schema, validate

from services.validation.applications import service
from services.validation.applications.routes import (
    PRIVATE,
    TRACKING_HEADER,
    LanguageQuerySchema,
    case_response,
    tracking_code,
)
from services.validation.applications.schemas import ApplicationSchema
from services.validation.clock import clock_of
from shared import fields
from shared.body import load_body, load_query
from shared.db import DB_POOL
from shared.etag import json_response
from shared.identity import identity_of
from shared.openapi import Endpoint


class LookupSchema(Schema):
    """The reference printed on the receipt."""

    reference = fields.NumericString(required=True, validate=validate.Length(min=3, max=40))


class MyCaseSchema(Schema):
    """One of the applicant's cases, in brief."""

    id = fields.UUID(required=True)
    reference = fields.String(required=True)
    targetRole = fields.String(required=True)
    state = fields.String(required=True)
    submittedAt = fields.DateTime(required=True)
    stateChangedAt = fields.DateTime(required=True)
    outcome = fields.String(allow_none=True)
    version = fields.Integer(required=True)


class MyCaseListSchema(Schema):
    """The applicant's cases, newest first."""

    data = fields.List(fields.Nested(MyCaseSchema), required=True)
    pageToken = fields.String(allow_none=True)


async def lookup_application(request: web.Request) -> web.Response:
    """Find a case by reference; access is proved with X-Tracking-Code (or by being its signed-in owner)."""
    query = load_query(request, LanguageQuerySchema)
    data = await load_body(request, LookupSchema)
    body = await service.lookup(
        request.app[DB_POOL],
        reference=data["reference"].strip(),
        identity=identity_of(request),
        tracking_code=tracking_code(request),
        lang=query.get("lang"),
        today=clock_of(request).today(),
    )
    return case_response(request, body)


async def list_my_cases(request: web.Request) -> web.Response:
    """The signed-in applicant's own cases (the gateway's /api/me/overview reads this)."""
    cases = await service.my_cases(request.app[DB_POOL], identity=identity_of(request))
    return json_response(request, {"data": cases, "pageToken": None}, headers=PRIVATE)


ENDPOINTS = [
    Endpoint("POST", "/v1/applications/lookup", lookup_application, "Find an application by its reference",
             "lookupApplication", tags=("applications",), body=LookupSchema, query=LanguageQuerySchema,
             response=ApplicationSchema, errors=(400, 404, 415, 422), headers=(TRACKING_HEADER,),
             description="Anonymous applicants send the reference in the body and the tracking code in "
             "X-Tracking-Code; a wrong pair is 404, exactly like a reference that does not exist."),
    Endpoint("GET", "/v1/me/cases", list_my_cases, "My validation cases", "listMyCases",
             tags=("applications",), response=MyCaseListSchema, errors=(403,)),
]  # fmt: skip
