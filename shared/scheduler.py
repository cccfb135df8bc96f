"""APScheduler wiring: one AsyncIOScheduler per process, started and stopped in a cleanup context.

Jobs hold no state of their own: durable work lives in tables and is claimed with
``FOR UPDATE SKIP LOCKED``, so every replica runs the same jobs and each piece of work happens once.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from prometheus_client import Counter

from shared.metrics import METRICS

log = logging.getLogger("lotsen.jobs")


@dataclass(frozen=True, slots=True)
class Job:
    """A periodic job: ``run(app)`` every ``seconds``."""

    id: str
    run: Callable[[web.Application], Awaitable[object]]
    seconds: float


JOBS = web.AppKey("jobs", list[Job])
SCHEDULER = web.AppKey("scheduler", AsyncIOScheduler)
JOB_RUNS = "lotsen_job_runs"  # counter {job, outcome}: lets operators, and tests, see that a tick happened


def add_job(app: web.Application, job: Job) -> None:
    """Register a job before the app starts."""
    app[JOBS].append(job)


async def _guarded(job: Job, app: web.Application, runs: Counter) -> None:
    outcome = "failed"
    try:
        await job.run(app)
        outcome = "ok"
    except Exception:
        # A failing job must not kill the scheduler; it runs again at the next tick.
        log.exception("job failed", extra={"fields": {"job": job.id}})
    finally:
        runs.labels(job.id, outcome).inc()


def scheduler_ctx(enabled: bool):
    """A cleanup context that starts the scheduler with the app's jobs and stops it on shutdown.

    Every finished run is counted in ``lotsen_job_runs_total{job, outcome}`` on the app's ``/metrics``.
    """

    async def ctx(app: web.Application) -> AsyncIterator[None]:
        scheduler = AsyncIOScheduler(timezone="Europe/Stockholm")
        registry = app[METRICS].registry
        runs = Counter(JOB_RUNS, "Finished runs of each periodic job", ["job", "outcome"], registry=registry)
        for job in app[JOBS]:
            scheduler.add_job(
                _guarded,
                "interval",
                seconds=job.seconds,
                args=(job, app, runs),
                id=job.id,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=max(1, int(job.seconds)),
            )
        app[SCHEDULER] = scheduler
        if enabled:
            scheduler.start()
        try:
            yield
        finally:
            if scheduler.running:
                scheduler.shutdown(wait=False)

    return ctx
