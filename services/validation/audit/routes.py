"""HTTP handler of the auditors' audit-log API."""

from __future__ import annotations

from aiohttp import web
from marshmallow import Schema, ValidationError, validate, validates_schema

from services.validation.applications.routes import PRIVATE
from services.validation.audit import service
from shared import fields
from shared.body import load_query
from shared.db import DB_POOL
from shared.etag import json_response
from shared.identity import INTERNAL_SECRET, identity_of
from shared.openapi import Endpoint
from shared.pagination import PageTokens, page_of, page_request


class AuditQuerySchema(Schema):
    """Filters of the audit log; every one given must match."""

    applicationId = fields.UUID(metadata={"description": "Entries about this case"})
    actor = fields.String(validate=validate.Length(min=1, max=200), metadata={"description": "Who acted"})
    action = fields.String(
        validate=validate.Length(min=1, max=100),
        metadata={"description": "The kind of entry, e.g. application.read, document.disclosed, decision.recorded"},
    )
    from_ = fields.AwareDateTime(data_key="from", metadata={"description": "At or after (ISO 8601 with offset)"})
    to = fields.AwareDateTime(metadata={"description": "Before (ISO 8601 with offset)"})
    limit = fields.Integer(validate=validate.Range(1, 500))
    pageToken = fields.String()

    @validates_schema
    def _period(self, data: dict, **kwargs) -> None:
        if data.get("from_") and data.get("to") and data["to"] <= data["from_"]:
            raise ValidationError("must be after from", "to")


class AuditEntrySchema(Schema):
    """One entry of the append-only audit log."""

    id = fields.Integer(required=True)
    action = fields.String(required=True)
    actor = fields.String(required=True)
    actorRole = fields.String(required=True)
    applicationId = fields.UUID(allow_none=True)
    documentId = fields.UUID(allow_none=True)
    detail = fields.Dict(required=True)
    at = fields.DateTime(required=True)


class AuditPageSchema(Schema):
    """One page of the audit log, newest first."""

    data = fields.List(fields.Nested(AuditEntrySchema), required=True)
    pageToken = fields.String(allow_none=True)


async def list_audit_log(request: web.Request) -> web.Response:
    """Audit entries for auditors, filtered, newest first, keyset-paged."""
    query = load_query(request, AuditQuerySchema)
    filters = {("from" if k == "from_" else k): v for k, v in query.items() if k not in ("limit", "pageToken")}
    tokens = PageTokens(request.app[INTERNAL_SECRET], "validation.audit-log")
    page = page_request(request, tokens)
    rows = await service.search(
        request.app[DB_POOL], identity=identity_of(request), filters=filters, after=page.after, limit=page.limit
    )
    data, token, headers = page_of(request, tokens, rows, page, key=lambda r: [r["id"]])
    return json_response(request, {"data": list(data), "pageToken": token}, headers={**PRIVATE, **headers})


ENDPOINTS = [
    Endpoint(
        "GET",
        "/v1/audit-log",
        list_audit_log,
        "Read the audit log",
        "listAuditLog",
        tags=("audit",),
        query=AuditQuerySchema,
        response=AuditPageSchema,
        errors=(400, 401, 403, 422),
        description="Auditors only (403 for everyone else). Filters by case (`applicationId`), `actor`, `action` "
        "(the kind of entry) and time (`from` inclusive, `to` exclusive, ISO 8601 with offset); newest first, "
        '`limit` (default 50, max 500) and an opaque `pageToken`, with a `Link: rel="next"` header. Each read '
        "is itself audited as `audit_log.read` with its filters.",
    ),
]
