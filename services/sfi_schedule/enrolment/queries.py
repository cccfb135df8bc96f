"""SQL for enrolments, wait-list order, offers and the allocation log."""

# ruff: noqa: S608 - only constant column lists are interpolated; every value is a $n parameter.

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

ENROLMENT_COLS = (
    "e.id, e.learner_id, e.group_id, e.course_code, e.status, e.queue_seq, e.queued_at, e.alternatives, e.any_fit, "
    "e.requested_by, e.enrolled_at, e.ended_at, e.version, e.created_at, e.updated_at"
)
OFFER_COLS = "o.id, o.enrolment_id, o.group_id, o.learner_id, o.status, o.offered_at, o.expires_at, o.decided_at"
ACTIVE = ("enrolled", "waitlisted", "offered")


async def lock_group(conn: asyncpg.Connection, *, group_id: UUID, skip_locked: bool = False) -> asyncpg.Record | None:
    """Lock the group row (every seat decision of a group is serialised on it) with its published facts.

    ``published`` is false for a group never published or withdrawn from publication (a tombstone).
    """
    mode = "FOR UPDATE OF g SKIP LOCKED" if skip_locked else "FOR UPDATE OF g"
    return await conn.fetchrow(
        "SELECT g.id, g.end_date, p.name, p.course_code, p.path, p.capacity, p.variant, "
        "(p.group_id IS NOT NULL AND p.deleted_at IS NULL AND g.deleted_at IS NULL) AS published "
        f"FROM sfi.groups g LEFT JOIN sfi.published_groups p ON p.group_id = g.id WHERE g.id = $1 {mode}",
        group_id,
    )


async def taken_seats(conn: asyncpg.Connection, *, group_id: UUID) -> int:
    """Seats taken by enrolled learners or held by open offers."""
    return await conn.fetchval(
        "SELECT (SELECT count(*) FROM sfi.enrolments WHERE group_id = $1 AND status = 'enrolled') "
        "+ (SELECT count(*) FROM sfi.offers WHERE group_id = $1 AND status = 'open')",
        group_id,
    )


async def group_name(conn: asyncpg.Connection, *, group_id: UUID) -> str | None:
    """The name of a published group (or of its tombstone)."""
    return await conn.fetchval("SELECT name FROM sfi.published_groups WHERE group_id = $1", group_id)


async def smallest_published(conn: asyncpg.Connection, *, course: str, variant: str) -> asyncpg.Record | None:
    """The live published group of a course and variant with the fewest seats (then by name): for the demo."""
    return await conn.fetchrow(
        "SELECT group_id, capacity FROM sfi.published_groups WHERE deleted_at IS NULL AND course_code = $1 "
        "AND variant = $2 ORDER BY capacity, name LIMIT 1",
        course,
        variant,
    )


async def published_of_course(conn: asyncpg.Connection, *, group_ids: list[UUID], course: str) -> list[UUID]:
    """Those of ``group_ids`` that are live published groups of ``course``."""
    rows = await conn.fetch(
        "SELECT group_id FROM sfi.published_groups WHERE group_id = ANY($1::uuid[]) AND deleted_at IS NULL "
        "AND course_code = $2",
        group_ids,
        course,
    )
    return [r["group_id"] for r in rows]


async def set_alternatives(
    conn: asyncpg.Connection, *, enrolment_id: UUID, alternatives: list[UUID], any_fit: bool
) -> None:
    """Replace the ranked alternatives and "any group that fits" of an entry."""
    await conn.execute(
        "UPDATE sfi.enrolments SET alternatives = $2, any_fit = $3, version = version + 1, updated_at = now() "
        "WHERE id = $1",
        enrolment_id,
        alternatives,
        any_fit,
    )


async def position(conn: asyncpg.Connection, *, group_id: UUID, queue_seq: int) -> int:
    """1-based place in the group's wait-list of the entry with ``queue_seq`` (original queue order)."""
    return await conn.fetchval(
        "SELECT count(*) FROM sfi.enrolments WHERE group_id = $1 AND status = 'waitlisted' AND queue_seq <= $2",
        group_id,
        queue_seq,
    )


async def get_enrolment(conn: asyncpg.Connection, *, enrolment_id: UUID, lock: bool = False) -> asyncpg.Record | None:
    """One enrolment."""
    suffix = " FOR UPDATE" if lock else ""
    return await conn.fetchrow(f"SELECT {ENROLMENT_COLS} FROM sfi.enrolments e WHERE e.id = $1{suffix}", enrolment_id)


