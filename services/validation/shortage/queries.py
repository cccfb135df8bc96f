"""SQL for the occupation register and the municipalities' versioned shortage lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import asyncpg


async def occupations(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """The whole occupation register (a few dozen rows), by code."""
    return await conn.fetch("SELECT * FROM occupations ORDER BY ssyk")


async def shortage_list(conn: asyncpg.Connection, *, municipality: str, version: int | None) -> asyncpg.Record | None:
    """One version of a municipality's list (the latest when ``version`` is None) with its entries in order."""
    return await conn.fetchrow(
        """
        SELECT l.municipality, l.version, l.note, l.created_by, l.created_at,
               coalesce((SELECT json_agg(json_build_object(
                             'ssyk', e.ssyk, 'title', e.title, 'demandLevel', e.demand_level,
                             'source', e.source, 'sourceDate', e.source_date) ORDER BY e.position)
                           FROM shortage_entries e
                          WHERE e.municipality = l.municipality AND e.version = l.version), '[]'::json) AS entries
          FROM shortage_lists l
         WHERE l.municipality = $1 AND ($2::integer IS NULL OR l.version = $2)
         ORDER BY l.version DESC
         LIMIT 1
        """,
        municipality,
        version,
    )


async def lock_municipality(conn: asyncpg.Connection, *, municipality: str) -> int:
    """Serialise changes to one municipality's list for this transaction; the latest version (0: none)."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('lotsen.validation.shortage.' || $1))", municipality)
    return await conn.fetchval(
        "SELECT coalesce(max(version), 0) FROM shortage_lists WHERE municipality = $1", municipality
    )


async def insert_version(
    conn: asyncpg.Connection,
    *,
    municipality: str,
    version: int,
    note: str,
    created_by: str,
    entries: Iterable[Mapping[str, Any]],
) -> None:
    """Store a new version of the list with its entries in the order given."""
    await conn.execute(
        "INSERT INTO shortage_lists (municipality, version, note, created_by) VALUES ($1, $2, $3, $4)",
        municipality,
        version,
        note,
        created_by,
    )
    await conn.executemany(
        "INSERT INTO shortage_entries (municipality, version, position, ssyk, title, demand_level, source,"
        " source_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        [
            (municipality, version, i, e["ssyk"], e.get("title"), e["demandLevel"], e["source"], e["sourceDate"])
            for i, e in enumerate(entries)
        ],
    )
