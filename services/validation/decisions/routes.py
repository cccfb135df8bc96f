"""HTTP handlers for decisions and certificates."""

from __future__ import annotations

from aiohttp import web

from services.validation.applications.routes import (
    PRIVATE,
    TRACKING_HEADER,
    LanguageQuerySchema,
    case_response,
    tracking_code,
)
from services.validation.applications.schemas import ApplicationSchema
from services.validation.applications.service import parse_id
from services.validation.clock import clock_of
from services.validation.decisions import service
from services.validation.decisions.schemas import DecisionCreateSchema
from shared.body import load_body, load_query
from shared.db import DB_POOL
from shared.identity import identity_of
from shared.openapi import Endpoint


async def post_decision(request: web.Request) -> web.Response:
    """Record the decision of an assessed case (If-Match required)."""
    data = await load_body(request, DecisionCreateSchema)
    body = await service.record(
        request.app[DB_POOL],
        application_id=parse_id(request.match_info["id"]),
        identity=identity_of(request),
        if_match=request.headers.get("If-Match"),
        courses=data["courses"],
        note=data.get("note"),
        today=clock_of(request).today(),
    )
    return case_response(request, body)


async def get_certificate(request: web.Request) -> web.Response:
    """The certificate PDF of a decided case."""
    query = load_query(request, LanguageQuerySchema)
    reference, pdf = await service.certificate(
        request.app[DB_POOL],
        application_id=parse_id(request.match_info["id"]),
        identity=identity_of(request),
        tracking_code=tracking_code(request),
        lang=query.get("lang"),
    )
    headers = {**PRIVATE, "Content-Disposition": f'inline; filename="intyg-{reference}.pdf"'}
    return web.Response(body=pdf, content_type="application/pdf", headers=headers)


ENDPOINTS = [
    Endpoint(
        "POST",
        "/v1/applications/{id}/decision",
        post_decision,
        "Decide an assessed case",
        "decideApplication",
        tags=("decisions",),
        body=DecisionCreateSchema,
        response=ApplicationSchema,
        errors=(400, 403, 404, 409, 412, 415, 422, 428),
        headers=("If-Match",),
        description="Outcome full/partial/none per required course. Exactly one decision per case: a concurrent "
        "second attempt gets 412 (stale If-Match) or 409.",
    ),
    Endpoint(
        "GET",
        "/v1/applications/{id}/certificate",
        get_certificate,
        "Download the certificate (PDF)",
        "getCertificate",
        tags=("decisions",),
        query=LanguageQuerySchema,
        response_media="application/pdf",
        errors=(404, 422),
        headers=(TRACKING_HEADER,),
    ),
]