async def set_status(
    conn: asyncpg.Connection,
    *,
    enrolment_id: UUID,
    status: str,
    group_id: UUID | None = None,
    alternatives: list[UUID] | None = None,
) -> asyncpg.Record:
    """Move an enrolment to ``status`` (and optionally to another group or new alternatives)."""
    return await conn.fetchrow(
        "UPDATE sfi.enrolments e SET status = $2, group_id = coalesce($3, group_id), "
        "alternatives = coalesce($4, alternatives), "
        "enrolled_at = CASE WHEN $2 = 'enrolled' THEN clock_timestamp() ELSE enrolled_at END, "
        "ended_at = CASE WHEN $2 IN ('withdrawn', 'declined', 'expired', 'completed') THEN clock_timestamp() END, "
        f"version = version + 1, updated_at = clock_timestamp() WHERE id = $1 RETURNING {ENROLMENT_COLS}",
        enrolment_id, status, group_id, alternatives,
    )  # fmt: skip


async def candidates(conn: asyncpg.Connection, *, group_id: UUID, course: str, limit: int) -> list[asyncpg.Record]:
    """Waiting entries that would take a seat in the group, in original queue order, locked.

    An entry qualifies when it waits for this group, names it as an alternative, or takes any group that
    fits (checked by the caller).
    """
    return await conn.fetch(
        f"SELECT {ENROLMENT_COLS} FROM sfi.enrolments e WHERE e.status = 'waitlisted' AND e.course_code = $2 "
        "AND (e.group_id = $1 OR $1 = ANY(e.alternatives) OR e.any_fit) ORDER BY e.queue_seq LIMIT $3 FOR UPDATE",
        group_id,
        course,
        limit,
    )


async def insert_offer(
    conn: asyncpg.Connection,
    *,
    offer_id: UUID,
    enrolment_id: UUID,
    group_id: UUID,
    learner_id: UUID,
    hours: float,
    now: datetime | None = None,
) -> asyncpg.Record:
    """An open offer of a seat, valid ``hours`` from ``now`` (the database's clock when None)."""
    return await conn.fetchrow(
        "INSERT INTO sfi.offers AS o (id, enrolment_id, group_id, learner_id, status, expires_at) "
        "VALUES ($1, $2, $3, $4, 'open', coalesce($6, clock_timestamp()) + make_interval(secs => $5)) "
        f"RETURNING {OFFER_COLS}",
        offer_id, enrolment_id, group_id, learner_id, hours * 3600.0, now,
    )  # fmt: skip


async def get_offer(conn: asyncpg.Connection, *, offer_id: UUID) -> asyncpg.Record | None:
    """One offer."""
    return await conn.fetchrow(f"SELECT {OFFER_COLS} FROM sfi.offers o WHERE o.id = $1", offer_id)


async def lock_offer(conn: asyncpg.Connection, *, offer_id: UUID) -> asyncpg.Record:
    """One offer, locked, and whether it has expired by now (the database's clock, as it set the expiry)."""
    return await conn.fetchrow(
        f"SELECT {OFFER_COLS}, o.expires_at <= clock_timestamp() AS expired FROM sfi.offers o WHERE o.id = $1 "
        "FOR UPDATE",
        offer_id,
    )


async def open_offer_of(conn: asyncpg.Connection, *, enrolment_id: UUID) -> asyncpg.Record | None:
    """The open offer of an enrolment, if any."""
    return await conn.fetchrow(
        f"SELECT {OFFER_COLS} FROM sfi.offers o WHERE o.enrolment_id = $1 AND o.status = 'open'",
        enrolment_id,
    )


async def close_offer(conn: asyncpg.Connection, *, offer_id: UUID, status: str) -> None:
    """Accept, decline, expire or cancel an offer."""
    await conn.execute(
        "UPDATE sfi.offers SET status = $2, decided_at = clock_timestamp() WHERE id = $1", offer_id, status
    )


async def groups_with_due_offers(conn: asyncpg.Connection, *, now: datetime, limit: int) -> list[UUID]:
    """Groups that have open offers past their expiry (unlocked; the caller locks each group)."""
    rows = await conn.fetch(
        "SELECT group_id FROM sfi.offers WHERE status = 'open' AND expires_at <= $1 "
        "GROUP BY group_id ORDER BY min(expires_at) LIMIT $2",
        now,
        limit,
    )
    return [r["group_id"] for r in rows]


