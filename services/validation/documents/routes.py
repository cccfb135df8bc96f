"""HTTP handlers for uploading and downloading documents."""

from __future__ import annotations

import base64
import urllib.parse

from aiohttp import web
from marshmallow import Schema

from services.validation.applications.routes import PRIVATE, TRACKING_HEADER, tracking_code
from services.validation.applications.service import parse_id
from services.validation.config import CONFIG
from services.validation.documents import service
from services.validation.documents.domain import KINDS, safe_filename
from services.validation.documents.upload import read_upload
from shared import fields
from shared.db import DB_POOL
from shared.errors import NotFound
from shared.etag import json_response
from shared.identity import identity_of
from shared.openapi import Endpoint


class DocumentUploadSchema(Schema):
    """multipart/form-data: the document's kind and the file (type detected from the content)."""

    kind = fields.String(required=True, metadata={"enum": list(KINDS)})
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class DocumentSchema(Schema):
    """A stored document's metadata."""

    id = fields.UUID(required=True)
    kind = fields.String(required=True)
    filename = fields.String(required=True)
    mediaType = fields.String(required=True)
    sizeBytes = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    uploadedAt = fields.DateTime(required=True)


def attachment(filename: str) -> str:
    """``Content-Disposition: attachment`` with an ASCII fallback name and the real one (RFC 6266, RFC 8187)."""
    fallback = "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{urllib.parse.quote(filename, safe='')}"


def _document_id(raw: str):
    try:
        return parse_id(raw)
    except NotFound:
        raise NotFound("No such document") from None


async def upload_document(request: web.Request) -> web.Response:
    """Upload one document to a case."""
    pool, identity, code = request.app[DB_POOL], identity_of(request), tracking_code(request)
    application_id = parse_id(request.match_info["id"])
    await service.check_may_upload(pool, application_id=application_id, identity=identity, tracking_code=code)
    upload = await read_upload(request, max_file_bytes=request.app[CONFIG].max_file_bytes)
    body = await service.store(
        pool,
        application_id=application_id,
        identity=identity,
        tracking_code=code,
        upload=upload,
        config=request.app[CONFIG],
    )
    location = f"/v1/applications/{application_id}/documents/{body['id']}"
    return json_response(request, body, status=201, headers={**PRIVATE, "Location": location})


async def download_document(request: web.Request) -> web.Response:
    """Download a document (the applicant or a caseworker)."""
    doc = await service.disclose(
        request.app[DB_POOL],
        application_id=parse_id(request.match_info["id"]),
        document_id=_document_id(request.match_info["documentId"]),
        identity=identity_of(request),
        tracking_code=tracking_code(request),
    )
    digest = base64.b64encode(bytes.fromhex(doc["sha256"])).decode()
    headers = {
        **PRIVATE,
        "Content-Disposition": attachment(safe_filename(doc["filename"], doc["media_type"])),
        "X-Content-Type-Options": "nosniff",
        # Even opened in place, the bytes run nothing and load nothing.
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Repr-Digest": f"sha-256=:{digest}:",
    }
    return web.Response(body=doc["content"], content_type=doc["media_type"], headers=headers)


ENDPOINTS = [
    Endpoint(
        "POST",
        "/v1/applications/{id}/documents",
        upload_document,
        "Upload a document to a case",
        "uploadDocument",
        tags=("documents",),
        body=DocumentUploadSchema,
        media="multipart/form-data",
        response=DocumentSchema,
        status=201,
        errors=(400, 403, 404, 409, 413, 415, 422),
        headers=(TRACKING_HEADER,),
        description="PDF, JPEG, PNG, DOC, DOCX or UTF-8 text, judged from the content; HTML, SVG, XML and "
        "anything else is 415. The stored name ends as the real type does. A malformed multipart body is 400. "
        "Per-file and per-case limits (LOTSEN_VALIDATION_MAX_FILE_SIZE, LOTSEN_VALIDATION_MAX_APPLICATION_SIZE) "
        "give 413. Auditors, and systems holding a tracking code without validation:write, get 403.",
    ),
    Endpoint(
        "GET",
        "/v1/applications/{id}/documents/{documentId}",
        download_document,
        "Download a document",
        "downloadDocument",
        tags=("documents",),
        response_media="application/octet-stream",
        errors=(403, 404),
        headers=(TRACKING_HEADER,),
    ),
]
