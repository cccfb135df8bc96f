"""HTTP handlers for submitting, reading and changing applications (workflow steps, assignment, occupations)."""

from __future__ import annotations

from aiohttp import web
from marshmallow import Schema, validate

from services.validation.applications import changes, service
from services.validation.applications.schemas import (
    ApplicationCreateSchema,
    ApplicationSchema,
    OccupationMappingSchema,
)
from services.validation.clock import clock_of
from services.validation.messages import LANGUAGES
from services.validation.workflow.schemas import AssignmentSchema, TransitionSchema
from shared import fields
from shared.body import load_body, load_query
from shared.db import DB_POOL
from shared.errors import NotFound
from shared.etag import etag_of_version, json_response
from shared.idempotency import idempotency_key
from shared.identity import identity_of
from shared.openapi import Endpoint

TRACKING_HEADER = "X-Tracking-Code"
PRIVATE = {"Cache-Control": "private, no-store"}


class LanguageQuerySchema(Schema):
    """The language of the texts in the answer (default: the applicant's preferred language, else Swedish)."""

    lang = fields.String(validate=validate.OneOf(LANGUAGES))


class EventSchema(Schema):
    """One entry of the case's append-only event log."""

    from_ = fields.String(data_key="from", allow_none=True)
    to = fields.String(required=True)
    actor = fields.String(required=True)
    actorRole = fields.String(required=True)
    reason = fields.String(allow_none=True)
    at = fields.DateTime(required=True)


class EventListSchema(Schema):
    """The event log of a case."""

    data = fields.List(fields.Nested(EventSchema), required=True)
    pageToken = fields.String(allow_none=True)


def tracking_code(request: web.Request) -> str | None:
    """The anonymous applicant's proof of access: a header, never a URL parameter."""
    return request.headers.get(TRACKING_HEADER)


def case_response(request: web.Request, body: dict, *, status: int = 200, headers: dict | None = None) -> web.Response:
    """A case with its version ETag (what If-Match must name) and no caching by shared caches."""
    return json_response(
        request, body, status=status, etag=etag_of_version(body["version"]), headers={**PRIVATE, **(headers or {})}
    )


async def submit_application(request: web.Request) -> web.Response:
    """Submit an application (signed-in resident or anonymous)."""
    identity = identity_of(request)
    key = idempotency_key(request)
    data = await load_body(request, ApplicationCreateSchema)
    outcome = await service.submit(
        request.app[DB_POOL], identity=identity, data=data, key=key, today=clock_of(request).today()
    )
    headers = {"Location": f"/v1/applications/{outcome.body['id']}"}
    if outcome.replayed:
        headers["Idempotent-Replayed"] = "true"
    return case_response(request, outcome.body, status=201, headers=headers)


async def get_application(request: web.Request) -> web.Response:
    """One application, for its applicant, caseworkers and auditors."""
    query = load_query(request, LanguageQuerySchema)
    body = await service.read(
        request.app[DB_POOL],
        application_id=service.parse_id(request.match_info["id"]),
        identity=identity_of(request),
        tracking_code=tracking_code(request),
        lang=query.get("lang"),
        today=clock_of(request).today(),
    )
    return case_response(request, body)


async def list_events(request: web.Request) -> web.Response:
    """The case's event log."""
    events = await service.event_log(
        request.app[DB_POOL],
        application_id=service.parse_id(request.match_info["id"]),
        identity=identity_of(request),
        tracking_code=tracking_code(request),
    )
    return json_response(request, {"data": events, "pageToken": None}, headers=PRIVATE)


async def post_transition(request: web.Request) -> web.Response:
    """Move the case to another state (If-Match required)."""
    data = await load_body(request, TransitionSchema)
    body = await changes.transition(
        request.app[DB_POOL],
        application_id=service.parse_id(request.match_info["id"]),
        identity=identity_of(request),
        tracking_code=tracking_code(request),
        if_match=request.headers.get("If-Match"),
        target=data["to"],
        reason=data.get("reason"),
        assessment=data.get("assessment"),
        today=clock_of(request).today(),
    )
    return case_response(request, body)


