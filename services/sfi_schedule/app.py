"""Composition root of the sfi_schedule service."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule import INFO
from services.sfi_schedule.admin.common import CONFIG
from services.sfi_schedule.admin.routes import ENDPOINTS as ADMIN
from services.sfi_schedule.config import from_settings
from services.sfi_schedule.courses.routes import ENDPOINTS as COURSES
from services.sfi_schedule.groups.routes import ENDPOINTS as DRAFT_GROUPS
from shared.app import base_app
from shared.openapi import register
from shared.settings import Settings


def create_app(settings: Settings) -> web.Application:
    """Build the sfi_schedule app: shared skeleton plus its endpoints and jobs."""
    app = base_app(settings, INFO)
    app[CONFIG] = from_settings(settings)
    register(app, COURSES)
    register(app, ADMIN)
    register(app, DRAFT_GROUPS)
    return app
