"""What ``lotsen import-schedule FILE.csv`` calls: open the database, import, report progress."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from services.sfi_schedule import INFO
from services.sfi_schedule.imports.csv_import import Report, import_schedule_csv
from shared.db import create_pool


async def import_file(dsn: str, path: Path, *, force: bool, progress: Callable[[int, int], None]) -> Report:
    """Import draft groups from ``path``; ``force`` keeps the good rows of a file that has refused rows."""
    text = await asyncio.to_thread(path.read_text, encoding="utf-8-sig")
    pool = await create_pool(dsn, schema=INFO.schema, app_name="lotsen-import-schedule", min_size=1, max_size=1)
    try:
        return await import_schedule_csv(pool, text, commit_on_errors=force, progress=progress)
    finally:
        await pool.close()
