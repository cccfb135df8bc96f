"""The retention job of outcome records: records older than the municipality keeps them are deleted."""

from __future__ import annotations

import logging

from aiohttp import web

from services.sfi_schedule.config import CONFIG, SfiConfig
from services.sfi_schedule.followup import service
from shared.clock import CLOCK
from shared.db import DB_POOL
from shared.scheduler import Job

log = logging.getLogger("lotsen.sfi.followup")


async def run_purge(app: web.Application) -> None:
    """Delete what is past retention (a plain DELETE: replicas running it at once simply find less to do)."""
    months = app[CONFIG].outcome_retention_months
    records, persons = await service.purge(app[DB_POOL], today=app[CLOCK].today(), months=months)
    if records or persons:
        log.info("outcome retention", extra={"fields": {"records": records, "persons": persons}})


def job(config: SfiConfig) -> Job:
    """The purge job with its interval."""
    return Job("sfi.followup.retention", run_purge, config.outcome_purge_job_seconds)
