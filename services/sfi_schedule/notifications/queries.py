"""The sfi schema's side of the shared outbox: find offers to remind of, read whom to reach."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from uuid import UUID

import asyncpg

from services.sfi_schedule.notifications.domain import ADMINS, OFFER_REMINDER
from services.sfi_schedule.notifications.texts import CATALOGUES
from shared.outbox.people import Contact, Contacts


async def learner_contact(conn: asyncpg.Connection, *, learner_id: UUID) -> asyncpg.Record | None:
    """A learner's e-mail and phone now (to choose the channel; the address itself is read again when sending)."""
    return await conn.fetchrow("SELECT email, phone FROM sfi.learners WHERE id = $1", learner_id)


async def published_start(conn: asyncpg.Connection, *, group_id: UUID) -> date | None:
    """The first day of a group as published."""
    return await conn.fetchval(
        "SELECT (doc ->> 'startDate')::date FROM sfi.published_groups WHERE group_id = $1", group_id
    )


async def offers_to_remind(
    conn: asyncpg.Connection, *, now: datetime, lead: timedelta, limit: int
) -> list[asyncpg.Record]:
    """Open offers that run out within ``lead`` of ``now`` and were made longer than ``lead`` before they run out,
    with no reminder queued yet; joined with their group and learner."""
    return await conn.fetch(
        "SELECT o.id, o.learner_id, o.expires_at, g.name AS group_name, g.course_code, "
        "       (g.doc ->> 'startDate')::date AS start_date, l.email, l.phone "
        "FROM sfi.offers o JOIN sfi.published_groups g ON g.group_id = o.group_id "
        "JOIN sfi.learners l ON l.id = o.learner_id "
        "WHERE o.status = 'open' AND o.expires_at > $1 AND o.expires_at <= $1 + $2::interval "
        "  AND o.offered_at < o.expires_at - $2::interval "
        "  AND (coalesce(l.email, '') <> '' OR coalesce(l.phone, '') <> '') "
        "  AND NOT EXISTS (SELECT 1 FROM outbox m WHERE m.topic = $3 AND m.dedupe_key = 'offer-reminder:' || o.id) "
        "ORDER BY o.expires_at LIMIT $4",
        now, lead, OFFER_REMINDER, limit,
    )  # fmt: skip


def contacts(admin_emails: Sequence[str], admin_language: str) -> Contacts:
    """Whom each subject is reached at when a message is sent: a learner's e-mail, phone and language as
    they are now, the administrators' addresses and language from the settings (none set: nobody)."""

    async def read(conn: asyncpg.Connection, ids: list[UUID]) -> dict[UUID, Contact]:
        rows = await conn.fetch(
            "SELECT id, email, phone, preferred_language FROM sfi.learners WHERE id = ANY($1::uuid[])", ids
        )
        found = {r["id"]: Contact(r["email"], r["phone"], CATALOGUES.language(r["preferred_language"])) for r in rows}
        if ADMINS in ids and admin_emails:
            found[ADMINS] = Contact(", ".join(admin_emails), None, CATALOGUES.language(admin_language))
        return found

    return read