async def groups_with_free_seats_and_waiters(conn: asyncpg.Connection, *, today: date, limit: int) -> list[UUID]:
    """Published groups still running on ``today`` with a free seat and someone waiting who might take it
    (unlocked)."""
    rows = await conn.fetch(
        "SELECT p.group_id FROM sfi.published_groups p JOIN sfi.groups g ON g.id = p.group_id "
        "WHERE p.deleted_at IS NULL AND g.end_date >= $2 "
        "AND sfi.group_free_seats(p.group_id, p.capacity) > 0 AND EXISTS (SELECT 1 FROM sfi.enrolments e "
        "WHERE e.status = 'waitlisted' AND e.course_code = p.course_code "
        "AND (e.group_id = p.group_id OR p.group_id = ANY(e.alternatives) OR e.any_fit)) LIMIT $1",
        limit,
        today,
    )
    return [r["group_id"] for r in rows]


async def due_offers(conn: asyncpg.Connection, *, group_id: UUID, now: datetime) -> list[asyncpg.Record]:
    """Open offers of a (locked) group past their expiry, locked."""
    return await conn.fetch(
        f"SELECT {OFFER_COLS} FROM sfi.offers o WHERE o.group_id = $1 AND o.status = 'open' AND o.expires_at <= $2 "
        "ORDER BY o.expires_at FOR UPDATE",
        group_id,
        now,
    )


async def log(conn: asyncpg.Connection, *, action: str, reason: str, actor: str, **refs: Any) -> None:
    """Append a seat decision to the allocation log."""
    await conn.execute(
        "INSERT INTO sfi.allocation_log (group_id, learner_id, enrolment_id, offer_id, action, reason, actor, details) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        refs.get("group_id"), refs.get("learner_id"), refs.get("enrolment_id"), refs.get("offer_id"),
        action, reason, actor, refs.get("details") or {},
    )  # fmt: skip


async def active_in_course(conn: asyncpg.Connection, *, learner_id: UUID, course: str) -> asyncpg.Record | None:
    """The learner's active enrolment or wait-list entry in a course."""
    return await conn.fetchrow(
        f"SELECT {ENROLMENT_COLS} FROM sfi.enrolments e WHERE e.learner_id = $1 AND e.course_code = $2 "
        "AND e.status IN ('enrolled', 'waitlisted', 'offered')",
        learner_id,
        course,
    )


async def of_learner(conn: asyncpg.Connection, *, learner_id: UUID) -> list[asyncpg.Record]:
    """Every enrolment of a learner with its group's name and wait-list position, newest first."""
    return await conn.fetch(
        f"SELECT {ENROLMENT_COLS}, p.name AS group_name, "
        "CASE WHEN e.status = 'waitlisted' THEN (SELECT count(*) FROM sfi.enrolments w WHERE w.group_id = e.group_id "
        "AND w.status = 'waitlisted' AND w.queue_seq <= e.queue_seq) END AS position "
        "FROM sfi.enrolments e LEFT JOIN sfi.published_groups p ON p.group_id = e.group_id "
        "WHERE e.learner_id = $1 ORDER BY e.created_at DESC, e.id",
        learner_id,
    )


async def open_offers_of_learner(conn: asyncpg.Connection, *, learner_id: UUID) -> list[asyncpg.Record]:
    """A learner's open offers with the group name."""
    return await conn.fetch(
        f"SELECT {OFFER_COLS}, p.name AS group_name FROM sfi.offers o "
        "LEFT JOIN sfi.published_groups p ON p.group_id = o.group_id "
        "WHERE o.learner_id = $1 AND o.status = 'open' ORDER BY o.expires_at",
        learner_id,
    )


async def published_doc(conn: asyncpg.Connection, *, group_id: UUID) -> dict[str, Any] | None:
    """The live published document of a group."""
    return await conn.fetchval(
        "SELECT doc FROM sfi.published_groups WHERE group_id = $1 AND deleted_at IS NULL", group_id
    )


async def move_seat(conn: asyncpg.Connection, *, enrolment_id: UUID, group_id: UUID) -> asyncpg.Record:
    """Carry an enrolled learner's seat to another group; when they enrolled (their start) stays as it was."""
    return await conn.fetchrow(
        "UPDATE sfi.enrolments e SET group_id = $2, alternatives = '{}', version = version + 1, "
        f"updated_at = clock_timestamp() WHERE id = $1 RETURNING {ENROLMENT_COLS}",
        enrolment_id, group_id,
    )  # fmt: skip
