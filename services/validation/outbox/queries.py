"""The validation schema's side of the shared outbox: queue a notice, read whom a case's messages reach."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from services.validation.messages import skills_language as language  # e-mails: Swedish and English so far
from services.validation.outbox.domain import Message
from shared.outbox import queries as outbox
from shared.outbox.people import Contact


async def enqueue(conn: asyncpg.Connection, *, message: Message | None) -> bool:
    """Queue ``message`` in the caller's transaction (None: the applicant cannot be reached); False if queued before."""
    if message is None:
        return False
    return await outbox.enqueue(
        conn, kind=message.kind, topic=message.topic, payload=message.payload, dedupe_key=message.dedupe_key,
        subject_id=message.application_id,
    )  # fmt: skip


async def contacts(conn: asyncpg.Connection, ids: list[UUID]) -> dict[UUID, Contact]:
    """E-mail, phone and language of the cases ``ids`` as they are now; a purged case has none."""
    rows = await conn.fetch(
        "SELECT id, details -> 'contact' AS contact, preferred_language FROM applications "
        "WHERE id = ANY($1::uuid[]) AND purged_at IS NULL",
        ids,
    )
    return {
        r["id"]: Contact((r["contact"] or {}).get("email"), (r["contact"] or {}).get("phone"),
                         language(r["preferred_language"]))
        for r in rows
    }  # fmt: skip


async def delete_for_application(conn: asyncpg.Connection, *, application_id: UUID) -> int:
    """Forget a purged case's messages (and their attempts); return how many."""
    return await outbox.delete_for_subject(conn, subject_id=application_id)
