"""SQL for the audit log (the table refuses UPDATE and DELETE)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
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


async def search(
    conn: asyncpg.Connection,
    *,
    application_id: UUID | None,
    actor: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    before_id: int | None,
    limit: int,
) -> list[asyncpg.Record]:
    """Entries matching every given filter, newest first, keyset-paged on ``id`` (stable under inserts)."""
    return await conn.fetch(
        """
        SELECT id, action, actor, actor_role, application_id, document_id, detail, at
          FROM audit_log
         WHERE ($1::uuid IS NULL OR application_id = $1)
           AND ($2::text IS NULL OR actor = $2)
           AND ($3::text IS NULL OR action = $3)
           AND ($4::timestamptz IS NULL OR at >= $4)
           AND ($5::timestamptz IS NULL OR at < $5)
           AND ($6::bigint IS NULL OR id < $6)
         ORDER BY id DESC
         LIMIT $7
        """,
        application_id,
        actor,
        action,
        since,
        until,
        before_id,
        limit,
    )
