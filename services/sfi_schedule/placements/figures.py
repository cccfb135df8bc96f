"""The yearly placement figure: placements started per employer kind against the municipality's targets."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from services.sfi_schedule.placements import queries
from services.sfi_schedule.placements.access import require_figure_reader
from services.sfi_schedule.placements.config import PlacementConfig
from services.sfi_schedule.placements.domain import year_figure
from services.sfi_schedule.placements.service import today
from services.sfi_schedule.wire import jsonable
from shared.identity import Identity


async def figures(
    pool: asyncpg.Pool, *, identity: Identity, year: int | None, config: PlacementConfig
) -> dict[str, Any]:
    """Started, ongoing, completed and ended early, hours done, per employer kind, for one calendar year."""
    require_figure_reader(identity)
    day = today()
    year = year or day.year
    async with pool.acquire() as conn:
        rows = await queries.year_rows(conn, first=date(year, 1, 1), last=date(year, 12, 31))
    targets = {"municipal": config.target_municipal, "private": config.target_private}
    return jsonable(year_figure(rows, year=year, targets=targets, today=day))
