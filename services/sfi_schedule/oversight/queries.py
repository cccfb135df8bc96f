"""SQL of the administrators' view: rosters, wait-lists, the allocation log, supply vs demand, deadlines."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg

# The legal start-by date of a learner: the right plus 3 months (1 in the establishment programme).
START_BY = (
    "(l.right_arose_on + make_interval(months => CASE WHEN l.establishment_programme THEN $2::int ELSE $1::int END))"
    "::date"
)
NOT_STARTED = (
    "l.right_arose_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sfi.enrolments s WHERE s.learner_id = l.id "
    "AND s.status IN ('enrolled', 'completed'))"
)


async def roster(conn: asyncpg.Connection, *, group_id: UUID, after: list | None, limit: int) -> list[asyncpg.Record]:
    """A keyset page of a group's enrolled learners, by name then learner id."""
    name, learner = (after[0], UUID(after[1])) if after else (None, None)
    return await conn.fetch(
        "SELECT e.id AS enrolment_id, e.enrolled_at, l.id AS learner_id, l.display_name, l.personal_number, "
        "l.email, l.phone, l.protected_identity FROM sfi.enrolments e JOIN sfi.learners l ON l.id = e.learner_id "
        "WHERE e.group_id = $1 AND e.status = 'enrolled' "
        "AND ($2::text IS NULL OR (l.display_name, l.id) > ($2::text, $3::uuid)) "
        "ORDER BY l.display_name, l.id LIMIT $4",
        group_id, name, learner, limit,
    )  # fmt: skip


async def waitlist(conn: asyncpg.Connection, *, group_id: UUID, after: list | None, limit: int) -> list[asyncpg.Record]:
    """A keyset page of a group's wait-list in queue order with positions, then the entries holding an offer.

    Positions are counted over the whole wait-list, before the page is cut.
    """
    status, seq = (after[0], int(after[1])) if after else (None, None)
    return await conn.fetch(
        "SELECT w.enrolment_id, w.status, w.queue_seq, w.queued_at, w.any_fit, w.position, l.id AS learner_id, "
        "l.display_name, l.protected_identity, o.id AS offer_id, o.group_id AS offer_group_id, o.expires_at "
        "FROM (SELECT e.id AS enrolment_id, e.learner_id, e.status, e.queue_seq, e.queued_at, e.any_fit, "
        "CASE WHEN e.status = 'waitlisted' THEN row_number() OVER (PARTITION BY e.status ORDER BY e.queue_seq) END "
        "AS position FROM sfi.enrolments e WHERE e.group_id = $1 AND e.status IN ('waitlisted', 'offered')) w "
        "JOIN sfi.learners l ON l.id = w.learner_id "
        "LEFT JOIN sfi.offers o ON o.enrolment_id = w.enrolment_id AND o.status = 'open' "
        "WHERE $2::text IS NULL OR w.status < $2::text OR (w.status = $2::text AND w.queue_seq > $3::bigint) "
        "ORDER BY w.status DESC, w.queue_seq LIMIT $4",
        group_id, status, seq, limit,
    )  # fmt: skip


async def allocation_log(
    conn: asyncpg.Connection, *, group_id: UUID | None, learner_id: UUID | None, after: int | None, limit: int
) -> list[asyncpg.Record]:
    """A keyset page of the allocation log, oldest first."""
    return await conn.fetch(
        "SELECT id, at, group_id, learner_id, enrolment_id, offer_id, action, reason, actor, details "
        "FROM sfi.allocation_log WHERE ($1::uuid IS NULL OR group_id = $1) AND ($2::uuid IS NULL OR learner_id = $2) "
        "AND ($3::bigint IS NULL OR id > $3) ORDER BY id LIMIT $4",
        group_id,
        learner_id,
        after,
        limit,
    )


