"""Composition root of the validation service."""

from __future__ import annotations

from aiohttp import web

from services.validation import INFO
from services.validation.catalogue.routes import ENDPOINTS as CATALOGUE
from shared.app import base_app
from shared.openapi import register
from shared.settings import Settings


def create_app(settings: Settings) -> web.Application:
    """Build the validation app: shared skeleton plus the role catalogue."""
    app = base_app(settings, INFO)
    register(app, CATALOGUE)
    return app
