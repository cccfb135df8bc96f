"""The reminder job: a message before an open seat offer runs out (every replica runs it; each offer gets one)."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.config import CONFIG, SfiConfig
from services.sfi_schedule.notifications.service import remind_expiring_offers
from shared.clock import CLOCK
from shared.db import DB_POOL
from shared.scheduler import Job


async def run_reminders(app: web.Application) -> int:
    """Queue reminders of offers that run out within ``LOTSEN_SFI_OFFER_REMINDER_HOURS`` of now."""
    config = app[CONFIG]
    return await remind_expiring_offers(app[DB_POOL], now=app[CLOCK].now(), lead_hours=config.offer_reminder_hours)


def job(config: SfiConfig) -> Job:
    """The reminder job, on the offer job's interval."""
    return Job("sfi.notifications.offer-reminders", run_reminders, config.offer_job_seconds)
