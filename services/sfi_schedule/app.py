"""Composition root of the sfi_schedule service: the one place that wires its packages into an app.

The packages depend one way (drawn in docs/architecture.md, checked by tests/unit/test_dependencies.py);
none of them imports another's routes or jobs, so their endpoints and jobs are gathered here.
"""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule import INFO
from services.sfi_schedule.admin.routes import ENDPOINTS as ADMIN
from services.sfi_schedule.applications import jobs as application_jobs
from services.sfi_schedule.applications.routes import ENDPOINTS as APPLICATIONS
from services.sfi_schedule.catalog.cache import install_cache
from services.sfi_schedule.catalog.routes import ENDPOINTS as CATALOG
from services.sfi_schedule.config import CONFIG, from_settings
from services.sfi_schedule.courses.routes import ENDPOINTS as COURSES
from services.sfi_schedule.enrolment import jobs as enrolment_jobs
from services.sfi_schedule.enrolment.routes import ENDPOINTS as ENROLMENT
from services.sfi_schedule.export.config import SS12000_CONFIG, Ss12000Config
from services.sfi_schedule.export.routes import ENDPOINTS as SS12000
from services.sfi_schedule.feeds.routes import ENDPOINTS as FEEDS
from services.sfi_schedule.feeds.service import feeds_ctx
from services.sfi_schedule.followup import jobs as followup_jobs
from services.sfi_schedule.followup.routes import ENDPOINTS as FOLLOWUP
from services.sfi_schedule.groups.routes import ENDPOINTS as DRAFT_GROUPS
from services.sfi_schedule.imports.routes import ENDPOINTS as IMPORTS
from services.sfi_schedule.learners.routes import ENDPOINTS as LEARNERS
from services.sfi_schedule.matching.routes import ENDPOINTS as MATCHING
from services.sfi_schedule.national_tests.routes import ENDPOINTS as NATIONAL_TESTS
from services.sfi_schedule.notifications import jobs as notification_jobs
from services.sfi_schedule.oversight import jobs as oversight_jobs
from services.sfi_schedule.oversight.routes import ENDPOINTS as OVERSIGHT
from services.sfi_schedule.placements.config import PLACEMENT_CONFIG, PlacementConfig
from services.sfi_schedule.placements.routes import ENDPOINTS as PLACEMENTS
from services.sfi_schedule.publications import jobs as publication_jobs
from services.sfi_schedule.publications.routes import ENDPOINTS as PUBLICATIONS
from services.sfi_schedule.webhooks.delivery import register_webhooks
from services.sfi_schedule.webhooks.routes import ENDPOINTS as WEBHOOKS
from shared.app import base_app
from shared.clock import CLOCK, SYSTEM_CLOCK
from shared.openapi import register
from shared.outbox.settings import outbox_settings
from shared.scheduler import add_job
from shared.settings import Settings

ENDPOINT_LISTS = (COURSES, CATALOG, FEEDS, SS12000, PUBLICATIONS, ADMIN, DRAFT_GROUPS, IMPORTS, WEBHOOKS,
                  LEARNERS, ENROLMENT, MATCHING, OVERSIGHT, PLACEMENTS, NATIONAL_TESTS, FOLLOWUP,
                  APPLICATIONS)  # fmt: skip


def create_app(settings: Settings) -> web.Application:
    """Build the sfi_schedule app: shared skeleton plus its endpoints and jobs."""
    app = base_app(settings, INFO)
    app.cleanup_ctx.append(feeds_ctx)  # built feeds by ETag, and the thread that builds them
    config = from_settings(settings)  # parsed once; every package reads it from app[CONFIG]
    app[CONFIG] = config
    app[CLOCK] = SYSTEM_CLOCK  # every "today" and "now" of the service; tests set their own before start-up
    app[SS12000_CONFIG] = Ss12000Config.from_env(settings.extra)  # the municipality as SS 12000 huvudman
    for endpoints in ENDPOINT_LISTS:
        register(app, endpoints)
    install_cache(app, dsn=settings.database_url, enabled=config.catalog_cache)  # the public group list
    add_job(app, publication_jobs.job(config.publish_job_seconds))
    # The shared outbox: webhooks, and e-mail/SMS to learners (seat offers, reminders) and administrators.
    register_webhooks(
        app, outbox_settings(settings), admin_emails=config.admin_emails, admin_language=config.admin_language
    )
    add_job(app, notification_jobs.job(config))  # reminders before a seat offer runs out
    add_job(app, enrolment_jobs.job(config))  # offers: expire, pass on, fill free seats
    add_job(app, oversight_jobs.job(config))  # learners near the start-by deadline
    app[PLACEMENT_CONFIG] = PlacementConfig.from_env(
        settings.extra, registerkontroll_months=config.registerkontroll_months
    )
    add_job(app, followup_jobs.job(config))  # outcome records past their retention
    add_job(app, application_jobs.job(config))  # SFI applications without e-ID past their retention
    return app
