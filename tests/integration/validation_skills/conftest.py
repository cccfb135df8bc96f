"""Fixtures for skills mappings: the validation app on the real database, its clock on a fixed day."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.validation.app import create_app
from services.validation.clock import CLOCK, Clock
from tests.integration.validation_skills.support import TODAY

NOON = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture
async def client(make_client, settings):
    """A validation app whose "today" is :data:`TODAY`, on this test's database."""
    app = create_app(settings)
    app[CLOCK] = Clock(lambda: NOON)
    return await make_client(app)


# The real gateway and its settings, for the tests through it.
from tests.integration.gateway.conftest import clock as clock  # noqa: E402
from tests.integration.gateway.conftest import gateway as gateway  # noqa: E402
from tests.integration.gateway.conftest import gateway_env as gateway_env  # noqa: E402
