"""Computing the SFI and placement figures: one consistent snapshot, suppression, and a log of the disclosure.

The three large aggregates run at once, each on its own connection, all in the same snapshot (PostgreSQL's
exported snapshots): the figures stay exactly as consistent as in one transaction, and a municipality's page
waits for the slowest query instead of their sum (docs/follow-up.md, docs/benchmarks.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from services.sfi_schedule.followup.domain import HORIZONS, OBSERVATION_MONTHS
from services.sfi_schedule.followup.figures import queries
from services.sfi_schedule.followup.figures.cells import figures as present
from shared.disclosure import MIN_PERSONS
from shared.followup import Window, log_disclosure
from shared.identity import Identity

Query = Callable[[asyncpg.Connection], Awaitable[list]]
HELPER_WAIT = 0.5  # seconds a parallel query waits for a free connection before the lead runs it itself


async def _in_snapshot(pool: asyncpg.Pool, snapshot: str, query: Query) -> list | None:
    """Run ``query`` on another connection in ``snapshot``; None when no connection is free at once.

    The caller holds a connection while it waits, so waiting for a second one could deadlock a busy pool;
    instead it runs the query itself afterwards (same snapshot, just not in parallel).
    """
    try:
        conn = await pool.acquire(timeout=HELPER_WAIT)
    except TimeoutError:
        return None
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            await queries.join_snapshot(conn, snapshot=snapshot)
            return await query(conn)
    finally:
        await pool.release(conn)


async def figures(
    pool: asyncpg.Pool, *, identity: Identity, window: Window, deadlines: tuple[int, int]
) -> dict[str, Any]:
    """Every figure over ``window`` from one repeatable-read snapshot; the disclosure is logged in the same work.

    ``deadlines`` are the legal start deadlines in months (ordinary, establishment programme).
    """
    w = {"start": window.start, "end": window.end, "period": window.period, "as_of": window.as_of}

    async def start(conn: asyncpg.Connection) -> list:
        return await queries.sfi_start(conn, **w, months=deadlines[0], establishment_months=deadlines[1])

    async def results(conn: asyncpg.Connection) -> list:
        return await queries.sfi_results(conn, **w)

    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
        await queries.roomy_sorts(conn)
        snapshot = await queries.export_snapshot(conn)
        work, start_rows, result_rows = await asyncio.gather(
            queries.work_or_studies(conn, **w, horizons=list(HORIZONS), observation_months=OBSERVATION_MONTHS),
            _in_snapshot(pool, snapshot, start),
            _in_snapshot(pool, snapshot, results),
        )
        rows: dict[str, list | None] = {
            "sfiStart": start_rows if start_rows is not None else await start(conn),
            "sfiResults": result_rows if result_rows is not None else await results(conn),
            "workOrStudies": work,
            "placements": await queries.placements(conn, **w) if await queries.placements_available(conn) else None,
        }
        ids = {r["key"] for k in ("sfiStart", "sfiResults", "workOrStudies") for r in rows[k]
               if r["by"] in ("provider", "venue") and r["key"]}  # fmt: skip
        names = await queries.names(conn, provider_ids=list(ids), venue_ids=list(ids))
        await log_disclosure(conn, schema="sfi", identity=identity, window=window)
    return {"window": window.query(), "minPersons": MIN_PERSONS, **present(window, rows, names, deadlines)}
