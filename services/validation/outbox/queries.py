"""The validation schema's side of the shared outbox: read whom a case's messages reach, forget a purged case's."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from services.validation.outbox.texts import CATALOGUES
from shared.outbox import queries as outbox
from shared.outbox.people import Contact


async def contacts(conn: asyncpg.Connection, ids: list[UUID]) -> dict[UUID, Contact]:
    """E-mail, phone and language of the cases ``ids`` as they are now; a purged case has none."""
    rows = await conn.fetch(
        "SELECT id, details -> 'contact' AS contact, preferred_language FROM applications "
        "WHERE id = ANY($1::uuid[]) AND purged_at IS NULL",
        ids,
    )
    return {
        r["id"]: Contact((r["contact"] or {}).get("email"), (r["contact"] or {}).get("phone"),
                         CATALOGUES.language(r["preferred_language"]))
        for r in rows
    }  # fmt: skip


async def delete_for_application(conn: asyncpg.Connection, *, application_id: UUID) -> int:
    """Forget a purged case's messages (and their attempts); return how many."""
    return await outbox.delete_for_subject(conn, subject_id=application_id)
