"""Composition root of the sfi_schedule service."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule import INFO
from services.sfi_schedule.admin.common import CONFIG
from services.sfi_schedule.admin.routes import ENDPOINTS as ADMIN
from services.sfi_schedule.catalog.cache import install_cache
from services.sfi_schedule.catalog.routes import ENDPOINTS as CATALOG
from services.sfi_schedule.config import from_settings
from services.sfi_schedule.courses.routes import ENDPOINTS as COURSES
from services.sfi_schedule.enrolment.wiring import register_enrolment
from services.sfi_schedule.export.config import SS12000_CONFIG, Ss12000Config
from services.sfi_schedule.export.routes import ENDPOINTS as SS12000
from services.sfi_schedule.feeds.routes import ENDPOINTS as FEEDS
from services.sfi_schedule.feeds.service import feeds_ctx
from services.sfi_schedule.followup import jobs as followup_jobs
from services.sfi_schedule.followup.config import FOLLOWUP_CONFIG, FollowupConfig
from services.sfi_schedule.followup.routes import ENDPOINTS as FOLLOWUP
from services.sfi_schedule.groups.routes import ENDPOINTS as DRAFT_GROUPS
from services.sfi_schedule.imports.routes import ENDPOINTS as IMPORTS
from services.sfi_schedule.publications import jobs as publication_jobs
from services.sfi_schedule.publications.routes import ENDPOINTS as PUBLICATIONS
from services.sfi_schedule.webhooks import delivery
from services.sfi_schedule.webhooks.routes import ENDPOINTS as WEBHOOKS
from shared.app import base_app
from shared.openapi import register
from shared.scheduler import add_job
from shared.settings import Settings


def create_app(settings: Settings) -> web.Application:
    """Build the sfi_schedule app: shared skeleton plus its endpoints and jobs."""
    app = base_app(settings, INFO)
    app.cleanup_ctx.append(feeds_ctx)  # built feeds by ETag, and the thread that builds them
    config = from_settings(settings)
    app[CONFIG] = config
    app[SS12000_CONFIG] = Ss12000Config.from_env(settings.extra)  # the municipality as SS 12000 huvudman
    for endpoints in (COURSES, CATALOG, FEEDS, SS12000, PUBLICATIONS, ADMIN, DRAFT_GROUPS, IMPORTS, WEBHOOKS):
        register(app, endpoints)
    app.cleanup_ctx.insert(0, delivery.session_ctx)
    install_cache(app, dsn=settings.database_url, enabled=config.catalog_cache)  # the public group list
    add_job(app, publication_jobs.job(config.publish_job_seconds))
    add_job(app, delivery.job(config.webhook_job_seconds))
    register_enrolment(app, settings)  # learners, matching, enrolment, wait-lists (issue 5)
    app[FOLLOWUP_CONFIG] = FollowupConfig.from_env(settings.extra)  # outcome records and figures (issue 23)
    register(app, FOLLOWUP)
    add_job(app, followup_jobs.job(app[FOLLOWUP_CONFIG]))
    return app
