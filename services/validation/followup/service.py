"""Computing the validation figures from one snapshot, and logging the disclosure in the same work."""

from __future__ import annotations

from typing import Any

import asyncpg

from services.validation.followup import queries
from services.validation.followup.cells import figures as present
from shared.db import transaction
from shared.disclosure import MIN_PERSONS
from shared.followup import Window, log_disclosure
from shared.identity import Identity


async def figures(pool: asyncpg.Pool, *, identity: Identity, window: Window) -> dict[str, Any]:
    """Lead time and outcome of validation decisions over ``window`` (values about fewer than 5 suppressed)."""
    async with transaction(pool, isolation="repeatable_read") as conn:
        rows = await queries.decisions(conn, start=window.start, end=window.end, period=window.period,
                                       as_of=window.as_of)  # fmt: skip
        roles = await queries.roles(conn)
        await log_disclosure(conn, schema="validation", identity=identity, window=window)
    return {"window": window.query(), "minPersons": MIN_PERSONS, "validation": present(window, rows, roles)}
