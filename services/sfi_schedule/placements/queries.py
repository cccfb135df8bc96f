"""SQL of workplaces, placement offers, agreements and their log, and what matching reads of learners."""

# ruff: noqa: S608 - only constant column lists are interpolated; every value is a $n parameter.

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

WORKPLACE = (
    "name", "employer_kind", "sector", "organisation", "venue_id", "street", "postal_code", "city", "district",
    "latitude", "longitude", "contact_name", "contact_email", "contact_phone", "contact_subject",
    "needs_registerkontroll",
)  # fmt: skip
PLACEMENT = (
    "workplace_id", "title", "occupation", "kind", "hours", "start_date", "end_date", "seats", "sfi_level",
    "mentor_name", "mentor_email", "mentor_phone", "languages", "description", "status",
)  # fmt: skip
AGREEMENT_SET = (
    "state", "start_date", "end_date", "mentor_name", "hours_done", "busy_windows", "registerkontroll_shown_on",
    "registerkontroll_recorded_by", "agreed_at", "started_on", "ended_on", "end_reason",
)  # fmt: skip
W_COLS = "w.id, " + ", ".join(f"w.{c}" for c in WORKPLACE) + ", w.version, w.created_at, w.updated_at"
OPEN = "('proposed', 'agreed', 'ongoing')"
P_COLS = (
    "p.id, " + ", ".join(f"p.{c}" for c in PLACEMENT) + ", p.created_by, p.version, p.created_at, p.updated_at, "
    "w.name AS workplace_name, w.employer_kind, w.sector, w.street, w.city, w.district, w.latitude, w.longitude, "
    "w.needs_registerkontroll, w.contact_subject, "
    f"(SELECT count(*) FROM sfi.placement_agreements a WHERE a.placement_id = p.id AND a.state IN {OPEN}) AS taken"
)
P_FROM = "FROM sfi.placements p JOIN sfi.workplaces w ON w.id = p.workplace_id"
A_COLS = (
    "a.id, a.placement_id, a.learner_id, a.proposed_by, a.created_at, a.version, a.updated_at, "
    + ", ".join(f"a.{c}" for c in AGREEMENT_SET)
    + ", l.display_name AS learner_name, l.protected_identity, l.subject AS learner_subject, "
    "p.title, p.kind, p.occupation, p.hours, p.workplace_id, w.name AS workplace_name, w.employer_kind, "
    "w.street, w.postal_code, w.city, w.needs_registerkontroll, w.contact_name, w.contact_phone, w.contact_subject"
)
A_FROM = (
    "FROM sfi.placement_agreements a JOIN sfi.learners l ON l.id = a.learner_id "
    "JOIN sfi.placements p ON p.id = a.placement_id JOIN sfi.workplaces w ON w.id = p.workplace_id"
)


def _insert(table: str, names: tuple[str, ...], extra: tuple[str, ...]) -> str:
    cols = ", ".join((*extra, *names))
    params = ", ".join(f"${i}" for i in range(1, len(extra) + len(names) + 1))
    return f"INSERT INTO {table} ({cols}) VALUES ({params}) RETURNING id"


def _update(table: str, names: tuple[str, ...]) -> str:
    sets = ", ".join(f"{n} = ${i}" for i, n in enumerate(names, start=2))
    return f"UPDATE {table} SET {sets}, version = version + 1, updated_at = now() WHERE id = $1"