async def supply_demand(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Waiting learners and free seats by course × daypart × venue kind × district (where to open a group)."""
    return await conn.fetch(
        """
        WITH cells AS (
            SELECT p.group_id, p.course_code, coalesce(p.dayparts[1], 'unknown') AS daypart, p.venue_kind,
                   coalesce(p.district, '') AS district, sfi.group_free_seats(p.group_id, p.capacity) AS free_seats
            FROM sfi.published_groups p WHERE p.deleted_at IS NULL
        ), waiting AS (
            SELECT group_id, count(*) AS n FROM sfi.enrolments WHERE status IN ('waitlisted', 'offered')
            GROUP BY group_id
        )
        SELECT c.course_code, c.daypart, c.venue_kind, c.district,
               coalesce(sum(w.n), 0)::int AS waiting, sum(c.free_seats)::int AS free_seats, count(*)::int AS groups
        FROM cells c LEFT JOIN waiting w ON w.group_id = c.group_id
        GROUP BY c.course_code, c.daypart, c.venue_kind, c.district
        ORDER BY waiting DESC, c.course_code, c.daypart, c.venue_kind, c.district
        """
    )


async def at_risk(
    conn: asyncpg.Connection,
    *,
    months: int,
    establishment_months: int,
    days: int,
    today: date,
    after: list | None,
    limit: int,
) -> list[asyncpg.Record]:
    """A keyset page of learners not yet started whose start-by date is at most ``days`` away (or past)."""
    start_by, learner = (date.fromisoformat(after[0]), UUID(after[1])) if after else (None, None)
    return await conn.fetch(
        f"SELECT l.id, l.display_name, l.protected_identity, l.right_arose_on, l.establishment_programme, "  # noqa: S608
        f"l.at_risk_flagged_at, {START_BY} AS start_by, "
        "(SELECT array_agg(e.course_code || ':' || e.status ORDER BY e.queue_seq) FROM sfi.enrolments e "
        "WHERE e.learner_id = l.id AND e.status IN ('waitlisted', 'offered')) AS waiting_for "
        f"FROM sfi.learners l WHERE {NOT_STARTED} AND {START_BY} - $3::int <= $4::date "
        f"AND ($5::date IS NULL OR ({START_BY}, l.id) > ($5::date, $6::uuid)) "
        f"ORDER BY {START_BY}, l.id LIMIT $7",
        months, establishment_months, days, today, start_by, learner, limit,
    )  # fmt: skip


async def flag_at_risk(
    conn: asyncpg.Connection, *, months: int, establishment_months: int, days: int, today: date
) -> int:
    """Flag (once) each not-started learner within ``days`` of the start-by date, noting it in the log."""
    return await conn.fetchval(
        f"""
        WITH due AS (
            SELECT l.id, {START_BY} AS start_by FROM sfi.learners l
            WHERE l.at_risk_flagged_at IS NULL AND {NOT_STARTED} AND {START_BY} - $3::int <= $4::date
            FOR UPDATE OF l SKIP LOCKED
        ), flagged AS (
            UPDATE sfi.learners l SET at_risk_flagged_at = now() FROM due WHERE l.id = due.id
            RETURNING l.id, due.start_by
        ), logged AS (
            INSERT INTO sfi.allocation_log (learner_id, action, reason, actor, details)
            SELECT id, 'deadline_at_risk', 'not started and within ' || $3::int || ' days of the start-by date',
                   'system:deadline-job', jsonb_build_object('startBy', start_by)
            FROM flagged RETURNING 1
        )
        SELECT count(*) FROM logged
        """,  # noqa: S608 - START_BY and NOT_STARTED are constants
        months,
        establishment_months,
        days,
        today,
    )


async def study_duty_learners(conn: asyncpg.Connection, *, learner_id: UUID | None) -> list[asyncpg.Record]:
    """Learners in the establishment programme by name, with their busy windows, the hours of their agreed
    placements and the published documents of the groups they are enrolled in (``docs``, a JSON array)."""
    return await conn.fetch(
        "SELECT l.id, l.display_name, l.busy_windows, sfi.placement_busy_windows(l.id) AS placement_windows, "
        "coalesce((SELECT jsonb_agg(p.doc ORDER BY p.group_id) FROM sfi.enrolments e JOIN sfi.published_groups p "
        "ON p.group_id = e.group_id AND p.deleted_at IS NULL WHERE e.learner_id = l.id AND e.status = 'enrolled'), "
        "'[]'::jsonb) AS docs FROM sfi.learners l WHERE l.establishment_programme "
        "AND ($1::uuid IS NULL OR l.id = $1) ORDER BY l.display_name, l.id",
        learner_id,
    )
