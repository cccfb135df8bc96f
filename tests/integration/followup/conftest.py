"""The follow-up stack: real sfi and validation services and the gateway on one database with the demo data."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time

import asyncpg
import jwt
import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.gateway.app import create_app as create_gateway
from services.gateway.web.config import LANG_COOKIE, SESSION_COOKIE
from services.gateway.web.session import WEB_AUDIENCE
from services.sfi_schedule.app import create_app as create_sfi
from services.sfi_schedule.demo import seed_demo as seed_schedule
from services.sfi_schedule.followup.demo import seed_demo as seed_sfi_followup
from services.validation.app import create_app as create_validation
from services.validation.followup.demo import seed_demo as seed_validation_followup
from shared.clock import CLOCK, STOCKHOLM, Clock
from shared.db import init_connection
from shared.followup import stockholm_today
from shared.settings import load_settings
from tests.helpers import JWT_SECRET, Fresh
from tests.integration.gateway.conftest import bearer

AUDITOR = Fresh(lambda: bearer("auditor-1", "auditor"))  # minted on each use: it outlives no test run


@dataclass
class Stack:
    """The gateway client, the day the demo was seeded for, and a connection to read the tables directly."""

    gateway: TestClient
    today: date
    db: asyncpg.Connection


@pytest.fixture
def today() -> date:
    """The demo's "today": yesterday in Sweden, so it is never after the services' own today."""
    return stockholm_today() - timedelta(days=1)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A plain connection on the test database (json decoded like the services' pools)."""
    conn = await asyncpg.connect(db_url)
    await init_connection(conn)
    yield conn
    await conn.close()


async def seed(db: asyncpg.Connection, today: date) -> None:
    """The published demo schedule, then the follow-up demo of both services for ``today``."""
    await db.execute("SET search_path = sfi, public")
    await seed_schedule(db)
    await seed_sfi_followup(db, today=today)
    await seed_validation_followup(db, today=today)


@pytest.fixture
async def stack(make_client, settings_env, db_url, db, today) -> AsyncIterator[Stack]:
    """The three processes' apps on real sockets with the demo seeded; the gateway's clock says ``today``."""
    await seed(db, today)
    settings = load_settings({**settings_env, "DATABASE_URL": db_url})
    servers = [TestServer(create_validation(settings)), TestServer(create_sfi(settings))]
    for server in servers:
        await server.start_server()
    urls = [str(s.make_url("")).rstrip("/") for s in servers]
    env = {**settings_env, "DATABASE_URL": db_url, "LOTSEN_VALIDATION_URL": urls[0], "LOTSEN_SFI_URL": urls[1],
           "LOTSEN_RATE_PERSON": "1000", "LOTSEN_RATE_ANONYMOUS": "1000"}  # fmt: skip
    app = create_gateway(load_settings(env))
    app[CLOCK] = Clock(lambda: datetime.combine(today, clock_time(12), STOCKHOLM))
    yield Stack(await make_client(app), today, db)
    for server in servers:
        await server.close()


def page_cookies(role: str = "auditor", sub: str = "auditor-1", lang: str = "en") -> dict[str, str]:
    """The cookies of a browser signed in to the pages as ``role`` (the session JWT the gateway itself mints)."""
    key = hmac.new(JWT_SECRET.encode(), b"web-session", hashlib.sha256).digest()
    now = int(time.time())
    claims = {"sub": sub, "roles": [role], "name": "Test", "via": "demo", "iss": "lotsen-dev", "aud": WEB_AUDIENCE,
              "iat": now, "nbf": now, "exp": now + 600, "auth_time": now}  # fmt: skip
    return {SESSION_COOKIE: jwt.encode(claims, key, algorithm="HS256"), LANG_COOKIE: lang}
