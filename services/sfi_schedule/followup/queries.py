"""SQL of outcome records, follow-up facts, their retention and the log of disclosed figures."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

OUTCOME_COLS = (
    "id, learner_id, observed_on, kind, ssyk, extent_percent, employment_form, study_kind, placement_kind, source, "
    "recorded_by, recorded_at, retracted_at"
)


async def learner(conn: asyncpg.Connection, *, learner_id: UUID | None, number: str | None) -> asyncpg.Record | None:
    """The learner named by id or by personal number (id and protection only)."""
    if learner_id is not None:
        return await conn.fetchrow("SELECT id, protected_identity FROM sfi.learners WHERE id = $1", learner_id)
    return await conn.fetchrow("SELECT id, protected_identity FROM sfi.learners WHERE personal_number = $1", number)


async def insert_outcome(
    conn: asyncpg.Connection, *, record_id: UUID, learner_id: UUID, d: dict[str, Any], recorded_by: str,
    recorded_kind: str,
) -> asyncpg.Record:  # fmt: skip
    """Store one record."""
    return await conn.fetchrow(
        "INSERT INTO sfi.outcome_records (id, learner_id, observed_on, kind, ssyk, extent_percent, employment_form, "  # noqa: S608
        "study_kind, placement_kind, source, recorded_by, recorded_kind) "
        f"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING {OUTCOME_COLS}",
        record_id, learner_id, d["observedOn"], d["kind"], d.get("ssyk"), d.get("extentPercent"),
        d.get("employmentForm"), d.get("studyKind"), d.get("placementKind"), d["source"], recorded_by, recorded_kind,
    )  # fmt: skip


async def outcomes_of(
    conn: asyncpg.Connection, *, learner_id: UUID, after: tuple[date, UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """A keyset page of a learner's records by day, then id."""
    return await conn.fetch(
        f"SELECT {OUTCOME_COLS} FROM sfi.outcome_records WHERE learner_id = $1 "  # noqa: S608 - constant columns
        "AND ($2::date IS NULL OR (observed_on, id) > ($2, $3::uuid)) ORDER BY observed_on, id LIMIT $4",
        learner_id,
        after[0] if after else None,
        after[1] if after else None,
        limit,
    )


async def retract_outcome(conn: asyncpg.Connection, *, record_id: UUID, by: str) -> asyncpg.Record | None:
    """Mark a record retracted (once; a second retraction keeps the first); None when there is no such record."""
    return await conn.fetchrow(
        "UPDATE sfi.outcome_records SET retracted_at = coalesce(retracted_at, now()), "
        "retracted_by = coalesce(retracted_by, $2) WHERE id = $1 RETURNING id",
        record_id,
        by,
    )


async def log_protected_read(conn: asyncpg.Connection, *, learner_id: UUID, reader: str) -> None:
    """Every read of a protected learner's records is audited."""
    await conn.execute(
        "INSERT INTO sfi.learner_reads (learner_id, reader, purpose) VALUES ($1, $2, 'outcome records')",
        learner_id,
        reader,
    )


async def person_facts(conn: asyncpg.Connection, *, learner_id: UUID, lock: bool = False) -> asyncpg.Record | None:
    """A learner's follow-up facts with their version (for If-Match)."""
    sql = "SELECT learner_id, sex, arrived_on, version, updated_at FROM sfi.followup_persons WHERE learner_id = $1"
    return await conn.fetchrow(sql + (" FOR UPDATE" if lock else ""), learner_id)


async def save_person_facts(
    conn: asyncpg.Connection, *, learner_id: UUID, sex: str | None, arrived_on: date | None, by: str
) -> asyncpg.Record:
    """Create or replace a learner's facts, counting the version up."""
    return await conn.fetchrow(
        "INSERT INTO sfi.followup_persons (learner_id, sex, arrived_on, recorded_by) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (learner_id) DO UPDATE SET sex = $2, arrived_on = $3, recorded_by = $4, updated_at = now(), "
        "version = sfi.followup_persons.version + 1 "
        "RETURNING learner_id, sex, arrived_on, version, updated_at",
        learner_id,
        sex,
        arrived_on,
        by,
    )


async def purge_before(conn: asyncpg.Connection, *, today: date, months: int) -> tuple[int, int]:
    """Delete records about days more than ``months`` before ``today``, then facts nothing needs any more."""
    cutoff = await conn.fetchval("SELECT ($1::date - make_interval(months => $2))::date", today, months)
    records = await conn.execute("DELETE FROM sfi.outcome_records WHERE observed_on < $1", cutoff)
    persons = await conn.execute(
        "DELETE FROM sfi.followup_persons p WHERE (p.arrived_on IS NULL OR p.arrived_on < $1) "
        "AND p.updated_at < $1::timestamp AT TIME ZONE 'Europe/Stockholm' "
        "AND NOT EXISTS (SELECT 1 FROM sfi.outcome_records o WHERE o.learner_id = p.learner_id)",
        cutoff,
    )
    return int(records.split()[-1]), int(persons.split()[-1])


async def learner_by_subject(conn: asyncpg.Connection, *, subject: str) -> bool:
    """True when a learner with this subject exists (the demo's marker of being seeded)."""
    return await conn.fetchval("SELECT EXISTS (SELECT 1 FROM sfi.learners WHERE subject = $1)", subject)


async def demo_venues(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Live venues where learners sit in a room (not the digital one), for the demo's groups of past terms."""
    return await conn.fetch(
        "SELECT id, provider_id, name, kind FROM sfi.venues WHERE deleted_at IS NULL AND kind <> 'digital' ORDER BY id"
    )


async def insert_provider_venue(
    conn: asyncpg.Connection, *, provider_id: UUID, venue_id: UUID, names: tuple[str, str]
) -> None:
    """A provider with one school (the demo's second provider)."""
    await conn.execute("INSERT INTO sfi.providers (id, name) VALUES ($1, $2)", provider_id, names[0])
    await conn.execute(
        "INSERT INTO sfi.venues (id, provider_id, name, kind, district) VALUES ($1, $2, $3, 'school', 'Hamnen')",
        venue_id,
        provider_id,
        names[1],
    )


async def copy_rows(conn: asyncpg.Connection, *, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Bulk-load demo or benchmark rows into one of the service's tables with COPY."""
    if rows:
        await conn.copy_records_to_table(table, schema_name="sfi", columns=list(columns), records=rows)
