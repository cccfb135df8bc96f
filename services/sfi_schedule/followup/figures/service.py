"""Computing the SFI and placement figures: one consistent snapshot, suppression, and a log of the disclosure."""

from __future__ import annotations

from typing import Any

import asyncpg

from services.sfi_schedule.followup.domain import HORIZONS, OBSERVATION_MONTHS
from services.sfi_schedule.followup.figures import queries
from services.sfi_schedule.followup.figures.cells import figures as present
from services.sfi_schedule.followup.queries import log_disclosure
from shared.db import transaction
from shared.disclosure import MIN_PERSONS
from shared.followup import Window
from shared.identity import Identity


async def figures(
    pool: asyncpg.Pool, *, identity: Identity, window: Window, deadlines: tuple[int, int]
) -> dict[str, Any]:
    """Every figure over ``window`` from one repeatable-read snapshot; the disclosure is logged in the same work.

    ``deadlines`` are the legal start deadlines in months (ordinary, establishment programme).
    """
    w = {"start": window.start, "end": window.end, "period": window.period, "as_of": window.as_of}
    async with transaction(pool, isolation="repeatable_read") as conn:
        rows: dict[str, list | None] = {
            "sfiStart": await queries.sfi_start(conn, **w, months=deadlines[0], establishment_months=deadlines[1]),
            "sfiResults": await queries.sfi_results(conn, **w),
            "workOrStudies": await queries.work_or_studies(
                conn, **w, horizons=list(HORIZONS), observation_months=OBSERVATION_MONTHS
            ),
            "placements": await queries.placements(conn, **w) if await queries.placements_available(conn) else None,
        }
        ids = {r["key"] for k in ("sfiStart", "sfiResults", "workOrStudies") for r in rows[k]
               if r["by"] in ("provider", "venue") and r["key"]}  # fmt: skip
        names = await queries.names(conn, provider_ids=list(ids), venue_ids=list(ids))
        await log_disclosure(conn, identity=identity, params=window.query())
    return {"window": window.as_json(), "minPersons": MIN_PERSONS, **present(window, rows, names, deadlines)}
