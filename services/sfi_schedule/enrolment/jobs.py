"""The enrolment job: expire offers and pass their seats on, then offer seats that are free while someone waits."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.config import CONFIG, SfiConfig
from services.sfi_schedule.enrolment.offers import expire_offers, sweep_free_seats
from shared.db import DB_POOL
from shared.scheduler import Job


async def run_offers(app: web.Application) -> None:
    """Expire overdue offers (exactly once across replicas), then offer seats free while someone waits."""
    await expire_offers(app[DB_POOL], config=app[CONFIG])
    await sweep_free_seats(app[DB_POOL], config=app[CONFIG])


def job(config: SfiConfig) -> Job:
    """The offer job with its interval."""
    return Job("sfi.enrolment.offers", run_offers, config.offer_job_seconds)
