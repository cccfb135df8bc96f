"""Moving between groups on the wait-list: ranked alternatives and moves that keep the original queue time."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.enrolment import queries
from services.sfi_schedule.enrolment.access import ensure_may_act
from services.sfi_schedule.enrolment.checks import checked_alternatives, locked_published_group, refuse_by_rules
from services.sfi_schedule.enrolment.seats import fill_free_seats, free_seats
from services.sfi_schedule.enrolment.service import enrolment_json
from services.sfi_schedule.matching.fit import fit_check
from shared.db import transaction
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.identity import Identity


async def _waiting_entry(conn: asyncpg.Connection, enrolment_id: UUID, identity: Identity) -> asyncpg.Record:
    entry = await queries.get_enrolment(conn, enrolment_id=enrolment_id)
    if entry is None:
        raise NotFound("No such enrolment")
    await ensure_may_act(conn, identity, entry)
    if entry["status"] != "waitlisted":
        raise Conflict(f"Only a wait-list entry can do this; this enrolment is {entry['status']}")
    return entry


async def set_alternatives(
    pool: asyncpg.Pool, *, enrolment_id: UUID, identity: Identity, data: dict[str, Any], config: SfiConfig
) -> dict[str, Any]:
    """Replace the ranked alternatives (and "any group that fits me") of a wait-list entry."""
    async with transaction(pool) as conn:
        entry = await _waiting_entry(conn, enrolment_id, identity)
        group = await queries.lock_group(conn, group_id=entry["group_id"])
        entry = await queries.get_enrolment(conn, enrolment_id=enrolment_id, lock=True)
        if entry["status"] != "waitlisted":
            raise Conflict(f"This enrolment is {entry['status']} now")
        alternatives = await checked_alternatives(
            conn, course=group["course_code"], group_id=group["id"], ids=data["alternatives"]
        )
        await queries.set_alternatives(
            conn, enrolment_id=enrolment_id, alternatives=alternatives, any_fit=data["anyGroupThatFits"]
        )
        await queries.log(
            conn, action="alternatives", reason="the learner changed their alternatives", actor=identity.sub,
            group_id=group["id"], learner_id=entry["learner_id"], enrolment_id=enrolment_id,
            details={"alternatives": [str(a) for a in alternatives], "anyGroupThatFits": data["anyGroupThatFits"]},
        )  # fmt: skip
        return await enrolment_json(conn, await queries.get_enrolment(conn, enrolment_id=enrolment_id))


async def move(
    pool: asyncpg.Pool,
    *,
    enrolment_id: UUID,
    identity: Identity,
    group_id: UUID,
    config: SfiConfig,
    today: date,
    accept_language: str | None = None,
) -> dict[str, Any]:
    """Move to another group of the course: a wait-list entry keeps its queue time (and so its fairness); a
    seat moves only to a group with a seat free after those waiting for it are served (``_move_seat``)."""
    async with transaction(pool) as conn:
        entry = await queries.get_enrolment(conn, enrolment_id=enrolment_id)
        if entry is None:
            raise NotFound("No such enrolment")
        await ensure_may_act(conn, identity, entry)
        if entry["status"] == "enrolled":
            return await _move_seat(conn, entry, identity, group_id, config, today, accept_language)
        entry = await _waiting_entry(conn, enrolment_id, identity)
        # Every rule of an enrolment, the learner's lock before the group's (the order of every decision
        # against agreed placements).
        await refuse_by_rules(conn, learner_id=entry["learner_id"], group_id=group_id, config=config, today=today,
                              accept_language=accept_language)  # fmt: skip
        target = await locked_published_group(conn, group_id)
        entry = await queries.get_enrolment(conn, enrolment_id=enrolment_id, lock=True)
        if entry["status"] != "waitlisted":
            raise Conflict(f"This enrolment is {entry['status']} now")
        if target["course_code"] != entry["course_code"] or target["id"] == entry["group_id"]:
            raise ValidationFailed.field("/groupId", f"not another published group of course {entry['course_code']}")
        alternatives = [a for a in entry["alternatives"] if a != group_id]
        await queries.set_status(
            conn, enrolment_id=enrolment_id, status="waitlisted", group_id=group_id, alternatives=alternatives
        )
        await queries.log(
            conn, action="moved", reason=f"moved to {target['name']}, keeping the original queue time",
            actor=identity.sub, group_id=group_id, learner_id=entry["learner_id"], enrolment_id=enrolment_id,
            details={"from": str(entry["group_id"]), "queuedAt": entry["queued_at"].isoformat()},
        )  # fmt: skip
        await fill_free_seats(conn, target, hours=config.offer_hours, fits=fit_check(config, today), actor=identity.sub)
        return await enrolment_json(conn, await queries.get_enrolment(conn, enrolment_id=enrolment_id))


async def _move_seat(
    conn: asyncpg.Connection,
    entry: asyncpg.Record,
    identity: Identity,
    group_id: UUID,
    config: SfiConfig,
    today: date,
    accept_language: str | None,
) -> dict[str, Any]:
    """Carry a seat to another group of the course in one step; the seat left behind goes to the first in line.

    Every rule of an enrolment first (the learner's lock), then both groups locked in id order (every seat
    decision of a group is serialised on its row). Those already waiting for the target are offered its free
    seats first: a learner who moves never jumps their queue (409 ``no-free-seat``: withdraw and join the
    wait-list instead).
    """
    if group_id == entry["group_id"]:
        raise ValidationFailed.field("/groupId", "already the group of this enrolment")
    await refuse_by_rules(conn, learner_id=entry["learner_id"], group_id=group_id, config=config, today=today,
                          accept_language=accept_language)  # fmt: skip
    locked = {g: await queries.lock_group(conn, group_id=g) for g in sorted((entry["group_id"], group_id))}
    target, source = locked[group_id], locked[entry["group_id"]]
    if target is None or not target["published"]:
        raise NotFound("No such published group")
    entry = await queries.get_enrolment(conn, enrolment_id=entry["id"], lock=True)
    if entry["status"] != "enrolled":
        raise Conflict(f"This enrolment is {entry['status']} now")
    if target["course_code"] != entry["course_code"]:
        raise ValidationFailed.field("/groupId", f"not another published group of course {entry['course_code']}")
    fits = fit_check(config, today)
    await fill_free_seats(conn, target, hours=config.offer_hours, fits=fits, actor=identity.sub)
    if await free_seats(conn, target) == 0:
        raise Conflict(
            f"{target['name']} has no free seat; withdraw and join its wait-list, or keep your seat",
            extra={"code": "no-free-seat", "groupId": str(group_id)},
        )
    await queries.move_seat(conn, enrolment_id=entry["id"], group_id=group_id)
    await queries.log(
        conn, action="moved", reason=f"moved the seat to {target['name']}", actor=identity.sub, group_id=group_id,
        learner_id=entry["learner_id"], enrolment_id=entry["id"], details={"from": str(entry["group_id"])},
    )  # fmt: skip
    if source is not None:
        await fill_free_seats(conn, source, hours=config.offer_hours, fits=fits, actor=identity.sub)
    return await enrolment_json(conn, await queries.get_enrolment(conn, enrolment_id=entry["id"]))
