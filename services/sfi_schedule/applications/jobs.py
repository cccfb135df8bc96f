"""The retention job of SFI applications without e-ID (DOMAIN.md: decided applications purged after 12 months)."""

from __future__ import annotations

import logging

from aiohttp import web

from services.sfi_schedule.applications import service
from services.sfi_schedule.config import CONFIG, SfiConfig
from shared.clock import CLOCK
from shared.db import DB_POOL
from shared.scheduler import Job

log = logging.getLogger("lotsen.sfi.applications")


async def run_purge(app: web.Application) -> None:
    """Delete applications past retention (a plain DELETE: replicas running it at once find less to do)."""
    months = app[CONFIG].application_retention_months
    purged = await service.purge(app[DB_POOL], today=app[CLOCK].today(), months=months)
    if purged:
        log.info("sfi application retention", extra={"fields": {"applications": purged}})


def job(config: SfiConfig) -> Job:
    """The purge job, at the interval of the other retention job."""
    return Job("sfi.applications.retention", run_purge, config.outcome_purge_job_seconds)
