"""Fixtures for the validation service against a real PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest

from services.validation.app import create_app
from services.validation.clock import CLOCK, Clock
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


class SetClock:
    """A clock a test moves by hand: ``clock.moment = ...`` (aware datetimes, any zone)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clocked_client(make_client, settings):
    """Factory: a validation app whose one clock reads ``moment`` (returns the client and the settable clock)."""

    async def factory(moment: datetime):
        clock = SetClock(moment)
        app = create_app(settings)
        app[CLOCK] = Clock(clock)
        return await make_client(app), clock

    return factory
