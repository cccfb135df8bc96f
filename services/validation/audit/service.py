"""Reading the audit log: for auditors only, filtered and paged, and every read of it is itself audited."""

from __future__ import annotations

from typing import Any

import asyncpg

from services.validation.applications.domain import AUDITOR_ROLE
from services.validation.audit import queries
from shared.db import transaction
from shared.errors import Forbidden
from shared.identity import Identity


def _entry(row: asyncpg.Record) -> dict[str, Any]:
    return {
        "id": row["id"],
        "action": row["action"],
        "actor": row["actor"],
        "actorRole": row["actor_role"],
        "applicationId": str(row["application_id"]) if row["application_id"] else None,
        "documentId": str(row["document_id"]) if row["document_id"] else None,
        "detail": row["detail"],
        "at": row["at"].isoformat(),
    }


def _filters_detail(filters: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else str(v)) for k, v in filters.items()}


async def search(
    pool: asyncpg.Pool, *, identity: Identity, filters: dict[str, Any], after: list[Any] | None, limit: int
) -> list[dict[str, Any]]:
    """One page (limit + 1 rows, for the paging helper) of entries matching ``filters``, newest first.

    The read is written to the log in the same transaction (``audit_log.read`` with the filters), so who
    looked at whose trail is itself on the trail.
    """
    identity.require_role(AUDITOR_ROLE)
    if identity.kind != "person":
        raise Forbidden("The audit log is for signed-in auditors")
    async with transaction(pool) as conn:
        rows = await queries.search(
            conn,
            application_id=filters.get("applicationId"),
            actor=filters.get("actor"),
            action=filters.get("action"),
            since=filters.get("from"),
            until=filters.get("to"),
            before_id=int(after[0]) if after else None,
            limit=limit + 1,
        )
        await queries.record(
            conn,
            action="audit_log.read",
            actor=identity.sub,
            actor_role="auditor",
            application_id=None,  # the filter may name a case that does not exist; it is kept in the detail
            detail={"filters": _filters_detail(filters), "entries": min(len(rows), limit)},
        )
    return [_entry(r) for r in rows]
