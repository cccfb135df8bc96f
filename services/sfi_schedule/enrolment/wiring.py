"""Hooking learners, matching, enrolment and the administrators' view into the sfi_schedule app."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.enrolment import jobs
from services.sfi_schedule.enrolment.config import ENROLMENT_CONFIG, enrolment_config
from services.sfi_schedule.enrolment.routes import ENDPOINTS as ENROLMENT
from services.sfi_schedule.learners.routes import ENDPOINTS as LEARNERS
from services.sfi_schedule.matching.routes import ENDPOINTS as MATCHING
from services.sfi_schedule.oversight.routes import ENDPOINTS as OVERSIGHT
from shared.openapi import register
from shared.scheduler import add_job
from shared.settings import Settings


def register_enrolment(app: web.Application, settings: Settings) -> None:
    """Add the enrolment config, endpoints and jobs to the app."""
    config = enrolment_config(settings)
    app[ENROLMENT_CONFIG] = config
    for endpoints in (LEARNERS, ENROLMENT, MATCHING, OVERSIGHT):
        register(app, endpoints)
    for job in jobs.jobs(config):
        add_job(app, job)