async def put_assignment(request: web.Request) -> web.Response:
    """Assign the case to a caseworker (If-Match required)."""
    data = await load_body(request, AssignmentSchema)
    body = await changes.assign(
        request.app[DB_POOL],
        application_id=service.parse_id(request.match_info["id"]),
        identity=identity_of(request),
        if_match=request.headers.get("If-Match"),
        assignee=data["assignee"],
        today=clock_of(request).today(),
    )
    return case_response(request, body)


def _entry_index(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 3:
        raise NotFound("No such experience entry")
    return int(raw)


async def put_occupation(request: web.Request) -> web.Response:
    """A caseworker sets the SSYK code of one experience entry (If-Match required)."""
    data = await load_body(request, OccupationMappingSchema)
    body = await changes.map_occupation(
        request.app[DB_POOL],
        application_id=service.parse_id(request.match_info["id"]),
        index=_entry_index(request.match_info["index"]),
        identity=identity_of(request),
        if_match=request.headers.get("If-Match"),
        ssyk=data["ssyk"],
        today=clock_of(request).today(),
    )
    return case_response(request, body)


ENDPOINTS = [
    Endpoint(
        "POST",
        "/v1/applications",
        submit_application,
        "Submit a validation application",
        "submitApplication",
        tags=("applications",),
        body=ApplicationCreateSchema,
        response=ApplicationSchema,
        status=201,
        public=True,
        errors=(400, 403, 415, 422),  # 403: staff do not submit applications of their own
        headers=("Idempotency-Key",),
        description="Anonymous applicants get a reference and a one-time tracking code (shown only here); "
        "they prove access later with the X-Tracking-Code header.",
    ),
    Endpoint(
        "GET",
        "/v1/applications/{id}",
        get_application,
        "Read an application",
        "getApplication",
        tags=("applications",),
        query=LanguageQuerySchema,
        response=ApplicationSchema,
        errors=(404, 422),
        headers=(TRACKING_HEADER,),
    ),
    Endpoint(
        "GET",
        "/v1/applications/{id}/events",
        list_events,
        "Read the case's event log",
        "listApplicationEvents",
        tags=("workflow",),
        response=EventListSchema,
        errors=(404,),
        headers=(TRACKING_HEADER,),
    ),
    Endpoint(
        "POST",
        "/v1/applications/{id}/transitions",
        post_transition,
        "Move a case to another state",
        "transitionApplication",
        tags=("workflow",),
        body=TransitionSchema,
        response=ApplicationSchema,
        errors=(400, 403, 404, 409, 412, 415, 422, 428),
        headers=("If-Match", TRACKING_HEADER),
        description="submitted → mapping → supplement_requested ⇄ mapping → assessment_scheduled → assessed → "
        "decided (via the decision endpoint) → closed; withdrawn by the applicant before a decision; rejected "
        "from mapping. An illegal step is 409 with `allowed` naming the possible next states. Auditors, and "
        "systems holding a tracking code without the validation:write scope, get 403.",
    ),
    Endpoint(
        "PUT",
        "/v1/applications/{id}/assignment",
        put_assignment,
        "Assign a case to a caseworker",
        "assignApplication",
        tags=("workflow",),
        body=AssignmentSchema,
        response=ApplicationSchema,
        errors=(400, 403, 404, 412, 415, 422, 428),
        headers=("If-Match",),
    ),
    Endpoint(
        "PUT",
        "/v1/applications/{id}/experience/{index}/occupation",
        put_occupation,
        "Map an experience entry's occupation to its SSYK code",
        "mapExperienceOccupation",
        tags=("workflow",),
        body=OccupationMappingSchema,
        response=ApplicationSchema,
        errors=(400, 403, 404, 412, 415, 422, 428),
        headers=("If-Match",),
        description="Caseworkers only. `index` is the entry's position in `experience` (0 first). The code "
        "decides whether the entry counts for the role's experience route; it overrides the applicant's own "
        "`ssyk`, and null removes it. Audited as `experience.mapped`.",
    ),
]
