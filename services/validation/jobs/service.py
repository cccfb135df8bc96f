"""The jobs themselves: each runs in one transaction and claims its rows, so replicas never double up."""

from __future__ import annotations

import logging
from uuid import UUID

import asyncpg
from aiohttp import web

from services.validation.audit import queries as audit
from services.validation.clock import CLOCK, SYSTEM_CLOCK, Clock
from services.validation.config import CONFIG, ValidationConfig
from services.validation.documents import queries as documents
from services.validation.jobs import queries
from services.validation.outbox import queries as outbox
from services.validation.outbox.domain import reminder_notice
from shared.db import DB_POOL, transaction
from shared.outbox.queries import enqueue_notice
from shared.scheduler import Job, add_job

log = logging.getLogger("lotsen.validation.jobs")
PURGE_BATCH = 200
SYSTEM = "system:retention"


async def send_supplement_reminders(
    pool: asyncpg.Pool, *, config: ValidationConfig, clock: Clock = SYSTEM_CLOCK
) -> list[UUID]:
    """Queue a reminder (e-mail or SMS) for each supplement request open longer than the configured days."""
    async with transaction(pool) as conn:
        cases = await queries.supplement_requests_open(conn, days=config.supplement_reminder_days, now=clock.now())
        return [case["id"] for case in cases if await enqueue_notice(conn, reminder_notice(case))]


async def flag_waiting_cases(
    pool: asyncpg.Pool, *, config: ValidationConfig, clock: Clock = SYSTEM_CLOCK
) -> list[UUID]:
    """Flag cases waiting longer than the configured days."""
    async with transaction(pool) as conn:
        return await queries.flag_waiting(conn, days=config.waiting_flag_days, now=clock.now())


async def purge_expired(pool: asyncpg.Pool, *, config: ValidationConfig, clock: Clock = SYSTEM_CLOCK) -> list[UUID]:
    """Anonymise withdrawn and rejected cases past retention and delete their documents, each exactly once."""
    async with transaction(pool) as conn:
        claimed = await queries.claim_expired(conn, months=config.retention_months, limit=PURGE_BATCH, now=clock.now())
        for application_id in claimed:
            removed = await documents.delete_for_application(conn, application_id=application_id)
            # Messages of a purged case: pending ones have nobody to reach, delivered ones are no longer needed.
            await outbox.delete_for_application(conn, application_id=application_id)
            await queries.anonymise(conn, application_id=application_id)
            await audit.record(
                conn, action="application.purged", actor=SYSTEM, actor_role="system", application_id=application_id,
                detail={"documentsDeleted": removed, "retentionMonths": config.retention_months},
            )  # fmt: skip
    return claimed


def _job(name: str, work):
    async def run(app: web.Application) -> None:
        done = await work(app[DB_POOL], config=app[CONFIG], clock=app[CLOCK])
        if done:
            log.info("%s: %d cases", name, len(done))

    return run


def register_jobs(app: web.Application) -> None:
    """Add the three jobs to the app's scheduler."""
    every = app[CONFIG].job_interval_seconds
    add_job(app, Job("validation.supplement_reminders", _job("reminders", send_supplement_reminders), every))
    add_job(app, Job("validation.flag_waiting", _job("flagged", flag_waiting_cases), every))
    add_job(app, Job("validation.retention_purge", _job("purged", purge_expired), every))
