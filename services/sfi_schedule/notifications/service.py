"""Queue the sfi service's messages: with the change that causes them, or (reminders) from a job."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import asyncpg

from services.sfi_schedule.notifications import queries
from services.sfi_schedule.notifications.domain import offer_reminder, publication_result, seat_offer
from shared.db import transaction
from shared.outbox.queries import enqueue_notice

BATCH = 200


async def offered(conn: asyncpg.Connection, *, offer: Any, group: Any) -> bool:
    """Tell the learner of the seat just offered, in the offer's transaction (both commit, or neither)."""
    learner = await queries.learner_contact(conn, learner_id=offer["learner_id"])
    starts = await queries.published_start(conn, group_id=offer["group_id"])
    facts = {"name": group["name"], "course_code": group["course_code"], "start_date": starts}
    return await enqueue_notice(conn, seat_offer(learner, offer, facts))


async def publication_done(
    conn: asyncpg.Connection, *, publication: Any, outcome: str, at: datetime, admin_emails: tuple[str, ...]
) -> bool:
    """Tell the administrators how a scheduled publication went, in its transaction (nobody set: nothing)."""
    if not admin_emails:
        return False
    return await enqueue_notice(conn, publication_result(publication, outcome=outcome, at=at))


async def remind_expiring_offers(pool: asyncpg.Pool, *, now: datetime, lead_hours: float) -> int:
    """Queue one reminder per open offer that runs out within ``lead_hours``; safe on every replica at once.

    The outbox holds one message per ``(kind, dedupe_key)``, so two replicas finding the same offer queue
    one reminder between them. An offer made less than ``lead_hours`` before it runs out gets none: the
    offer itself said when it ends.
    """
    queued = 0
    lead = timedelta(hours=lead_hours)
    while True:
        async with transaction(pool) as conn:
            rows = await queries.offers_to_remind(conn, now=now, lead=lead, limit=BATCH)
            now_queued = sum([await enqueue_notice(conn, offer_reminder(row)) for row in rows])
        queued += now_queued
        if len(rows) < BATCH or now_queued == 0:
            return queued
