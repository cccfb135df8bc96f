"""Filling free seats of a locked group from its wait-list, in original queue order, as offers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from uuid import uuid4

import asyncpg

from services.sfi_schedule.enrolment import queries
from services.sfi_schedule.notifications.service import offered

# May the waiting entry's learner take a seat in this group (``rules_only``: no rule refuses them), or does it
# fit them as matching would propose it (an "any group that fits me" entry)? ``matching.fit.fit_check``.
FitCheck = Callable[..., Awaitable[bool]]
BATCH = 50


async def free_seats(conn: asyncpg.Connection, group: asyncpg.Record) -> int:
    """Seats of a locked group neither taken nor held by an open offer."""
    return max(0, group["capacity"] - await queries.taken_seats(conn, group_id=group["id"]))


async def fill_free_seats(
    conn: asyncpg.Connection,
    group: asyncpg.Record,
    *,
    hours: float,
    fits: FitCheck,
    actor: str,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Offer every free seat of the (locked, published) group to the first in line; return the offers made.

    Each offer runs ``hours`` from ``now``: a job told what time it is (``expire_offers``) gives the next in
    line their full time from then, so a second replica run at that same time does not find the new offer due.
    """
    if not group["published"]:
        return []
    seats = await free_seats(conn, group)
    if seats == 0:
        return []
    made: list[dict[str, Any]] = []
    for entry in await queries.candidates(conn, group_id=group["id"], course=group["course_code"], limit=BATCH):
        if len(made) == seats:
            break
        direct = entry["group_id"] == group["id"] or group["id"] in entry["alternatives"]
        if not await fits(conn, group["id"], entry, rules_only=direct):
            continue  # a rule refuses them now (their busy time changed, say): the seat goes to the next in line
        made.append(await _offer(conn, group, entry, hours=hours, actor=actor, direct=direct, now=now))
    return made


async def _offer(
    conn: asyncpg.Connection,
    group: asyncpg.Record,
    entry: asyncpg.Record,
    *,
    hours: float,
    actor: str,
    direct: bool,
    now: datetime | None,
) -> dict[str, Any]:
    offer = await queries.insert_offer(
        conn, offer_id=uuid4(), enrolment_id=entry["id"], group_id=group["id"], learner_id=entry["learner_id"],
        hours=hours, now=now,
    )  # fmt: skip
    await queries.set_status(conn, enrolment_id=entry["id"], status="offered")
    await offered(conn, offer=offer, group=group)  # the learner hears of it, with the deadline, in their language
    how = (
        "waits for this group"
        if entry["group_id"] == group["id"]
        else "named it as an alternative"
        if direct
        else "takes any group that fits"
    )
    await queries.log(
        conn, action="offered", actor=actor, group_id=group["id"], learner_id=entry["learner_id"],
        enrolment_id=entry["id"], offer_id=offer["id"],
        reason=f"A seat is free in {group['name']}; first in line by queue time ({how})",
        details={"queueSeq": entry["queue_seq"], "queuedAt": entry["queued_at"].isoformat(),
                 "expiresAt": offer["expires_at"].isoformat()},
    )  # fmt: skip
    return dict(offer)
