"""SQL for the audit log (the table refuses UPDATE and DELETE)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import asyncpg


async def record(
    conn: asyncpg.Connection,
    *,
    action: str,
    actor: str,
    actor_role: str,
    application_id: UUID | None,
    document_id: UUID | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Append one audit entry."""
    await conn.execute(
        "INSERT INTO audit_log (action, actor, actor_role, application_id, document_id, detail)"
        " VALUES ($1, $2, $3, $4, $5, $6)",
        action,
        actor,
        actor_role,
        application_id,
        document_id,
        dict(detail or {}),
    )


async def entries(conn: asyncpg.Connection, *, application_id: UUID) -> list[asyncpg.Record]:
    """Audit entries of one case, oldest first."""
    return await conn.fetch("SELECT * FROM audit_log WHERE application_id = $1 ORDER BY id", application_id)
