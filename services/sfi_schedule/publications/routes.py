"""Publication endpoints: request one now or for later, read the history with diffs."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.admin.common import ADMIN_ROLE, once_of, require_admin
from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.publications import service
from services.sfi_schedule.publications.schemas import (
    PublicationListSchema,
    PublicationRequestSchema,
    PublicationSchema,
)
from services.sfi_schedule.wire import list_response, path_id, tokens
from shared.body import load_body, schema_instance
from shared.db import DB_POOL
from shared.etag import json_response
from shared.identity import identity_of
from shared.openapi import Endpoint
from shared.pagination import page_request


async def create_publication(request: web.Request) -> web.Response:
    """Publish the draft now, or schedule it."""
    identity = require_admin(request)
    data = await load_body(request, PublicationRequestSchema)
    once = once_of(request, schema_instance(PublicationRequestSchema).dump(data))
    outcome = await service.publish(
        request.app[DB_POOL], request.app[CONFIG], publish_at=data["publish_at"], note=data["note"],
        requested_by=identity.sub, once=once,
    )  # fmt: skip
    return json_response(request, outcome.body, status=outcome.status)


async def list_publications(request: web.Request) -> web.Response:
    """Publications newest first; only administrators see scheduled and cancelled ones."""
    admin = identity_of(request).has_role(ADMIN_ROLE)
    signer = tokens(request, f"sfi.publications.{admin}")
    page = await service.list_page(request.app[DB_POOL], published_only=not admin, page=page_request(request, signer))
    return list_response(request, signer, page)


async def get_publication(request: web.Request) -> web.Response:
    """One publication with its diff (scheduled and cancelled ones for administrators only)."""
    admin = identity_of(request).has_role(ADMIN_ROLE)
    body = await service.get_one(request.app[DB_POOL], publication_id=path_id(request), published_only=not admin)
    return json_response(request, body)


async def withdraw_publication(request: web.Request) -> web.Response:
    """Cancel a scheduled publication."""
    require_admin(request)
    return json_response(request, await service.cancel(request.app[DB_POOL], publication_id=path_id(request)))


_T = ("publications",)
ENDPOINTS = [
    Endpoint("POST", "/v1/publications", create_publication, "Publish the draft now or at a set time",
             "createPublication", tags=_T, body=PublicationRequestSchema, response=PublicationSchema, status=201,
             headers=("Idempotency-Key",)),
    Endpoint("GET", "/v1/publications", list_publications, "List publications", "listPublications", tags=_T,
             response=PublicationListSchema, public=True),
    Endpoint("GET", "/v1/publications/{id}", get_publication, "Read a publication and its diff", "getPublication",
             tags=_T, response=PublicationSchema, public=True, errors=(404,)),
    Endpoint("POST", "/v1/publications/{id}/cancel", withdraw_publication, "Cancel a scheduled publication",
             "cancelPublication", tags=_T, response=PublicationSchema, errors=(404, 409)),
]  # fmt: skip
