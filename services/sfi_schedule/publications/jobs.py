"""The job that carries out due publications (every replica runs it; SKIP LOCKED makes each happen once)."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.publications.service import publish_due
from shared.db import DB_POOL
from shared.scheduler import Job


async def run(app: web.Application) -> int:
    """Publish whatever fell due, including anything missed while every replica was down."""
    return await publish_due(app[DB_POOL], app[CONFIG])


def job(seconds: int) -> Job:
    """The periodic publication job."""
    return Job("sfi.publish-due", run, seconds)
