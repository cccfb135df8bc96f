"""``POST /v1/admin/imports/schedule``: the CSV import through the API."""

from __future__ import annotations

from aiohttp import web
from marshmallow import Schema

from services.sfi_schedule.admin.common import require_admin
from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.imports.csv_import import import_schedule_csv
from shared import fields
from shared.body import load_query
from shared.db import DB_POOL
from shared.errors import BadRequest, FieldError, UnsupportedMediaType, ValidationFailed
from shared.etag import json_response
from shared.openapi import Endpoint


class ImportQuerySchema(Schema):
    """Import options."""

    force = fields.Boolean(load_default=False, metadata={"description": "Keep the good rows of a file with errors"})


class ImportReportSchema(Schema):
    """Counts and one entry per row: imported, refused (with field errors) or not_imported."""

    total = fields.Integer()
    imported = fields.Integer()
    refused = fields.Integer()
    committed = fields.Boolean()
    rows = fields.List(fields.Dict())


async def import_schedule(request: web.Request) -> web.Response:
    """Import draft groups from a CSV body; 422 with the report when rows were refused and nothing was kept."""
    require_admin(request)
    force = load_query(request, ImportQuerySchema)["force"]
    if request.content_type not in ("text/csv", "text/plain"):
        raise UnsupportedMediaType("Send the file as text/csv")
    try:
        text = (await request.read()).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadRequest("The file is not UTF-8") from None
    report = await import_schedule_csv(request.app[DB_POOL], text, commit_on_errors=force, config=request.app[CONFIG])
    if not report.committed:
        errors = [FieldError(f"/rows/{r.row}/{e['field']}", e["message"]) for r in report.rows for e in r.errors]
        error = ValidationFailed(errors, f"{report.refused} of {report.total} rows were refused; nothing was imported")
        error.extra["report"] = report.as_json()
        raise error
    return json_response(request, report.as_json())


ENDPOINTS = [
    Endpoint("POST", "/v1/admin/imports/schedule", import_schedule, "Import draft groups from CSV",
             "importSchedule", tags=("admin",), query=ImportQuerySchema, response=ImportReportSchema,
             media="text/csv", errors=(400, 415, 422)),
]  # fmt: skip
