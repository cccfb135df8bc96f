"""``POST /v1/matches``: ranked groups with reasons."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.matching import service
from services.sfi_schedule.matching.schemas import MatchRequestSchema, MatchResultSchema
from services.sfi_schedule.wire import PageQuerySchema, list_response, tokens
from shared.body import load_body
from shared.db import DB_POOL
from shared.idempotency import request_fingerprint
from shared.identity import identity_of
from shared.openapi import Endpoint
from shared.pagination import page_request


async def post_match(request: web.Request) -> web.Response:
    """Match constraints (or the caller's stored profile) to published groups."""
    data = await load_body(request, MatchRequestSchema)
    signer = tokens(request, f"sfi.matches.{request_fingerprint(data)}")  # a token is for the same question only
    page = await service.match(
        request.app[DB_POOL],
        data=data,
        identity=identity_of(request),
        config=request.app[CONFIG],
        accept_language=request.headers.get("Accept-Language"),
        page=page_request(request, signer),
    )
    return list_response(request, signer, page)


ENDPOINTS = [
    Endpoint(
        "POST", "/v1/matches", post_match, "Find the SFI groups that fit a learner", "matchGroups", tags=("matching",),
        body=MatchRequestSchema, query=PageQuerySchema, response=MatchResultSchema, public=True,
        errors=(400, 404, 415, 422),
        description="Constraints in the body, or none to use the signed-in resident's profile. Reasons are "
        "message keys with parameters and a text in sv, en or ar (language, the profile, or Accept-Language). "
        "The groups that fit are a list (limit, pageToken: post the same body for the next page); nearMisses "
        "(at most limit) come on the first page.",
    ),
]  # fmt: skip