async def insert_workplace(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> None:
    """A new workplace."""
    await conn.execute(_insert("sfi.workplaces", WORKPLACE, ("id",)), id, *(d.get(c) for c in WORKPLACE))


async def update_workplace(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> None:
    """Replace a workplace and bump its version."""
    await conn.execute(_update("sfi.workplaces", WORKPLACE), id, *(d.get(c) for c in WORKPLACE))


async def get_workplace(conn: asyncpg.Connection, *, id: UUID, lock: bool = False) -> asyncpg.Record | None:
    """One workplace."""
    suffix = " FOR UPDATE" if lock else ""
    return await conn.fetchrow(f"SELECT {W_COLS} FROM sfi.workplaces w WHERE w.id = $1{suffix}", id)


async def list_workplaces(
    conn: asyncpg.Connection, *, after: tuple[str, UUID] | None, limit: int, contact: str | None
) -> list[asyncpg.Record]:
    """Workplaces by name (keyset on name, id); ``contact`` keeps only those of one contact person."""
    return await conn.fetch(
        f"SELECT {W_COLS} FROM sfi.workplaces w WHERE ($1::text IS NULL OR w.contact_subject = $1) "
        "AND ($2::text IS NULL OR (w.name, w.id) > ($2, $3)) ORDER BY w.name, w.id LIMIT $4",
        contact, after[0] if after else None, after[1] if after else None, limit,
    )  # fmt: skip


async def venue(conn: asyncpg.Connection, *, id: UUID) -> asyncpg.Record | None:
    """A live SFI venue a workplace may be at, with its address."""
    return await conn.fetchrow(
        "SELECT id, name, street, postal_code, city, district, latitude, longitude FROM sfi.venues "
        "WHERE id = $1 AND deleted_at IS NULL",
        id,
    )


async def insert_placement(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any], created_by: str) -> None:
    """A new placement offer."""
    sql = _insert("sfi.placements", PLACEMENT, ("id", "created_by"))
    await conn.execute(sql, id, created_by, *(d.get(c) for c in PLACEMENT))


async def update_placement(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> None:
    """Replace a placement offer and bump its version."""
    await conn.execute(_update("sfi.placements", PLACEMENT), id, *(d.get(c) for c in PLACEMENT))


async def get_placement(conn: asyncpg.Connection, *, id: UUID, lock: bool = False) -> asyncpg.Record | None:
    """One placement with its workplace and seats taken; ``lock`` serialises every seat decision on it."""
    if lock:
        await conn.execute("SELECT 1 FROM sfi.placements WHERE id = $1 FOR UPDATE", id)
    return await conn.fetchrow(f"SELECT {P_COLS} {P_FROM} WHERE p.id = $1", id)


async def list_placements(
    conn: asyncpg.Connection, *, f: dict[str, Any], after: tuple[date, UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Placements by start date (keyset on start_date, id), filtered."""
    return await conn.fetch(
        f"SELECT {P_COLS} {P_FROM} WHERE ($1::uuid IS NULL OR p.workplace_id = $1) "
        "AND ($2::text IS NULL OR p.occupation LIKE $2 || '%') AND ($3::text IS NULL OR p.kind = $3) "
        "AND ($4::text IS NULL OR p.status = $4) AND (NOT $5 OR p.end_date >= $6) "
        "AND ($7::text IS NULL OR w.contact_subject = $7) "
        "AND ($8::date IS NULL OR (p.start_date, p.id) > ($8, $9)) ORDER BY p.start_date, p.id LIMIT $10",
        f.get("workplaceId"), f.get("occupation"), f.get("kind"), f.get("status"), bool(f.get("current")),
        f["today"], f.get("contact"), after[0] if after else None, after[1] if after else None, limit,
    )  # fmt: skip


async def current_placements(conn: asyncpg.Connection, *, today: date) -> list[asyncpg.Record]:
    """Open offers not yet ended: what a learner's matches are drawn from."""
    return await conn.fetch(
        f"SELECT {P_COLS} {P_FROM} WHERE p.status = 'open' AND p.end_date >= $1 ORDER BY p.start_date, p.id", today
    )


async def insert_agreement(conn: asyncpg.Connection, *, id: UUID, d: dict[str, Any]) -> None:
    """A new proposed agreement."""
    await conn.execute(
        "INSERT INTO sfi.placement_agreements (id, placement_id, learner_id, state, start_date, end_date, "
        "mentor_name, busy_windows, proposed_by) VALUES ($1, $2, $3, 'proposed', $4, $5, $6, $7, $8)",
        id, d["placement_id"], d["learner_id"], d["start_date"], d["end_date"], d["mentor_name"],
        d["busy_windows"], d["proposed_by"],
    )  # fmt: skip


async def set_agreement(conn: asyncpg.Connection, *, id: UUID, values: dict[str, Any]) -> None:
    """Change some of an agreement's columns (names from ``AGREEMENT_SET`` only) and bump its version."""
    names = tuple(n for n in AGREEMENT_SET if n in values)
    await conn.execute(_update("sfi.placement_agreements", names), id, *(values[n] for n in names))


async def get_agreement(conn: asyncpg.Connection, *, id: UUID, lock: bool = False) -> asyncpg.Record | None:
    """One agreement with its learner, placement and workplace (``lock`` locks the agreement row)."""
    if lock:
        await conn.execute("SELECT 1 FROM sfi.placement_agreements WHERE id = $1 FOR UPDATE", id)
    return await conn.fetchrow(f"SELECT {A_COLS} {A_FROM} WHERE a.id = $1", id)


async def list_agreements(
    conn: asyncpg.Connection, *, f: dict[str, Any], after: tuple[Any, UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Agreements, newest first (keyset on created_at, id); ``learner``/``contact`` narrow to what one may see."""
    return await conn.fetch(
        f"SELECT {A_COLS} {A_FROM} WHERE ($1::uuid IS NULL OR a.placement_id = $1) "
        "AND ($2::uuid IS NULL OR a.learner_id = $2) AND ($3::text IS NULL OR a.state = $3) "
        "AND ($4::text IS NULL OR w.contact_subject = $4) "
        "AND ($5::timestamptz IS NULL OR (a.created_at, a.id) < ($5, $6)) ORDER BY a.created_at DESC, a.id DESC "
        "LIMIT $7",
        f.get("placementId"), f.get("learnerId"), f.get("state"), f.get("contact"),
        after[0] if after else None, after[1] if after else None, limit,
    )  # fmt: skip


async def taken_seats(conn: asyncpg.Connection, *, placement_id: UUID) -> int:
    """Seats held by proposed, agreed and ongoing agreements."""
    return await conn.fetchval(
        f"SELECT count(*) FROM sfi.placement_agreements WHERE placement_id = $1 AND state IN {OPEN}", placement_id
    )


async def open_agreements(
    conn: asyncpg.Connection, *, learner_id: UUID | None = None, placement_id: UUID | None = None
) -> list[asyncpg.Record]:
    """(placement, learner) of the proposed, agreed and ongoing agreements of a learner or a placement."""
    return await conn.fetch(
        "SELECT placement_id, learner_id FROM sfi.placement_agreements WHERE ($1::uuid IS NULL OR learner_id = $1) "
        f"AND ($2::uuid IS NULL OR placement_id = $2) AND state IN {OPEN}",
        learner_id,
        placement_id,
    )


async def log(conn: asyncpg.Connection, *, agreement_id: UUID, action: str, actor: str, details: dict) -> None:
    """Append a step to the agreement's history."""
    await conn.execute(
        "INSERT INTO sfi.placement_agreement_log (agreement_id, action, actor, details) VALUES ($1, $2, $3, $4)",
        agreement_id, action, actor, details,
    )  # fmt: skip


async def history(conn: asyncpg.Connection, *, agreement_id: UUID) -> list[asyncpg.Record]:
    """An agreement's steps, oldest first."""
    return await conn.fetch(
        "SELECT at, action, actor, details FROM sfi.placement_agreement_log WHERE agreement_id = $1 ORDER BY id",
        agreement_id,
    )


async def sfi_entries(conn: asyncpg.Connection, *, learner_ids: list[UUID]) -> list[asyncpg.Record]:
    """The published groups learners are enrolled in, wait for or are offered a seat in, with their documents."""
    return await conn.fetch(
        "WITH seats AS (SELECT learner_id, group_id FROM sfi.enrolments WHERE learner_id = ANY($1::uuid[]) "
        "AND status IN ('enrolled', 'waitlisted', 'offered') UNION SELECT learner_id, group_id FROM sfi.offers "
        "WHERE learner_id = ANY($1::uuid[]) AND status = 'open') "
        "SELECT s.learner_id, s.group_id, g.name, g.course_code, g.doc FROM seats s "
        "JOIN sfi.published_groups g ON g.group_id = s.group_id AND g.deleted_at IS NULL ORDER BY g.name",
        learner_ids,
    )


LEARNER_FACTS = (
    "l.id, l.display_name, l.subject, l.protected_identity, l.path, l.current_course, l.placement_course, "
    "l.preferred_language, l.busy_windows, sfi.placement_busy_windows(l.id) AS placement_windows, "
    "l.parental_leave_child, l.district, l.latitude, l.longitude, l.max_travel_km, "
    "coalesce((SELECT array_agg(r.course_code) FROM sfi.course_results r WHERE r.learner_id = l.id "
    "AND r.grade = 'G'), '{}') AS passed"
)


async def learner_facts(
    conn: asyncpg.Connection, *, learner_id: UUID | None = None, subject: str | None = None, limit: int = 1
) -> list[asyncpg.Record]:
    """What matching needs of one learner (by id or subject), or of every learner (neither; by name)."""
    return await conn.fetch(
        f"SELECT {LEARNER_FACTS} FROM sfi.learners l WHERE ($1::uuid IS NULL OR l.id = $1) "
        "AND ($2::text IS NULL OR l.subject = $2) ORDER BY l.display_name, l.id LIMIT $3",
        learner_id,
        subject,
        limit,
    )


async def audit_reads(conn: asyncpg.Connection, *, learner_ids: list[UUID], reader: str, purpose: str) -> None:
    """Note that someone saw these protected learners (one row each)."""
    await conn.execute(
        "INSERT INTO sfi.learner_reads (learner_id, reader, purpose) SELECT unnest($1::uuid[]), $2, $3",
        learner_ids, reader, purpose,
    )  # fmt: skip


async def year_rows(conn: asyncpg.Connection, *, first: date, last: date) -> list[asyncpg.Record]:
    """Agreements started between ``first`` and ``last``: count and hours per employer kind and state."""
    return await conn.fetch(
        "SELECT w.employer_kind, a.state, count(*) AS n, coalesce(sum(a.hours_done), 0)::float AS hours "
        "FROM sfi.placement_agreements a JOIN sfi.placements p ON p.id = a.placement_id "
        "JOIN sfi.workplaces w ON w.id = p.workplace_id WHERE a.started_on BETWEEN $1 AND $2 "
        "GROUP BY w.employer_kind, a.state",
        first,
        last,
    )
