"""HTTP handlers of the case workflow."""

from __future__ import annotations

from aiohttp import web

from services.validation.applications.routes import TRACKING_HEADER, case_response, tracking_code
from services.validation.applications.schemas import ApplicationSchema
from services.validation.applications.service import parse_id
from services.validation.workflow import service
from services.validation.workflow.schemas import AssignmentSchema, TransitionSchema
from shared.body import load_body
from shared.db import DB_POOL
from shared.identity import identity_of
from shared.openapi import Endpoint


async def post_transition(request: web.Request) -> web.Response:
    """Move the case to another state (If-Match required)."""
    data = await load_body(request, TransitionSchema)
    body = await service.transition(
        request.app[DB_POOL],
        application_id=parse_id(request.match_info["id"]),
        identity=identity_of(request),
        tracking_code=tracking_code(request),
        if_match=request.headers.get("If-Match"),
        target=data["to"],
        reason=data.get("reason"),
        assessment=data.get("assessment"),
    )
    return case_response(request, body)


async def put_assignment(request: web.Request) -> web.Response:
    """Assign the case to a caseworker (If-Match required)."""
    data = await load_body(request, AssignmentSchema)
    body = await service.assign(
        request.app[DB_POOL],
        application_id=parse_id(request.match_info["id"]),
        identity=identity_of(request),
        if_match=request.headers.get("If-Match"),
        assignee=data["assignee"],
    )
    return case_response(request, body)


ENDPOINTS = [
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
        "from mapping. An illegal step is 409 with `allowed` naming the possible next states.",
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
]
