"""The administrators' view of enrolment: who may read what, and the audit of protected identities read."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.oversight import queries
from services.sfi_schedule.wire import Page, cut, jsonable, slice_after
from shared.db import transaction
from shared.identity import Identity
from shared.pagination import PageRequest
from shared.personnummer import mask

ROSTER_READERS = ("sfi_admin", "teacher")
LOG_READERS = ("sfi_admin", "auditor")


async def roster(pool: asyncpg.Pool, *, group_id: UUID, page: PageRequest, identity: Identity) -> Page:
    """A page of a group's enrolled learners by name; each protected identity shown is an audited read."""
    identity.require_role(*ROSTER_READERS)
    async with transaction(pool) as conn:
        rows = await queries.roster(conn, group_id=group_id, after=page.after, limit=page.limit + 1)
        shown = cut(rows, page, key=lambda r: [r["display_name"], r["learner_id"]])
        protected = [r["learner_id"] for r in shown.items if r["protected_identity"]]
        if protected:
            await learners.audit_reads(conn, learner_ids=protected, reader=identity.sub, purpose="group roster")
    return Page([_roster_entry(r) for r in shown.items], shown.last)


def _roster_entry(r: Any) -> dict[str, Any]:
    protected = r["protected_identity"]
    return jsonable({
        "enrolmentId": r["enrolment_id"], "learnerId": r["learner_id"], "enrolledAt": r["enrolled_at"],
        "name": r["display_name"], "personalNumber": mask(r["personal_number"]), "protectedIdentity": protected,
        "email": None if protected else r["email"], "phone": None if protected else r["phone"],
    })  # fmt: skip


async def waitlist(pool: asyncpg.Pool, *, group_id: UUID, page: PageRequest, identity: Identity) -> Page:
    """A page of a group's wait-list in queue order with positions, then the entries holding an offer."""
    identity.require_role("sfi_admin")
    async with pool.acquire() as conn:
        rows = await queries.waitlist(conn, group_id=group_id, after=page.after, limit=page.limit + 1)
    shown = cut(rows, page, key=lambda r: [r["status"], r["queue_seq"]])
    items = [
        jsonable({
            "enrolmentId": r["enrolment_id"], "learnerId": r["learner_id"], "name": r["display_name"],
            "status": r["status"], "position": r["position"], "queuedAt": r["queued_at"],
            "anyGroupThatFits": r["any_fit"], "offerId": r["offer_id"], "offerExpiresAt": r["expires_at"],
        })
        for r in shown.items
    ]  # fmt: skip
    return Page(items, shown.last)


async def allocation_log(
    pool: asyncpg.Pool, *, group_id: UUID | None, learner_id: UUID | None, page: PageRequest, identity: Identity
) -> Page:
    """A page of the allocation log, oldest first."""
    identity.require_role(*LOG_READERS)
    async with pool.acquire() as conn:
        rows = await queries.allocation_log(
            conn, group_id=group_id, learner_id=learner_id, after=int(page.after[0]) if page.after else None,
            limit=page.limit + 1,
        )  # fmt: skip
    shown = cut(rows, page, key=lambda r: [r["id"]])
    items = [
        jsonable({
            "id": r["id"], "at": r["at"], "groupId": r["group_id"], "learnerId": r["learner_id"],
            "enrolmentId": r["enrolment_id"], "offerId": r["offer_id"], "action": r["action"], "reason": r["reason"],
            "actor": r["actor"], "details": r["details"],
        })
        for r in shown.items
    ]  # fmt: skip
    return Page(items, shown.last)


def _cell_key(cell: dict[str, Any]) -> list[Any]:
    return [-cell["waiting"], cell["course"], cell["daypart"], cell["venueKind"], cell["district"] or ""]


async def supply_demand(pool: asyncpg.Pool, *, page: PageRequest, identity: Identity) -> Page:
    """A page of waiting learners against free seats by course × daypart × venue kind × district."""
    identity.require_role("sfi_admin")
    async with pool.acquire() as conn:
        rows = await queries.supply_demand(conn)
    cells = [
        {"course": r["course_code"], "daypart": r["daypart"], "venueKind": r["venue_kind"],
         "district": r["district"] or None, "waiting": r["waiting"], "freeSeats": r["free_seats"],
         "groups": r["groups"], "shortfall": max(0, r["waiting"] - r["free_seats"])}
        for r in rows
    ]  # fmt: skip
    return slice_after(cells, _cell_key, page)


async def at_risk(pool: asyncpg.Pool, *, page: PageRequest, identity: Identity, config: SfiConfig, today: date) -> Page:
    """A page of learners not started within the configured days of their start-by date, nearest first."""
    identity.require_role("sfi_admin")
    async with pool.acquire() as conn:
        rows = await queries.at_risk(
            conn, months=config.start_deadline_months, establishment_months=config.establishment_deadline_months,
            days=config.at_risk_days, today=today, after=page.after, limit=page.limit + 1,
        )  # fmt: skip
    shown = cut(rows, page, key=lambda r: [r["start_by"].isoformat(), r["id"]])
    items = [
        jsonable({
            "learnerId": r["id"], "name": r["display_name"], "rightAroseOn": r["right_arose_on"],
            "establishmentProgramme": r["establishment_programme"], "startBy": r["start_by"],
            "daysLeft": (r["start_by"] - today).days, "overdue": r["start_by"] < today,
            "flaggedAt": r["at_risk_flagged_at"], "waitingFor": list(r["waiting_for"] or []),
        })
        for r in shown.items
    ]  # fmt: skip
    return Page(items, shown.last, {"withinDays": config.at_risk_days})


async def flag_at_risk(pool: asyncpg.Pool, *, config: SfiConfig, today: date) -> int:
    """Flag (once) each learner not started within the configured days of the start-by date on ``today``; return
    how many."""
    async with transaction(pool) as conn:
        return await queries.flag_at_risk(
            conn, months=config.start_deadline_months, establishment_months=config.establishment_deadline_months,
            days=config.at_risk_days, today=today,
        )  # fmt: skip
