"""HTTP handlers for the queue, statistics, the applicant's overview and the auditors' audit log."""

from __future__ import annotations

from aiohttp import web
from marshmallow import Schema, ValidationError, validate, validates_schema

from services.validation.applications.routes import PRIVATE, TRACKING_HEADER, LanguageQuerySchema, tracking_code
from services.validation.applications.service import parse_id
from services.validation.cases import service
from services.validation.clock import clock_of
from services.validation.workflow.domain import STATES
from shared import fields
from shared.body import load_body, load_query
from shared.db import DB_POOL
from shared.etag import json_response
from shared.identity import INTERNAL_SECRET, identity_of
from shared.openapi import Endpoint
from shared.pagination import PageTokens, page_of, page_request


class QueueQuerySchema(Schema):
    """Filters of the caseworker queue."""

    state = fields.List(fields.String(validate=validate.OneOf(STATES)), metadata={"description": "Default: open"})
    role = fields.String(validate=validate.Length(min=1, max=60))
    waitingLongerThanDays = fields.Integer(validate=validate.Range(0, 3650))
    assignedToMe = fields.Boolean()
    limit = fields.Integer(validate=validate.Range(1, 500))
    pageToken = fields.String()


class QueueItemSchema(Schema):
    """A case in the queue (protected identities without name)."""

    id = fields.UUID(required=True)
    reference = fields.String(required=True)
    targetRole = fields.String(required=True)
    state = fields.String(required=True)
    name = fields.Dict(allow_none=True)
    protectedIdentity = fields.Boolean()
    submittedAt = fields.DateTime()
    stateChangedAt = fields.DateTime()
    daysWaiting = fields.Integer()
    assignedTo = fields.String(allow_none=True)
    flaggedWaiting = fields.Boolean()


class QueuePageSchema(Schema):
    """One page of the queue."""

    data = fields.List(fields.Nested(QueueItemSchema), required=True)
    pageToken = fields.String(allow_none=True)


class SearchSchema(Schema):
    """What a caseworker searches for, in the body so a personal number never appears in a URL or a log."""

    query = fields.String(
        required=True,
        validate=validate.Length(min=3, max=100),
        metadata={"description": "A reference (or its beginning), a name, or a personal number"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class SearchPageSchema(Schema):
    """The matching cases, newest first (a name never finds a protected identity)."""

    data = fields.List(fields.Nested(QueueItemSchema), required=True)


class StatisticsSchema(Schema):
    """Aggregate figures (purged cases still counted)."""

    total = fields.Integer()
    purged = fields.Integer()
    byState = fields.Dict(keys=fields.String(), values=fields.Integer())
    byRole = fields.Dict(keys=fields.String(), values=fields.Integer())
    byOutcome = fields.Dict(keys=fields.String(), values=fields.Integer())
    medianDaysToDecision = fields.Float(allow_none=True)


class OverviewSchema(Schema):
    """The applicant's own view, with texts in the applicant's language (one of seven)."""

    id = fields.UUID()
    reference = fields.String()
    version = fields.Integer()
    language = fields.String()
    targetRole = fields.String()
    targetRoleTitle = fields.String(metadata={"description": "The role's name in the overview's language"})
    state = fields.Dict()
    nextStep = fields.Dict()
    missingDocuments = fields.List(fields.Dict())
    advice = fields.List(fields.Dict())
    assessment = fields.Dict(allow_none=True)
    decision = fields.Dict(allow_none=True)
    certificateUrl = fields.String(allow_none=True)


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


async def list_cases(request: web.Request) -> web.Response:
    """The caseworker queue, oldest first."""
    filters = load_query(request, QueueQuerySchema)
    tokens = PageTokens(request.app[INTERNAL_SECRET], "validation.cases")
    page = page_request(request, tokens)
    rows = await service.queue(
        request.app[DB_POOL],
        identity=identity_of(request),
        filters=filters,
        after=page.after,
        limit=page.limit,
        clock=clock_of(request),
    )
    data, token, headers = page_of(request, tokens, rows, page, key=lambda r: [r["submittedAt"], r["id"]])
    return json_response(request, {"data": list(data), "pageToken": token}, headers={**PRIVATE, **headers})


async def search_cases(request: web.Request) -> web.Response:
    """Cases by reference, name or personal number (staff only; audited)."""
    body = await load_body(request, SearchSchema)
    rows = await service.search(request.app[DB_POOL], identity=identity_of(request), text=body["query"],
                                limit=body["limit"], clock=clock_of(request))  # fmt: skip
    return json_response(request, {"data": rows}, headers=PRIVATE)


async def get_statistics(request: web.Request) -> web.Response:
    """Counts per state, role and outcome; median days to a decision."""
    body = await service.statistics(request.app[DB_POOL], identity=identity_of(request))
    return json_response(request, body, headers=PRIVATE)


async def get_overview(request: web.Request) -> web.Response:
    """The applicant's own view of the case."""
    query = load_query(request, LanguageQuerySchema)
    body = await service.overview(
        request.app[DB_POOL],
        application_id=parse_id(request.match_info["id"]),
        identity=identity_of(request),
        tracking_code=tracking_code(request),
        lang=query.get("lang"),
        today=clock_of(request).today(),
    )
    return json_response(request, body, headers=PRIVATE)


async def list_audit_log(request: web.Request) -> web.Response:
    """Audit entries for auditors, filtered, newest first, keyset-paged."""
    query = load_query(request, AuditQuerySchema)
    filters = {("from" if k == "from_" else k): v for k, v in query.items() if k not in ("limit", "pageToken")}
    tokens = PageTokens(request.app[INTERNAL_SECRET], "validation.audit-log")
    page = page_request(request, tokens)
    rows = await service.audit_log(
        request.app[DB_POOL], identity=identity_of(request), filters=filters, after=page.after, limit=page.limit
    )
    data, token, headers = page_of(request, tokens, rows, page, key=lambda r: [r["id"]])
    return json_response(request, {"data": list(data), "pageToken": token}, headers={**PRIVATE, **headers})


ENDPOINTS = [
    Endpoint(
        "GET", "/v1/cases", list_cases, "The caseworker queue", "listCases", tags=("cases",),
        query=QueueQuerySchema, response=QueuePageSchema, errors=(400, 422),
    ),
    Endpoint(
        "POST", "/v1/cases/search", search_cases, "Search cases by reference, name or personal number",
        "searchCases", tags=("cases",), body=SearchSchema, response=SearchPageSchema, errors=(400, 401, 403, 422),
    ),
    Endpoint(
        "GET", "/v1/statistics", get_statistics, "Case statistics", "getStatistics", tags=("cases",),
        response=StatisticsSchema, errors=(),
    ),
    Endpoint(
        "GET", "/v1/applications/{id}/overview", get_overview, "The applicant's own view of a case",
        "getApplicationOverview", tags=("applications",), query=LanguageQuerySchema, response=OverviewSchema,
        errors=(404, 422), headers=(TRACKING_HEADER,),
    ),
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
]  # fmt: skip
