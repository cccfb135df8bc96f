"""Offers of freed seats: accept, decline, expire (a job, exactly once across replicas), and the free-seat sweep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.enrolment import queries
from services.sfi_schedule.enrolment.access import ensure_may_act
from services.sfi_schedule.enrolment.checks import refuse_by_rules
from services.sfi_schedule.enrolment.domain import after_unaccepted_offer
from services.sfi_schedule.enrolment.seats import fill_free_seats
from services.sfi_schedule.enrolment.views import enrolment_view, offer_view
from services.sfi_schedule.matching.fit import fit_check
from shared.clock import local_date
from shared.db import transaction
from shared.errors import Conflict, NotFound
from shared.identity import Identity

JOB_ACTOR = "system:offer-job"


async def _locked_offer(
    conn: asyncpg.Connection, offer_id: UUID, identity: Identity, *, taking: Taking | None = None
) -> tuple[Any, Any]:
    """Lock the offer's group, then the offer (group before offer: the one lock order of seat decisions).

    ``taking`` (accepting the seat) first applies every rule of an enrolment (``refuse_by_rules``: the
    learner may have changed since they queued), the agreed work placements under the learner's lock: the
    learner before the group, the order enrolment and publications keep too.
    """
    offer = await queries.get_offer(conn, offer_id=offer_id)
    if offer is None:
        raise NotFound("No such offer")
    await ensure_may_act(conn, identity, offer)
    if taking is not None:
        await refuse_by_rules(conn, learner_id=offer["learner_id"], group_id=offer["group_id"], config=taking.config,
                              today=taking.today, accept_language=taking.accept_language)  # fmt: skip
    group = await queries.lock_group(conn, group_id=offer["group_id"])
    offer = await queries.lock_offer(conn, offer_id=offer_id)
    if offer["status"] != "open":
        raise Conflict(f"This offer is already {offer['status']}")
    if offer["expired"]:
        raise Conflict(f"This offer expired at {offer['expires_at'].isoformat()}; it passes to the next in line")
    return group, offer


@dataclass(frozen=True, slots=True)
class Taking:
    """What accepting a seat is checked with: the rules' settings, today, and the language to refuse in."""

    config: SfiConfig
    today: date
    accept_language: str | None = None


async def accept(
    pool: asyncpg.Pool,
    *,
    offer_id: UUID,
    identity: Identity,
    config: SfiConfig,
    today: date,
    accept_language: str | None = None,
) -> dict[str, Any]:
    """Take the offered seat (refused, as an enrolment is, when a rule keeps the learner out of the group now)."""
    async with transaction(pool) as conn:
        group, offer = await _locked_offer(conn, offer_id, identity, taking=Taking(config, today, accept_language))
        await queries.close_offer(conn, offer_id=offer_id, status="accepted")
        row = await queries.set_status(
            conn, enrolment_id=offer["enrolment_id"], status="enrolled", group_id=group["id"], alternatives=[]
        )
        await queries.log(
            conn, action="accepted", reason=f"offer of a seat in {group['name']} accepted", actor=identity.sub,
            group_id=group["id"], learner_id=offer["learner_id"], enrolment_id=row["id"], offer_id=offer_id,
        )  # fmt: skip
        return enrolment_view(row, group_name=group["name"], position=None, offer=None)


async def decline(
    pool: asyncpg.Pool, *, offer_id: UUID, identity: Identity, config: SfiConfig, today: date
) -> dict[str, Any]:
    """Say no to the offered seat; it passes to the next in line at once."""
    async with transaction(pool) as conn:
        group, offer = await _locked_offer(conn, offer_id, identity)
        row = await _close_unaccepted(conn, group, offer, outcome="declined", actor=identity.sub)
        fits = fit_check(config, today)
        await fill_free_seats(conn, group, hours=config.offer_hours, fits=fits, actor=identity.sub)
        closed = await queries.get_offer(conn, offer_id=offer_id)
        place = None
        if row["status"] == "waitlisted":
            place = await queries.position(conn, group_id=row["group_id"], queue_seq=row["queue_seq"])
        body = enrolment_view(row, group_name=None, position=place, offer=None)
        return {**body, "declinedOffer": offer_view(closed, group_name=group["name"])}


async def _close_unaccepted(
    conn: asyncpg.Connection, group: Any, offer: Any, *, outcome: str, actor: str
) -> asyncpg.Record:
    entry = await queries.get_enrolment(conn, enrolment_id=offer["enrolment_id"], lock=True)
    after = after_unaccepted_offer(
        outcome=outcome,  # type: ignore[arg-type]
        offered_group=group["id"],
        primary_group=entry["group_id"],
        alternatives=entry["alternatives"],
    )
    await queries.close_offer(conn, offer_id=offer["id"], status=outcome)
    row = await queries.set_status(
        conn, enrolment_id=entry["id"], status=after.status, alternatives=list(after.alternatives)
    )
    what = "declined" if outcome == "declined" else "not accepted in time"
    rest = "left the wait-list" if after.status == outcome else "still waits for the first choice"
    await queries.log(
        conn, action=outcome, reason=f"offer of a seat in {group['name']} {what}; the learner {rest}", actor=actor,
        group_id=group["id"], learner_id=entry["learner_id"], enrolment_id=entry["id"], offer_id=offer["id"],
        details={"expiresAt": offer["expires_at"].isoformat()},
    )  # fmt: skip
    return row


async def expire_offers(pool: asyncpg.Pool, *, config: SfiConfig, now: datetime) -> int:
    """Expire open offers past their time and pass each seat on; safe to run on every replica at once.

    Each group is locked with SKIP LOCKED, and offers are re-read under that lock, so an offer is expired
    (and its seat offered onwards) by exactly one replica.
    """
    today = local_date(now)
    async with pool.acquire() as conn:
        group_ids = await queries.groups_with_due_offers(conn, now=now, limit=100)
    expired = 0
    for group_id in group_ids:
        async with transaction(pool) as conn:
            group = await queries.lock_group(conn, group_id=group_id, skip_locked=True)
            if group is None:
                continue  # another replica (or an enrolment) holds it; the next tick sees what is left
            for offer in await queries.due_offers(conn, group_id=group_id, now=now):
                await _close_unaccepted(conn, group, offer, outcome="expired", actor=JOB_ACTOR)
                expired += 1
            await fill_free_seats(conn, group, hours=config.offer_hours, fits=fit_check(config, today), actor=JOB_ACTOR,
                                  now=now)  # fmt: skip
    return expired


async def sweep_free_seats(pool: asyncpg.Pool, *, config: SfiConfig, today: date) -> int:
    """Offer seats that are free while someone waits (capacity raised, a new group, "any group that fits")."""
    async with pool.acquire() as conn:
        group_ids = await queries.groups_with_free_seats_and_waiters(conn, today=today, limit=100)
    made = 0
    for group_id in group_ids:
        async with transaction(pool) as conn:
            group = await queries.lock_group(conn, group_id=group_id, skip_locked=True)
            if group is not None:
                fit = fit_check(config, today)
                made += len(await fill_free_seats(conn, group, hours=config.offer_hours, fits=fit, actor=JOB_ACTOR))
    return made
