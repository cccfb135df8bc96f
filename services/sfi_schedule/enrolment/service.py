"""Enrolment: enrol or join the wait-list, withdraw, move, accept or decline offers; every step logged."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from services.sfi_schedule.enrolment import queries
from services.sfi_schedule.enrolment.access import ensure_may_act, learner_for
from services.sfi_schedule.enrolment.config import EnrolmentConfig
from services.sfi_schedule.enrolment.domain import seat_decision
from services.sfi_schedule.enrolment.seats import fill_free_seats
from services.sfi_schedule.enrolment.views import enrolment_view
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.busy import clash_conflict, placement_clash, span
from services.sfi_schedule.learners.domain import prerequisite_error
from services.sfi_schedule.learners.profile import standing_of
from services.sfi_schedule.matching.fit import fit_check
from services.sfi_schedule.publications.domain import occurrences_of_doc
from shared.db import transaction
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.idempotency import Outcome, run_once
from shared.identity import Identity


async def locked_published_group(conn: asyncpg.Connection, group_id: UUID) -> asyncpg.Record:
    """The group row, locked; 404 unless it is published (learners see only published groups)."""
    group = await queries.lock_group(conn, group_id=group_id)
    if group is None or not group["published"]:
        raise NotFound("No such published group")
    return group


async def refuse_placement_clash(conn: asyncpg.Connection, *, learner_id: UUID, group_id: UUID) -> None:
    """409 naming the placement when the group's sessions fall in the learner's agreed placement hours.

    Locks the learner (after the group), as placement agreements do, so the two decisions are serialised.
    """
    windows = (await learners.placement_windows_of(conn, learner_ids=[learner_id]))[learner_id]["windows"]
    doc = await queries.published_doc(conn, group_id=group_id) if windows else None
    if doc is not None:
        found = placement_clash(windows, occurrences_of_doc(doc, span(windows)), group_id=str(group_id),
                                group_name=doc["name"])  # fmt: skip
        if found is not None:
            raise clash_conflict([found])


async def enrol(
    pool: asyncpg.Pool,
    *,
    group_id: UUID,
    identity: Identity,
    data: dict[str, Any],
    key: str | None,
    fingerprint: str,
    config: EnrolmentConfig,
) -> Outcome:
    """Enrol while a seat is free, else join the wait-list; a retry with the same key gets the first answer."""
    async with transaction(pool) as conn:

        async def work() -> Outcome:
            learner = await learner_for(conn, identity, data.get("learnerId"))
            return Outcome(201, await _enrol(conn, group_id, learner, identity, data, config))

        consumer = identity.consumer or identity.sub
        return await run_once(conn, schema="sfi", consumer=consumer, key=key, fingerprint=fingerprint, work=work)
    raise AssertionError("unreachable")  # pragma: no cover


async def _enrol(
    conn: asyncpg.Connection,
    group_id: UUID,
    learner: asyncpg.Record,
    identity: Identity,
    data: dict[str, Any],
    config: EnrolmentConfig,
) -> dict[str, Any]:
    group = await locked_published_group(conn, group_id)
    if group["end_date"] < date.today():
        raise Conflict(f"{group['name']} has ended")
    standing = standing_of(learner, await learners.results_of(conn, learner_id=learner["id"]))
    problem = prerequisite_error(standing, group["course_code"])
    if problem is not None:
        raise ValidationFailed([problem])
    await _refuse_second_active(conn, learner["id"], group["course_code"])
    await refuse_placement_clash(conn, learner_id=learner["id"], group_id=group_id)
    alternatives = await checked_alternatives(conn, group, data.get("alternatives", []))
    # Earlier waiters get freed seats before a newcomer takes one.
    await fill_free_seats(conn, group, hours=config.offer_hours, fits=fit_check(config), actor=identity.sub)
    status = seat_decision(capacity=group["capacity"], taken=await queries.taken_seats(conn, group_id=group_id))
    try:
        row = await queries.insert_enrolment(
            conn, enrolment_id=uuid4(), learner_id=learner["id"], group_id=group_id, course=group["course_code"],
            status=status, alternatives=alternatives, any_fit=data.get("anyGroupThatFits", False),
            requested_by=identity.sub,
        )  # fmt: skip
    except asyncpg.UniqueViolationError:
        raise Conflict(f"You already have an active enrolment in course {group['course_code']}") from None
    place = (
        await queries.position(conn, group_id=group_id, queue_seq=row["queue_seq"]) if status != "enrolled" else None
    )
    reason = "a seat was free" if status == "enrolled" else f"the group is full; wait-list position {place}"
    await queries.log(
        conn, action=status, reason=reason, actor=identity.sub, group_id=group_id, learner_id=learner["id"],
        enrolment_id=row["id"], details={"capacity": group["capacity"], "position": place},
    )  # fmt: skip
    return enrolment_view(row, group_name=group["name"], position=place, offer=None)


async def _refuse_second_active(conn: asyncpg.Connection, learner_id: UUID, course: str) -> None:
    existing = await queries.active_in_course(conn, learner_id=learner_id, course=course)
    if existing is not None:
        raise Conflict(
            f"You already have an active {existing['status']} enrolment in course {course}; withdraw it or move it",
            extra={"enrolmentId": str(existing["id"]), "groupId": str(existing["group_id"])},
        )


async def checked_alternatives(conn: asyncpg.Connection, group: asyncpg.Record, ids: list[UUID]) -> list[UUID]:
    """Alternatives must be other published groups of the same course."""
    rows = await conn.fetch(
        "SELECT group_id FROM sfi.published_groups WHERE group_id = ANY($1::uuid[]) AND deleted_at IS NULL "
        "AND course_code = $2",
        ids,
        group["course_code"],
    )
    ok = {r["group_id"] for r in rows}
    errors = [
        FieldError(f"/alternatives/{i}", f"not another published group of course {group['course_code']}")
        for i, gid in enumerate(ids)
        if gid not in ok or gid == group["id"]
    ]
    if errors:
        raise ValidationFailed(errors)
    return list(dict.fromkeys(ids))


async def end_entry(
    conn: asyncpg.Connection, entry: asyncpg.Record, *, status: str, reason: str, actor: str, config: EnrolmentConfig
) -> asyncpg.Record:
    """End an active entry (withdrawn or completed): cancel its offer, log, and offer the freed seat onwards."""
    offer = await queries.open_offer_of(conn, enrolment_id=entry["id"]) if entry["status"] == "offered" else None
    seat_group = await queries.lock_group(conn, group_id=offer["group_id"] if offer else entry["group_id"])
    entry = await queries.get_enrolment(conn, enrolment_id=entry["id"], lock=True)
    if entry["status"] not in queries.ACTIVE:
        raise Conflict(f"This enrolment is already {entry['status']}")
    offer = await queries.open_offer_of(conn, enrolment_id=entry["id"])
    if offer is not None:
        await queries.close_offer(conn, offer_id=offer["id"], status="cancelled")
    row = await queries.set_status(conn, enrolment_id=entry["id"], status=status)
    await queries.log(
        conn, action=status, reason=reason, actor=actor, group_id=seat_group["id"], learner_id=entry["learner_id"],
        enrolment_id=entry["id"], offer_id=offer["id"] if offer else None, details={"was": entry["status"]},
    )  # fmt: skip
    if entry["status"] in ("enrolled", "offered"):
        await fill_free_seats(conn, seat_group, hours=config.offer_hours, fits=fit_check(config), actor=actor)
    return row


async def withdraw(
    pool: asyncpg.Pool, *, enrolment_id: UUID, identity: Identity, config: EnrolmentConfig
) -> dict[str, Any]:
    """Leave a group or its wait-list; a freed seat goes to the first in line as an offer."""
    async with transaction(pool) as conn:
        entry = await queries.get_enrolment(conn, enrolment_id=enrolment_id)
        if entry is None:
            raise NotFound("No such enrolment")
        await ensure_may_act(conn, identity, entry)
        if entry["status"] not in queries.ACTIVE:
            raise Conflict(f"This enrolment is already {entry['status']}")
        who = "the learner" if identity.kind == "person" and identity.has_role("resident") else identity.sub
        row = await end_entry(
            conn, entry, status="withdrawn", reason=f"withdrawn by {who}", actor=identity.sub, config=config
        )
        return await enrolment_json(conn, row)


async def enrolment_json(conn: asyncpg.Connection, row: asyncpg.Record) -> dict[str, Any]:
    name = await conn.fetchval("SELECT name FROM sfi.published_groups WHERE group_id = $1", row["group_id"])
    place = None
    if row["status"] == "waitlisted":
        place = await queries.position(conn, group_id=row["group_id"], queue_seq=row["queue_seq"])
    offer = await queries.open_offer_of(conn, enrolment_id=row["id"])
    return enrolment_view(row, group_name=name, position=place, offer=offer)


async def get_enrolment(pool: asyncpg.Pool, *, enrolment_id: UUID, identity: Identity) -> dict[str, Any]:
    """One enrolment, for its learner or those acting for learners."""
    async with pool.acquire() as conn:
        row = await queries.get_enrolment(conn, enrolment_id=enrolment_id)
        if row is None:
            raise NotFound("No such enrolment")
        await ensure_may_act(conn, identity, row)
        return await enrolment_json(conn, row)


def utcnow() -> datetime:
    """The current instant (UTC)."""
    return datetime.now(UTC)
