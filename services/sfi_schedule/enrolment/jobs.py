"""Enrolment jobs: expire offers and pass seats on, offer free seats to waiters, flag learners near the deadline."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.enrolment.config import ENROLMENT_CONFIG, EnrolmentConfig
from services.sfi_schedule.enrolment.offers import expire_offers, sweep_free_seats
from services.sfi_schedule.oversight.queries import flag_at_risk
from shared.db import DB_POOL, transaction
from shared.scheduler import Job


async def run_offers(app: web.Application) -> None:
    """Expire overdue offers (exactly once across replicas), then offer seats free while someone waits."""
    await expire_offers(app[DB_POOL], config=app[ENROLMENT_CONFIG])
    await sweep_free_seats(app[DB_POOL], config=app[ENROLMENT_CONFIG])


async def run_deadlines(app: web.Application) -> None:
    """Flag learners within the configured days of their start-by date (each once; rows claimed SKIP LOCKED)."""
    config = app[ENROLMENT_CONFIG]
    async with transaction(app[DB_POOL]) as conn:
        await flag_at_risk(
            conn, months=config.start_deadline_months, establishment_months=config.establishment_deadline_months,
            days=config.at_risk_days,
        )  # fmt: skip


def jobs(config: EnrolmentConfig) -> list[Job]:
    """The enrolment jobs with their intervals."""
    return [
        Job("sfi.enrolment.offers", run_offers, config.offer_job_seconds),
        Job("sfi.enrolment.deadlines", run_deadlines, config.deadline_job_seconds),
    ]
