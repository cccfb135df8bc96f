"""Publication endpoints: request one now or for later, read the history with diffs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from aiohttp import web
from marshmallow import Schema, fields, validate

from services.sfi_schedule.admin.common import ADMIN_ROLE, create_once, found, require_admin
from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.publications import queries, service
from services.sfi_schedule.wire import path_id
from shared.body import load_body
from shared.db import DB_POOL, transaction
from shared.errors import ValidationFailed
from shared.etag import json_response
from shared.identity import INTERNAL_SECRET, identity_of
from shared.openapi import Endpoint
from shared.pagination import PageTokens, page_of, page_request


class PublicationRequestSchema(Schema):
    """Publish the draft now (no publishAt) or at a given time."""

    publishAt = fields.AwareDateTime(load_default=None, allow_none=True, attribute="publish_at")
    note = fields.String(load_default="", validate=validate.Length(max=500))


class PublicationSchema(Schema):
    """A publication: scheduled, published (immutable version with a diff) or cancelled."""

    id = fields.UUID()
    version = fields.Integer(allow_none=True)
    status = fields.String()
    publishAt = fields.DateTime(attribute="publish_at")
    publishedAt = fields.DateTime(attribute="published_at", allow_none=True)
    note = fields.String()
    createdAt = fields.DateTime(attribute="created_at")
    diff = fields.Dict(
        allow_none=True, metadata={"description": "added, removed, changed, occurrencesCancelled, summary"}
    )


class PublicationListSchema(Schema):
    """A page of publications, newest first."""

    data = fields.List(fields.Nested(PublicationSchema), required=True)
    pageToken = fields.String(allow_none=True)


_pub = PublicationSchema()


def _body(row: Any) -> dict[str, Any]:
    return _pub.dump(dict(row))


async def create_publication(request: web.Request) -> web.Response:
    """Publish the draft now, or schedule it."""
    identity = require_admin(request)
    data = await load_body(request, PublicationRequestSchema)
    if data["publish_at"] and data["publish_at"] > datetime.now(UTC) + timedelta(days=366):
        raise ValidationFailed.field("/publishAt", "must be within a year")
    async with transaction(request.app[DB_POOL]) as conn:

        async def work() -> dict[str, Any]:
            pid = await service.request(
                conn, request.app[CONFIG], publish_at=data["publish_at"], note=data["note"], requested_by=identity.sub
            )
            return _body(await queries.get_publication(conn, id=pid))

        outcome = await create_once(conn, request, PublicationRequestSchema().dump(data), work)
    return json_response(request, outcome.body, status=outcome.status)


async def list_publications(request: web.Request) -> web.Response:
    """Publications newest first; only administrators see scheduled and cancelled ones."""
    admin = identity_of(request).has_role(ADMIN_ROLE)
    tokens = PageTokens(request.app[INTERNAL_SECRET], f"sfi.publications.{admin}")
    page = page_request(request, tokens)
    after, after_id = (datetime.fromisoformat(page.after[0]), UUID(page.after[1])) if page.after else (None, None)
    async with request.app[DB_POOL].acquire() as conn:
        rows = await queries.list_publications(
            conn, published_only=not admin, after=after, after_id=after_id, limit=page.limit + 1
        )
    rows, token, headers = page_of(request, tokens, rows, page, key=lambda r: [r["created_at"].isoformat(), r["id"]])
    return json_response(request, {"data": [_body(r) for r in rows], "pageToken": token}, headers=headers)


async def get_publication(request: web.Request) -> web.Response:
    """One publication with its diff."""
    async with request.app[DB_POOL].acquire() as conn:
        row = found(await queries.get_publication(conn, id=path_id(request)), "publication")
    if row["status"] != "published" and not identity_of(request).has_role(ADMIN_ROLE):
        found(None, "publication")
    return json_response(request, _body(row))


async def withdraw_publication(request: web.Request) -> web.Response:
    """Cancel a scheduled publication."""
    require_admin(request)
    async with transaction(request.app[DB_POOL]) as conn:
        await service.withdraw(conn, publication_id=path_id(request))
        row = await queries.get_publication(conn, id=path_id(request))
    return json_response(request, _body(row))


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
