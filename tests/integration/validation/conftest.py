"""Fixtures for the validation service against a real PostgreSQL."""

from __future__ import annotations

import pytest

from services.validation.app import create_app
from shared.settings import load_settings


@pytest.fixture
async def client(make_client, settings):
    """A validation app on a real socket, on this test's database."""
    return await make_client(create_app(settings))


@pytest.fixture
def small_limits_client(make_client, settings_env, db_url):
    """Factory for an app with custom LOTSEN_VALIDATION_* settings."""

    async def factory(**env: str):
        settings = load_settings({**settings_env, "DATABASE_URL": db_url, **env})
        return await make_client(create_app(settings))

    return factory
