"""Composition root of the sfi_schedule service."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule import INFO
from services.sfi_schedule.courses.routes import ENDPOINTS as COURSES
from shared.app import base_app
from shared.openapi import register
from shared.settings import Settings


def create_app(settings: Settings) -> web.Application:
    """Build the sfi_schedule app: shared skeleton plus its endpoints."""
    app = base_app(settings, INFO)
    register(app, COURSES)
    return app
