"""The retention job of outcome records: records older than the municipality keeps them are deleted."""

from __future__ import annotations

import logging

from aiohttp import web

from services.sfi_schedule.followup import service
from services.sfi_schedule.followup.config import FOLLOWUP_CONFIG, FollowupConfig
from shared.db import DB_POOL
from shared.followup import stockholm_today
from shared.scheduler import Job

log = logging.getLogger("lotsen.sfi.followup")


async def run_purge(app: web.Application) -> None:
    """Delete what is past retention (a plain DELETE: replicas running it at once simply find less to do)."""
    config = app[FOLLOWUP_CONFIG]
    records, persons = await service.purge(app[DB_POOL], today=stockholm_today(), months=config.retention_months)
    if records or persons:
        log.info("outcome retention", extra={"fields": {"records": records, "persons": persons}})


def job(config: FollowupConfig) -> Job:
    """The purge job with its interval."""
    return Job("sfi.followup.retention", run_purge, config.purge_job_seconds)
