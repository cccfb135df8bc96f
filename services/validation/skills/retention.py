"""Retention of skills mappings: a mapping nobody has changed for the configured months is deleted, once."""

from __future__ import annotations

import logging
from uuid import UUID

import asyncpg
from aiohttp import web

from services.validation.clock import CLOCK, SYSTEM_CLOCK, Clock
from services.validation.config import CONFIG, ValidationConfig
from services.validation.skills import queries
from shared.db import DB_POOL, transaction
from shared.scheduler import Job, add_job

log = logging.getLogger("lotsen.validation.skills")
PURGE_BATCH = 200


async def purge_stale_mappings(
    pool: asyncpg.Pool, *, config: ValidationConfig, clock: Clock = SYSTEM_CLOCK
) -> list[UUID]:
    """Delete the mappings past retention (a batch per run; replicas skip each other's rows)."""
    async with transaction(pool) as conn:
        doomed = await queries.claim_stale(
            conn, months=config.mapping_retention_months, now=clock.now(), limit=PURGE_BATCH
        )
        if doomed:
            await queries.delete_mappings(conn, mapping_ids=doomed)
    return doomed


async def _run(app: web.Application) -> None:
    done = await purge_stale_mappings(app[DB_POOL], config=app[CONFIG], clock=app[CLOCK])
    if done:
        log.info("skills mappings purged: %d", len(done))


def register_retention(app: web.Application) -> None:
    """Add the purge to the app's scheduler."""
    add_job(app, Job("validation.mapping_purge", _run, app[CONFIG].job_interval_seconds))
