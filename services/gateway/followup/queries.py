"""SQL of the export log of the follow-up figures."""

from __future__ import annotations

from typing import Any

import asyncpg


async def log_export(
    conn: asyncpg.Connection, *, identity: Any, fmt: str, params: dict[str, Any], complete: bool
) -> None:
    """One row per export: the format, who asked (as what), for which window, whether every part was there."""
    await conn.execute(
        "INSERT INTO gateway.followup_exports (format, actor, actor_kind, consumer, request_id, params, complete) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        fmt,
        identity.sub,
        identity.kind,
        identity.consumer or identity.sub,
        identity.request_id,
        params,
        complete,
    )
