"""SQL of the CSV import: the reference data a row names, looked up by name (case-insensitive, live rows only)."""

from __future__ import annotations

from uuid import UUID

import asyncpg


async def venue_named(conn: asyncpg.Connection, *, name: str) -> UUID | None:
    """The live venue called ``name``."""
    return await conn.fetchval("SELECT id FROM sfi.venues WHERE lower(name) = lower($1) AND deleted_at IS NULL", name)


async def room_named(conn: asyncpg.Connection, *, venue_id: UUID, name: str) -> UUID | None:
    """The live room called ``name`` at a venue."""
    return await conn.fetchval(
        "SELECT id FROM sfi.rooms WHERE venue_id = $1 AND lower(name) = lower($2) AND deleted_at IS NULL",
        venue_id,
        name,
    )


async def term_named(conn: asyncpg.Connection, *, name: str) -> UUID | None:
    """The live term called ``name``."""
    return await conn.fetchval("SELECT id FROM sfi.terms WHERE lower(name) = lower($1) AND deleted_at IS NULL", name)


async def teachers_named(conn: asyncpg.Connection, *, name: str) -> list[UUID]:
    """Every live teacher called ``name`` (a row must name exactly one)."""
    rows = await conn.fetch("SELECT id FROM sfi.teachers WHERE lower(name) = lower($1) AND deleted_at IS NULL", name)
    return [r["id"] for r in rows]
