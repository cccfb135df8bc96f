"""Composition root of the validation service."""

from __future__ import annotations

from aiohttp import web

from services.validation import INFO
from services.validation.applications.mine import ENDPOINTS as MINE
from services.validation.applications.routes import ENDPOINTS as APPLICATIONS
from services.validation.cases.routes import ENDPOINTS as CASES
from services.validation.catalogue.routes import ENDPOINTS as CATALOGUE
from services.validation.clock import CLOCK, Clock
from services.validation.config import CONFIG, from_settings
from services.validation.decisions.routes import ENDPOINTS as DECISIONS
from services.validation.documents.routes import ENDPOINTS as DOCUMENTS
from services.validation.followup.routes import ENDPOINTS as FOLLOWUP
from services.validation.jobs.service import register_jobs
from services.validation.outbox.delivery import register_delivery
from services.validation.shortage.routes import ENDPOINTS as SHORTAGE
from services.validation.skills.retention import register_retention
from services.validation.skills.routes import ENDPOINTS as SKILLS
from shared.app import base_app
from shared.openapi import register
from shared.outbox.settings import outbox_settings
from shared.settings import Settings


def create_app(settings: Settings) -> web.Application:
    """Build the validation app: shared skeleton, catalogue, applications, documents, decisions, audit,
    skills mappings and shortage occupations, outbox.

    ``app[CLOCK]`` is the one clock every "today" comes from; a test replaces it before the app starts.
    """
    app = base_app(settings, INFO)
    app[CONFIG] = from_settings(settings)
    app[CLOCK] = Clock()
    register(app, CATALOGUE)
    register(app, APPLICATIONS)
    register(app, MINE)
    register(app, DOCUMENTS)
    register(app, DECISIONS)
    register(app, CASES)
    register(app, SHORTAGE)
    register(app, SKILLS)
    register(app, FOLLOWUP)  # the target figures (issue 23)
    register_jobs(app)
    register_retention(app)
    register_delivery(app, outbox_settings(settings))
    return app
