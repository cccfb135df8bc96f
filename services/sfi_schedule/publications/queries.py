"""SQL for publications and the published projection of groups."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

PUB_COLS = "id, version, status, publish_at, note, requested_by, created_at, published_at, diff"


async def insert_publication(
    conn: asyncpg.Connection, *, id: UUID, publish_at: datetime, note: str, requested_by: str
) -> None:
    """Record a requested publication (scheduled until it is carried out)."""
    await conn.execute(
        "INSERT INTO sfi.publications (id, status, publish_at, note, requested_by) "
        "VALUES ($1, 'scheduled', $2, $3, $4)",
        id,
        publish_at,
        note,
        requested_by,
    )


async def claim_due(conn: asyncpg.Connection) -> UUID | None:
    """Lock the oldest due publication; replicas skip rows another replica holds."""
    return await conn.fetchval(
        "SELECT id FROM sfi.publications WHERE status = 'scheduled' AND publish_at <= now() "
        "ORDER BY publish_at, created_at FOR UPDATE SKIP LOCKED LIMIT 1"
    )


async def lock_publication(conn: asyncpg.Connection, *, id: UUID) -> asyncpg.Record | None:
    """Lock one publication row."""
    return await conn.fetchrow(f"SELECT {PUB_COLS} FROM sfi.publications WHERE id = $1 FOR UPDATE", id)  # noqa: S608


async def latest_snapshot(conn: asyncpg.Connection) -> tuple[int, list[dict[str, Any]]]:
    """The newest published version number and its groups (0 and [] before the first publication)."""
    row = await conn.fetchrow(
        "SELECT version, snapshot FROM sfi.publications WHERE status = 'published' ORDER BY version DESC LIMIT 1"
    )
    return (row["version"], row["snapshot"]["groups"]) if row else (0, [])


async def mark_published(
    conn: asyncpg.Connection, *, id: UUID, version: int, snapshot: dict[str, Any], diff: dict[str, Any]
) -> None:
    """Freeze a publication: its version, snapshot and diff never change afterwards."""
    await conn.execute(
        "UPDATE sfi.publications SET status = 'published', version = $2, published_at = now(), snapshot = $3, "
        "diff = $4 WHERE id = $1",
        id,
        version,
        snapshot,
        diff,
    )


async def cancel(conn: asyncpg.Connection, *, id: UUID) -> None:
    """Withdraw a scheduled publication."""
    await conn.execute("UPDATE sfi.publications SET status = 'cancelled' WHERE id = $1", id)


async def refuse(conn: asyncpg.Connection, *, id: UUID, reason: str) -> None:
    """Cancel a due publication that could not be carried out, keeping why in its diff."""
    await conn.execute(
        "UPDATE sfi.publications SET status = 'cancelled', diff = jsonb_build_object('refused', $2::text, "
        "'summary', jsonb_build_array($2::text)) WHERE id = $1",
        id,
        reason,
    )


async def get_publication(conn: asyncpg.Connection, *, id: UUID) -> asyncpg.Record | None:
    """One publication without its snapshot."""
    return await conn.fetchrow(f"SELECT {PUB_COLS} FROM sfi.publications WHERE id = $1", id)  # noqa: S608


async def list_publications(
    conn: asyncpg.Connection, *, published_only: bool, after: datetime | None, after_id: UUID | None, limit: int
) -> list[asyncpg.Record]:
    """Publications, newest request first, keyset on (created_at, id)."""
    return await conn.fetch(
        f"SELECT {PUB_COLS} FROM sfi.publications WHERE (NOT $1 OR status = 'published') "  # noqa: S608
        "AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3)) ORDER BY created_at DESC, id DESC LIMIT $4",
        published_only,
        after,
        after_id,
        limit,
    )


async def upsert_published(
    conn: asyncpg.Connection, *, version: int, doc: dict[str, Any], cols: dict[str, Any]
) -> None:
    """Write a new or changed group into the published projection, raising its revision."""
    await conn.execute(
        "INSERT INTO sfi.published_groups (group_id, revision, publication_version, doc, name, course_code, path, "
        "variant, venue_id, venue_kind, district, teacher_ids, weekdays, dayparts, child_present, capacity, search, "
        "created_at, modified_at) VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
        "now(), now()) ON CONFLICT (group_id) DO UPDATE SET revision = published_groups.revision + 1, "
        "publication_version = $2, doc = $3, name = $4, course_code = $5, path = $6, variant = $7, venue_id = $8, "
        "venue_kind = $9, district = $10, teacher_ids = $11, weekdays = $12, dayparts = $13, child_present = $14, "
        "capacity = $15, search = $16, modified_at = now(), deleted_at = NULL",
        UUID(doc["id"]), version, doc, cols["name"], cols["course_code"], cols["path"], cols["variant"],
        cols["venue_id"], cols["venue_kind"], cols["district"], cols["teacher_ids"], cols["weekdays"],
        cols["dayparts"], cols["child_present"], cols["capacity"], cols["search"],
    )  # fmt: skip


async def tombstone_published(conn: asyncpg.Connection, *, version: int, group_ids: list[UUID]) -> None:
    """Mark groups removed from the schedule; the tombstones stay for syncing systems."""
    await conn.execute(
        "UPDATE sfi.published_groups SET deleted_at = now(), modified_at = now(), revision = revision + 1, "
        "publication_version = $1 WHERE group_id = ANY($2::uuid[]) AND deleted_at IS NULL",
        version,
        group_ids,
    )
