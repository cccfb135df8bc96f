"""Document use cases: store an upload atomically within the limits, disclose one to an entitled reader."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any
from uuid import UUID

import asyncpg

from services.validation.applications.domain import Access
from services.validation.applications.present import document_json
from services.validation.applications.service import find_case
from services.validation.audit import queries as audit
from services.validation.config import ValidationConfig
from services.validation.documents import queries
from services.validation.documents.upload import Upload
from services.validation.workflow.domain import TERMINAL
from shared.db import transaction
from shared.errors import Conflict, Forbidden, NotFound, PayloadTooLarge
from shared.identity import Identity

CLOSED_FOR_DOCUMENTS = TERMINAL | {"decided"}


async def check_may_upload(
    pool: asyncpg.Pool, *, application_id: UUID, identity: Identity, tracking_code: str | None
) -> None:
    """Refuse before reading any bytes: unknown or foreign case → 404, auditors → 403, closed → 409."""
    async with pool.acquire() as conn:
        case = await find_case(
            conn, application_id=application_id, identity=identity, tracking_code=tracking_code, audit_read=False
        )
    _check_state(case.row["state"], case.access)


def _check_state(state: str, access: Access) -> None:
    access.require_writable()
    if state in CLOSED_FOR_DOCUMENTS:
        raise Conflict(f"Documents can no longer be added to a case in state {state!r}", extra={"state": state})


async def store(
    pool: asyncpg.Pool,
    *,
    application_id: UUID,
    identity: Identity,
    tracking_code: str | None,
    upload: Upload,
    config: ValidationConfig,
) -> dict[str, Any]:
    """Store the file and its checksum in one transaction, under the per-application limit."""
    async with transaction(pool) as conn:
        case = await find_case(
            conn, application_id=application_id, identity=identity, tracking_code=tracking_code, lock=True
        )
        _check_state(case.row["state"], case.access)
        used = await queries.bytes_used(conn, application_id=application_id)
        if used + len(upload.content) > config.max_application_bytes:
            raise PayloadTooLarge(
                f"The case may hold at most {config.max_application_bytes} bytes of documents; {used} are used"
            )
        row = await queries.insert_document(
            conn,
            document_id=uuid.uuid4(),
            application_id=application_id,
            kind=upload.kind,
            filename=upload.filename,
            media_type=upload.media_type,
            sha256=hashlib.sha256(upload.content).hexdigest(),
            content=upload.content,
            uploaded_by=case.access.actor,
        )
        await queries.touch(conn, application_id=application_id)
        await audit.record(
            conn,
            action="document.upload",
            actor=case.access.actor,
            actor_role=case.access.role,
            application_id=application_id,
            document_id=row["id"],
            detail={"kind": upload.kind, "sizeBytes": len(upload.content)},
        )
    return document_json(row)


async def disclose(
    pool: asyncpg.Pool, *, application_id: UUID, document_id: UUID, identity: Identity, tracking_code: str | None
) -> asyncpg.Record:
    """A document for its owner or a caseworker; every disclosure to a caseworker is audited."""
    async with transaction(pool) as conn:
        case = await find_case(conn, application_id=application_id, identity=identity, tracking_code=tracking_code)
        if not (case.access.is_owner or case.access.is_caseworker):
            raise Forbidden("Only the applicant and caseworkers may read documents")
        doc = await queries.get_document(conn, application_id=application_id, document_id=document_id)
        if doc is None:
            raise NotFound("No such document")
        if case.access.is_caseworker:
            await audit.record(
                conn,
                action="document.disclosed",
                actor=case.access.actor,
                actor_role=case.access.role,
                application_id=application_id,
                document_id=document_id,
                detail={"kind": doc["kind"]},
            )
    return doc
