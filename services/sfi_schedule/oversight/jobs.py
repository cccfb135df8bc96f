"""The deadline job: flag learners near their legal start-by date (each once; rows claimed SKIP LOCKED)."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.config import CONFIG, SfiConfig
from services.sfi_schedule.oversight import service
from shared.clock import CLOCK
from shared.db import DB_POOL
from shared.scheduler import Job


async def run_deadlines(app: web.Application) -> int:
    """Flag learners within the configured days of their start-by date; return how many were flagged."""
    return await service.flag_at_risk(app[DB_POOL], config=app[CONFIG], today=app[CLOCK].today())


def job(config: SfiConfig) -> Job:
    """The deadline job with its interval."""
    return Job("sfi.enrolment.deadlines", run_deadlines, config.deadline_job_seconds)
